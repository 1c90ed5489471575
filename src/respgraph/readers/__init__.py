"""Readers: one module per document format, each returning a :class:`RawTable`.

>>> from respgraph.readers import read_table
>>> table = read_table("seeds/gongshu-2021.txt")
>>> len(table.rows)
106
"""

from __future__ import annotations

from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers.base import ROLES, RawRow, RawTable

__all__ = ["read_table", "detect_format", "RawRow", "RawTable", "ROLES", "FORMATS"]

FORMATS = ("text", "docx", "xlsx", "csv")

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls, and encrypted OOXML


def detect_format(path) -> str:
    """Decide the format from the file's first bytes, then its suffix."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise InputError("no such file", source=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a task table", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE):
        raise InputError(
            "is password-protected or in the legacy .doc/.xls format; "
            "remove the password or save it as .docx/.xlsx first",
            source=path,
        )
    if head.startswith(_ZIP):
        if suffix in (".docx", ".xlsx"):
            return suffix[1:]
        import zipfile

        try:
            names = zipfile.ZipFile(path).namelist()
        except zipfile.BadZipFile:
            raise InputError("is a damaged zip archive (not a readable .docx or .xlsx)", source=path) from None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise InputError("is a zip archive but neither .docx nor .xlsx", source=path)
    if suffix in (".docx", ".xlsx"):
        raise InputError(f"is named {suffix} but is not a {suffix} document (corrupt or mislabelled)", source=path)
    if suffix in (".csv",):
        return "csv"
    if suffix in (".txt", ".tsv", ".text", ""):
        return "text"
    if suffix in (".doc", ".xls", ".pdf", ".wps", ".et"):
        raise InputError(f"{suffix} files are not supported; save the table as .docx, .xlsx or .csv", source=path)
    raise InputError(f"unsupported file type {suffix!r}; expected .txt, .docx, .xlsx or .csv", source=path)


def read_table(path, format: str | None = None, layout: str | None = None) -> RawTable:
    """Read any supported task table into a :class:`RawTable`.

    ``layout`` forces one of the text layouts (see :mod:`respgraph.readers.text`);
    None detects it.
    """
    fmt = format or detect_format(path)
    if fmt == "text":
        from respgraph.readers.text import read_text

        try:
            return read_text(path, layout=layout)
        except InputError as first:
            # a grid saved as .txt/.tsv (Excel's "Text (Tab delimited)") rather than the tab-per-cell layout
            from respgraph.readers.csv import parse_csv
            from respgraph.readers.encoding import read_text_file

            try:
                return parse_csv(read_text_file(path), source=str(path))
            except InputError:
                raise first from None
    if fmt == "docx":
        from respgraph.readers.docx import read_docx

        return read_docx(path)
    if fmt == "xlsx":
        from respgraph.readers.xlsx import read_xlsx

        return read_xlsx(path)
    if fmt == "csv":
        from respgraph.readers.csv import read_csv

        return read_csv(path)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", source=path)
