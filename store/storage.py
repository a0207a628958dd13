"""A TinyDB storage that never leaves a torn file, and the file-level helpers under it.

The data file is standard TinyDB JSON (table -> document number -> document) in UTF-8. It is
read whole, and written whole to a temporary file in the same folder that is flushed, synced
and renamed over the original, so a crash at any moment leaves the old file or the new one.
The lock that makes a read-modify-write safe between processes is the store's business.

Each document's JSON text is kept between writes and reused while the document is the same
object: a save of one record re-encodes that record, not the whole 80 MB. That is sound
because nothing mutates a stored document in place: the store replaces documents (TinyDB
`remove` then `insert`), and TinyDB itself copies what it inserts.
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import tempfile
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.access import owner_to_keep, settle_fd
from store.errors import FileMissingError, NotAFileError, StoreError
from store.paths import OWNER_ONLY

Tables = dict[str, dict[str, Any]]
# What identifies one version of the file: device, inode, size, modification and change
# times. A save replaces the file, so each version is a new inode; see `FileVersion` for why
# the inode number alone can be trusted only while the version is held open.
Stamp = tuple[int, int, int, int, int]
TEMP_SUFFIX = ".tmp"

_ENCODER = json.JSONEncoder(ensure_ascii=False)
_BLANKS = (b" ", b"\t", b"\n", b"\r")


class FileFormatError(ValueError):
    """The file's bytes are not a JSON document; the message is the reason, for a sentence."""


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def file_stamp(path: Path) -> Stamp | None:
    try:
        return stamp_of(os.stat(path))
    except FileNotFoundError:
        return None


class FileVersion:
    """One version of the data file as read or written, kept open while it is remembered.

    Once a save replaces a version nobody holds open, the system may give its inode number
    to the very next file made in the folder (ext4 does, every time): another process that
    saves twice quickly can leave a file with the old inode number, and with the same size
    and, on a coarse clock, the same times. Holding the version open keeps its inode in use,
    so a file at the path with the same device and inode number is this version itself.
    """

    __slots__ = ("__weakref__", "fd", "mode", "spans", "stamp")

    def __init__(self, fd: int) -> None:
        """Take over `fd`, an open descriptor of the version (closed when this is dropped)."""
        try:
            st = os.fstat(fd)
            self.stamp = stamp_of(st)
            #: The permission bits of this version, as read.
            self.mode = stat.S_IMODE(st.st_mode)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        #: Where each table's object lies in the bytes read (start, end), when known.
        self.spans: dict[str, tuple[int, int]] = {}
        weakref.finalize(self, os.close, fd)

    def table_body(self, name: str) -> bytes | None:
        """A table's members as the file holds them (between its braces), read again from
        this version; None when where it lies is not known."""
        span = self.spans.get(name)
        if span is None:
            return None
        start, end = span
        if end - start < 2:
            return None
        if os.pread(self.fd, 1, start) != b"{" or os.pread(self.fd, 1, end - 1) != b"}":
            return None
        # The members alone, read once (a large table is most of the file).
        data = os.pread(self.fd, end - start - 2, start + 1)
        if len(data) != end - start - 2:
            return None
        if data[:1] in _BLANKS or data[-1:] in _BLANKS:
            data = data.strip(b" \t\n\r")
        return data

    def table_span(self, name: str) -> TableSpan | bytes | None:
        """A table's members as the file holds them, left in the file (copied by the system
        when written) unless blank space around them means they must be read and trimmed."""
        span = self.spans.get(name)
        if span is None:
            return None
        start, end = span
        if end - start < 2:
            return None
        if os.pread(self.fd, 1, start) != b"{" or os.pread(self.fd, 1, end - 1) != b"}":
            return None
        if end - start == 2:
            return b""
        if os.pread(self.fd, 1, start + 1) in _BLANKS or os.pread(self.fd, 1, end - 2) in _BLANKS:
            return self.table_body(name)
        return TableSpan(self, start + 1, end - 1)

    def is_current(self, path: Path) -> bool:
        """Whether `path` is still this version (not replaced, nor changed in place)."""
        return file_stamp(path) == self.stamp


class TableSpan:
    """Bytes `start` to `end` of a version of the file, written by `atomic_write` straight
    from that file (the system copies them; they never pass through Python). The version is
    held open, so the bytes stay what they were even once a save has replaced the file."""

    __slots__ = ("end", "start", "version")

    def __init__(self, version: FileVersion, start: int, end: int) -> None:
        self.version = version
        self.start = start
        self.end = end

    def __len__(self) -> int:
        return self.end - self.start

    def read(self) -> bytes:
        data = os.pread(self.version.fd, self.end - self.start, self.start)
        if len(data) != self.end - self.start:
            raise FileFormatError("the file's text read before is no longer all there")
        return data


Segment = bytes | TableSpan


def segment_bytes(segment: Segment) -> bytes:
    return segment.read() if isinstance(segment, TableSpan) else segment


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off while building millions of objects.

    Parsing a large file otherwise triggers full collections over and over: measured, it
    makes json.loads about 2x and validation about 5x slower. Nesting and threads are safe.

    At the end, what was built is frozen out of the collector's way (`gc.freeze`): left to
    it, the millions of new objects would be walked by the next collections, and by every
    full one after (on a local authority's file, 39% of the start-up, and a 2 s pause a few
    seconds after the first paint). Frozen objects are still freed as soon as nothing refers
    to them, which is why a snapshot must hold no reference cycles (the store's records,
    tables and caseloads hold none: tests/store/test_scale.py checks it).
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


def _refuse_constant(name: str) -> Any:
    raise FileFormatError(f"it holds {name}, which is not a number JSON allows")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def open_regular(path: Path) -> int:
    """A read-only descriptor of `path`, refused with `NotAFileError` unless it is a regular
    file: looked at before it is opened, so a FIFO or device never blocks the open, and once
    opened (without blocking) in case it was swapped in between."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotAFileError(path, _kind(st.st_mode))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFileError(path, _kind(st.st_mode))
        # Reads of a regular file never block anyway; the flag is dropped for clarity.
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path) -> bytes:
    """The whole of a regular file (`NotAFileError` for anything else)."""
    with open(open_regular(path), "rb") as handle:
        return handle.read()


def read_file(path: Path) -> tuple[Tables, FileVersion]:
    """The parsed file and the version read (both from one open file, kept open)."""
    data, version = read_version(path)
    tables, version.spans = parse_with_spans(data)
    return tables, version


def read_version(path: Path) -> tuple[bytes, FileVersion]:
    """The file's bytes and the version read (both from one open file, kept open)."""
    try:
        with open(open_regular(path), "rb") as handle:
            data = handle.read()
            version = FileVersion(os.dup(handle.fileno()))
    except FileNotFoundError:
        raise FileMissingError(path) from None
    except PermissionError:
        raise StoreError(
            f"{path} cannot be read: permission denied (ask whoever set it up for access)"
        ) from None
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror or error}") from None
    return data, version


def _members(pairs: list[tuple[str, Any]], dict: type[dict[str, Any]] = dict) -> dict[str, Any]:
    """One JSON object, refused if two of its members share a name (the first would be
    silently lost)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _DuplicateMember(pairs)
    return obj


class _DuplicateMember(Exception):
    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.pairs = pairs

    def sentence(self) -> str:
        seen: set[str] = set()
        name = ""
        for key, _value in self.pairs:
            if key in seen:
                name = key
                break
            seen.add(key)
        ids = [value for key, value in self.pairs if key == "id" and isinstance(value, str)]
        where = f" (in the record with id {ids[0]!r})" if ids else ""
        return (
            f"one of its JSON objects has two members named {name!r}{where}, and reading it "
            "would silently keep only the last"
        )


# A \uD800-\uDFFF escape: half of a surrogate pair, which must come high then low.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(data: bytes) -> int | None:
    """Where an escape gives half a surrogate pair (text no file can store), or None."""
    paired_until = -1
    for match in _SURROGATE.finditer(data):
        start = match.start()
        if start < paired_until:
            continue
        before = start - 1
        while before >= 0 and data[before] == 0x5C:  # backslash
            before -= 1
        if (start - 1 - before) % 2:
            continue  # an escaped backslash followed by the letters "uD8…"
        if int(match.group()[2:], 16) < 0xDC00:
            after = data[match.end() : match.end() + 6]
            if _SURROGATE.fullmatch(after) and int(after[2:], 16) >= 0xDC00:
                paired_until = match.end() + 6
                continue
        return start
    return None


def parse_bytes(data: bytes) -> Tables:
    if not data:
        raise FileFormatError("it is empty (0 bytes), so it holds no caseload, not even settings")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            f"it is not UTF-8 text (bad byte at position {error.start})"
        ) from None
    if not text.strip():
        raise FileFormatError("it holds only blank space, no caseload")
    lone = _lone_surrogate(data) if _SURROGATE.search(data) else None
    if lone is not None:
        line = data.count(b"\n", 0, lone) + 1
        escape = data[lone : lone + 6].decode("ascii")
        raise FileFormatError(
            f"it holds a broken character (the escape {escape} on line {line} is half of a "
            "pair), which no save could write back"
        )
    try:
        with gc_paused():
            tables = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_members)
    except _DuplicateMember as error:
        raise FileFormatError(error.sentence()) from None
    except json.JSONDecodeError as error:
        # A file of tables ends with its closing brace; one that does not was cut short.
        if error.pos >= len(text.rstrip()) or not text.rstrip().endswith("}"):
            raise FileFormatError(
                "it stops part-way through (the file is cut short, perhaps by a full disk "
                "or a copy that did not finish)"
            ) from None
        raise FileFormatError(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise FileFormatError("it is not valid JSON (nested too deeply)") from None
    if not isinstance(tables, dict):
        raise FileFormatError("it does not hold a JSON object of tables")
    return tables


_BLANK = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(object_pairs_hook=_members, parse_constant=_refuse_constant)


def parse_with_spans(data: bytes) -> tuple[Tables, dict[str, tuple[int, int]]]:
    """`parse_bytes`, and where in `data` each table's object lies (start, end).

    The tables are parsed one by one, as json.loads would parse them together; anything
    but a plain object of tables is left to `parse_bytes`, which says what is wrong.
    """
    try:
        text = data.decode("utf-8")
        if not (_SURROGATE.search(data) is None and text.strip()):
            raise ValueError("left to parse_bytes")
        with gc_paused():
            found = _tables_in(text)
    except Exception:
        found = None
    if found is None:
        return parse_bytes(data), {}
    tables, spans = found
    if not data.isascii():
        # Offsets in characters to offsets in bytes, over the text once.
        marks = sorted({mark for span in spans.values() for mark in span})
        at_byte: dict[int, int] = {}
        chars = count = 0
        for mark in marks:
            count += len(text[chars:mark].encode("utf-8"))
            chars = mark
            at_byte[mark] = count
        spans = {name: (at_byte[a], at_byte[b]) for name, (a, b) in spans.items()}
    return tables, spans


def _tables_in(text: str) -> tuple[Tables, dict[str, tuple[int, int]]] | None:
    blank = _BLANK.match
    tables: Tables = {}
    spans: dict[str, tuple[int, int]] = {}
    pos = blank(text, 0).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "{":
        return None
    pos = blank(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "}":
        return None  # no tables at all: parse_bytes has the sentence
    while True:
        if text[pos : pos + 1] != '"':
            return None
        name, pos = json.decoder.scanstring(text, pos + 1, True)  # type: ignore[attr-defined]
        pos = blank(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] != ":":
            return None
        pos = blank(text, pos + 1).end()  # type: ignore[union-attr]
        value, end = _DECODER.raw_decode(text, pos)
        if name in tables:
            return None
        tables[name] = value
        if isinstance(value, dict):
            spans[name] = (pos, end)
        pos = blank(text, end).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos = blank(text, pos + 1).end()  # type: ignore[union-attr]
            continue
        if text[pos : pos + 1] == "}" and blank(text, pos + 1).end() == len(text):  # type: ignore[union-attr]
            return tables, spans
        return None


# --- the file's text cut where its tables and documents begin, without parsing it ---------

_WS = rb"[ \t\n\r]*"
_BLANK_BYTES = b" \t\n\r"
_DOC_START = re.compile(rb"," + _WS + rb'"[0-9]+"' + _WS + rb":" + _WS + rb"\{")
_HEAD = re.compile(_WS + rb"\{" + _WS + rb'"([a-z_]+)"' + _WS + rb":" + _WS + rb"\{")
_OPENS = re.compile(_WS + rb":" + _WS + rb"\{")
# A quote before blank space: it may end a name, unless it is escaped in a text (`\"no\" `,
# as a note quoting a word has).
_BLANK_AFTER_QUOTE = re.compile(rb'"[ \t\n\r]')
#: About how much of a table one piece holds.
PIECE_BYTES = 1 << 20


@dataclass
class TableText:
    """Where one table's object lies in the file (its braces included), and its documents
    as JSON objects in runs of about `PIECE_BYTES`, in the file's order."""

    span: tuple[int, int]
    pieces: list[bytes]


def _countable(data: bytes) -> bool:
    """Whether the text holds nothing that hides a member from `member_count` (an escaped
    quote before a colon, blank space between a name and its colon). (`NaN`, which the
    pieces' reader would take, is refused by every number field: `allow_inf_nan`.)"""
    if b'\\":' in data:
        return False
    for found in _BLANK_AFTER_QUOTE.finditer(data):
        before = found.start() - 1
        while before >= 0 and data[before] == 0x5C:  # a backslash
            before -= 1
        if (found.start() - 1 - before) % 2 == 0:
            return False  # not escaped: it ends a name or a text
    return True


def _before(data: bytes, at: int) -> int:
    """Where the last byte before `at` that is not blank space is (-1: none)."""
    at -= 1
    while at >= 0 and data[at] in _BLANK_BYTES:
        at -= 1
    return at


def _table_starts(data: bytes, names: Iterable[str], after: int) -> list[tuple[int, str, int]]:
    """Each place past `after` where a table named in `names` begins after another's end:
    (where the other's closing brace is, the name, where its own body begins)."""
    found: list[tuple[int, str, int]] = []
    others: list[str] = []
    start = after
    for name in names:
        # As alp-tui writes them first: in order, each found by searching on from the last.
        needle = b'}, "' + name.encode() + b'": {'
        canonical = data.find(needle, start)
        if canonical >= 0:
            found.append((canonical, name, canonical + len(needle)))
            start = canonical + len(needle)
        else:
            others.append(name)
    for name in others:
        quoted = b'"' + name.encode() + b'"'
        at = data.find(quoted, after)
        while at >= 0:
            opens = _OPENS.match(data, at + len(quoted))
            comma = _before(data, at) if opens else -1
            if comma > 0 and data[comma] == 0x2C:  # a comma
                brace = _before(data, comma)
                if brace >= 0 and data[brace] == 0x7D:  # a closing brace
                    assert opens is not None
                    found.append((brace, name, opens.end()))
            at = data.find(quoted, at + 1)
    return sorted(found)


def split_tables(data: bytes, names: Iterable[str]) -> dict[str, TableText] | None:
    """The file's tables cut into pieces that can be read one by one, or None when its text
    is not laid out as a plain object of the tables `names` (then it must be parsed whole).

    Nothing is parsed: the cuts are where the text reads `}, "contacts": {` (a table) and
    `, "123": {` (a document). Such a run outside every string is a member of some object,
    but perhaps of a nested one: a wrong cut leaves a piece with a brace unclosed, which no
    JSON reader accepts. So when every piece reads as a JSON object, the file is exactly
    those tables of those documents.

    Also None when the text holds what the member count cannot count (see `_countable`).
    """
    if not _countable(data):
        return None
    head = _HEAD.match(data)
    first = head.group(1).decode() if head is not None else ""
    last = _before(data, len(data))
    last = _before(data, last) if last >= 0 and data[last] == 0x7D else -1
    if head is None or last < 0 or data[last] != 0x7D:
        return None
    starts = [(first, head.end())]
    ends: list[int] = []
    rest = [name for name in names if name != first]
    for brace, name, body in _table_starts(data, rest, head.end()):
        if brace >= last or brace < starts[-1][1]:
            return None
        ends.append(brace)
        starts.append((name, body))
    ends.append(last)
    if len({name for name, _ in starts}) != len(starts):
        return None
    tables: dict[str, TableText] = {}
    for (name, start), end in zip(starts, ends, strict=True):
        tables[name] = TableText((start - 1, end + 1), _pieces(data, start, end))
    return tables


def _pieces(data: bytes, start: int, end: int) -> list[bytes]:
    """The members of a table's object between `start` and `end`, as JSON objects of about
    `PIECE_BYTES` each, cut only where a document seems to begin (see `split_tables`)."""
    pieces: list[bytes] = []
    cut = start
    while end - cut > PIECE_BYTES:
        found = _DOC_START.search(data, cut + PIECE_BYTES, end)
        if found is None:
            break
        pieces.append(b"{" + data[cut : found.start()] + b"}")
        cut = found.start() + 1
    pieces.append(b"{" + data[cut:end] + b"}")
    return pieces


def member_count(data: bytes) -> int:
    """How many object members the text holds (a name, a colon, a value), when
    `split_tables` took it: each is a quote followed by a colon, which no string holds."""
    return data.count(b'":')


def _key(text: str) -> str:
    return _ENCODER.encode(text)


_Encoded = tuple[dict[str, Any], dict[str, tuple[Any, bytes]] | None, list[Segment] | None]


@dataclass
class FileState:
    """What this process last read from or wrote to the file, shared by the storages and
    the store so a write never re-reads an unchanged 80 MB file."""

    version: FileVersion | None = None
    # table name -> document key -> the document, or the record read from it (its text is
    # then the one the file holds, and parsed again only if the table must be encoded whole)
    tables: Tables | None = None
    # table name -> (the table dict encoded, {doc id -> (document, '"id": {...}')} or, when
    # only the table's whole text is known, None and that text in parts)
    fragments: dict[str, _Encoded] = field(default_factory=dict)
    # table name -> (the table dict, {record id -> document key} or None until needed, its
    # highest number)
    numbers: dict[str, tuple[dict[str, Any], dict[str, str] | None, int]] = field(
        default_factory=dict
    )

    def remember(self, tables: Tables, version: FileVersion) -> None:
        if tables is not self.tables:
            # Documents of another version of the file: none of the texts can be trusted.
            self.fragments = {}
            # Each table's highest number found now, with the reading, rather than by the
            # first save (a walk over every key of the largest tables).
            self.numbers = {}
            for name, docs in tables.items():
                if isinstance(docs, dict):
                    with suppress(ValueError):
                        top = max(map(int, docs), default=0)
                        self.numbers[name] = (docs, {} if name == "audit" else None, top)
        self.tables = tables
        self.version = version

    def forget(self) -> None:
        self.version = None
        self.tables = None
        self.fragments = {}
        self.numbers = {}

    def current(self, path: Path) -> Tables:
        """The file's tables, read again only when the file changed since we last saw it."""
        if self.tables is None or self.version is None or not self.version.is_current(path):
            tables, version = read_file(path)
            self.remember(tables, version)
        assert self.tables is not None
        return self.tables

    def encode(self, tables: Tables, touched: dict[str, list[str]] | None = None) -> list[Segment]:
        """The file's UTF-8 text in a few large parts: the bytes `json.dumps` would give.

        `touched` names, per table, the document keys removed, replaced or added (in that
        order) since the tables last remembered: those tables take the texts of the rest
        as they are, without a walk over every document. A table not yet encoded since the
        file was read is taken as the file holds it (its bytes read again), so the first
        save after opening a large file encodes no more than a later one.
        """
        parts: list[Segment] = [b"{"]
        fragments: dict[str, _Encoded] = {}
        base = self.tables or {}
        for number, (name, docs) in enumerate(tables.items()):
            cached = self.fragments.get(name)
            if cached is None and name in base and self.version is not None:
                body = self.version.table_span(name)
                if body is not None:
                    cached = (base[name], None, [body])
            encoded: _Encoded | None = None
            if cached is not None and cached[0] is docs:
                encoded = cached
            elif touched and name in touched and cached is not None and cached[0] is base.get(name):
                encoded = _changed(cached, docs, touched[name])
            if encoded is None:
                old = cached[1] or {} if cached is not None else {}
                entries = {}
                read: dict[str, bytes] | None = None
                for doc_id, doc in docs.items():
                    hit = old.get(doc_id)
                    if hit is None or hit[0] is not doc:
                        if type(doc) is dict:
                            hit = (doc, _fragment(doc_id, doc))
                        else:
                            # A record as read (a model, not its document): the document
                            # is the one the table's text holds.
                            if read is None:
                                read = self._fragments(name, cached)
                            hit = (doc, read[doc_id])
                    entries[doc_id] = hit
                encoded = (docs, entries, None)
            fragments[name] = encoded
            parts.append(f"{', ' if number else ''}{_key(name)}: {{".encode())
            if encoded[2] is not None:
                parts.extend(encoded[2])
            else:
                assert encoded[1] is not None
                parts.append(b", ".join([entry[1] for entry in encoded[1].values()]))
            parts.append(b"}")
        parts.append(b"}")
        self.fragments = fragments
        return parts

    def _fragments(self, name: str, cached: _Encoded | None) -> dict[str, bytes]:
        """Each document of a table encoded as `_fragment` would encode it, parsed from the
        table's text (the file's, or as last written) a piece at a time (`split_tables`), so
        that the table is never held whole as dicts."""
        body: bytes | None = None
        if cached is not None and cached[2] is not None:
            body = b"".join(map(segment_bytes, cached[2]))
        elif self.version is not None:
            body = self.version.table_body(name)
        if body is None:
            raise FileFormatError(f"the {name} table's text is no longer known")
        fragments: dict[str, bytes] = {}
        try:
            for piece in _pieces(body, 0, len(body)):
                # Text read and validated once already: the plain reader is enough.
                for key, doc in json.loads(piece).items():
                    fragments[key] = _fragment(key, doc)
        except (ValueError, RecursionError):
            raise FileFormatError(f"the {name} table's text cannot be read again") from None
        return fragments

    def _numbers(self, name: str, docs: dict[str, Any]) -> tuple[dict[str, str] | None, int]:
        """A table's document keys by record id (None: not looked up yet, as only a change
        or a removal needs them), and its highest document number."""
        cached = self.numbers.get(name)
        if cached is not None and cached[0] is docs:
            return cached[1], cached[2]
        return ({} if name == "audit" else None), max(map(int, docs), default=0)

    def write_changes(
        self, path: Path, ops: Iterable[tuple[str, str | None, dict[str, Any] | None]], mode: int
    ) -> Tables:
        """Apply `ops` to the file's tables and write the file once, atomically.

        Each op is (table, record id, document): no id adds the document under the next
        number, as TinyDB's `insert` does; with an id, the record's document is removed, and
        put back under the same number (at the table's end, as TinyDB's `remove` then
        `insert` leaves it) when a document is given. The result is the file TinyDB's own
        operations would write, without rebuilding whole tables for each of them.
        """
        start = self.current(path)
        tables = dict(start)
        touched: dict[str, list[str]] = {}
        numbers: dict[str, tuple[dict[str, str] | None, int]] = {}
        try:
            for name, record_id, doc in ops:
                if name not in numbers:
                    docs = start.get(name) or {}
                    numbers[name] = self._numbers(name, docs)
                    tables[name] = dict(docs)
                ids, top = numbers[name]
                docs = tables[name]
                if record_id is None:
                    top += 1
                    key = str(top)
                elif name == "meta":
                    key = next(iter(docs))
                else:
                    if ids is None:
                        ids = {_doc_id(found): number for number, found in docs.items()}
                    key = ids[record_id]
                numbers[name] = (ids, top)
                if record_id is not None:
                    del docs[key]
                if doc is not None:
                    docs[key] = doc
                    if name != "audit" and ids is not None:
                        ids[str(doc.get("id"))] = key
                elif record_id is not None and ids is not None:
                    ids.pop(record_id, None)
                touched.setdefault(name, []).append(key)
            with gc_paused():
                parts = self.encode(tables, touched)
            st = os.stat(path)
            # The file's group always; its owner too when root saves (DESIGN.md §6).
            version = atomic_write(path, parts, mode, st.st_gid, owner_to_keep(st))
        except BaseException:
            self.numbers = {}  # the look-ups may be half changed
            raise
        self.tables = tables
        self.version = version
        self.numbers = {name: (tables[name], *numbers[name]) for name in numbers}
        return tables


def _changed(cached: _Encoded, docs: dict[str, Any], keys: list[str]) -> _Encoded | None:
    """A table's text after the documents under `keys` were removed, replaced or added, from
    its text before; None when it must be encoded whole."""
    before, entries, segments = cached
    if entries is not None:
        entries = dict(entries)
        for doc_id in keys:
            entries.pop(doc_id, None)
            doc = docs.get(doc_id)
            if doc is not None:
                entries[doc_id] = (doc, _fragment(doc_id, doc))
        if len(entries) != len(docs) or list(entries) != list(docs):
            return None  # not the order the table has: walk it after all
        return (docs, entries, None)
    # Only the table's whole text is known: enough when documents were only added at its end.
    assert segments is not None
    if len(set(keys)) != len(keys) or any(key in before for key in keys):
        return None
    if (
        len(docs) != len(before) + len(keys)
        or list(islice(reversed(docs), len(keys))) != keys[::-1]
    ):
        return None
    added = b", ".join([_fragment(key, docs[key]) for key in keys])
    if any(segments):
        added = b", " + added
    segments = [*segments, added]
    if len(segments) > 64:
        segments = [b"".join(map(segment_bytes, segments))]
    return (docs, None, segments)


def _doc_id(doc: Any) -> str:
    """The record id of a document, or of a record read from one."""
    return str(doc.get("id") if type(doc) is dict else doc.id)


def _fragment(doc_id: str, doc: Any) -> bytes:
    return f"{_key(doc_id)}: {_ENCODER.encode(doc)}".encode()


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows opening folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _copy_whole(source: int, out: Any) -> None:
    """All of the open file `source` onto the end of `out`, copied by the system where it
    can (no bytes pass through Python), else read and written in large chunks."""
    base = out.tell()
    offset = 0
    try:
        while True:
            copied = os.copy_file_range(source, out.fileno(), 1 << 30, offset)
            if copied == 0:
                return
            offset += copied
    except (AttributeError, OSError):
        pass
    # Not on this system or between these folders: the rest the ordinary way.
    out.seek(base + offset)
    out.truncate()
    while chunk := os.pread(source, 1 << 22, offset):
        out.write(chunk)
        offset += len(chunk)


def _copy_span(span: TableSpan, out: Any) -> None:
    """A span's bytes onto the end of `out` (flushed), copied by the system where it can."""
    offset, end = span.start, span.end
    with suppress(AttributeError, OSError):
        while offset < end:
            copied = os.copy_file_range(span.version.fd, out.fileno(), end - offset, offset)
            if copied == 0:
                break
            offset += copied
    # Not on this system or between these folders (or cut short): the rest the ordinary way.
    out.seek(0, os.SEEK_END)
    while offset < end:
        chunk = os.pread(span.version.fd, min(1 << 22, end - offset), offset)
        if not chunk:
            raise OSError(f"the file's text read before is no longer all there ({offset})")
        out.write(chunk)
        offset += len(chunk)
    out.flush()


def atomic_write(
    path: Path,
    parts: Iterable[str | Segment],
    mode: int,
    group: int | None = None,
    owner: int | None = None,
    copy_of: int | None = None,
) -> FileVersion:
    """Write `parts` to a temporary file beside `path`, sync it and rename it over `path`;
    with `copy_of` (an open file), that file's bytes after them.

    The new file gets `mode` whatever the umask, and `group` and `owner` when given and
    allowed (a member may give a file its group; only root may give it an owner).

    On any failure (a full disk, a file-size limit) the temporary file is removed and `path`
    is as it was. Returns the new file's version, held open.
    """
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    kept = -1
    try:
        with open(fd, "wb") as out:
            for part in parts:
                if isinstance(part, TableSpan):
                    out.flush()
                    _copy_span(part, out)
                else:
                    out.write(part.encode("utf-8") if isinstance(part, str) else part)
            if copy_of is not None:
                out.flush()
                _copy_whole(copy_of, out)
            out.flush()
            settle_fd(out.fileno(), mode, group, owner)
            os.fsync(out.fileno())
            kept = os.dup(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        if kept >= 0:
            os.close(kept)
        with suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_folder(path.parent)
    # Stamped after the rename, which itself changes the file's ctime.
    return FileVersion(kept)


def remove_stale_temp_files(folder: Path, prefix: str) -> list[Path]:
    """Delete temporary files a killed writer left behind (call only under the lock)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
            with suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, written atomically.

    `TinyDB(path, storage=AtomicJSONStorage, state=shared_state)`. Outside `batch()` every
    TinyDB write replaces the file; inside it, the writes of several TinyDB operations are
    kept in memory and written once when the batch ends without an error.

    `mode` is the new file's permission bits; None keeps the existing file's (0600 when new).
    """

    def __init__(
        self, path: str | Path, *, state: FileState | None = None, mode: int | None = None
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.state = state if state is not None else FileState()
        self.mode = mode
        self._pending: Tables | None = None
        self._batching = False

    def read(self) -> Tables | None:
        if self._batching:
            return self._pending
        # A shallow copy: TinyDB replaces whole tables in what it is given.
        return dict(self.state.current(self.path))

    def write(self, data: Tables) -> None:
        if self._batching:
            self._pending = data
            return
        self._write(data)

    def close(self) -> None:
        pass

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the writes of several TinyDB operations into one atomic file write."""
        start = self.state.current(self.path)
        self._pending = dict(start)
        self._batching = True
        try:
            yield
            pending = self._pending
        finally:
            self._batching = False
            self._pending = None
        if pending is not None and (
            pending.keys() != start.keys() or any(pending[k] is not start[k] for k in start)
        ):
            self._write(pending)

    def _write(self, data: Tables) -> None:
        try:
            st: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            st = None
        if self.mode is not None:
            mode = self.mode
        else:
            mode = stat.S_IMODE(st.st_mode) if st is not None else OWNER_ONLY
        with gc_paused():
            parts = self.state.encode(data)
        version = atomic_write(
            self.path,
            parts,
            mode,
            st.st_gid if st is not None else None,
            owner_to_keep(st),
        )
        # Not `remember`: the texts just encoded are exactly this data's.
        self.state.tables = data
        self.state.version = version
