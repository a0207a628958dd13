"""How a problem looks on screen: its marker and words, coloured from the theme.

Colour is never the only signal: every problem starts with `!!` (red) or `!` (amber), so it
reads in a monochrome terminal. The rules decide what is a problem; this module only shows
the `Problem`s that `alp_tui.rules.find_problems` returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from rich.text import Text
from textual.color import Color
from textual.widgets import Static

from alp_tui.caseload import Caseload
from alp_tui.rules import (
    Problem,
    contact_status,
    format_hours,
    is_unregistered,
    problems_about,
    scheduled_hours,
    worst_first,
)
from screens.widgets.text import safe_cell

# Fallbacks for a theme that lacks a variable (and for tests with no app).
_DEFAULT_COLOURS = {"error": "red", "warning": "yellow"}


def severity_style(severity: str, colours: Mapping[str, str] | None = None) -> str:
    """A Rich style for a severity marker or a short flag (`!! 5 red`, a due date).

    Red is bold light text on the $error colour (as Textual draws an error button), amber
    is plain $warning text. Without colour (NO_COLOR) a terminal shows every colour as a
    grey by its brightness, and red is darker than amber: as a dark foreground red would be
    the faintest thing on screen; as a background behind bold light text it is the boldest.
    """
    colours = colours or _DEFAULT_COLOURS
    if severity == "red":
        error = Color.parse(colours.get("error", _DEFAULT_COLOURS["error"]))
        text = error + error.get_contrast_text(0.95)
        return f"bold {text.hex6} on {error.hex6}"
    return colours.get("warning", _DEFAULT_COLOURS["warning"])


def message_style(severity: str, colours: Mapping[str, str] | None = None) -> str:
    """A Rich style for the words after a marker: a whole sentence on the $error colour
    would shout, so red words are bold $text-error (lighter than $error, so they read on a
    dark background and as a light grey without colour); amber words look like their
    marker."""
    colours = colours or _DEFAULT_COLOURS
    if severity == "red":
        return f"bold {colours.get('text-error', colours.get('error', 'red'))}"
    return severity_style(severity, colours)


def sort_worst_first(problems: Iterable[Problem]) -> list[Problem]:
    """Red before amber, then the graver code first (the rules' `worst_first`)."""
    return worst_first(problems)


def pupil_problems(problems: Iterable[Problem], caseload: Caseload, pupil_id: str) -> list[Problem]:
    """A pupil's own problems and those of the providers they attend now, worst first.

    A provider's missing DBS check or registration risk is the pupil's risk too, so it
    shows on their row.
    """
    providers = {p.provider_id for p in caseload.active_placements_of(pupil_id)}
    return sort_worst_first(problems_about(problems, pupil_id, providers))


def problems_by_pupil(
    problems: Iterable[Problem], caseload: Caseload, pupil_ids: Iterable[str] | None = None
) -> dict[str, list[Problem]]:
    """`pupil_problems` for every pupil (or those of `pupil_ids`) at once (one pass, for
    big caseloads)."""
    by_pupil: dict[str, list[Problem]] = {}
    by_provider: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.pupil_id is not None:
            by_pupil.setdefault(problem.pupil_id, []).append(problem)
        elif problem.provider_id is not None:
            by_provider.setdefault(problem.provider_id, []).append(problem)
    found: dict[str, list[Problem]] = {}
    for pupil_id in caseload.pupils if pupil_ids is None else pupil_ids:
        mine = list(by_pupil.get(pupil_id, []))
        seen: set[str] = set()
        for placement in caseload.active_placements_of(pupil_id):
            if placement.provider_id not in seen:
                seen.add(placement.provider_id)
                mine.extend(by_provider.get(placement.provider_id, []))
        found[pupil_id] = sort_worst_first(mine)
    return found


def counts(problems: Iterable[Problem]) -> tuple[int, int]:
    """(red, amber) counts."""
    red = amber = 0
    for problem in problems:
        if problem.severity == "red":
            red += 1
        else:
            amber += 1
    return red, amber


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def short_words(problem: Problem, caseload: Caseload, today: date) -> str:
    """A few words for a table cell (`19.5 h > 18`, `contact 3 days overdue`); the full
    sentence is `problem.message`."""
    code = problem.code
    limit = format_hours(caseload.meta.hour_limit)
    placement = caseload.placements.get(problem.placement_id or "")
    provider = caseload.providers.get(problem.provider_id or "")
    if code in ("HOURS_OVER_LIMIT", "HOURS_NEAR_LIMIT") and problem.pupil_id and provider:
        hours = format_hours(scheduled_hours(caseload, problem.pupil_id, provider.id))
        if code == "HOURS_OVER_LIMIT":
            return f"{hours} h > {limit}"
        return f"{hours} h, near {limit}"
    if code == "AP_TOTAL_OVER_LIMIT" and problem.pupil_id:
        # The figure that matters is the total across the part-time providers, not one.
        places = {
            p.provider_id
            for p in caseload.active_placements_of(problem.pupil_id)
            if is_unregistered(caseload.providers.get(p.provider_id))
        }
        total = sum(scheduled_hours(caseload, problem.pupil_id, pid) for pid in places)
        return f"{format_hours(total)} h in all > {limit}"
    if code in ("CONTACT_OVERDUE", "CONTACT_DUE") and placement is not None:
        status = contact_status(caseload, placement, today)
        if code == "CONTACT_OVERDUE":
            late = max(1, status.days_since - status.interval)
            return f"contact {_plural(late, 'day')} overdue"
        if status.due <= today:
            return "contact due today"
        if status.due == today + timedelta(days=1):
            return "contact due tomorrow"
        return "contact due"
    words = {
        "HOURS_OVER_LIMIT": f"over {limit} h",
        "HOURS_NEAR_LIMIT": f"near {limit} h",
        "HOURS_DELIVERED_OVER_LIMIT": f"attended > {limit} h",
        "AP_TOTAL_OVER_LIMIT": f"off-site total > {limit} h",
        "CONTACT_OVERDUE": "contact overdue",
        "CONTACT_DUE": "contact due",
        "REVIEW_OVERDUE": "review overdue",
        "NO_TARGETS": "no targets",
        "CHECK_MISSING": "check missing",
        "CHECK_EXPIRED": "check expired",
        "CHECK_EXPIRING": "check expiring",
        "REGISTRATION_RISK": "registration risk",
        "TIMETABLE_GAP": "timetable gap",
        "SAFEGUARDING_OPEN": "safeguarding concern",
        "TRANSITION_PLAN_MISSING": "no transition plan",
        "STRATEGIES_NOT_SHARED": "strategies not shared",
        "TARGET_OVERDUE": "target overdue",
        "TRANSITION_OVER_LIMIT": f"transition > {limit} h",
        "FOLLOW_UP_OVERDUE": "follow-up overdue",
        "LA_NOT_NOTIFIED": "LA not told",
    }
    return words.get(code, problem.message)


def problem_text(
    problem: Problem,
    colours: Mapping[str, str] | None = None,
    *,
    words: str | None = None,
) -> Text:
    """`!! 19.5 h/week at Hillside Farm — over the 18 h limit`, coloured by severity: the
    marker in `severity_style`, the words in `message_style`.

    The message holds user text (a provider's name), so it is never read as markup.
    """
    return Text.assemble(
        (problem.marker, severity_style(problem.severity, colours)),
        (
            f" {problem.message if words is None else words}",
            message_style(problem.severity, colours),
        ),
    )


def row_text(
    problems: Sequence[Problem],
    caseload: Caseload,
    today: date,
    colours: Mapping[str, str] | None = None,
) -> Text:
    """The worst problem in a few words, and how many more: `!! 19.5 h > 18 +2`."""
    if not problems:
        return Text("ok")
    worst = problems[0]
    text = problem_text(worst, colours, words=short_words(worst, caseload, today))
    if len(problems) > 1:
        text.append(f" +{len(problems) - 1}")
    return text


def summary_text(
    pupils: int,
    red: int,
    amber: int,
    colours: Mapping[str, str] | None = None,
    *,
    extra: str = "",
) -> Text:
    """`12 pupils · !! 5 red · ! 7 amber` (pupils whose worst problem is red / amber)."""
    text = Text(_plural(pupils, "pupil"))
    text.append(" · ")
    text.append(f"!! {red} red", severity_style("red", colours) if red else "")
    text.append(" · ")
    text.append(f"! {amber} amber", severity_style("amber", colours) if amber else "")
    if extra:
        text.append(f" · {extra}")
    return text


class ProblemList(Static):
    """Problems one per line with their full sentences, or a calm line when there are none."""

    DEFAULT_CSS = """
    ProblemList {
        height: auto;
    }
    ProblemList.-empty {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        problems: Sequence[Problem] = (),
        *,
        empty: str = "No problems.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._problems = list(problems)
        self._empty = empty

    def on_mount(self) -> None:
        self.show(self._problems)

    def show(self, problems: Sequence[Problem]) -> None:
        """Replace the problems shown."""
        self._problems = list(problems)
        self.set_class(not self._problems, "-empty")
        if not self._problems:
            self.update(Text(self._empty))
            return
        colours = self.app.theme_variables
        lines = [safe_cell(problem_text(p, colours)) for p in self._problems]
        self.update(Text("\n").join(lines))
