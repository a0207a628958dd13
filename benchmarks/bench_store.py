"""How fast the store is on a local authority's caseload (2,000 pupils, a year of weekly
contacts, about 90 MB), against the floors of the same run: `json.loads` of the file, and
`json.loads` + `json.dumps`.

    python benchmarks/bench_store.py [--pupils N] [--weeks N] [--fresh]

The file is generated once into the temporary folder and reused; the store works on a copy.
Figures are printed, not checked: they depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import make_large

from alp_tui.models import Contact
from store import Store

TODAY = make_large.TODAY


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def large_file(pupils: int, weeks: int, fresh: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "alp-tui-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"caseload-{pupils}p-{weeks}w.json"
    if fresh or not path.exists():
        print(f"generating {path} …", flush=True)
        path.unlink(missing_ok=True)
        make_large.write(path, pupils, weeks, TODAY)
    return path


def problems_of(store: Store) -> Callable[[], Any]:
    def run() -> Any:
        from alp_tui.rules import find_problems

        return find_problems(store.load(), TODAY)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--fresh", action="store_true", help="generate the file again")
    args = parser.parse_args(argv)

    source = large_file(args.pupils, args.weeks, args.fresh)
    work = Path(tempfile.mkdtemp(prefix="alp-tui-bench-"))
    try:
        path = work / "caseload.json"
        shutil.copyfile(source, path)
        path.chmod(0o600)
        data = path.read_bytes()
        print(f"{path.stat().st_size / 1e6:.1f} MB, {args.pupils} pupils, {args.weeks} weeks\n")

        rows: list[tuple[str, float | None]] = []
        loads, raw = timed(lambda: json.loads(data))
        rows.append(("json.loads (floor)", loads))
        dumps, _ = timed(lambda: json.dumps(raw, ensure_ascii=False).encode("utf-8"))
        floor = loads + dumps
        rows.append(("json.loads + json.dumps (floor)", floor))
        gc.disable()
        quiet, _ = timed(lambda: json.loads(data))
        gc.enable()
        rows.append(("json.loads, garbage collector off", quiet))
        raw = None  # free it before the store reads its own copy
        gc.collect()

        load, store = timed(lambda: Store(path, user="bench"))
        rows.append(("Store load (cold: read, parse, validate)", load))
        again, _ = timed(store.load)
        rows.append(("Store load (unchanged file: cached)", again))
        changed, _ = timed(store.changed_on_disk)
        rows.append(("changed_on_disk()", changed))

        problems, found = timed(problems_of(store))
        rows.append((f"find_problems ({len(found)} problems)", problems))
        # What `alp-tui check` does end to end, in a fresh process as a user runs it.
        check, _ = timed(
            lambda: subprocess.run(
                [
                    *(sys.executable, "-m", "alp_tui", "check", "--json"),
                    *("--data", str(path), "--today", TODAY.isoformat()),
                ],
                check=False,
                capture_output=True,
            )
        )
        rows.append(("alp-tui check --json (whole command, new process)", check))

        placement = next(iter(store.load().placements))

        def add() -> Contact:
            return store.add(Contact(placement_id=placement, date=date(2026, 11, 27)))

        first, contact = timed(add)
        rows.append(("add() save, first (day's backup, encodes every record)", first))
        next_saves = [timed(add)[0] for _ in range(3)]
        rows.append(("add() save, next (median of 3)", statistics.median(next_saves)))
        update, _ = timed(lambda: store.update(contact.model_copy(update={"summary": "x"})))
        rows.append(("update() save", update))

        print(f"{'':58} {'seconds':>8} {'x loads':>8} {'x floor':>8}")
        for name, seconds in rows:
            if seconds is None:
                print(f"{name:58} {'n/a':>8} {'n/a':>8} {'n/a':>8}")
            else:
                print(f"{name:58} {seconds:8.3f} {seconds / loads:8.2f} {seconds / floor:8.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
