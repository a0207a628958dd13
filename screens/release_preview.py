"""The release preview: before a provider's or parents' copy is written, every item of free
text it will carry and every item it holds back, each with its reason.

`k` keeps the highlighted item in school, `r` releases a held one, `a` leaves it to the
lexicon again; `ctrl+s` goes on to write the note, dismissing with the records the choices
changed (the export dialog saves them in one store call, then writes the note); escape goes
back to the dialog, asking first when choices were made. Every item says `[held]` or
`[goes]` in words, so the list reads without colour.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alp_tui.caseload import Caseload, pupil_caseload
from alp_tui.models import Concern, Record
from alp_tui.sharing import ItemKey, share_of
from exports import ExportError, ReleaseItem, note_items
from exports.release import AUDIENCE_COPIES, Choice, Wanted, choose
from screens.confirm import ConfirmScreen
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.text import plain, say
from screens.workspace import workspace_of

HELD = "[held]"
GOES = "[goes]"
CHANGED = "*"
KEYS_HINT = "k keep in school · r release · a let the lexicon decide · * not saved yet"


def item_line(item: ReleaseItem, changed: bool, width: int, *, current: bool = False) -> Text:
    """`[held] Call summary from the call on 20/11/2026: “…”`, cut to one line of `width`;
    `*` after the marker when the lead changed it here, `›` before the one the cursor is on
    (a monochrome terminal may not show the cursor's colours)."""
    marker = ("›" if current else " ") + (HELD if not item.carried else GOES)
    marker += CHANGED if changed else " "
    line = Text(marker, style="bold" if not item.carried else "")
    words = f"{item.label}: “{' '.join(item.text.split())}”"
    room = max(width - len(marker) - 1, 10)
    line.append(" " + (words if len(words) <= room else words[: room - 1].rstrip() + "…"))
    return line


class ReleasePreview(ModalScreen[list[Record] | None]):
    """What the shared copy for `audience` carries and holds back, and the lead's choices.

    Dismisses with the records the choices changed (empty when none: write the note as
    it is), or None to go back without writing.
    """

    CSS_PATH = "release_preview.tcss"
    BINDINGS = [
        Binding(
            "k",
            "choose('school')",
            "Keep in school",
            tooltip="Keep it in school",
            id="release.keep",
        ),
        Binding(
            "r",
            "choose('all')",
            "Release",
            tooltip="Release it to the shared copies",
            id="release.release",
        ),
        Binding(
            "a",
            "choose(None)",
            "Automatic",
            tooltip="Let the lexicon decide again",
            id="release.automatic",
        ),
        Binding(
            "ctrl+s",
            "export",
            "Export",
            tooltip="Save the choices and write the note",
            id="release.export",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the export dialog", id="release.back"),
    ]

    def __init__(
        self,
        pupil_id: str,
        audience: str,
        *,
        weeks: int | None = None,
        placement_id: str | None = None,
    ) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.audience = audience
        self.weeks = weeks
        self.placement_id = placement_id
        #: The records as they are in the file, and the pupil's records with the choices
        #: made here put in (what the list is worked out from).
        self._saved: Caseload | None = None
        self._data: Caseload | None = None
        #: The records the choices changed, by (table, id).
        self.changed: dict[tuple[str, str], Record] = {}
        self.items: list[ReleaseItem] = []
        self._width = 0
        #: The line drawn with the cursor mark, if any.
        self._current: int | None = None
        #: The order the list first showed: a choice moves no item, so the lead walks on.
        self._order: dict[ItemKey, int] = {}

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ws = workspace_of(self)
        self._saved = ws.caseload
        self._data = pupil_caseload(ws.caseload, self.pupil_id)
        pupil = ws.caseload.pupils.get(self.pupil_id)
        copy = AUDIENCE_COPIES.get(self.audience, self.audience)
        with Vertical(id="release-box") as box:
            name = pupil.display_name if pupil else self.pupil_id
            box.border_title = plain(f"Before it is written: {copy} for {name}")
            yield Static("", id="release-counts")
            yield OptionList(id="release-items")
            yield Static("", id="release-detail")
            yield Static(Text(KEYS_HINT), id="release-keys")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._refresh_items()
        self.query_one("#release-items", OptionList).focus()

    def on_resize(self) -> None:
        # Each line is cut to the list's width.
        self.call_after_refresh(self._refresh_items)

    @property
    def held(self) -> list[ReleaseItem]:
        return [item for item in self.items if not item.carried]

    def _work_out(self) -> list[ReleaseItem]:
        assert self._data is not None
        items = note_items(
            self._data,
            self.pupil_id,
            self.audience,
            workspace_of(self).today,
            self.weeks,
            placement_id=self.placement_id,
        )
        if not self._order:
            # The held ones first: they are what the lead is here to look at.
            first = [i for i in items if not i.carried] + [i for i in items if i.carried]
            self._order = {item.key: n for n, item in enumerate(first)}
        return sorted(items, key=lambda i: self._order.get(i.key, len(self._order)))

    def is_changed(self, item: ReleaseItem) -> bool:
        """Whether the lead changed this item here (not saved yet)."""
        if self._saved is None or self._data is None:
            return False
        saved = self._saved.table(item.table).get(item.record_id)
        now = self._data.table(item.table).get(item.record_id)
        if saved is None or now is None or saved == now:
            return False
        if isinstance(saved, Concern) and isinstance(now, Concern):
            return (saved.share_with, saved.confidential) != (now.share_with, now.confidential)
        return share_of(saved, item.field, item.index) != share_of(now, item.field, item.index)

    def _refresh_items(self) -> None:
        listing = self.query_one("#release-items", OptionList)
        keep = self.highlighted
        try:
            self.items = self._work_out()
        except ExportError as error:
            self.items = []
            self.query_one("#release-counts", Static).update(Text(f"!! {error}"))
            listing.clear_options()
            return
        held = len(self.held)
        carried = len(self.items) - held
        counts = Text(
            f"It carries {_count(carried)} of free text and holds back {held}. "
            "Look at each held one: release it if it is fine to go."
        )
        self.query_one("#release-counts", Static).update(counts)
        listing.clear_options()
        if not self.items:
            listing.add_option(Option(Text("No free text in this copy to release."), disabled=True))
        # The list's own width once laid out (before that, the screen's less the box's
        # border and padding), less the options' padding and the scroll bar.
        self._width = (listing.size.width or self.app.size.width - 4) - 5
        self._current = None
        for index, item in enumerate(self.items):
            line = item_line(item, self.is_changed(item), self._width)
            listing.add_option(Option(line, id=str(index)))
        if self.items:
            keys = [i.key for i in self.items]
            at = keys.index(keep.key) if keep is not None and keep.key in keys else 0
            listing.highlighted = at
        self._show_detail()

    @property
    def highlighted(self) -> ReleaseItem | None:
        listing = self.query_one("#release-items", OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    @on(OptionList.OptionHighlighted, "#release-items")
    def _show_detail(self) -> None:
        item = self.highlighted
        detail = self.query_one("#release-detail", Static)
        self._mark_cursor()
        if item is None:
            detail.update("")
            return
        text = Text()
        text.append("Held back: " if not item.carried else "Goes: ", style="bold")
        text.append(f"{item.reason}.")
        if self.is_changed(item):
            text.append(" Not saved yet: ctrl+s saves your choices, then writes the note.")
        if item.carried and item.kind == "pupil_voice" and self._summary_held(item):
            # What the pupil said can tell what the held summary says: worth a look.
            text.append(" This call's summary is held back: these words show beside a blank.")
        text.append("\n")
        text.append(" ".join(item.text.split()))
        detail.update(text)

    def _summary_held(self, item: ReleaseItem) -> bool:
        return any(
            i.kind == "summary" and i.record_id == item.record_id and not i.carried
            for i in self.items
        )

    def _mark_cursor(self) -> None:
        """Move the `›` to the highlighted line."""
        listing = self.query_one("#release-items", OptionList)
        now = listing.highlighted
        for index, current in ((self._current, False), (now, True)):
            if index is not None and 0 <= index < len(self.items):
                item = self.items[index]
                line = item_line(item, self.is_changed(item), self._width, current=current)
                listing.replace_option_prompt_at_index(index, line)
        self._current = now

    # --- choosing ------------------------------------------------------------------------

    def action_choose(self, wanted: Wanted) -> None:
        item = self.highlighted
        if item is None or self._data is None:
            return
        choice = choose(self._data, item, self.audience, wanted)
        if choice.ask_confidential:

            def answered(yes: bool | None) -> None:
                if yes and self._data is not None:
                    again = choose(self._data, item, self.audience, wanted, confidential_off=True)
                    self._take(again)

            self.app.push_screen(
                ConfirmScreen(
                    choice.sentence, yes="Not confidential, share", no="Keep it", title="Share?"
                ),
                answered,
            )
            return
        self._take(choice)

    def _take(self, choice: Choice) -> None:
        record = choice.record
        if record is not None and self._data is not None and self._saved is not None:
            where = (record.TABLE, record.id)
            original = self._saved.table(record.TABLE).get(record.id)
            if record == original:
                self.changed.pop(where, None)  # back as it is saved: nothing to save
            else:
                self.changed[where] = record
            self._data.put(record)
            self._refresh_items()
        say(self, choice.sentence, timeout=5)

    # --- leaving -------------------------------------------------------------------------

    def action_export(self) -> None:
        self.dismiss(list(self.changed.values()))

    def action_back(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Go back without your choices? Nothing you chose here has been saved.",
                yes="Drop them",
                no="Stay",
                title="Unsaved choices",
            ),
            answered,
        )


def _count(number: int) -> str:
    return f"{number} item{'' if number == 1 else 's'}"
