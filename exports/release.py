"""What a provider's or a parent's copy carries is released, not filtered.

Every piece of free text a shared copy could carry has a sharing state: `school` (kept in
school), `all` (released by the ALP lead, even if it reads like a safeguarding matter) or
none (automatic: carried unless it reads like one, by `alp_tui.lexicon`). `share_decision`
is that rule, and `concern_decision` the one for concerns (shared only on purpose).
`ReleaseItem` is one item of a copy with its decision and the reason, as plain data: the
school's copy lists the held ones, the command line counts them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from alp_tui.dates import uk
from alp_tui.lexicon import HarmMatch, first_harm
from alp_tui.models import Concern

#: A sharing state saved on an item; None (absent) means automatic.
ShareState = Literal["school", "all"]
SHARE_STATES: tuple[ShareState, ...] = ("school", "all")

KEPT_IN_SCHOOL = "kept in school by the ALP lead"
RELEASED = "released by the ALP lead"
NOTHING_OF_THE_KIND = "nothing in it reads like a safeguarding matter"
NAMES_ANOTHER_PROVIDER = "it names another of the pupil's providers"
NEVER_SHARED_CONCERN = "a safeguarding or confidential concern never leaves the school"
NOT_SHARED_CONCERN = "a concern goes to a shared copy only when shared with it on purpose"

AUDIENCE_COPIES: dict[str, str] = {"provider": "the provider's copy", "parent": "the parents' copy"}


@dataclass(frozen=True)
class Decision:
    """Whether an item goes into a shared copy, and why, in words the lead reads."""

    carried: bool
    reason: str
    match: HarmMatch | None = None


def share_decision(state: str | None, *texts: str | None) -> Decision:
    """The decision for one item of free text, given its saved sharing state.

    `school` keeps it in school and `all` releases it whatever it says; None (no state
    saved) is automatic: carried unless one of `texts` reads like a safeguarding matter.
    """
    if state == "school":
        return Decision(False, KEPT_IN_SCHOOL)
    if state == "all":
        return Decision(True, RELEASED)
    if state is not None:
        raise ValueError(f"{state!r} is not a sharing state: choose school or all")
    match = first_harm(texts)
    if match is not None:
        return Decision(False, f"it {match.reason}", match)
    return Decision(True, NOTHING_OF_THE_KIND)


def concern_decision(concern: Concern, audience: str, share_with: Collection[str]) -> Decision:
    """A concern reaches a shared copy only when the lead shared it with that audience on
    purpose (`share_with`), and a safeguarding or confidential one never does. A concern
    shared on purpose is a release: its text is not judged again."""
    if concern.is_confidential or concern.category == "safeguarding":
        return Decision(False, NEVER_SHARED_CONCERN)
    if audience in share_with:
        return Decision(True, f"shared with the {audience_word(audience)} on purpose")
    return Decision(False, NOT_SHARED_CONCERN)


def audience_word(audience: str) -> str:
    return {"provider": "provider", "parent": "parents"}.get(audience, audience)


# --- the items of a copy -----------------------------------------------------------------------

#: The kinds of item, as the school's copy names them.
KIND_WORDS: dict[str, str] = {
    "progress": "Progress note",
    "action": "Action",
    "summary": "Call summary",
    "pupil_voice": "The pupil's words",
    "welcome_plan": "Welcome plan",
    "pupil_views": "The pupil's views on the move",
    "strategies": "Strategies",
    "phases": "Notes on the phases",
    "concern": "Concern",
    "target": "Target",
    "focus": "Focus of the placement",
    "destination": "Where next",
}
# Parts of the plan agreed with everyone: they go to every copy, whatever they say.
PLAN_KINDS = ("target", "focus", "destination")

_EXCERPT = 70


#: Where an item is stored: (table, record id, field, index in the field's list or None).
ItemKey = tuple[str, str, str, int | None]


@dataclass(frozen=True)
class ReleaseItem:
    """One item of free text a shared copy could carry, with the decision about it.

    `table`, `record_id`, `field` and `index` say where it is stored (`contacts`, `c-12`,
    `actions`, 0), so the lead's choice can be saved on it; `day` is the date it belongs to.
    """

    kind: str
    table: str
    record_id: str
    field: str
    index: int | None
    placement_id: str | None
    day: date | None
    text: str
    carried: bool
    reason: str
    state: ShareState | None = None
    match: HarmMatch | None = None

    @property
    def key(self) -> ItemKey:
        return self.table, self.record_id, self.field, self.index

    @property
    def label(self) -> str:
        """`Action agreed on 20/11/2026`, `Welcome plan`, `Concern raised on 05/11/2026`."""
        kind = KIND_WORDS.get(self.kind, self.kind)
        if self.day is None:
            return kind
        verb = {"action": "agreed", "concern": "raised"}.get(self.kind, "from the call")
        return f"{kind} {verb} on {uk(self.day)}"

    @property
    def excerpt(self) -> str:
        """The start of the text, enough to find it."""
        text = " ".join(self.text.split())
        return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1].rstrip() + "…"

    @property
    def flagged_plan(self) -> bool:
        """Part of the agreed plan, carried though it reads like a safeguarding matter."""
        return self.kind in PLAN_KINDS and self.match is not None
