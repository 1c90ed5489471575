"""Limits that keep a hostile or broken file from hanging respgraph or eating the machine's memory.

Every reader goes through these checks before parsing:

* only a **regular file** is read (a FIFO, a device such as ``/dev/zero``, a
  socket is refused: reading it would block or never end), and at most
  :data:`MAX_FILE_MB` megabytes of it;
* a zip package (.docx, .xlsx, .ods, .odt) may expand to at most
  :data:`MAX_EXPANDED_MB` megabytes, counted from the sizes its entries
  declare (Python's zipfile never returns more than an entry declares);
* no XML part of a package may declare a DTD or an entity: with entity
  expansion off, as it must be for untrusted files, text using an entity
  would silently read as empty, so such a file is refused by name;
* a sheet or table may hold at most :data:`MAX_CELLS` cells (stored cells,
  shared strings, cells filled in from merged ranges).

Each limit can be raised for one run through an environment variable
(``RESPGRAPH_MAX_FILE_MB``, ``RESPGRAPH_MAX_EXPANDED_MB``,
``RESPGRAPH_MAX_CELLS``); the message of a file that exceeds one names it.

>>> limit("RESPGRAPH_MAX_CELLS", MAX_CELLS) == MAX_CELLS
True
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from respgraph.errors import InputError

__all__ = [
    "MAX_FILE_MB",
    "MAX_EXPANDED_MB",
    "MAX_CELLS",
    "limit",
    "check_regular_file",
    "check_package",
    "too_many_cells",
    "refuse_entity_declarations",
]

#: Largest file read, in megabytes (a 20,000-task table is 2–6 MB in any format).
MAX_FILE_MB = 200
#: Largest total a zip package may expand to, in megabytes (python-docx holds the whole
#: document as a tree, about 20 times the XML's size in memory).
MAX_EXPANDED_MB = 150
#: Most cells one sheet or table may hold (a 20,000-task table has about 140,000).
MAX_CELLS = 2_000_000

_ENV = {
    "RESPGRAPH_MAX_FILE_MB": "MB",
    "RESPGRAPH_MAX_EXPANDED_MB": "MB",
    "RESPGRAPH_MAX_CELLS": "cells",
}


def limit(variable: str, default: int) -> int:
    """The limit in force: the environment variable when set to a positive number, else ``default``.

    A value that is not a positive whole number is an InputError naming the variable.
    """
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"{variable}={raw!r} is not a positive whole number")
    return value


def _raise_hint(variable: str, default: int) -> str:
    return f"set {variable} to a larger number of {_ENV[variable]} to read it anyway (now {limit(variable, default):,})"


def check_regular_file(path) -> Path:
    """Refuse what is not a readable regular file within :data:`MAX_FILE_MB`, by name.

    Symbolic links are followed: a link to a regular file is read, a link to
    ``/dev/zero`` is refused.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a task table", source=path)
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        raise InputError(f"is {kind}, not a regular file; only files are read", source=path)
    most = limit("RESPGRAPH_MAX_FILE_MB", MAX_FILE_MB)
    if info.st_size > most * 2**20:
        raise InputError(
            f"is {info.st_size / 2**20:,.0f} MB, above the {most:,} MB limit for one table; "
            + _raise_hint("RESPGRAPH_MAX_FILE_MB", MAX_FILE_MB),
            source=path,
        )
    return path


#: What a DTD or an entity declaration starts with, in the encodings an XML part may use.
_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(marker) for marker in _DECLARATIONS)
_CHUNK = 1 << 20


def check_package(archive: zipfile.ZipFile, source) -> None:
    """Refuse a zip package that expands beyond the limit or whose XML declares a DTD.

    Every part whose name ends in .xml or .rels (and the ODF manifest and
    content) is read once, in chunks, and searched for ``<!DOCTYPE`` and
    ``<!ENTITY``: wherever they sit, not only in the first kilobytes.
    """
    entries = archive.infolist()
    total = sum(entry.file_size for entry in entries)
    most = limit("RESPGRAPH_MAX_EXPANDED_MB", MAX_EXPANDED_MB)
    if total > most * 2**20:
        raise InputError(
            f"expands to {total / 2**20:,.0f} MB, above the {most:,} MB limit for a zip package "
            "(a table needs far less; this may be a zip bomb); " + _raise_hint("RESPGRAPH_MAX_EXPANDED_MB", MAX_EXPANDED_MB),
            source=source,
        )
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")) or entry.is_dir():
            continue
        tail = b""
        with archive.open(entry) as part:
            while True:
                chunk = part.read(_CHUNK)
                if not chunk:
                    break
                window = tail + chunk
                if b"<!" in window or b"<\x00!" in window or b"\x00<\x00!" in window:
                    for marker in _DECLARATIONS:
                        if marker in window:
                            raise InputError(
                                f"declares a DTD in {entry.filename} (<!DOCTYPE or <!ENTITY), which office programs never write "
                                "(entities are not expanded, so text would read as empty); "
                                "open it and save it again in Word, Excel, WPS or LibreOffice",
                                source=source,
                            )
                tail = window[-_OVERLAP:]


def refuse_entity_declarations(text: str, source, part: str = "the page") -> None:
    """Refuse a document whose text declares entities (an HTML page need not, and may not, have them).

    >>> refuse_entity_declarations("<!DOCTYPE html><p>x</p>", "page.html")
    >>> refuse_entity_declarations('<!DOCTYPE p [<!ENTITY a "b">]>', "page.html")
    Traceback (most recent call last):
    ...
    respgraph.errors.InputError: page.html: declares an entity in the page, which is refused: entities are not expanded, so text using them would read as empty
    """
    if "<!entity" in text.lower():
        raise InputError(
            f"declares an entity in {part}, which is refused: entities are not expanded, so text using them would read as empty",
            source=source,
        )


def too_many_cells(count: int, source=None, where: str | None = None) -> InputError:
    """The InputError for a sheet or table above :data:`MAX_CELLS`."""
    return InputError(
        f"holds more than {count:,} cells, the limit for one table (a 20,000-task table has about 140,000); "
        + _raise_hint("RESPGRAPH_MAX_CELLS", MAX_CELLS),
        source=source,
        where=where,
    )
