"""Legacy and OpenDocument files read through LibreOffice: .doc, .wps, .odt → .docx; .et, .ods → .xlsx.

LibreOffice (``soffice --headless --convert-to``) converts the file into a
private temporary folder, with a LibreOffice profile private to the process
(so a LibreOffice the user has open is neither used nor disturbed), within a
timeout; the .docx/.xlsx reader then reads the copy, so a table gives the
same result whichever format it came in.  Messages and row places name the
original file.

Settings: ``RESPGRAPH_SOFFICE`` names the LibreOffice program (default:
``soffice`` or ``libreoffice`` on the PATH), ``RESPGRAPH_SOFFICE_TIMEOUT``
the seconds a conversion may take (default 120).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers.base import RawTable
from respgraph.readers.limits import check_package, check_regular_file, limit
from respgraph.readers.ole import classify_ole, password_message

__all__ = ["CONVERTED", "INSTALL_HINT", "soffice_program", "convert", "read_converted", "odf_encrypted"]

#: The format each input is converted to.
CONVERTED = {"doc": "docx", "wps": "docx", "rtf": "docx", "odt": "docx", "et": "xlsx", "ods": "xlsx"}
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) "
    "or set RESPGRAPH_SOFFICE to its soffice program"
)
TIMEOUT_SECONDS = 120

_KIND = {"doc": "Word 97–2003 document", "wps": "WPS document", "rtf": "RTF document", "odt": "OpenDocument text",
         "et": "WPS spreadsheet", "ods": "OpenDocument spreadsheet"}


def soffice_program() -> str | None:
    """The LibreOffice program to run, or None when there is none."""
    named = os.environ.get("RESPGRAPH_SOFFICE", "").strip()
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def odf_encrypted(path) -> bool:
    """True for an OpenDocument file saved with a password (its manifest lists encryption data)."""
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open("META-INF/manifest.xml") as manifest:
                return b"encryption-data" in manifest.read(1 << 20)
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _protected(path: Path, fmt: str) -> bool:
    if fmt in ("odt", "ods"):
        return odf_encrypted(path)
    with path.open("rb") as fh:
        is_ole = fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return is_ole and classify_ole(path).startswith("encrypted")


def convert(path, fmt: str, folder) -> Path:
    """Convert ``path`` (a ``fmt`` file) with LibreOffice into ``folder``; the converted file's path."""
    path = Path(path)
    target = CONVERTED[fmt]
    program = soffice_program()
    if program is None:
        named = os.environ.get("RESPGRAPH_SOFFICE", "").strip()
        missing = f"the program {named!r} (RESPGRAPH_SOFFICE) was not found" if named else "LibreOffice (soffice) is not installed"
        raise InputError(f"is a {_KIND[fmt]} (.{fmt}), which respgraph reads through LibreOffice, and {missing}; {INSTALL_HINT}",
                         source=path)
    if _protected(path, fmt):
        raise InputError(password_message(_KIND[fmt]), source=path)
    if fmt in ("odt", "ods"):  # a zip package: the same limits and DTD refusal as .docx/.xlsx
        try:
            with zipfile.ZipFile(path) as archive:
                check_package(archive, path)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise InputError(f"is a damaged {_KIND[fmt]} (not a readable zip package)", source=path) from None
    folder = Path(folder)
    # a plain name: LibreOffice names its output after the input, and some names trip it up
    source = folder / f"input.{fmt}"
    shutil.copyfile(path, source)
    out = folder / "out"
    profile = _profile()
    command = [
        program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
        "--convert-to", target, "--outdir", str(out), str(source),
    ]
    timeout = limit("RESPGRAPH_SOFFICE_TIMEOUT", TIMEOUT_SECONDS)
    with _CONVERTING:  # one LibreOffice at a time on the process's profile
        return _run(command, path, fmt, out / f"input.{target}", target, timeout, folder, program)


def _run(command, path, fmt, converted, target, timeout, folder, program) -> Path:
    try:
        # its own process group, so a timeout ends LibreOffice's helper processes too
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   start_new_session=True, cwd=folder)
    except OSError as exc:
        raise InputError(f"LibreOffice ({program}) could not be started ({exc.strerror or exc}); {INSTALL_HINT}", source=path) from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        _discard_profile()  # a LibreOffice killed half-way may leave its profile locked or half-written
        raise InputError(
            f"LibreOffice did not finish converting it within {timeout} s (damaged, or waiting for a password?); "
            "set RESPGRAPH_SOFFICE_TIMEOUT to allow longer",
            source=path,
        ) from None
    if process.returncode != 0 or not converted.is_file():
        said = " ".join(output.decode("utf-8", "replace").split())[-300:]
        raise InputError(
            f"LibreOffice could not convert this {_KIND[fmt]} to .{target} (damaged, or protected with a password?)"
            + (f": {said}" if said else ""),
            source=path,
        )
    return converted


_CONVERTING = threading.Lock()
_PROFILE: Path | None = None


def _profile() -> Path:
    """A LibreOffice profile private to this process, made on first use and removed at exit.

    Private, so that a LibreOffice the user has open is neither used nor
    disturbed; kept for the process, because making one costs about half of a
    conversion's time.
    """
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="respgraph-libreoffice-"))
        atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
    return _PROFILE


def _discard_profile() -> None:
    global _PROFILE
    if _PROFILE is not None:
        shutil.rmtree(_PROFILE, ignore_errors=True)
        _PROFILE = None


def read_converted(path, fmt: str, layout: str | None = None) -> RawTable:
    """Read a .doc/.wps/.odt/.et/.ods table through a converted copy; messages name ``path``."""
    from respgraph.readers.docx import read_docx
    from respgraph.readers.xlsx import read_xlsx

    path = check_regular_file(path)
    def reader(converted):
        return read_docx(converted, layout=layout) if CONVERTED[fmt] == "docx" else read_xlsx(converted)

    with tempfile.TemporaryDirectory(prefix="respgraph-") as folder:
        converted = convert(path, fmt, folder)
        try:
            table = reader(converted)
        except InputError as error:
            raise InputError(error.reason, source=path, where=error.where) from None
    table.source = str(path)
    return table
