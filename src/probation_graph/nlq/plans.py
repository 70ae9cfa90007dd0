"""The intents about one unit or one fact: ratings, scores, dates, people, owners, figures, findings.

Also members, providers, key questions, quotations and documents.

Each ``plan_*`` function recognises one kind of question by the ontology terms and concepts the
question names (never by its wording) and composes a query from the blocks of ``templates``: the
subject entities, current or earlier inspections, rating / standard / grade / service filters, dates,
ordering for superlatives, counting. The planner (``planner.INTENTS``) runs them all and keeps the plan
that applies the most of the question. Every value that reaches the query is an IRI from the graph's
own lexicon or a folded word (letters, digits and spaces only), so question text can never change the
query's shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdflib import URIRef

from ..classes import INSPECTION, PROVIDER, REGION, registry
from ..namespaces import PG, RDFS, SKOS
from ..ontology import Concept, ontology_graph, vocabulary
from .analyse import Analysis
from .lexicon import Entity, content, fold, tokens
from .templates import block, concept_values, contains_any, current, date_filter, named, select, values

UNITS = tuple(c.key for c in registry().units() if c.key != REGION)
"""The kinds of unit that are inspected and named as subjects (PDUs, CRCs, NPS divisions), from the class registry."""
ORGANISATIONS = tuple(c.key for c in registry().organisations())
PROVIDER_KINDS = frozenset(c.key for c in registry().organisations() if registry().is_a(c.key, PROVIDER))
LIMIT = 200
RANKED_LIMIT = 5000
"""Rows read for a plan whose rows are then ranked by the question's words (findings, quotations)."""


@dataclass
class Plan:
    """A query for a question: its SPARQL, visible columns, and how to read its rows."""

    intent: str
    sparql: str
    columns: list[str]
    facts: tuple[str, ...] = ()
    """Variables holding nodes with evidence (for the answer's sources); not shown."""
    relevance: tuple[str, ...] = ()
    """Variables whose text is compared with the question to keep the best-matching rows (first weighs most)."""
    prefer: dict[str, list[str]] = field(default_factory=dict)
    """Column values the question asks for (a staff grade): rows with them rank higher."""
    avoid: dict[str, list[str]] = field(default_factory=dict)
    """Column values narrower than the question (one staff grade when it asks about all staff): rows rank lower."""
    siblings: bool = False
    """Keep the figures of the same kind stated in the same sentence as the best row (a plural question)."""
    sentence: Callable[[list[dict[str, object]]], str] | None = None
    fallbacks: list[Plan] = field(default_factory=list)
    applied: list[Any] | None = None
    """The question's constraints (``frame.Constraint``) the query applies; ``None``: read from its text."""
    best: str | None = None
    """Keep only the rows whose value in this column equals the first row's (a ranking, ties shown)."""
    mentions: tuple[str, ...] = ()
    """Names each row must mention in its text (a fallback that let go of a unit the question names)."""
    ranked_text: str | None = None
    """A column of text (a finding, a quotation) ranked by BM25 against the question's topic words: rows that do
    not mention the topic are left out."""
    contrary: Plan | None = None
    """For a yes/no question: the same query with any value where the question asks for one, to tell 'No'
    (the graph holds another value) from 'No data' (it holds none)."""


def subject_block(var: str, analysis: Analysis, kinds: tuple[str, ...]) -> str:
    """``?var`` is one of the entities the question names (of ``kinds``), or named like an unknown name."""
    entities = analysis.entities(*kinds)
    if entities:
        return values(var, sorted({e.iri for e in entities}))
    if analysis.unknown:
        return named(var, [" ".join(analysis.unknown)])
    return ""


def _class_asked(analysis: Analysis, *classes: str) -> list[str]:
    return [c for c in classes if analysis.has(PG[c])]


def _inspected(analysis: Analysis) -> tuple[str, ...]:
    """The kinds a question's subject may be: units, or a region when it names one and no unit or class of unit."""
    if analysis.entities(*UNITS) or _class_asked(analysis, *UNITS):
        return UNITS
    return (*UNITS, REGION) if analysis.entities(REGION) else UNITS


def _unit_classes(analysis: Analysis) -> str:
    """A class filter when the question asks for PDUs or CRCs."""
    asked = _class_asked(analysis, *UNITS)
    return block("unit-of-class", kind=asked[0]) if len(asked) == 1 else ""


def _sentence(
    template: str, column: str, *, empty: str = "The graph holds no answer to that question."
) -> Callable[[list[dict[str, object]]], str]:
    def compose(rows: list[dict[str, object]]) -> str:
        found = list(dict.fromkeys(str(r[column]) for r in rows if r.get(column) not in (None, "")))
        if not found:
            return empty
        listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
        return template.format(listed, n=len(found))

    return compose


# --------------------------------------------------------------------------------------------
# ratings


def plan_rating(analysis: Analysis) -> Plan | None:
    """Overall or standard ratings: of the units named, filtered by rating, class, date or standard."""
    ratings = analysis.concepts("rating")
    asked = analysis.asked("standard")
    overall = analysis.mentions("overall")
    standards = (
        [s for s in analysis.concepts("standard") if s.key not in _standard_groups() and s not in asked]
        if not overall
        else []
    )
    asks_rating = any(
        analysis.has(term) for term in (PG.overallRating, PG.rating, PG.RatingScale, PG.hasStandardRating)
    )
    kinds = _inspected(analysis)
    units = analysis.entities(*kinds)
    if not (ratings or asks_rating):
        return None
    asks_standards = (
        analysis.has(PG.InspectionStandard)
        or bool(asked)
        or (
            bool(ratings)
            and bool(units)
            and not _class_asked(analysis, *UNITS)
            and (analysis.form == "which" or (analysis.form == "what" and analysis.has(PG.hasStandardRating)))
        )
    )
    if asks_standards and not standards:
        return _standards_with_rating(analysis, ratings)
    where = [
        subject_block("unit", analysis, kinds) if units or analysis.unknown else "",
        block("rating/inspection-inspected"),
        _unit_classes(analysis),
        block("rating/unit-label"),
    ]
    if standards:
        where += [
            block("rating/inspection-has-standard-rating"),
            block("rating/fact-standard"),
            concept_values("s", standards),
            block("rating/s-pref-label"),
        ]
        columns = ["organisation", "standard", "rating"]
    else:
        where.append(block("rating/inspection-overall-rating"))
        columns = ["organisation", "rating"]
    where += [concept_values("r", ratings), block("rating/r-pref-label")]
    if analysis.dates:
        where += [
            block("rating/inspection-publication-date"),
            date_filter("when", analysis.dates),
        ]
    elif not analysis.previous:
        where.append(current("inspection"))
    facts = ("fact",) if standards else ("inspection",)
    if analysis.form == "count" and not ratings:
        return None
    if analysis.form == "count":
        return Plan(
            "count-rated",
            select(["(COUNT(DISTINCT ?inspection) AS ?inspections)"], where, distinct=False),
            ["inspections"],
            sentence=lambda rows: f"{rows[0]['inspections'] if rows else 0} inspection(s) match.",
        )
    return Plan(
        "rating",
        select([*columns, *facts], where, extra=f"\nORDER BY ?organisation\nLIMIT {LIMIT}"),
        columns,
        facts=facts,
        sentence=_rated_sentence,
    )


@cache
def _standard_groups() -> frozenset[str]:
    """Standards that group others (organisational delivery, service delivery): not rated on their own."""
    return frozenset(c.broader for c in vocabulary().scheme("standard") if c.broader)


def _rated_sentence(rows: list[dict[str, object]]) -> str:
    """The sentence for rating rows: 'X was rated Inadequate; Y was rated Good for Leadership'."""
    if not rows:
        return "The graph holds no such rating."
    parts = []
    for row in rows:
        what = f" for {row['standard']}" if row.get("standard") else ""
        parts.append(f"{row['organisation']} was rated {row['rating']}{what}")
    return "; ".join(dict.fromkeys(parts)) + "."


def _standards_with_rating(analysis: Analysis, ratings: list[Concept]) -> Plan:
    where = [
        subject_block("unit", analysis, UNITS),
        block("standards-with-rating/inspection-inspected"),
        block("standards-with-rating/fact-standard"),
        concept_values("r", ratings),
        block("standards-with-rating/s-pref-label"),
    ]
    return Plan(
        "standards-rated",
        select(["standard", "rating", "organisation", "fact"], where, extra=f"\nORDER BY ?standard\nLIMIT {LIMIT}"),
        ["standard", "rating", "organisation"],
        facts=("fact",),
        sentence=_sentence("Rated as asked: {}.", "standard"),
    )


# --------------------------------------------------------------------------------------------
# inspection facts: score, dates, region


def plan_score(analysis: Analysis) -> Plan | None:
    """The score of the units named (or the best or worst score)."""
    if not analysis.has(PG.score):
        return None
    where = [
        subject_block("unit", analysis, UNITS),
        block("score/inspection-inspected"),
        block("score/optional-inspection-max-score"),
        block("score/unit-label"),
    ]
    order = {"max": "DESC(?score)", "min": "ASC(?score)"}.get(analysis.superlative or "", "?organisation")
    limit = 1 if analysis.superlative else LIMIT
    return Plan(
        "score",
        select(["organisation", "score", "out_of", "inspection"], where, extra=f"\nORDER BY {order}\nLIMIT {limit}"),
        ["organisation", "score", "out_of"],
        facts=("inspection",),
        sentence=lambda rows: (
            "; ".join(f"{r['organisation']} scored {r['score']} out of {r['out_of']}" for r in rows) + "."
            if rows
            else "The graph holds no score for that."
        ),
    )


def plan_date(analysis: Analysis) -> Plan | None:
    """When an inspection's fieldwork started or its report was published."""
    asked = set(re.findall(r"[a-z]+", analysis.question.lower()))
    published = analysis.mentions("published", "publish", "released") or bool(asked & {"published", "publication"})
    fieldwork = not published and (
        analysis.has(PG.fieldworkStart) or analysis.mentions("fieldwork", "visit") or "inspected" in asked
    )
    published = published or (not fieldwork and (analysis.has(PG.publicationDate) or analysis.mentions("report")))
    if (analysis.form != "when" and not (fieldwork or published)) or analysis.form == "count":
        return None
    kinds = _inspected(analysis)
    if analysis.form != "when" and not analysis.entities(*kinds):
        return None
    properties = ["pg:fieldworkStart"] if fieldwork else ["pg:publicationDate"] if published else []
    path = "|".join(properties or ["pg:fieldworkStart", "pg:publicationDate"])
    where = [
        subject_block("unit", analysis, kinds),
        block("date/inspection-date", path=path),
        block("date/unless-finer-date", path=path),
        "" if analysis.previous else current("inspection"),
        block("date/unit-label"),
        block(
            "date/optional-date-statement",
            properties=" ".join(properties or ["pg:fieldworkStart", "pg:publicationDate"]),
        ),
    ]
    what = "fieldwork started" if fieldwork else "the report was published" if published else "dated"
    return Plan(
        "date",
        select(["organisation", "date", "statement", "inspection"], where, extra=f"\nORDER BY ?date\nLIMIT {LIMIT}"),
        ["organisation", "date"],
        facts=("statement", "inspection"),
        sentence=lambda rows: (
            "; ".join(dict.fromkeys(f"{r['organisation']}: {what} {r['date']}" for r in rows)) + "."
            if rows
            else "The graph holds no such date."
        ),
    )


def plan_region(analysis: Analysis) -> Plan | None:
    """Which region a unit is in, or which units a region holds."""
    if not analysis.has(PG.ProbationRegion) and not analysis.has(PG.inRegion):
        return None
    regions = analysis.entities(REGION)
    units = analysis.entities(*UNITS)
    if units and not regions:
        where = [values("unit", [e.iri for e in units]), block("region/unit-in-region"),
                 block("region/unit-label"),
                 block("region/optional-statement-subject")]  # fmt: skip
        return Plan(
            "region",
            select(["organisation", "region", "statement"], where, extra=f"\nLIMIT {LIMIT}"),
            ["organisation", "region"],
            facts=("statement",),
            sentence=lambda rows: (
                "; ".join(dict.fromkeys(f"{r['organisation']} is in {r['region']}" for r in rows)) + "."
                if rows
                else "The graph does not say which region that is in."
            ),
        )
    if regions and analysis.form in ("which", "what"):
        where = [values("r", [e.iri for e in regions]), block("region/unit-in-region-2"),
                 block("region/r-label")]  # fmt: skip
        return Plan(
            "region-units",
            select(["organisation", "region"], where, extra=f"\nLIMIT {LIMIT}"),
            ["organisation", "region"],
            sentence=_sentence("The graph places {} in the region.", "organisation"),
        )
    return None


# --------------------------------------------------------------------------------------------
# people


def plan_people(analysis: Analysis) -> Plan | None:
    """People by role (chief or lead inspector, commissioner ...), or the inspections a person led or oversaw."""
    if analysis.form in ("count", "percent", "when") and not analysis.has(PG.Person):
        return None
    roles = analysis.concepts("role")
    lead = analysis.has(PG.leadInspector) or any(r.key == "lead-inspector" for r in roles)
    chief = analysis.has(PG.chiefInspector) or any(r.key == "chief-inspector" for r in roles)
    people = analysis.entities("Person")
    if people and (lead or chief or analysis.has(PG.Inspection) or _class_asked(analysis, *UNITS)):
        path = (
            "pg:leadInspector"
            if lead and not chief
            else "pg:chiefInspector"
            if chief and not lead
            else ("pg:leadInspector|pg:chiefInspector")
        )
        where = [values("person", [e.iri for e in people]), block("people/inspection-by-person", path=path),
                 _unit_classes(analysis), block("people/unit-label"),
                 "" if analysis.previous else current("inspection")]  # fmt: skip
        return Plan(
            "inspections-by-person",
            select(["organisation", "name", "inspection"], where, extra=f"\nORDER BY ?organisation\nLIMIT {LIMIT}"),
            ["organisation", "name"],
            facts=("inspection",),
            sentence=_sentence("{}.", "organisation"),
        )
    general = analysis.form in ("which", "who", "what") and (
        analysis.asks_for(PG.Person) or analysis.asks_for(PG.roleKind) or analysis.asks_for(PG.RoleAssignment)
    )
    if not (roles or lead or chief or general) or people:
        return None
    kinds = _inspected(analysis)
    units = analysis.entities(*kinds)
    if (lead or chief) and (units or analysis.unknown) and not analysis.has(PG.Person):
        path = "pg:leadInspector" if lead else "pg:chiefInspector"
        where = [subject_block("unit", analysis, kinds), block("people/inspector-of-unit", path=path),
                 block("people/person-label"),
                 block("people/optional-role-statement", role='lead-inspector' if lead else 'chief-inspector')]  # fmt: skip
        return Plan(
            "inspector",
            select(["name", "organisation", "fact"], where, extra=f"\nLIMIT {LIMIT}"),
            ["name", "organisation"],
            facts=("fact",),
            sentence=_sentence("{}.", "name"),
        )
    if roles or lead or chief:
        role_keys = roles or [vocabulary().concept("role", "lead-inspector" if lead else "chief-inspector")]
    else:
        role_keys = vocabulary().scheme("role")
    others = [e for e in analysis.entities() if "Person" not in e.kinds]
    where = [concept_values("role", role_keys), block("people/fact-role-kind"),
             block("people/person-label-2"),
             block("people/optional-fact-role-organisation")]  # fmt: skip
    if others:
        words = [fold(e.label) for e in others]
        where.append(contains_any("organisation", words))
    return Plan(
        "people-by-role",
        select(["name", "role_name", "organisation", "fact"], where, extra=f"\nORDER BY ?name\nLIMIT {LIMIT}"),
        ["name", "role_name", "organisation"],
        facts=("fact",),
        sentence=_sentence("{}.", "name"),
    )


# --------------------------------------------------------------------------------------------
# organisations: providers, owners, members


def plan_provider(analysis: Analysis) -> Plan | None:
    """Who delivers which services where, in what role; or where a provider delivers."""
    types = analysis.concepts("service-type")
    roles = analysis.concepts("service-role")
    providers_asked = analysis.has(PG.ServiceProvider) or analysis.has(PG.providedBy)
    if not (types or roles or providers_asked or analysis.has(PG.Service)):
        return None
    units = analysis.entities(*UNITS)
    provider_entities = [e for e in analysis.entities() if e.kinds & PROVIDER_KINDS]
    if provider_entities and _class_asked(analysis, *UNITS) and not units:
        where = [values("provider", [e.iri for e in provider_entities]), block("provider/fact-provided-by"),
                 _unit_classes(analysis), block("provider/unit-label"),
                 block("provider/fact-service-type")]  # fmt: skip
        return Plan(
            "provider-units",
            select(["organisation", "name", "service", "fact"], where, extra=f"\nLIMIT {LIMIT}"),
            ["organisation", "name", "service"],
            facts=("fact",),
            sentence=_sentence("{}.", "organisation"),
        )
    if not (types or roles or providers_asked):
        return None
    consortia = [e for e in analysis.entities("Consortium") if analysis.has(PG.memberOf)]
    where = [
        values("unit", [e.iri for e in units]) if units else subject_block("unit", analysis, UNITS),
        values("provider", [e.iri for e in provider_entities]) if provider_entities and not units else "",
        block("provider/fact-provided-by-2"),
        concept_values("t", types),
        concept_values("role", roles),
        block("provider/fact-service-role") if roles else "",
        values("consortium", [e.iri for e in consortia]) + " " + block("provider/provider-member-of")
        if consortia
        else "",
        block("provider/provider-label"),
    ]
    return Plan(
        "providers",
        select(["name", "service", "organisation", "fact"], where, extra=f"\nORDER BY ?name\nLIMIT {LIMIT}"),
        ["name", "service", "organisation"],
        facts=("fact",),
        sentence=_sentence("{}.", "name"),
    )


_LATEST_OWNER = block("latest-owner/unless-ended-subject")
"""An owner whose ownership ended, when another owner's has not: not the owner now (asked for former owners, kept)."""


def plan_ownership(analysis: Analysis) -> Plan | None:
    """Owners of the organisations named, or what an owner owns."""
    if not analysis.has(PG.ownedBy):
        return None
    named_entities = list(analysis.entities(*ORGANISATIONS))
    if not named_entities and _class_asked(analysis, *UNITS) and not analysis.unknown:
        where = [_unit_classes(analysis) or block("unit-of-any-class"), block("ownership/unit-owned-by"),
                 block("ownership/owner-label"),
                 block("ownership/optional-member-member-of"),
                 block("ownership/optional-statement-subject")]  # fmt: skip
        return Plan("ownership", select(["owned", "name", "member_name", "statement"], where, extra=f"\nORDER BY ?owned\nLIMIT {LIMIT}"),
                    ["owned", "name", "member_name"], facts=("statement",), sentence=_sentence("{}.", "name"))  # fmt: skip
    if not named_entities:
        if not analysis.unknown:
            return None
        where = [named("unit", [" ".join(analysis.unknown)]), block("ownership/unit-owned-by"),
                 block("ownership/owner-label")]  # fmt: skip
        return Plan("ownership", select(["name", "owned"], where, extra=f"\nLIMIT {LIMIT}"), ["name", "owned"],
                    sentence=_sentence("{}.", "name"))  # fmt: skip
    owns_position = analysis.term_position(PG.ownedBy) or 0
    first = analysis.links[0].start if analysis.links else 0
    owner_named = (
        any(e.kinds & {"Consortium", "Company"} for e in named_entities)
        and first < owns_position
        and (_class_asked(analysis, *UNITS) or analysis.form == "what")
    )
    if owner_named:
        where = [values("owner", [e.iri for e in named_entities]), block("ownership/unit-owned-by-3"),
                 block("ownership/owner-label-3"),
                 block("ownership/optional-statement-subject")]  # fmt: skip
        columns = ["name", "owner_name"]
    else:
        where = [values("unit", [e.iri for e in named_entities]), block("ownership/unit-owned-by"),
                 block("ownership/owner-label"),
                 block("ownership/optional-statement-subject"),
                 "" if analysis.previous else _LATEST_OWNER]  # fmt: skip
        columns = ["name", "owned"]
    return Plan(
        "ownership",
        select([*columns, "statement"], where, extra=f"\nLIMIT {LIMIT}"),
        columns,
        facts=("statement",),
        sentence=_sentence("{}.", "name"),
    )


_DOCUMENTS_FIRST = block("documents-first/optional-same-subject")
"""Where documents say who a group's members are, their account replaces the reference backbone's (which dates from
the group's forming): a member only the reference names is left out."""


def plan_members(analysis: Analysis) -> Plan | None:
    """The members of a consortium, or the consortia an organisation belongs to."""
    if not analysis.has(PG.memberOf) and not analysis.has(PG.Consortium):
        return None
    consortia = analysis.entities("Consortium")
    others = [e for e in analysis.entities(*ORGANISATIONS) if "Consortium" not in e.kinds]
    providers_asked = analysis.has(PG.ServiceProvider) or analysis.has(PG.providedBy) or analysis.has(PG.deliveredIn)
    if consortia and analysis.entities(*UNITS) and providers_asked:
        return None
    if consortia:
        where = [values("group", [e.iri for e in consortia]), block("members/member-member-of"),
                 block("members/group-label"),
                 block("members/optional-statement-subject"),
                 _DOCUMENTS_FIRST]  # fmt: skip
    elif others:
        where = [values("member", [e.iri for e in others]), block("members/member-member-of-2"),
                 block("members/group-label-2"),
                 block("members/optional-statement-subject")]  # fmt: skip
    else:
        return None
    return Plan(
        "members",
        select(["name", "consortium", "statement"], where, extra=f"\nORDER BY ?name\nLIMIT {LIMIT}"),
        ["name", "consortium"],
        facts=("statement",),
        sentence=_sentence("{}.", "name"),
    )


# --------------------------------------------------------------------------------------------
# figures and key questions


def metric_concepts(analysis: Analysis) -> list[Concept]:
    """Metric kinds whose label's words all appear in the question, most specific first."""
    words = set(analysis.content_words)
    for term, _start, _end in analysis.terms:
        if term.kind == "class":
            words.update(w for name in _class_labels(term.iri) for w in tokens(name))
    scored: list[tuple[int, Concept]] = [
        (end - start, term.concept)
        for term, start, end in analysis.terms
        if term.kind == "metric" and term.concept is not None
    ]
    for concept in vocabulary().scheme("metric"):
        if concept.key == "other" or any(c is concept for _s, c in scored):
            continue
        best = 0
        for name in concept.labels:
            wanted = content(tokens(name))
            if wanted and all(w in words for w in wanted):
                best = max(best, len(wanted))
        if best:
            scored.append((best, concept))
    scored.sort(key=lambda item: -item[0])
    return [concept for _score, concept in scored if _score == scored[0][0]] if scored else []


@cache
def _class_labels(iri: URIRef) -> tuple[str, ...]:
    """The label and synonyms of a class of the ontology."""
    graph = ontology_graph()
    return tuple(str(o) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(iri, p))


def plan_key_question(analysis: Analysis) -> Plan | None:
    """Key-question percentages of the casework standards named."""
    standards = [s for s in analysis.concepts("standard") if s.broader == "service-delivery"]
    named = analysis.has(PG.KeyQuestionResult) or analysis.has(PG.hasKeyQuestionResult)
    if not (standards or named) or (
        analysis.form not in ("percent", "what", "which", "compare") and not analysis.superlative
    ):
        return None
    if analysis.concepts("rating") or analysis.has(PG.overallRating) or analysis.has(PG.rating):
        return None
    where = [
        subject_block("unit", analysis, UNITS),
        block("key-question/inspection-inspected"),
        block("key-question/fact-standard"),
        concept_values("s", standards),
        block("key-question/s-pref-label"),
    ]
    order = {"max": "DESC(?percentage)", "min": "ASC(?percentage)"}.get(analysis.superlative or "", "?standard")
    return Plan(
        "key-question",
        select(
            ["percentage", "question", "standard", "organisation", "fact"],
            where,
            extra=f"\nORDER BY {order}\nLIMIT {1 if analysis.superlative else LIMIT}",
        ),
        ["percentage", "question", "standard", "organisation"],
        facts=("fact",),
        relevance=("question",) if not analysis.superlative else (),
        sentence=lambda rows: (
            "; ".join(f"{r['percentage']}% — {r['question']}" for r in rows[:3]) + "."
            if rows
            else "The graph holds no such key question."
        ),
    )


def plan_figure(analysis: Analysis) -> Plan | None:
    """Figures of a metric kind for the units, regions or places named, by staff grade."""
    metrics = metric_concepts(analysis)
    if not metrics or analysis.form in ("when", "who"):
        return None
    if analysis.form == "which" and not analysis.superlative:
        return None
    grades = analysis.concepts("grade")
    subjects = sorted({e.iri for e in analysis.entities(*ORGANISATIONS, "Place")})
    base = [
        block("figure/fact-metric"),
        concept_values("m", metrics),
        block("figure/s-label"),
        block("figure/optional-fact-unit"),
        block("figure/optional-fact-staff-grade"),
        block("figure/optional-fact-population"),
        # nested, not one three-step path: Oxigraph then looks the sentence up per fact (a path of
        # three steps in an OPTIONAL was joined against every sentence of the graph)
        block("figure/optional-fact-evidence"),
    ]
    columns = ["value", "unit", "subject", "metric", "grade", "population"]
    head = [*columns, "sentence", "fact"]
    order = {"max": "DESC(?value)", "min": "ASC(?value)"}.get(analysis.superlative or "", "?subject")
    limit = 1 if analysis.superlative and not subjects else LIMIT
    extra = f"\nORDER BY {order}\nLIMIT {limit}"

    def variant(subject_iris: list[str]) -> Plan:
        where = [
            values("s", subject_iris)
            if subject_iris
            else (named("s", [" ".join(analysis.unknown)]) if analysis.unknown else "")
        ]
        return Plan(
            "figure",
            select(head, [*where, *base], extra=extra),
            columns,
            facts=("fact",),
            relevance=("population", "sentence") if not analysis.superlative else (),
            prefer={
                **({"grade": [g.label for g in grades]} if grades else {}),
                **({"metric": linked} if (linked := [c.label for c in analysis.concepts("metric")]) else {}),
            },
            sentence=_figure_sentence,
        )

    primary = variant(subjects)
    for group in (
        sorted({a.iri for link in analysis.links for a in link.alternatives}),
        sorted({p.iri for link in analysis.links for p in link.parts}),
    ):
        if group:
            primary.fallbacks.append(variant(group))
    return primary


_FIGURE_HEAD = re.compile(
    r"^\s*(?:what|how many|how much)\s+(?:was|is|were|are|has been|had been)\s+(?:the\s+)?", re.IGNORECASE
)
_FIGURE_JOIN = re.compile(r"\s+(?:for|of|in|at|across)\s+(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class FigureShape:
    """'What was the <what> for <subject>?': the two phrases and where they start (characters, then tokens)."""

    what: str
    subject: str
    what_token: int
    subject_token: int


def _subject_coverage(analysis: Analysis, first: int) -> float:
    """The share of the content words from token ``first`` on that name organisations or places starting there."""
    wanted = set(content(analysis.words[first:]))
    links = [link for link in analysis.links if link.start >= first and link.entity.kinds & {*ORGANISATIONS, "Place"}]
    covered = {w for link in links for w in content(analysis.words[link.start : link.end])}
    return len(covered & wanted) / len(wanted) if wanted else 0.0


def figure_shape(analysis: Analysis) -> FigureShape | None:
    """Split a figure question at the 'for'/'of'/'in' whose remainder is best covered by names.

    '… before secondment for Mercia Vale and Isle of Fenwick CRC' splits at 'for', not at 'of'.
    """
    question = analysis.question
    head = _FIGURE_HEAD.match(question)
    if head is None:
        return None
    end = len(question.rstrip().rstrip("?").rstrip())
    joins = [m for m in _FIGURE_JOIN.finditer(question, head.end(), end) if m.start() > head.end() and m.end() < end]
    if not joins:
        return None
    scored = [(_subject_coverage(analysis, len(tokens(question[: m.end()]))), i) for i, m in enumerate(joins)]
    join = joins[max(scored)[1]]
    return FigureShape(
        what=question[head.end() : join.start()],
        subject=question[join.end() : end],
        what_token=len(tokens(question[: head.end()])),
        subject_token=len(tokens(question[: join.end()])),
    )


_COUNTED_PHRASE = re.compile(
    r"^\s*(?:number\s+of\s+|share\s+of\s+|proportion\s+of\s+)?[a-z-]+s\s+(?:where|with|that|who|which|whose|in\s+which|"
    r"rated|judged|found|showing|meeting|needing|lacking)\b",
    re.IGNORECASE,
)
"""'cases where …', 'staff who …', 'PDUs rated …': a phrase that counts something, so the question asks for a figure."""
_PROPERTY_WORDS = (
    PG.overallRating, PG.hasStandardRating, PG.publicationDate, PG.fieldworkStart, PG.ownedBy, PG.inRegion,
    PG.chiefInspector, PG.leadInspector, PG.recommendationCount, PG.score, PG.memberOf, PG.providedBy,
)  # fmt: skip


def figure_shaped(analysis: Analysis) -> bool:
    """'What was the <phrase> for <unit>?' where the phrase names no property the graph answers otherwise: a figure."""
    shape = figure_shape(analysis)
    if shape is None or not content(tokens(shape.subject)):
        return False
    asked = content(tokens(shape.what))
    first, last = shape.what_token, shape.subject_token
    subjects = {link.entity.iri for link in analysis.links if link.start >= last}
    if not asked or any(
        link.start < last
        and link.end > first
        and link.entity.kinds & {*UNITS, REGION}
        and link.entity.iri not in subjects
        for link in analysis.links
    ):
        return False
    plural = shape.what.split()[0].lower().endswith("s")
    if plural and any(term.kind == "class" and start == first for term, start, _end in analysis.terms):
        return True
    if _COUNTED_PHRASE.match(shape.what):
        return True
    covered: set[str] = set()
    for term, start, end in analysis.terms:
        if term.iri in _PROPERTY_WORDS or term.kind in ("rating", "role", "standard"):
            covered.update(analysis.words[start:end])
    return len([w for w in asked if w in covered]) * 2 <= len(asked)


def _plural_figure(analysis: Analysis) -> bool:
    """True when the question asks for a kind of figure in the plural ('completion rates', 'vacancy rates')."""
    shape = figure_shape(analysis)
    if shape is None:
        return False
    phrase = f" {fold(shape.what)} "
    return any(
        f" {fold(label)}s " in phrase
        for concept in vocabulary().scheme("metric")
        if concept.key != "other"
        for label in concept.labels
    )


def _named_metrics(analysis: Analysis) -> list[str]:
    """Metric kinds the question names: with two words or more ('vacancy rate'), or as all it asks ('caseload')."""
    shape = figure_shape(analysis)
    phrase = set(content(tokens(shape.what))) if shape else set(analysis.content_words)
    found = []
    for concept in vocabulary().scheme("metric"):
        if concept.key == "other":
            continue
        for name in concept.labels:
            wanted = content(tokens(name))
            if wanted and all(w in phrase for w in wanted) and (len(wanted) >= 2 or set(wanted) == phrase):
                found.append(concept.label)
                break
    return found


def _figure_subjects(analysis: Analysis) -> list[Entity]:
    """The units a figure question is about: those that make up (most of) the words after 'for'.

    'for England and Wales' is not about Wales.
    """
    shape = figure_shape(analysis)
    if shape is None or _subject_coverage(analysis, shape.subject_token) < 0.7:
        return []
    first = shape.subject_token
    return [
        link.entity for link in analysis.links if link.start >= first and link.entity.kinds & {*ORGANISATIONS, "Place"}
    ]


def plan_figure_words(analysis: Analysis) -> Plan | None:
    """The figure whose wording (population, metric, sentence) best matches the question.

    Among the figures of the units named, or, when the question names no unit (a national figure, a company's),
    among all figures, the other names it uses counting as words to match. A name the graph does not know
    ('for Kestrelford') gets no figure at all, never another unit's.
    """
    shape = figure_shape(analysis)
    if shape is None or not figure_shaped(analysis):
        return None
    subjects = sorted({e.iri for e in _figure_subjects(analysis)})
    if not subjects and set(analysis.unknown) & set(tokens(shape.subject)):
        return None
    return _figure_words(analysis, subjects)


def plan_figure_text(analysis: Analysis) -> Plan | None:
    """The figure of the units named whose words best match the question's, however it is worded."""
    if analysis.form not in ("count", "percent", "what") or analysis.superlative:
        return None
    subjects = sorted({e.iri for e in analysis.entities(*UNITS, REGION)})
    if not subjects:
        return None
    found = _figure_words(analysis, subjects)
    found.fallbacks = []
    return found


def _figure_words(analysis: Analysis, subjects: list[str]) -> Plan:
    where = [
        values("s", subjects) if subjects else "",
        block("figure-words/fact-measurement-of"),
        block("figure-words/fact-value"),
        block("figure-words/optional-fact-unit"),
        block("figure-words/optional-fact-staff-grade"),
        block("figure-words/optional-fact-population"),
        'BIND (CONCAT(COALESCE(?population, ""), " ", ?metric, " ", COALESCE(?unit, "")) AS ?wording)',
        block("figure-words/optional-fact-evidence"),
    ]
    columns = ["value", "unit", "subject", "metric", "grade", "population"]
    return Plan(
        "figure-words",
        select([*columns, "wording", "sentence", "fact"], where, extra=f"\nLIMIT {LIMIT}"),
        columns,
        facts=("fact",),
        relevance=("wording", "sentence") if subjects else ("wording", "sentence", "subject"),
        prefer={"metric": _named_metrics(analysis), "grade": [g.label for g in analysis.concepts("grade")]},
        avoid={
            "grade": [] if analysis.concepts("grade") else [g.label for g in vocabulary().scheme("grade") if g.broader]
        },
        siblings=_plural_figure(analysis),
        sentence=_figure_sentence,
        fallbacks=[_figure_words(analysis, [])] if subjects else [],
    )


def _figure_sentence(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "The graph holds no such figure."
    parts = []
    for row in rows[:4]:
        unit = "%" if row.get("unit") == "per cent" else f" {row['unit']}" if row.get("unit") else ""
        grade = f" ({row['grade']})" if row.get("grade") else ""
        parts.append(f"{row['subject']}: {row['metric']} {row['value']}{unit}{grade}")
    return "; ".join(dict.fromkeys(parts)) + "."


# --------------------------------------------------------------------------------------------
# recommendations, findings and counts


_FINDING_CLASSES = ("AreaForImprovement", "Strength", "Finding")


def plan_findings(analysis: Analysis) -> Plan | None:
    """Recommendations, strengths or areas for improvement: listed or counted."""
    recommendations = any(
        analysis.has(term) for term in (PG.Recommendation, PG.hasRecommendation, PG.recommendationCount)
    )
    kinds = _class_asked(analysis, *_FINDING_CLASSES)
    if not recommendations and not kinds:
        return None
    standards = analysis.concepts("standard")
    unit = subject_block("unit", analysis, UNITS)
    if recommendations:
        if analysis.form == "count":
            where = [unit, block("findings/inspection-inspected"), block("findings/unit-label"),
                     block("findings/inspection-recommendation-count")]  # fmt: skip
            return Plan(
                "count-recommendations",
                select(
                    ["organisation", "(MAX(?n) AS ?recommendations)"],
                    where,
                    extra="\nGROUP BY ?organisation",
                    distinct=False,
                ),
                ["recommendations", "organisation"],
                sentence=lambda rows: (
                    "; ".join(f"{r['organisation']}: {r['recommendations']} recommendations" for r in rows) + "."
                    if rows
                    else "The graph holds no recommendations for that."
                ),
            )
        where = [unit, block("findings/inspection-inspected-2"), block("findings/fact-text"),
                 block("findings/optional-fact-ordinal"), block("findings/unit-label")]  # fmt: skip
        return Plan(
            "recommendations",
            select(
                ["number", "recommendation", "organisation", "fact"],
                where,
                extra=f"\nORDER BY ?organisation ?number\nLIMIT {RANKED_LIMIT}",
            ),
            ["number", "recommendation", "organisation"],
            facts=("fact",),
            ranked_text="recommendation",
            sentence=lambda rows: (
                f"{len(rows)} recommendation(s): " + "; ".join(str(r["recommendation"]) for r in rows) + "."
                if rows
                else "The graph holds no recommendations for that."
            ),
        )
    where = [unit, block("findings/inspection-inspected-3"),
             block("findings/finding-of-kind", kinds=" ".join(f"pg:{k}" for k in kinds)),
             block("findings/fact-text-2"), block("findings/unit-label"),
             block("findings/optional-fact-standard"), block("findings/kind-label")]  # fmt: skip
    if standards:
        where.append(concept_values("s", standards) + " " + block("findings/fact-standard"))
    if analysis.form == "count":
        return Plan(
            "count-findings",
            select(["(COUNT(DISTINCT ?fact) AS ?findings)"], where, distinct=False),
            ["findings"],
            sentence=lambda rows: f"{rows[0]['findings'] if rows else 0} found.",
        )
    return Plan(
        "findings",
        select(["finding", "standard", "kind_name", "organisation", "fact"], where, extra=f"\nLIMIT {RANKED_LIMIT}"),
        ["finding", "standard", "kind_name", "organisation"],
        facts=("fact",),
        ranked_text="finding",
        sentence=lambda rows: f"{len(rows)} finding(s)." if rows else "The graph holds no such findings.",
    )


def plan_count_units(analysis: Analysis) -> Plan | None:
    """How many PDUs, CRCs or inspections (in a region, when no figure states it)."""
    classes = _class_asked(analysis, *UNITS, INSPECTION, REGION)
    if analysis.form != "count" or not classes:
        return None
    if "Inspection" in classes:
        where = [block("count-units/inspection-of-unit"), subject_block("unit", analysis, UNITS),
                 "" if analysis.previous else current("inspection")]  # fmt: skip
        return Plan(
            "count-inspections",
            select(["(COUNT(DISTINCT ?inspection) AS ?inspections)"], where, distinct=False),
            ["inspections"],
            sentence=lambda rows: f"{rows[0]['inspections'] if rows else 0} inspection(s).",
        )
    regions = analysis.entities(REGION)
    where = [
        block("count-units/unit-of-class", kind=classes[0]),
        values("r", [e.iri for e in regions]) + " " + block("count-units/unit-in-region") if regions else "",
    ]
    return Plan(
        "count-units",
        select(["(COUNT(DISTINCT ?unit) AS ?units)"], where, distinct=False),
        ["units"],
        sentence=lambda rows: f"The graph holds {rows[0]['units'] if rows else 0}.",
    )


def plan_list_units(analysis: Analysis) -> Plan | None:
    """List the PDUs, CRCs or organisations the graph holds (with their overall rating when inspected)."""
    classes = _class_asked(analysis, *ORGANISATIONS)
    if analysis.form not in ("which", "what") or not classes:
        return None
    where = [block("unit-of-classes", kinds=" ".join(f"pg:{c}" for c in classes)), block("list-units/unit-label"),
             block("list-units/optional-rating", current=current("inspection"))]  # fmt: skip
    regions = analysis.entities(REGION)
    if regions:
        where.append(values("region", [e.iri for e in regions]) + " " + block("list-units/unit-in-region"))
    if analysis.dates:
        where += [block("list-units/dated-inspected"),
                  date_filter("when", analysis.dates)]  # fmt: skip
    elif analysis.has(PG.inspected) or analysis.has(PG.Inspection):
        where.append(block("list-units/if-any-inspected"))
    return Plan(
        "list",
        select(["organisation", "rating", "inspection"], where, extra=f"\nORDER BY ?organisation\nLIMIT {LIMIT}"),
        ["organisation", "rating"],
        facts=("inspection",),
        sentence=_sentence("{}.", "organisation"),
    )


def plan_quotations(analysis: Analysis) -> Plan | None:
    """What people said: quotations by the people (or bodies) named, about the units named.

    A person and a unit: the person's words in documents about the unit's inspections (or naming the unit).
    Only units: what anyone said in those documents.
    """
    said = analysis.has(PG.Quotation) or analysis.has(PG.spokenBy)
    if analysis.form not in ("which", "what", "who") or not said or strong_metric(analysis):
        return None
    people = analysis.entities("Person")
    units = analysis.entities(*UNITS, REGION)
    speakers = people or [e for e in analysis.entities(*ORGANISATIONS) if not e.kinds & {*UNITS, REGION}]
    if not people and not speakers and units:
        speakers = units
        units = []
    about = values("about", [e.iri for e in units]) + block("quotations/fact-reported-in") if units else ""
    where = [values("speaker", [e.iri for e in speakers]) if speakers else "",
             block("quotations/fact-quotation"), about,
             block("quotations/speaker-label"), block("quotations/optional-fact-reported-in")]  # fmt: skip
    return Plan(
        "quotations",
        select(["name", "quote", "document", "fact"], where, extra=f"\nORDER BY ?document\nLIMIT {RANKED_LIMIT}"),
        ["name", "quote", "document"],
        facts=("fact",),
        ranked_text="quote",
        sentence=lambda rows: (
            f"{len(rows)} quotation(s), from {', '.join(dict.fromkeys(str(r['name']) for r in rows))}."
            if rows
            else "The graph holds no such quotation."
        ),
    )


_DOCUMENT_CLASSES = ("SourceDocument", "InspectionReport", "NewsArticle", "PressRelease")


def plan_documents(analysis: Analysis) -> Plan | None:
    """The source documents (of a kind), with title, publisher, date and what they report on."""
    classes = [c for c in _DOCUMENT_CLASSES if analysis.asks_for(PG[c])]
    if not classes or analysis.form not in ("which", "what", "count"):
        return None
    about = analysis.entities(*ORGANISATIONS)
    where = [block("documents/document-of-kind", kinds=' '.join(f'pg:{c}' for c in classes)), block("documents/document-source-id"),
             block("documents/optional-title-publisher"),
             block("documents/optional-date-about"),
             values("o", [e.iri for e in about]) + " " + block("documents/document-mentions") if about else ""]  # fmt: skip
    if analysis.form == "count":
        return Plan("count-documents", select(["(COUNT(DISTINCT ?d) AS ?documents)"], where, distinct=False),
                    ["documents"], sentence=lambda rows: f"{rows[0]['documents'] if rows else 0} document(s).")  # fmt: skip
    return Plan(
        "documents",
        select(
            ["document", "title", "publisher", "date", "inspection"],
            where,
            extra=f"\nORDER BY ?document\nLIMIT {LIMIT}",
        ),
        ["document", "title", "publisher", "date", "inspection"],
        sentence=_sentence("{}.", "document"),
    )


def strong_metric(analysis: Analysis) -> bool:
    """True when the question names a metric kind with a phrase of two words or more."""
    words = set(analysis.content_words)
    for concept in metric_concepts(analysis):
        for name in concept.labels:
            wanted = content(tokens(name))
            if len(wanted) >= 2 and all(w in words for w in wanted):
                return True
    return False


__all__ = ["Plan", "figure_shape", "figure_shaped", "metric_concepts", "strong_metric"]
