"""The school's staff in the settings: each login and the name (and role) it is shown as,
wherever the app would otherwise show the login (`Raised by`, the audit, a conflict)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input

from alp_tui.models import Staff
from screens.widgets.list_editor import ListEditor

#: What a login may be (as useradd allows): letters, digits, `.`, `_`, `-`, no spaces.
LOGIN = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]*\$?")


class StaffEditor(ListEditor[Staff]):
    """Login, name, role; enter adds a member of staff, enter on one takes them back to
    change, delete removes them."""

    DEFAULT_CSS = """
    StaffEditor .staff-row {
        height: 1;
    }
    StaffEditor .staff-row Input {
        margin-right: 1;
    }
    StaffEditor .staff-user {
        width: 14;
    }
    StaffEditor .staff-name {
        width: 26;
    }
    StaffEditor .staff-role {
        width: 18;
    }
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove",
            tooltip="Remove the highlighted member of staff",
            id="settings.remove_staff",
        ),
    ]

    LIST_CLASSES = "staff-list"
    LABEL = "Staff"

    def compose_entry(self) -> ComposeResult:
        with Horizontal(classes="staff-row"):
            yield Input(placeholder="login", classes="staff-user", compact=True)
            yield Input(placeholder="name, e.g. Mrs A Patel", classes="staff-name", compact=True)
            yield Input(placeholder="role, e.g. ALP lead", classes="staff-role", compact=True)
            yield Button("Add", classes="list-add", compact=True)

    def _boxes(self) -> tuple[Input, Input, Input]:
        return (
            self.query_one(".staff-user", Input),
            self.query_one(".staff-name", Input),
            self.query_one(".staff-role", Input),
        )

    def read_entry(self) -> Staff | None:
        user, name, role = (box.value.strip() for box in self._boxes())
        if not (user or name or role):
            return None
        if not user:
            raise ValueError(f"{name or 'a member of staff'} needs their login (e.g. apatel)")
        if not LOGIN.fullmatch(user):
            raise ValueError(
                f"login {user!r} is not a login name: type it as they log in, without spaces "
                "(e.g. apatel)"
            )
        if not name:
            raise ValueError(f"the login {user} needs a name to show (e.g. Mrs A Patel)")
        return Staff(user=user, name=name, role=role or None)

    def fill_entry(self, item: Staff | None) -> None:
        values = (item.user, item.name, item.role or "") if item else ("", "", "")
        for box, value in zip(self._boxes(), values, strict=True):
            box.value = value

    def item_line(self, item: Staff) -> Text:
        return Text(f"{item.user}: {item.shown}")

    def entry_start(self) -> Widget:
        return self._boxes()[0]
