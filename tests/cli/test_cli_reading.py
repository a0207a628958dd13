"""`alp-tui check` on files that must be refused (exit 2, one sentence, the file untouched),
on paths that are not regular files (at once, never hanging), and on files other tools or
older versions wrote, run as a real `python -m alp_tui` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from file_cases import as_version_1, lossy_files, meta_doc, read_raw, write_raw
from store_workers import fixed_clock, seed

ON = ["--today", "2026-11-27"]


def check(data: Path, *more: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`alp-tui check` in its own process; a hang past `timeout` fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "alp_tui", "check", "--data", str(data), *ON, *more],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def one_sentence(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("alp-tui: ")
    return lines[0]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "caseload.json"
    seed(path, clock=fixed_clock)
    return path


def test_check_refuses_every_file_that_would_lose_something(path: Path) -> None:
    good = path.read_bytes()
    for name, (content, phrase) in lossy_files(good).items():
        path.write_bytes(content)
        done = check(path)
        assert done.returncode == 2, name
        sentence = one_sentence(done.stderr)
        assert phrase in sentence, (name, sentence)
        assert "cannot be used" in sentence and "left unchanged" in sentence, name
        assert done.stdout == "", name
        assert path.read_bytes() == content, name


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_check_on_a_path_that_is_not_a_file_exits_2_at_once(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "caseload.json"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    done = check(target, timeout=30)
    assert done.returncode == 2
    words = "a FIFO" if kind == "fifo" else "a folder"
    assert one_sentence(done.stderr) == (
        f"alp-tui: {target} is not a regular file (it is {words}): point --data at the "
        "caseload's .json file"
    )


def test_check_works_on_settings_another_tool_stamped(path: Path) -> None:
    raw = read_raw(path)
    meta_doc(raw).update(
        id="meta",
        created_at="2026-09-01T08:00:00",
        created_by="sims-export",
        updated_at="2026-11-20T16:45:00",
        updated_by="apatel",
        rev=7,
    )
    data = write_raw(path, raw)
    done = check(path, "--json")
    assert done.returncode in (0, 1), done.stderr
    assert isinstance(json.loads(done.stdout), list)
    assert path.read_bytes() == data


def test_check_reads_a_version_1_file_and_leaves_it_so(path: Path) -> None:
    data = write_raw(path, as_version_1(read_raw(path)))
    done = check(path)
    assert done.returncode in (0, 1), done.stderr
    assert "Test School" in done.stdout
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    ("version", "sentence"),
    [
        (3, "this file is schema version 3, written by a newer alp-tui"),
        (
            "2",
            "field schema_version: must be a positive whole number (this alp-tui reads 1 "
            'to 2), not "2"',
        ),
        (2.0, "field schema_version: must be a positive whole number"),
        (0, "field schema_version: must be a positive whole number"),
    ],
)
def test_check_refuses_a_schema_version_it_cannot_read(
    path: Path, version: object, sentence: str
) -> None:
    raw = read_raw(path)
    meta_doc(raw)["schema_version"] = version
    data = write_raw(path, raw)
    done = check(path)
    assert done.returncode == 2
    assert sentence in one_sentence(done.stderr)
    assert path.read_bytes() == data
