"""What every screen works on: the store, the date the app runs as, the user, and the
current caseload snapshot with its problems (computed once per snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

from alp_tui.caseload import Caseload
from alp_tui.clock import Clock, system_clock
from alp_tui.rules import Problem, find_problems

if TYPE_CHECKING:
    from store import Store


@dataclass
class Workspace:
    store: Store
    today: date
    user: str
    #: The wall clock (stamps, a draft's start time); `today` is the rules' day, apart.
    clock: Clock = system_clock
    # The snapshot and its problems change together, as one pair, so a worker thread that
    # works out the problems of a new snapshot never leaves a reader with a mismatched pair.
    _current: tuple[Caseload, list[Problem]] | None = field(default=None, repr=False)

    def _refresh(self) -> tuple[Caseload, list[Problem]]:
        snapshot = self.store.load()
        current = self._current
        if current is None or current[0] is not snapshot:
            current = (snapshot, find_problems(snapshot, self.today))
            self._current = current
        return current

    @property
    def caseload(self) -> Caseload:
        """The newest snapshot: re-read from disk only when another process wrote."""
        return self._refresh()[0]

    @property
    def problems(self) -> list[Problem]:
        """The problems of the newest snapshot, worked out once per snapshot."""
        return self._refresh()[1]


class _HasWorkspace(Protocol):
    workspace: Workspace


def workspace_of(widget: Any) -> Workspace:
    """The app's workspace, from any widget or screen mounted in it."""
    return cast(_HasWorkspace, widget.app).workspace
