"""The whole caseload in memory: every table's records by id, with look-ups the rules,
screens and exports share (a pupil's placements, a placement's contacts, …)."""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from alp_tui.models import (
    AuditEntry,
    Concern,
    Contact,
    Meta,
    Placement,
    Provider,
    Pupil,
    Record,
    Review,
    Target,
    Transition,
)

R = TypeVar("R", bound=Record)

# The look-ups: their key in `Caseload._index`, and the table and field they group by.
_GROUPS = {
    "placements_by_pupil": ("placements", "pupil_id"),
    "placements_by_provider": ("placements", "provider_id"),
    "targets_by_placement": ("targets", "placement_id"),
    "contacts_by_placement": ("contacts", "placement_id"),
    "concerns_by_pupil": ("concerns", "pupil_id"),
    "transitions_by_placement": ("transitions", "placement_id"),
    "reviews_by_placement": ("reviews", "placement_id"),
}


# The key in `Caseload._index` of the sorted lists (not a look-up: never carried over).
_SORTED = "sorted"


def _contact_order(contact: Contact) -> tuple[date, str]:
    return (contact.date, contact.created_at or "")


def pupil_id_of(record: Record, placements: Mapping[str, Placement]) -> str | None:
    """The pupil a record is about: a pupil itself, a placement's or concern's pupil, or the
    pupil of the placement a target, contact, transition or review belongs to; None for a
    provider (and for a record whose placement is not in `placements`)."""
    if isinstance(record, Pupil):
        return record.id
    if isinstance(record, (Placement, Concern)):
        return record.pupil_id
    placement_id = getattr(record, "placement_id", None)
    placement = placements.get(placement_id) if isinstance(placement_id, str) else None
    return placement.pupil_id if placement is not None else None


@dataclass
class Caseload:
    meta: Meta = field(default_factory=Meta)
    providers: dict[str, Provider] = field(default_factory=dict)
    pupils: dict[str, Pupil] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    concerns: dict[str, Concern] = field(default_factory=dict)
    transitions: dict[str, Transition] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: The caseload this one was made from by a save (weakly held), and the records it
    #: changed (before, after; None for a side where it is absent): see `carry_from`.
    since: tuple[Any, tuple[tuple[Any, Any], ...]] | None = field(
        default=None, repr=False, compare=False
    )

    # --- generic access ----------------------------------------------------------------

    def table(self, name: str) -> dict[str, Record]:
        table = getattr(self, name)
        assert isinstance(table, dict)
        return table

    def put(self, record: Record) -> None:
        """Add or replace one record (by its id) and forget the derived look-ups."""
        self.table(record.TABLE)[record.id] = record
        self._index.clear()

    def remove(self, table: str, record_id: str) -> None:
        self.table(table).pop(record_id, None)
        self._index.clear()

    def invalidate(self) -> None:
        self._index.clear()

    def carry_from(self, old: Caseload, changes: Iterable[tuple[Any, Any]]) -> None:
        """Take over `old`'s look-ups, mended for `changes`: the records this caseload has
        replaced, added or removed (before, after) since `old`, whose tables it shares."""
        self.since = (weakref.ref(old), tuple(changes))
        by_table: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
        for before, after in self.since[1]:
            by_table[(after or before).TABLE].append((before, after))
        for key, grouped in old._index.items():
            if key not in _GROUPS:
                continue  # the sorted lists: sorted again when first asked for
            table, attr = _GROUPS[key]
            pairs = by_table.get(table)
            if not pairs:
                self._index[key] = grouped
                continue
            mended = defaultdict(list, grouped)
            for before, after in pairs:
                was = getattr(before, attr) if before is not None else None
                now = getattr(after, attr) if after is not None else None
                if before is not None and after is not None and was != now:
                    break  # moved between groups: built again when first asked for
                if before is not None and after is not None:
                    if was is not None:
                        mended[was] = [after if r is before else r for r in mended[was]]
                elif before is not None:
                    if was is not None:
                        mended[was] = [r for r in mended[was] if r is not before]
                elif now is not None:
                    mended[now] = [*mended[now], after]
            else:
                self._index[key] = mended

    # --- look-ups ----------------------------------------------------------------------

    def _group(self, key: str, records: dict[str, R], attr: str) -> dict[str, list[R]]:
        cached = self._index.get(key)
        if cached is None:
            grouped: dict[str, list[R]] = defaultdict(list)
            for record in records.values():
                value = getattr(record, attr)
                if value is not None:
                    grouped[value].append(record)
            cached = self._index[key] = grouped
        return cached

    def _sorted(self, kind: str, owner: str, found: list[R], key: Any) -> list[R]:
        """`found` sorted by `key`, sorted once per snapshot (a copy: callers may change it)."""
        cache: dict[tuple[str, str], list[Any]] = self._index.setdefault(_SORTED, {})
        done = cache.get((kind, owner))
        if done is None:
            done = cache[(kind, owner)] = sorted(found, key=key)
        return list(done)

    def placements_of(self, pupil_id: str) -> list[Placement]:
        found = self._group("placements_by_pupil", self.placements, "pupil_id").get(pupil_id, [])
        return sorted(found, key=lambda p: p.start_date)

    def placements_at(self, provider_id: str) -> list[Placement]:
        return list(
            self._group("placements_by_provider", self.placements, "provider_id").get(
                provider_id, []
            )
        )

    def active_placements_of(self, pupil_id: str) -> list[Placement]:
        return [p for p in self.placements_of(pupil_id) if p.status == "active"]

    def targets_of(self, placement_id: str) -> list[Target]:
        found = self._group("targets_by_placement", self.targets, "placement_id").get(
            placement_id, []
        )
        return sorted(found, key=lambda t: (t.order, t.set_on or date.min, t.id))

    def contacts_of(self, placement_id: str) -> list[Contact]:
        """A placement's contacts, oldest first."""
        found = self._group("contacts_by_placement", self.contacts, "placement_id").get(
            placement_id, []
        )
        return self._sorted("contacts", placement_id, found, _contact_order)

    def concerns_of(self, pupil_id: str) -> list[Concern]:
        found = self._group("concerns_by_pupil", self.concerns, "pupil_id").get(pupil_id, [])
        return sorted(found, key=lambda c: c.raised_on)

    def transition_of(self, placement_id: str) -> Transition | None:
        found = self._group("transitions_by_placement", self.transitions, "placement_id").get(
            placement_id, []
        )
        return found[0] if found else None

    def reviews_of(self, placement_id: str) -> list[Review]:
        found = self._group("reviews_by_placement", self.reviews, "placement_id").get(
            placement_id, []
        )
        return sorted(found, key=lambda r: r.date)

    def provider_of(self, placement: Placement) -> Provider | None:
        return self.providers.get(placement.provider_id)

    def find_pupils(self, text: str) -> list[Pupil]:
        """Pupils whose id is `text`, or whose name contains every word of it."""
        if text in self.pupils:
            return [self.pupils[text]]
        words = text.lower().split()
        found = []
        for pupil in self.pupils.values():
            name = " ".join(
                filter(None, [pupil.first_name, pupil.preferred_name, pupil.last_name])
            ).lower()
            if words and all(word in name for word in words):
                found.append(pupil)
        return found


def pupil_caseload(caseload: Caseload, pupil_id: str) -> Caseload:
    """A copy holding one pupil's records and their providers: enough for their own
    problems and their review note, cheap to build (the records themselves are shared)."""
    part = Caseload(meta=caseload.meta)
    pupil = caseload.pupils.get(pupil_id)
    if pupil is not None:
        part.pupils[pupil.id] = pupil
    for placement in caseload.placements_of(pupil_id):
        part.placements[placement.id] = placement
        provider = caseload.provider_of(placement)
        if provider is not None:
            part.providers[provider.id] = provider
        for contact in caseload.contacts_of(placement.id):
            part.contacts[contact.id] = contact
        for target in caseload.targets_of(placement.id):
            part.targets[target.id] = target
        for review in caseload.reviews_of(placement.id):
            part.reviews[review.id] = review
        transition = caseload.transition_of(placement.id)
        if transition is not None:
            part.transitions[transition.id] = transition
    for concern in caseload.concerns_of(pupil_id):
        part.concerns[concern.id] = concern
    return part
