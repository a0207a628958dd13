"""Driving the forms by key presses in Pilot tests (shared by the form and provider tests)."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from alp_tui.app import AlpApp
from screens.caseload import CaseloadScreen
from screens.widgets.form_fields import ProblemPreview

SIZE = (80, 24)
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


def keys(*parts: str) -> list[str]:
    """Key names for pilot.press: named keys as they are, text one character at a time."""
    out: list[str] = []
    for part in parts:
        if part in NAMED_KEYS:
            out.append(part)
        else:
            out.extend("space" if ch == " " else ch for ch in part)
    return out


async def settle(pilot: Pilot[Any], until: type | None = None, tries: int = 50) -> None:
    for _ in range(tries):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if until is None or isinstance(pilot.app.screen, until):
            return
    raise AssertionError(f"{until.__name__ if until else 'the app'} never showed up")


async def press(pilot: Pilot[Any], *parts: str) -> None:
    await pilot.press(*keys(*parts))
    await settle(pilot)


async def open_app(pilot: Pilot[Any]) -> None:
    await settle(pilot, CaseloadScreen)


def focused_id(app: AlpApp) -> str | None:
    focused = app.focused
    while focused is not None and not focused.id:
        focused = focused.parent  # type: ignore[assignment]
    return focused.id if focused is not None else None


def preview_text(app: AlpApp) -> str:
    return app.screen.query_one("#form-preview", ProblemPreview).text


def status_text(app: AlpApp) -> str:
    return str(app.screen.query_one("#form-status").render())
