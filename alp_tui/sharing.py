"""The sharing state saved on each piece of free text, read and changed in one place.

An item is named by where it is stored: (table, record id, field, index in the field's list
or None), e.g. `("contacts", "con-12", "actions", 0)` or `("transitions", "tr-3",
"strategies", None)`. `share_of` reads its state (None: automatic), `with_share` returns the
record with a new one; `with_concern_shared` shares a concern with an audience on purpose,
or stops sharing it. The release preview and the contact form both change states this way.
`safeguarding_question` is what to ask when a concern reads like a safeguarding matter but
is not marked as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeVar, cast

from alp_tui.lexicon import first_harm
from alp_tui.models import (
    SHARE_AUDIENCES,
    Concern,
    Contact,
    ContactShares,
    Record,
    Share,
    Transition,
    TransitionShares,
)

#: Where an item of free text is stored: (table, record id, field, index or None).
ItemKey = tuple[str, str, str, int | None]

CONTACT_FIELDS = ("summary", "pupil_voice")
CONTACT_LISTS = ("progress", "actions")
TRANSITION_FIELDS = ("welcome_plan", "pupil_views", "strategies", "phases")

NEVER_SHARED = (
    "A safeguarding concern never leaves the school: the DSL shares what others need to know."
)

R = TypeVar("R", bound=Record)


class SharingError(ValueError):
    """A sharing state that cannot be saved on that item, in one sentence."""


def share_of(record: Record, field: str, index: int | None = None) -> Share | None:
    """The sharing state saved on an item of `record` (None: automatic)."""
    if isinstance(record, Contact):
        if field in CONTACT_LISTS and index is not None:
            entries = record.progress if field == "progress" else record.actions
            return entries[index].share if 0 <= index < len(entries) else None
        if field in CONTACT_FIELDS:
            return record.share_of(cast(Literal["summary", "pupil_voice"], field))
    if isinstance(record, Transition) and field in TRANSITION_FIELDS:
        name = cast(Literal["welcome_plan", "pupil_views", "strategies", "phases"], field)
        return record.share_of(name)
    return None


def with_share(record: R, field: str, index: int | None, state: Share | None) -> R:
    """A copy of `record` with the item's sharing state set (None: back to automatic)."""
    copy = record.model_copy(deep=True)
    if isinstance(copy, Contact):
        if field in CONTACT_LISTS and index is not None:
            entries = copy.progress if field == "progress" else copy.actions
            if not 0 <= index < len(entries):
                raise SharingError(f"that {field} item is no longer in the contact")
            entries[index].share = state
            return copy
        if field in CONTACT_FIELDS:
            shares = copy.shares or ContactShares()
            setattr(shares, field, state)
            copy.shares = shares if shares.summary or shares.pupil_voice else None
            return copy
    if isinstance(copy, Transition) and field in TRANSITION_FIELDS:
        tshares = copy.shares or TransitionShares()
        setattr(tshares, field, state)
        copy.shares = tshares if any(getattr(tshares, f) for f in TRANSITION_FIELDS) else None
        return copy
    raise SharingError(f"{field or 'that item'} has no sharing state of its own")


def with_concern_shared(
    concern: Concern, audience: str, shared: bool, *, confidential_off: bool = False
) -> Concern:
    """A copy of `concern` shared with `audience` on purpose (or no longer shared).

    A safeguarding concern is never shared. A confidential one is shared only once the lead
    has agreed to take `confidential` off (`confidential_off`): ask first.
    """
    if audience not in SHARE_AUDIENCES:
        raise SharingError(f"a concern is shared with the provider or the parents, not {audience}")
    copy = concern.model_copy(deep=True)
    wanted = set(copy.share_with)
    if shared:
        if copy.category == "safeguarding":
            raise SharingError(NEVER_SHARED)
        if copy.is_confidential:
            if not confidential_off:
                raise SharingError(
                    "This concern is marked confidential: take Confidential off before sharing it."
                )
            copy.confidential = False
        wanted.add(audience)
    else:
        wanted.discard(audience)
    copy.share_with = [a for a in SHARE_AUDIENCES if a in wanted]
    return copy


def released_for_the_same_words(
    state: Share | None, text: str | None, before: Iterable[tuple[str | None, Share | None]]
) -> Share | None:
    """The state an edited item keeps: a release (`all`) is for the words the lead read,
    so it stands only if one of the item's earlier versions (`before`: text and state) held
    the same words released; otherwise the item goes back to automatic. `school` always
    stands."""
    if state != "all":
        return state
    words = " ".join((text or "").split())
    for old_text, old_state in before:
        if old_state == "all" and " ".join((old_text or "").split()) == words:
            return "all"
    return None


def safeguarding_question(category: str, *texts: str | None) -> str | None:
    """The question to ask when a concern not marked safeguarding reads like one (None
    when it does not, or when it is marked safeguarding already)."""
    if category == "safeguarding":
        return None
    match = first_harm(texts)
    if match is None:
        return None
    return (
        f"This concern {match.reason}. Is it a safeguarding concern? A safeguarding "
        "concern is confidential, goes to the DSL and never leaves the school."
    )


def _transition_text(plan: Transition, field: str) -> str:
    if field == "strategies":
        return "\n".join(plan.strategies)
    if field == "phases":
        return "\n".join(p.note for p in plan.phases if p.note)
    return str(getattr(plan, field) or "")


def lapsed_releases(before: Transition | None, after: Transition) -> Transition:
    """`after` with each release (`all`) whose words changed since `before` back to
    automatic: the lead released the words they read (`released_for_the_same_words`)."""
    changed = after
    for field in TRANSITION_FIELDS:
        state = share_of(after, field)
        was = [(_transition_text(before, field), share_of(before, field))] if before else []
        kept = released_for_the_same_words(state, _transition_text(after, field), was)
        if kept != state:
            changed = with_share(changed, field, None, kept)
    return changed
