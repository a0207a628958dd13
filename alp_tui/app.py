"""The Textual application: opens (or, after asking, creates) the caseload file, shows the
caseload screen, watches the file for other people's changes and ties the screens together.

`make_app(data_path, today=...)` builds it; the command line runs it and exits with
`app.return_code` (2 when the file is unusable: the sentence is printed on stderr).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

import screens
from alp_tui.clock import Clock, system_clock
from screens.commands import AlpCommands
from screens.messages import CaseloadChanged
from screens.widgets.text import say
from screens.workspace import Workspace

# The stylesheet ships inside the screens package (package data).
SCREENS_DIR = Path(screens.__file__).resolve().parent


class StoreOpened(Message):
    """The worker opened and loaded the caseload file."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace


class StoreMissing(Message):
    """There is no file at the data path: ask before creating one."""


class StoreFailed(Message):
    """The file is unusable; `sentence` says why (and names the newest backup)."""

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence


class AlpApp(App[None]):
    """alp-tui: the weekly review of pupils in part-time alternative provision."""

    CSS_PATH = str(SCREENS_DIR / "app.tcss")
    TITLE = "alp-tui"
    COMMANDS = App.COMMANDS | {AlpCommands}
    BINDINGS = [
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            tooltip="The keys of this screen",
            id="app.help",
        ),
    ]

    #: Seconds between checks for another process's changes to the file.
    watch_seconds: float = 2.0

    def __init__(
        self,
        data_path: Path,
        today: date,
        user: str,
        *,
        demo: bool = False,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__()
        self.data_path = data_path
        self.today = today
        self.clock = clock
        self.user = user
        self.demo = demo
        self._workspace: Workspace | None = None
        self._watch_timer: Timer | None = None
        #: Why the app refused to open the file (also printed on exit), if it did.
        self.failure: str | None = None

    # --- the workspace ---------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            raise RuntimeError("no caseload is open yet")
        return self._workspace

    @property
    def has_workspace(self) -> bool:
        return self._workspace is not None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Opening {self.data_path} …"), id="opening")

    def on_mount(self) -> None:
        self._open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        from store import FileMissingError, Store, StoreError

        if not self.data_path.exists():
            self.post_message(StoreMissing())
            return
        try:
            store = Store(self.data_path, user=self.user, clock=self.clock)
            workspace = Workspace(store=store, today=self.today, user=self.user, clock=self.clock)
            # Load and work out the problems here, off the UI thread.
            _ = workspace.problems
        except FileMissingError:
            self.post_message(StoreMissing())
        except StoreError as error:
            self.post_message(StoreFailed(str(error)))
        except OSError as error:
            self.post_message(StoreFailed(f"Cannot read {self.data_path}: {error.strerror}."))
        else:
            self.post_message(StoreOpened(workspace))

    @on(StoreMissing)
    def _ask_to_create(self) -> None:
        from screens.first_run import FirstRunScreen

        self.push_screen(FirstRunScreen(self.data_path), self._first_run_done)

    def _first_run_done(self, store: object | None) -> None:
        from store import Store

        if not isinstance(store, Store):
            self.exit()
            return
        workspace = Workspace(store=store, today=self.today, user=self.user, clock=self.clock)
        self.post_message(StoreOpened(workspace))

    @on(StoreFailed)
    def _refuse(self, message: StoreFailed) -> None:
        self.failure = message.sentence
        self.exit(return_code=2, message=Text(message.sentence))

    @on(StoreOpened)
    def _opened(self, message: StoreOpened) -> None:
        from screens.caseload import CaseloadScreen

        self._workspace = message.workspace
        school = self._workspace.caseload.meta.school_name
        self.sub_title = school
        # The first-run dialog (if any) has gone; the caseload replaces the opening line.
        self.push_screen(CaseloadScreen())
        self._watch_timer = self.set_interval(self.watch_seconds, self.check_disk)

    # --- watching the file -----------------------------------------------------------------

    def check_disk(self) -> None:
        """Look (in a worker) for another process's changes; reload and tell the screens."""
        if self._workspace is not None:
            self._check_disk_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _check_disk_worker(self) -> None:
        from store import StoreError

        store = self.workspace.store
        try:
            if not store.changed_on_disk():
                return
            # Load (and find the problems) here so the UI thread finds them ready.
            _ = self.workspace.problems
        except StoreError as error:
            self.call_from_thread(
                say,
                self,
                f"The caseload file changed and cannot be read now: {error}",
                title="File unreadable",
                severity="error",
                timeout=10,
            )
            return
        except OSError:
            return  # mid-replace or a network hiccup: try again at the next tick
        self.post_message(CaseloadChanged())

    @on(CaseloadChanged)
    def _tell_screens(self, message: CaseloadChanged) -> None:
        """Pass the news to every screen in the stack (they refresh what they show)."""
        if self._workspace is not None:
            self.sub_title = self._workspace.caseload.meta.school_name
        for screen in self.screen_stack:
            forwarded = CaseloadChanged()
            # Stopped so it does not bubble back up to the app from the screen.
            forwarded.stop()
            screen.post_message(forwarded)

    # --- actions available everywhere ------------------------------------------------------

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def open_pupil(self, pupil_id: str) -> None:
        from screens.pupil import PupilScreen

        self.push_screen(PupilScreen(pupil_id))

    def open_settings(self) -> None:
        from screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def home(self) -> Screen[object]:
        """Back to the caseload, closing every screen above it."""
        from screens.caseload import CaseloadScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, CaseloadScreen):
            self.pop_screen()
        return self.screen


def _remove_later(folder: Path) -> None:
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


def make_app(
    data_path: Path | None,
    today: date | None = None,
    *,
    demo: bool = False,
    user: str | None = None,
    clock: Clock | None = None,
) -> AlpApp:
    """Build the app on `data_path` (default: store.default_data_path()) as of `today`.

    With `demo`, the demo caseload is written to a new temporary file (removed at exit)
    and `data_path` is ignored. `clock` gives the stamps and the draft times (the wall
    clock unless a test pins it); `today` defaults to its date.
    """
    from store import Store, current_user, default_data_path

    clock = clock or system_clock
    today = today or clock().date()
    user = user or current_user()
    if demo:
        from alp_tui.demo import demo_caseload

        folder = Path(tempfile.mkdtemp(prefix="alp-tui-demo-"))
        _remove_later(folder)
        data_path = folder / "caseload.json"
        caseload = demo_caseload(today)
        Store.create(data_path, caseload.meta, caseload=caseload, user=user, clock=clock)
    elif data_path is None:
        data_path = default_data_path()
    return AlpApp(data_path, today, user, demo=demo, clock=clock)
