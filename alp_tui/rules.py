"""The problem rules of DESIGN.md §4: pure functions of (caseload, settings, today).

Every screen, `alp-tui check` and the Word note show problems from `find_problems`; nothing
else recomputes a threshold. The helpers below it (contact due dates, hours verdicts) are
public so screens can show the same figures the rules use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from alp_tui.caseload import Caseload
from alp_tui.models import Meta, Placement

Colour = Literal["red", "amber"]

CODES: tuple[str, ...] = (
    "HOURS_OVER_LIMIT",
    "HOURS_NEAR_LIMIT",
    "HOURS_DELIVERED_OVER_LIMIT",
    "AP_TOTAL_OVER_LIMIT",
    "CONTACT_OVERDUE",
    "CONTACT_DUE",
    "REVIEW_OVERDUE",
    "NO_TARGETS",
    "CHECK_MISSING",
    "CHECK_EXPIRED",
    "CHECK_EXPIRING",
    "REGISTRATION_RISK",
    "TIMETABLE_GAP",
    "SAFEGUARDING_OPEN",
    "TRANSITION_PLAN_MISSING",
    "STRATEGIES_NOT_SHARED",
)


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Colour
    message: str
    pupil_id: str | None = None
    placement_id: str | None = None
    provider_id: str | None = None

    @property
    def marker(self) -> str:
        """A text marker, so a problem never relies on colour alone."""
        return "!!" if self.severity == "red" else "!"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_problems(caseload: Caseload, today: date, settings: Meta | None = None) -> list[Problem]:
    """Every problem in the caseload as of `today` (settings default to caseload.meta)."""
    raise NotImplementedError


def contact_interval(placement: Placement, settings: Meta) -> int:
    raise NotImplementedError
