"""One save to a shared caseload, as its own process (under its own login and umask).

    python tests/shared_worker.py contact DATA PLACEMENT_ID SUMMARY
    python tests/shared_worker.py draft DATA KEY TEXT
    python tests/shared_worker.py export DATA PUPIL_ID

The group-access tests run it with a chosen umask, and as root under other users
(`runuser -u NAME -- python tests/shared_worker.py ...`). It prints what it wrote.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from alp_tui.clock import fixed_clock
from alp_tui.models import Contact
from exports.write import write_note
from store import Store, make_notes_folder, notes_folder
from store.drafts import write_draft

DAY = date(2026, 11, 27)
CLOCK = fixed_clock(datetime(2026, 11, 27, 10, 30))


def main(argv: list[str]) -> int:
    action, data = argv[0], Path(argv[1])
    if action == "contact":
        store = Store(data, clock=CLOCK)
        saved = store.add(Contact(placement_id=argv[2], date=DAY, summary=argv[3]))
        print(saved.id)
    elif action == "draft":
        print(write_draft(data, argv[2], {"summary": argv[3]}))
    elif action == "export":
        caseload = Store(data, clock=CLOCK).load()
        folder = make_notes_folder(notes_folder(data, caseload.meta), data, caseload.meta)
        print(write_note(caseload, argv[2], "school", folder, DAY))
    else:
        print(f"unknown action {action!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
