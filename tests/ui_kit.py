"""Driving the app in Pilot tests: one way to build it, to let it settle and to press keys.

`make_test_app` pins the date and the wall clock; `settle` lets workers finish and messages
land (until a screen shows or a condition holds); `wait_until` lets real timers run.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import monotonic, process_time
from typing import Any, TypeVar

from pinned import CLOCK, TODAY
from textual._context import active_app
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerCancelled

from alp_tui.app import AlpApp, make_app
from screens.caseload import CaseloadScreen
from screens.widgets.form_fields import ProblemPreview

SIZE = (80, 24)
S = TypeVar("S", bound=Screen[Any])
NAMED_KEYS = {
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "space",
    "down",
    "up",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "backspace",
    "delete",
    "ctrl+s",
    *(f"f{number}" for number in range(1, 13)),
}


LOOK = 0.005  # seconds a look at the process lasts
BUSY = LOOK / 20  # CPU used in a look that means it is still working


def app_is_quiet(app: App[Any]) -> bool:
    """No message waits at the app or any of its widgets, no widget drawn on the screen owes
    a repaint, layout, scroll or styles, and no call waits for the screen's next frame.

    A frame the screen owes (Textual draws at most 60 a second) is drawn now, as Pilot's
    `pause` does, and the app looked at again: so what a test reads next is drawn (unless
    the app holds its drawing back, as it does while it closes).
    """
    for node in [app, *app._registry]:
        if node._message_queue.qsize() or node._next_callbacks:
            return False
    try:
        screen = app.screen
    except Exception:  # no screen yet, or the app is closing
        return True
    for widget in screen.walk_children(Widget):
        if (
            widget._repaint_required
            or widget._layout_required
            or widget._scroll_required
            or widget._refresh_styles_required
        ) and widget.region.area:
            return False
    if not app._batch_count and (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    ):
        screen._on_timer_update()
        return False
    return not screen._callbacks


async def wait_until_quiet(min_sleep: float = LOOK, max_sleep: float = 1) -> None:
    """Textual's `wait_for_idle` (the process used almost no CPU in a look) in looks of 5 ms
    instead of 20, and only once the app is quiet too (`app_is_quiet`)."""
    start = monotonic()
    while True:
        cpu = process_time()
        await asyncio.sleep(LOOK)
        used = process_time() - cpu
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        if elapsed > min_sleep and used < BUSY:
            try:
                app = active_app.get()
            except LookupError:
                return
            if app_is_quiet(app):
                return


def make_test_app(
    path: Path | None,
    today: date = TODAY,
    *,
    user: str = "tester",
    demo: bool = False,
) -> AlpApp:
    """The app on `path` as of `today`, on the tests' fixed clock."""
    return make_app(path, today, user=user, demo=demo, clock=CLOCK)


def keys(*parts: str) -> list[str]:
    """Key names for pilot.press: named keys as they are, text one character at a time."""
    out: list[str] = []
    for part in parts:
        if part in NAMED_KEYS:
            out.append(part)
        else:
            out.extend("space" if ch == " " else ch for ch in part)
    return out


async def settle(
    pilot: Pilot[Any],
    until: type | Callable[[], object] | None = None,
    tries: int = 100,
) -> None:
    """Let workers finish and messages land; with `until` (a screen class or a condition),
    keep going until that screen is on top or the condition holds."""
    for _ in range(tries):
        with contextlib.suppress(WorkerCancelled):  # quitting cancels what still runs
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if until is None:
            return
        if isinstance(until, type):
            if isinstance(pilot.app.screen, until):
                return
        elif until():
            return
    what = until.__name__ if isinstance(until, type) else "the condition"
    raise AssertionError(f"{what} never came about")


async def wait_until(pilot: Pilot[Any], condition: Callable[[], Any], what: str) -> None:
    """Let the app run until `condition()` holds (workers and timers are real)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"gave up waiting for {what}")


async def press(pilot: Pilot[Any], *parts: str) -> None:
    await pilot.press(*keys(*parts))
    await settle(pilot)


async def open_app(pilot: Pilot[Any]) -> None:
    await settle(pilot, CaseloadScreen)


def screen_of(app: App[Any], kind: type[S]) -> S:
    """The screen on top, which the test expects to be a `kind`."""
    screen = app.screen
    assert isinstance(screen, kind), f"expected {kind.__name__} on top, not {screen!r}"
    return screen


def focused_id(app: App[Any]) -> str | None:
    focused = app.focused
    while focused is not None and not focused.id:
        focused = focused.parent  # type: ignore[assignment]
    return focused.id if focused is not None else None


def preview_text(app: App[Any]) -> str:
    return app.screen.query_one("#form-preview", ProblemPreview).text


def status_text(app: App[Any]) -> str:
    return str(app.screen.query_one("#form-status").render())


def burst(app: App[Any], keys: list[str]) -> None:
    """Send keys the way the terminal driver does, without waiting between them."""
    from textual import events

    names = {".": "full_stop", " ": "space", "/": "slash"}
    for key in keys:
        character = key if len(key) == 1 else {"tab": "\t", "enter": "\r"}.get(key)
        event = events.Key(names.get(key, key), character)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
