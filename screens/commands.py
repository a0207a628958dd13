"""The command palette (ctrl+p): jump to any pupil or provider by name, or run an action.

Names are user text, so they are shown as plain content, never parsed as markup. A pupil
is found by the name shown (preferred and last name) and by their legal first name too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from alp_tui.terminal import shown
from screens.authority_told import tell_authority
from screens.caseload import SORT_KEYS, SORT_LABELS, CaseloadScreen
from screens.contact_start import start_contact
from screens.export import ExportScreen
from screens.placement_actions import (
    edit_placement,
    end_placement,
    open_learning_plan,
    open_transition,
    record_review,
)
from screens.placement_form import PlacementFormScreen
from screens.providers import ProvidersScreen
from screens.pupil import PupilScreen, archive_pupil
from screens.pupil_form import PupilFormScreen
from screens.recent_changes import RecentChangesScreen
from screens.workspace import alp_app


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[], Any]
    #: Other names it is found by, not shown (a pupil's legal name beside the one used).
    also: tuple[str, ...] = ()


def _plain_highlight(matcher: Matcher, text: str) -> Content:
    """Like `Matcher.highlight`, without reading `text` as markup (a name with `[` in it)."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("reverse", offset, offset + 1)
    return content


class AlpCommands(Provider):
    """Pupils, providers and the app's actions."""

    # --- what the palette offers -----------------------------------------------------------

    def _current_pupil_id(self) -> str | None:
        screen = self.screen
        if isinstance(screen, PupilScreen):
            return screen.pupil_id
        if isinstance(screen, CaseloadScreen):
            return screen.highlighted_pupil_id
        return None

    def _on_caseload(self, action: Callable[[CaseloadScreen], Any]) -> Callable[[], None]:
        """Go back to the caseload, then act on it."""

        def run() -> None:
            screen = alp_app(self).home()
            if isinstance(screen, CaseloadScreen):
                action(screen)

        return run

    def actions(self) -> list[Command]:
        app = alp_app(self)
        if not app.has_workspace:
            return []
        commands = [
            Command(
                "New pupil",
                "Add a pupil and their placement",
                self._on_caseload(lambda s: s.action_new_pupil()),
            ),
            Command(
                "Providers",
                "Providers and their checks",
                self._on_caseload(lambda s: s.action_providers()),
            ),
            Command("Settings", "School settings, limits and holidays", app.open_settings),
            Command(
                "Import pupils from a spreadsheet",
                "Pupils and placements from a CSV file, checked first, all or nothing",
                self._on_caseload(lambda s: s.action_import_sheet()),
            ),
            Command(
                "Show or hide archived pupils",
                "Archived pupils and those with no active placement",
                self._on_caseload(lambda s: s.action_toggle_archived()),
            ),
            Command(
                "Filter the caseload",
                "Type part of a name, a provider or a year",
                self._on_caseload(lambda s: s.action_filter()),
            ),
            Command("Caseload", "Back to the list of pupils", app.home),
            Command(
                "Recent changes",
                "Who changed what, and when (on a pupil's record: that pupil's)",
                self._recent_changes,
            ),
        ]
        for key in SORT_KEYS:
            commands.append(
                Command(
                    f"Sort caseload {SORT_LABELS[key]}",
                    "Change the order of the caseload",
                    self._on_caseload(partial(_sort, key=key)),
                )
            )
        pupil_id = self._current_pupil_id()
        if pupil_id is not None:
            pupil = app.workspace.caseload.pupils.get(pupil_id)
            if pupil is not None:
                commands.extend(
                    self._pupil_actions(pupil_id, shown(pupil.display_name), pupil.archived)
                )
        return commands

    def _recent_changes(self) -> None:
        screen = self.screen
        pupil_id = screen.pupil_id if isinstance(screen, PupilScreen) else None
        self.app.push_screen(RecentChangesScreen(pupil_id))

    def _pupil_actions(self, pupil_id: str, name: str, archived: bool) -> list[Command]:
        app = self.app

        def on_screen(action: Callable[[], Any]) -> Callable[[], None]:
            return action

        commands = [
            Command(
                f"Log weekly contact: {name}",
                "Attendance, engagement, progress, concerns",
                on_screen(lambda: start_contact(app.screen, pupil_id)),
            ),
            Command(
                f"Export review note: {name}",
                "Word note for school, provider or parent",
                on_screen(lambda: _export(app, pupil_id)),
            ),
            Command(
                f"Edit pupil: {name}",
                "Name, flags, carers, school timetable",
                on_screen(lambda: _edit_pupil(app, pupil_id)),
            ),
            Command(
                f"Add placement: {name}",
                "A new placement at a provider",
                on_screen(lambda: _add_placement(app, pupil_id)),
            ),
            # The contract's names (DESIGN.md §8), for the pupil on screen or highlighted.
            Command(
                "Learning plan",
                f"{name}: progress target by target; add, reorder, achieve or drop targets",
                on_screen(lambda: open_learning_plan(app.screen, pupil_id)),
            ),
            Command(
                "Record a review meeting",
                f"{name}: attendees, decisions per target, the next review",
                on_screen(lambda: record_review(app.screen, pupil_id)),
            ),
            Command(
                "Transition plan",
                f"{name}: phases, welcome, strategies shared, family told, follow-ups",
                on_screen(lambda: open_transition(app.screen, pupil_id)),
            ),
            Command(
                "Edit this placement",
                f"{name}: dates, sessions and hours, focus, reason, intervals, status",
                on_screen(lambda: edit_placement(app.screen, pupil_id)),
            ),
            Command(
                "End this placement",
                f"{name}: the day it ended, and what the transition still needs",
                on_screen(lambda: end_placement(app.screen, pupil_id)),
            ),
        ]
        commands.append(
            Command(
                f"The local authority was told today: {name}",
                "Record today as the day the authority heard of the placement",
                on_screen(lambda: tell_authority(app.screen, pupil_id)),
            )
        )
        commands.append(
            Command(
                f"{'Restore' if archived else 'Archive'} pupil: {name}",
                "Restore to the caseload"
                if archived
                else "Take off the caseload (kept, shown with 'a')",
                lambda: archive_pupil(app.screen, pupil_id, archived=not archived),
            )
        )
        return commands

    def jumps(self) -> list[Command]:
        app = alp_app(self)
        if not app.has_workspace:
            return []
        caseload = app.workspace.caseload
        commands = []
        for pupil in caseload.pupils.values():
            year = f"Year {pupil.year_group}" if pupil.year_group else "pupil"
            suffix = " (archived)" if pupil.archived else ""
            legal = f"{pupil.first_name} {pupil.last_name}"
            commands.append(
                Command(
                    shown(f"{pupil.display_name}{suffix}"),
                    f"{year}: open the record",
                    partial(_open_pupil, self.app, pupil.id),
                    also=(shown(legal),) if legal != pupil.display_name else (),
                )
            )
        for provider in caseload.providers.values():
            commands.append(
                Command(
                    shown(provider.name),
                    "Provider: checks, pupils and hours",
                    partial(_open_provider, self.app, provider.id),
                )
            )
        return commands

    # --- the Provider interface ------------------------------------------------------------

    async def discover(self) -> Hits:
        for command in self.actions():
            yield DiscoveryHit(Content(command.name), command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in [*self.actions(), *self.jumps()]:
            score = matcher.match(command.name)
            other = max((matcher.match(name) for name in command.also), default=0)
            if score <= 0 and other <= 0:
                continue
            # Letters are marked only in the name that matched, which is the one shown.
            shown = (
                _plain_highlight(matcher, command.name) if score >= other else Content(command.name)
            )
            yield Hit(
                max(score, other),
                shown,
                command.run,
                text=command.name,
                help=command.help,
            )


def _sort(screen: CaseloadScreen, *, key: str) -> None:
    screen.sort_by(key)


def _open_pupil(app: App[Any], pupil_id: str) -> None:
    screen = alp_app(app).home()
    if isinstance(screen, CaseloadScreen):
        screen.show_pupil_row(pupil_id)
    alp_app(app).open_pupil(pupil_id)


def _open_provider(app: App[Any], provider_id: str) -> None:
    alp_app(app).home()
    screen = ProvidersScreen()
    app.push_screen(screen)
    # Once its list is built, move its cursor to the provider asked for.
    screen.call_after_refresh(screen.refresh_list, keep=provider_id)


def _export(app: App[Any], pupil_id: str) -> None:
    app.push_screen(ExportScreen(pupil_id))


def _edit_pupil(app: App[Any], pupil_id: str) -> None:
    app.push_screen(PupilFormScreen(pupil_id))


def _add_placement(app: App[Any], pupil_id: str) -> None:
    app.push_screen(PlacementFormScreen(pupil_id))
