"""Who each sentence is about: the units it names, what 'the PDU' or 'it' refers to, and the main subjects.

The main subjects of a document are the units its title (or first heading, or opening sentence)
names, else the one it names most often; a document about several units (a round-up, a release on
two inspections) has several. A heading that names a unit makes it the focus of its section. A
referring phrase ('the PDU', 'the division', 'it') means the nearest unit of a fitting kind named
before it in the sentence, else the first named in the sentence before, else the section's focus,
else the main subject; 'both PDUs' means every main subject of that kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..classes import REGION, registry
from .gazetteer import gazetteer
from .structure import Layout
from .text import Sentence, Text
from .units import Found, UnitMention

Key = tuple[str, str]

_TITLE_LINES = 4
_REPORT_TITLE = re.compile(
    r"^\s*(?:#+\s*)?(?:An|A (?:dynamic|thematic|joint))\s+inspection\s+of\b[^\n]*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Reference:
    """A unit (or several, for 'both PDUs') named or referred to in a sentence, and where."""

    keys: tuple[Key, ...]
    start: int
    end: int
    how: str


@dataclass
class SentenceView:
    """A sentence and every unit it names or refers to, in order."""

    index: int
    sentence: Sentence
    references: list[Reference] = field(default_factory=list)
    focus: tuple[Key, ...] = ()

    @property
    def keys(self) -> list[Key]:
        """The units named or referred to, in order, once each."""
        return list(dict.fromkeys(k for r in self.references for k in r.keys))


@cache
def _anaphor_starts() -> re.Pattern[str]:
    """The first words of the referring phrases: where :func:`_any_anaphor` is tried (faster than scanning)."""
    firsts = {phrase.split()[0].lower() for c in registry().classes for phrase in c.anaphors}
    firsts |= {"both", "the", "all", "these", "each", "it", "its"}
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, firsts)))})\b", re.IGNORECASE)


@cache
def _any_anaphor() -> re.Pattern[str]:
    """Every referring phrase of :func:`_anaphors` in one pattern; the group ``a<i>`` that matched says which."""
    parts = []
    for index, (pattern, _kind, _plural) in enumerate(_anaphors()):
        body = f"(?i:{pattern.pattern})" if pattern.flags & re.IGNORECASE else pattern.pattern
        parts.append(f"(?P<a{index}>{body})")
    return re.compile("|".join(parts))


@cache
def _anaphors() -> tuple[tuple[re.Pattern[str], str | None, bool], ...]:
    """Referring phrases: (pattern, class or None for any unit, plural)."""
    found: list[tuple[re.Pattern[str], str | None, bool]] = []
    for graph_class in registry().classes:
        kind = graph_class.key if graph_class.is_unit else None
        if not graph_class.anaphors:
            continue
        for phrase in graph_class.anaphors:
            words = phrase.split()
            head = r"\s+".join(re.escape(w) for w in words[1:])
            modifier = r"(?:[A-Z][\w.]*[- ](?:owned|run|led|based)\s+)?"
            pattern = rf"(?<![\w-]){re.escape(words[0])}\s+{modifier}{head}(?![\w-])"
            found.append((re.compile(pattern, re.IGNORECASE), kind, False))
    for graph_class in registry().units():
        plurals = "|".join(re.escape(w) for w in graph_class.plural_unit_words)
        found.append(
            (
                re.compile(
                    rf"(?<![\w-])(?:both|the two|the three|all three|these|each of the)\s+(?:{plurals})(?![\w-])", re.I
                ),
                graph_class.key,
                True,
            )
        )
    found.append(
        (re.compile(r"(?<![\w-])(?:both|the two)\s+(?:units|services|probation services)(?![\w-])", re.I), None, True)
    )
    found.append(
        (
            re.compile(r"(?:^|(?<=[;:] ))(?:It|Its)(?=\s)|(?:(?<=rated )|(?<=gave )|(?<=judged )|(?<=found ))it\b"),
            None,
            False,
        )
    )
    return tuple(found)


@cache
def _only_member(kind: str | None) -> tuple[Key, ...]:
    """What a class's anaphor means with no antecedent: the class's one unit, when the reference knows one only.

    'The national arrangements' are HM Prison and Probation Service's.
    """
    if kind is None:
        return ()
    members = [e for e in gazetteer().units() if e.kind == kind]
    return ((members[0].name, kind),) if len(members) == 1 else ()


def _fits(kind: str, wanted: str | None) -> bool:
    return wanted is None or registry().is_a(kind, wanted)


class Discourse:
    """The sentences of a document with the units each is about."""

    def __init__(
        self, text: Text, layout: Layout, found: Found, title: str | None = None, date: str | None = None
    ) -> None:
        self.text = text
        self.date = date
        self.layout = layout
        self.found = found
        self.title = title
        self.report_title = False
        self.mentions = self._kept(found.mentions)
        self.main = self._main_subjects()
        self.views = self._views()

    def _structural(self, mention: UnitMention) -> bool:
        line = self.layout.line_at(mention.start)
        if line is None:
            return False
        if line.kind in ("heading", "table"):
            return True
        before = self.text.text[line.start : mention.start]
        return bool(re.fullmatch(r"\s*(?:[-*\u2022]\s*)?(?:\*\*|<b>|<strong>)?\s*", before)) and bool(
            re.match(r"\s*(?:\*\*|</b>|</strong>|PDU|CRC)", self.text.text[mention.end : mention.end + 12])
        )

    def _heading(self, mention: UnitMention) -> bool:
        """True when the mention is the whole of a heading ('## North East')."""
        line = self.layout.line_at(mention.start)
        if line is None or line.kind != "heading":
            return False
        rest = self.text.text[line.start : mention.start] + self.text.text[mention.end : line.end]
        return not re.sub(r"[#*\s:–—-]|<[^>]+>|\bregion\b", "", rest, flags=re.IGNORECASE)

    def _kept(self, mentions: list[UnitMention]) -> list[UnitMention]:
        """Mentions that count: named ones, and bare names where the layout or another mention supports them."""
        strong = {m.key for m in mentions if m.how != "bare"}
        kept = []
        for mention in mentions:
            if mention.how in ("bare", "known-pattern") and not registry().get(mention.kind).existed(self.date):
                continue
            if mention.how != "bare":
                kept.append(mention)
            elif mention.kind == REGION:
                if self._heading(mention):
                    kept.append(mention)
            elif mention.key in strong or self._structural(mention):
                kept.append(mention)
        return kept

    def _title_span(self) -> tuple[int, int]:
        """Where the title is: the lines after 'An inspection of ...', else the first heading, else the first lines."""
        lines = [line for line in self.layout.lines if line.kind != "blank"]
        for index, line in enumerate(lines[:8]):
            if _REPORT_TITLE.search(line.text):
                following = lines[index + 1] if index + 1 < len(lines) else line
                self.report_title = True
                return line.start, following.end
        first = next((line for line in lines[:_TITLE_LINES] if line.kind == "heading" and len(line.text) > 20), None)
        if first is not None:
            return first.start, first.end
        if lines:
            return lines[0].start, lines[min(len(lines), 2) - 1].end
        return 0, 0

    def _main_subjects(self) -> tuple[Key, ...]:
        """The units the document is about: those its title names, else those its opening names, else the most named.

        A region counts only where it is named as one ('the Probation Service – North West region') and no
        other unit is named beside it: 'East Midlands probation provider' is about a unit in that region.
        """
        if not self.mentions:
            return ()
        counts = Counter(m.key for m in self.mentions)
        strong = {m.key for m in self.mentions if m.how not in ("bare", "known-pattern")}

        def pick(keys: list[Key]) -> list[Key]:
            keys = list(dict.fromkeys(keys))
            units = [k for k in keys if k[1] != REGION]
            if units:
                return units
            return [k for k in keys if k in strong and not [x for x in counts if x[1] != REGION]]

        start, end = self._title_span()
        titled = pick([m.key for m in self.mentions if start <= m.start < end])
        if self.report_title and titled:
            return (titled[0],)
        if not self.report_title:
            for line in [line for line in self.layout.lines if line.kind != "blank"][:_TITLE_LINES]:
                titled = pick([m.key for m in self.mentions if line.start <= m.start < line.end])
                if titled:
                    break
        if not titled and self.title:
            from .units import find_units

            in_title = {m.key for m in find_units(self.title).mentions if m.how != "bare"}
            titled = pick([k for k in dict.fromkeys(m.key for m in self.mentions) if k in in_title])
        if titled:
            return tuple(titled)
        for sentence in self.text.sentences[:3]:
            named = pick([m.key for m in self.mentions if sentence.start <= m.start < sentence.end])
            if named:
                return (max(named, key=lambda k: counts[k]),)
        ranked = pick(sorted(counts, key=lambda k: (-counts[k], min(m.start for m in self.mentions if m.key == k))))
        return (ranked[0],) if ranked else ()

    def _views(self) -> list[SentenceView]:
        views: list[SentenceView] = []
        section: tuple[Key, ...] = ()
        topic_open = False
        heading_end = -1
        starts = [m.start for m in self.mentions]
        for index, sentence in enumerate(self.text.sentences):
            view = SentenceView(index, sentence)
            named = self.mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
            line = self.layout.line_at(sentence.start)
            if line is not None and line.kind == "heading" and line.start > heading_end:
                heading_end = line.end
                section = tuple(dict.fromkeys(m.key for m in named if m.kind != REGION)) or tuple(
                    dict.fromkeys(m.key for m in named if m.how != "known-pattern")
                )
                topic_open = not section
            elif topic_open and (line is None or line.kind != "table"):
                keys = list(dict.fromkeys(m.key for m in named))
                section = (keys[0],) if len(keys) == 1 else ()
                topic_open = False
            view.focus = section
            for mention in named:
                view.references.append(Reference((mention.key,), mention.start, mention.end, mention.how))
            anaphors, combined = _anaphors(), _any_anaphor()
            for position in _anaphor_starts().finditer(sentence.plain):
                match = combined.match(sentence.plain, position.start())
                if match is None:
                    continue
                _pattern, kind, plural = anaphors[int(str(match.lastgroup)[1:])]
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if any(r.start < end and start < r.end for r in view.references):
                    continue
                resolved = self._resolve(views, view, start, kind, plural)
                if resolved:
                    view.references.append(Reference(tuple(resolved), start, end, "anaphor"))
            view.references.sort(key=lambda r: r.start)
            views.append(view)
        return views

    def same_paragraph(self, earlier: SentenceView, later: SentenceView) -> bool:
        """True when no blank line or heading separates two sentences."""
        between = self.text.text[earlier.sentence.end : later.sentence.start]
        return "\n\n" not in between and "\n#" not in between and between.count("\n") <= 1

    def _resolve(
        self, views: list[SentenceView], view: SentenceView, at: int, kind: str | None, plural: bool
    ) -> tuple[Key, ...]:
        """The unit(s) a referring phrase at ``at`` means."""
        if plural:
            found = tuple(k for k in self.main if _fits(k[1], kind))
            return found if len(found) > 1 else ()
        before = [r for r in view.references if r.end <= at and len(r.keys) == 1 and _fits(r.keys[0][1], kind)]
        if before:
            return before[-1].keys
        if views:
            previous = views[-1]
            if at - previous.sentence.end < 400:
                earlier = [
                    r for r in previous.references
                    if len(r.keys) == 1 and _fits(r.keys[0][1], kind) and r.start - previous.sentence.start < 60
                ]  # fmt: skip
                if earlier:
                    return earlier[0].keys
        focus = [k for k in view.focus if _fits(k[1], kind)]
        if len(focus) == 1:
            return (focus[0],)
        main = [k for k in self.main if _fits(k[1], kind)]
        if len(main) == 1:
            return (main[0],)
        return _only_member(kind)

    def about(self, view: SentenceView | None) -> tuple[Key, ...]:
        """Who a sentence without a named unit is about.

        The unit the sentence before it in the same paragraph was about (named first in it, or what it
        was about), else its section's focus, else the single main subject.
        """
        if view is None:
            return self.main if len(self.main) == 1 else ()
        if view.index > 0:
            previous = self.views[view.index - 1] if view.index - 1 < len(self.views) else None
            if previous is not None and self.same_paragraph(previous, view):
                units = [r.keys[0] for r in previous.references if len(r.keys) == 1 and r.keys[0][1] != REGION]
                if units and units[0] and previous.references[0].start - previous.sentence.start < 60:
                    return (units[0],)
        if view.focus:
            return view.focus
        return self.main if len(self.main) == 1 else ()
