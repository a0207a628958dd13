"""The problems of a caseload after a save, from the problems before it: only the pupils and
providers the change touched are judged again, and the answer is what `find_problems` gives
over the whole caseload, in the same order.

What a save changed is found by identity: the store hands out a new caseload that shares
every table and record it did not change, so a table that is the same object is unchanged
and, in a changed table, a record that is the same object is unchanged.

A pupil's problems read the pupil, their placements and those placements' contacts, targets,
reviews and transition, their concerns, the providers of their placements (name, registration)
and the settings. A provider's read the provider, the settings and every pupil timetabled
there (their placements' timetables, not their contacts or concerns). So a changed record
touches its pupil; a changed provider touches every pupil placed there; a changed pupil or
placement touches the providers of the pupil's placements, before and after. Changed
settings, another day or a change touching many pupils (an import) are judged whole.

The problems are kept by whom they are about (`ProblemIndex`), in a whole run's order, so
laying out the new list moves the touched shares only: nothing is regrouped or sorted again.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from alp_tui.caseload import Caseload, pupil_caseload
from alp_tui.models import TABLES, Meta, Placement, Provider, Pupil
from alp_tui.rules import Problem, find_problems
from alp_tui.validation import STAMPS

# Beyond this many touched pupils a whole run is as quick, and simpler.
MOST_TOUCHED = 200
_BY_PLACEMENT = ("targets", "contacts", "transitions", "reviews")
# The tables a provider's problems read (with the settings): a change elsewhere (a contact,
# a concern, a target…) moves only its pupil's problems.
_PROVIDERS_READ = frozenset({"pupils", "placements", "providers"})


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
    if _PROVIDERS_READ.intersection(changes):
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


def touched_pupils(old: Caseload, new: Caseload) -> set[str] | None:
    """The pupils whose own records, or whose providers' problems, may differ between `old`
    and `new`: what a pupil's row or record shows. None when every pupil's may (other
    settings, or a change touching many pupils)."""
    if new is old:
        return set()
    if new.meta is not old.meta and _settings(new.meta) != _settings(old.meta):
        return None
    pupils, providers = _touched(old, new, changed_records(old, new))
    for provider_id in providers:
        for caseload in (old, new):
            pupils.update(p.pupil_id for p in caseload.placements_at(provider_id))
    return None if len(pupils) > MOST_TOUCHED else pupils


PupilKey = tuple[str, str, str]
ProviderKey = tuple[str, str]


def _pupil_key(pupil: Pupil) -> PupilKey:
    # The order of a whole run (rules.find_problems): by name, then id.
    return (pupil.last_name.casefold(), pupil.first_name.casefold(), pupil.id)


def _provider_key(provider: Provider) -> ProviderKey:
    return (provider.name.casefold(), provider.id)


def _split(problems: Iterable[Problem]) -> tuple[list[Problem], list[Problem]]:
    red: list[Problem] = []
    amber: list[Problem] = []
    for problem in problems:
        (red if problem.severity == "red" else amber).append(problem)
    return red, amber


@dataclass
class ProblemIndex:
    """A caseload's problems by the pupil or provider they are about, each share split red
    and amber, with the pupils and providers in a whole run's order: a save replaces the
    shares it touched and the list is laid out again without judging or sorting the rest.

    Never changed once made (the next save's index is a new one), so a snapshot's index
    stays true to its snapshot.
    """

    pupils: dict[str, tuple[list[Problem], list[Problem]]] = field(default_factory=dict)
    providers: dict[str, tuple[list[Problem], list[Problem]]] = field(default_factory=dict)
    #: The pupils and providers that have problems, sorted as a whole run orders them.
    pupil_order: list[tuple[PupilKey, str]] = field(default_factory=list)
    provider_order: list[tuple[ProviderKey, str]] = field(default_factory=list)

    @classmethod
    def of(cls, caseload: Caseload, problems: Sequence[Problem]) -> ProblemIndex | None:
        """The index of a whole run's `problems` over `caseload` (None if one is about
        neither a pupil nor a provider: only a whole run can place it)."""
        by_pupil: dict[str, list[Problem]] = {}
        by_provider: dict[str, list[Problem]] = {}
        for problem in problems:
            if problem.pupil_id is not None:
                by_pupil.setdefault(problem.pupil_id, []).append(problem)
            elif problem.provider_id is not None:
                by_provider.setdefault(problem.provider_id, []).append(problem)
            else:
                return None
        if any(pid not in caseload.pupils for pid in by_pupil) or any(
            pid not in caseload.providers for pid in by_provider
        ):
            return None
        return cls(
            pupils={pid: _split(found) for pid, found in by_pupil.items()},
            providers={pid: _split(found) for pid, found in by_provider.items()},
            pupil_order=sorted((_pupil_key(caseload.pupils[pid]), pid) for pid in by_pupil),
            provider_order=sorted(
                (_provider_key(caseload.providers[pid]), pid) for pid in by_provider
            ),
        )

    def problems(self) -> list[Problem]:
        """The list a whole run gives: pupils in name order, then providers in name order,
        red before amber."""
        pupils, providers = self.pupils, self.providers
        found: list[Problem] = []
        for severity in (0, 1):
            for _, pid in self.pupil_order:
                found += pupils[pid][severity]
            for _, pid in self.provider_order:
                found += providers[pid][severity]
        return found

    def replaced(
        self,
        old: Caseload,
        new: Caseload,
        pupils: dict[str, list[Problem]],
        providers: dict[str, list[Problem]],
    ) -> ProblemIndex:
        """A new index with these pupils' and providers' shares replaced (an empty list, or
        one no longer in `new`, removes it)."""
        index = ProblemIndex(
            dict(self.pupils),
            dict(self.providers),
            list(self.pupil_order),
            list(self.provider_order),
        )
        _replace(index.pupils, index.pupil_order, pupils, old.pupils, new.pupils, _pupil_key)
        _replace(
            index.providers,
            index.provider_order,
            providers,
            old.providers,
            new.providers,
            _provider_key,
        )
        return index


def _replace(
    shares: dict[str, tuple[list[Problem], list[Problem]]],
    order: list[Any],
    found: dict[str, list[Problem]],
    before: dict[str, Any],
    after: dict[str, Any],
    key: Any,
) -> None:
    for record_id, problems in found.items():
        if record_id in shares:
            # Placed under its old name: found there by bisection, whatever it is now.
            was = before.get(record_id)
            place = bisect.bisect_left(order, (key(was), record_id)) if was is not None else -1
            if 0 <= place < len(order) and order[place][1] == record_id:
                del order[place]
            else:
                order[:] = [entry for entry in order if entry[1] != record_id]
            del shares[record_id]
        now = after.get(record_id)
        if problems and now is not None:
            shares[record_id] = _split(problems)
            bisect.insort(order, (key(now), record_id))


def update_problems(
    old: Caseload, old_problems: Sequence[Problem], new: Caseload, today: date
) -> list[Problem]:
    """`find_problems(new, today)`, given `old_problems == find_problems(old, today)`."""
    return update_indexed(old, old_problems, None, new, today)[0]


def update_indexed(
    old: Caseload,
    old_problems: Sequence[Problem],
    old_index: ProblemIndex | None,
    new: Caseload,
    today: date,
) -> tuple[list[Problem], ProblemIndex | None]:
    """`update_problems`, with the index of `old_problems` (made here if None) and the new
    problems' index back: only the touched pupils and providers are judged and placed."""
    if new.meta is not old.meta and _settings(new.meta) != _settings(old.meta):
        return find_problems(new, today), None
    changes = changed_records(old, new)
    if not changes:
        return list(old_problems), old_index
    pupils, providers = _touched(old, new, changes)
    if len(pupils) > MOST_TOUCHED:
        return find_problems(new, today), None
    index = old_index or ProblemIndex.of(old, old_problems)
    if index is None:
        return find_problems(new, today), None

    by_pupil: dict[str, list[Problem]] = {pid: [] for pid in pupils}
    by_provider: dict[str, list[Problem]] = {pid: [] for pid in providers}
    if pupils:
        part = _part(old, new, pupils, changes)
        for problem in find_problems(part, today):
            if problem.pupil_id is not None:
                by_pupil[problem.pupil_id].append(problem)
    for provider_id in providers:
        there = {
            p.pupil_id
            for caseload in (old, new)
            for p in caseload.placements_at(provider_id)
            if p.pupil_id in new.pupils
        }
        part = _part(old, new, there, changes)
        for problem in find_problems(part, today):
            if problem.pupil_id is None and problem.provider_id == provider_id:
                by_provider[provider_id].append(problem)
    index = index.replaced(old, new, by_pupil, by_provider)
    return index.problems(), index
