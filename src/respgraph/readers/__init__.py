"""Readers: one module per document format, each returning a :class:`RawTable`.

>>> from respgraph.readers import read_table
>>> table = read_table("seeds/gongshu-2021.txt")
>>> len(table.rows)
106

The format is told by the file's content first (an OLE compound file, a zip
package and what it holds, ``%PDF``, an HTML page), its suffix second; see
:func:`detect_format`.  :func:`table_files` turns folders and glob patterns
into the table files they hold.  A readable document that holds no task
table (a cover letter, a notice) raises :class:`NoTableError`, an
:class:`InputError`, so that a caller reading a folder can name it as
skipped rather than failed.
"""

from __future__ import annotations

import glob
import zipfile
from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers._layout import NoTableError
from respgraph.readers.base import ROLES, RawRow, RawTable
from respgraph.readers.limits import check_regular_file
from respgraph.readers.ole import OLE_MAGIC, classify_ole, ole_refusal

__all__ = [
    "read_table",
    "detect_format",
    "table_files",
    "NoTableError",
    "RawRow",
    "RawTable",
    "ROLES",
    "FORMATS",
    "SUFFIXES",
    "GRID_ONLY",
]

#: Every format :func:`read_table` reads.
FORMATS = ("text", "csv", "docx", "xlsx", "xls", "doc", "wps", "rtf", "et", "odt", "ods", "html", "pdf")

#: The suffixes :func:`table_files` picks out of a folder, and the format each suggests.
SUFFIXES = {
    ".txt": "text", ".text": "text", ".tsv": "text", ".csv": "csv",
    ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
    ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".et": "et", ".odt": "odt", ".ods": "ods",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".mht": "html", ".mhtml": "html", ".pdf": "pdf",
}

#: Formats that are grids only: a text layout cannot be asked of them.
GRID_ONLY = ("csv", "xlsx", "xls", "et", "ods")

_ZIP = b"PK\x03\x04"
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<title")


def _looks_like_html(head: bytes) -> bool:
    """True when the first bytes open an HTML page (after a BOM, blank space, an XML declaration or comments)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at every other byte
        text = text[2:].replace(b"\x00", b"").lstrip()
    while text.startswith((b"<?xml", b"<!--")):
        end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
        if end < 0:
            return False
        text = text[end + 3 :].lstrip()
    return text.startswith(_HTML_STARTS) or (text.startswith(b"<!doctype") and b"html" in text[:200])


def detect_format(path) -> str:
    """Decide the format from the file's first bytes, then its suffix.

    Content wins over the name: a ``.doc`` that is really a web page (Word's
    "save as web page", renamed) is read as HTML, an ``.xls`` that is really
    tab-separated text as text.  Encrypted Office files and unreadable
    compound files are refused here with their own message.
    """
    path = check_regular_file(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        kind = classify_ole(path)
        if kind == "doc":
            return "wps" if suffix == ".wps" else "doc"
        if kind == "xls":
            return "et" if suffix == ".et" else "xls"
        if kind == "works":
            return "wps"
        if kind == "unknown":
            raise InputError("is an Office compound file holding neither a Word document nor an Excel workbook", source=path)
        raise ole_refusal(path, kind)
    if head.startswith(_ZIP):
        if suffix in (".docx", ".xlsx", ".xlsm"):
            return "xlsx" if suffix == ".xlsm" else suffix[1:]
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError):
            raise InputError("is a damaged zip archive (not a readable .docx, .xlsx or OpenDocument file)", source=path) from None
        if mimetype in _ODF:
            return _ODF[mimetype]
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise InputError("is a zip archive but neither .docx, .xlsx, .odt nor .ods", source=path)
    if suffix in (".docx", ".xlsx", ".xlsm", ".odt", ".ods"):
        raise InputError(f"is named {suffix} but is not a {suffix} document (corrupt or mislabelled)", source=path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if suffix == ".pdf":
        raise InputError("is named .pdf but is not a PDF (corrupt or mislabelled)", source=path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    from respgraph.readers.html import is_mime_page

    if _looks_like_html(head) or is_mime_page(head) or (suffix in _HTML_SUFFIXES and b"\x00" not in head):
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix in (".txt", ".tsv", ".text", ""):
        return "text"
    if suffix in (".doc", ".xls", ".wps", ".et", ".rtf", ".html", ".htm") and b"\x00" not in head:
        return "text"  # a "spreadsheet" exported by a web system as plain text
    if suffix in (".doc", ".xls", ".wps", ".et"):
        raise InputError(f"is named {suffix} but is not a Word, WPS or Excel file (corrupt or mislabelled)", source=path)
    raise InputError(
        f"unsupported file type {suffix!r}; respgraph reads " + ", ".join(sorted(SUFFIXES)),
        source=path,
    )


def read_table(path, format: str | None = None, layout: str | None = None) -> RawTable:
    """Read any supported task table into a :class:`RawTable`.

    ``format`` is one of :data:`FORMATS` (None: :func:`detect_format`).
    ``layout`` None detects how the tasks are laid out; ``"grid"`` reads the
    document's table; any other name reads the document's text with that
    text layout (see :mod:`respgraph.readers.text`).  A document without a
    task table (a web page, a Word file or a PDF whose tasks are paragraphs)
    is read as text when ``layout`` is None.
    """
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", source=path)
    if layout not in (None, "grid") and fmt in GRID_ONLY:
        raise InputError(
            f"the text layout {layout!r} applies to documents with running text (.txt, .docx, .doc, .odt, .html, .pdf); "
            f"a {fmt} file is read as a grid",
            source=path,
        )
    if fmt == "text":
        from respgraph.readers.text import read_text

        if layout == "grid":
            return _text_grid(path)
        try:
            return read_text(path, layout=layout)
        except InputError as first:
            if layout is not None:
                raise
            # a grid saved as .txt/.tsv (Excel's "Text (Tab delimited)") rather than the tab-per-cell layout
            try:
                return _text_grid(path)
            except InputError:
                raise first from None
    if fmt == "csv":
        from respgraph.readers.csv import read_csv

        return read_csv(path)
    if fmt == "docx":
        from respgraph.readers.docx import read_docx

        return read_docx(path, layout=layout)
    if fmt == "xlsx":
        from respgraph.readers.xlsx import read_xlsx

        return read_xlsx(path)
    if fmt == "xls":
        from respgraph.readers.xls import read_xls

        return read_xls(path)
    if fmt == "html":
        from respgraph.readers.html import read_html

        return read_html(path, layout=layout)
    if fmt == "pdf":
        from respgraph.readers.pdf import read_pdf

        return read_pdf(path, layout=layout)
    from respgraph.readers.office import read_converted

    return read_converted(path, fmt, layout=layout)


def _text_grid(path) -> RawTable:
    from respgraph.readers.csv import parse_csv
    from respgraph.readers.encoding import read_text_file

    return parse_csv(read_text_file(path), source=str(path))


_GLOB = set("*?[")


def table_files(paths, skipped: list | None = None) -> list[Path]:
    """The table files named by ``paths``: files, folders and glob patterns, in order, each once.

    * a file is kept whatever its name (it was asked for by name); a path
      that does not exist is kept too, so that reading it reports it;
    * a folder gives every file under it, in its subfolders too, whose
      suffix is one of :data:`SUFFIXES`, sorted by path; hidden files and
      folders (``.name``) and Office lock files (``~$name``) are left out;
    * a pattern (``tables/*.xls*``, ``**/*.docx``) gives the files it
      matches, sorted; one that matches nothing is kept as it is (reading
      it reports "no such file").

    When ``skipped`` is a list, the files a folder holds that are not read
    (another suffix) and folders that hold no table are appended to it as
    ``(path, why)``.

    >>> table_files(["seeds"])
    [PosixPath('seeds/gongshu-2021.txt')]
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve() if path.exists() else path
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _add_folder(path, add, skipped)
        elif not path.exists() and _GLOB & set(str(raw)):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                add(path)
            for match in matches:
                match = Path(match)
                if match.is_dir():
                    _add_folder(match, add, skipped)
                else:
                    add(match)
        else:
            add(path)
    return found


def _add_folder(folder: Path, add, skipped) -> None:
    count = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or path.name.startswith("~$") or path.is_dir():
            continue
        if path.suffix.lower() in SUFFIXES:
            add(path)
            count += 1
        elif skipped is not None:
            skipped.append((path, f"not a table file: respgraph reads {', '.join(sorted(SUFFIXES))}"))
    if not count and skipped is not None:
        skipped.append((folder, "the folder holds no table file"))
