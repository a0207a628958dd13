"""Merging a stale edit field by field (DESIGN.md §6).

A save refused because someone else saved the record meanwhile is merged against the
version the form was opened on (the base): a field only one side changed takes that side's
value; a field both changed to different values is a conflict the user settles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from alp_tui.dates import uk
from alp_tui.validation import STAMPS

M = TypeVar("M", bound=BaseModel)
#: Which side a conflict is settled for.
Side = Literal["mine", "theirs"]
#: Fields never merged: the store owns them (and `schema_version` of the settings).
NOT_MERGED = frozenset((*STAMPS, "schema_version"))


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed to different values."""

    name: str
    mine: Any
    theirs: Any


@dataclass
class Merge(Generic[M]):
    """One record merged: what came in from the other side, what of mine was kept, and
    the conflicts still to settle."""

    theirs: M
    values: dict[str, Any]
    came_in: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def resolved(self, picks: dict[str, Side] | None = None) -> M:
        """The merged record, on the other side's `rev`; a conflict not picked keeps mine."""
        picks = picks or {}
        values = dict(self.values)
        for conflict in self.conflicts:
            side = picks.get(conflict.name, "mine")
            values[conflict.name] = conflict.mine if side == "mine" else conflict.theirs
        return self.theirs.model_copy(update=values, deep=True)


def merge_fields(base: M, mine: M, theirs: M) -> Merge[M]:
    """Merge `mine` (the edit refused) and `theirs` (saved meanwhile) against `base`."""
    merge: Merge[M] = Merge(theirs=theirs, values={})
    for name in type(base).model_fields:
        if name in NOT_MERGED:
            continue
        was, mine_now, theirs_now = (getattr(r, name) for r in (base, mine, theirs))
        if mine_now == theirs_now:
            continue
        if mine_now == was:
            merge.came_in.append(name)  # theirs is already the value
        elif theirs_now == was:
            merge.values[name] = mine_now
            merge.kept.append(name)
        else:
            merge.conflicts.append(Conflict(name, mine_now, theirs_now))
    return merge


def field_words(name: str, labels: dict[str, str] | None = None) -> str:
    """A field as a person names it: its label on the form, else `date of birth`."""
    label = (labels or {}).get(name)
    if label:
        return label
    words = name.replace("_", " ")
    return {"upn": "UPN", "ehcp": "EHCP", "urn": "URN", "ukprn": "UKPRN"}.get(words, words)


def describe(value: Any) -> str:
    """A value as the picker shows it: `(empty)`, `yes`, `27/11/2026`, list items by `; `."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return uk(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, BaseModel):
        parts = [describe(v) for v in value.model_dump().values() if v not in (None, "", [])]
        return ", ".join(p for p in parts if p != "(empty)") or "(empty)"
    if isinstance(value, list):
        return "; ".join(describe(item) for item in value)
    return str(value)
