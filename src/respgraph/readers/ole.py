"""OLE compound files: legacy Word/WPS documents, Excel/ET workbooks, and encrypted Office files.

One container format (the "compound document") holds several kinds of file;
its streams tell them apart (read with olefile):

* ``EncryptionInfo`` and ``EncryptedPackage``: a .docx or .xlsx protected
  with a password (Office encrypts the whole package into an OLE file);
* ``WordDocument``: a Word 97–2003 .doc, or a WPS Writer .wps (WPS writes
  the same format); its header (FIB) has a flag for password protection;
* ``Workbook`` (or ``Book``, Excel 5): an Excel 97–2003 .xls, or a WPS .et;
* ``CONTENTS``: a Microsoft Works .wps.
"""

from __future__ import annotations

from pathlib import Path

from respgraph.errors import InputError

__all__ = ["OLE_MAGIC", "classify_ole", "ole_refusal", "password_message"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: The FIB's flag word (offset 0x0A of the WordDocument stream): bit 8 is fEncrypted.
_FIB_FLAGS = 0x0A
_F_ENCRYPTED = 0x0100


def password_message(kind: str = "file") -> str:
    """The message for a file protected with a password.

    >>> password_message("Word document")
    'is protected with a password (an encrypted Word document), which respgraph cannot open; open it, remove the password (Word: File > Info > Protect Document; WPS: 文件 > 文档加密) and save it again'
    """
    return (
        f"is protected with a password (an encrypted {kind}), which respgraph cannot open; "
        "open it, remove the password (Word: File > Info > Protect Document; WPS: 文件 > 文档加密) and save it again"
    )


def classify_ole(path) -> str:
    """What an OLE compound file holds.

    ``encrypted`` (a .docx/.xlsx with a password), ``encrypted-doc`` (a .doc or
    .wps with a password), ``doc``, ``xls``, ``works``, ``damaged`` or ``unknown``.
    """
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            if {"EncryptionInfo", "EncryptedPackage"} & streams:
                return "encrypted"
            if "WordDocument" in streams:
                head = ole.openstream("WordDocument").read(_FIB_FLAGS + 2)
                if len(head) >= _FIB_FLAGS + 2 and int.from_bytes(head[_FIB_FLAGS:_FIB_FLAGS + 2], "little") & _F_ENCRYPTED:
                    return "encrypted-doc"
                return "doc"
            if {"Workbook", "Book"} & streams:
                return "xls"
            if "CONTENTS" in streams:
                return "works"
            return "unknown"
    except (OSError, ValueError, IndexError, TypeError, AttributeError):
        # olefile raises OSError ("not an OLE2 structured storage file", "incorrect OLE sector index")
        # and a few plain errors on truncated or garbled files
        return "damaged"


def ole_refusal(path, kind: str) -> InputError:
    """The InputError for an OLE file where a .docx or .xlsx package was expected."""
    path = Path(path)
    if kind == "encrypted":
        return InputError(password_message("Word or Excel document"), source=path)
    if kind == "encrypted-doc":
        return InputError(password_message("Word 97–2003 or WPS document"), source=path)
    if kind == "damaged":
        return InputError(
            "is an Office file that cannot be opened: damaged, or protected with a password; "
            "open it in Word, Excel or WPS, remove any password and save it again",
            source=path,
        )
    legacy = {"doc": "Word 97–2003 (.doc) or WPS (.wps) document", "xls": "Excel 97–2003 (.xls) workbook",
              "works": "Works document"}.get(kind, "legacy Office file")
    return InputError(
        f"is a {legacy}, not a .docx or .xlsx package; read it through respgraph.readers.read_table, "
        "which reads the legacy formats",
        source=path,
    )
