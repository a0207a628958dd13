"""Shared fixtures: a fixed date, a demo caseload written to a real TinyDB file in tmp_path,
and an environment that never touches the developer's own data or settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import textual.constants
from data_files import caseload_file
from pinned import TODAY


def _compiled_once() -> None:
    """Where the machine says not to write bytecode (PYTHONDONTWRITEBYTECODE), every process
    the suite starts (its workers, and the command-line and store processes the tests run)
    would compile the project again: the suite keeps its bytecode in the venv instead, never
    beside the sources. Set before the workers start, so they and their processes inherit it.
    """
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or sys.prefix == sys.base_prefix:
        return
    cache = Path(sys.prefix) / "pycache"
    os.environ.pop("PYTHONDONTWRITEBYTECODE")
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    sys.pycache_prefix = str(cache)
    sys.dont_write_bytecode = False


_compiled_once()

#: The kinds of test, slowest first (tests/<kind>/…). A worker runs its share in order and
#: an idle one takes the tail of another's, so the long tests start first and the short
#: ones even out the end, instead of one long test running on alone.
SLOWEST_FIRST = ("e2e", "ui", "export", "store", "cli", "unit")


def _kind_rank(item: pytest.Item) -> int:
    parts = item.path.relative_to(item.config.rootpath).parts
    kind = parts[1] if len(parts) > 2 and parts[0] == "tests" else ""
    return SLOWEST_FIRST.index(kind) if kind in SLOWEST_FIRST else len(SLOWEST_FIRST)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker more than there are cores. A screen test spends about a fifth
    of its time waiting for the app to go idle between keys; the extra worker uses the core
    meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_kind_rank)  # stable: each module's tests stay together, in order


@pytest.fixture(autouse=True)
def _private_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("ALP_TUI_DATA", raising=False)
    # No animations: what a test reads is the end of a scroll, never a frame on the way.
    # Textual reads TEXTUAL_ANIMATIONS once, when it is imported (by pytest's plugins, before
    # this runs), so its reading is set too; the environment goes on to the apps tests start.
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
    yield


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demo caseload (as of TODAY) in a fresh data file."""
    from alp_tui.demo import demo_caseload

    return caseload_file(tmp_path, "demo", lambda: demo_caseload(TODAY))
