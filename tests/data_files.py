"""Data files made once per test process and copied after: a test gets a real TinyDB file of
its own in its folder, owner-only as the store makes it, without building, validating and
syncing the same caseload again (about 20 ms a test, for hundreds of tests)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pinned import CLOCK

from alp_tui.caseload import Caseload

_MADE: dict[str, bytes] = {}


def caseload_file(
    folder: Path, name: str, build: Callable[[], Caseload], *, user: str = "tester"
) -> Path:
    """`folder`/caseload.json holding what `Store.create` writes for `build()` (by `user`,
    on the tests' clock), made the first time `name` is asked for and copied after."""
    from store import Store

    made = _MADE.get(name)
    if made is None:
        with tempfile.TemporaryDirectory() as scratch:
            first = Path(scratch) / "caseload.json"
            caseload = build()
            Store.create(first, caseload.meta, caseload=caseload, user=user, clock=CLOCK)
            made = _MADE[name] = first.read_bytes()
    path = folder / "caseload.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(fd, "wb") as out:
        out.write(made)
    return path
