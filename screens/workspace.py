"""What every screen works on: the store, the date the app runs as, the user, and the
current caseload snapshot with its problems (computed once per snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

from alp_tui.caseload import Caseload
from alp_tui.rules import Problem, find_problems

if TYPE_CHECKING:
    from store import Store


@dataclass
class Workspace:
    store: Store
    today: date
    user: str
    _snapshot: Caseload | None = field(default=None, repr=False)
    _problems: list[Problem] = field(default_factory=list, repr=False)

    @property
    def caseload(self) -> Caseload:
        """The newest snapshot: re-read from disk only when another process wrote."""
        snapshot = self.store.load()
        if snapshot is not self._snapshot:
            self._snapshot = snapshot
            self._problems = find_problems(snapshot, self.today)
        return snapshot

    @property
    def problems(self) -> list[Problem]:
        _ = self.caseload
        return self._problems


class _HasWorkspace(Protocol):
    workspace: Workspace


def workspace_of(widget: Any) -> Workspace:
    """The app's workspace, from any widget or screen mounted in it."""
    return cast(_HasWorkspace, widget.app).workspace
