"""Sentences with character offsets, so that every fact can cite the exact passage it came from."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..models import Span

# A sentence ends at . ! or ? (optionally followed by a closing quote or a footnote marker)
# before whitespace and an upper-case letter, digit or opening quote; or at a line break.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"'\u2019\u201d)]*(?: *<sup>\d+</sup>)?(?=[ \u00a0]+[\"'\u2018\u201c(]?[A-Z0-9])"
    r"|\n",
)
_MARKUP = re.compile(r"<sup>\d+</sup>|</?(?:b|i|strong|em|sup)>|\*\*|__")
_ABBREVIATIONS = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|vs|e\.g|i\.e|etc|approx)\.)$")
QUOTES = "\"'\u2018\u2019\u201c\u201d"


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text, where it starts and ends, and its text with markup blanked out.

    ``plain`` has the same length as ``text``: markup (footnote marks, bold tags) is replaced by
    spaces, so offsets found in ``plain`` are offsets in ``text``.
    """

    start: int
    end: int
    text: str
    plain: str

    @property
    def span(self) -> Span:
        """The sentence as a :class:`Span`."""
        return Span(start=self.start, end=self.end, text=self.text)


_TAG = re.compile(r"<sup>\s*\d+\s*</sup>|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|\*\*|__")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def plain_text(text: str) -> str:
    """``text`` as a reader sees it: without tags, footnote marks, bold markers or entities, spaces collapsed."""
    stripped = _ENTITY.sub(lambda match: html.unescape(match.group(0)), _TAG.sub(" ", text))
    stripped = re.sub(r"\.{4,}|…{2,}", " … ", stripped)
    if stripped.strip().startswith("|"):
        stripped = " · ".join(cell.strip() for cell in stripped.strip().strip("|").split("|") if cell.strip())
    return re.sub(r"\s+([,.;:!?%)])", r"\1", " ".join(stripped.split()))


def blank_markup(text: str) -> str:
    """``text`` with markup (footnote marks, bold and italic tags, ``**``) replaced by spaces."""
    return _MARKUP.sub(lambda match: " " * len(match.group(0)), text)


class Text:
    """A document's text, split into sentences, with helpers to cite passages."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = blank_markup(text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The non-empty sentences in order, trimmed of surrounding whitespace and markup."""
        sentences: list[Sentence] = []
        start = 0
        for match in _BOUNDARY.finditer(self.text):
            end = match.end() if match.group(0) != "\n" else match.start()
            if match.group(0) != "\n" and _ABBREVIATIONS.search(self.text[start : match.start()]):
                continue
            self._add(sentences, start, end)
            start = match.end()
        self._add(sentences, start, len(self.text))
        return sentences

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def _add(self, sentences: list[Sentence], start: int, end: int) -> None:
        chunk = self.text[start:end]
        stripped = chunk.strip(" \t\n-*#>")
        if not stripped or not any(c.isalnum() for c in stripped):
            return
        offset = start + chunk.index(stripped)
        end = offset + len(stripped)
        sentences.append(Sentence(offset, end, stripped, self.plain[offset:end]))

    def sentence_at(self, position: int) -> Sentence | None:
        """Return the sentence containing character ``position``, if any."""
        index = bisect_right(self._starts, position) - 1
        if index >= 0 and self.sentences[index].start <= position < max(self.sentences[index].end, position + 1):
            sentence = self.sentences[index]
            if position < sentence.end:
                return sentence
        return None

    def span_at(self, position: int) -> Span | None:
        """Return the span of the sentence containing ``position``."""
        sentence = self.sentence_at(position)
        return sentence.span if sentence else None

    def span(self, start: int, end: int) -> Span:
        """Return the exact span ``text[start:end]`` trimmed of whitespace."""
        chunk = self.text[start:end]
        stripped = chunk.strip()
        offset = start + (chunk.index(stripped) if stripped else 0)
        return Span(start=offset, end=offset + max(1, len(stripped)), text=stripped or chunk[:1])

    def span_covering(self, start: int, end: int) -> Span:
        """Return the span of the sentences from the one holding ``start`` to the one holding ``end``."""
        first = self.sentence_at(start)
        last = self.sentence_at(max(start, end - 1))
        left = first.start if first else start
        right = last.end if last else end
        return self.span(left, max(right, end))
