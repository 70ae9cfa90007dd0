"""Figures stated in prose: value, unit, metric kind, subject, staff grade, population and period.

A number becomes a figure only when a unit is written with it (per cent, days per year, cases,
people, interviews, months, '31 out of 52') or when it is a caseload. Its metric kind is read
from the ontology's lexicon (labels and synonyms of the metric concepts) in its clause, its
sentence or the sentence before, among the kinds whose expected units include its unit; a
figure that follows on ('the figure was 35 days per year') takes the kind of the one before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from ..models import Measurement, Span
from ..ontology import Concept, vocabulary
from .dates import DATE
from .entities import NAME
from .numbers import NUMBER, WORDS, to_number
from .text import Sentence, Text

N = rf"(?P<n>{NUMBER})"
_Q = r"(?:about|around|approximately|almost|nearly|over|more than|less than|fewer than|just|only|up to)\s+"

# (pattern, unit key, implied metric key or None); the first pattern to match a number wins.
# fmt: off
UNIT_PATTERNS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), unit, metric)
    for pattern, unit, metric in (
        (rf"\baverage of {N} cases each\b", "cases-per-person", "cases-per-staff"),
        (rf"{N} cases (?:each|per (?:member of staff|staff member|practitioner))", "cases-per-person", "cases-per-staff"),
        (rf"{N}\s*(?:per\s*cent|percent|%)", "percent", None),
        (rf"{N} (?:(?:sick )?days? )?(?:per|a|each) year", "days-per-year", None),
        (rf"{N} (?:PDUs|Probation Delivery Units|probation delivery units)\b", "count", "pdu-count"),
        (rf"{N} (?P<noun>(?:(?:were|was|are|have been|had been) )?(?:rated|judged|graded|found)(?: as)? [\u2018'\"\u201c]?(?:[A-Za-z]+(?: improvement)?)[\u2019'\"\u201d]?)", "count", None),
        (rf"{N} (?:out of|(?<!\bone )(?<!\bOne )of) (?:the )?(?P<of>{NUMBER})\b(?! per| PDUs| regions| (?:probation )?units| CRCs| inspections| reports| recommendations)", "cases", "case-share"),
        (rf"{N} interviews?\b", "count", "interviews"),
        (rf"{N} (?:community orders?|releases? on licence|licences?|(?:relevant )?cases|case files)\b", "cases", None),
        (rf"{N} (?:people|individuals|offenders|respondents|staff|practitioners|PQiPs|probation officers|members of staff)\b", "people", None),
        (rf"{N} months?\b", "months", None),
        (rf"{N} (?:sick )?days\b", "days", None),
        (rf"{N} years?\b(?! old)", "years", None),
        (rf"\bcaseload\b[^.;]*?\b(?:is|was|of|accounted for|stood at)\s+(?:{_Q})?{N}\b(?!\s*(?:per|%))", "cases", "caseload"),
        (rf"£\s?{N}\s?(?:bn|billion)\b", "gbp-billion", "money"),
        (rf"£\s?{N}\s?(?:m|million)\b", "gbp-million", "money"),
        (rf"£\s?{N}(?!\s?(?:m|bn|million|billion)\b)", "gbp", "money"),
        (rf"^(?P<label>[A-Z][^:.;]{{3,90}}):\s*(?:{_Q})?{N}\b(?!\s*(?:per\s*cent|percent|%|cases|people))", "count", None),
        (rf"(?P<n>{NUMBER})(?![.,]\d) (?P<noun>(?!(?:of|per|and|or|to|in|on|at|for|by|the|a|an|out|from|with|were|was|are|is|had|have|has|who|which|that|more|fewer|less|than|years?|months?|days?|weeks?|halves|thirds|quarters|fifths|tenths|january|february|march|april|may|june|july|august|september|october|november|december)\b)(?-i:[a-z][\w-]*|[A-Z]{{2,}}s?)(?: (?!(?:of|per|and|or|to|in|on|at|for|by|the|a|an|out|from|with|were|was|are|is|had|have|has|who|which|that)\b)(?-i:[a-z][\w-]*)){{0,2}})", "count", None),
    )
)
# fmt: on

_COMPARISON = re.compile(
    r"(?:just |well |slightly |significantly )?(?:above|below|higher than|lower than|in line with|similar to)"
    r" the (?:regional|national|local) average",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:per|a|each) year\b|\bsince (?:19|20)\d\d\b|\bin the (?:past|last) \w+ (?:months|years)\b"
    r"|\bat the time of (?:the )?inspection\b|\bas at \d{1,2} \w+ \d{4}\b",
    re.IGNORECASE,
)
_NUMBER_TOKEN = re.compile(rf"(?<![\w.,])(?:{NUMBER})(?![\w])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _has_number(text: str) -> bool:
    """True when ``text`` has a digit or a number word (a cheap test before the unit patterns)."""
    return _DIGIT.search(text) is not None or not WORDS.keys().isdisjoint(_LOWER_WORD.findall(text.lower()))


_FOLLOWS_ON = re.compile(r"\b(?:the figure|the average|the rate|the number|this figure)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r",\s+(?:with|and|while|whereas|compared with)\s+|;\s+|\s+and\s+(?=\d)|,\s+(?=\d)")
_POSSESSIVE = re.compile(r"\b(?P<name>[A-Z][\w-]*(?:\s+(?:and|&|the|of)\s+[A-Z][\w-]*)*)['\u2019]s\b")
_IN_PLACE = re.compile(rf"\b(?:in|for|across|at)\s+(?:the\s+)?(?P<name>{NAME})")
_POPULATION = re.compile(r"^\s*(?P<prep>of|for|among)\s+(?P<pop>[^,;.()]{3,90})")
_NEXT_CLAUSE = re.compile(
    r"\s+(?:and|but|while|whereas)\s+(?=(?:\w+(?:ed|ing)|gave|made|found|said|saw|took|had|has|was|were|is|are|"
    r"gives|makes|finds|says|sees|takes)\b)"
)
"""Where a population phrase runs into the next clause ('of inspected cases and contributed …', '… and gave it …')."""
_CHANGE_NOUNS = {
    "fallen": "fall", "fell": "fall", "dropped": "fall", "decreased": "decrease", "reduced": "reduction", "cut": "cut",
    "gone down": "fall", "risen": "rise", "rose": "rise", "increased": "increase", "grown": "growth", "grew": "growth",
    "gone up": "rise", "increasing": "increase", "raising": "rise", "reducing": "reduction", "cutting": "cut",
    "raised": "rise",
}  # fmt: skip
_CHANGE = re.compile(
    r"(?:\bthe\s+)?(?P<what>(?:(?:number|proportion|share|level|percentage)\s+of\s+)?[\w-]+(?:\s+[\w-]+){0,4}?)\s+"
    r"(?:(?:had|has|have)\s+)?(?:been\s+)?(?P<verb>" + "|".join(_CHANGE_NOUNS) + r")\s+by\s+(?:" + _Q + r")?$",
    re.IGNORECASE,
)
_CHANGE_OF = re.compile(
    r"\b(?P<verb>increasing|raising|reducing|cutting|increased|raised|reduced|cut)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?P<what>[\w-]+(?:\s+[\w-]+){0,3}?)\s+by\s+(?:" + _Q + r")?$",
    re.IGNORECASE,
)
"""'the number of senior case managers had fallen by' ('increasing probation funding by') before a number: the
figure is a change in that population."""
_SKIP_LINE = re.compile(r"^\s*(?:#|<sup>|\d+\.\s*<b>|Key question)|^\s*\|[\s|:-]*$|\?[\s|*]*(?:<\/?b>\s*)*\d+%|\.{4,}")


@dataclass(frozen=True)
class Context:
    """What a figure may be about: the document's subject, its region and the names it knows."""

    subject: str
    inspection: str | None
    region: str | None = None
    units: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    about: Callable[[int], tuple[str, str | None] | None] | None = None
    """Who the sentence with a given index is about, and the key of that unit's inspection (documents on several units)."""

    def for_sentence(self, index: int) -> Context:
        """The context of sentence ``index``: its subject (and inspection) when it is about another unit."""
        found = self.about(index) if self.about is not None else None
        if found is None or found[0] == self.subject:
            return self
        return replace(self, subject=found[0], inspection=found[1])


_WORD = re.compile(r"[a-z0-9]+")


def _first_word(label: str) -> str:
    words = _WORD.findall(label.lower())
    return words[0] if words else ""


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@cache
def _metric_lexicon() -> list[tuple[re.Pattern[str], Concept, int, str]]:
    """(pattern, metric, length of its label, the label's first word, for a quick test of a text's words)."""
    entries = []
    for concept in vocabulary().scheme("metric"):
        if concept.key == "other":
            continue
        for label in concept.labels:
            pattern = re.compile(r"(?<!\w)" + re.escape(label).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE)
            entries.append((pattern, concept, len(label), _first_word(label)))
    return entries


@cache
def _grade_lexicon() -> list[tuple[re.Pattern[str], Concept, str]]:
    entries = []
    for concept in vocabulary().scheme("grade"):
        for label in concept.labels:
            flags = 0 if label.isupper() or label[:-1].isupper() else re.IGNORECASE
            entries.append((re.compile(r"(?<!\w)" + re.escape(label) + r"(?!\w)", flags), concept, _first_word(label)))
    return entries


def _metric_in(text: str, unit: str, anchor: int) -> Concept | None:
    """The metric whose label in ``text`` is longest (then nearest ``anchor``) and takes ``unit``."""
    best: tuple[int, int, Concept] | None = None
    present = _words(text)
    for pattern, concept, length, first in _metric_lexicon():
        if unit not in concept.units or (first and first not in present):
            continue
        for match in pattern.finditer(text):
            distance = min(abs(match.start() - anchor), abs(match.end() - anchor))
            key = (length, -distance)
            if best is None or key > best[:2]:
                best = (length, -distance, concept)
    return best[2] if best else None


_FOR_GRADE = re.compile(r"^\s*(?:for|among|of|at)\s+(?:a|an|the|all)?\s*")


def _grade(left: str, right: str, sentence_left: str) -> str | None:
    """The staff grade of a figure: 'for a PO' just after it, else the nearest named before it."""
    for_grade = _FOR_GRADE.match(right)
    if for_grade:
        for pattern, concept, _first in _grade_lexicon():
            if pattern.match(right, for_grade.end()):
                return concept.key
    for text in (left, sentence_left):
        best: tuple[int, str] | None = None
        present = _words(text)
        for pattern, concept, first in _grade_lexicon():
            if first and first not in present:
                continue
            for match in pattern.finditer(text):
                distance = len(text) - match.end()
                if best is None or distance < best[0]:
                    best = (distance, concept.key)
        if best is not None:
            return best[1]
    return None


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """The clause of ``sentence`` around ``position`` (relative offsets)."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence, 0, position):
        start = match.end()
    following = _CLAUSE_BREAK.search(sentence, position)
    return start, following.start() if following else len(sentence)


def _subject(clause: str, context: Context, after: str = "") -> str:
    """The organisation, region or place a figure is about (the document's subject by default).

    Looked for before the number ('Eastdale's reoffending rate', 'the caseload for the X region'),
    then just after it ('one of 11 PDUs in the X region').
    """
    known = {name.lower(): name for name in (*context.units, *context.organisations, *context.places)}
    candidates: list[tuple[int, str]] = []
    for match in _POSSESSIVE.finditer(clause):
        name = match.group("name")
        words = name.split()
        if words[-1] in ("PDU", "CRC") or name.lower() in ("the pdu", "the crc"):
            candidates.append((match.start(), context.subject))
        elif words[-1].lower() == "region" and context.region:
            candidates.append((match.start(), context.region))
        elif name.lower() in known:
            candidates.append((match.start(), known[name.lower()]))
    for match in _IN_PLACE.finditer(clause):
        name = re.sub(r"\s+(?:region|Region|PDU|CRC)$", "", match.group("name"))
        if name.lower() in known:
            candidates.append((match.start(), known[name.lower()]))
        elif context.region and name == context.region:
            candidates.append((match.start(), context.region))
    regional = r"\b(?:the|entire|whole) region(?:al)?['\u2019]?s? (?:total )?caseload|caseload for the \w"
    if context.region and re.search(regional, clause):
        candidates.append((0, context.region))
    if not candidates and after:
        for match in _IN_PLACE.finditer(after):
            name = re.sub(r"\s+(?:region|Region|PDU|CRC)$", "", match.group("name"))
            if name.lower() in known or name == context.region:
                return known.get(name.lower(), name)
    return max(candidates)[1] if candidates else context.subject


def figures(text: Text, context: Context) -> list[Measurement]:
    """Every figure stated in the prose of ``text``."""
    found: list[Measurement] = []
    previous: tuple[int, Measurement] | None = None
    for index, sentence in enumerate(text.sentences):
        if not _has_number(sentence.plain) or _SKIP_LINE.search(sentence.text):
            continue
        taken: list[tuple[int, int]] = []
        dates = [(m.start(), m.end()) for m in DATE.finditer(sentence.plain)] if _YEAR.search(sentence.plain) else []
        numbers = [m.start() for m in _NUMBER_TOKEN.finditer(sentence.plain)]
        for pattern, unit, implied in UNIT_PATTERNS:
            if pattern.pattern.startswith("(?P<n>"):
                candidates = (pattern.match(sentence.plain, position) for position in numbers)
                matches = [m for m in candidates if m is not None]
            else:
                matches = list(pattern.finditer(sentence.plain))
            for match in matches:
                start, end = match.span("n")
                if any(s <= start < e for s, e in taken) or any(s <= start and end <= e for s, e in dates):
                    continue
                value = to_number(match.group("n"))
                if value is None:
                    continue
                taken.append(match.span())
                here = context.for_sentence(index)
                measurement = _measurement(text, index, sentence, match, value, unit, implied, here, previous)
                if measurement is not None:
                    found.append(measurement)
                    previous = (index, measurement)
    return found


def _squash(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def _measurement(
    text: Text,
    index: int,
    sentence: Sentence,
    match: re.Match[str],
    value: float,
    unit: str,
    implied: str | None,
    context: Context,
    previous: tuple[int, Measurement] | None,
) -> Measurement | None:
    plain = sentence.plain
    position = match.start("n")
    clause_start, clause_end = _clause(plain, position)
    clause = plain[clause_start:clause_end]
    metric = vocabulary().concept("metric", implied) if implied else None
    named = match.groupdict().get("noun") or match.groupdict().get("label")
    if named is not None:
        before = clause[: max(0, position - clause_start)] if unit == "people" else ""
        metric = (
            _metric_in(named, unit, 0)
            or (_metric_in(before, unit, len(before)) if before else None)
            or vocabulary().concept("metric", "other")
        )
    if metric is None:
        metric = _metric_in(clause, unit, position - clause_start) or _metric_in(plain, unit, position)
    follows_on = _FOLLOWS_ON.search(clause) is not None
    if metric is None and follows_on and previous is not None and index - previous[0] <= 2:
        earlier = vocabulary().concept("metric", previous[1].metric)
        metric = earlier if unit in earlier.units else None
    if metric is None and index > 0:
        metric = _metric_in(text.sentences[index - 1].plain, unit, len(text.sentences[index - 1].plain))
    metric_key = metric.key if metric else "other"
    after = plain[match.end() : clause_end]
    population = _POPULATION.match(after)
    population_text = _NEXT_CLAUSE.split(population.group("pop"), maxsplit=1)[0].strip() if population else None
    noun = plain[match.end("n") : match.end()].strip()
    if population_text is None and unit in ("cases", "people") and noun and not noun.startswith(("of", "out")):
        population_text = noun
    if unit == "cases" and match.groupdict().get("of"):
        population_text = f"out of {match.group('of')}" + (f" {population_text}" if population_text else "")
    if named and unit == "count":
        joined = f" {population.group('prep')} {population_text}" if population and population_text else ""
        population_text = named + joined
    before = plain[clause_start:position]
    change = (_CHANGE_OF.search(before) or _CHANGE.search(before)) if population_text is None else None
    if change is not None:
        population_text = f"{_CHANGE_NOUNS[change.group('verb').lower()]} in {change.group('what')}"
        if unit in vocabulary().concept("metric", "change").units:
            metric_key = "change"
    period = _PERIOD.search(plain)
    comparison = _COMPARISON.search(clause)
    return Measurement(
        metric=metric_key,
        value=value,
        unit=unit,
        subject=_subject(plain[clause_start:position], context, after),
        inspection=context.inspection,
        staff_grade=_grade(plain[clause_start:position], plain[match.end() : clause_end], plain[:position]),
        population=_squash(population_text),
        period=_squash(period.group(0)) if period else None,
        comparison=_squash(comparison.group(0)) if comparison else None,
        evidence=Span(start=sentence.start, end=sentence.end, text=sentence.text),
    )
