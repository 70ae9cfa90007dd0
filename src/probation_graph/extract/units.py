"""Probation units named in a text: PDUs, CRCs, NPS divisions and regions, each resolved to one unit.

A unit is found where the text names it with a unit word ('Kestrel Bay and Fenwick PDU'), with a
naming phrase of its class ('the Probation Service – North West region', 'NPS Wales', 'the
probation service, also known as a Probation Delivery Unit (PDU*), in Kestrel Bay'), by an
abbreviation the text introduced ('(MVCRC)'), or by a name already known (the reference
backbone, or a unit the document names with its unit word elsewhere). The words and phrases come
from the class registry of the ontology.

Names are read as written, commas and all ('Avon, Hill and Dale'): from a unit
word the name grows leftwards, from a naming phrase rightwards, and of the names that could end
(or start) there the one with the best score wins — known names first, then well-formed lists,
then length; a name never starts with a rating word, a preposition or an article. Several units in
one phrase ('Kestrel Bay and Fenwick PDUs', 'in Tarn Vale and in Moor End and Fell')
are kept apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ..classes import CRC, LIST_SLOT, NAME_SLOT, PDU, REGION, GraphClass, registry
from ..names import display, fold
from ..namespaces import PG
from ..ontology import ontology_graph, vocabulary
from .gazetteer import Entry, gazetteer

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019.-]*[A-Za-z0-9]|[A-Za-z0-9]|&|,|[^\sA-Za-z0-9]")
_CONNECTORS = frozenset({"and", "&", "with", "upon", "on", "of", "the"})
_STOP = frozenset(
    """a about across after against all also an and any are as at because before being both but by
    during each either every for from had has have he her his however if in inspectors inspector
    into is it its may meanwhile more most much new no nor not now of on or our over probation since
    so some such than that the their them then there these they this those though three through to
    today two under unlike until was we were when where whereas which while whilst who with within
    yesterday yet four five six seven eight nine ten eleven twelve first second third fourth fifth
    latest last local national overall report reports inspection inspections service services chief
    hm his her majesty majesty's mr mrs ms dr dame sir lord lady read see note notes according
    neighbouring neighboring nearby same other another only just both all every some""".split()
)  # fmt: skip
_MONTHS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)
_NAME_PARTS_EXCLUDED = frozenset(
    "probation delivery unit units community rehabilitation company companies service services inspectorate "
    "inspection inspections national division region regions pdu pdus crc crcs nps report".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark of the text and where it is."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")


@dataclass(frozen=True)
class UnitMention:
    """A unit named in the text: its canonical name and kind, where, and how it was named."""

    name: str
    kind: str
    start: int
    end: int
    how: str = "unit-word"
    """'unit-word', 'pattern', 'abbreviation', 'known-pattern' (a naming phrase around a known name),
    'bare' (a known name alone, which counts only where the layout says so) or 'anaphor'."""
    written: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the unit within a document."""
        return (self.name, self.kind)


@dataclass
class Unit:
    """A unit the document names: canonical name, kind, the forms it is written in, and the reference entry."""

    name: str
    kind: str
    entry: Entry | None = None
    aliases: set[str] = field(default_factory=set)
    first: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a unit in a document: its name and class."""
        return (self.name, self.kind)


@dataclass
class Found:
    """The units of a document and every mention of them, in text order."""

    units: dict[tuple[str, str], Unit]
    mentions: list[UnitMention]

    def of(self, key: tuple[str, str]) -> list[UnitMention]:
        """The mentions of one unit."""
        return [m for m in self.mentions if m.key == key]

    def within(self, start: int, end: int) -> list[UnitMention]:
        """The mentions between two offsets."""
        return [m for m in self.mentions if start <= m.start and m.end <= end]


_POSSESSIVE = re.compile(r"['\u2019]s$")


def tokens(text: str) -> list[Token]:
    """The words and punctuation of ``text`` with their offsets (a possessive 's is a token of its own)."""
    out = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(0), match.start()
        possessive = _POSSESSIVE.search(word) if len(word) > 2 else None
        if possessive:
            out.append(Token(word[: possessive.start()], start, start + possessive.start()))
            out.append(Token(word[possessive.start() :], start + possessive.start(), match.end()))
        else:
            out.append(Token(word, start, match.end()))
    return out


_MODIFIER = re.compile(r"-(?:owned|run|led|based|wide|funded)$", re.IGNORECASE)


def _is_cap(token: Token) -> bool:
    return token.text[0].isupper() and token.lower not in _NAME_PARTS_EXCLUDED and not _MODIFIER.search(token.text)


@cache
def _rating_words() -> frozenset[str]:
    return frozenset(w.lower() for c in vocabulary().scheme("rating") for label in c.labels for w in label.split())


def _bad_edge(token: Token) -> bool:
    word = token.lower.strip("'")
    return word in _STOP or word in _MONTHS or word in _rating_words() or word in _CONNECTORS


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    text: str
    score: float
    names: tuple[str, ...]


def _score(
    text: str, words: list[Token], kind: str, listing: bool, known: dict[str, str]
) -> tuple[float, tuple[str, ...]]:
    """How good ``text`` is as a unit's name (or, for lists, as several names); and the names."""
    if not words or _bad_edge(words[0]) or _bad_edge(words[-1]):
        return -100.0, ()
    if any(w.lower.strip("'") in _rating_words() and w.text[0].isupper() for w in words):
        return -50.0, ()

    def worth(name: str) -> float:
        if fold(name) in known or gazetteer().lookup(name, kind) is not None:
            return 20.0 + 0.1 * len(name.split())
        return 0.5 * len(name.split())

    if listing:
        names = tuple(_split_list(text, kind, known))
        if kind == PDU and any(gazetteer().lookup(n, REGION) and not gazetteer().lookup(n, PDU) for n in names):
            return -100.0, ()
        if len(names) == 1 and worth(names[0]) < 20:
            return -100.0, ()
        return sum(worth(n) for n in names), names
    if kind == PDU and gazetteer().lookup(text, REGION) is not None and gazetteer().lookup(text, PDU) is None:
        return -100.0, ()
    score = worth(text)
    if score < 20 and "," in text:
        parts = [p.strip() for p in text.split(",")]
        if not re.search(r"\band\b|&", parts[-1]):
            return -100.0, ()
        score -= 5.0 * sum(1 for part in parts[:-1] if gazetteer().lookup(part, REGION) is not None)
    return score, (text,)


def _split_list(text: str, kind: str, known: dict[str, str]) -> list[str]:
    """Names in a list ('Kestrel Bay and Fenwick'): known names first, then commas and the last 'and'."""
    if fold(text) in known or gazetteer().lookup(text, kind) is not None:
        return [text]
    pieces = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+(?:in\s+)?|\s*&\s*", text) if p.strip()]
    out: list[str] = []
    index = 0
    while index < len(pieces):
        for stop in range(len(pieces), index, -1):
            joined = " and ".join(pieces[index:stop])
            comma = ", ".join(pieces[index : stop - 1]) + (f" and {pieces[stop - 1]}" if stop - index > 1 else "")
            hit = next((c for c in (joined, comma) if fold(c) in known or gazetteer().lookup(c, kind)), None)
            if hit or stop == index + 1:
                out.append(hit or pieces[index])
                index = stop
                break
    return out


def _walk_left(text: str, toks: list[Token], index: int) -> list[int]:
    """Indexes of the tokens a name ending before token ``index`` may start at, nearest first."""
    starts: list[int] = []
    j = index - 1
    if j < 0 or (index < len(toks) and _apart(text, toks[j], toks[index])):
        return starts
    while j >= 0:
        token = toks[j]
        if _is_cap(token):
            starts.append(j)
        elif token.lower in _CONNECTORS or token.text == ",":
            if j == 0 or not (_is_cap(toks[j - 1]) or toks[j - 1].lower in _CONNECTORS):
                break
        else:
            break
        if j > 0 and _apart(text, toks[j - 1], token):
            break
        j -= 1
    return starts


def _apart(text: str, left: Token, right: Token) -> bool:
    """True when two tokens are on different lines or far apart (a name never spans them)."""
    return right.start - left.end > 2 or "\n" in text[left.end : right.start]


def _walk_right(text: str, toks: list[Token], index: int, listing: bool) -> list[int]:
    """Indexes of the tokens a name starting at token ``index`` may end at, nearest first."""
    ends: list[int] = []
    j = index
    while j < len(toks):
        token = toks[j]
        if _is_cap(token):
            ends.append(j)
        elif token.lower in _CONNECTORS or token.text == ",":
            follower = toks[j + 1] if j + 1 < len(toks) else None
            if follower is None or not (_is_cap(follower) or follower.lower in _CONNECTORS or follower.lower == "in"):
                break
        elif listing and token.lower == "in" and j > index and toks[j - 1].lower in ("and", ","):
            pass
        else:
            break
        if j + 1 < len(toks) and _apart(text, token, toks[j + 1]):
            break
        j += 1
    return ends


def _best(cands: Iterable[_Candidate]) -> _Candidate | None:
    ranked = sorted(cands, key=lambda c: c.score, reverse=True)
    return ranked[0] if ranked and ranked[0].score > 0 else None


def _candidate(
    text: str, toks: list[Token], i: int, j: int, kind: str, listing: bool, known: dict[str, str]
) -> _Candidate:
    start, end = toks[i].start, toks[j].end
    written = text[start:end]
    written = re.sub(r"^(?:in|both)\s+", "", written)
    score, names = _score(written, toks[i : j + 1], kind, listing, known)
    return _Candidate(start, end, written, score, names)


@dataclass(frozen=True)
class _Pattern:
    kind: str
    prefix: re.Pattern[str] | None
    suffix: re.Pattern[str] | None
    listing: bool
    known_only: bool
    how: str


def _literal(text: str) -> str:
    out = []
    for char in text.strip():
        if char == " ":
            out.append(r"\s+")
        elif char == ")":
            out.append(r"\*?\)")
        elif char in "'\u2019":
            out.append("['\u2019]")
        elif char in "\u2013\u2014-":
            out.append("[\u2013\u2014-]")
        else:
            out.append(re.escape(char))
    return "".join(out).replace(r"\s+\s+", r"\s+")


@cache
def _patterns() -> tuple[_Pattern, ...]:
    patterns: list[_Pattern] = []
    for graph_class in registry().classes:
        sources = [(p, False, "pattern") for p in graph_class.name_patterns]
        sources += [(p, True, "known-pattern") for p in graph_class.known_name_patterns]
        sources += [(f"{NAME_SLOT} {w}", False, "unit-word") for w in graph_class.unit_words]
        sources += [(f"{LIST_SLOT} {w}", False, "unit-word") for w in graph_class.plural_unit_words]
        for text, known_only, how in sources:
            slot = LIST_SLOT if LIST_SLOT in text else NAME_SLOT
            before, _, after = text.partition(slot)
            flags = 0 if how == "unit-word" else re.IGNORECASE
            prefix = re.compile(_literal(before) + r"\s+", flags) if before.strip() else None
            suffix = re.compile(r"\s*" + _literal(after) + r"(?![\w-])", flags) if after.strip() else None
            patterns.append(_Pattern(graph_class.key, prefix, suffix, slot == LIST_SLOT, known_only, how))
    return tuple(patterns)


_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9}(?:[ -][A-Z]{2,4})?)\*?\)")


def _unit_word_abbreviations() -> frozenset[str]:
    words = {
        w for c in registry().units() for w in (*c.unit_words, *c.plural_unit_words) if w.isupper() or w[:-1].isupper()
    }
    return frozenset(words | {"NPS", "HMPPS", "HMIP", "MoJ", "PQiP", "SPO", "PSO", "PO"})


class _Finder:
    """One document's unit mentions, found in three passes: named with a class's words, abbreviations, known names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self._start_offsets = [t.start for t in self.toks]
        self._end_offsets = [t.end for t in self.toks]
        self.units: dict[tuple[str, str], Unit] = {}
        self.mentions: list[UnitMention] = []
        self.aliases: dict[str, tuple[str, str]] = {}
        self.known: dict[str, str] = {}

    def token_at(self, offset: int, *, after: bool) -> int | None:
        """The index of the first token starting at or after ``offset`` (or the last ending at or before it)."""
        if after:
            index = bisect_left(self._start_offsets, offset)
            return index if index < len(self.toks) else None
        index = bisect_right(self._end_offsets, offset) - 1
        return index if index >= 0 else None

    def resolve(self, name: str, kind: str) -> tuple[str, str, Entry | None] | None:
        """The canonical unit a name denotes, given the kind its context says (a generic kind: any known unit)."""
        alias = self.aliases.get(fold(name))
        if alias is not None:
            return (*alias, self.units[alias].entry)
        graph_class = registry().get(kind)
        other = gazetteer().lookup(name)
        if other is not None and not other.in_reference and not registry().get(other.kind).is_unit:
            return None
        if graph_class.is_unit:
            entry = gazetteer().lookup(name, kind)
        else:
            entry = gazetteer().lookup(name)
            entry = entry if entry is not None and entry.in_reference else None
        if entry is not None:
            return (entry.name, entry.kind, entry) if registry().get(entry.kind).is_unit else None
        same = next(
            (
                u
                for u in self.units.values()
                if fold(u.name) == fold(name) and (u.kind == kind or not graph_class.is_unit)
            ),
            None,
        )
        if same is not None:
            return same.name, same.kind, same.entry
        return (display(name), kind, None) if graph_class.is_unit else None

    def add(self, name: str, kind: str, start: int, end: int, how: str, written: str) -> UnitMention | None:
        resolved = self.resolve(name, kind)
        if resolved is None:
            return None
        canonical, real_kind, entry = resolved
        key = (canonical, real_kind)
        unit = self.units.get(key)
        if unit is None:
            unit = self.units[key] = Unit(canonical, real_kind, entry, first=start)
            for known in (canonical, *(entry.names if entry else ())):
                self.known[fold(known)] = real_kind
        if display(written) != canonical:
            unit.aliases.add(display(written))
        mention = UnitMention(canonical, real_kind, start, end, how, written)
        self.mentions.append(mention)
        return mention

    def by_patterns(self, known_only: bool) -> None:
        for pattern in _patterns():
            if pattern.known_only != known_only:
                continue
            if pattern.suffix is not None and pattern.prefix is None:
                for match in pattern.suffix.finditer(self.text):
                    self.left_of(pattern, match.start(), match.end())
            elif pattern.prefix is not None:
                for match in pattern.prefix.finditer(self.text):
                    self.right_of(pattern, match.start(), match.end())

    def left_of(self, pattern: _Pattern, at: int, end: int) -> None:
        index = self.token_at(at, after=True)
        if index is None:
            return
        starts = _walk_left(self.text, self.toks, index)
        last = index - 1
        cands = [_candidate(self.text, self.toks, s, last, pattern.kind, pattern.listing, self.known) for s in starts]
        if pattern.kind == PDU and any(
            gazetteer().lookup(c.text, REGION) is not None and gazetteer().lookup(c.text, PDU) is None for c in cands
        ):
            return
        self.take(pattern, _best(cands), end)

    def right_of(self, pattern: _Pattern, at: int, end: int) -> None:
        index = self.token_at(end, after=True)
        if index is None or self.toks[index].start > end + 1:
            return
        while self.toks[index].lower in ("both", "the") and index + 1 < len(self.toks):
            index += 1
        ends = _walk_right(self.text, self.toks, index, pattern.listing)
        cands = []
        for j in ends:
            candidate = _candidate(self.text, self.toks, index, j, pattern.kind, pattern.listing, self.known)
            if pattern.suffix is not None and not pattern.suffix.match(self.text, candidate.end):
                continue
            cands.append(candidate)
        best = _best(cands)
        if best is not None and pattern.suffix is not None:
            suffix = pattern.suffix.match(self.text, best.end)
            end = suffix.end() if suffix else best.end
        else:
            end = best.end if best else end
        self.take(pattern, best, end, start=at)

    def take(self, pattern: _Pattern, best: _Candidate | None, end: int, start: int | None = None) -> None:
        if best is None:
            return
        new_kind = None
        if pattern.known_only and not all(self.is_known(name) for name in best.names):
            opening = best.start if start is None else start
            rated = _RATED_NEXT().match(self.text, end) or _RATED_BEFORE.search(
                self.text, max(0, opening - 40), opening
            )
            single = len(best.names) == 1 and not any(fold(best.names[0]) in known for known in self.known)
            new_kind = _rated_unit_kind() if rated and single and _newly_named(best.names) else None
            if new_kind is None:
                return
        for name in best.names:
            where = self.text.find(name, best.start, best.end + 1)
            first = where if where >= 0 and len(best.names) > 1 else (start if start is not None else best.start)
            last = where + len(name) if where >= 0 and len(best.names) > 1 else end
            kind = pattern.kind
            if pattern.known_only:
                entry = gazetteer().lookup(name)
                kind = self.known.get(fold(name)) or (entry.kind if entry else new_kind or kind)
            mention = self.add(name, kind, first, last, pattern.how, name)
            if mention is not None and len(best.names) == 1:
                self.abbreviation(mention, end)

    def is_known(self, name: str) -> bool:
        """True for a unit named with its unit word in this document, or one of the reference backbone."""
        if fold(name) in self.known or fold(name) in self.aliases:
            return True
        entry = gazetteer().lookup(name)
        return entry is not None and entry.in_reference

    def abbreviation(self, mention: UnitMention, end: int) -> None:
        """'… Company (MVCRC)': the abbreviation names the unit from here on."""
        match = _ABBREVIATION.match(self.text, end)
        if match is None:
            return
        abbreviation = match.group("abbr")
        if abbreviation in _unit_word_abbreviations() or abbreviation.split()[0] in _unit_word_abbreviations():
            return
        short = re.sub(r"[ -](?:CRC|PDU|NPS)$", "", abbreviation)
        for alias in {abbreviation, short}:
            self.aliases[fold(alias)] = mention.key
        self.units[mention.key].aliases.update({abbreviation, short})

    def by_abbreviations(self) -> None:
        for alias, key in list(self.aliases.items()):
            unit = self.units[key]
            for written in sorted(unit.aliases, key=lambda s: (-len(s), s)):
                if fold(written) != alias:
                    continue
                for match in re.finditer(rf"(?<![\w-]){re.escape(written)}(?![\w-])", self.text):
                    self.add(unit.name, unit.kind, match.start(), match.end(), "abbreviation", written)

    def by_known_names(self) -> None:
        """Bare names of the units found, and of reference units (kept later only where the layout says so)."""
        own: dict[str, tuple[str, str]] = {}
        for unit in self.units.values():
            for written in (unit.name, *unit.aliases, *(unit.entry.names if unit.entry else ())):
                if written[:1].isupper() and len(written) > 3:
                    own.setdefault(fold(written), unit.key)
        for pattern, names in ((_alternation(tuple(sorted(own))), own), _reference_names()):
            if pattern is None:
                continue
            for match in pattern.finditer(self.text):
                key = names.get(fold(match.group(0))) or own.get(fold(match.group(0)))
                if match.group(0).isupper() and not key[0].isupper() if key else False:
                    continue
                if key is not None:
                    self.add(key[0], key[1], match.start(), match.end(), "bare", match.group(0))

    def merge_partial_names(self) -> None:
        """Merge a new unit into the one known unit of its kind whose name holds all its words.

        'Avon and Dale' is 'Avon, Hill and Dale' when the document names that.
        """
        minor = {"and", "the", "of", "upon", "on", "with"}
        for key, unit in list(self.units.items()):
            if unit.entry is not None:
                continue
            words = set(fold(unit.name).split()) - minor
            hosts = [
                other for other in self.units.values()
                if other.key != key and other.kind == unit.kind and words < set(fold(other.name).split())
                and fold(other.name).split()[0] == fold(unit.name).split()[0]
            ]  # fmt: skip
            if len(hosts) != 1:
                continue
            host = hosts[0]
            host.aliases.add(unit.name)
            self.aliases[fold(unit.name)] = host.key
            self.mentions = [
                UnitMention(host.name, host.kind, m.start, m.end, m.how, m.written) if m.key == key else m
                for m in self.mentions
            ]
            del self.units[key]

    def result(self) -> Found:
        chosen: list[UnitMention] = []
        spans: list[tuple[int, int]] = []
        rank = {"pattern": 0, "unit-word": 1, "abbreviation": 2, "known-pattern": 3, "bare": 4}
        for mention in sorted(self.mentions, key=lambda m: (rank.get(m.how, 4), -(m.end - m.start), m.start)):
            if _overlaps(spans, mention.start, mention.end):
                continue
            insort(spans, (mention.start, mention.end))
            chosen.append(mention)
        chosen.sort(key=lambda m: m.start)
        first: dict[tuple[str, str], int] = {}
        for mention in chosen:
            first.setdefault(mention.key, mention.start)
        units = {k: u for k, u in self.units.items() if k in first}
        for unit in units.values():
            unit.first = first[unit.key]
        return Found(units, chosen)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``–``end`` overlaps one of ``spans`` (sorted, and not overlapping one another)."""
    index = bisect_left(spans, (start, end))
    before = index > 0 and spans[index - 1][1] > start
    after = index < len(spans) and spans[index][0] < end
    return before or after


def _alternation(folded: tuple[str, ...]) -> re.Pattern[str] | None:
    """A case-insensitive pattern for names given folded ('bristol and south gloucestershire')."""
    if not folded:
        return None
    parts = "|".join(
        r"[\s,]+".join(re.escape(w) if w != "and" else "(?:and|&)" for w in name.split())
        for name in sorted(folded, key=lambda s: (-len(s), s))
    )
    return re.compile(rf"(?<![\w-])(?:{parts})(?![\w-])", re.IGNORECASE)


@cache
def _reference_names() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    """Bare names of reference units: PDUs and CRCs, then regions.

    A name both have stays the unit's; a bare region counts only as a heading (see :mod:`.discourse`).
    """
    names: dict[str, tuple[str, str]] = {}
    for kinds in ((PDU, CRC), (REGION,)):
        for entry in gazetteer().units():
            for written in entry.names:
                if written[:1].isupper() and len(written) > 3 and entry.kind in kinds:
                    names.setdefault(fold(written), (entry.name, entry.kind))
    return _alternation(tuple(sorted(names))), names


@cache
def _RATED_NEXT() -> re.Pattern[str]:
    """A rating verb just after a naming phrase ("… in Kestrel Bay has been rated", "… require improvement")."""
    verbs = sorted({str(v) for v in ontology_graph().objects(PG.overallRating, PG.textCue)} | {"rated"})
    alternation = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(verbs, key=lambda v: (-len(v), v)))
    return re.compile(
        rf"[^.;\n]{{0,60}}?\b(?:(?:has|have)\s+been\s+|was\s+|were\s+|is\s+|are\s+)?(?:{alternation})\b"
        r"|\s+(?:requires?|required|needs?)\s+improvement\b",
        re.IGNORECASE,
    )


_RATED_BEFORE = re.compile(r"\b(?:rated|judged|graded)\s+(?:the\s+)?$", re.IGNORECASE)


def _rated_unit_kind() -> str | None:
    """The class of a unit named only by a naming phrase that a rating follows: the current era's local unit."""
    current = [c for c in registry().units() if c.valid_from and not c.valid_until]
    return current[0].key if len(current) == 1 else None


def _newly_named(names: Iterable[str]) -> bool:
    """Names that may be a new unit: not a known place or organisation ('England and Wales', 'HMPPS')."""
    return all(
        gazetteer().lookup(name) is None and not re.search(r"\b(?:England|Wales|Britain|UK|country)\b", name)
        for name in names
    )


def find_units(text: str) -> Found:
    """Every probation unit the text names, resolved, with every mention."""
    finder = _Finder(text)
    finder.by_patterns(known_only=False)
    finder.by_abbreviations()
    finder.by_patterns(known_only=True)
    finder.merge_partial_names()
    finder.by_known_names()
    return finder.result()


def label_of(name: str, kind: str) -> str:
    """The label of a unit ('Sheffield', PDU → 'Sheffield PDU')."""
    graph_class: GraphClass = registry().get(kind)
    return graph_class.label_for(name)


__all__ = ["CRC", "PDU", "Found", "Unit", "UnitMention", "find_units", "label_of", "tokens"]
