"""The problems of a caseload after a save, from the problems before it: only the pupils and
providers the change touched are judged again, and the answer is what `find_problems` gives
over the whole caseload, in the same order.

What a save changed is found by identity: the store hands out a new caseload that shares
every table and record it did not change, so a table that is the same object is unchanged
and, in a changed table, a record that is the same object is unchanged.

A pupil's problems read the pupil, their placements and those placements' contacts, targets,
reviews and transition, their concerns, the providers of their placements (name, registration)
and the settings. A provider's read the provider, the settings and every pupil timetabled
there. So a changed record touches its pupil; a changed provider touches every pupil placed
there; a touched pupil touches the providers of their placements, before and after. Changed
settings, another day or a change touching many pupils (an import) are judged whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from alp_tui.caseload import Caseload, pupil_caseload
from alp_tui.models import TABLES, Meta, Placement
from alp_tui.rules import Problem, find_problems
from alp_tui.validation import STAMPS

# Beyond this many touched pupils a whole run is as quick, and simpler.
MOST_TOUCHED = 200
_BY_PLACEMENT = ("targets", "contacts", "transitions", "reviews")


def changed_records(old: Caseload, new: Caseload) -> dict[str, list[tuple[Any, Any]]]:
    """Per table, each record the change added, replaced or removed: (before, after), with
    None for a side where it is absent."""
    changes: dict[str, list[tuple[Any, Any]]] = {}
    if new.since is not None and new.since[0]() is old:
        # The store said what it changed: no table need be walked.
        for before, after in new.since[1]:
            changes.setdefault((after or before).TABLE, []).append((before, after))
        return changes
    for name in TABLES:
        before, after = old.table(name), new.table(name)
        if before is after:
            continue
        found = [(before.get(key), record) for key, record in after.items()]
        pairs: list[tuple[Any, Any]] = [(was, now) for was, now in found if was is not now]
        pairs += [(record, None) for key, record in before.items() if key not in after]
        if pairs:
            changes[name] = pairs
    return changes


def _touched(
    old: Caseload, new: Caseload, changes: dict[str, list[tuple[Any, Any]]]
) -> tuple[set[str], set[str]]:
    """The pupils and providers whose problems the changes may have moved."""
    pupils: set[str] = set()
    providers: set[str] = set()

    def placement(placement_id: str | None) -> Iterable[Placement]:
        for caseload in (old, new):
            found = caseload.placements.get(placement_id or "")
            if found is not None:
                yield found

    for name, pairs in changes.items():
        for pair in pairs:
            for record in pair:
                if record is None:
                    continue
                if name == "pupils":
                    pupils.add(record.id)
                elif name == "concerns" or name == "placements":
                    pupils.add(record.pupil_id)
                elif name == "providers":
                    providers.add(record.id)
                    for caseload in (old, new):
                        pupils.update(p.pupil_id for p in caseload.placements_at(record.id))
                elif name in _BY_PLACEMENT:
                    pupils.update(p.pupil_id for p in placement(record.placement_id))
    for pupil_id in pupils:
        for caseload in (old, new):
            providers.update(p.provider_id for p in caseload.placements_of(pupil_id))
    return pupils, providers


def _part(old: Caseload, new: Caseload, pupil_ids: Iterable[str], changes: Any) -> Caseload:
    """The records of `pupil_ids` as the change leaves them, with their providers: the old
    caseload's look-ups (already built) give the records, the changes are laid over them."""
    part = Caseload(meta=new.meta)
    for pupil_id in pupil_ids:
        piece = pupil_caseload(old, pupil_id)
        for name in TABLES:
            part.table(name).update(piece.table(name))
    # A placement the change gave to one of these pupils brings its records along.
    for _was, now in changes.get("placements", []):
        if now is not None and now.pupil_id in pupil_ids and now.id not in part.placements:
            part.placements[now.id] = now
            part.contacts.update((c.id, c) for c in old.contacts_of(now.id))
            part.targets.update((t.id, t) for t in old.targets_of(now.id))
            part.reviews.update((r.id, r) for r in old.reviews_of(now.id))
            transition = old.transition_of(now.id)
            if transition is not None:
                part.transitions[transition.id] = transition
    for name, pairs in changes.items():
        records = part.table(name)
        for was, now in pairs:
            if was is not None:
                records.pop(was.id, None)
            if now is not None:
                records[now.id] = now
    # Laid-over records may name pupils outside the part; the providers are the new ones.
    part.pupils = {pid: new.pupils[pid] for pid in pupil_ids if pid in new.pupils}
    part.providers = {
        placement.provider_id: new.providers[placement.provider_id]
        for placement in part.placements.values()
        if placement.provider_id in new.providers
    }
    part.invalidate()
    return part


def _settings(meta: Meta) -> dict[str, Any]:
    """The settings the rules read: not the stamps a save gives them."""
    return meta.model_dump(exclude={*STAMPS, "schema_version"})


def update_problems(
    old: Caseload, old_problems: Sequence[Problem], new: Caseload, today: date
) -> list[Problem]:
    """`find_problems(new, today)`, given `old_problems == find_problems(old, today)`."""
    if new.meta is not old.meta and _settings(new.meta) != _settings(old.meta):
        return find_problems(new, today)
    changes = changed_records(old, new)
    if not changes:
        return list(old_problems)
    pupils, providers = _touched(old, new, changes)
    if len(pupils) > MOST_TOUCHED:
        return find_problems(new, today)

    by_pupil: dict[str, list[Problem]] = {}
    by_provider: dict[str, list[Problem]] = {}
    for problem in old_problems:
        if problem.pupil_id is not None:
            by_pupil.setdefault(problem.pupil_id, []).append(problem)
        elif problem.provider_id is not None:
            by_provider.setdefault(problem.provider_id, []).append(problem)
        else:
            return find_problems(new, today)  # a problem of neither: judge it all

    for pupil_id in pupils:
        by_pupil.pop(pupil_id, None)
    if pupils:
        part = _part(old, new, pupils, changes)
        for problem in find_problems(part, today):
            if problem.pupil_id is not None:
                by_pupil.setdefault(problem.pupil_id, []).append(problem)
    for provider_id in providers:
        by_provider.pop(provider_id, None)
        there = {
            p.pupil_id
            for caseload in (old, new)
            for p in caseload.placements_at(provider_id)
            if p.pupil_id in new.pupils
        }
        part = _part(old, new, there, changes)
        for problem in find_problems(part, today):
            if problem.pupil_id is None and problem.provider_id == provider_id:
                by_provider.setdefault(provider_id, []).append(problem)

    # The order of a whole run: pupils in name order, then providers in name order, red
    # before amber (the sort is stable, so each pupil's problems keep their own order).
    found: list[Problem] = []
    named = sorted(
        (new.pupils[pid] for pid in by_pupil if pid in new.pupils),
        key=lambda p: (p.last_name.casefold(), p.first_name.casefold(), p.id),
    )
    for pupil in named:
        found.extend(by_pupil[pupil.id])
    for provider in sorted(
        (new.providers[pid] for pid in by_provider if pid in new.providers),
        key=lambda p: (p.name.casefold(), p.id),
    ):
        found.extend(by_provider[provider.id])
    found.sort(key=lambda p: p.severity != "red")
    return found
