"""The school's list of what the shared copies hold back: one row per item, the same words
held call after call given once with their span, in the order the note reads."""

from __future__ import annotations

from datetime import date

from alp_tui.dates import uk
from exports.redact import SharedItem
from exports.release import AUDIENCE_COPIES, KIND_WORDS


def held_from_words(audiences: tuple[str, ...]) -> str:
    if set(audiences) == {"provider", "parent"}:
        return "both shared copies"
    return " and ".join(AUDIENCE_COPIES[a] for a in audiences)


_KIND_ORDER = ("focus", "target", "progress", "summary", "pupil_voice", "action", "concern",
               "destination", "welcome_plan", "pupil_views", "strategies", "phases")  # fmt: skip


def held_back_rows(held: list[SharedItem]) -> list[tuple[str, SharedItem]]:
    """The held items in the note's order, one row for the same words held the same way
    call after call ("Progress notes from 5 calls, 23/10/2026 to 26/11/2026")."""
    groups: dict[tuple[object, ...], list[SharedItem]] = {}
    ordered = sorted(
        held,
        key=lambda s: (_KIND_ORDER.index(s.item.kind) if s.item.kind in _KIND_ORDER else 99,
                       s.item.day or date.min),
    )  # fmt: skip
    for shared in ordered:
        item = shared.item
        key = (item.kind, item.placement_id, item.text, shared.held_from, item.reason)
        groups.setdefault(key, []).append(shared)
    rows = []
    for group in groups.values():
        first = group[0]
        days = [s.item.day for s in group if s.item.day is not None]
        if len(group) == 1 or not days:
            rows.append((first.item.label, first))
            continue
        kind = KIND_WORDS.get(first.item.kind, first.item.kind)
        plural = kind if kind.endswith("s") else f"{kind}s"
        rows.append(
            (f"{plural} from {len(group)} calls, {uk(min(days))} to {uk(max(days))}", first)
        )
    return rows
