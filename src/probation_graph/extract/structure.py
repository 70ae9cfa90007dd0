"""The layout of a text: its lines, which of them are headings, and its tables with their cells.

Headings are Markdown headings, lines in bold or in capitals, and short lines standing alone
without closing punctuation ('Kestrel Bay and Fenwick PDU', 'Earlier concerns'). Tables are
Markdown pipe tables (HTML tables arrive as those); each cell keeps its offsets, so a fact read
from a table row cites that row.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>)[^*<]+(?:\*\*|__|</b>|</strong>)\s*:?\s*$")
_BULLET = re.compile(r"^\s*(?:[-\u2022\u25aa*+]|\d{1,2}[.)])\s+")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_END_PUNCTUATION = ".:;!?\u201d\"'\u2019)"


@dataclass(frozen=True)
class Line:
    """One line of the text: where it is, its text, and what it is."""

    start: int
    end: int
    text: str
    kind: str
    """'heading', 'table', 'bullet', 'text' or 'blank'."""


@dataclass(frozen=True)
class Cell:
    """A table cell: its text without markup, and its offsets in the document."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """A table row: its cells and the span of the whole row."""

    cells: tuple[Cell, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A table: the header's cell texts and the body rows."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    start: int

    def column(self, *words: str) -> int | None:
        """The index of the first column whose header contains one of ``words`` (case-insensitive)."""
        for index, title in enumerate(self.header):
            lowered = title.lower()
            if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
                return index
        return None


def _clean(text: str) -> str:
    text = re.sub(r"</?(?:b|strong|em|i|sup)>|\*\*|__|<sup>\d+</sup>", "", text)
    return " ".join(text.split()).strip(" *_")


class Layout:
    """The lines, headings and tables of a text."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> list[Line]:
        """Every line, classified."""
        raw: list[tuple[int, int, str]] = []
        position = 0
        for line in self.text.split("\n"):
            raw.append((position, position + len(line), line))
            position += len(line) + 1
        out: list[Line] = []
        for index, (start, end, line) in enumerate(raw):
            out.append(Line(start, end, line, self._kind(raw, index)))
        return out

    def _kind(self, raw: list[tuple[int, int, str]], index: int) -> str:
        line = raw[index][2]
        stripped = line.strip()
        if not stripped:
            return "blank"
        if stripped.startswith("|") and stripped.count("|") >= 2:
            return "table"
        if _MD_HEADING.match(line) or _BOLD_LINE.match(line):
            return "heading"
        if _BULLET.match(line):
            return "bullet"
        letters = [c for c in stripped if c.isalpha()]
        if (
            len(stripped) <= 90
            and letters
            and sum(c.isupper() for c in letters) / len(letters) > 0.8
            and len(letters) > 3
        ):
            return "heading"
        before = raw[index - 1][2].strip() if index > 0 else ""
        after = raw[index + 1][2].strip() if index + 1 < len(raw) else ""
        short = len(stripped) <= 70 and len(stripped.split()) <= 9 and stripped[-1] not in _END_PUNCTUATION
        if short and stripped[0].isupper() and not before and not after:
            return "heading"
        return "text"

    def line_at(self, offset: int) -> Line | None:
        """The line holding ``offset`` (the first such line, as lines are in order)."""
        index = bisect_left(self._line_ends, offset)
        if index < len(self.lines) and self.lines[index].start <= offset <= self.lines[index].end:
            return self.lines[index]
        return None

    @cached_property
    def _line_ends(self) -> list[int]:
        return [line.end for line in self.lines]

    @cached_property
    def headings(self) -> list[Line]:
        """The heading lines, in order."""
        return [line for line in self.lines if line.kind == "heading"]

    @cached_property
    def tables(self) -> list[Table]:
        """The pipe tables, each with its header row and body rows."""
        tables: list[Table] = []
        block: list[Line] = []
        for line in [*self.lines, Line(len(self.text), len(self.text), "", "blank")]:
            if line.kind == "table":
                block.append(line)
                continue
            if len(block) >= 2:
                tables.append(self._table(block))
            block = []
        return tables

    def _table(self, block: list[Line]) -> Table:
        rows = [self._row(line) for line in block if not _SEPARATOR.match(line.text)]
        header = tuple(cell.text for cell in rows[0].cells) if rows else ()
        return Table(header, tuple(rows[1:]), block[0].start)

    @staticmethod
    def _row(line: Line) -> Row:
        cells = []
        text = line.text
        bars = [i for i, c in enumerate(text) if c == "|"]
        for left, right in pairwise(bars):
            raw = text[left + 1 : right]
            stripped = raw.strip()
            offset = line.start + left + 1 + (raw.index(stripped) if stripped else 0)
            cells.append(Cell(_clean(stripped), offset, offset + max(1, len(stripped))))
        return Row(tuple(cells), line.start, line.end)

    def heading_before(self, offset: int) -> Line | None:
        """The last heading at or before ``offset``."""
        found = None
        for line in self.headings:
            if line.start > offset:
                break
            found = line
        return found


def clean_cell(text: str) -> str:
    """A cell's or heading's text without markup."""
    return _clean(text)
