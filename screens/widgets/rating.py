"""Pickers driven by single keys, for typing during a phone call: a 1–5 rating (keys 1–5)
and a choice among a few words (the first letter picks it, e.g. `p` phone, `v` video)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from alp_tui.models import RATING_WORDS


class RatingPicker(Widget, can_focus=True):
    """A rating 1–5: keys 1–5 set it, left/right (or -/+) nudge it, 0 or delete clear it.

    With `advance`, a digit also moves on to the next rating (as `down` does), so a second
    digit typed straight after lands there instead of overwriting the first.

    Shown as dots and words (`●●●○○ 3 developing`) so it reads without colour.
    """

    DEFAULT_CSS = """
    RatingPicker {
        width: auto;
        min-width: 24;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    RatingPicker:focus {
        background: $accent 30%;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("1", "rate(1)", "Rate 1–5", key_display="1–5", id="rating.rate"),
        Binding("2", "rate(2)", "Rate 2", show=False),
        Binding("3", "rate(3)", "Rate 3", show=False),
        Binding("4", "rate(4)", "Rate 4", show=False),
        Binding("5", "rate(5)", "Rate 5", show=False),
        Binding("right,plus,equals_sign", "nudge(1)", "Higher", show=False),
        Binding("left,minus", "nudge(-1)", "Lower", show=False),
        Binding("0,delete,backspace", "rate(0)", "Clear", show=False),
        # Priority, so a key typed straight after goes to the rating moved to.
        Binding("down", "jump(1)", "Next rating", show=False, priority=True),
        Binding("up", "jump(-1)", "Previous rating", show=False, priority=True),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Changed(Message):
        picker: RatingPicker
        value: int | None

        @property
        def control(self) -> RatingPicker:
            return self.picker

    def __init__(
        self,
        value: int | None = None,
        *,
        words: Mapping[int, str] | None = RATING_WORDS,
        placeholder: str = "not rated: press 1–5",
        advance: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._words = dict(words or {})
        self._placeholder = placeholder
        self._advance = advance
        self.set_reactive(RatingPicker.value, value if value in (1, 2, 3, 4, 5) else None)

    def render(self) -> Text:
        value = self.value
        if value is None:
            return Text(f"○○○○○ {self._placeholder}", style="dim" if not self.has_focus else "")
        word = self._words.get(value, "")
        return Text(f"{'●' * value}{'○' * (5 - value)} {value} {word}".rstrip())

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_rate(self, value: int) -> None:
        self.value = value if 1 <= value <= 5 else None

    _KEYS = {
        **{str(n): ("rate", n) for n in range(6)},
        "delete": ("rate", 0),
        "backspace": ("rate", 0),
        "right": ("nudge", 1),
        "plus": ("nudge", 1),
        "equals_sign": ("nudge", 1),
        "left": ("nudge", -1),
        "minus": ("nudge", -1),
    }

    def on_key(self, event: events.Key) -> None:
        # Handled here rather than by the bindings (which stay for the footer and help):
        # a binding acts on whatever has focus once the key has bubbled up, so a rating
        # typed straight after moving on would land on the next picker.
        found = self._KEYS.get(event.key)
        if found is None:
            return
        event.stop()
        event.prevent_default()
        action, value = found
        if action == "rate":
            self.action_rate(value)
            if self._advance and 1 <= value <= 5:
                self.action_jump(1)
        else:
            self.action_nudge(value)

    def action_jump(self, step: int) -> None:
        """Move to the next (or previous) rating on the screen, skipping the fields between."""
        pickers = [p for p in self.screen.query(RatingPicker) if p.focusable]
        index = pickers.index(self) + step
        if 0 <= index < len(pickers):
            # Straight away (Widget.focus waits a turn), so the next key goes there.
            self.screen.set_focus(pickers[index])
        elif step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def action_nudge(self, step: int) -> None:
        current = self.value or (0 if step > 0 else 6)
        self.value = min(5, max(1, current + step))


Choice = TypeVar("Choice", bound=str)


def chosen(options: tuple[Choice, ...], picker: ChoicePicker) -> Choice:
    """The picker's value as one of `options` (the words it was given to offer)."""
    return options[options.index(picker.value)]


class ChoicePicker(Widget, can_focus=True):
    """One of a few words: typing a letter jumps to the next option starting with it,
    left/right/space cycle through them. Shown as `‹ phone ›`."""

    DEFAULT_CSS = """
    ChoicePicker {
        width: auto;
        min-width: 14;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ChoicePicker:focus {
        background: $accent 30%;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("right,space", "cycle(1)", "Next choice", key_display="←→", id="choice.next"),
        Binding("left", "cycle(-1)", "Previous choice", show=False),
    ]

    value: reactive[str] = reactive("", layout=True)

    @dataclass
    class Changed(Message):
        picker: ChoicePicker
        value: str

        @property
        def control(self) -> ChoicePicker:
            return self.picker

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`options` are (value, label) pairs; the first is the default."""
        super().__init__(name=name, id=id, classes=classes)
        if not options:
            raise ValueError("a choice needs at least one option")
        self._options = list(options)
        values = [v for v, _ in self._options]
        self.set_reactive(ChoicePicker.value, value if value in values else values[0])

    @property
    def label(self) -> str:
        return dict(self._options).get(self.value, self.value)

    def render(self) -> Text:
        return Text(f"‹ {self.label} ›")

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def _index(self) -> int:
        values = [v for v, _ in self._options]
        return values.index(self.value) if self.value in values else 0

    def action_cycle(self, step: int) -> None:
        self.value = self._options[(self._index() + step) % len(self._options)][0]

    def on_key(self, event: events.Key) -> None:
        if event.key in ("right", "space", "left"):
            event.stop()
            event.prevent_default()
            self.action_cycle(-1 if event.key == "left" else 1)
            return
        char = event.character
        if not char or not char.isalpha() or len(char) != 1:
            return
        char = char.lower()
        count = len(self._options)
        start = self._index()
        # Repeating a letter walks through the options sharing it (`m` meeting, `m` …).
        for step in range(1, count + 1):
            value, label = self._options[(start + step) % count]
            if label.lower().startswith(char):
                self.value = value
                event.stop()
                event.prevent_default()
                return
