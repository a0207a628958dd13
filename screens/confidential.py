"""A confidential concern's text stays out of sight until someone asks for it: anyone in the
room during a call could read the screen. One key shows it; leaving the screen hides it
again. Only the words are hidden: the text is never changed, and once shown it can be
edited as usual."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from alp_tui.models import Concern
from screens.widgets.long_text import cell_text

#: What stands in a table cell for a confidential concern's text.
HIDDEN_CELL = "confidential · s shows the text"
#: What stands in the concern form for its hidden text.
HIDDEN_FIELD = "confidential · ctrl+t shows the text"

#: The pupil record's key (a letter: nothing is typed there).
SHOW_IN_RECORD = Binding(
    "s",
    "show_confidential",
    "Show text",
    tooltip="Show (or hide) the text of confidential concerns",
    id="pupil.show_text",
)
#: The concern form's key (a ctrl key, since letters are typing there). Priority, so a text
#: field does not take it first.
SHOW_IN_FORM = Binding(
    "ctrl+t",
    "show_confidential",
    "Show text",
    tooltip="Show the text of this confidential concern",
    id="concern.show_text",
    priority=True,
)


def concern_cell(concern: Concern, shown: bool) -> Text:
    """The concern's text for one table cell, or the line that stands in for it."""
    if concern.is_confidential and not shown:
        return Text(HIDDEN_CELL, style="italic")
    return Text(cell_text(concern.description))
