"""Every figure of the scale goals, against its floor measured in the same run, in one table.

    python benchmarks/run.py [--sizes 60,500,2000] [--runs 3] [--weeks 52] [--fresh]
                             [--only ctrl+s,problems]

A row per caseload size (pupils, a year of weekly contacts each, made by `make_large.py` and
kept in the temporary folder between runs). Each measure is printed as value / floor / ratio,
each the median of `--runs` runs. Whole processes are measured where a user waits for one:
the app's start (process launched to the caseload painted), `check`, and the peak memory of
both (the child's `ru_maxrss`). The floors:

- start: a bare Textual app that `json.loads` the file and paints a DataTable of its pupils;
- filter keystroke: the same bare DataTable refilled with the rows that match;
- `enter`: a bare screen with the same widgets as the pupil record, in the bare app;
- later save: an fsync'd write of the file's bytes (temporary file, fsync, rename);
- first save of the day: an fsync'd copy of the file plus the later save measured;
- `ctrl+s` to the contact form closed: the later save measured;
- problems recomputed after a save: an absolute goal of 50 ms (no floor);
- `check` and peak memory: a process that does nothing but `json.load` the file.

Nothing outside the repository and its dependencies is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_large  # noqa: E402

TODAY = make_large.TODAY
SIZE = (80, 24)
FILTER_KEYS = "mas"  # three keystrokes, each measured: `m`, `ma`, `mas`
GOALS = {
    "start": 1.3,
    "filter": 1.5,
    "enter": 1.3,
    "later save": 2.0,
    "first save": 2.0,
    "ctrl+s": 1.5,
    "problems": 0.050,
    "check": 1.5,
    "app memory": 1.5,
    "check memory": 1.5,
}


# --- running a child and what it used ----------------------------------------------------------


def run_child(
    args: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)
) -> tuple[float, int, str]:
    """Run `args` to its end: wall seconds, peak resident memory in bytes, and its stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        error = err.read().decode(errors="replace")
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(args[:4])} … failed ({process.returncode}):\n{error}")
    return seconds, usage.ru_maxrss * 1024, text


def child(mode: str, *args: str, contact: bool = True) -> dict[str, Any]:
    env = {**os.environ, "ALP_BENCH_T0": repr(time.time())}
    if not contact:
        env["ALP_BENCH_NO_CONTACT"] = "1"
    _, peak, text = run_child([sys.executable, __file__, "--child", mode, *args], env, ok=(0,))
    lines = [line for line in text.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1])
    result["peak"] = peak
    return result


def since_launch() -> float:
    return time.time() - float(os.environ["ALP_BENCH_T0"])


# --- in a child: the app ---------------------------------------------------------------------


async def until(
    condition: Callable[[], Any], timeout: float = float(os.environ.get("ALP_BENCH_TIMEOUT", 300))
) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def reached(counter: list[int], wanted: int) -> bool:
    return counter[0] >= wanted


def field_ends(field: Any, text: str) -> bool:
    return bool(field.value.endswith(text))


def showing(app: Any, screen: Any) -> bool:
    return bool(app.screen is screen and screen.is_mounted)


def send_key(app: Any, key: str, character: str | None = None) -> None:
    """A key straight into the app's queue, as the terminal driver sends it."""
    from textual import events

    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


async def settled(pilot: Any) -> None:
    """Until every widget has handled its messages (the repaint included)."""
    await pilot._wait_for_screen()


def widget_spec(widget: Any) -> dict[str, Any]:
    """The widget as Textual's own class it is built on, its text, and (for containers and
    the app's own composite widgets) its children: enough to build a bare copy."""
    builtin = next(k for k in type(widget).__mro__ if k.__module__.startswith("textual."))
    spec: dict[str, Any] = {"cls": f"{builtin.__module__}:{builtin.__qualname__}"}
    if builtin.__module__ == "textual.widgets._static":
        try:
            spec["text"] = str(widget.render())
        except Exception:
            spec["text"] = ""
    name = builtin.__qualname__
    if name == "TabbedContent":
        # Its own tabs are its business; the panes hold the screen's widgets.
        panes = [p for p in widget.query("TabPane") if p.parent.parent is widget]
        spec["children"] = [widget_spec(pane) for pane in panes]
    elif name == "TabPane":
        spec["text"] = str(widget._title)
        spec["children"] = [widget_spec(c) for c in widget.children]
    elif builtin.__module__ in ("textual.containers", "textual.widget", "textual.screen"):
        spec["children"] = [widget_spec(c) for c in widget.children]
    return spec


def count_specs(spec: dict[str, Any]) -> int:
    return 1 + sum(count_specs(c) for c in spec.get("children", []))


async def app_child(path: Path, spec_out: Path) -> dict[str, Any]:
    import bench_contact

    from alp_tui.app import make_app
    from screens.caseload import CaseloadScreen
    from screens.contact import ContactScreen
    from screens.pupil import PupilScreen

    result: dict[str, Any] = {}
    app: Any = make_app(path, TODAY, user="bench")
    async with app.run_test(size=SIZE) as pilot:

        def painted() -> bool:
            screen = app.screen
            return isinstance(screen, CaseloadScreen) and screen.is_mounted

        await until(painted)
        table: Any = app.screen.query_one("#caseload-table")
        await until(lambda: table.row_count > 0)
        await settled(pilot)
        result["start"] = since_launch()
        screen: Any = app.screen
        # The rows below the first screenful are put in after the first paint.
        await until(lambda: table.row_count == len(screen._shown))
        await settled(pilot)
        result["rows"] = table.row_count

        # The filter: each keystroke until the table is refilled and repainted.
        fills = [0]
        fill = screen._fill_table

        def counted(*args: Any) -> None:
            fill(*args)
            fills[0] += 1

        screen._fill_table = counted
        screen.action_filter()
        await settled(pilot)
        times = []
        for key in FILTER_KEYS:
            wanted = fills[0] + 1
            start = time.perf_counter()
            send_key(app, key, key)
            await until(partial(reached, fills, wanted))
            await settled(pilot)
            times.append(time.perf_counter() - start)
        result["filter"] = statistics.median(times)
        send_key(app, "escape")
        await until(lambda: table.row_count == result["rows"])
        await settled(pilot)

        # Enter: the highlighted pupil's record, three times.
        table.focus()
        await settled(pilot)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            send_key(app, "enter")
            await until(lambda: isinstance(app.screen, PupilScreen) and app.screen.is_mounted)
            await settled(pilot)
            times.append(time.perf_counter() - start)
            if len(times) == 3:
                spec_out.write_text(json.dumps(widget_spec(app.screen)))
            send_key(app, "escape")
            await until(lambda: isinstance(app.screen, CaseloadScreen))
            await settled(pilot)
        result["enter"] = statistics.median(times)

        if os.environ.get("ALP_BENCH_NO_CONTACT"):
            return result
        # A whole contact typed in, then ctrl+s until the form has closed.
        pupil_id = bench_contact.pick_pupil(app.workspace.caseload)
        _, form = await bench_contact.open_form(app, pupil_id)
        await settled(pilot)
        await pilot.press(*bench_contact.call_keys(form))
        await until(lambda: not form.saving)
        await settled(pilot)
        start = time.perf_counter()
        send_key(app, "ctrl+s")
        await until(lambda: not isinstance(app.screen, ContactScreen))
        result["ctrl+s"] = time.perf_counter() - start
        result["saved"] = form.contact_id is None and not form.saving
    return result


# --- in a child: the bare floors of the app --------------------------------------------------


def bare_rows(tables: dict[str, Any]) -> list[tuple[str, ...]]:
    providers = {d["id"]: d["name"] for d in tables.get("providers", {}).values()}
    at: dict[str, str] = {}
    for doc in tables.get("placements", {}).values():
        at.setdefault(doc["pupil_id"], providers.get(doc["provider_id"], ""))
    rows: list[tuple[str, ...]] = []
    for doc in tables.get("pupils", {}).values():
        rows.append(
            (
                f"{doc['first_name']} {doc['last_name']}",
                "● contact overdue",
                str(doc.get("year_group") or ""),
                "15",
                "27/11/2026",
                at.get(doc["id"], ""),
                "20/11/2026",
                "",
                "08/01/2027",
            )
        )
    return rows


def build_widget(spec: dict[str, Any]) -> Any:
    module, _, name = spec["cls"].partition(":")
    cls = getattr(importlib.import_module(module), name)
    if "text" in spec:
        return cls(spec["text"])
    if spec["cls"].endswith(":TabbedContent"):
        return cls()
    try:
        return cls()
    except TypeError:
        from textual.widgets import Static

        return Static("")


async def bare_child(path: Path, spec_in: Path) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Input, Static

    tables = json.loads(path.read_bytes())
    rows = bare_rows(tables)

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("summary")
            yield Input(id="filter", compact=True)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            for column in ("Pupil", "Problems", "Yr", "h/wk", "Due", "Provider", "Last"):
                table.add_column(column)
            table.add_column("Concerns")
            table.add_column("Review")
            self.fill("")

        def fill(self, text: str) -> None:
            table = self.query_one(DataTable)
            table.clear()
            words = text.casefold().split()
            for number, row in enumerate(rows):
                haystack = " ".join(row).casefold()
                if all(word in haystack for word in words):
                    table.add_row(*row, key=str(number))

        def on_input_changed(self, event: Input.Changed) -> None:
            self.fill(event.value)

    spec = json.loads(spec_in.read_text())

    class BareScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            for child_spec in spec.get("children", []):
                yield from self.build(child_spec)

        def build(self, node: dict[str, Any]) -> ComposeResult:
            widget = build_widget(node)
            if node.get("children"):
                with widget:
                    for inner in node["children"]:
                        yield from self.build(inner)
            else:
                yield widget

    result: dict[str, Any] = {"widgets": count_specs(spec)}
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        await until(lambda: table.row_count > 0)
        await settled(pilot)
        result["start"] = since_launch()
        field = app.query_one(Input)
        field.focus()
        await settled(pilot)
        times = []
        for key in FILTER_KEYS:
            start = time.perf_counter()
            send_key(app, key, key)
            await until(partial(field_ends, field, key))
            await settled(pilot)
            times.append(time.perf_counter() - start)
        result["filter"] = statistics.median(times)
        times = []
        for _ in range(3):
            screen = BareScreen()
            start = time.perf_counter()
            app.push_screen(screen)
            await until(partial(showing, app, screen))
            await settled(pilot)
            times.append(time.perf_counter() - start)
            app.pop_screen()
            await settled(pilot)
        result["enter"] = statistics.median(times)
    return result


# --- in a child: the store -------------------------------------------------------------------


def fsynced_write(path: Path, data: bytes) -> None:
    temp = path.with_name(path.name + ".floor")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def store_child(path: Path) -> dict[str, Any]:
    from alp_tui.models import Contact
    from screens.workspace import Workspace
    from store import Store

    result: dict[str, Any] = {}
    data = path.read_bytes()
    floor_path = path.with_name("floor.json")
    start = time.perf_counter()
    fsynced_write(floor_path, data)
    result["write floor"] = time.perf_counter() - start
    start = time.perf_counter()
    with open(path, "rb") as source, open(floor_path, "wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
        target.flush()
        os.fsync(target.fileno())
    result["copy floor"] = time.perf_counter() - start
    floor_path.unlink()
    data = b""

    store = Store(path, user="bench")
    workspace = Workspace(store, TODAY, "bench")
    caseload = store.load()
    placement = next(p for p in caseload.placements.values() if p.status == "active")

    def add(days: int) -> float:
        contact = Contact(placement_id=placement.id, date=TODAY - timedelta(days=days))
        start = time.perf_counter()
        store.add(contact)
        return time.perf_counter() - start

    result["first save"] = add(1)
    saves = []
    problems = []
    for days in range(2, 7):
        saves.append(add(days))
        start = time.perf_counter()
        workspace.read_snapshot()
        problems.append(time.perf_counter() - start)
    result["later save"] = statistics.median(saves)
    result["problems"] = statistics.median(problems)
    return result


def prepare_child(path: Path) -> dict[str, Any]:
    from store import Store

    store = Store(path, user="bench")
    store.save_meta(store.load().meta)
    return {}


# --- the parent --------------------------------------------------------------------------------


def large_file(folder: Path, pupils: int, weeks: int, fresh: bool) -> Path:
    path = folder / f"caseload-{pupils}p-{weeks}w.json"
    if fresh or not path.exists():
        print(f"making {path} …", file=sys.stderr, flush=True)
        path.unlink(missing_ok=True)
        make_large.write(path, pupils, weeks, TODAY)
    return path


def fresh_copy(source: Path, work: Path) -> Path:
    """The file alone in an empty folder (no backups yet: the first save makes one)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, mode=0o700)
    path = work / "caseload.json"
    shutil.copyfile(source, path)
    path.chmod(0o600)
    return path


# Which children each measure needs.
NEEDS: dict[str, tuple[str, ...]] = {
    "start": ("app", "bare"),
    "filter": ("app", "bare"),
    "enter": ("app", "bare"),
    "later save": ("store",),
    "first save": ("store",),
    "ctrl+s": ("app", "store"),
    "problems": ("store",),
    "check": ("check", "load"),
    "app memory": ("app", "load"),
    "check memory": ("check", "load"),
}


def measure(
    source: Path, work: Path, only: list[str] | None = None
) -> dict[str, tuple[float, float]]:
    """One run: each measure (of `only`, else all) as (value, floor)."""
    names = only or list(GOALS)
    needed = {kind for name in names for kind in NEEDS[name]}
    spec = work.parent / "pupil-screen.json"
    app: dict[str, Any] = {}
    bare: dict[str, Any] = {}
    saving: dict[str, Any] = {}
    if "app" in needed:
        # The app's save is a later one (today's backup made, the settings stamped), as the
        # floor it is compared with; the first save of the day is measured on its own below.
        app_file = fresh_copy(source, work)
        child("prepare", str(app_file))
        with_contact = "ctrl+s" in names
        app = child("app", str(app_file), str(spec), contact=with_contact)
        if with_contact and not app["saved"]:
            raise SystemExit("the contact form did not save")
    if "bare" in needed:
        bare = child("bare", str(source), str(spec))
    if "store" in needed:
        saving = child("store", str(fresh_copy(source, work)))
    path = fresh_copy(source, work)
    check_seconds = check_peak = load_seconds = load_peak = 0.0
    if "check" in needed:
        check_seconds, peak, _ = run_child(
            [
                *(sys.executable, "-m", "alp_tui", "check", "--json"),
                *("--data", str(path), "--today", TODAY.isoformat()),
            ]
        )
        check_peak = float(peak)
    if "load" in needed:
        load_seconds, peak, _ = run_child(
            [sys.executable, "-c", f"import json; json.load(open({str(path)!r}, 'rb'))"]
        )
        load_peak = float(peak)
    found = {
        "start": lambda: (app["start"], bare["start"]),
        "filter": lambda: (app["filter"], bare["filter"]),
        "enter": lambda: (app["enter"], bare["enter"]),
        "later save": lambda: (saving["later save"], saving["write floor"]),
        "first save": lambda: (
            saving["first save"],
            saving["copy floor"] + saving["later save"],
        ),
        "ctrl+s": lambda: (app["ctrl+s"], saving["later save"]),
        "problems": lambda: (saving["problems"], GOALS["problems"]),
        "check": lambda: (check_seconds, load_seconds),
        "app memory": lambda: (float(app["peak"]), load_peak),
        "check memory": lambda: (check_peak, load_peak),
    }
    return {name: found[name]() for name in names}


def cell(name: str, value: float, floor: float) -> str:
    if name.endswith("memory"):
        return f"{value / 1e6:,.0f}/{floor / 1e6:,.0f} MB {value / floor:.2f}×"
    if name == "problems":
        return f"{value * 1000:,.0f} ms (≤50)"
    return f"{value * 1000:,.0f}/{floor * 1000:,.0f} ms {value / floor:.2f}×"


def met(name: str, value: float, floor: float) -> bool:
    if name == "problems":
        return value <= GOALS[name]
    return value / floor <= GOALS[name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,500,2000", help="pupil counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median shown)")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--fresh", action="store_true", help="make the files again")
    parser.add_argument(
        "--only",
        help="only these measures, comma-separated, as the table names them with - for a "
        "space (app-memory,check-memory,check,first-save); the app then types no contact "
        "unless ctrl+s is named",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, *rest = args.child
        paths = [Path(p) for p in rest]
        if mode == "app":
            found = asyncio.run(app_child(*paths))
        elif mode == "prepare":
            found = prepare_child(*paths)
        elif mode == "bare":
            found = asyncio.run(bare_child(*paths))
        else:
            found = store_child(*paths)
        print(json.dumps(found))
        return 0

    only: list[str] | None = None
    if args.only:
        only = [name.strip().replace("-", " ") for name in args.only.split(",")]
        unknown = [name for name in only if name not in GOALS]
        if unknown:
            parser.error(f"--only: no measure called {unknown[0]!r} (one of {', '.join(GOALS)})")
    sizes = [int(size) for size in args.sizes.split(",")]
    names = [n.strip() for n in args.only.split(",")] if args.only else list(GOALS)
    unknown = [n for n in names if n not in GOALS]
    if unknown:
        parser.error(f"no such measure: {', '.join(unknown)} (the measures: {', '.join(GOALS)})")
    cache = Path(tempfile.gettempdir()) / "alp-tui-bench"
    cache.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="alp-tui-run-"))
    table: dict[int, dict[str, tuple[float, float]]] = {}
    sizes_mb: dict[int, float] = {}
    try:
        for pupils in sizes:
            source = large_file(cache, pupils, args.weeks, args.fresh)
            sizes_mb[pupils] = source.stat().st_size / 1e6
            runs = []
            for number in range(args.runs):
                print(f"{pupils} pupils, run {number + 1} of {args.runs} …", file=sys.stderr)
                runs.append(measure(source, scratch / "work", only))
            table[pupils] = {
                name: (
                    statistics.median(run[name][0] for run in runs),
                    statistics.median(run[name][1] for run in runs),
                )
                for name in runs[0]
            }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    loads = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"load average at the end: {loads}", file=sys.stderr)

    names = only or list(GOALS)
    print(f"\nvalue / floor and ratio, the median of {args.runs} runs; * a goal not met\n")
    heads = [f"{n:,} pupils, {sizes_mb[n]:.0f} MB" for n in sizes]
    print("| measure (goal) | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in names:
        goal = "≤ 50 ms" if name == "problems" else f"≤ {GOALS[name]}×"
        cells = []
        for pupils in sizes:
            value, floor = table[pupils][name]
            mark = "" if met(name, value, floor) else " *"
            cells.append(cell(name, value, floor) + mark)
        print(f"| {name} ({goal}) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
