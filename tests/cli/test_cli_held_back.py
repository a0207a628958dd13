"""`alp-tui export` says how many items a shared copy held back, decided without touching the
data file; the school's copy, which lists them, gets no count."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from alp_tui.cli import main

ON = ["--today", "2026-11-27"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("audience", ["provider", "parent"])
def test_a_shared_copy_prints_how_many_items_it_held_back(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], audience: str
) -> None:
    before = _digest(demo_file)
    out = tmp_path / f"mason-{audience}.docx"
    args = ["export", "Mason", "--audience", audience, "--out", str(out), "--data", str(demo_file)]
    assert main([*args, *ON]) == 0
    printed = capsys.readouterr().out.splitlines()
    # Five weeks' notes that he left site at lunch, the call that reported it and his words
    # on that call, the DSL's action after the strategy meeting, and the safeguarding concern.
    assert printed == [str(out), "held back 9 items"]
    assert _digest(demo_file) == before  # the data file is as it was
    with zipfile.ZipFile(out) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "strategy meeting" not in body and "Left site at lunch" not in body


def test_the_schools_copy_lists_them_and_prints_no_count(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mason-school.docx"
    args = ["export", "Mason", "--audience", "school", "--out", str(out), "--data", str(demo_file)]
    assert main([*args, *ON]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out)]
    with zipfile.ZipFile(out) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "What the shared copies hold back" in body


def test_one_item_held_back_is_one_item(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ellie's attendance concern, never shared on purpose, is all her copies hold back.
    out = tmp_path / "ellie.docx"
    args = ["export", "Ellie", "--audience", "parent", "--out", str(out), "--data", str(demo_file)]
    assert main([*args, *ON]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out), "held back 1 item"]
