"""A question as a set of constraints, each tied to the words that state it.

``frame(analysis)`` reads what an analysed question asks of the graph: the kind of unit, the units,
regions, owners, providers and people it names, ratings (overall or per standard), dates and date
ranges, the kind of inspection, a grouping, a ranking and a change over time. Every constraint
keeps the words it came from, so a plan can say which parts it applied, the answer can say which it
could not ("I could not apply ‘in 2019’"), and the interpretation is rendered from what was used.
The cue words come from the ontology (``pg:questionCue``); nothing here names a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from rdflib import URIRef

from ..classes import PDU, REGION, registry
from ..extract.numbers import to_number
from ..namespaces import PG
from ..ontology import ontology_graph
from .analyse import Analysis
from .lexicon import Entity, Term, content, fold, tokens
from .plans import metric_concepts

UNIT_KINDS = frozenset(c.key for c in registry().units())
OWNER_KINDS = frozenset({"Company", "Consortium"})
PERSON = "Person"


@dataclass(frozen=True)
class Constraint:
    """One part of a question: what it restricts, to which values, and the words that say so."""

    kind: str
    """class, unit, region, owner, provider, person, rating, standard, date, inspection-kind, group, rank,
    change, metric or name (a capitalised word the graph does not know)."""
    values: tuple[str, ...]
    start: int
    end: int
    text: str
    """The question's own words for it."""
    label: str
    """How the interpretation names it ('region North West')."""
    hard: bool = True
    """A constraint that narrows the answer: a plan that cannot apply it must say so."""
    detail: str = ""
    """The role of a person (chief, lead), the date's kind and direction, the ranking's direction."""
    partial: bool = False
    """Named by part of its name only ('Bay' for 'Kestrel Bay PDU'): a weaker reading of the words."""
    parts: tuple[str, ...] = ()
    """Entities some of its words name ('Barnsley', 'Rotherham' in 'Barnsley and Rotherham'): a query about them
    answers for the whole (a comparison of the parts)."""

    @property
    def span(self) -> range:
        """The token positions the constraint covers."""
        return range(self.start, self.end)


@dataclass
class Frame:
    """The constraints of one question and what it asks for."""

    analysis: Analysis
    constraints: list[Constraint] = field(default_factory=list)
    target: str = "units"
    """units, owners or regions: what a list answer names."""

    def of(self, *kinds: str) -> list[Constraint]:
        """The constraints of some kinds, in question order."""
        return [c for c in self.constraints if c.kind in kinds]

    def first(self, kind: str) -> Constraint | None:
        """The first constraint of ``kind``."""
        found = self.of(kind)
        return found[0] if found else None

    def iris(self, kind: str) -> list[str]:
        """The values of every constraint of ``kind``, once each."""
        return list(dict.fromkeys(v for c in self.of(kind) for v in c.values))

    @property
    def classes(self) -> list[str]:
        """The unit classes the question asks about (PDU, CRC, NPS division, region)."""
        return self.iris("class")

    def covered(self) -> set[int]:
        """Token positions used by some constraint."""
        return {i for c in self.constraints for i in c.span}


@cache
def cues() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The ontology's question cues (``pg:questionCue``), by cue name, as folded word sequences."""
    graph = ontology_graph()
    found: dict[str, list[tuple[str, ...]]] = {}
    for node in graph.subjects(PG.questionCue, None):
        if not isinstance(node, URIRef):
            continue
        name = str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1].removeprefix("cue-")
        found.setdefault(name, []).extend(tuple(fold(str(o)).split()) for o in graph.objects(node, PG.questionCue))
    return {k: tuple(sorted(set(v), key=lambda p: (-len(p), p))) for k, v in found.items()}


def find_cue(words: list[str], name: str, start: int = 0) -> tuple[int, int] | None:
    """Where a cue's phrase first occurs in the folded words (at or after ``start``)."""
    for phrase in cues().get(name, ()):
        n = len(phrase)
        for i in range(start, len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return i, i + n
    return None


def _text(raw: list[str], start: int, end: int) -> str:
    return " ".join(raw[start:end])


def frame(analysis: Analysis) -> Frame:
    """The constraints of ``analysis``."""
    raw = fold(analysis.question).split()
    if len(raw) != len(analysis.words):
        raw = list(analysis.words)
    written = [w.strip("?.,;:!\"'()\u2018\u2019\u201c\u201d") for w in analysis.question.split()]
    shown = written if len(written) == len(raw) else raw
    result = Frame(analysis)
    terms = analysis.terms
    linked = {i for link in analysis.links for i in range(link.start, link.end)}
    hidden = [(t, s, e) for t, s, e in analysis.hidden if t.kind == "class" and not set(range(s, e)) & linked]
    class_terms = sorted([(t, s, e) for t, s, e in terms if t.kind == "class"] + hidden, key=lambda x: (x[1], -x[2]))
    unit_classes = [
        (str(t.iri).rsplit("#", 1)[-1], s, e)
        for t, s, e in class_terms
        if str(t.iri).rsplit("#", 1)[-1] in UNIT_KINDS
        and not any(o[1] <= s and e <= o[2] and o[2] - o[1] > e - s for o in class_terms)
    ]
    asked_unit_kinds = {k for k, _s, _e in unit_classes}
    group_at = _group_positions(raw)
    for position, start in group_at.items() if unit_classes and analysis.form == "count" else ():
        for key in ("owner", "rating", "year"):
            span = find_cue(raw, f"group-{key}", position)
            if span and span[0] == position:
                result.constraints.append(
                    Constraint("group", (key,), start, span[1], _text(raw, start, span[1]), f"by {key}")
                )
                break
    for key, s, e in unit_classes:
        if s in group_at:
            if key == REGION:
                result.constraints.append(
                    Constraint("group", ("region",), group_at[s], e, _text(raw, group_at[s], e), "by region")
                )
            continue
        if any(c.kind == "class" and c.start == s for c in result.constraints):
            continue
        cls = registry().get(key)
        asked_for = (
            s <= 1 and analysis.form in ("which", "what") and bool(analysis.entities(*(UNIT_KINDS - {key, REGION})))
        )
        result.constraints.append(
            Constraint("class", (key,), s, e, _text(raw, s, e), cls.plural if cls else key, hard=not asked_for)
        )
    if not result.of("class", "group") and (span := find_cue(raw, "any-unit")) and not set(range(*span)) & linked:
        result.constraints.append(
            Constraint("class", tuple(sorted(UNIT_KINDS)), span[0], span[1], _text(raw, *span), "units of every kind")
        )
    _owner_target(result, class_terms, raw)
    asked_unit_kinds = {v for c in result.of("class") for v in c.values}
    _links(result, analysis, asked_unit_kinds, raw)
    honorifics = {phrase[0] for phrase in cues().get("honorific", ()) if len(phrase) == 1}
    for word in analysis.unknown:
        position = next((i for i, w in enumerate(analysis.words) if w == word), 0)
        if raw[position] in honorifics:
            continue
        result.constraints.append(
            Constraint("name", (word,), position, position + 1, raw[position], f"named ‘{raw[position]}’")
        )
    _names_with_class_word(result, analysis)
    named = bool(result.of("unit", "region"))
    for t, s, e in terms:
        local = str(t.iri).rsplit("#", 1)[-1]
        if t.kind == "class" and local == "PublicProtectionInspection":
            result.constraints.append(
                Constraint(
                    "inspection-kind", (local,), s, e, _text(raw, s, e), "public protection inspections", hard=not named
                )
            )
        elif t.kind == "metric" and t.concept is not None:
            result.constraints.append(
                Constraint("metric", (str(t.iri),), s, e, _text(raw, s, e), t.concept.label, hard=False)
            )
    if analysis.form == "count" and not result.of("metric"):
        for counted in result.of("class"):
            for concept in metric_concepts(analysis):
                result.constraints.append(
                    Constraint(
                        "metric",
                        (str(concept.iri),),
                        counted.start,
                        counted.end,
                        counted.text,
                        concept.label,
                        hard=False,
                    )
                )
    _ratings(result, analysis, raw)
    _dates(result, analysis, raw)
    _change(result, analysis, raw)
    _rank(result, analysis, raw)
    _numbers(result, raw)
    _source(result, raw)
    _terms(result, raw)
    _mark_partial(result, analysis)
    result.constraints = [  # cue words inside a name ('Achieving Real Change in Communities') are the name's
        c for c in result.constraints if c.kind not in _CUED or not set(c.span) & linked
    ]
    merged = _merged(sorted(result.constraints, key=lambda c: (c.start, c.end)))
    result.constraints = [replace(c, text=_text(shown, c.start, c.end)) if shown is not raw else c for c in merged]
    return result


def _mark_partial(result: Frame, analysis: Analysis) -> None:
    """Constraints of entities named weakly: by fewer words than their names have, misspelt, or ambiguous.

    'Wales' names the CRC, the NPS division and the region.
    """
    by_span: dict[tuple[int, int], bool] = {}
    readings: dict[tuple[int, int], int] = {}
    for link in analysis.links:
        readings[(link.start, link.end)] = readings.get((link.start, link.end), 0) + 1 + len(link.alternatives)
    for link in analysis.links:
        named = len(content(tokens(link.entity.label)))
        written = len(content(analysis.words[link.start : link.end]))
        ambiguous = readings[(link.start, link.end)] > 1
        weak = ambiguous or not link.exact or written < named - 1 or (written == 1 and named > 2)
        by_span[(link.start, link.end)] = by_span.get((link.start, link.end), True) and weak
    result.constraints = [
        replace(c, partial=True) if by_span.get((c.start, c.end)) and c.kind in ("unit", "region") else c
        for c in result.constraints
    ]


_CUED = frozenset({"change", "rank", "measure", "group", "source", "number", "target"})
"""Constraints read from cue words rather than from the graph's names."""


def _merged(constraints: list[Constraint]) -> list[Constraint]:
    """Two constraints of one kind on overlapping or touching words are one ('Dame Robin' + 'Robin Hale')."""
    out: list[Constraint] = []
    for c in constraints:
        last = out[-1] if out else None
        if last is not None and last.kind == c.kind and c.kind in ("person", "unit", "name") and c.start <= last.end:
            out[-1] = Constraint(
                c.kind,
                tuple(dict.fromkeys(last.values + c.values)),
                last.start,
                max(last.end, c.end),
                f"{last.text} {c.text}" if c.start >= last.end else last.text,
                c.label,
                last.hard or c.hard,
                last.detail or c.detail,
            )
        else:
            out.append(c)
    return out


def _group_positions(raw: list[str]) -> dict[int, int]:
    """Positions of words after a grouping cue ('in each region', 'per region', 'by region'): word → cue start."""
    found: dict[int, int] = {}
    for i in range(len(raw)):
        span = find_cue(raw, "group", i)
        if span and span[0] == i and span[1] < len(raw):
            found[span[1]] = span[0]
    return found


def _owner_target(result: Frame, class_terms: list[tuple[Term, int, int]], raw: list[str]) -> None:
    """'Which companies owned CRCs ...': the answer names owners; 'Which regions had a PDU ...', regions."""
    first = min((s for _t, s, _e in class_terms), default=None)
    owner_words = [
        (t, s, e)
        for t, s, e in result.analysis.terms
        if t.iri == PG.ownedBy and s <= 2 and raw[s] in ("owner", "owners") and (first is None or s < first)
    ]
    for t, s, e in [*owner_words, *class_terms]:
        local = "Company" if t.iri == PG.ownedBy else str(t.iri).rsplit("#", 1)[-1]
        if (
            (s == first or t.iri == PG.ownedBy)
            and local in OWNER_KINDS
            and s <= 2
            and result.analysis.form in ("which", "what", "count")
        ):
            result.target = "owners"
            result.constraints.append(Constraint("target", ("owners",), s, e, _text(raw, s, e), "owners", hard=False))
            break
    times = find_cue(raw, "times") if result.analysis.form == "count" else None
    if times:
        result.constraints.append(
            Constraint("target", ("inspections",), times[0], times[1], _text(raw, *times), "inspections", hard=False)
        )
    elif result.analysis.form in ("count", "which", "what"):
        for t, s, e in class_terms:
            if str(t.iri).rsplit("#", 1)[-1] in ("Inspection", "InspectionReport") and s <= 3:
                result.constraints.append(
                    Constraint("target", ("inspections",), s, e, _text(raw, s, e), "inspections", hard=False)
                )
                break
    regions = [c for c in result.of("class") if c.values == (REGION,) and c.start <= 2]
    others = [c for c in result.of("class") if c.values != (REGION,)]
    if regions and others and result.analysis.form in ("which", "what", "count"):
        result.target = "regions"
        result.constraints.remove(regions[0])
        result.constraints.append(
            Constraint("target", ("regions",), regions[0].start, regions[0].end, regions[0].text, "regions", hard=False)
        )


def _links(result: Frame, analysis: Analysis, asked: set[str], raw: list[str]) -> None:
    spans: dict[tuple[int, int], list[Entity]] = {}
    parts: dict[tuple[int, int], set[str]] = {}
    for link in analysis.links:
        spans.setdefault((link.start, link.end), []).append(link.entity)
        parts.setdefault((link.start, link.end), set()).update(p.iri for p in link.parts)
        if not link.exact:
            spans[(link.start, link.end)].extend(link.alternatives)
    chief = _role(raw, "chief")
    lead = _role(raw, "lead")
    for (s, e), entities in spans.items():
        text = _text(raw, s, e)
        kinds = {k for ent in entities for k in ent.kinds}
        people = [ent for ent in entities if PERSON in ent.kinds]
        if people:
            role = "chief" if chief and not lead else "lead" if lead and not chief else ""
            what = {"chief": "chief inspector", "lead": "lead inspector"}.get(role, "inspector")
            result.constraints.append(
                Constraint("person", tuple(p.iri for p in people), s, e, text, f"{what} {people[0].label}", detail=role)
            )
            continue
        regions = [ent for ent in entities if REGION in ent.kinds]
        units = [ent for ent in entities if ent.kinds & UNIT_KINDS]
        owners = [ent for ent in entities if ent.kinds & OWNER_KINDS and not ent.kinds & UNIT_KINDS]
        other_asked = asked - {REGION}
        region_word = e < len(raw) and raw[e - 1] in ("region", "regions")
        others = [x for x in analysis.links if (x.start, x.end) != (s, e) and x.entity.kinds & (UNIT_KINDS - {REGION})]
        relates = any(PDU in x.entity.kinds for x in others) or (
            bool(others) and not any(u.kinds & (UNIT_KINDS - {REGION}) for u in units if u not in regions)
        )
        if regions and (
            (asked and ((other_asked and not any(u.kinds & other_asked for u in units)) or region_word)) or relates
        ):
            result.constraints.append(
                Constraint("region", tuple(r.iri for r in regions), s, e, text, f"region {regions[0].label}")
            )
        elif regions and other_asked and any(u.kinds & other_asked for u in units) and not region_word:
            chosen = [u for u in units if u.kinds & other_asked]
            result.constraints.append(Constraint("unit", tuple(u.iri for u in chosen), s, e, text, chosen[0].label))
        elif owners and (ordered := _order_before(raw, s)):
            order, cue_start = ordered
            result.constraints.append(
                Constraint(
                    "owner-order",
                    tuple(o.iri for o in owners),
                    cue_start,
                    e,
                    _text(raw, cue_start, e),
                    f"owners {order} {owners[0].label}",
                    detail=order,
                )
            )
        elif owners and (asked or result.target == "owners" or analysis.has(PG.ownedBy)):
            result.constraints.append(
                Constraint("owner", tuple(o.iri for o in owners), s, e, text, f"owned by {owners[0].label}")
            )
        elif units:
            result.constraints.append(
                Constraint(
                    "unit", tuple(u.iri for u in units), s, e, text, units[0].label, parts=tuple(sorted(parts[(s, e)]))
                )
            )
        else:
            generic = _plural(raw, s, e, entities) or (
                analysis.form != "yesno" and (bool(asked) or bool(analysis.entities(*UNIT_KINDS)))
            )
            kind = "provider" if kinds & {"ServiceProvider", "Charity", "Company", "PublicBody"} else "entity"
            label = f"services from {entities[0].label}" if kind == "provider" else entities[0].label
            result.constraints.append(
                Constraint(kind, tuple(x.iri for x in entities), s, e, text, label, hard=not generic)
            )


def _names_with_class_word(result: Frame, analysis: Analysis) -> None:
    """'Staffordshire CRC': a class word next to a name of its class is part of the name, not a filter."""
    kinds = {link.entity.iri: link.entity.kinds for link in analysis.links}
    for cls in result.of("class"):
        for unit in result.of("unit", "name"):
            beside = cls.start == unit.end or cls.end == unit.start
            same = unit.kind == "name" or any(cls.values[0] in kinds.get(v, frozenset()) for v in unit.values)
            if beside and same:
                result.constraints.remove(cls)
                break


def _order_before(raw: list[str], start: int) -> tuple[str, int] | None:
    """'before' or 'after' and where it starts, when the words just before ``start`` say so ('before Seetec')."""
    for name in ("before", "after"):
        cue = find_cue(raw, f"date-{name}", max(0, start - 3))
        if cue and cue[1] == start:
            return name, cue[0]
    return None


_TERMS_READ = frozenset({*UNIT_KINDS, "PublicProtectionInspection", "Recommendation", "hasRecommendation",
                         "recommendationCount", "score", "QuestionCue"})  # fmt: skip
"""Ontology terms the frame reads as constraints of their own (classes of unit, inspection kinds, measures)."""


def _terms(result: Frame, raw: list[str]) -> None:
    """Every other class or property the question names, as a soft constraint.

    A plan whose query uses the term ('said' → pg:Quotation, 'owns' → pg:ownedBy) accounts for more of the question.
    """
    covered = result.covered()
    for t, s, e in result.analysis.terms:
        local = str(t.iri).rsplit("#", 1)[-1]
        if t.kind not in ("class", "property") or local in _TERMS_READ or set(range(s, e)) <= covered:
            continue
        if local in ("leadInspector", "chiefInspector") and not _role(raw, "lead" if local[0] == "l" else "chief"):
            continue
        result.constraints.append(Constraint("term", (local,), s, e, _text(raw, s, e), t.concept.label if t.concept
                                             else local, hard=False))  # fmt: skip


def _source(result: Frame, raw: list[str]) -> None:
    """'in the 2024 annual report', 'according to the press release': which source states it.

    No query applies that, so the answer says so rather than give what every source states.
    """
    span = find_cue(raw, "source")
    hard = {i for c in result.constraints if c.hard for i in c.span}
    if span and not set(range(*span)) & hard:
        text = _text(raw, *span)
        result.constraints.append(Constraint("source", (text,), span[0], span[1], text, f"stated in a {text}"))


def _numbers(result: Frame, raw: list[str]) -> None:
    """A number no other part accounts for ('all four standards', 'out of 27').

    No plan applies it, so the answer says so rather than ignore it.
    """
    covered = result.covered() | {i for link in result.analysis.links for i in range(link.start, link.end)}
    covered |= {i for _t, s, e in result.analysis.terms for i in range(s, e)}
    for i in range(len(raw)):
        span = find_cue(raw, "any", i)
        if span and span[0] == i:
            covered.update(range(*span))
    for i in range(len(raw)):
        span = find_cue(raw, "quantity-word", i)
        if span and span[0] == i and not set(range(*span)) & covered:
            text = _text(raw, *span)
            result.constraints.append(Constraint("number", (text,), span[0], span[1], text, f"the quantity ‘{text}’"))
            covered.update(range(*span))
    for i, word in enumerate(raw):
        value = to_number(word)
        if i in covered or value is None or (_YEAR.match(word) and value >= 1990):
            continue
        if i > 0 and _YEAR.match(raw[i - 1]) and re.fullmatch(r"\d\d", word):
            continue  # the second year of a financial year ('2022-23')
        end = i + 1
        while end < len(raw) and re.fullmatch(r"\d{3}", raw[end]):
            end += 1
        covered.update(range(i, end))
        start = i
        for k in range(max(0, i - 2), i):
            cue = find_cue(raw, "quantifier", k)
            if cue and cue[0] == k and cue[1] == i:
                start = k
                break
        result.constraints.append(
            Constraint("number", (word,), start, end, _text(raw, start, end), f"the number ‘{_text(raw, start, end)}’")
        )


def _plural(raw: list[str], start: int, end: int, entities: list[Entity]) -> bool:
    """A singular name written in the plural ('probation services'): a kind of body, not the one named."""
    last = raw[end - 1] if end <= len(raw) else ""
    return last.endswith("s") and not any(fold(e.label).split()[-1:] == [last] for e in entities)


def _role(raw: list[str], name: str) -> bool:
    return find_cue(raw, f"{name}-inspector") is not None


def _ratings(result: Frame, analysis: Analysis, raw: list[str]) -> None:
    ratings = [(t, s, e) for t, s, e in analysis.terms if t.kind == "rating" and t.concept is not None]
    standards = [(t, s, e) for t, s, e in analysis.terms if t.kind == "standard" and t.concept is not None]
    if ratings:
        s = min(x[1] for x in ratings)
        e = max(x[2] for x in ratings)
        concepts = list(dict.fromkeys(str(t.iri) for t, _s, _e in ratings))
        names = " or ".join(dict.fromkeys(t.concept.label for t, _s, _e in ratings if t.concept))
        result.constraints.append(Constraint("rating", tuple(concepts), s, e, _text(raw, s, e), f"rated {names}"))
    if standards and "overall" not in raw:
        chosen = [(t, s, e) for t, s, e in standards if t.concept is not None and t.concept.key not in _groups()]
        asked = analysis.asked("standard")
        hard = rated(analysis) and not any(t.concept in asked for t, _s, _e in chosen)
        if chosen:
            s = min(x[1] for x in chosen)
            e = max(x[2] for x in chosen)
            names = " or ".join(dict.fromkeys(t.concept.label for t, _s, _e in chosen if t.concept))
            result.constraints.append(
                Constraint(
                    "standard",
                    tuple(dict.fromkeys(str(t.iri) for t, _s, _e in chosen)),
                    s,
                    e,
                    _text(raw, s, e),
                    f"standard {names}",
                    hard=hard,
                )
            )
    if ratings and not result.of("standard") and "overall" not in raw:
        for t, s, e in analysis.terms:
            if t.kind == "class" and t.iri == PG.InspectionStandard:
                result.constraints.append(Constraint("standard", (), s, e, _text(raw, s, e), "on some standard"))
                break


@cache
def _groups() -> frozenset[str]:
    from ..ontology import vocabulary

    return frozenset(c.broader for c in vocabulary().scheme("standard") if c.broader)


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _dates(result: Frame, analysis: Analysis, raw: list[str]) -> None:
    """Years and dates, with their kind (published, fieldwork) and direction (since, before)."""
    kind = "published" if find_cue(raw, "published") else "fieldwork" if find_cue(raw, "fieldwork") else ""
    for value in analysis.dates:
        year = value[:4]
        position = next((i for i, w in enumerate(raw) if w == year), None)
        if position is None:
            continue
        start = position
        while start > 0 and (raw[start - 1] in _MONTHS or raw[start - 1].isdigit()):
            start -= 1
        direction = ""
        between = find_cue(raw, "date-between", max(0, start - 2))
        if between and between[1] == start:
            direction, start = "since", between[0]
        elif (
            start > 0
            and raw[start - 1] == "and"
            and result.of("date")
            and result.of("date")[-1].detail.endswith("since")
        ):
            direction, start = "until", start - 1
        for name in ("since", "before", "after", "until") if not direction else ():
            cue = find_cue(raw, f"date-{name}", max(0, start - 2))
            if cue and cue[1] <= start and start - cue[1] <= 1:
                direction, start = name, cue[0]
                break
        text = _text(raw, start, position + 1)
        label = {"since": "since ", "after": "after ", "before": "before ", "until": "until "}.get(direction, "in ")
        what = {"published": "published ", "fieldwork": "fieldwork "}.get(kind, "")
        result.constraints.append(
            Constraint(
                "date", (value,), start, position + 1, text, f"{what}{label}{value}", detail=f"{kind}:{direction}"
            )
        )


_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _change(result: Frame, analysis: Analysis, raw: list[str]) -> None:
    """Change over time: improved, got worse, stayed the same, rated the same twice, inspected more than once."""
    found = []
    for order, (name, label) in enumerate(
        (
            ("improved", "improved on the previous inspection"),
            ("worse", "worse than the previous inspection"),
            ("same", "same rating as the previous inspection"),
            ("twice", "at two inspections in a row"),
            ("repeat", "inspected more than once"),
            ("history", "rating at each inspection and the one before"),
        )
    ):
        span = find_cue(raw, name)
        if span and not any(set(range(*span)) & set(c.span) for c in result.of("rating")):
            found.append((span[1] - span[0], -order, name, label, span))
    if found:  # the longest cue phrase wins ('inspected twice' over 'twice'), then the order above
        _length, _order, name, label, span = max(found)
        result.constraints.append(Constraint("change", (name,), span[0], span[1], _text(raw, *span), label))
        return
    span = find_cue(raw, "previous")
    if span and not set(range(*span)) & result.covered():
        result.constraints.append(
            Constraint(
                "change", ("previous",), span[0], span[1], _text(raw, *span), "the previous inspection", hard=False
            )
        )


_MEASURES = {
    "Recommendation": "recommendations",
    "hasRecommendation": "recommendations",
    "recommendationCount": "recommendations",
    "score": "score",
}
"""Ontology terms a ranking can count or order by, besides figures."""


def _rank(result: Frame, analysis: Analysis, raw: list[str]) -> None:
    for name, label in (("latest", "latest"), ("earliest", "earliest")):
        span = find_cue(raw, name)
        if span:
            direction = "max" if name == "latest" else "min"
            result.constraints.append(Constraint("rank", (direction,), span[0], span[1], _text(raw, *span), label))
            result.constraints.append(Constraint("measure", ("date",), span[0], span[1], _text(raw, *span), "by date"))
            return
    for name in ("max", "min") if analysis.superlative else ():
        span = find_cue(raw, f"rank-{name}")
        if span:
            label = "highest" if name == "max" else "lowest"
            result.constraints.append(Constraint("rank", (name,), span[0], span[1], _text(raw, *span), label))
            break
    for t, s, e in analysis.terms:
        measure = _MEASURES.get(str(t.iri).rsplit("#", 1)[-1])
        if measure:
            result.constraints.append(Constraint("measure", (measure,), s, e, _text(raw, s, e), measure))
            return
    ranked = result.first("rank")
    if ranked is not None:
        for rating in result.of("rating"):
            if set(rating.span) <= set(ranked.span):  # 'the best rating', 'the worst grade': a ranking by rating
                result.constraints.remove(rating)
    if ranked is not None and rated(analysis) and not result.of("rating", "metric"):
        words = [(s, e) for t, s, e in analysis.terms if t.iri in (PG.overallRating, PG.rating, PG.RatingScale)]
        s, e = words[0] if words else (ranked.start, ranked.end)
        result.constraints.append(Constraint("measure", ("rating",), s, e, _text(raw, s, e), "rating"))


def rated(analysis: Analysis) -> bool:
    """True when the question is about ratings (names one, or asks how a unit was rated)."""
    grades = {(s, e) for t, s, e in analysis.terms if t.iri in (PG.StaffGrade, PG.staffGrade)}
    return bool(analysis.concepts("rating")) or any(
        t.iri in (PG.overallRating, PG.rating, PG.hasStandardRating) and (s, e) not in grades
        for t, s, e in analysis.terms
    )


__all__ = ["Constraint", "Frame", "cues", "find_cue", "frame", "rated"]
