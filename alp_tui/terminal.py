"""Text from the data file never reaches the terminal raw (DESIGN.md §6).

A name saved with an escape sequence in it (`ESC[2J`, a title-setting `ESC]0;…BEL`) would
clear the screen or retitle the window; a right-to-left override would make the text after
it read backwards. Control characters (C0 other than newline and tab, DEL, C1) and the
bidirectional overrides and isolates are shown escaped instead: `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO, TextIO

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` with every control character and bidirectional override escaped."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def json_escaped(text: str) -> str:
    """JSON text with the same characters as `\\u` escapes (json leaves DEL, C1 and the
    bidirectional controls raw, and they only ever stand inside strings)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeOutput(io.TextIOBase):
    """A text stream that escapes what `shown` escapes before passing it on."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def buffer(self) -> BinaryIO | io.RawIOBase:
        """The bytes underneath, for a CSV written to standard output as data: escaped
        when it is a terminal, as it is, byte for byte, when it goes to a file or a pipe."""
        raw = self._stream.buffer
        return _SafeBytes(raw) if self._stream.isatty() else raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


class _SafeBytes(io.RawIOBase):
    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._raw.write(shown(data.decode("utf-8", "replace")).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._raw.flush()
