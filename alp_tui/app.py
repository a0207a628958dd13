"""The Textual application: opens (or, after asking, creates) the caseload file, shows the
caseload screen, watches the file for other people's changes and ties the screens together.

`make_app(data_path, today=...)` builds it; the command line runs it and exits with
`app.return_code` (2 when the file is unusable: the sentence is printed on stderr).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

import screens
from alp_tui.clock import Clock, system_clock
from alp_tui.demo import demo_caseload
from alp_tui.stylesheet import SharedStylesheet
from alp_tui.terminal import shown
from screens.caseload import CaseloadScreen
from screens.commands import AlpCommands
from screens.confirm import ConfirmScreen
from screens.edit_keys import EDIT_KEYS, edit_in_turn
from screens.first_run import FirstRunScreen
from screens.help import HelpScreen
from screens.leaving import DEMO_NOTICE_SECONDS, demo_notice, quit_question, unsaved_forms
from screens.messages import CaseloadChanged
from screens.pupil import PupilScreen
from screens.saving import SaveDone, SaveFailed, failure_sentence
from screens.settings import SettingsScreen
from screens.too_small import TooSmallScreen, too_small
from screens.widgets import terminal_guard
from screens.widgets.text import say
from screens.workspace import Snapshot, Workspace
from store import (
    FileMissingError,
    StaleEditError,
    Store,
    StoreError,
    current_user,
    default_data_path,
)

# The stylesheet ships inside the screens package (package data).
SCREENS_DIR = Path(screens.__file__).resolve().parent


class StoreOpened(Message):
    """The worker opened the caseload file and read its first snapshot."""

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


class SnapshotLoaded(Message):
    """The watcher read a newer snapshot (another process saved)."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


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
        *EDIT_KEYS,
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
        # Parsed once per process, not once per app and again at every new screen's CSS.
        self.stylesheet = SharedStylesheet(variables=self.get_css_variables())
        terminal_guard.install()
        if os.environ.get("SSH_CONNECTION"):
            # Over SSH every frame of an animation is sent down the line: none at all.
            self.animation_level = "none"
        self.data_path = data_path
        self.today = today
        self.clock = clock
        self.user = user
        self.demo = demo
        self._workspace: Workspace | None = None
        self._watch_timer: Timer | None = None
        #: Why the app refused to open the file (also printed on exit), if it did.
        self.failure: str | None = None

    def action_edit_key(self, key: str) -> None:
        """Backspace, home, end… in a text field, in turn with the letters typed around it."""
        edit_in_turn(self, key)

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
        self.call_later(self.check_size)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below 80×24 say so, rather than show a screen squeezed out of shape."""
        if width is None or height is None:
            width, height = self.size
        if too_small(width, height) and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self, store: Store | None = None) -> None:
        """Open the file (or the one just created), read it and work out its problems here,
        off the UI thread."""
        if store is None and not self.data_path.exists():
            self.post_message(StoreMissing())
            return
        try:
            store = store or Store(self.data_path, user=self.user, clock=self.clock)
            workspace = Workspace(
                store=store, today=self.today, user=self.user, clock=self.clock, demo=self.demo
            )
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
        self.push_screen(FirstRunScreen(self.data_path), self._first_run_done)

    def _first_run_done(self, store: Store | None) -> None:
        if store is None:
            self.exit()
            return
        self._open_store(store)

    @on(StoreFailed)
    def _refuse(self, message: StoreFailed) -> None:
        self.failure = message.sentence
        self.exit(return_code=2, message=Text(shown(message.sentence)))

    @on(StoreOpened)
    def _opened(self, message: StoreOpened) -> None:
        self._workspace = message.workspace
        self.sub_title = self._school_title(self._workspace.caseload.meta.school_name)
        if self.demo:
            say(self, demo_notice(self.data_path), title="Demo", timeout=DEMO_NOTICE_SECONDS)
        # The first-run dialog (if any) has gone; the caseload replaces the opening line.
        self.push_screen(CaseloadScreen())
        self.call_later(self.check_size)
        self._watch_timer = self.set_interval(self.watch_seconds, self.check_disk)

    # --- new snapshots -----------------------------------------------------------------------

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show a newer snapshot: the workspace holds it at once (what a screen reads next
        is the new one), and the screens on the stack once this turn is over are told."""
        if self._workspace is None or not self._workspace.adopt(snapshot):
            return
        self.sub_title = self._school_title(snapshot.caseload.meta.school_name)
        # Later, so a form that saved and closes in this turn is not told.
        self.call_later(self._tell_screens, snapshot)

    def _school_title(self, school: str) -> str:
        return f"{school} · demo (temporary file)" if self.demo else school

    def _tell_screens(self, snapshot: Snapshot) -> None:
        if self._workspace is None or self._workspace.snapshot is not snapshot:
            return  # a newer one came meanwhile, and the screens hear of that
        for screen in self.screen_stack:
            changed = CaseloadChanged(snapshot)
            # Stopped, so it does not bubble back up to the app from the screen.
            changed.stop()
            screen.post_message(changed)

    def check_disk(self) -> None:
        """Look (in a worker) for another process's changes; show them if there are any."""
        if self._workspace is not None:
            self._check_disk_worker(self._workspace)

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _check_disk_worker(self, workspace: Workspace) -> None:
        try:
            # Reads the file only when it changed; the problems are worked out here too.
            snapshot = workspace.read_snapshot()
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
        if not workspace.has_seen(snapshot):
            self.post_message(SnapshotLoaded(snapshot))

    @on(SnapshotLoaded)
    def _snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.show_snapshot(message.snapshot)

    # --- saves made for the app (`save_in_worker(app, plan)`) -------------------------------

    def on_save_done(self, message: SaveDone) -> None:
        if message.snapshot is not None:
            self.show_snapshot(message.snapshot)
        if message.plan.done:
            say(self, message.plan.done, timeout=4)

    def on_save_failed(self, message: SaveFailed) -> None:
        if message.snapshot is not None:
            self.show_snapshot(message.snapshot)
        sentence = failure_sentence(message.error)
        if isinstance(message.error, StaleEditError):
            say(
                self,
                f"{sentence} Nothing was changed; their version is showing now, so try again.",
                title="Changed by someone else",
                severity="error",
                timeout=10,
            )
        else:
            say(self, sentence, title="Not saved", severity="error", timeout=10)

    # --- actions available everywhere ------------------------------------------------------

    async def action_quit(self) -> None:
        """`q` on the caseload and ctrl+q anywhere: ask first when typing would be lost (an
        unsaved form, or the demo's temporary file)."""
        if any(isinstance(s, ConfirmScreen) for s in self.screen_stack):
            return  # already asking
        question = quit_question(
            unsaved_forms(list(self.screen_stack)), self.data_path if self.demo else None
        )
        if question is None:
            self.exit()
            return
        self.push_screen(
            ConfirmScreen(question, yes="Quit", no="Stay", title="Quit alp-tui?"),
            self._quit_answer,
        )

    def _quit_answer(self, answer: bool | None) -> None:
        if answer:
            self.exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen | TooSmallScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def open_pupil(self, pupil_id: str) -> None:
        self.push_screen(PupilScreen(pupil_id))

    def open_settings(self) -> None:
        self.push_screen(SettingsScreen())

    def home(self) -> Screen[object]:
        """Back to the caseload, closing every screen above it."""
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
    clock = clock or system_clock
    today = today or clock().date()
    user = user or current_user()
    if demo:
        folder = Path(tempfile.mkdtemp(prefix="alp-tui-demo-"))
        _remove_later(folder)
        data_path = folder / "caseload.json"
        caseload = demo_caseload(today)
        Store.create(data_path, caseload.meta, caseload=caseload, user=user, clock=clock)
    elif data_path is None:
        data_path = default_data_path()
    return AlpApp(data_path, today, user, demo=demo, clock=clock)
