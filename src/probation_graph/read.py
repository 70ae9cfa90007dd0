"""Files to text and metadata: ``.txt``, ``.md``, ``.html`` and ``.pdf``, and the corpus metadata file.

A corpus is a folder of documents with a ``sources.toml`` beside them that states, per file, only
what is known about it (source id, kind, title, publisher, date, URL, licence). Every refusal is
an :class:`~probation_graph.errors.InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import tomllib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from pydantic import ValidationError
from slugify import slugify

from .errors import ConfigError, InputError
from .models import Document, SourceMeta

SOURCES_FILE = "sources.toml"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
PDF_SUFFIXES = frozenset({".pdf"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


def slug(text: str) -> str:
    """Return a stable, readable identifier for a name ('Barnsley & Rotherham' → 'barnsley-and-rotherham')."""
    return slugify(text, replacements=[["&", " and "], ["'", ""], ["\u2019", ""]])


def default_source_id(path: Path) -> str:
    """The source id of a file that ``sources.toml`` does not list: the slug of its name."""
    return slug(path.stem) or "document"


def load_sources(folder: Path) -> dict[str, SourceMeta]:
    """Read ``folder/sources.toml`` into metadata per file name (empty when there is no such file)."""
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read corpus metadata: {exc}") from exc
    entries: dict[str, SourceMeta] = {}
    for index, entry in enumerate(data.get("source", [])):
        if not isinstance(entry, dict) or "file" not in entry:
            raise ConfigError(f"{path}: [[source]] entry {index + 1} has no 'file'")
        fields = {k: v for k, v in entry.items() if k != "file"}
        try:
            entries[str(entry["file"])] = SourceMeta(**fields)
        except ValidationError as exc:
            raise ConfigError(f"{path}: [[source]] {entry['file']}: {_first_error(exc)}") from exc
    return entries


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


def discover(folder: Path) -> Iterator[Path]:
    """Yield the documents under ``folder`` in a stable order, skipping hidden files and folders."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            yield path


def read_document(path: Path, *, max_bytes: int, meta: SourceMeta | None = None) -> Document:
    """Read one file into a :class:`Document`, or raise :class:`InputError` saying why not."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; use one of {sorted(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: file is {size:,} bytes, larger than the limit of {max_bytes:,} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    if meta is None:
        meta = load_sources(path.parent).get(path.name) or SourceMeta(source_id=default_source_id(path))
    text, found = _text(path, suffix, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: no text in the document")
    meta = meta.model_copy(update={k: v for k, v in found.items() if getattr(meta, k) is None and v})
    return Document(meta=meta, path=str(path), text=text, sha256=hashlib.sha256(data).hexdigest())


def _text(path: Path, suffix: str, data: bytes) -> tuple[str, dict[str, str | None]]:
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if suffix in PDF_SUFFIXES:
        return _pdf_text(path, data), {}
    decoded = _decode(path, data)
    if suffix in HTML_SUFFIXES:
        return _html_text(path, decoded)
    return decoded, {}


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
"""Byte order marks and their codecs; UTF-32 first, as its little-endian mark begins with UTF-16's."""


def _decode(path: Path, data: bytes) -> str:
    """The text of a file: UTF-8, or UTF-8, UTF-16 or UTF-32 with a byte order mark; a NUL anywhere is binary."""
    codec, name = next(((c, n) for bom, c, n in _BOMS if data.startswith(bom)), ("utf-8", "UTF-8"))
    if codec == "utf-8" and b"\x00" in data:
        raise InputError(f"{path}: looks like a binary file, not text (a NUL byte at byte {data.index(0):,})")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid {name} (byte {exc.start}); save it as UTF-8 and try again") from exc
    if "\x00" in text:
        raise InputError(f"{path}: looks like a binary file, not text (a NUL character in its {name} text)")
    return text


def _html_text(path: Path, html: str) -> tuple[str, dict[str, str | None]]:
    """Main text of an HTML page as markdown (headings, lists, bold, tables kept), and its metadata."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="markdown", include_formatting=True, include_tables=True, include_comments=False
    )
    if not (text or "").strip():
        raise InputError(f"{path}: no main text found in the HTML page")
    meta = trafilatura.extract_metadata(
        html, extensive=False, date_config={"extensive_search": False, "original_date": True}
    )
    date = getattr(meta, "date", None)
    found = {
        "title": getattr(meta, "title", None),
        "publisher": getattr(meta, "sitename", None),
        "date": date if isinstance(date, str) and len(date) >= 4 else None,
    }
    return str(text), found


def _pdf_text(path: Path, data: bytes) -> str:
    """The text layer of a PDF, through pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a readable PDF: {exc}") from exc
    text = "\n\n".join(reflow(page) for page in pages)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned pages need OCR first)")
    return text


_LIST_START = re.compile(r"^\s*(?:[-\u2022\u25aa*]|\d{1,2}\.|#|P\s*\d\.\d)\s")


def reflow(text: str) -> str:
    """Join the lines a PDF wrapped: a line near the page's full width continues on the next line."""
    lines = text.split("\n")
    width = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = width > 40 and len(previous.rstrip()) >= 0.75 * width
        if wrapped and line.strip() and not _LIST_START.match(line):
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)
