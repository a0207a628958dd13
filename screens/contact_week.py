"""The week a weekly contact reports: shown beside "Week of", stepped back or on by one key
(f5 / f6), with the attendance rows following it (that week's sessions, as attended) as
long as none has been marked yet."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static

from alp_tui.contact_form import SessionDraft, no_sessions_reason, week_sessions
from alp_tui.dates import DateError, monday_of, parse_date, uk
from alp_tui.rules import format_hours
from screens.widgets.attendance import AttendanceEditor, AttendanceRow
from screens.widgets.date_input import date_hint
from screens.widgets.text import say
from screens.workspace import workspace_of

if TYPE_CHECKING:
    from screens.contact import ContactScreen

WEEK_GROUP = Binding.Group("Week", compact=True)

WEEK_KEYS: list[Binding] = [
    Binding(
        "f5",
        "step_week(-1)",
        "Week before",
        tooltip="Report the week before (the sessions follow)",
        group=WEEK_GROUP,
        priority=True,
        id="contact.week_before",
    ),
    Binding(
        "f6",
        "step_week(1)",
        "Week after",
        tooltip="Report the week after (the sessions follow)",
        group=WEEK_GROUP,
        priority=True,
        id="contact.week_after",
    ),
]

STEP_HINT = "f5/f6 week before/after"


def rows_of(drafts: list[SessionDraft]) -> list[AttendanceRow]:
    return [
        AttendanceRow(
            row.day,
            row.planned_hours,
            mark=row.mark,
            times=row.times,
            hours_text=row.hours,
            id=f"session-{index}",
        )
        for index, row in enumerate(drafts)
    ]


def week_hint(text: str, today: date) -> Text:
    """What the typed week became, and the keys that step it."""
    hint = date_hint(text, today)
    return hint + Text(f" · {STEP_HINT}") if not hint.plain.startswith("!") else hint


def _parsed_week(screen: ContactScreen, text: str) -> date | None:
    try:
        return monday_of(parse_date(text, workspace_of(screen).today))
    except DateError:
        return None


def _typed_week(screen: ContactScreen) -> date | None:
    return _parsed_week(screen, screen.query_one("#contact-week", Input).value)


def step_week(screen: ContactScreen, step: int) -> None:
    week = _typed_week(screen)
    if week is None:
        say(
            screen,
            "Week of is not a date, so it cannot be stepped: type the Monday of the week "
            "the call reports, e.g. 23/11/2026.",
            severity="warning",
        )
        return
    screen.query_one("#contact-week", Input).value = uk(week + timedelta(days=7 * step))


def week_changed(screen: ContactScreen) -> None:
    """The week field changed: show what it is, and bring that week's sessions in
    unless some were marked or typed already (nothing typed is lost)."""
    ws = workspace_of(screen)
    field = screen.query_one("#contact-week", Input)
    screen.query_one("#contact-week-hint", Static).update(week_hint(field.value, ws.today))
    week = _typed_week(screen)
    editor = screen.query_one("#attendance", AttendanceEditor)
    built_for = editor.week_start
    if built_for is None and screen._opened is not None:
        built_for = _parsed_week(screen, screen._opened.week_start)
    if week is None or week == built_for or screen._contact is not None:
        return
    shown = [
        SessionDraft(r.day, r.planned_hours, r.hours_text, r.mark, r.times) for r in editor.rows
    ]
    new = week_sessions(screen.caseload, screen.placement, week)
    if shown == new:
        return
    if any(d.mark != "present" or d.hours != format_hours(d.planned_hours) for d in shown):
        say(screen, "The week changed; the sessions you marked are kept as they are.")
        return
    screen.run_worker(_swap_rows(screen, editor, new, week), group="contact-week", exclusive=True)


async def _swap_rows(
    screen: ContactScreen, editor: AttendanceEditor, drafts: list[SessionDraft], week: date
) -> None:
    had_focus = editor.has_focus_within
    week_row = screen.query_one("#contact-week").parent
    await editor.remove()
    if not screen.is_mounted or not isinstance(week_row, Widget):
        return
    placement = screen.placement
    empty = None if drafts else no_sessions_reason(screen.caseload, placement, week)
    fresh = AttendanceEditor(rows_of(drafts), empty=empty, id="attendance")
    fresh.week_start = week
    await screen.query_one("#contact-form").mount(fresh, after=week_row)
    if had_focus:
        rows = fresh.rows
        screen.set_focus(rows[0] if rows else screen.query_one("#contact-week"))
    screen._schedule()
