"""A write that checks the caseload under the lock first (`Store.apply(guard=...)`), and ids
for many records added in one write (`id_maker`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_caseload, make_pupil
from pinned import CLOCK

from alp_tui.caseload import Caseload
from alp_tui.models import Pupil
from store import Store, StoreError, id_maker


def test_a_guard_sees_the_file_as_it_is_and_can_refuse_the_whole_write(tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    caseload = make_caseload(make_pupil(first_name="Amy"))
    store = Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)
    before = path.read_bytes()
    seen: list[Caseload] = []

    def refuse(now: Caseload) -> str | None:
        seen.append(now)
        return "Amy is already there"

    new = [Pupil(first_name="Ben", last_name="Cole"), Pupil(first_name="Cy", last_name="Dee")]
    with pytest.raises(StoreError, match=r"^nothing was saved: Amy is already there$"):
        store.apply(add=new, guard=refuse)
    assert [p.first_name for p in seen[0].pupils.values()] == ["Amy"]
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()

    saved = store.apply(add=new, guard=lambda now: None)
    assert [p.first_name for p in saved if isinstance(p, Pupil)] == ["Ben", "Cy"]
    assert len(Store(path).load().pupils) == 3


def test_id_maker_never_gives_an_id_twice_nor_one_taken() -> None:
    taken = make_pupil(id="pu-aaaaaa")
    make = id_maker(make_caseload(taken))
    made = [make("pupils") for _ in range(500)]
    assert len(set(made)) == 500
    assert "pu-aaaaaa" not in made
    assert all(i.startswith("pu-") for i in made)
    assert make("providers").startswith("pr-")
