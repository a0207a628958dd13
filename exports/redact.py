"""What each audience may see, decided on the data before anything is rendered.

`release` returns a new `Caseload` holding only the one pupil and what their note draws on,
with whatever the audience must not see taken out, and the list of every free-text item the
copy could carry, carried or held back, with the reason (`exports.release`). The note is
rendered from that copy, so nothing held back can reach a provider's or a parent's note by
a rendering slip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

from alp_tui.caseload import Caseload
from alp_tui.lexicon import HarmMatch, first_harm, reads_like_harm
from alp_tui.models import (
    Action,
    Carer,
    Concern,
    Contact,
    Placement,
    Provider,
    Pupil,
    Target,
    Transition,
)
from alp_tui.sharing import share_of
from exports import content
from exports.content import Period
from exports.errors import ExportError, SeveralProvidersError
from exports.release import (
    HELD_WITH_SUMMARY,
    NAMES_ANOTHER_PROVIDER,
    Decision,
    ItemKey,
    ReleaseItem,
    ShareState,
    concern_decision,
    share_decision,
)

Audience = Literal["school", "provider", "parent"]
AUDIENCES: tuple[Audience, ...] = ("school", "provider", "parent")


def mentions_safeguarding(*texts: str | None) -> bool:
    """Whether any of the texts reads like a safeguarding matter (`alp_tui.lexicon`)."""
    return first_harm(texts) is not None


def check_audience(audience: str) -> Audience:
    if audience not in AUDIENCES:
        raise ExportError(
            f"{audience!r} is not an audience for the note: choose school, provider or parent"
        )
    return cast(Audience, audience)


@dataclass(frozen=True)
class Redacted:
    """An audience's copy of the data, and every free-text item it could carry."""

    caseload: Caseload
    items: list[ReleaseItem] = field(default_factory=list)

    @property
    def held(self) -> list[ReleaseItem]:
        return [item for item in self.items if not item.carried]


def redact(
    caseload: Caseload, pupil_id: str, audience: str, *, provider_id: str | None = None
) -> Caseload:
    """A copy of what the note for `pupil_id` will show to `audience` (see `release`)."""
    return release(caseload, pupil_id, audience, provider_id=provider_id).caseload


def release(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    *,
    provider_id: str | None = None,
    periods: Mapping[str, Period] | None = None,
    choices: Mapping[ItemKey, ShareState | None] | None = None,
    shared_concerns: Mapping[str, Collection[str]] | None = None,
) -> Redacted:
    """What the note for `pupil_id` will show to `audience`, and what it holds back.

    - school: everything about the pupil (and no items: its copy carries all of them).
    - provider: only the placements at one provider (`provider_id`, needed when the pupil
      is placed with several) and nothing about any other provider; no concern unless
      shared with the provider on purpose, never a safeguarding or confidential one; no
      child-protection flag, no carers, no referrals to the DSL, none of the school's own
      notes (on the pupil, the placement, the provider, reviews, follow-ups, target
      baselines, who raised a concern). Free text goes by its sharing state
      (`share_decision`); the learning plan, the focus and where the pupil goes next are
      the plan agreed with everyone and always go.
    - parent: as provider but for every placement (or `provider_id`'s), keeping the
      carers' names (never their phone numbers or email addresses) so the note can say
      whom it is written for.
    `periods` (by placement id) limits the list of items to those the note prints;
    without it every item is listed. Each item goes by the sharing state saved on it
    (`share`, `shares`; none: automatic) and each concern by the audiences saved in its
    `share_with`; `choices` (by `ReleaseItem.key`, None meaning automatic) and
    `shared_concerns` (audiences by concern id) are choices the lead has made but not saved
    yet, and win over the saved ones (the release preview shows them before saving). Other
    pupils and the audit trail never come along.
    """
    audience = check_audience(audience)
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        raise ExportError(f"there is no pupil with the id {pupil_id!r}")

    every = caseload.placements_of(pupil_id)
    if provider_id is None and audience == "provider":
        provider_id = _only_provider(caseload, pupil, every)
    placements = every
    if provider_id is not None:
        placements = [p for p in every if p.provider_id == provider_id]
        if not placements:
            raise ExportError(_no_placement_at(caseload, pupil, provider_id))
    placement_ids = {p.id for p in placements}
    others = [
        caseload.providers[p.provider_id]
        for p in every
        if p.provider_id != provider_id and p.provider_id in caseload.providers
    ]
    cut = _Cut(audience, others if audience == "provider" else [], periods, choices or {},
               shared_concerns or {})  # fmt: skip

    out = Caseload(meta=caseload.meta.model_copy(deep=True))
    out.put(cut.pupil(pupil))
    for placement in placements:
        out.put(cut.placement(placement))
        provider = caseload.provider_of(placement)
        if provider is not None and provider.id not in out.providers:
            out.put(cut.provider(provider))
        kept_targets: set[str] = set()
        for target in caseload.targets_of(placement.id):
            shown = cut.target(target)
            if shown is not None:
                out.put(shown)
                kept_targets.add(target.id)
        for contact in caseload.contacts_of(placement.id):
            out.put(cut.contact(contact, kept_targets))
        transition = caseload.transition_of(placement.id)
        if transition is not None:
            out.put(cut.transition(transition))
        for review in caseload.reviews_of(placement.id):
            # Only the dates are for the other copies: what was said, and by whom, is not.
            kept = review.model_copy(deep=True)
            if not cut.school:
                kept.summary = None
                kept.attendees = []
            out.put(kept)
    listed = _listed_concerns(caseload, pupil_id, placement_ids, periods)
    for concern in caseload.concerns_of(pupil_id):
        if concern.placement_id is not None and concern.placement_id not in placement_ids:
            continue
        concern_shown = cut.concern(concern, listed=concern.id in listed)
        if concern_shown is not None:
            out.put(concern_shown)
    return Redacted(out, cut.items)


def _listed_concerns(
    caseload: Caseload,
    pupil_id: str,
    placement_ids: set[str],
    periods: Mapping[str, Period] | None,
) -> set[str]:
    """The concerns the note would show: those of its whole period, as `note` picks them."""
    chosen = [periods[i] for i in placement_ids if periods and i in periods]
    if not chosen:
        return {c.id for c in caseload.concerns_of(pupil_id)}
    period = Period(min(p.start for p in chosen), max(p.end for p in chosen), "")
    return {c.id for c in content.concerns_for(caseload, pupil_id, placement_ids, period)}


def _only_provider(caseload: Caseload, pupil: Pupil, placements: list[Placement]) -> str | None:
    ids = {p.provider_id for p in placements}
    if len(ids) <= 1:
        return next(iter(ids), None)
    names = sorted(caseload.providers[i].name if i in caseload.providers else i for i in ids)
    raise SeveralProvidersError(pupil.display_name, tuple(names))


def _no_placement_at(caseload: Caseload, pupil: Pupil, provider_id: str) -> str:
    provider = caseload.providers.get(provider_id)
    name = provider.name if provider else provider_id
    return f"{pupil.display_name} has no placement at {name!r}"


# Words of a provider's name that say what it does rather than which one it is: "Sandford"
# in a call summary names Sandford Motor Mechanics, "motor" does not.
_GENERIC_NAME_WORDS = frozenset((
    "academy", "alternative", "animal", "animals", "arts", "beauty", "boxing", "care",
    "centre", "center", "city", "club", "coaching", "college", "community", "construction",
    "education", "farm", "foundation", "group", "hair", "learning", "limited", "mechanics",
    "mentoring", "mentors", "motor", "outdoor", "project", "provision", "riding", "school",
    "service", "services", "skills", "sport", "sports", "stables", "studio", "therapy",
    "training", "trust", "tuition", "tutoring", "workshop", "works", "youth",
))  # fmt: skip


def _identifying(provider: Provider) -> list[str]:
    """What names a provider in free text: its name and its people's, its phone and email,
    and each word of its name that tells it from others ("Sandford")."""
    found = [provider.name, provider.contact_name, provider.phone, provider.email]
    found += [
        word
        for word in re.findall(r"[^\W\d_]{4,}", provider.name)
        if word.casefold() not in _GENERIC_NAME_WORDS
    ]
    found += re.findall(r"[^\W\d_]{3,}", provider.contact_name or "")
    return [text.strip() for text in found if text and text.strip()]


@dataclass(frozen=True)
class _Where:
    """Where an item of free text is stored, and whether the note would print it."""

    kind: str
    table: str
    record_id: str
    field: str
    index: int | None
    placement_id: str | None
    day: date | None
    listed: bool


class _Cut:
    """The rules for one audience: what a record keeps, and which text it carries."""

    def __init__(
        self,
        audience: Audience,
        other_providers: list[Provider],
        periods: Mapping[str, Period] | None,
        choices: Mapping[ItemKey, ShareState | None],
        shared_concerns: Mapping[str, Collection[str]],
    ) -> None:
        self.audience = audience
        self.school = audience == "school"
        self.periods = periods
        self.choices = choices
        self.shared_concerns = shared_concerns
        self.items: list[ReleaseItem] = []
        # A provider's note names no other provider the pupil attends, nor its people.
        details = [detail for provider in other_providers for detail in _identifying(provider)]
        self._others: Callable[[str], object] | None = None
        if details:
            pattern = "|".join(re.escape(d.strip()) for d in details)
            self._others = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE).search

    # --- decisions ----------------------------------------------------------------------

    def names_other_provider(self, *texts: str | None) -> bool:
        others = self._others
        return others is not None and any(text and others(text) for text in texts)

    def in_period(self, placement_id: str, day: date) -> bool:
        if self.periods is None:
            return True
        period = self.periods.get(placement_id)
        return period is not None and period.contains(day)

    def action_listed(self, contact: Contact, action: Action) -> bool:
        """Whether the note's actions would show it (`content.action_shown`)."""
        if self.periods is None:
            return True
        period = self.periods.get(contact.placement_id)
        return period is not None and content.action_shown(contact, action, period)

    def state_of(self, where: _Where, saved: ShareState | None) -> ShareState | None:
        """The lead's choice for an item not yet saved, else the one `saved` on it (none:
        automatic)."""
        return self.choices.get((where.table, where.record_id, where.field, where.index), saved)

    def carries(
        self,
        where: _Where,
        saved: ShareState | None,
        text: str,
        *judged: str | None,
        beside: HarmMatch | None = None,
    ) -> bool:
        """Decide one item by its sharing state (the lead's choice not yet saved, else the
        one `saved` on it; none: automatic), note the decision in the list if the note would
        print the item, and say if it is carried. `beside` is what the text it stands beside
        matched: an automatic item is held with it, since on its own it may tell the story
        the other holds back."""
        state = self.state_of(where, saved)
        decision = share_decision(state, text, *judged)
        if decision.carried and state is None and beside is not None:
            decision = Decision(False, f"{HELD_WITH_SUMMARY}, which {beside.reason}", beside)
        if decision.carried and self.names_other_provider(text, *judged):
            decision = Decision(False, NAMES_ANOTHER_PROVIDER)
        self.note(where, text, decision, state)
        return decision.carried

    def note(self, where: _Where, text: str, decision: Decision, state: ShareState | None) -> None:
        if where.listed:
            self.items.append(
                ReleaseItem(
                    kind=where.kind,
                    table=where.table,
                    record_id=where.record_id,
                    field=where.field,
                    index=where.index,
                    placement_id=where.placement_id,
                    day=where.day,
                    text=text,
                    carried=decision.carried,
                    reason=decision.reason,
                    state=state,
                    match=decision.match,
                )
            )

    def plan_text(self, where: _Where, text: str | None) -> str | None:
        """Text of the plan agreed with everyone: it always goes (but never names another
        provider to a provider). One that reads like a safeguarding matter is listed as
        carried, so the lead sees it went."""
        if not text:
            return text
        if self.names_other_provider(text):
            self.note(where, text, Decision(False, NAMES_ANOTHER_PROVIDER), None)
            return None
        match = reads_like_harm(text)
        if match is not None:
            reason = (
                "part of the plan agreed with the provider and the family, so in every copy, "
                f"though it {match.reason}"
            )
            self.note(where, text, Decision(True, reason, match), None)
        return text

    # --- records ------------------------------------------------------------------------

    def pupil(self, pupil: Pupil) -> Pupil:
        copy = pupil.model_copy(deep=True)
        if self.school:
            return copy
        copy.child_protection = False
        copy.notes = None
        if self.audience == "parent":
            # Names only, and not a professional listed among the carers (a social worker).
            copy.carers = [
                Carer(name=c.name, relationship=c.relationship)
                for c in copy.carers
                if first_harm([c.name, c.relationship]) is None
            ]
        else:
            copy.carers = []
        return copy

    def provider(self, provider: Provider) -> Provider:
        copy = provider.model_copy(deep=True)
        if self.school:
            return copy
        # The school's own notes and vetting records about a provider are not for the
        # family or the provider's note.
        copy.notes = None
        copy.checks = []
        if self.audience == "parent":
            copy.phone = None
            copy.email = None
        return copy

    def placement(self, placement: Placement) -> Placement:
        copy = placement.model_copy(deep=True)
        if self.school:
            return copy
        copy.notes = None
        copy.reason = None  # why the school placed the pupil is the school's business
        where = _Where("focus", "placements", placement.id, "focus", None, placement.id, None,
                       True)  # fmt: skip
        copy.focus = self.plan_text(where, copy.focus) or ""  # the note leaves "" out
        return copy

    def target(self, target: Target) -> Target | None:
        if self.school:
            return target.model_copy(deep=True)
        if self.names_other_provider(target.description, target.success_criteria):
            return None  # with its ratings: see `contact`
        copy = target.model_copy(deep=True)
        copy.baseline = None  # where the pupil started is the school's assessment
        shown = target.status != "dropped"
        where = _Where("target", "targets", target.id, "description", None, target.placement_id,
                       None, shown)  # fmt: skip
        words = " ".join(t for t in (target.description, target.success_criteria) if t)
        self.plan_text(where, words)
        copy.outcome = None if self.names_other_provider(copy.outcome) else copy.outcome
        return copy

    def contact(self, contact: Contact, kept_targets: set[str]) -> Contact:
        copy = contact.model_copy(deep=True)
        if self.school:
            return copy
        listed = self.in_period(contact.placement_id, contact.date)

        def where(kind: str, field: str, index: int | None = None, shown: bool = listed) -> _Where:
            return _Where(kind, "contacts", contact.id, field, index, contact.placement_id,
                          contact.date, shown)  # fmt: skip

        # The pupil's words said on a call whose summary is held automatically are held with
        # it: "I just went to the shop" beside a held account of going missing tells the story.
        held_summary: HarmMatch | None = None
        if copy.summary:
            at = where("summary", "summary")
            if self.state_of(at, contact.share_of("summary")) is None:
                held_summary = first_harm([copy.summary])
            if not self.carries(at, contact.share_of("summary"), copy.summary):
                copy.summary = None
        if copy.pupil_voice and not self.carries(
            where("pupil_voice", "pupil_voice"),
            contact.share_of("pupil_voice"),
            copy.pupil_voice,
            beside=held_summary,
        ):
            copy.pupil_voice = None
        for index, entry in enumerate(copy.progress):
            note = entry.note if entry.target_id in kept_targets else None
            if note and not self.carries(where("progress", "progress", index), entry.share, note):
                entry.note = None
        copy.progress = [p for p in copy.progress if p.target_id in kept_targets]
        kept_actions = []
        for index, action in enumerate(contact.actions):
            shown = listed or self.action_listed(contact, action)
            at = where("action", "actions", index, shown)
            if self.carries(at, action.share, action.text, action.owner):
                kept_actions.append(copy.actions[index])
        copy.actions = kept_actions
        return copy

    def transition(self, transition: Transition) -> Transition:
        copy = transition.model_copy(deep=True)
        if self.school:
            return copy

        def where(kind: str, field: str) -> _Where:
            return _Where(kind, "transitions", transition.id, field, None,
                          transition.placement_id, None, True)  # fmt: skip

        copy.destination_name = self.plan_text(
            where("destination", "destination_name"), copy.destination_name
        )
        for field_name in ("welcome_plan", "pupil_views"):
            text = getattr(copy, field_name)
            saved = share_of(transition, field_name)
            if text and not self.carries(where(field_name, field_name), saved, text):
                setattr(copy, field_name, None)
        # A list is one item: its strategies (or its phases' notes) go together or not.
        if copy.strategies and not self.carries(
            where("strategies", "strategies"),
            transition.share_of("strategies"),
            "\n".join(copy.strategies),
            *copy.strategies,
        ):
            copy.strategies = []
        notes = [phase.note for phase in copy.phases if phase.note]
        saved_phases = transition.share_of("phases")
        if notes and not self.carries(
            where("phases", "phases"), saved_phases, "\n".join(notes), *notes
        ):
            for phase in copy.phases:
                phase.note = None
        # Follow-ups are the school's own arrangements.
        copy.follow_ups = []
        return copy

    def concern(self, concern: Concern, *, listed: bool) -> Concern | None:
        if self.school:
            return concern.model_copy(deep=True)
        where = _Where("concern", "concerns", concern.id, "", None, concern.placement_id,
                       concern.raised_on, listed)  # fmt: skip
        # The lead's choice not yet saved, else the audiences saved on the concern.
        shared_with = self.shared_concerns.get(concern.id, concern.share_with)
        decision = concern_decision(concern, self.audience, shared_with)
        if decision.carried and self.audience == "provider":
            # Not tied to a placement, a concern about the quality of provision could be
            # about another provider; and none may name one.
            unplaced_quality = (
                concern.placement_id is None and concern.category == "provider_quality"
            )
            texts = (concern.description, concern.action_taken, concern.outcome,
                     *(u.note for u in concern.updates))  # fmt: skip
            if unplaced_quality or self.names_other_provider(*texts):
                decision = Decision(False, NAMES_ANOTHER_PROVIDER)
        self.note(where, concern.description, decision, None)
        if not decision.carried:
            return None
        # Shared on purpose, it is released as a whole: only the school's own marks go.
        copy = concern.model_copy(deep=True)
        copy.referred_to_dsl = False
        copy.raised_by = None
        for update in copy.updates:
            update.by = None
        return copy


def is_withheld_concern(concern: Concern) -> bool:
    """A concern no provider or parent sees, whatever its text: a confidential one, and any
    safeguarding one even if its confidential box was unticked (by mistake or not)."""
    return concern.is_confidential or concern.category == "safeguarding"


@dataclass(frozen=True)
class SharedItem:
    """An item of the shared copies, as the school's copy lists it: which copies hold it
    back (`provider`, `parent`; none when every copy carries it)."""

    item: ReleaseItem
    held_from: tuple[Audience, ...]


def shared_items(
    caseload: Caseload,
    pupil_id: str,
    placements: list[Placement],
    periods: Mapping[str, Period],
    provider_id: str | None = None,
) -> list[SharedItem]:
    """Every item the parents' copy and each provider's copy of this note could carry,
    once each, with the copies that hold it back."""
    copies: list[tuple[Audience, list[ReleaseItem]]] = [
        ("parent", release(caseload, pupil_id, "parent", provider_id=provider_id,
                           periods=periods).items)
    ]  # fmt: skip
    for one in sorted({p.provider_id for p in placements}):
        found = release(caseload, pupil_id, "provider", provider_id=one, periods=periods)
        copies.append(("provider", found.items))
    merged: dict[ItemKey, tuple[ReleaseItem, list[Audience]]] = {}
    for audience, items in copies:
        for item in items:
            first, held = merged.setdefault(item.key, (item, []))
            if not item.carried and audience not in held:
                held.append(audience)
                if first.carried:  # show why it is held, not why another copy carries it
                    merged[item.key] = (item, held)
    order = ("provider", "parent")
    return [
        SharedItem(item, tuple(sorted(held, key=order.index))) for item, held in merged.values()
    ]
