"""A stale save merged rather than lost (DESIGN.md §6): the plan refused is merged field by
field with what the other user saved, against the version the screen was opened on; the
fields both changed are shown side by side in `MergePicker`, and the user picks each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.merge import Merge, Side, describe, field_words, merge_fields
from alp_tui.models import NOUNS, Meta, Record
from screens.export import ChoiceSet
from screens.saving import SaveFailed, SavePlan, SavingScreen
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.text import plain
from screens.widgets.tick_box import MarkedRadio
from screens.workspace import workspace_of
from store import StaleEditError

#: What a screen says when the picker is left with escape.
MERGE_LEFT = (
    "Not saved: both of you changed some fields. Your typing is still here; ctrl+s shows "
    "the choice again."
)


def when_shown(timestamp: str | None) -> str:
    """`14:32 on 02/12/2026` from a record's ISO stamp."""
    try:
        moment = datetime.fromisoformat(timestamp or "")
    except ValueError:
        return "an unknown time"
    return f"{moment:%H:%M} on {uk(moment.date())}"


@dataclass
class PlanMerge:
    """A refused plan merged with the other side: the records merged, and the caseload
    merged against (the base of the next merge, should the new save be refused too)."""

    plan: SavePlan
    now: Caseload
    merges: list[tuple[str, Merge[Any]]] = field(default_factory=list)
    #: Who saved the other version, as shown (a staff name), and when.
    who: str = "someone"
    when: str = "an unknown time"
    #: The other version was saved under this user's own login (another window).
    by_me: bool = False

    @property
    def who_said(self) -> str:
        """Who, for a sentence: `Ms R Khan (SENCo)`, `root (you, in another window)`."""
        return f"{self.who} (you, in another window)" if self.by_me else self.who

    @property
    def conflicts(self) -> list[tuple[str, str, Any, Any]]:
        """(key, what the field is, mine, theirs) for every field both changed."""
        found = []
        for key, merge in self.merges:
            for conflict in merge.conflicts:
                found.append(
                    (f"{key}:{conflict.name}", conflict.name, conflict.mine, conflict.theirs)
                )
        return found

    def resolved(self, picks: dict[str, Side] | None = None) -> SavePlan:
        """The plan to save now, on the other side's revs, conflicts settled by `picks`."""
        picks = picks or {}
        update: list[Record] = []
        meta = self.plan.meta
        for key, merge in self.merges:
            mine = {c.name: picks.get(f"{key}:{c.name}", "mine") for c in merge.conflicts}
            record = merge.resolved(mine)
            if isinstance(record, Meta):
                meta = record
            else:
                update.append(record)
        kept = [r for r in self.plan.update if _key(r) not in dict(self.merges)]
        return replace(self.plan, update=[*kept, *update], meta=meta)

    def summary(self, labels: dict[str, str], picks: dict[str, Side] | None = None) -> str:
        """What the merge did, in one sentence for after the save."""
        picks = picks or {}
        came_in: list[str] = []
        kept: list[str] = []
        for key, merge in self.merges:
            came_in += [field_words(n, labels) for n in merge.came_in]
            kept += [field_words(n, labels) for n in merge.kept]
            for conflict in merge.conflicts:
                side = picks.get(f"{key}:{conflict.name}", "mine")
                (kept if side == "mine" else came_in).append(field_words(conflict.name, labels))
        parts = [f"Saved, merged with the change {self.who_said} saved at {self.when}."]
        if kept:
            parts.append(f"Yours kept: {', '.join(kept)}.")
        if came_in:
            parts.append(f"Theirs came in: {', '.join(came_in)}.")
        return " ".join(parts)


def _key(record: Record | Meta) -> str:
    return "meta" if isinstance(record, Meta) else f"{record.TABLE}/{record.id}"


def _base_of(record: Record | Meta, bases: list[Caseload]) -> Record | Meta | None:
    """The version of `record` it was read at: the one with its rev in a caseload seen."""
    for caseload in reversed(bases):
        if isinstance(record, Meta):
            if caseload.meta.rev == record.rev:
                return caseload.meta
            continue
        found = caseload.table(record.TABLE).get(record.id)
        if found is not None and found.rev == record.rev:
            return found
    return None


def merge_plan(
    plan: SavePlan, bases: list[Caseload], now: Caseload, me: str | None = None
) -> PlanMerge | None:
    """Merge the refused `plan` with `now` (the file as the store refused it), against the
    versions in `bases` (the caseloads the screen read its records from).

    None when it cannot be merged: a record was deleted meanwhile, or its base is unknown.
    """
    merged = PlanMerge(plan=plan, now=now)
    mine_records: list[Record | Meta] = [*plan.update]
    if plan.meta is not None:
        mine_records.append(plan.meta)
    newest: tuple[str, str | None] | None = None
    for mine in mine_records:
        theirs: Record | Meta | None = (
            now.meta if isinstance(mine, Meta) else now.table(mine.TABLE).get(mine.id)
        )
        if theirs is None:
            return None
        if theirs.rev == mine.rev:
            continue  # not changed meanwhile: saved as it is
        base = _base_of(mine, bases)
        if base is None:
            return None
        merged.merges.append((_key(mine), merge_fields(base, mine, theirs)))
        stamp = theirs.updated_at or ""
        if newest is None or stamp > (newest[1] or ""):
            newest = (theirs.updated_by or "", theirs.updated_at)
    if not merged.merges:
        return None
    if newest is not None:
        merged.who = now.meta.staff_name(newest[0]) or "someone"
        merged.by_me = bool(newest[0]) and newest[0] == me
        merged.when = when_shown(newest[1])
    return merged


def offer_merge(
    screen: SavingScreen[Any],
    message: SaveFailed,
    bases: list[Caseload],
    on_back: Callable[[], None],
) -> bool:
    """Merge a plan refused as stale and save it again, asking first about the fields both
    sides changed. False (and nothing done) when it cannot be merged; `on_back` runs when
    the user leaves the picker with escape (the screen's typing is untouched)."""
    snapshot = message.snapshot
    if not isinstance(message.error, StaleEditError) or snapshot is None:
        return False
    merged = merge_plan(message.plan, bases, snapshot.caseload, workspace_of(screen).user)
    if merged is None:
        return False

    def save(picks: dict[str, Side] | None) -> None:
        # Should this save be refused too, its records were read at `now`.
        bases.append(merged.now)
        screen.merge_note = merged.summary(screen.labels, picks)
        screen.start_save(merged.resolved(picks))

    if not merged.conflicts:
        save(None)
        return True

    def answered(picks: dict[str, Side] | None) -> None:
        if picks is None:
            on_back()
        else:
            save(picks)

    screen.app.push_screen(MergePicker(merged, screen.labels), answered)
    return True


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def noun_of(key: str) -> str:
    table = key.split("/", 1)[0].split(":", 1)[0]
    return "settings" if table == "meta" else NOUNS.get(table, table)


class MergePicker(ModalScreen[dict[str, Side] | None]):
    """Both sides changed some fields: each shown side by side, the user picks each.

    Dismisses with the picks, or None (escape) to go back to the form, typing untouched.
    """

    DEFAULT_CSS = """
    MergePicker {
        align: center middle;
    }
    MergePicker > #merge-box {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    MergePicker #merge-intro {
        width: 100%;
        margin-bottom: 1;
    }
    MergePicker #merge-fields {
        height: auto;
        max-height: 14;
    }
    MergePicker .merge-field {
        height: auto;
        margin-bottom: 1;
    }
    MergePicker .merge-name {
        text-style: bold;
    }
    MergePicker .merge-sides {
        height: auto;
    }
    MergePicker .merge-side {
        width: 1fr;
        height: auto;
        max-height: 5;
        border-left: solid $primary;
        padding: 0 1;
    }
    MergePicker ChoiceSet {
        width: 100%;
        height: auto;
        layout: horizontal;
    }
    MergePicker #merge-buttons {
        height: auto;
        align-horizontal: right;
    }
    MergePicker #merge-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save with these", tooltip="Save with the picks made", id="merge.save"
        ),
        Binding(
            "escape",
            "back",
            "Back to the form",
            tooltip="Back to the form; nothing is saved and your typing stays",
            id="merge.back",
        ),
    ]

    def __init__(self, merged: PlanMerge, labels: dict[str, str]) -> None:
        super().__init__()
        self._merged = merged
        self._labels = labels

    def compose(self) -> ComposeResult:
        merged = self._merged
        conflicts = merged.conflicts
        with Vertical(id="merge-box") as box:
            box.border_title = plain("Both of you changed this")
            yield Static(
                Text(
                    f"{merged.who_said} saved at {merged.when} while you were typing. Other fields "
                    f"are combined. For each field below, pick the value to keep "
                    f"(left/right), then ctrl+s saves; escape goes back to your typing."
                ),
                id="merge-intro",
            )
            with VerticalScroll(id="merge-fields"):
                for number, (key, name, mine, theirs) in enumerate(conflicts):
                    with Vertical(classes="merge-field"):
                        words = field_words(name, self._labels)
                        if len({k.split(":")[0] for k, *_ in conflicts}) > 1:
                            words = f"{words} ({noun_of(key)})"
                        yield Static(Text(words), classes="merge-name")
                        with Horizontal(classes="merge-sides"):
                            # Two heading lines each, so the values line up side by side.
                            yield Static(
                                Text.assemble(
                                    ("Yours", "bold"),
                                    "\n",
                                    ("typed now", "bold"),
                                    "\n",
                                    describe(mine),
                                ),
                                classes="merge-side merge-mine",
                            )
                            yield Static(
                                Text.assemble(
                                    (_fit(merged.who, 34), "bold"),
                                    "\n",
                                    (f"saved {merged.when}", "bold"),
                                    "\n",
                                    describe(theirs),
                                ),
                                classes="merge-side merge-theirs",
                            )
                        with ChoiceSet(id=f"merge-pick-{number}", compact=True):
                            yield MarkedRadio(Text("Keep yours"), value=True, id=f"mine-{number}")
                            yield MarkedRadio(
                                Text(f"Take {_fit(merged.who, 28)}'s"), id=f"theirs-{number}"
                            )
            with Horizontal(id="merge-buttons"):
                yield Button(Text("Back to the form (esc)"), id="merge-back")
                yield Button(Text("Save with these (ctrl+s)"), id="merge-save", variant="warning")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The two values must be read side by side: earlier notes ("saved", "merged") would
        # lie over the right-hand one, and this choice is what matters now.
        self.app.clear_notifications()
        first = self.query(ChoiceSet).first()
        first.focus()

    def picks(self) -> dict[str, Side]:
        chosen: dict[str, Side] = {}
        for number, (key, *_rest) in enumerate(self._merged.conflicts):
            pick = self.query_one(f"#merge-pick-{number}", ChoiceSet)
            index = pick.pressed_index
            chosen[key] = "theirs" if index == 1 else "mine"
        return chosen

    def action_save(self) -> None:
        self.dismiss(self.picks())

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#merge-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#merge-back")
    def _back_pressed(self) -> None:
        self.action_back()
