"""Functions the store tests run in child processes (importable, so any start method works).

Every store here runs on a fixed clock, so the day's backup and the stamps never depend on
when the tests run (a run across midnight would otherwise see two days).
"""

from __future__ import annotations

import importlib.util
import os
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from alp_tui.models import Contact
from store import Store, StoreError, storage

NOW = datetime(2026, 11, 27, 14, 32, 5)


def fixed_clock() -> datetime:
    return NOW


def open_store(path: Path, user: str | None = None) -> Store:
    return Store(path, user=user, clock=fixed_clock)


def contact(placement_id: str, number: int) -> Contact:
    return Contact(placement_id=placement_id, date=date(2026, 11, 27), summary=f"call {number}")


def add_contacts(path: Path, placement_id: str, count: int, user: str, barrier: Any) -> None:
    """Add `count` contacts one save at a time, starting together with the other worker.

    The workers meet again halfway, so their saves interleave however the machine schedules
    them: neither can finish before the other has started.
    """
    store = open_store(path, user)
    barrier.wait(timeout=60)
    for number in range(count):
        if number == count // 2:
            barrier.wait(timeout=60)
        store.add(contact(placement_id, number))


def add_one(path: Path, placement_id: str, user: str) -> None:
    open_store(path, user).add(contact(placement_id, 0))


def save_settings(path: Path, user: str, changes: dict[str, Any], at: datetime) -> None:
    store = Store(path, user=user, clock=lambda: at)
    store.save_meta(store.load().meta.model_copy(update=changes))


def rewrite_same_size(path: Path, old: bytes, new: bytes, mtime_ns: int) -> None:
    """Two quick saves by another program that leave the file looking unchanged from outside.

    Each replaces `old` with `new` (as long), so the size stays; the modification time is put
    back afterwards. The second save's file takes the first version's inode number whenever
    the system can give it out again: free numbers are taken in turn until it comes back (the
    worst case of a file system that reuses them, as ext4 does), or one past it shows that
    something still holds the first version open.
    """
    assert len(old) == len(new)
    data = path.read_bytes()
    assert data.count(old) == 1
    first_inode = os.stat(path).st_ino
    storage.atomic_write(path, [data.replace(old, new.upper())], 0o600)
    final = data.replace(old, new)
    spares: list[Path] = []
    try:
        for number in range(20_000):
            candidate = path.with_name(f".spare-{number}")
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            try:
                inode = os.fstat(fd).st_ino
                if inode == first_inode:
                    os.write(fd, final)
                    os.fsync(fd)
            finally:
                os.close(fd)
            if inode == first_inode:
                os.replace(candidate, path)
                break
            spares.append(candidate)
            if inode > first_inode:
                storage.atomic_write(path, [final], 0o600)
                break
        else:
            storage.atomic_write(path, [final], 0o600)
    finally:
        for spare in spares:
            spare.unlink()
    atime_ns = os.stat(path).st_atime_ns
    os.utime(path, ns=(atime_ns, mtime_ns))


def write_until_killed(path: Path, placement_id: str, ready: Any, writing: Any = None) -> None:
    """Save contact after contact until the parent kills this process.

    With `writing`, each file write goes slowly and sets the event once it has written part
    of the temporary file, so the parent can kill the process in the middle of a write.
    """
    store = open_store(path, "victim")
    if writing is not None:
        original = storage.atomic_write

        def slowly(parts: Iterable[str | bytes]) -> Iterator[str | bytes]:
            for part in parts:
                yield part
                writing.set()
                time.sleep(0.01)

        def atomic_write(target: Path, parts: Iterable[str | bytes], mode: int, *args: Any) -> Any:
            return original(target, slowly(parts), mode, *args)

        storage.atomic_write = atomic_write  # type: ignore[assignment]
    ready.set()
    number = 0
    while True:
        store.add(contact(placement_id, number))
        number += 1


def write_with_size_limit(path: Path, placement_id: str, limit: int, results: Any) -> None:
    """Try a save with the file-size limit below the data file's size (a full disk, in effect)."""
    store = open_store(path, "limited")
    # Without this the kernel would kill the process (SIGXFSZ) instead of failing the write.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        store.add(contact(placement_id, 0))
    except StoreError as error:
        results.put(("refused", str(error)))
    except BaseException as error:  # report anything else to the test rather than hang it
        results.put(("crashed", repr(error)))
    else:
        results.put(("saved", ""))


def seed(path: Path, user: str = "jsmith", clock: Any = None) -> dict[str, str]:
    """A new data file with one provider, pupil, placement and target; returns their ids."""
    from alp_tui.models import Meta, Placement, Provider, Pupil, Target

    store = Store.create(
        path, Meta(school_name="Test School"), user=user, clock=clock or fixed_clock
    )
    provider = store.add(Provider(name="Hillside Farm"))
    pupil = store.add(Pupil(first_name="Jordan", last_name="Brown", year_group=10))
    placement = store.add(
        Placement(
            pupil_id=pupil.id,
            provider_id=provider.id,
            status="active",
            start_date=date(2026, 9, 7),
            focus="Re-engage with learning",
        )
    )
    target = store.add(Target(placement_id=placement.id, description="Attends 90% of sessions"))
    return {
        "provider": provider.id,
        "pupil": pupil.id,
        "placement": placement.id,
        "target": target.id,
    }


def make_large_module() -> ModuleType:
    """benchmarks/make_large.py (not an installed package) as a module."""
    source = Path(__file__).parent.parent / "benchmarks" / "make_large.py"
    spec = importlib.util.spec_from_file_location("make_large", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
