"""The store between real processes: concurrent writers keep everything, a writer killed at
any moment leaves a file that opens, a full disk leaves the file as it was, a store sees
what another process saved (even a same-size file with the old time), and settings saved over
a colleague's newer ones are refused."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import store_workers
from store_workers import open_store

from alp_tui.models import Contact, Meta
from store import StaleEditError, StoreError

# fork starts a child in milliseconds; spawn elsewhere (the workers are importable).
CONTEXT: Any = multiprocessing.get_context(
    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
)


def run(target: object, *args: object, timeout: float = 120) -> None:
    process = CONTEXT.Process(target=target, args=args)
    process.start()
    process.join(timeout)
    assert process.exitcode == 0, f"the worker ended with {process.exitcode}"


def temp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    # On the workers' fixed clock: the seeding makes that day's backup, whatever the time.
    path = tmp_path / "caseload.json"
    return path, store_workers.seed(path)


def test_two_processes_adding_at_once_keep_all_their_records(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = seeded
    barrier = CONTEXT.Barrier(2)
    workers = [
        CONTEXT.Process(
            target=store_workers.add_contacts,
            args=(path, ids["placement"], 200, user, barrier),
        )
        for user in ("first", "second")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0

    caseload = open_store(path).load()
    assert len(caseload.contacts) == 400  # ids are the keys: 400 distinct
    by_user = [c.created_by for c in caseload.contacts.values()]
    assert by_user.count("first") == by_user.count("second") == 200
    raw = json.loads(path.read_bytes())
    assert len({doc["id"] for doc in raw["contacts"].values()}) == 400
    assert len(raw["contacts"]) == 400  # no TinyDB document overwritten either
    creates = [row for row in caseload.audit if row.table == "contacts"]
    assert len(creates) == 400
    # Both really ran at once: their saves interleave in the file.
    order = [c.created_by for c in sorted(caseload.contacts.values(), key=_number(raw))]
    switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert switches > 1


def _number(raw: dict[str, Any]) -> Callable[[Contact], int]:
    numbers = {doc["id"]: int(key) for key, doc in raw["contacts"].items()}
    return lambda contact: numbers[contact.id]


def test_a_writer_killed_at_any_moment_leaves_a_file_that_opens(tmp_path: Path) -> None:
    path = store_workers.make_large_module().write(tmp_path / "caseload.json", pupils=12)
    placement_id = next(iter(open_store(path).load().placements))
    rng = random.Random(7)
    count = 0
    torn_writes = 0
    for attempt in range(32):
        ready, writing = CONTEXT.Event(), CONTEXT.Event()
        # Every other victim is killed while it is part-way through writing the file; the
        # rest after a random delay, wherever they happen to be.
        mid_write = attempt % 2 == 1
        victim = CONTEXT.Process(
            target=store_workers.write_until_killed,
            args=(path, placement_id, ready, writing if mid_write else None),
        )
        victim.start()
        assert ready.wait(60)
        if mid_write:
            assert writing.wait(60)
            time.sleep(rng.uniform(0, 0.01))
        else:
            time.sleep(rng.uniform(0, 0.25))
        os.kill(victim.pid or 0, signal.SIGKILL)
        victim.join(30)
        assert victim.exitcode == -signal.SIGKILL
        torn_writes += bool(temp_files(tmp_path))
        if mid_write:
            assert temp_files(tmp_path), "the kill did not land mid-write"

        caseload = open_store(path).load()  # raises if the file were torn
        assert len(caseload.contacts) >= count, f"saved contacts were lost ({attempt})"
        count = len(caseload.contacts)
    assert count > 12 * 52, "the victims never saved anything"
    assert torn_writes >= 16
    # The next save removes what the killed writers left behind.
    open_store(path).add(store_workers.contact(placement_id, -1))
    assert temp_files(tmp_path) == []


def test_a_write_failing_for_lack_of_space_leaves_the_file_intact(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = seeded
    before = path.read_bytes()
    results = CONTEXT.Queue()
    # The seeding made the backup of the workers' (fixed) day, so the data file's write fails.
    assert (path.parent / "backups" / "caseload-2026-11-27.json").exists()
    run(store_workers.write_with_size_limit, path, ids["placement"], len(before) // 2, results)

    outcome, message = results.get(timeout=10)
    assert outcome == "refused", message
    assert message.startswith(f"{path} could not be saved (")
    assert message.endswith("it is as it was before")
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []
    open_store(path).add(store_workers.contact(ids["placement"], 1))  # and it still works


def test_a_backup_failing_for_lack_of_space_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    ids = store_workers.seed(path)
    for backup in (tmp_path / "backups").iterdir():
        backup.unlink()  # so the next write must make one first
    before = path.read_bytes()
    results = CONTEXT.Queue()
    run(store_workers.write_with_size_limit, path, ids["placement"], len(before) // 2, results)

    outcome, message = results.get(timeout=10)
    assert outcome == "refused", message
    assert "today's backup could not be made" in message and "nothing was saved" in message
    assert path.read_bytes() == before
    assert temp_files(path.parent) == [] and temp_files(tmp_path / "backups") == []


def test_another_processes_write_is_noticed_and_loaded(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = seeded
    store = open_store(path, "me")
    shown = store.load()
    assert not store.changed_on_disk()

    run(store_workers.add_one, path, ids["placement"], "colleague")

    assert store.changed_on_disk()
    assert shown.contacts == {}  # what was on screen is unchanged until reloaded
    reloaded = store.load()
    assert [c.created_by for c in reloaded.contacts.values()] == ["colleague"]
    assert not store.changed_on_disk()
    # And this store's next write keeps the colleague's record.
    store.add(store_workers.contact(ids["placement"], 2))
    assert len(open_store(path).load().contacts) == 2


def test_a_file_removed_underneath_an_open_store_is_not_recreated(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = seeded
    store = open_store(path)
    path.unlink()
    assert store.changed_on_disk()
    with pytest.raises(StoreError, match="there is no caseload file"):
        store.add(store_workers.contact(ids["placement"], 0))
    assert not path.exists()


def test_a_same_size_rewrite_keeping_the_old_time_is_still_noticed(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, ids = seeded
    writer, reader = open_store(path, "me"), open_store(path, "me")
    shown = reader.load()
    before = path.stat()

    # Two quick saves by another program: without the old file held open, the second one
    # reuses its inode number, and the size and (put back) time match too.
    run(
        store_workers.rewrite_same_size,
        path,
        b'"Test School"',
        b'"Best School"',
        before.st_mtime_ns,
    )
    after = path.stat()
    assert (after.st_dev, after.st_size, after.st_mtime_ns) == (
        before.st_dev,
        before.st_size,
        before.st_mtime_ns,
    )

    assert reader.changed_on_disk()
    assert shown.meta.school_name == "Test School"
    assert reader.load().meta.school_name == "Best School"
    # A write by a store that has not loaded since re-reads under the lock: nothing is lost.
    writer.add(store_workers.contact(ids["placement"], 1))
    caseload = open_store(path).load()
    assert caseload.meta.school_name == "Best School" and len(caseload.contacts) == 1


def test_settings_saved_over_a_colleagues_newer_settings_are_refused(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    path, _ = seeded
    store = open_store(path, "me")
    opened = store.load().meta
    run(
        store_workers.save_settings,
        path,
        "colleague",
        {"hour_limit": 15.0},
        datetime(2026, 11, 27, 15, 5),
    )
    before = path.read_bytes()

    mine = opened.model_copy(update={"school_name": "Oak Academy"})
    with pytest.raises(StaleEditError) as refused:
        store.save_meta(mine)
    assert str(refused.value) == (
        "colleague changed the settings at 15:05 on 27/11/2026 since you opened them: "
        "reopen the settings to see the change"
    )
    assert isinstance(refused.value.current, Meta) and refused.value.current.hour_limit == 15.0
    assert path.read_bytes() == before

    # From the settings as they now are, the save goes through and keeps the colleague's.
    current = store.load().meta
    saved = store.save_meta(current.model_copy(update={"school_name": "Oak Academy"}))
    assert (saved.school_name, saved.hour_limit) == ("Oak Academy", 15.0)
    assert open_store(path).load().meta == saved
    # The settings as first opened are stale still.
    with pytest.raises(StaleEditError):
        store.save_meta(opened)
