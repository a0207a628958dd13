"""The `alp-tui` command: open the app, write the demo caseload, check a caseload for
problems, or export a pupil's Word review note.

Every failure is one sentence on stderr (which thing, what is wrong, what to do) and exit
status 2; `check` exits 1 when there is a red problem. The heavy parts (the app, the Word
export) are imported only by the commands that use them.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shlex
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from alp_tui import __version__, clock
from alp_tui.dates import DateError, parse_date, uk
from alp_tui.rules import Problem, find_problems, worst_first
from alp_tui.terminal import SafeOutput, json_escaped
from alp_tui.validation import CaseloadError

if TYPE_CHECKING:
    from alp_tui.caseload import Caseload
    from alp_tui.models import Pupil

PROG = "alp-tui"
EXIT_OK = 0
EXIT_RED = 1
EXIT_ERROR = 2
AUDIENCES = ("school", "provider", "parent")
JSON_FIELDS = ("code", "severity", "pupil_id", "placement_id", "provider_id", "message")


class UsageError(Exception):
    """The command line itself is wrong; the message says how."""


class _Parser(argparse.ArgumentParser):
    # argparse would print the usage block and exit; one sentence reads better, and
    # raising lets `main` return the status instead of exiting the caller's process.
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


# --- arguments -------------------------------------------------------------------------------


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of weeks: give 1 or more")
    return value


def _data_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # The sub-commands take --data/--today too; SUPPRESS keeps a value given before the
    # sub-command name (`alp-tui --data X check`) from being reset to the default.
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="the caseload file (default: $ALP_TUI_DATA, else caseload.json in your data folder)",
    )
    parser.add_argument(
        "--today",
        metavar="DATE",
        default=default,
        help="act as if it were this date, YYYY-MM-DD or DD/MM/YYYY (default: today)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="The weekly review of pupils in part-time alternative learning provision.\n"
        "With no command, opens the app.",
        epilog="examples:\n"
        "  alp-tui --demo                       try the app on sample data\n"
        "  alp-tui demo --data demo.json        write the sample caseload to a file\n"
        "  alp-tui check --data caseload.json   list every problem (exit 1 if any is red)\n"
        "  alp-tui export Jordan --audience parent --out notes/\n"
        "  alp-tui export Kai --audience provider --provider northside\n"
        "  alp-tui import pupils.csv --dry-run  check a spreadsheet, then run it again to add\n"
        "  alp-tui placements --out la.csv      the local authority's list of placements",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _data_options(parser, suppress=False)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a demo caseload in a temporary file (nothing to set up)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="write the demo caseload to a new file",
        description="Write the demo caseload (twelve pupils, a term of weekly contacts) to "
        "a new file. An existing file is never overwritten.",
    )
    _data_options(demo, suppress=True)

    check = commands.add_parser(
        "check",
        help="print every problem; exit 0 none red, 1 some red, 2 unusable file",
        description="Print every problem in the caseload, worst first, and a summary. "
        "Exit status: 0 no red problem, 1 some red, 2 the file or arguments are unusable.",
    )
    _data_options(check, suppress=True)
    check.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of problems (" + ", ".join(JSON_FIELDS) + ")",
    )

    export = commands.add_parser(
        "export",
        help="write a pupil's Word review note",
        description="Write the Word review note for one pupil and print where it went, "
        "and for a provider's or parents' copy how many items it held back (the school's "
        "copy lists them). A provider's note covers one provider: for a pupil placed with "
        "several, add "
        "--provider NAME (otherwise the export stops and lists them).",
    )
    _data_options(export, suppress=True)
    export.add_argument("pupil", metavar="PUPIL", help="the pupil's id or (part of) their name")
    export.add_argument(
        "--audience",
        required=True,
        choices=AUDIENCES,
        help="school: everything; provider: that provider's placements only, no concern "
        "unless shared on purpose, nothing that reads like a safeguarding matter; parent: "
        "every placement, as provider, as a letter to the family",
    )
    export.add_argument(
        "--provider",
        metavar="NAME",
        help="only the pupil's placements at this provider (its id, or part of its name in "
        "any case); needed for a provider's note when the pupil is placed with several",
    )
    export.add_argument(
        "--out",
        metavar="PATH",
        help="a .docx file, or an existing folder (default: the export folder the settings "
        "name, else a notes/ folder beside the data file, made owner-only if it is not there)",
    )
    export.add_argument(
        "--weeks",
        type=_weeks,
        metavar="N",
        help="the period the note covers, in weeks back from today",
    )
    export.add_argument(
        "--force", action="store_true", help="replace the file if it already exists"
    )
    from alp_tui.cli_lists import add_commands

    add_commands(commands, _data_options)
    return parser


def _today(text: str | None) -> date:
    if text is None:
        return clock.today()
    try:
        return parse_date(text, clock.today())
    except DateError:
        raise UsageError(
            f"--today {text!r} is not a date: give it as YYYY-MM-DD or DD/MM/YYYY"
        ) from None


def _data_path(text: str | None) -> Path:
    if text:
        return Path(text).expanduser()
    from store import default_data_path

    return default_data_path()


# --- commands --------------------------------------------------------------------------------


def _open_app(args: argparse.Namespace, today: date) -> int:
    from alp_tui.app import make_app

    if args.demo:
        if args.data:
            raise UsageError("--demo opens a temporary demo caseload: leave out --data")
        # The app writes the demo to a fresh private temporary folder, removed at exit.
        app = make_app(None, today=today, demo=True)
    else:
        app = make_app(_data_path(args.data), today=today)
    app.run()
    if args.demo:
        print(
            f"The demo caseload was a temporary file ({app.data_path}); it is deleted now, "
            "with what was typed into it. Notes exported from it are kept."
        )
    return app.return_code or EXIT_OK


def _write_demo(args: argparse.Namespace, today: date) -> int:
    from alp_tui.demo import demo_caseload
    from store import Store

    if not args.data:
        raise UsageError("give the new file to write with --data PATH")
    path = Path(args.data).expanduser()
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{path} already exists and the demo never overwrites a file: give a new path "
            "with --data"
        )
    caseload = demo_caseload(today)
    try:
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True)
        Store.create(path, caseload.meta, caseload=caseload)
    except OSError as error:
        raise UsageError(
            f"cannot write the demo to {path} ({error.strerror or error}): choose a folder "
            "you can write to"
        ) from None
    print(
        f"Wrote the demo caseload to {path}: {len(caseload.pupils)} pupils at "
        f"{len(caseload.providers)} providers, dated as of {uk(today)}."
    )
    print(f"Open it with: {PROG} --data {shlex.quote(str(path))} --today {today.isoformat()}")
    return EXIT_OK


def _load(path: Path) -> Caseload:
    from store import FileMissingError, Store

    if not path.exists():
        raise _missing(path)
    try:
        caseload = Store(path).load()
    except FileMissingError:
        raise _missing(path) from None
    # The caseload lives until the command ends: keep the garbage collector from walking
    # its millions of objects again and again (seconds on a local authority's file).
    gc.freeze()
    return caseload


def _missing(path: Path) -> UsageError:
    quoted = shlex.quote(str(path))
    return UsageError(
        f"there is no caseload file at {path}: write the demo there with "
        f"`{PROG} demo --data {quoted}`, or run `{PROG} --data {quoted}` to start a new one"
    )


def _who(caseload: Caseload, problem: Problem) -> str:
    if problem.pupil_id and problem.pupil_id in caseload.pupils:
        return caseload.pupils[problem.pupil_id].display_name
    if problem.provider_id and problem.provider_id in caseload.providers:
        return caseload.providers[problem.provider_id].name
    return ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _check(args: argparse.Namespace, today: date) -> int:
    caseload = _load(_data_path(args.data))
    problems = worst_first(find_problems(caseload, today))
    red = sum(1 for p in problems if p.severity == "red")
    if args.json:
        rows = [{name: getattr(p, name) for name in JSON_FIELDS} for p in problems]
        print(json_escaped(json.dumps(rows, indent=2, ensure_ascii=False)))
        return EXIT_RED if red else EXIT_OK
    names = [_who(caseload, p) for p in problems]
    width = min(max((len(n) for n in names), default=0), 32)
    for problem, name in zip(problems, names, strict=True):
        print(
            f"{problem.marker:<2} {problem.severity:<5}  {name:<{width}}  "
            f"{problem.message}  ({problem.code})"
        )
    pupils = sum(1 for p in caseload.pupils.values() if not p.archived)
    where = caseload.meta.school_name or "the caseload"
    counts = (
        f"{_plural(len(problems), 'problem')} ({red} red, {len(problems) - red} amber)"
        if problems
        else "no problems"
    )
    print(
        f"{where}, {uk(today)}: {counts} across {_plural(pupils, 'pupil')} and "
        f"{_plural(len(caseload.providers), 'provider')}."
    )
    return EXIT_RED if red else EXIT_OK


def _pupil(caseload: Caseload, text: str, path: Path) -> Pupil:
    found = caseload.find_pupils(text)
    if len(found) > 1:
        # A full name that is also part of a longer one ("Sam Lee", "Sam Leeson") still counts.
        wanted = " ".join(text.lower().split())
        exact = [
            p
            for p in found
            if wanted in {f"{p.first_name} {p.last_name}".lower(), p.display_name.lower()}
        ]
        if len(exact) == 1:
            return exact[0]
        listed = ", ".join(f"{p.display_name} ({p.id})" for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise UsageError(
            f"{text!r} matches {len(found)} pupils: {listed}{more}; give more of the name or the id"
        )
    if not found:
        raise UsageError(
            f"no pupil in {path} matches {text!r}: give a pupil's id or part of their name"
        )
    return found[0]


def _provider_id(caseload: Caseload, pupil: Pupil, text: str) -> str:
    """The provider `--provider` names among the pupil's: its id, its name, or a part of
    the name that fits one only (any case)."""
    ids = sorted({p.provider_id for p in caseload.placements_of(pupil.id)})
    names = {i: caseload.providers[i].name if i in caseload.providers else i for i in ids}
    wanted = " ".join(text.split()).casefold()
    exact = [i for i in ids if wanted in (i.casefold(), names[i].casefold())]
    found = exact or [i for i in ids if wanted and wanted in names[i].casefold()]
    if len(found) == 1:
        return found[0]
    listed = ", ".join(sorted(names.values())) or "none"
    if found:
        raise UsageError(
            f"--provider {text!r} matches {len(found)} of {pupil.display_name}'s providers "
            f"({listed}): give more of the name"
        )
    raise UsageError(
        f"{pupil.display_name} has no placement at a provider matching {text!r}: their "
        f"providers are {listed}"
    )


def _export(args: argparse.Namespace, today: date) -> int:
    path = _data_path(args.data)
    caseload = _load(path)
    pupil = _pupil(caseload, args.pupil, path)
    from exports import SeveralProvidersError, export_note, template_for

    provider_id = _provider_id(caseload, pupil, args.provider) if args.provider else None
    if args.out:
        out = Path(args.out).expanduser()
    else:
        from store import make_notes_folder, notes_folder

        out = make_notes_folder(notes_folder(path, caseload.meta), path, caseload.meta)
    try:
        written = export_note(
            caseload,
            pupil.id,
            args.audience,
            out,
            today,
            weeks=args.weeks,
            force=args.force,
            template=template_for(caseload.meta, path),
            provider_id=provider_id,
        )
    except SeveralProvidersError as error:
        names = error.provider_names
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        raise UsageError(
            f"{error.pupil_name} is placed with {listed}, and a provider's note covers one "
            "provider: add --provider NAME to say which"
        ) from None
    print(written.path)
    if args.audience != "school":
        # The school's copy lists them; a shared copy says only how many, never which.
        count = len(written.held)
        print(f"held back {count} item{'' if count == 1 else 's'}")
    return EXIT_OK


def _lists(args: argparse.Namespace, today: date) -> int:
    from alp_tui.cli_lists import run_import, run_placements

    run = run_import if args.command == "import" else run_placements
    return run(args, today, _data_path(args.data), _load)


# --- errors ----------------------------------------------------------------------------------


def _known_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message is already a sentence for the user."""
    from alp_tui.cli_lists import ListUsageError

    known: list[type[BaseException]] = [UsageError, CaseloadError, DateError, ListUsageError]
    try:
        from store import StoreError

        known.append(StoreError)
    except ImportError:
        pass
    try:
        from exports import ExportError

        known.append(ExportError)
    except ImportError:
        pass
    return tuple(known)


def _sentence(error: BaseException) -> str:
    if isinstance(error, _known_errors()):
        text = str(error)
    elif isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        text = f"{where}{error.strerror or error}"
    else:
        text = f"unexpected error ({type(error).__name__}: {error}); please report it"
    return " ".join(text.split())


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return EXIT_ERROR


def _tolerant_output() -> None:
    # A terminal that cannot show "—" or "£" still gets the rest of the line.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    What the commands print passes through `SafeOutput`, so text from the file never
    reaches the terminal raw (the app has the terminal to itself, and escapes its own)."""
    _tolerant_output()
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeOutput(out), SafeOutput(err)
    try:
        return _main(argv, out, err)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else EXIT_OK
        today = _today(args.today)
        if args.command is None:
            sys.stdout, sys.stderr = out, err
            return _open_app(args, today)
        if args.demo:
            raise UsageError(f"--demo only opens the app; leave it out of `{args.command}`")
        if args.command in ("import", "placements"):
            return _lists(args, today)
        command = {"demo": _write_demo, "check": _check, "export": _export}[args.command]
        return command(args, today)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("ALP_TUI_DEBUG"):  # developers want the traceback
            raise
        return _fail(_sentence(error))


if __name__ == "__main__":
    raise SystemExit(main())
