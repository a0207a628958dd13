"""The repository every screen saves through: models in, models out.

A `Store` keeps the file's parsed tables and the validated `Caseload` between writes and
reads the file again only when another process has replaced it. Every change is one
read-modify-write under an exclusive lock (`caseload.json.lock`): check the records and
their references, stamp them, make the day's backup, apply them through TinyDB, write the
file once, atomically, and hand out a new snapshot (the old one is never changed).

The settings are a record too: stamped and given a rev by every save of them, and refused
when stale like any record. A file written by an older alp-tui (schema version 1, settings
without stamps) is read as it is; its first save writes the current version, stamps the
settings, and comes after the day's backup, which keeps the older file's bytes.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import stat
import threading
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from alp_tui.caseload import Caseload, pupil_id_of
from alp_tui.clock import Clock, system_clock
from alp_tui.dates import uk
from alp_tui.models import (
    META_ID,
    NOUNS,
    SCHEMA_VERSION,
    TABLES,
    AuditEntry,
    Concern,
    Contact,
    Meta,
    Placement,
    Provider,
    Pupil,
    Record,
    Review,
    Target,
    Transition,
)
from alp_tui.validation import (
    STAMPS,
    CaseloadError,
    NewerSchemaError,
    dump_record,
    first_error,
    parse_tables,
    reference_errors,
)
from store.access import (
    loose_refusal,
    make_folder,
    owner_to_keep,
    settle_path,
)
from store.backups import backup_folder, daily_backup, newest_backup
from store.errors import (
    LooseFileError,
    StaleEditError,
    StoreError,
    UnusableFileError,
)
from store.paths import current_user, file_mode, folder_mode
from store.reading import read_caseload
from store.storage import (
    FileFormatError,
    FileState,
    FileVersion,
    Tables,
    atomic_write,
    gc_paused,
    read_version,
    remove_stale_temp_files,
    temp_prefix,
)

R = TypeVar("R", bound=Record)

LOCK_TIMEOUT = 30.0
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # base 32 without i, l, o, u
PREFIXES: dict[str, str] = {
    "providers": "pr-",
    "pupils": "pu-",
    "placements": "pl-",
    "targets": "tg-",
    "contacts": "co-",
    "concerns": "cn-",
    "transitions": "tr-",
    "reviews": "rv-",
}


def new_id(table: str, taken: Container[str] = ()) -> str:
    """A short random id for a record of `table` (`pu-4k7q2m`), not one of `taken`."""
    prefix = PREFIXES[table]
    while True:
        candidate = prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(6))
        if candidate not in taken:
            return candidate


def id_maker(caseload: Caseload) -> Callable[[str], str]:
    """Ids for many records added together in one `apply` (an import): none taken in
    `caseload`, none given twice."""
    taken: dict[str, set[str]] = {}

    def make(table: str) -> str:
        used = taken.setdefault(table, set(caseload.table(table)))
        found = new_id(table, used)
        used.add(found)
        return found

    return make


def _table_of(record: Record) -> str:
    table = getattr(record, "TABLE", "")
    if table not in TABLES or not isinstance(record, TABLES[table]):
        raise StoreError(f"a {type(record).__name__} is not a record the caseload can hold")
    return str(table)


def _when(timestamp: str | None) -> str:
    """`14:32 on 27/11/2026` from an ISO timestamp."""
    try:
        moment = datetime.fromisoformat(timestamp or "")
    except ValueError:
        return "an unknown time"
    return f"{moment:%H:%M} on {uk(moment.date())}"


def _first_error(error: ValidationError) -> str:
    where, message = first_error(error)
    if message == "is not a field this table has (check its spelling)":
        message = "is not a field this record has"
    return f"{where or 'the record'}: {message}"


def _unencodable(doc: dict[str, Any]) -> bool:
    """Whether a document holds text UTF-8 cannot write (half of a surrogate pair)."""
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass
class _Change:
    """One write being prepared: the new tables (copied only where they change), the TinyDB
    operations that will make the file match, and the audit rows."""

    old: Caseload
    user: str
    at: str
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    meta: Meta | None = None
    ops: list[tuple[str, str, str, dict[str, Any] | None]] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    saved: list[Record] = field(default_factory=list)
    deleted: list[Record] = field(default_factory=list)

    def table(self, name: str) -> dict[str, Any]:
        return self.tables[name] if name in self.tables else self.old.table(name)

    def writable(self, name: str) -> dict[str, Any]:
        if name not in self.tables:
            self.tables[name] = dict(self.old.table(name))
        return self.tables[name]

    def note(self, action: str, record: Record | Meta, summary: str) -> None:
        if isinstance(record, Meta):
            table, record_id, pupil_id = "meta", META_ID, None
        else:
            # The placement may be one this change deletes: then it is found as it was.
            placements = self.table("placements")
            if getattr(record, "placement_id", None) not in placements:
                placements = self.old.placements
            table, record_id, pupil_id = record.TABLE, record.id, pupil_id_of(record, placements)
        self.audit.append(
            AuditEntry(
                at=self.at,
                user=self.user,
                action=action,
                table=table,
                record_id=record_id,
                summary=summary,
                pupil_id=pupil_id,
            )
        )

    def caseload(self) -> Caseload:
        """The caseload as this change leaves it (the tables shared, not copied)."""
        tables: dict[str, Any] = {name: self.table(name) for name in TABLES}
        return Caseload(meta=self.meta or self.old.meta, **tables)


class Store:
    """The caseload file at `path` (which must exist: see `Store.create`).

    Opening it reads and validates it, so an unusable file is reported at once with an
    `UnusableFileError`. `user` stamps records and audit rows (the OS user by default);
    `clock` gives the time for those stamps and the backup's date (tests pass a fixed one).
    """

    def __init__(
        self,
        path: Path | str,
        user: str | None = None,
        *,
        clock: Clock | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        # The real file, so a symlinked path is not replaced by a copy.
        self.path = Path(path).expanduser().resolve()
        self.user = user or current_user()
        self._clock = clock or system_clock
        self._lock_timeout = lock_timeout
        self._state = FileState()
        self._snapshot: tuple[FileVersion, Caseload] | None = None
        self._mutex = threading.RLock()
        self.load()

    # --- creating ----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        meta: Meta,
        *,
        user: str | None = None,
        caseload: Caseload | None = None,
        clock: Clock | None = None,
    ) -> Store:
        """Write a new caseload file holding `meta` (and every record of `caseload`).

        Refuses a path that exists, even an empty file. Records keep the ids they have;
        missing ids, stamps and revisions are filled in.
        """
        path = Path(path).expanduser()
        user = user or current_user()
        moment = (clock or system_clock)().replace(microsecond=0).isoformat()
        meta = Meta.model_validate({**dump_record(meta), "schema_version": SCHEMA_VERSION})
        try:
            made = not path.parent.is_dir()
            path.parent.mkdir(parents=True, exist_ok=True, mode=folder_mode(meta.group_access))
            if made:  # whatever the umask
                make_folder(path.parent, meta.group_access, None)
        except OSError as error:
            raise StoreError(f"the folder {path.parent} cannot be made: {error.strerror}") from None
        path = path.resolve()
        tables = _new_tables(meta, caseload or Caseload(meta=meta), user, moment)
        try:
            with gc_paused():
                parse_tables(tables)
        except CaseloadError as error:
            raise StoreError(f"the new caseload was not saved: {error}") from None
        with _file_lock(path, LOCK_TIMEOUT, file_mode(meta.group_access)):
            if os.path.lexists(path):
                raise StoreError(
                    f"{path} already exists: open it, or choose another name for a new caseload"
                )
            remove_stale_temp_files(path.parent, temp_prefix(path))
            try:
                atomic_write(path, FileState().encode(tables), file_mode(meta.group_access))
            except OSError as error:
                raise StoreError(f"{path} could not be written: {error.strerror}") from None
        return cls(path, user=user, clock=clock)

    # --- reading -----------------------------------------------------------------------

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def load(self) -> Caseload:
        """The caseload as it is on disk; the same snapshot until the file changes."""
        snapshot = self._snapshot
        if snapshot is not None and snapshot[0].is_current(self.path):
            return snapshot[1]
        with self._mutex:
            return self._refresh()

    def changed_on_disk(self) -> bool:
        """Whether the file is not the version this store last read or wrote."""
        snapshot = self._snapshot
        return snapshot is None or not snapshot[0].is_current(self.path)

    def newest_backup(self) -> Path | None:
        return newest_backup(self.path)

    def new_id(self, table: str) -> str:
        """An id for a record to add, for linking records added together in `apply`."""
        return new_id(table, self.load().table(table))

    def _refresh(self) -> Caseload:
        """Read and validate the file again if it changed (call holding the mutex)."""
        snapshot = self._snapshot
        if snapshot is not None and snapshot[0].is_current(self.path):
            return snapshot[1]
        try:
            # One pause for reading and checking: the collector would otherwise walk the
            # millions of new objects in between (a large file's load, measured, 10% slower).
            data, version = read_version(self.path)
            caseload, tables = read_caseload(data, version)
            del data
        except FileFormatError as error:
            raise UnusableFileError(self.path, str(error), self.newest_backup()) from None
        except NewerSchemaError as error:
            raise UnusableFileError(
                self.path, str(error), self.newest_backup(), newer=True
            ) from None
        except CaseloadError as error:
            raise UnusableFileError(self.path, str(error), self.newest_backup()) from None
        # Parsed only to learn whether group access is on: nothing of it is shown if loose.
        loose = loose_refusal(self.path, version.mode, caseload.meta.group_access)
        if loose:
            raise LooseFileError(self.path, loose)
        if caseload.meta.group_access:
            # A lock left owner-only (before group access was on) is shared by its owner.
            _settle_lock(self.path, file_mode(True))
        self._state.remember(tables, version)
        self._snapshot = (version, caseload)
        return caseload

    # --- writing -----------------------------------------------------------------------

    def add(self, record: R) -> R:
        """Save a new record: it gets an id (unless it has an unused one), stamps and rev 1."""
        saved = self.apply(add=[record])[0]
        return saved  # type: ignore[return-value]

    def update(self, record: R) -> R:
        """Save a changed record; refused if someone saved it since `record.rev` was read."""
        saved = self.apply(update=[record])[0]
        return saved  # type: ignore[return-value]

    def delete(self, table: str, record_id: str, rev: int | None = None) -> None:
        """Delete a record; with `rev`, refused if someone changed it since then."""
        self.apply(delete=[(table, record_id, rev)])

    def save_meta(self, meta: Meta) -> Meta:
        """Save the settings; refused with `StaleEditError` if someone saved them since
        `meta.rev` was read (a `Meta` without stamps, rev 0, only while the stored settings
        have none either).
        """
        # `apply(meta=...)` alone, returning the settings as written.
        with self._transaction() as change:
            self._set_meta(change, meta)
        assert change.meta is not None
        return change.meta.model_copy(deep=True)

    def apply(
        self,
        add: Iterable[Record] = (),
        update: Iterable[Record] = (),
        delete: Iterable[tuple[str, str, int | None]] = (),
        meta: Meta | None = None,
        guard: Callable[[Caseload], str | None] | None = None,
    ) -> list[Record]:
        """Several changes in one locked, atomic write: all are saved, or none.

        `meta`, when given, saves the settings in the same write (see `save_meta`).
        `guard`, when given, sees the caseload as it is under the lock, before anything is
        written: a sentence back refuses the whole write (an import re-checks that none of
        its pupils was added meanwhile). Returns the saved records (added, then updated) as
        they now are in the file.
        """
        adds, updates, deletes = list(add), list(update), list(delete)
        with self._transaction() as change:
            if guard is not None:
                refusal = guard(change.old)
                if refusal:
                    raise StoreError(f"nothing was saved: {refusal}")
            if meta is not None:
                self._set_meta(change, meta)
            for record in adds:
                self._add(change, record)
            for record in updates:
                self._update(change, record)
            for table, record_id, rev in deletes:
                self._delete(change, table, record_id, rev)
            problems = reference_errors(
                change.caseload(), change.saved, removed=change.deleted, before=change.old
            )
            if problems:
                raise StoreError(f"nothing was saved: {problems[0]}")
        return [record.model_copy(deep=True) for record in change.saved]

    @contextmanager
    def _transaction(self) -> Iterator[_Change]:
        with self._mutex:
            group = self._snapshot is not None and self._snapshot[1].meta.group_access
            with _file_lock(self.path, self._lock_timeout, file_mode(group)):
                remove_stale_temp_files(self.path.parent, temp_prefix(self.path))
                old = self._refresh()
                moment = self._clock().replace(microsecond=0)
                change = _Change(old=old, user=self.user, at=moment.isoformat())
                yield change
                if not (change.ops or change.meta):
                    return
                if change.meta is None and not _current(old.meta):
                    # The first save into an older file writes this version and the stamps.
                    upgraded = self._stamp_meta(change, old.meta)
                    change.note("update", upgraded, f"settings: schema version {SCHEMA_VERSION}")
                try:
                    daily_backup(self.path, moment.date(), (change.meta or old.meta).group_access)
                except OSError as error:
                    raise StoreError(
                        f"today's backup could not be made in {backup_folder(self.path)} "
                        f"({error.strerror or error}), so nothing was saved"
                    ) from None
                self._write(change)
                if change.meta is not None and change.meta.group_access != group:
                    # Group access switched: the lock follows at once, not at the next save.
                    _settle_lock(self.path, file_mode(change.meta.group_access))

    def _write(self, change: _Change) -> None:
        old = change.old
        meta = change.meta or old.meta
        # Never wider than the setting allows (a copied-in 0644 file is narrowed) and never
        # wider than the file was, except when this save switches group access on.
        allowed = file_mode(meta.group_access)
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode) & allowed
        except OSError as error:
            raise StoreError(
                f"{self.path} could not be saved ({error.strerror or error}); nothing was saved"
            ) from None
        if meta.group_access and not old.meta.group_access:
            mode |= allowed
        # The documents as TinyDB's own operations would leave them (insert; remove, then
        # insert under the same number), applied to the tables straight away.
        ops: list[tuple[str, str | None, dict[str, Any] | None]] = [
            (table_name, None if action == "insert" else record_id, doc)
            for action, table_name, record_id, doc in change.ops
        ]
        ops += [("audit", None, dump_record(row)) for row in change.audit]
        try:
            self._state.write_changes(self.path, ops, mode)
        except OSError as error:
            raise StoreError(
                f"{self.path} could not be saved ({error.strerror or error}); "
                "it is as it was before"
            ) from None
        except FileFormatError as error:
            # Only if something that ignores the lock replaced the file since it was read.
            raise UnusableFileError(self.path, str(error), self.newest_backup()) from None
        tables: dict[str, Any] = {name: change.tables.get(name, old.table(name)) for name in TABLES}
        caseload = Caseload(meta=meta, audit=[*old.audit, *change.audit], **tables)
        # The look-ups (a placement's contacts, …) carried over, mended for what changed.
        caseload.carry_from(
            old,
            [(old.table(r.TABLE).get(r.id), r) for r in change.saved]
            + [(r, None) for r in change.deleted],
        )
        assert self._state.version is not None
        self._snapshot = (self._state.version, caseload)

    # --- preparing changes ---------------------------------------------------------------

    def _validated(self, record: R, stamps: dict[str, Any]) -> tuple[R, dict[str, Any]]:
        table = _table_of(record)
        cls = type(record)
        label = NOUNS[table]
        try:
            doc = dump_record(record.model_copy(update=stamps))
            model = cls.model_validate(doc)
        except ValidationError as error:
            raise StoreError(f"the {label} was not saved: {_first_error(error)}") from None
        except (ValueError, TypeError, AttributeError):
            raise StoreError(
                f"the {label} was not saved: a field holds the wrong kind of value"
            ) from None
        saved = dump_record(model)
        if _unencodable(saved):
            raise StoreError(
                f"the {label} was not saved: its text holds a broken character (half of a "
                "surrogate pair): retype the text that was pasted in"
            )
        return model, saved

    def _add(self, change: _Change, record: Record) -> None:
        table = _table_of(record)
        records = change.writable(table)
        record_id = record.id.strip() if record.id else ""
        if not record_id:
            record_id = new_id(table, records)
        elif record_id in records:
            raise StoreError(f"there is already a {NOUNS[table]} with the id {record_id!r}")
        model, doc = self._validated(
            record,
            {
                "id": record_id,
                "created_at": change.at,
                "created_by": self.user,
                "updated_at": change.at,
                "updated_by": self.user,
                "rev": 1,
            },
        )
        records[record_id] = model
        change.ops.append(("insert", table, record_id, doc))
        change.saved.append(model)
        change.note("create", model, _label(model, change))

    def _update(self, change: _Change, record: Record) -> None:
        table = _table_of(record)
        records = change.writable(table)
        stored = records.get(record.id)
        if stored is None or stored.rev != record.rev:
            raise self._stale(change, table, record.id, stored)
        model, doc = self._validated(
            record,
            {
                "created_at": stored.created_at,
                "created_by": stored.created_by,
                "updated_at": change.at,
                "updated_by": self.user,
                "rev": stored.rev + 1,
            },
        )
        before, after = dump_record(stored), doc
        changed = sorted(
            name
            for name in before.keys() | after.keys()
            if name not in STAMPS and before.get(name) != after.get(name)
        )
        records[record.id] = model
        change.ops.append(("replace", table, record.id, doc))
        change.saved.append(model)
        what = f"changed {', '.join(changed)}" if changed else "saved without changes"
        change.note("update", model, f"{_label(model, change)}: {what}")

    def _delete(self, change: _Change, table: str, record_id: str, rev: int | None) -> None:
        if table not in TABLES:
            raise StoreError(f"there is no table called {table!r} to delete from")
        records = change.writable(table)
        stored = records.get(record_id)
        if stored is None or (rev is not None and stored.rev != rev):
            raise self._stale(change, table, record_id, stored)
        label = _label(stored, change)
        del records[record_id]
        change.ops.append(("remove", table, record_id, None))
        change.deleted.append(stored)
        change.note("delete", stored, label)

    def _set_meta(self, change: _Change, meta: Meta) -> None:
        if meta.rev != change.old.meta.rev:
            raise self._stale_settings(change)
        saved = self._stamp_meta(change, meta)
        before, after = _settings(change.old.meta), _settings(saved)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        what = f"changed {', '.join(changed)}" if changed else "saved without changes"
        change.note("update", saved, f"settings: {what}")

    def _stamp_meta(self, change: _Change, meta: Meta) -> Meta:
        """Put `meta` into the change as the stored settings: this schema version, stamped,
        rev one more than the stored settings' (1 when they had none)."""
        stored = change.old.meta
        stamps = {
            "id": META_ID,
            "created_at": stored.created_at or change.at,
            "created_by": stored.created_by or self.user,
            "updated_at": change.at,
            "updated_by": self.user,
            "rev": stored.rev + 1,
            "schema_version": SCHEMA_VERSION,
        }
        try:
            change.meta = Meta.model_validate({**dump_record(meta), **stamps})
        except ValidationError as error:
            raise StoreError(f"the settings were not saved: {_first_error(error)}") from None
        doc = dump_record(change.meta)
        if _unencodable(doc):
            raise StoreError(
                "the settings were not saved: their text holds a broken character (half of "
                "a surrogate pair): retype the text that was pasted in"
            )
        change.ops.append(("replace", "meta", META_ID, doc))
        return change.meta

    def _stale_settings(self, change: _Change) -> StaleEditError:
        stored = change.old.meta
        current = stored.model_copy(deep=True)
        who, at = stored.updated_by, stored.updated_at
        if not who:
            # Settings without stamps: the audit may still say who saved them last.
            entry = next((e for e in reversed(change.old.audit) if e.table == "meta"), None)
            who, at = (entry.user, entry.at) if entry is not None else (None, None)
        if not who:
            return StaleEditError(
                "the settings were changed since you opened them: reopen the settings to see "
                "the change",
                current=current,
            )
        shown = stored.staff_name(who)
        if who == self.user:
            shown = f"{shown} (you, in another window)"
        return StaleEditError(
            f"{shown} changed the settings at {_when(at)} since you opened them: "
            "reopen the settings to see the change",
            current=current,
        )

    def _stale(
        self, change: _Change, table: str, record_id: str, stored: Record | None
    ) -> StaleEditError:
        noun = NOUNS[table]
        staff = change.old.meta.staff_name
        if stored is not None:
            who = staff(stored.updated_by) or "someone"
            if stored.updated_by == self.user:
                who = f"{who} (you, in another window)"
            return StaleEditError(
                f"{who} changed this {noun} at {_when(stored.updated_at)} since you opened "
                "it: reopen it to see the change",
                current=stored.model_copy(deep=True),
            )
        for entry in reversed(change.old.audit):
            if entry.action == "delete" and entry.table == table and entry.record_id == record_id:
                return StaleEditError(
                    f"{staff(entry.user)} deleted this {noun} at {_when(entry.at)} since you "
                    "opened it"
                )
        return StaleEditError(f"this {noun} is no longer in the caseload ({record_id!r})")


@contextmanager
def _file_lock(path: Path, timeout: float, mode: int) -> Iterator[None]:
    # Imported when first needed: with asyncio under it, a tenth of a second that a command
    # which only reads (`check`) would otherwise pay.
    from filelock import FileLock, Timeout

    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=timeout, mode=mode)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"someone else is still saving {path.name} after {timeout:g} seconds: "
            "try again in a moment"
        ) from None
    except OSError as error:
        raise StoreError(
            f"the lock file beside {path} cannot be made: {error.strerror or error}"
            f"{_lock_hint(path, mode)}"
        ) from None
    _settle_lock(path, mode)
    try:
        yield
    finally:
        lock.release()


def _lock_hint(path: Path, mode: int) -> str:
    """Who can mend a lock file another member cannot open, as the end of a sentence."""
    lock = path.with_name(path.name + ".lock")
    try:
        st = os.stat(lock)
    except OSError:
        return ""
    if stat.S_IMODE(st.st_mode) & 0o060 == 0o060 or not mode & 0o070:
        return ""
    try:
        import pwd

        owner = pwd.getpwuid(st.st_uid).pw_name
    except (ImportError, KeyError):
        owner = str(st.st_uid)
    return (
        f" (it is {owner}'s only: they can open the caseload once to share it, or run "
        f"`chmod 660 {shlex.quote(str(lock))}`)"
    )


def _settle_lock(path: Path, mode: int) -> None:
    """The lock file in the data file's group (and, saved by root, its owner's)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    group = st.st_gid if mode & 0o070 else None
    settle_path(path.with_name(path.name + ".lock"), mode, group, owner_to_keep(st))


def _settings(meta: Meta) -> dict[str, Any]:
    """The settings as the audit compares them: without the stamps and schema version."""
    doc = dump_record(meta)
    for name in (*STAMPS, "schema_version"):
        doc.pop(name, None)
    return doc


def _current(meta: Meta) -> bool:
    """Whether the stored settings are as this version writes them (stamped, this schema)."""
    return meta.is_stamped and meta.schema_version == SCHEMA_VERSION


def _pupil_name(change: _Change, pupil_id: str | None) -> str:
    found = change.table("pupils").get(pupil_id or "")
    return f"{found.first_name} {found.last_name}" if found else str(pupil_id)


def _label(record: Record, change: _Change) -> str:
    """A few words naming a record in the audit log: `Jordan Brown`, `contact on 27/11/2026`."""

    def pupil(pupil_id: str | None) -> str:
        return _pupil_name(change, pupil_id)

    def pupil_of(placement_id: str | None) -> str:
        found = change.table("placements").get(placement_id or "")
        return pupil(found.pupil_id) if found else str(placement_id)

    if isinstance(record, Provider):
        return record.name
    if isinstance(record, Pupil):
        return f"{record.first_name} {record.last_name}"
    if isinstance(record, Placement):
        provider = change.table("providers").get(record.provider_id)
        return f"{pupil(record.pupil_id)} at {provider.name if provider else record.provider_id}"
    if isinstance(record, Target):
        return f"target for {pupil_of(record.placement_id)}: {record.description[:60]}"
    if isinstance(record, Contact):
        return f"contact on {uk(record.date)} for {pupil_of(record.placement_id)}"
    if isinstance(record, Concern):
        return f"{record.category} concern about {pupil(record.pupil_id)}"
    if isinstance(record, Transition):
        return f"transition plan for {pupil_of(record.placement_id)}"
    if isinstance(record, Review):
        return f"review on {uk(record.date)} for {pupil_of(record.placement_id)}"
    return record.id


def _new_tables(meta: Meta, caseload: Caseload, user: str, moment: str) -> Tables:
    """The document tree of a new file: meta, every record stamped, one audit row each."""
    stamps = {"created_at": moment, "created_by": user, "updated_at": moment, "updated_by": user}
    meta_doc = {**dump_record(meta), "id": META_ID, **stamps, "rev": 1}
    tables: Tables = {"meta": {"1": meta_doc}}
    audit: list[dict[str, Any]] = [dump_record(entry) for entry in caseload.audit]
    for name in TABLES:
        docs: dict[str, Any] = {}
        taken = {record.id for record in caseload.table(name).values() if record.id}
        for record in caseload.table(name).values():
            doc = dump_record(record)
            if not doc.get("id"):
                doc["id"] = new_id(name, taken)
                taken.add(doc["id"])
            doc.setdefault("created_at", moment)
            doc.setdefault("created_by", user)
            doc.setdefault("updated_at", doc["created_at"])
            doc.setdefault("updated_by", doc["created_by"])
            doc["rev"] = max(1, int(doc.get("rev") or 0))
            docs[str(len(docs) + 1)] = doc
            row = {
                "at": moment,
                "user": user,
                "action": "create",
                "table": name,
                "record_id": doc["id"],
                "summary": f"new {NOUNS[name]}",
                "pupil_id": pupil_id_of(record, caseload.placements),
            }
            audit.append({key: value for key, value in row.items() if value is not None})
        tables[name] = docs
    tables["audit"] = {str(number): row for number, row in enumerate(audit, start=1)}
    return tables
