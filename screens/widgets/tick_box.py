"""A tick box that reads without colour: `[x] Confidential` or `[ ] Confidential`, and the
radio button to match (`(•)` chosen, `( )` not).

Textual's own toggles tell on from off by colour only, which a monochrome terminal cannot
show; these draw the mark as text and are otherwise Textual's Checkbox and RadioButton.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox, RadioButton

TICKS = ("[ ]", "[x]")
CHOICES = ("( )", "(•)")


def _draw(toggle: Checkbox | RadioButton, marks: tuple[str, str]) -> Content:
    """The mark for the toggle's value (plain text), then its label styled as Textual's."""
    mark = Content(marks[toggle.value])
    label = toggle.label.pad(1, 1).stylize_before(toggle.get_visual_style("toggle--label"))
    return Content.assemble(mark, label)


def _width(toggle: Checkbox | RadioButton, marks: tuple[str, str]) -> int:
    label = toggle.label.cell_length
    return len(marks[toggle.value]) + (2 + label if label else 0)


class TickBox(Checkbox):
    """A yes/no tick box: `[x]` ticked, `[ ]` not; space or enter ticks it."""

    def __init__(self, label: str, value: bool = False, *, id: str | None = None) -> None:
        # The label is plain text, never markup.
        super().__init__(Text(label), value, id=id, compact=True)

    def render(self) -> Content:
        return _draw(self, TICKS)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return _width(self, TICKS)


class MarkedRadio(RadioButton):
    """A radio button that shows `(•)` chosen or `( )` not."""

    def render(self) -> Content:
        return _draw(self, CHOICES)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return _width(self, CHOICES)
