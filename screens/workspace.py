"""What every screen works on: the store, the date the app runs as, the user, and the
current caseload snapshot with its problems, as plain attributes.

Reading the snapshot never touches the disk. Workers read a new one (`read_snapshot`, off
the UI thread, where the file is parsed and the problems worked out) and post it in a
message; the app assigns it (`adopt`) and tells the screens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, cast

from textual.screen import Screen

from alp_tui.caseload import Caseload
from alp_tui.clock import Clock, system_clock
from alp_tui.problems_delta import ProblemIndex, update_indexed
from alp_tui.rules import Problem, find_problems
from store import Store, notes_folder


@dataclass(frozen=True)
class Snapshot:
    """One version of the caseload and its problems, numbered in the order it was read."""

    caseload: Caseload
    problems: list[Problem]
    number: int
    #: The problems by whom they are about, for the next save's update (made when needed).
    index: ProblemIndex | None = None


class Workspace:
    """The store, the rules' day, the user, the wall clock, and the snapshot on screen."""

    def __init__(
        self,
        store: Store,
        today: date,
        user: str,
        *,
        clock: Clock = system_clock,
        snapshot: Snapshot | None = None,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.today = today
        self.user = user
        #: The demo caseload, in a temporary file: notes go to the documents folder.
        self.demo = demo
        #: The wall clock (stamps, a draft's start time); `today` is the rules' day, apart.
        self.clock = clock
        self._lock = threading.Lock()
        self._read: Snapshot | None = None
        self._numbered = 0
        first = snapshot or self.read_snapshot()
        #: The snapshot shown now, and its problems: plain attributes, read freely.
        self.caseload: Caseload = first.caseload
        self.problems: list[Problem] = first.problems
        self.snapshot: Snapshot = first

    def read_snapshot(self) -> Snapshot:
        """The newest snapshot and its problems, for a worker thread: it may parse the file.

        Loading and numbering happen under one lock, so a later number is never an older
        version; a snapshot already read is handed out again rather than judged twice.
        """
        with self._lock:
            caseload = self.store.load()
            last = self._read
            if last is not None and last.caseload is caseload:
                return last
            self._numbered += 1
            index: ProblemIndex | None = None
            if last is None:
                problems = find_problems(caseload, self.today)
            else:
                # Only what the save touched is judged again (the answer is the same).
                problems, index = update_indexed(
                    last.caseload, last.problems, last.index, caseload, self.today
                )
            snapshot = Snapshot(caseload, problems, self._numbered, index)
            self._read = snapshot
            return snapshot

    @property
    def me(self) -> str:
        """The user as the staff list names them (`Mrs A Patel (ALP lead)`), else the login."""
        return self.caseload.meta.staff_name(self.user)

    def notes_folder(self) -> Path:
        """Where notes go unless the user names a folder (`store.notes_folder`)."""
        return notes_folder(self.store.path, self.caseload.meta, demo=self.demo)

    def has_seen(self, snapshot: Snapshot) -> bool:
        """Is `snapshot` the one shown, or older? (A worker asks before posting one.)"""
        return snapshot.number <= self.snapshot.number

    def adopt(self, snapshot: Snapshot) -> bool:
        """Show `snapshot` if it is newer than the one shown (UI thread only)."""
        if self.has_seen(snapshot):
            return False
        self.snapshot = snapshot
        self.caseload = snapshot.caseload
        self.problems = snapshot.problems
        return True


class AlpAppApi(Protocol):
    """What the screens ask of the app, beyond Textual's own App."""

    @property
    def workspace(self) -> Workspace: ...

    @property
    def has_workspace(self) -> bool: ...

    def show_snapshot(self, snapshot: Snapshot) -> None: ...

    def open_pupil(self, pupil_id: str) -> None: ...

    def open_settings(self) -> None: ...

    def home(self) -> Screen[Any]: ...


def alp_app(node: Any) -> AlpAppApi:
    """The app a widget or screen is mounted in, typed for the calls above."""
    return cast(AlpAppApi, node.app)


def workspace_of(node: Any) -> Workspace:
    """The app's workspace, from any widget or screen mounted in it."""
    return alp_app(node).workspace
