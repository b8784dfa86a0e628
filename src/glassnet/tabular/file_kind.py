"""What a data file's first bytes say it is: a compressed file, a spreadsheet workbook,
binary bytes, or text in UTF-8, cp1252 or latin-1 (:func:`_sniff_encoding`)."""

from __future__ import annotations

import codecs

from .errors import DataError, option

HEAD_BYTES = 64 * 1024  # the bytes sniffed from a file's start
_HEAD = HEAD_BYTES


_COMPRESSED = ((b"PK\x03\x04", "zip", "unzip"),)  # gzip, bzip2 and xz are read as they are


def _workbook(path, head: bytes) -> str:
    """What spreadsheet file ``path`` (beginning ``head``) is, in words, or empty. A zip's
    own list of names tells (openpyxl writes the workbook's parts last)."""
    import zipfile

    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # (OLE2: Office 97-2003)
        return "an Excel 97-2003 workbook (.xls)" if str(path).lower().endswith(".xls") \
            else "an Office 97-2003 file (an .xls workbook, a .doc, ...)"
    if not head.startswith(b"PK\x03\x04"):
        return ""
    if b"opendocument.spreadsheet" in head[:200]:
        return "an OpenDocument spreadsheet (.ods)"
    if b"opendocument." in head[:200]:
        return "an OpenDocument file (.odt, .odp, ...)"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):  # (cut short: its list is at the end)
        names = set()
    if "xl/workbook.xml" in names or b"xl/workbook" in head:
        return "an Excel workbook (.xlsx)"
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        return "a Word or PowerPoint file (.docx, .pptx)"
    return ""


def _first_member(path) -> str | None:
    """`` (its first file: NAME)`` of a tar archive (empty when it holds no file), or None
    when ``path`` is no tar archive."""
    import tarfile

    try:
        with tarfile.open(path) as archive:
            first = next((m.name for m in archive if m.isfile()), None)
    except (tarfile.TarError, OSError, EOFError):
        return None
    return f" (its first file: {first})" if first else ""


def looks_binary(head: bytes) -> bool:
    """Whether a file's first bytes are no text: a NUL, or more than 5 % control bytes."""
    controls = sum(head.count(bytes([b])) for b in (*range(9), *range(14, 32), 127))
    return b"\x00" in head or controls > 0.05 * len(head)


def _sniff_encoding(path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (before UTF-16's: FF FE)
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    workbook = _workbook(path, head)
    if workbook:  # (a zip, but unzipped it is XML, not a table)
        sheet = workbook.startswith(("an Excel", "an OpenDocument spreadsheet"))
        office = workbook.startswith("an Office")
        raise DataError(f"{path}: {workbook}, not a CSV file" + (
            f"; {'if it is a workbook, ' * office}save the sheet as CSV (File > Save As > CSV "
            "UTF-8), or read it with pandas.read_excel" if sheet or office else
            ": glassnet reads tables saved as CSV"))
    for magic, kind, tool in _COMPRESSED:
        if head.startswith(magic):
            raise DataError(f"{path}: a {kind} file; decompress it first ({tool})")
    member = _first_member(path) if head[257:262] == b"ustar" else None  # (a .tar.gz's head:
    if member is not None:  # gzip is read as it is; "ustar" in a text at 257: no archive)
        raise DataError(f"{path}: a tar archive{member}; extract it first (tar xf), then give "
                        "glassnet the CSV file inside")
    if looks_binary(head):
        wide = utf16_without_mark(head)
        raise DataError(f"{path}: not a text CSV file (it holds binary bytes)" if not wide else
                        f"{path}: UTF-16 text without a byte-order mark, it seems; give the "
                        f"encoding: {option('encoding', wide)}")
    line = _arff_line(head)
    if line:  # (trial 26: its "%" comment line was taken for the header, a row "too long")
        raise DataError(f"{path}: an ARFF file (Weka's and OpenML's format: @relation on line "
                        f"{line}), not a CSV file; save its @data rows as CSV with the "
                        "@attribute names as the header (scipy.io.arff.loadarff, then "
                        "pandas' to_csv, does it)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _HEAD)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _arff_line(head: bytes) -> int:
    """The line of an ARFF file's ``@relation`` (after ``%`` comments and blank lines), or 0."""
    for number, line in enumerate(head.splitlines()[:200], start=1):
        text = line.strip().lower()
        if text.startswith(b"@relation"):
            return number if b"@attribute" in head.lower() else 0
        if text and not text.startswith(b"%"):
            return 0
    return 0


def utf16_without_mark(head: bytes) -> str:
    """``"utf-16-le"`` or ``"utf-16-be"`` when every other byte of ``head`` is 0 and the text
    between decodes (ASCII text written as UTF-16), else empty."""
    sample = head[:4096]
    sample = sample[:len(sample) // 2 * 2]  # (whole pairs)
    if len(sample) < 8:
        return ""
    for zeros, name in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        text = sample[0::2] if name == "utf-16-le" else sample[1::2]
        if zeros.count(0) > 0.95 * len(zeros) and text.count(0) == 0:
            return name
    return ""
