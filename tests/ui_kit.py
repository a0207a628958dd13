"""Driving the app in Pilot tests: one way to build it, to let it settle and to press keys.

`make_test_app` pins the date and the wall clock; `settle` lets workers finish and messages
land (until a screen shows or a condition holds); `wait_until` lets real timers run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pinned import CLOCK, TODAY
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
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
    "ctrl+s",
    "f2",
    "delete",
}


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
