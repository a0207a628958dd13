"""Which placement: asked when a pupil has several (to log a contact, to open the learning
plan, to record a review, to plan or end one). Digits 1–9 pick at once.

`with_placement` runs an action on the pupil's one placement of the kind asked for, or asks
which when there are several.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import DAY_NAMES, Placement
from alp_tui.rules import format_hours
from screens.widgets.text import plain, say
from screens.workspace import workspace_of

ACTIVE: tuple[str, ...] = ("active",)


def placements_in(caseload: Caseload, pupil_id: str, statuses: Sequence[str]) -> list[Placement]:
    """The pupil's placements with one of `statuses`, oldest first."""
    return [p for p in caseload.placements_of(pupil_id) if p.status in statuses]


def with_placement(
    screen: Any,
    pupil_id: str,
    action: Callable[[str], object],
    *,
    statuses: Sequence[str] = ACTIVE,
    question: str = "",
    latest_otherwise: bool = False,
    none_text: str = "There is no placement for that yet.",
) -> None:
    """Run `action(placement_id)` on the pupil's placement with one of `statuses`; ask which
    when there are several. With `latest_otherwise`, a pupil with none of them gets their
    latest placement instead (the plan of a placement that has ended, say)."""
    caseload = workspace_of(screen).caseload
    found = placements_in(caseload, pupil_id, statuses)
    if not found and latest_otherwise:
        found = caseload.placements_of(pupil_id)[-1:]
    if not found:
        say(screen, none_text, severity="warning", timeout=5)
        return
    if len(found) == 1:
        action(found[0].id)
        return

    def picked(placement_id: str | None) -> None:
        if placement_id:
            action(placement_id)

    screen.app.push_screen(PlacementPicker(pupil_id, question=question, statuses=statuses), picked)


class PlacementPicker(ModalScreen[str | None]):
    """One of a pupil's placements (the active ones unless told); dismisses with the
    placement id, or None."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="placement_picker.cancel")]

    def __init__(
        self, pupil_id: str, *, question: str = "", statuses: Sequence[str] = ACTIVE
    ) -> None:
        super().__init__()
        self._pupil_id = pupil_id
        self._question = question
        self._statuses = tuple(statuses)

    def compose(self) -> ComposeResult:
        caseload = workspace_of(self).caseload
        pupil = caseload.pupils[self._pupil_id]
        options = []
        found = placements_in(caseload, pupil.id, self._statuses)
        for number, placement in enumerate(found, start=1):
            provider = caseload.provider_of(placement)
            days = ", ".join(DAY_NAMES[s.day][:3] for s in placement.schedule)
            contacts = caseload.contacts_of(placement.id)
            last = f"last contact {uk(contacts[-1].date)}" if contacts else "no contact yet"
            status = "" if self._statuses == ACTIVE else f" ({placement.status})"
            label = Text(
                f"{number}. {provider.name if provider else '?'}{status} — "
                f"{days or 'no sessions'} ({format_hours(placement.hours_per_week)} h), {last}"
            )
            options.append(Option(label, id=placement.id))
        with Vertical(id="picker-box") as box:
            question = self._question or "Which provider did you speak to about {name}?"
            box.border_title = plain(question.format(name=pupil.display_name))
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
