"""How fast the weekly contact form is, from opening it to the contact saved, on the demo
caseload and on a local authority's (2,000 pupils, a year of weekly contacts), against
floors measured in the same run:

- opening the form   vs  pushing a bare Textual screen with the same kinds and number of
                         widgets (and a bare app's start-up with them);
- saving             vs  a plain `store.add` of a contact, and `json.loads` + `json.dumps`
                         of the same file;
- typing the call    vs  the same number of keys typed into a bare app's Input (both
                         through Pilot, whose own pauses dominate both figures).

Then it types into the summary while a save runs on the large file and counts the keys the
form took in before the save finished, with their latency (key sent → character in the
text) compared with the same typing when nothing is saving.

    python benchmarks/bench_contact.py [--pupils N] [--weeks N] [--fresh] [--skip-large]

Figures are printed, not checked: they depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import make_large
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from alp_tui.app import make_app
from alp_tui.caseload import Caseload
from alp_tui.contact_form import active_targets
from alp_tui.demo import demo_caseload
from alp_tui.models import Contact
from screens.caseload import CaseloadScreen
from screens.contact import ContactScreen
from screens.contact_start import start_contact
from store import Store

TODAY = make_large.TODAY
SIZE = (80, 24)


# --- files ---------------------------------------------------------------------------------


def demo_file(folder: Path) -> Path:
    path = folder / "demo.json"
    caseload = demo_caseload(TODAY)
    Store.create(path, caseload.meta, caseload=caseload, user="bench")
    return path


def large_file(folder: Path, pupils: int, weeks: int, fresh: bool) -> Path:
    """The generated file is kept between runs (as bench_store does); the app saves to a copy."""
    cache = Path(tempfile.gettempdir()) / "alp-tui-bench"
    cache.mkdir(exist_ok=True)
    source = cache / f"caseload-{pupils}p-{weeks}w.json"
    if fresh or not source.exists():
        print(f"generating {source} …", flush=True)
        source.unlink(missing_ok=True)
        make_large.write(source, pupils, weeks, TODAY)
    path = folder / "large.json"
    shutil.copyfile(source, path)
    path.chmod(0o600)
    return path


def pick_pupil(caseload: Caseload) -> str:
    """A pupil with one active placement, preferring more sessions and active targets."""
    best: tuple[int, str] | None = None
    for pupil in caseload.pupils.values():
        active = caseload.active_placements_of(pupil.id)
        if pupil.archived or len(active) != 1 or not active[0].schedule:
            continue
        score = len(active_targets(caseload, active[0].id)) * 10 + len(active[0].schedule)
        if best is None or score > best[0]:
            best = (score, pupil.id)
            if score >= 44:
                break
    if best is None:
        raise SystemExit("no pupil with exactly one active placement to log a contact for")
    return best[1]


# --- driving the app -------------------------------------------------------------------------


async def until(condition: Callable[[], Any], timeout: float = 120.0) -> float:
    """Poll (without Pilot's idle waits) until `condition()` holds; the seconds it took."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def send_key(app: App[Any], key: str, character: str | None = None) -> None:
    """A key straight into the app's queue, as the terminal driver would send it."""
    event = events.Key(key, character)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def call_keys(screen: ContactScreen) -> list[str]:
    """A whole call by keys, fitted to the pupil's sessions and targets."""
    draft = screen.collect_draft()
    # The engagement's digit moves on to the first target's rating; `down` goes from one
    # rating to the next; from the last, past its note to the summary.
    keys = ["a"] + ["tab"] * len(draft.sessions) + ["4"]
    for number, _ in enumerate(draft.progress):
        keys += [str(3 + number % 2), "down" if number < len(draft.progress) - 1 else "tab"]
    keys += ["tab", *"Settled week, one absence to follow up", "tab", *"Enjoyed the practical"]
    # Past the concern button to the first action.
    keys += ["tab", "tab", *"Phone home about the absence", "tab", *"RP", "tab", *"mon"]
    return keys


async def open_form(app: Any, pupil_id: str) -> tuple[float, ContactScreen]:
    start = time.perf_counter()
    await start_contact(app.screen, pupil_id)
    await until(
        lambda: (
            isinstance(app.screen, ContactScreen)
            and app.screen._baseline is not None
            and app.focused is not None
        )
    )
    return time.perf_counter() - start, app.screen


async def measure_call(path: Path, pupil_id: str) -> dict[str, Any]:
    """Open the form, type a whole call (through Pilot), save; and the save's cost alone."""
    result: dict[str, Any] = {}
    app = make_app(path, TODAY, user="bench")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.screen, CaseloadScreen) and app.screen.is_mounted)
        await pilot.pause()
        # The first opening parses the form's stylesheet; later ones do not.
        result["open_first"], screen = await open_form(app, pupil_id)
        again = []
        for _ in range(3):
            await pilot.pause()
            screen.dismiss(None)
            await until(lambda: isinstance(app.screen, CaseloadScreen))
            await pilot.pause()
            seconds, screen = await open_form(app, pupil_id)
            again.append(seconds)
        result["open"] = min(again)
        # Bare screens with the same widgets, pushed in this same app (same stylesheet).
        result["floor_in_app"] = await floor_screen_in(app, pilot)
        await pilot.pause()
        keys = call_keys(screen)
        start = time.perf_counter()
        await pilot.press(*keys)
        result["typing"] = time.perf_counter() - start
        result["keys"] = len(keys)
        await until(lambda: not screen.saving)
        start = time.perf_counter()
        send_key(app, "ctrl+s")
        await until(lambda: not isinstance(app.screen, ContactScreen))
        result["save"] = time.perf_counter() - start
        result["saved"] = not screen.saving and screen.contact_id is None
    return result


async def measure_typing_during_save(path: Path, pupil_id: str) -> dict[str, Any]:
    """Type into the summary while nothing runs, then while the save runs."""
    app = make_app(path, TODAY, user="bench")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.screen, CaseloadScreen) and app.screen.is_mounted)
        await pilot.pause()
        _, screen = await open_form(app, pupil_id)
        await pilot.pause()
        summary = screen.query_one("#contact-summary", TextArea)
        summary.focus()
        await pilot.pause()

        async def type_one() -> float:
            length = len(summary.text)
            send_key(app, "x", "x")
            return await until(lambda: len(summary.text) > length)

        idle = []
        for _ in range(40):
            idle.append(await type_one())
            await asyncio.sleep(0.02)
        send_key(app, "ctrl+s")
        await until(lambda: screen.saving)
        started = time.perf_counter()
        during = []
        while screen.saving:
            during.append(await type_one())
            await asyncio.sleep(0.02)
        save_seconds = time.perf_counter() - started
        if during:
            # The typing went on past the save, so the form stays open with it, unsaved.
            await until(
                lambda: "you typed more" in str(screen.query_one("#contact-status").render())
            )
        kept = summary.text.count("x")
    return {
        "idle": idle,
        "during": during,
        "save": save_seconds,
        "kept": kept,
        "sent": len(idle) + len(during),
    }


# --- floors ----------------------------------------------------------------------------------


def bare_widgets() -> ComposeResult:
    """The contact form's kinds and number of widgets, with no behaviour."""
    yield Static("title")
    yield Static("status")
    with VerticalScroll():
        for row in range(10):
            with Horizontal(classes="row"):
                yield Label(f"label {row}")
                yield Input(f"value {row}", compact=True)
                yield Static("hint")
        for line in range(12):
            yield Static(f"line {line}")
        yield TextArea("", compact=True)
        yield Input("", compact=True)
        yield Input("", compact=True)
        yield Input("", compact=True)
        yield Button("button", compact=True)
        for picker in range(8):
            yield Static(f"picker {picker}", classes="picker")
    yield Static("warnings")
    yield Footer()


class BareScreen(Screen[None]):
    CSS = ".row { height: 1; } Input { width: 1fr; } TextArea { height: 4; }"

    def __init__(self) -> None:
        super().__init__()
        self.ready = False

    def compose(self) -> ComposeResult:
        yield from bare_widgets()

    def on_mount(self) -> None:
        self.query(Input).first().focus()
        self.ready = True


class BareApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.ready = False

    def compose(self) -> ComposeResult:
        yield from bare_widgets()

    def on_mount(self) -> None:
        self.ready = True


def _ready(screen: BareScreen, app: App[Any]) -> bool:
    return bool(screen.ready and app.focused is not None)


async def floor_screen_in(app: App[Any], pilot: Any) -> float:
    """The best of three pushes of a bare screen with the form's widgets."""
    times = []
    for _ in range(3):
        screen = BareScreen()
        start = time.perf_counter()
        app.push_screen(screen)
        await until(partial(_ready, screen, app))
        times.append(time.perf_counter() - start)
        app.pop_screen()
        await pilot.pause()
    return min(times)


async def floor_screen() -> float:
    app = App[None]()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await floor_screen_in(app, pilot)


async def floor_startup() -> float:
    app = BareApp()
    start = time.perf_counter()
    async with app.run_test(size=SIZE):
        await until(lambda: app.ready)
        return time.perf_counter() - start


async def floor_typing(count: int) -> float:
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        app.query(Input).first().focus()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press(*(["x"] * count))
        return time.perf_counter() - start


def floor_store_add(path: Path) -> float:
    copy = path.with_name(path.stem + "-floor.json")
    shutil.copyfile(path, copy)
    store = Store(copy, user="bench")
    caseload = store.load()
    placement = next(p for p in caseload.placements.values() if p.status == "active")
    contact = Contact(placement_id=placement.id, date=TODAY - timedelta(days=1))
    start = time.perf_counter()
    store.add(contact)
    return time.perf_counter() - start


def floor_json(path: Path) -> float:
    start = time.perf_counter()
    json.dumps(json.loads(path.read_bytes()))
    return time.perf_counter() - start


# --- the report --------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--fresh", action="store_true", help="regenerate the large file")
    parser.add_argument("--skip-large", action="store_true", help="the demo caseload only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="alp-tui-bench-contact-") as tmp:
        folder = Path(tmp)
        files = {"demo": demo_file(folder)}
        if not args.skip_large:
            files[f"{args.pupils:,} pupils"] = large_file(
                folder, args.pupils, args.weeks, args.fresh
            )

        floors = {
            "screen": asyncio.run(floor_screen()),
            "startup": asyncio.run(floor_startup()),
        }
        rows: dict[str, dict[str, Any]] = {}
        for name, path in files.items():
            caseload = Store(path).load()
            pupil_id = pick_pupil(caseload)
            result = asyncio.run(measure_call(path, pupil_id))
            result["pupil"] = caseload.pupils[pupil_id].display_name
            result["mb"] = path.stat().st_size / 1e6
            result["pupils"] = len(caseload.pupils)
            result["contacts"] = len(caseload.contacts)
            result["store_add"] = floor_store_add(path)
            result["json"] = floor_json(path)
            rows[name] = result
        floors["typing"] = asyncio.run(floor_typing(max(r["keys"] for r in rows.values())))

        names = list(rows)
        width = 44

        def line(label: str, cells: list[str]) -> None:
            print(f"{label:<{width}}" + "".join(f"{cell:>18}" for cell in cells))

        print()
        line("", names)
        line("pupils / contacts", [f"{r['pupils']:,} / {r['contacts']:,}" for r in rows.values()])
        line("file size", [f"{r['mb']:.1f} MB" for r in rows.values()])
        line("pupil", [r["pupil"] for r in rows.values()])
        print()
        line("open the form, first time", [ms(r["open_first"]) for r in rows.values()])
        line("open the form (best of 3 more)", [ms(r["open"]) for r in rows.values()])
        line(
            "  floor: bare screen, same widgets, this app",
            [ms(r["floor_in_app"]) for r in rows.values()],
        )
        line("  floor: bare screen, same widgets, bare app", [ms(floors["screen"])] * len(rows))
        line("  floor: bare app start-up, same widgets", [ms(floors["startup"])] * len(rows))
        line("save (ctrl+s → form closed)", [ms(r["save"]) for r in rows.values()])
        line("  floor: plain store.add of a contact", [ms(r["store_add"]) for r in rows.values()])
        line("  floor: json.loads + json.dumps", [ms(r["json"]) for r in rows.values()])
        line("open + save", [ms(r["open"] + r["save"]) for r in rows.values()])
        line(
            "type the whole call through Pilot",
            [f"{r['keys']} keys {r['typing']:.1f} s" for r in rows.values()],
        )
        line(
            "  floor: as many keys into a bare Input",
            [f"{max(r['keys'] for r in rows.values())} keys {floors['typing']:.1f} s"] * len(rows),
        )
        line("saved", ["yes" if r["saved"] else "NO" for r in rows.values()])

        largest = files[names[-1]]
        pupil_id = pick_pupil(Store(largest).load())
        typing = asyncio.run(measure_typing_during_save(largest, pupil_id))
        idle, during = typing["idle"], typing["during"]
        print()
        print(f"Typing into the summary while the contact saves ({names[-1]}):")
        print(f"  the save ran for {ms(typing['save'])}")
        print(f"  keys taken in while it ran: {len(during)} (one every 20 ms, each waited for)")
        if during:
            print(
                f"  latency while saving:  median {ms(statistics.median(during))}, "
                f"worst {ms(max(during))}"
            )
        print(
            f"  latency at rest:       median {ms(statistics.median(idle))}, worst {ms(max(idle))}"
        )
        print(f"  characters kept in the form afterwards: {typing['kept']} of {typing['sent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
