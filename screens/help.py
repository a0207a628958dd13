"""The keys of the screen underneath, with what they do (`f1` anywhere; `?` too where
nothing can be typed, since in a text field it is a question mark)."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from screens.widgets.text import plain


def _declared(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def screen_keys(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(key, what it does, more) for the bindings active on `screen`: the screen's own
    keys first, then the app's, then generic ones (focus movement, copy)."""
    app = screen.app
    # Textual copies Binding objects when it builds its maps, so match on the action.
    own = {b.action for b in _declared(type(screen))} | {b.action for b in _declared(type(app))}

    def rank(active: ActiveBinding) -> int:
        binding = active.binding
        if active.node is screen and binding.action in own:
            return 0
        if active.node not in (screen, app) and binding.show:
            return 0  # the focused widget's advertised keys (enter: open)
        if active.node is app and binding.action in own:
            return 1
        return 2

    grouped: dict[tuple[str, str], tuple[int, list[str], str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        if active.node not in (screen, app) and not binding.show:
            continue  # a table's cursor keys: the same everywhere
        ident = (binding.action, binding.description)
        where, displays, more = grouped.get(ident, (rank(active), [], ""))
        displays.append(app.get_key_display(binding))
        grouped[ident] = (min(where, rank(active)), displays, more or active.tooltip)
    items = sorted(grouped.items(), key=lambda item: item[1][0])
    keys = [
        (" / ".join(dict.fromkeys(displays)), description, more)
        for (_action, description), (_rank, displays, more) in items
    ]
    described = {description for _key, description, _more in keys}
    if "palette" not in described:
        keys.append(
            ("^p", "Command palette", "Jump to a pupil or provider by name, or run an action")
        )
    return keys


#: The widest the help box grows (app.tcss `#help-box` max-width).
HELP_WIDTH = 100

#: What each screen is called in the help title, in the words a user knows it by.
SCREEN_TITLES = {
    "CaseloadScreen": "Caseload",
    "PupilScreen": "Pupil record",
    "ProvidersScreen": "Providers",
    "ProviderFormScreen": "Provider details",
    "ContactScreen": "Weekly contact",
    "ContactHistoryScreen": "Contact history",
    "ConcernScreen": "Concern",
    "ConcernDialog": "Concern",
    "LearningPlanScreen": "Learning plan",
    "TargetFormScreen": "Target",
    "TargetHistoryScreen": "Target history",
    "ReviewFormScreen": "Review meeting",
    "TransitionFormScreen": "Transition plan",
    "EndPlacementScreen": "Ending a placement",
    "PlacementFormScreen": "Placement",
    "PupilFormScreen": "Pupil details",
    "ExportScreen": "Export a review note",
    "ReleasePreview": "What the note carries",
    "PlacementPicker": "Which placement",
    "SettingsScreen": "Settings",
    "ImportScreen": "Import a spreadsheet",
}


def screen_title(screen: Screen[Any]) -> str:
    """The screen's name in words: its `HELP_TITLE`, a known name, else its class name
    spelled out (`ProviderFormScreen` → `Provider form`)."""
    title = getattr(screen, "HELP_TITLE", None)
    if isinstance(title, str) and title:
        return title
    name = type(screen).__name__
    if name in SCREEN_TITLES:
        return SCREEN_TITLES[name]
    words = re.findall(r"[A-Z][a-z0-9]*", name.removesuffix("Screen")) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


class HelpScreen(ModalScreen[None]):
    """A table of the keys of the screen it was opened on."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._keys = screen_keys(screen)
        self._title = f"Keys: {screen_title(screen)}"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = plain(self._title)
            table: DataTable[Text] = DataTable(id="help-keys", cursor_type="row")
            # The longest line wraps in its own column rather than being cut at 80 columns.
            key_width = max([len("Key"), *(len(key) for key, _d, _m in self._keys)])
            does_width = max([len("Does"), *(len(does) for _k, does, _m in self._keys)])
            # The box's width (app.tcss: 90%, at most HELP_WIDTH) less border, padding and
            # a scroll bar.
            room = min(self.app.size.width * 9 // 10, HELP_WIDTH) - 8
            table.add_column("Key", width=key_width)
            table.add_column("Does", width=does_width)
            table.add_column("", width=max(12, room - key_width - does_width - 6))
            for key, description, more in self._keys:
                table.add_row(Text(key, style="bold"), Text(description), Text(more), height=None)
            yield table
            yield Static(
                Text("escape goes back everywhere; a form asks before it drops your typing."),
                id="help-note",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
