"""What each audience may see, decided on the data before anything is rendered.

`redact` returns a new `Caseload` holding only the one pupil and what their note draws on,
with whatever the audience must not see taken out. The note is rendered from that copy, so
nothing confidential can reach a provider's or a parent's note by a rendering slip.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, cast

from alp_tui.caseload import Caseload
from alp_tui.models import (
    Carer,
    Concern,
    Contact,
    Placement,
    Provider,
    Pupil,
    Target,
    Transition,
)
from exports.errors import ExportError, SeveralProvidersError

Audience = Literal["school", "provider", "parent"]
AUDIENCES: tuple[Audience, ...] = ("school", "provider", "parent")

# Words that mark a piece of text as being about a safeguarding matter. Staff type free text
# in many places (actions, progress notes, call summaries, transition plans, concern updates)
# and a safeguarding matter must never reach a provider's or a parent's note, whichever box
# it was typed in and however a concern's "confidential" tick was left. Any item whose text
# holds one of these (as a whole word or phrase, in any case, plural too) is left out of
# those copies; the school's copy says how many were held back, so the ALP lead can reword
# one that was caught by mistake. Held back by mistake costs a line; let through, it can put
# a child at risk.
SAFEGUARDING_TERMS: tuple[str, ...] = (
    "safeguarding",
    "designated safeguarding",
    "DSL",
    "child protection",
    "CP plan",
    "strategy meeting",
    "strategy discussion",
    "section 47",
    "s47",
    "s.47",
    "social worker",
    "social care",
    "MASH",
    "LADO",
    "police",
    "referral",
    "disclosure",
    "disclosed",
    "abuse",
    "abused",
    "abusive",
    "neglect",
    "neglected",
    "exploitation",
    "exploited",
    "CSE",
    "CCE",
    "county lines",
    "missing from home",
    "missing from education",
)


def _phrase(term: str) -> str:
    # Words of a phrase may be split by any spaces or a hyphen ("child-protection").
    return r"[\s\-]+".join(re.escape(word) for word in term.split())


_SAFEGUARDING = re.compile(
    r"\b(?:" + "|".join(_phrase(t) for t in SAFEGUARDING_TERMS) + r")s?\b", re.IGNORECASE
)


def mentions_safeguarding(*texts: str | None) -> bool:
    """Whether any of the texts mentions a safeguarding matter (see SAFEGUARDING_TERMS)."""
    return any(text and _SAFEGUARDING.search(text) for text in texts)


def check_audience(audience: str) -> Audience:
    if audience not in AUDIENCES:
        raise ExportError(
            f"{audience!r} is not an audience for the note: choose school, provider or parent"
        )
    return cast(Audience, audience)


def redact(
    caseload: Caseload, pupil_id: str, audience: str, *, provider_id: str | None = None
) -> Caseload:
    """A copy of what the note for `pupil_id` will show to `audience`.

    - school: everything about the pupil.
    - provider: only the placements at one provider (`provider_id`, needed when the pupil
      is placed with several) and nothing about any other provider; no confidential or
      safeguarding concern, no child-protection flag, no carers, no referrals to the DSL,
      none of the school's own notes (on the pupil, the placement, the provider, reviews,
      the pupil's voice, target baselines, who raised a concern), and no item of staff
      text that mentions a safeguarding matter (`mentions_safeguarding`).
    - parent: as provider but for every placement (or `provider_id`'s), keeping the
      carers' names (never their phone numbers or email addresses) so the note can say
      whom it is written for, and without the notes of the weekly calls.
    Other pupils and the audit trail never come along.
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
    cut = _Cut(audience, others if audience == "provider" else [])

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
    for concern in caseload.concerns_of(pupil_id):
        if concern.placement_id is not None and concern.placement_id not in placement_ids:
            continue
        concern_shown = cut.concern(concern)
        if concern_shown is not None:
            out.put(concern_shown)
    return out


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


class _Cut:
    """The rules for one audience: what a record keeps, and which text is held back."""

    def __init__(self, audience: Audience, other_providers: list[Provider]) -> None:
        self.audience = audience
        self.school = audience == "school"
        # A provider's note names no other provider the pupil attends, nor its people.
        details = [
            detail
            for provider in other_providers
            for detail in (provider.name, provider.contact_name, provider.phone, provider.email)
            if detail and detail.strip()
        ]
        self._others: Callable[[str], object] | None = None
        if details:
            pattern = "|".join(re.escape(d.strip()) for d in details)
            self._others = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE).search

    def withhold(self, *texts: str | None) -> bool:
        """Whether an item holding these texts stays out of this audience's copy."""
        if self.school:
            return False
        if mentions_safeguarding(*texts):
            return True
        others = self._others
        return others is not None and any(text and others(text) for text in texts)

    def keep(self, text: str | None) -> str | None:
        return None if self.withhold(text) else text

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
                if not self.withhold(c.name, c.relationship)
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
        if self.withhold(copy.focus):
            copy.focus = ""  # the note leaves an empty focus out
        return copy

    def target(self, target: Target) -> Target | None:
        if self.school:
            return target.model_copy(deep=True)
        if self.withhold(target.description, target.success_criteria):
            return None  # with its ratings: see `contact`
        copy = target.model_copy(deep=True)
        copy.baseline = None  # where the pupil started is the school's assessment
        copy.outcome = self.keep(copy.outcome)
        return copy

    def contact(self, contact: Contact, kept_targets: set[str]) -> Contact:
        copy = contact.model_copy(deep=True)
        if self.school:
            return copy
        copy.pupil_voice = None
        # The provider was on the call and may see its notes; the family's note does not
        # draw on them.
        copy.summary = self.keep(copy.summary) if self.audience == "provider" else None
        copy.progress = [p for p in copy.progress if p.target_id in kept_targets]
        for entry in copy.progress:
            entry.note = self.keep(entry.note)
        copy.actions = [a for a in copy.actions if not self.withhold(a.text, a.owner)]
        return copy

    def transition(self, transition: Transition) -> Transition:
        copy = transition.model_copy(deep=True)
        if self.school:
            return copy
        copy.destination_name = self.keep(copy.destination_name)
        copy.welcome_plan = self.keep(copy.welcome_plan)
        copy.pupil_views = self.keep(copy.pupil_views)
        copy.strategies = [s for s in copy.strategies if not self.withhold(s)]
        for phase in copy.phases:
            phase.note = self.keep(phase.note)
        copy.follow_ups = [f for f in copy.follow_ups if not self.withhold(f.kind, f.by, f.note)]
        return copy

    def concern(self, concern: Concern) -> Concern | None:
        if self.school:
            return concern.model_copy(deep=True)
        if is_withheld_concern(concern) or self.withhold(concern.description):
            return None
        # Not tied to a placement, a concern about the quality of provision could be about
        # another provider.
        unplaced_quality = concern.placement_id is None and concern.category == "provider_quality"
        if self.audience == "provider" and unplaced_quality:
            return None
        copy = concern.model_copy(deep=True)
        copy.referred_to_dsl = False
        copy.raised_by = None
        copy.action_taken = self.keep(copy.action_taken)
        copy.outcome = self.keep(copy.outcome)
        copy.updates = [u for u in copy.updates if not self.withhold(u.note, u.by)]
        for update in copy.updates:
            update.by = None
        return copy


def is_withheld_concern(concern: Concern) -> bool:
    """A concern no provider or parent sees, whatever its text: a confidential one, and any
    safeguarding one even if its confidential box was unticked (by mistake or not)."""
    return concern.is_confidential or concern.category == "safeguarding"
