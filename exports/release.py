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

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.lexicon import HarmMatch, first_harm
from alp_tui.models import Concern, Record
from alp_tui.sharing import NEVER_SHARED, ItemKey, share_of, with_concern_shared, with_share

#: A sharing state saved on an item; None (absent) means automatic.
ShareState = Literal["school", "all"]
SHARE_STATES: tuple[ShareState, ...] = ("school", "all")

KEPT_IN_SCHOOL = "kept in school by the ALP lead"
RELEASED = "released by the ALP lead"
NOTHING_OF_THE_KIND = "nothing in it reads like a safeguarding matter"
NAMES_ANOTHER_PROVIDER = "it names another of the pupil's providers"
HELD_WITH_SUMMARY = "said on a call whose summary is held back"
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


# --- the lead's choices --------------------------------------------------------------------------

#: What a key in the release preview asks for an item: keep it in school, release it, or
#: leave it to the lexicon again (None).
Wanted = Literal["school", "all"] | None

PLAN_GOES = (
    "This is part of the plan agreed with the provider and the family, so it goes in every "
    "copy: change its words where the plan is kept if they should not go out."
)
NAMES_OTHER_GOES = (
    "It names another of the pupil's providers, which a provider's copy never carries: "
    "reword it to release it."
)


@dataclass(frozen=True)
class Choice:
    """What choosing did: the record with the choice made on it (None when nothing is to
    change), a sentence for the lead, and whether the lead must first agree to take
    Confidential off the concern (then choose again with `confidential_off`)."""

    record: Record | None
    sentence: str
    ask_confidential: bool = False


def choose(
    caseload: Caseload,
    item: ReleaseItem,
    audience: str,
    wanted: Wanted,
    *,
    confidential_off: bool = False,
) -> Choice:
    """Keep `item` in school (`school`), release it (`all`) or leave it to the lexicon
    (None), for the copy for `audience`. A text's state holds for every shared copy; a
    concern is shared with one audience at a time, and a safeguarding one never."""
    copy = AUDIENCE_COPIES.get(audience, "the shared copies")
    if item.kind in PLAN_KINDS:
        return Choice(None, PLAN_GOES)
    if item.kind == "concern":
        concern = caseload.concerns.get(item.record_id)
        if concern is None:
            return Choice(None, "That concern is no longer in the caseload.")
        return _choose_concern(concern, audience, wanted, copy, confidential_off)
    record = caseload.table(item.table).get(item.record_id)
    if record is None:
        return Choice(None, "That record is no longer in the caseload.")
    current = share_of(record, item.field, item.index)
    if wanted == current:
        already = {
            "school": "It is kept in school already.",
            "all": "It is released already.",
            None: "It is left to the lexicon already.",
        }
        return Choice(None, already[wanted])
    if wanted == "all" and item.carried and current is None:
        return Choice(None, "It goes already: nothing in it reads like a safeguarding matter.")
    if wanted == "all" and item.reason == NAMES_ANOTHER_PROVIDER:
        return Choice(None, NAMES_OTHER_GOES)
    changed = with_share(record, item.field, item.index, wanted)
    said = {
        "school": "Kept in school: no provider's or parents' copy will carry it.",
        "all": "Released: the provider's and the parents' copies will carry it as it is.",
        None: "Left to the lexicon: carried unless it reads like a safeguarding matter.",
    }
    return Choice(changed, said[wanted])


def _choose_concern(
    concern: Concern, audience: str, wanted: Wanted, copy: str, confidential_off: bool
) -> Choice:
    who = audience_word(audience)
    if wanted == "all":
        if concern.category == "safeguarding":
            return Choice(None, NEVER_SHARED)
        if concern.is_shared_with(audience):
            return Choice(None, f"It is shared with the {who} already.")
        if concern.is_confidential and not confidential_off:
            return Choice(
                None,
                f"This concern is marked confidential. Take Confidential off and share it "
                f"with the {who}? Its whole text would go in {copy}.",
                ask_confidential=True,
            )
        shared = with_concern_shared(concern, audience, True, confidential_off=confidential_off)
        return Choice(shared, f"Shared with the {who} on purpose: {copy} will carry it.")
    if audience in concern.share_with:
        unshared = with_concern_shared(concern, audience, False)
        return Choice(unshared, f"No longer shared with the {who}: {copy} leaves it out.")
    return Choice(None, "It stays in school already: a concern goes only when shared on purpose.")
