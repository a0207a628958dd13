"""The school's lists on the command line: `alp-tui import` (the spreadsheet the school
already has, in) and `alp-tui placements` (the local authority's list, out).

`import` reads and checks the whole file first (`alp_tui.spreadsheet`) and saves it in one
`store.apply`, or refuses it with one sentence per bad line and writes nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from alp_tui.authority import AuthorityRow, authority_csv, authority_rows
from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.spreadsheet import (
    COLUMNS,
    ImportPlan,
    ImportRefused,
    conflicts,
    problems_after,
    read_spreadsheet,
    row_words,
)

#: Exit statuses, as the rest of the command line has them.
EXIT_OK = 0
EXIT_ERROR = 2


class ListUsageError(Exception):
    """The command is given something it cannot use; the message says what to give."""


#: Adds `--data` and `--today` to a sub-command (the command line's own function).
DataOptions = Callable[..., None]
#: Reads the caseload file, refusing a missing or unusable one with a sentence.
Load = Callable[[Path], Caseload]


def add_commands(commands: Any, add_data: DataOptions) -> None:
    """Add `import` and `placements` to the command line's sub-commands (`commands` is
    argparse's sub-parsers object)."""
    imports = commands.add_parser(
        "import",
        help="add pupils and their placements from a spreadsheet (CSV); all or nothing",
        description="Add the pupils in a CSV file, and a placement for each row that names a "
        "provider, in one save: every row is checked first, and one bad row refuses the whole "
        "file (each bad line is listed, with the field to mend). The first row names the "
        f"columns, in any order and case: {', '.join(COLUMNS)}. Dates as 27/11/2026 or "
        "2026-11-27; yes/no for ehcp, looked_after and sen_support; schedule as "
        "'mon 09:00-15:00; thu 09:00-12:30'. UTF-8 (Excel: 'CSV UTF-8'), commas or "
        "semicolons.",
    )
    add_data(imports, suppress=True)
    imports.add_argument("file", metavar="FILE.csv", help="the spreadsheet, saved as CSV")
    imports.add_argument(
        "--dry-run", action="store_true", help="print what it would add, and write nothing"
    )

    placements = commands.add_parser(
        "placements",
        help="list every active and planned placement for the local authority",
        description="List every active and planned placement: a table on the terminal, or "
        "with --csv a CSV file for the local authority (UTF-8 with BOM, dates as "
        "DD/MM/YYYY), to --out or standard output.",
    )
    add_data(placements, suppress=True)
    placements.add_argument(
        "--csv", action="store_true", help="write the list as CSV (every column)"
    )
    placements.add_argument(
        "--out",
        metavar="FILE",
        help="the CSV file to write (implies --csv); an existing folder gets "
        "'YYYY-MM-DD placements.csv'",
    )


# --- import ----------------------------------------------------------------------------------


def _read_file(text: str) -> bytes:
    path = Path(text).expanduser()
    if not path.exists():
        raise ListUsageError(f"there is no file at {path}: give the CSV file to import")
    if not path.is_file():
        # A FIFO or a device would hang the read; a folder cannot be read at all.
        raise ListUsageError(f"{path} is not a file: give the CSV file to import")
    try:
        return path.read_bytes()
    except OSError as error:
        raise ListUsageError(f"{path} cannot be read ({error.strerror or error})") from None


def run_import(args: argparse.Namespace, today: date, data_path: Path, load: Load) -> int:
    """`alp-tui import FILE.csv [--dry-run]`."""
    from store import Store, id_maker

    data = _read_file(args.file)
    caseload = load(data_path)
    name = Path(args.file).name
    try:
        plan = read_spreadsheet(data, caseload, id_maker(caseload))
    except ImportRefused as refused:
        return _refused(name, refused.sentences)
    _print_plan(plan, caseload, today, dry_run=args.dry_run)
    if args.dry_run:
        print(f"Nothing was written (--dry-run): {name} would add {plan.summary()}.")
        return EXIT_OK

    def still_holds(now: Caseload) -> str | None:
        return " ".join(conflicts(plan, now)) or None

    Store(data_path).apply(add=plan.records, guard=still_holds)
    print(f"Added {plan.summary()} to {data_path}.")
    if plan.providers:
        print(
            "Record each new provider's registration, URN and checks under Providers (p) "
            "before the next review."
        )
    return EXIT_OK


def _refused(name: str, sentences: Sequence[str]) -> int:
    many = len(sentences) > 1
    print(
        f"alp-tui: {name} was not imported and nothing was written"
        + (f"; {len(sentences)} things to mend:" if many else ":"),
        file=sys.stderr,
    )
    for sentence in sentences:
        print(f"  {sentence}", file=sys.stderr)
    return EXIT_ERROR


def _print_plan(plan: ImportPlan, caseload: Caseload, today: date, *, dry_run: bool) -> None:
    print(f"{'Would add' if dry_run else 'Adding'}:")
    for row in plan.rows:
        print(f"  {row_words(row)}")
    limits = problems_after(plan, caseload, today)
    if limits:
        print("Once imported, these would be flagged:")
        for problem in limits:
            print(f"  {problem.marker} {problem.message}")


# --- placements ------------------------------------------------------------------------------

#: The terminal table's columns, and the order they are left out in to fit a narrow one.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("pupil", "Pupil"),
    ("year_group", "Yr"),
    ("upn", "UPN"),
    ("provider", "Provider"),
    ("register_code", "Code"),
    ("arranged_by", "Arranged"),
    ("status", "Status"),
    ("start_date", "Start"),
    ("end_date", "End"),
    ("hours_a_week", "h/wk"),
    ("days_a_week", "Days"),
    ("la_told_on", "LA told"),
)
DROP_ORDER = ("upn", "days_a_week", "status", "arranged_by", "end_date", "year_group")


def _cell(row: AuthorityRow, name: str) -> str:
    if name == "pupil":
        return f"{row.last_name}, {row.first_name}"
    if name == "arranged_by":
        return "LA" if row.arranged_by == "local authority" else row.arranged_by
    if name == "register_code":
        return "not B" if row.online == "yes" else row.register_code
    if name == "la_told_on":
        return row.la_told_on or ("—" if row.arranged_by == "local authority" else "not yet")
    return getattr(row, name) or "—"


def placements_table(rows: Sequence[AuthorityRow], width: int | None) -> list[str]:
    """The list as aligned lines; with `width`, columns are left out (least needed first)
    until it fits, and a last line says which."""
    columns = list(TABLE_COLUMNS)
    cells = [[_cell(row, name) for name, _ in columns] for row in rows]

    def widths(chosen: list[int]) -> list[int]:
        return [
            max(len(columns[i][1]), *(len(line[i]) for line in cells)) if cells else 0
            for i in chosen
        ]

    chosen = list(range(len(columns)))
    dropped: list[str] = []
    for name in DROP_ORDER:
        if width is None or sum(widths(chosen)) + 2 * (len(chosen) - 1) <= width:
            break
        index = next(i for i, (n, _) in enumerate(columns) if n == name)
        chosen.remove(index)
        dropped.append(columns[index][1])
    sizes = widths(chosen)

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, sizes, strict=True)).rstrip()

    lines = [line([columns[i][1] for i in chosen])]
    lines += [line([cell[i] for i in chosen]) for cell in cells]
    if dropped:
        lines.append(f"(not shown, to fit: {', '.join(dropped)}; --csv has every column)")
    return lines


def _csv_path(out: str, today: date, data_path: Path) -> Path:
    path = Path(out).expanduser()
    if path.is_dir():
        return path / f"{today.isoformat()} placements.csv"
    if not path.suffix:
        path = path.with_name(path.name + ".csv")
    elif path.suffix.lower() != ".csv":
        raise ListUsageError(
            f"the list is a CSV file: give a name ending in .csv, or a folder, not {path.name!r}"
        )
    if not path.parent.is_dir():
        raise ListUsageError(f"the folder {path.parent} does not exist: create it first")
    if path.resolve() == data_path.resolve():
        raise ListUsageError("--out names the caseload file itself: give another file name")
    return path


def run_placements(args: argparse.Namespace, today: date, data_path: Path, load: Load) -> int:
    """`alp-tui placements [--csv] [--out FILE]`."""
    caseload = load(data_path)
    rows = authority_rows(caseload)
    if args.out:
        from store.paths import file_mode
        from store.storage import atomic_write

        path = _csv_path(args.out, today, data_path)
        try:
            # Personal data for another organisation: owner-only (or the staff group's).
            atomic_write(path, [authority_csv(rows)], file_mode(caseload.meta.group_access))
        except OSError as error:
            raise ListUsageError(
                f"{path} could not be written ({error.strerror or error}): choose a folder "
                "you can write to"
            ) from None
        print(path)
        print(f"{len(rows)} placement{'' if len(rows) == 1 else 's'} listed.")
        return EXIT_OK
    if args.csv:
        sys.stdout.flush()
        sys.stdout.buffer.write(authority_csv(rows))
        sys.stdout.buffer.flush()
        return EXIT_OK
    school = caseload.meta.school_name or "The school"
    print(f"{school}: active and planned placements, {uk(today)}")
    if not rows:
        print("There are no active or planned placements.")
        return EXIT_OK
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for line in placements_table(rows, width):
        print(line)
    untold = sum(1 for r in rows if not r.la_told_on and r.arranged_by == "school")
    told = f"; {untold} not yet told to the local authority" if untold else ""
    print(f"{len(rows)} placement{'' if len(rows) == 1 else 's'}{told}.")
    return EXIT_OK
