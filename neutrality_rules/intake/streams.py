"""Inputs to records, streamed: files, folders, JSON Lines, JSON arrays, YAML, standard input.

Nothing is read whole. A regular file over the file limit is refused before reading; a stream (stdin,
a pipe) is cut at the limit with an error record after the records already read. JSON Lines are split
on "\\n" only (a raw U+2028, U+0085 or form feed inside a JSON string is text, not a line break), and
each line is decoded on its own, so a NUL or an invalid UTF-8 byte costs one record, never the file.
JSON arrays are read item by item with the C decoder. Each record carries its source, the line (and
column) where it starts, and its text, so that every later error can point into the file.
"""

from __future__ import annotations

import codecs
import io
import json
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..errors import IncidentError
from ..ruleset.yamlfile import Dialect, YamlDoc, parse_yaml_text
from .limits import INPUT_SUFFIXES, MAX_DEPTH, MAX_FILE_BYTES, MAX_INCIDENT_BYTES

CHUNK = 1 << 20
DATE_KEYS = frozenset(
    {
        "date_of_act",
        "date",
        "date_known",
        "received_on",
        "examination_started_on",
        "assessment_date",
        "imposed_on",
        "forwarded_on",
        "from",
        "to",
    }
)
INCIDENT_YAML = Dialect(
    error=IncidentError,
    keys={
        "too_deep": "incident.too_deep",
        "bad_key": "intake.bad_yaml",
        "duplicate": "incident.duplicate_key",
        "bad_node": "intake.bad_yaml",
        "alias": "intake.yaml_alias",
        "syntax": "intake.bad_yaml",
        "not_utf8": "incident.not_utf8",
        "too_large": "incident.too_large",
        "scalar": "intake.bad_scalar",
        "control": "intake.control_char",
        "unreadable": "incident.unreadable",
    },
    max_bytes=MAX_INCIDENT_BYTES,
    max_depth=MAX_DEPTH,
    as_written=DATE_KEYS,
    json_scalars=True,
)


@dataclass
class Raw:
    """One record as read: JSON text to parse, or YAML already parsed; or the error that stopped it."""

    source: str
    line: int | None
    column: int = 1
    text: str | None = None
    syntax: Literal["json", "yaml"] = "json"
    data: Any = None
    yaml_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    yaml_columns: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    error: IncidentError | None = None


def _error(key: str, source: str, line: int | None = None, column: int | None = None, **params: Any) -> Raw:
    return Raw(source, line, error=IncidentError(key, file=source, line=line, column=column, **params))


def iter_inputs(paths: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Raw]:
    """Every record of every input, in order: files as given, folders in sorted order, '-' for stdin."""
    for given in paths:
        name = str(given)
        if name == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer, "-", None)
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())
            if not found:
                yield _error("intake.empty_folder", name)
            for file in found:
                yield from read_file(file)
            continue
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Raw]:
    source = str(path)
    try:
        info = path.stat()
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            yield _error("intake.not_a_file", source)
            return
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
            yield _error("incident.file_too_large", source, limit=MAX_FILE_BYTES)
            return
        handle = path.open("rb", buffering=MAX_INCIDENT_BYTES + 2)  # peek sees a whole first record
    except OSError as exc:
        yield _error("incident.unreadable", source, got=exc.strerror or str(exc))
        return
    with handle:
        yield from read_stream(handle, source, path.suffix.lower())


def _first_byte(buffered: IO[bytes]) -> bytes:
    peek = getattr(buffered, "peek", None)
    head = peek(4096)[:4096] if peek else b""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def read_stream(handle: IO[bytes], source: str, suffix: str | None) -> Iterator[Raw]:
    """Records of one byte stream; the format from the suffix, else from the first bytes."""
    stream: IO[bytes] = handle if hasattr(handle, "peek") else io.BufferedReader(handle)  # type: ignore[type-var]
    first = _first_byte(stream)
    if suffix in (".yaml", ".yml"):
        yield from _yaml(stream, source)
    elif suffix == ".jsonl":
        yield from _lines(stream, source)
    elif first == b"[":
        yield from _array(stream, source)
    elif first == b"{":
        peek = getattr(stream, "peek", lambda n: b"")(MAX_INCIDENT_BYTES)
        head = peek.split(b"\n", 1)[0].strip()
        if head.endswith(b"}"):
            yield from _lines(stream, source)
        else:
            yield from _document(stream, source)
    elif first == b"" and suffix != ".json":
        yield _error("incident.empty", source)
    elif suffix == ".json":
        yield from _document(stream, source)
    else:
        yield from _yaml(stream, source)


def _lines(stream: IO[bytes], source: str) -> Iterator[Raw]:
    number = 0
    total = 0
    seen = False
    while True:
        chunk = stream.readline(MAX_INCIDENT_BYTES + 1)
        if not chunk:
            break
        number += 1
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            yield _error("incident.file_too_large", source, number, limit=MAX_FILE_BYTES)
            return
        if len(chunk) > MAX_INCIDENT_BYTES and not chunk.endswith(b"\n"):
            while True:  # skip the rest of the line, never holding it
                more = stream.readline(CHUNK)
                total += len(more)
                if not more or more.endswith(b"\n") or total > MAX_FILE_BYTES:
                    break
            yield _error("intake.line_too_long", source, number, limit=MAX_INCIDENT_BYTES)
            continue
        body = chunk[:-1] if chunk.endswith(b"\n") else chunk
        if body.endswith(b"\r"):
            body = body[:-1]
        if number == 1 and body.startswith(codecs.BOM_UTF8):
            body = body[len(codecs.BOM_UTF8) :]
        if not body.strip(b" \t\r"):
            continue
        seen = True
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _error("intake.line_not_utf8", source, number, exc.start + 1, got=f"byte 0x{body[exc.start]:02x}")
            continue
        yield Raw(source, number, text=text)
    if not seen:
        yield _error("incident.empty", source)


def _read_document(stream: IO[bytes], source: str) -> bytes | Raw:
    raw = stream.read(MAX_INCIDENT_BYTES + 1)
    if len(raw) > MAX_INCIDENT_BYTES:
        return _error("incident.too_large", source, limit=MAX_INCIDENT_BYTES)
    return raw


def _decode(raw: bytes, source: str) -> str | Raw:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _error("incident.not_utf8", source, line, column, got=f"byte 0x{raw[exc.start]:02x}")


def _whole_text(stream: IO[bytes], source: str) -> str | Raw:
    """A whole document as text, or the error record that says why it cannot be read."""
    raw = _read_document(stream, source)
    return raw if isinstance(raw, Raw) else _decode(raw, source)


def _document(stream: IO[bytes], source: str) -> Iterator[Raw]:
    text = _whole_text(stream, source)
    yield text if isinstance(text, Raw) else Raw(source, 1, text=text)


def _yaml(stream: IO[bytes], source: str) -> Iterator[Raw]:
    text = _whole_text(stream, source)
    if isinstance(text, Raw):
        yield text
        return
    if not text.strip():
        yield _error("incident.empty", source)
        return
    try:
        data, doc = parse_yaml_text(text, source, INCIDENT_YAML)
    except IncidentError as exc:
        yield Raw(source, exc.line, error=exc)
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield _yaml_record(source, doc, item, (i,))
    else:
        yield _yaml_record(source, doc, data, ())


def _yaml_record(source: str, doc: YamlDoc, data: Any, prefix: tuple[int, ...]) -> Raw:
    n = len(prefix)
    lines = {loc[n:]: line for loc, line in doc.lines.items() if loc[:n] == prefix}
    columns = {loc[n:]: col for loc, col in doc.columns.items() if loc[:n] == prefix}
    return Raw(
        source,
        lines.get((), 1),
        columns.get((), 1),
        syntax="yaml",
        data=data,
        yaml_lines=lines,
        yaml_columns=columns,
    )


class _ArrayReader:
    """Items of a JSON array, one at a time, from a byte stream (the C decoder finds each item's end)."""

    def __init__(self, stream: IO[bytes], source: str) -> None:
        self.stream = stream
        self.source = source
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.line = 1  # line of buf[0]
        self.col_base = 0  # characters before buf[0] on its line
        self.eof = False
        self.total = 0

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        self.total += len(chunk)
        if self.total > MAX_FILE_BYTES:
            raise _Stop(_error("incident.file_too_large", self.source, self.where()[0], limit=MAX_FILE_BYTES))
        try:
            self.buf += self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise _Stop(_error("incident.not_utf8", self.source, self.where()[0])) from None
        if not chunk:
            self.eof = True
        return True

    def where(self, offset: int | None = None) -> tuple[int, int]:
        at = self.pos if offset is None else offset
        last = self.buf.rfind("\n", 0, at)
        column = at - last if last >= 0 else self.col_base + at + 1
        return self.line + self.buf.count("\n", 0, at), column

    def compact(self) -> None:
        dropped = self.buf[: self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self.line += newlines
            self.col_base = len(dropped) - (dropped.rfind("\n") + 1)
        else:
            self.col_base += len(dropped)
        self.buf = self.buf[self.pos :]
        self.pos = 0

    def skip_ws(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def items(self) -> Iterator[Raw]:
        try:
            if self.skip_ws() != "[":
                raise _Stop(_error("intake.bad_array", self.source, *self.where()))
            self.pos += 1
            if self.skip_ws() == "]":
                return
            while True:
                self.compact()
                start = self.pos
                while True:
                    try:
                        _value, end = self.json.raw_decode(self.buf, start)
                        if end < len(self.buf) or self.eof:
                            break
                    except json.JSONDecodeError:
                        if len(self.buf) - start > MAX_INCIDENT_BYTES:
                            raise _Stop(
                                _error("incident.too_large", self.source, *self.where(start), limit=MAX_INCIDENT_BYTES)
                            ) from None
                        if self.fill():
                            continue
                        raise _Stop(_error("intake.bad_array", self.source, *self.where(start))) from None
                    if not self.fill():
                        break
                if end - start > MAX_INCIDENT_BYTES:
                    raise _Stop(_error("incident.too_large", self.source, *self.where(start), limit=MAX_INCIDENT_BYTES))
                line, column = self.where(start)
                yield Raw(self.source, line, column, text=self.buf[start:end])
                self.pos = end
                token = self.skip_ws()
                if token == "]":
                    return
                if token != ",":
                    raise _Stop(_error("intake.bad_array", self.source, *self.where()))
                self.pos += 1
                self.skip_ws()
        except _Stop as stop:
            yield stop.raw


class _Stop(Exception):
    def __init__(self, raw: Raw) -> None:
        super().__init__(raw.error)
        self.raw = raw


def _array(stream: IO[bytes], source: str) -> Iterator[Raw]:
    yield from _ArrayReader(stream, source).items()
