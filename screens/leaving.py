"""Quitting without losing anything by surprise: which open forms hold unsaved typing, and
what to ask before the app closes (a demo caseload is a temporary file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from screens.help import screen_title


def holds_unsaved_typing(screen: Screen[Any]) -> bool:
    """True when the screen is a form whose fields differ from what was saved."""
    for name in ("dirty", "is_dirty"):
        value = getattr(type(screen), name, None)
        if isinstance(value, property):
            return bool(getattr(screen, name))
    return False


def unsaved_forms(stack: list[Screen[Any]]) -> list[str]:
    """The names of the open forms holding unsaved typing, top first."""
    return [screen_title(s) for s in reversed(stack) if holds_unsaved_typing(s)]


def demo_sentence(path: Path) -> str:
    return (
        f"This is the demo caseload, in a temporary file ({path}): it is deleted when you "
        "quit, with everything typed into it."
    )


#: How long the demo's first message stays: long enough to read, not so long that it hides
#: the caseload while the user starts.
DEMO_NOTICE_SECONDS = 8


def demo_notice(path: Path) -> str:
    """The demo's first message: short, so that at 80×24 the caseload stays in view."""
    return f"A temporary file, deleted on quit: {path}"


def quit_question(forms: list[str], demo_path: Path | None) -> str | None:
    """What to ask before quitting, or None when nothing would be lost."""
    parts: list[str] = []
    if forms:
        named = ", ".join(forms)
        parts.append(f"Typing on {named} is not saved, and quitting drops it.")
    if demo_path is not None:
        parts.append(demo_sentence(demo_path))
    if not parts:
        return None
    return " ".join([*parts, "Quit anyway?"])
