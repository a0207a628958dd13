"""A week-by-week strip on the terminal: one cell per week with its number in it (`–` for a
week with nothing recorded), shaded from the theme's colours, lighter to darker as the
number rises. The cells and their shades come from `alp_tui.weeks`, the same ones the Word
note draws, so the number reads without colour and the shade only adds to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.color import Color

from alp_tui.weeks import SHADES, StripCell

#: Cells on one line of a strip; a longer run goes on below.
CELLS_PER_LINE = 12
CELL_WIDTH = 3

# Fallbacks for a theme that lacks a variable (and for tests with no app).
_DEFAULTS = {"primary": "#0178D4", "surface": "#1E1E1E", "foreground": "#E0E0E0"}


def shade_style(shade: int, colours: Mapping[str, str] | None = None) -> str:
    """A Rich style for a cell of this shade: the theme's surface blended towards its
    primary colour (shade 0 a fifth of the way, the darkest all of it), with the figure in
    whichever text colour reads on it."""
    colours = colours or _DEFAULTS
    base = Color.parse(colours.get("surface", _DEFAULTS["surface"]))
    top = Color.parse(colours.get("primary", _DEFAULTS["primary"]))
    back = base.blend(top, (shade + 1) / SHADES)
    return f"bold {back.get_contrast_text(1.0).hex6} on {back.hex6}"


def strip_text(
    cells: Sequence[StripCell],
    colours: Mapping[str, str] | None = None,
    *,
    per_line: int = CELLS_PER_LINE,
) -> Text:
    """The cells, oldest first, `per_line` to a line; `not rated yet` when there are none."""
    if not cells:
        return Text("no weeks yet", style="italic")
    text = Text()
    for index, cell in enumerate(cells):
        if index and index % per_line == 0:
            text.append("\n")
        label = cell.label.center(CELL_WIDTH)
        if cell.shade is None:
            text.append(label, style="dim")
        else:
            text.append(label, style=shade_style(cell.shade, colours))
    return text


def strip_words(cells: Sequence[StripCell]) -> str:
    """The strip as plain figures (`2 2 3 – 4`), for tests and a screen reader."""
    return " ".join(cell.label for cell in cells)
