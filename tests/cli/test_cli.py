"""The command line: `demo`, `check`, `export` and opening the app, run in-process through
`main([...])` and as a real `python -m alp_tui` process."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import types
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from builders import (
    make_caseload,
    make_contact,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
    sessions,
)

from alp_tui.cli import JSON_FIELDS, main
from alp_tui.demo import demo_caseload
from alp_tui.rules import CODES, find_problems

TODAY = date(2026, 11, 27)
ON = ["--today", TODAY.isoformat()]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alp_tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("alp-tui: ")


def write_caseload(path: Path, *records: Any) -> Path:
    from store import Store

    caseload = make_caseload(*records)
    Store.create(path, caseload.meta, caseload=caseload, user="tester")
    return path


# --- demo ------------------------------------------------------------------------------------


def test_demo_writes_an_owner_only_file_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "new" / "demo.json"
    done = run("demo", "--data", str(path), *ON, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(path) in done.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    before = path.read_bytes()

    again = run("demo", "--data", str(path), *ON, cwd=tmp_path)
    assert again.returncode == 2
    assert_one_sentence(again.stderr)
    assert "already exists" in again.stderr
    assert path.read_bytes() == before


def test_demo_file_holds_the_demo_caseload(tmp_path: Path) -> None:
    from store import Store

    path = tmp_path / "demo.json"
    assert main(["demo", "--data", str(path), "--today", "27/11/2026"]) == 0
    loaded = Store(path).load()
    expected = demo_caseload(TODAY)
    assert set(loaded.pupils) == set(expected.pupils)
    assert loaded.contacts == expected.contacts


def test_demo_into_an_unusable_folder_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["demo", "--data", str(blocker / "demo.json"), *ON]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "a-file" in err


def test_demo_needs_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 2
    assert_one_sentence(capsys.readouterr().err)


# --- check -----------------------------------------------------------------------------------


def test_check_lists_every_problem_worst_first(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data", str(demo_file), *ON]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = find_problems(demo_caseload(TODAY), TODAY)
    *lines, summary = out
    assert len(lines) == len(problems)
    for code in CODES:
        assert any(line.endswith(f"({code})") for line in lines), code
    markers = [line.split()[0] for line in lines]
    assert markers == sorted(markers, key=lambda m: m != "!!")
    red = sum(p.severity == "red" for p in problems)
    assert f"{len(problems)} problems ({red} red, {len(problems) - red} amber)" in summary
    assert "Kingsmead Academy" in summary and "27/11/2026" in summary
    # Lines name the pupil (or the provider) the problem is about.
    assert any("Chloe Hughes" in line and "(HOURS_OVER_LIMIT)" in line for line in lines)
    assert any("Wildwood Outdoor Learning" in line and "(CHECK_EXPIRED)" in line for line in lines)


def test_check_json_has_exactly_the_problem_fields(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--json", "--data", str(demo_file), *ON]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert all(list(row) == list(JSON_FIELDS) for row in rows)
    assert set(JSON_FIELDS) == {
        "code",
        "severity",
        "pupil_id",
        "placement_id",
        "provider_id",
        "message",
    }
    assert {row["code"] for row in rows} == set(CODES)
    problems = find_problems(demo_caseload(TODAY), TODAY)
    assert sorted(rows, key=str) == sorted(
        ({name: getattr(p, name) for name in JSON_FIELDS} for p in problems), key=str
    )


def test_check_with_only_amber_problems_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    provider = make_provider(name="Hillside Farm")
    pupil = make_pupil(first_name="Amira", last_name="Khan")
    placement = make_placement(pupil, provider, schedule=sessions(tue=("09:00", "15:00")))
    contact = make_contact(placement, TODAY - timedelta(days=2))
    records = (provider, pupil, placement, contact)
    problems = find_problems(make_caseload(*records), TODAY)
    assert problems and {p.severity for p in problems} == {"amber"}
    path = write_caseload(tmp_path / "amber.json", *records)

    assert main(["check", "--data", str(path), *ON]) == 0
    out = capsys.readouterr().out
    assert "(NO_TARGETS)" in out and "Amira Khan" in out
    assert "0 red" in out.splitlines()[-1]


def test_check_with_no_problems_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    provider = make_provider(name="Hillside Farm")
    pupil = make_pupil()
    placement = make_placement(
        pupil,
        provider,
        schedule=sessions(tue=("09:00", "15:00")),
        next_review=TODAY + timedelta(weeks=3),
    )
    records = (
        provider,
        pupil,
        placement,
        make_target(placement),
        make_contact(placement, TODAY - timedelta(days=1)),
    )
    path = write_caseload(tmp_path / "fine.json", *records)
    assert main(["check", "--data", str(path), *ON]) == 0
    assert capsys.readouterr().out.strip() == (
        "Test School, 27/11/2026: no problems across 1 pupil and 1 provider."
    )


def test_check_on_a_corrupt_file_exits_2_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    path.write_text('{"meta": {"1": {"schema_version": 1}}, "pupils": ', encoding="utf-8")
    done = run("check", "--data", str(path), *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_sentence(done.stderr)
    assert str(path) in done.stderr
    assert path.read_text(encoding="utf-8").endswith('"pupils": ')


def test_check_on_an_invalid_record_names_it(tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    demo = run("demo", "--data", str(path), *ON, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    data = json.loads(path.read_text(encoding="utf-8"))
    pupil = next(d for d in data["pupils"].values() if d["id"] == "pu-jordan")
    pupil["year_group"] = 15
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("check", "--data", str(path), *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert_one_sentence(done.stderr)
    assert "pu-jordan" in done.stderr and "year_group" in done.stderr


@pytest.mark.parametrize("bad", ["32/13/2026", "next week", "2026-02-30"])
def test_a_bad_today_exits_2_with_one_sentence(demo_file: Path, bad: str) -> None:
    done = run("check", "--data", str(demo_file), "--today", bad, cwd=demo_file.parent)
    assert done.returncode == 2
    assert_one_sentence(done.stderr)
    assert "--today" in done.stderr and "YYYY-MM-DD" in done.stderr


def test_a_missing_file_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nothing.json"
    assert main(["check", "--data", str(path), *ON]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "no caseload file" in err and f"alp-tui demo --data {path}" in err
    assert not path.exists()


def test_check_uses_the_default_data_path(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ALP_TUI_DATA", str(demo_file))
    assert main(["check", "--json", *ON]) == 1
    assert len(json.loads(capsys.readouterr().out)) == len(
        find_problems(demo_caseload(TODAY), TODAY)
    )


def test_options_may_come_before_the_command(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(demo_file), "--today", "27/11/2026", "check", "--json"]) == 1
    first = capsys.readouterr().out
    assert main(["check", "--json", "--data", str(demo_file), "--today", "2026-11-27"]) == 1
    assert capsys.readouterr().out == first


def test_usage_errors_are_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert_one_sentence(capsys.readouterr().err)
    assert main(["export", "pu-jordan"]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "--audience" in err


def test_an_unexpected_failure_is_still_one_sentence(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("rule exploded")

    monkeypatch.setattr("alp_tui.cli.find_problems", broken)
    assert main(["check", "--data", str(demo_file), *ON]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "rule exploded" in err


def test_help_and_version_via_python_m(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path)
    assert done.returncode == 0
    for command in ("demo", "check", "export", "--demo", "--data", "--today"):
        assert command in done.stdout
    version = run("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("alp-tui ")


# --- export ----------------------------------------------------------------------------------


def test_export_writes_the_note_and_prints_its_path(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    args = ["export", "Jordan", "--audience", "parent", "--out", str(out)]
    assert main([*args, "--data", str(demo_file), *ON]) == 0
    lines = capsys.readouterr().out.splitlines()
    printed = Path(lines[0])
    assert printed == out / "2026-11-27 Jordan B - parent.docx"
    assert lines[1:] == ["held back 0 items"]
    assert stat.S_IMODE(printed.stat().st_mode) == 0o600
    with zipfile.ZipFile(printed) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Jordan" in body and "Forge Construction Skills" in body

    # A second export to the same place is refused unless forced.
    before = printed.read_bytes()
    assert main([*args, "--data", str(demo_file), *ON]) == 2
    assert_one_sentence(capsys.readouterr().err)
    assert printed.read_bytes() == before
    assert main([*args, "--force", "--weeks", "4", "--data", str(demo_file), *ON]) == 0


def test_export_by_id_to_a_file_as_a_real_process(demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "liam.docx"
    done = run(
        "export",
        "pu-liam",
        "--audience",
        "provider",
        "--out",
        str(target),
        "--data",
        str(demo_file),
        *ON,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == str(target)
    assert zipfile.is_zipfile(target)


def test_export_with_an_ambiguous_name_lists_the_matches(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "ch", "--audience", "school", "--data", str(demo_file), *ON])
    assert code == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "Chloe Hughes (pu-chloe)" in err and "Ellie Richards (pu-ellie)" in err
    assert list(tmp_path.glob("*.docx")) == []


def test_export_of_an_unknown_pupil(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", "Zebedee", "--audience", "school", "--data", str(demo_file), *ON])
    assert code == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "'Zebedee'" in err


def _words(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return " ".join(
            docx.read(name).decode("utf-8") for name in docx.namelist() if name.endswith(".xml")
        )


def test_a_provider_note_for_a_pupil_at_two_providers_asks_which(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    args = ["export", "pu-kai", "--audience", "provider", "--out", str(out)]
    assert main([*args, "--data", str(demo_file), *ON]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "Northside Boxing Academy" in err and "Sandford Motor Mechanics" in err
    assert "--provider NAME" in err
    assert list(out.iterdir()) == []

    # Part of the name, in any case, is enough when it picks one provider.
    assert main([*args, "--provider", "northSIDE", "--data", str(demo_file), *ON]) == 0
    written = Path(capsys.readouterr().out.splitlines()[0])
    words = _words(written)
    assert "Northside Boxing Academy" in words
    assert "Sandford" not in words


@pytest.mark.parametrize(
    ("provider", "words"),
    [
        ("o", "matches 2 of Kai Morgan's providers"),
        ("Hillside", "Kai Morgan has no placement at a provider matching 'Hillside'"),
    ],
)
def test_export_provider_must_pick_one_of_the_pupils_providers(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    provider: str,
    words: str,
) -> None:
    args = ["export", "pu-kai", "--audience", "provider", "--out", str(tmp_path)]
    assert main([*args, "--provider", provider, "--data", str(demo_file), *ON]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert words in err
    assert "Northside Boxing Academy" in err and "Sandford Motor Mechanics" in err
    assert list(tmp_path.glob("*.docx")) == []


def test_export_provider_by_id_also_limits_a_parent_note(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "pu-kai", "--audience", "parent", "--out", str(tmp_path)]
    assert main([*args, "--data", str(demo_file), *ON]) == 0
    both = _words(Path(capsys.readouterr().out.splitlines()[0]))
    assert "Northside Boxing Academy" in both and "Sandford Motor Mechanics" in both
    assert main([*args, "--force", "--provider", "pr-sandford", "--data", str(demo_file), *ON]) == 0
    one = _words(Path(capsys.readouterr().out.splitlines()[0]))
    assert "Sandford Motor Mechanics" in one and "Northside" not in one


def test_export_uses_the_letterhead_in_the_settings(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    from store import Store

    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "Kingsmead Academy, Mill Lane, Bristol"
    # A path relative to the data file's folder, as the settings screen stores it.
    letterhead.save(str(demo_file.parent / "letterhead.docx"))
    store = Store(demo_file)
    store.save_meta(store.load().meta.model_copy(update={"export_template": "letterhead.docx"}))
    out = tmp_path / "out.docx"
    args = ["export", "pu-liam", "--audience", "school", "--out", str(out)]
    assert main([*args, "--data", str(demo_file), *ON]) == 0, capsys.readouterr().err
    with zipfile.ZipFile(out) as docx:
        headers = [n for n in docx.namelist() if n.startswith("word/header")]
        text = " ".join(docx.read(n).decode("utf-8") for n in headers)
    assert "Kingsmead Academy, Mill Lane, Bristol" in text


# --- opening the app -------------------------------------------------------------------------


class FakeApp:
    def __init__(self, data_path: Path | None, today: date | None, demo: bool) -> None:
        self.data_path, self.today, self.demo = data_path, today, demo
        self.return_code: int | None = None
        self.ran = False

    def run(self) -> None:
        self.ran = True


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[FakeApp]:
    """Replace the Textual app with a recorder, so no terminal UI starts."""
    made: list[FakeApp] = []

    def make_app(
        data_path: Path | None, today: date | None = None, *, demo: bool = False, **_: Any
    ) -> FakeApp:
        made.append(FakeApp(data_path, today, demo))
        return made[-1]

    module = types.ModuleType("alp_tui.app")
    module.make_app = make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "alp_tui.app", module)
    return made


def test_no_command_opens_the_app_on_the_data_file(fake_app: list[FakeApp], tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    assert main(["--data", str(path), *ON]) == 0
    (app,) = fake_app
    assert app.ran and app.data_path == path and app.today == TODAY and not app.demo


def test_the_apps_exit_status_is_returned(fake_app: list[FakeApp], tmp_path: Path) -> None:
    class Failing(FakeApp):
        def run(self) -> None:
            self.return_code = 2

    module = sys.modules["alp_tui.app"]
    module.make_app = lambda *a, **k: Failing(None, None, False)  # type: ignore[attr-defined]
    assert main(["--data", str(tmp_path / "x.json")]) == 2


def test_demo_flag_opens_the_app_on_a_demo(fake_app: list[FakeApp]) -> None:
    assert main(["--demo", *ON]) == 0
    (app,) = fake_app
    assert app.ran and app.demo and app.today == TODAY


def test_demo_flag_puts_the_demo_in_a_private_temporary_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import alp_tui.app as app_module

    seen: list[Path] = []

    def run(self: Any) -> None:
        seen.append(Path(self.data_path))

    monkeypatch.setattr(app_module.AlpApp, "run", run)
    assert main(["--demo", *ON]) == 0
    (path,) = seen
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    from store import Store

    assert set(Store(path).load().pupils) == set(demo_caseload(TODAY).pupils)


def test_demo_flag_with_data_or_a_command_is_refused(
    fake_app: list[FakeApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--demo", "--data", str(tmp_path / "x.json")]) == 2
    assert_one_sentence(capsys.readouterr().err)
    assert main(["--demo", "check"]) == 2
    assert_one_sentence(capsys.readouterr().err)
    assert fake_app == []
