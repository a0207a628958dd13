"""Which placement: asked when a pupil has several active ones (to log a contact, to open
the learning plan). Digits 1–9 pick at once."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alp_tui.dates import uk
from alp_tui.models import DAY_NAMES
from alp_tui.rules import format_hours
from screens.widgets.text import plain
from screens.workspace import workspace_of


class PlacementPicker(ModalScreen[str | None]):
    """One of a pupil's active placements; dismisses with the placement id, or None."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="placement_picker.cancel")]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self._pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        caseload = workspace_of(self).caseload
        pupil = caseload.pupils[self._pupil_id]
        options = []
        for number, placement in enumerate(caseload.active_placements_of(pupil.id), start=1):
            provider = caseload.provider_of(placement)
            days = ", ".join(DAY_NAMES[s.day][:3] for s in placement.schedule)
            contacts = caseload.contacts_of(placement.id)
            last = f"last contact {uk(contacts[-1].date)}" if contacts else "no contact yet"
            label = Text(
                f"{number}. {provider.name if provider else '?'} — "
                f"{days or 'no sessions'} ({format_hours(placement.hours_per_week)} h), {last}"
            )
            options.append(Option(label, id=placement.id))
        with Vertical(id="picker-box") as box:
            box.border_title = plain(f"Which provider did you speak to about {pupil.display_name}?")
            yield OptionList(*options, id="picker-list")
            yield Static("enter or 1–9 picks · escape cancels", classes="hint")

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and char.isdigit() and char != "0":
            option_list = self.query_one(OptionList)
            index = int(char) - 1
            if index < option_list.option_count:
                event.stop()
                self.dismiss(option_list.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
