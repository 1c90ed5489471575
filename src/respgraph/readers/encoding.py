"""Decoding text files whose encoding nobody states (UTF-8, UTF-8 with BOM, GBK/GB18030)."""

from __future__ import annotations

from pathlib import Path

from respgraph.errors import InputError

__all__ = ["read_text_file", "decode_bytes"]


def decode_bytes(data: bytes, source=None) -> str:
    """Decode government-export bytes without being told the encoding.

    UTF-8 (with or without BOM) is tried strictly first, then GB18030, a
    superset of GBK and GB2312; only if both fail is a detector consulted.

    >>> decode_bytes("序号".encode("gbk"))
    '序号'
    >>> decode_bytes("\\ufeff序号".encode("utf-8"))
    '序号'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("ascii",):
        return str(best)
    raise InputError(
        f"text cannot be decoded as UTF-8 or GBK/GB18030 (bad byte at offset {utf8_error.start})",
        source=source,
    )


def read_text_file(path) -> str:
    """A text file's content, decoded; only a regular file within the size limit is read (see :mod:`.limits`)."""
    from respgraph.readers.limits import check_regular_file

    path = check_regular_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("looks like a binary file, not a text table", source=path)
    return decode_bytes(data, source=path)
