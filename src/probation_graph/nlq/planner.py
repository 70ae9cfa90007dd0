"""The planner: a registry of intents; the plan that applies the most of the question wins.

Every intent is tried. Each plan says which constraints of the question's frame it applies (or they are
read from its SPARQL: the IRIs, dates and classes it names). A plan scores ten for each constraint that
narrows the answer and one for each kind of other; ties go to the more specific intent. What the winner leaves out
is reported: a narrowing constraint it cannot apply means the answer gives no rows and says so, never a
superset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .analyse import Analysis
from .analytics import plan_change, plan_owner_order, plan_ranked, plan_units
from .frame import Constraint, Frame, frame, rated
from .lexicon import content, fold
from .plans import (
    Plan,
    figure_shape,
    figure_shaped,
    plan_count_units,
    plan_date,
    plan_documents,
    plan_figure,
    plan_figure_text,
    plan_figure_words,
    plan_findings,
    plan_key_question,
    plan_list_units,
    plan_members,
    plan_ownership,
    plan_people,
    plan_provider,
    plan_quotations,
    plan_rating,
    plan_region,
    plan_score,
    strong_metric,
)


@dataclass(frozen=True)
class Intent:
    """One kind of question: its name, how the interpretation titles it, and its composer."""

    name: str
    title: str
    compose: Callable[[Analysis, Frame], Plan | None]
    family: str = ""
    """Intents of one family answer with the same kind of rows: one may stand in when another finds nothing."""


def _legacy(planner: Callable[[Analysis], Plan | None]) -> Callable[[Analysis, Frame], Plan | None]:
    return lambda analysis, _frame: planner(analysis)


def _analytic(planner: Callable[[Frame], Plan | None]) -> Callable[[Analysis, Frame], Plan | None]:
    return lambda _analysis, question_frame: planner(question_frame)


def _figure_words(analysis: Analysis, question_frame: Frame) -> Plan | None:
    """'What was the <what> for <unit>?': the words of <what> describe the figure, so it accounts for them.

    With no unit named after 'for' ('for probation delivery units'), those words are matched too.
    """
    found = plan_figure_words(analysis)
    shape = figure_shape(analysis)
    if found is not None and shape is not None:
        named = any(link.start >= shape.subject_token for link in analysis.links)
        end = shape.subject_token if named else len(analysis.words)
        described = [
            c
            for c in question_frame.constraints
            if shape.what_token <= c.start
            and c.end <= end
            and c.kind not in _NOT_DESCRIPTIVE
            and not (c.kind == "term" and c.values[0][:1].isupper())  # a class names what is asked for
            and not (c.kind == "rank" and question_frame.of("measure"))
        ]
        found.applied = [c for c in question_frame.constraints if _in_query(c, found.sparql)] + described
        subject = [
            c for c in question_frame.constraints if c.start >= shape.subject_token and c.kind not in _NOT_DESCRIPTIVE
        ]
        for wider in found.fallbacks:  # the figure among all subjects whose words match, the subject's too
            wider.applied = list(dict.fromkeys([*found.applied, *subject]))
            wider.mentions = tuple(c.text for c in subject if c.kind in ("unit", "region") and not c.partial)
    return found


def _figure_text(analysis: Analysis, question_frame: Frame) -> Plan | None:
    """Figures ranked by the question's words: they account for its metric and 'previous' wording as text."""
    found = plan_figure_text(analysis) if not rated(analysis) else None
    if found is not None:
        weak = [c for c in question_frame.of("metric") if len(content(c.text.split())) < 2]
        found.applied = [
            *question_frame.of("unit", "region"),
            *weak,
            *(
                c
                for c in question_frame.constraints
                if not c.hard and c.kind not in ("target", "standard", "metric", "term")
            ),
        ]
    return found


INTENTS: tuple[Intent, ...] = (
    Intent("units", "", _analytic(plan_units)),
    Intent("ranked", "ranking", _analytic(plan_ranked)),
    Intent("change", "change over time", _analytic(plan_change)),
    Intent("owner-order", "owners in turn", _analytic(plan_owner_order)),
    Intent("figure-words", "figures stated in words like the question's", _figure_words, "figures"),
    Intent("documents", "source documents", _legacy(plan_documents)),
    Intent("quotations", "quotations", _legacy(plan_quotations)),
    Intent("score", "scores", _legacy(plan_score)),
    Intent("findings", "findings and recommendations", _legacy(plan_findings)),
    Intent("people", "people and their roles", _legacy(plan_people)),
    Intent("key-question", "key question results", _legacy(plan_key_question), "figures"),
    Intent("rating", "ratings", _legacy(plan_rating)),
    Intent("date", "dates of inspections", _legacy(plan_date)),
    Intent("ownership", "owners", _legacy(plan_ownership)),
    Intent("members", "members of groups", _legacy(plan_members)),
    Intent("providers", "service providers", _legacy(plan_provider)),
    Intent("region", "regions", _legacy(plan_region)),
    Intent("figure", "figures", _legacy(plan_figure), "figures"),
    Intent("figure-text", "figures worded like the question", _figure_text, "figures"),
    Intent("count-units", "number of units", _legacy(plan_count_units)),
    Intent("list-units", "units", _legacy(plan_list_units)),
)
"""The intents; their order only breaks ties between plans that apply as much of the question."""


@dataclass
class Choice:
    """The chosen plan, the question's frame, what the plan applied and what it left out."""

    plan: Plan
    intent: Intent
    frame: Frame
    applied: list[Constraint] = field(default_factory=list)
    missing: list[Constraint] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def topic(self) -> list[str]:
        """The words a plan that ranks text (findings, quotations) ranks it by: what no constraint applied used."""
        if not self.plan.ranked_text:
            return []
        loose = [c.text for c in self.frame.of("standard", "metric") if c not in self.applied]
        shown = self.frame.analysis.question.split()
        concepts = [
            " ".join(shown[s:e])
            if len(shown) == len(self.frame.analysis.words)
            else " ".join(self.frame.analysis.words[s:e])
            for term, s, e in self.frame.analysis.terms
            if term.concept is not None and term.kind != "role" and str(term.iri) not in self.plan.sparql
        ]
        words = [w.strip("?.,;:!\"'()") for w in [*loose, *concepts, *self.unused]]
        return list(dict.fromkeys(w for w in words if w))

    @property
    def interpretation(self) -> str:
        """The query in plain English, from the plan: its intent, then each constraint it applied."""
        return self.interpretation_of(self.plan)

    def interpretation_of(self, answered: Plan) -> str:
        """The interpretation of the plan that answered (the chosen one, or a fallback that let go of a name)."""
        applied = self.applied if answered is self.plan else applied_by(answered, self.frame)
        parts = [self.intent.title] if self.intent.title else []
        parts += [c.label for c in applied if c.kind not in ("target", "term")]
        let_go = [c.text for c in self.applied if c.hard and c not in applied]
        if let_go:
            parts.append("matched by the words " + ", ".join(f"‘{t}’" for t in let_go))
        return " · ".join(dict.fromkeys(parts)) or "everything the graph holds of that kind"


def applied_by(plan: Plan, question_frame: Frame) -> list[Constraint]:
    """The constraints ``plan`` applies: as it declares, or as its SPARQL shows."""
    if plan.applied is not None:
        found = [
            c
            for c in question_frame.constraints
            if c in plan.applied or (c.kind == "term" and _in_query(c, plan.sparql))
        ]
    else:
        strict = question_frame.analysis.form == "yesno"
        found = [
            c
            for c in question_frame.constraints
            if _in_query(c, plan.sparql) and not (strict and c.kind not in _NAMING_KINDS)
        ]
    metrics = [c for c in found if c.kind == "metric"]
    consumed = [
        c
        for c in question_frame.of("class")
        if c not in found and any(m.start <= c.start and c.end <= m.end for m in metrics)
    ]
    return [c for c in question_frame.constraints if c in found or c in consumed]


def _in_query(constraint: Constraint, sparql: str) -> bool:
    kind = constraint.kind
    if kind in ("unit", "region", "owner", "person", "provider", "entity"):
        named = constraint.values + constraint.parts
        written = (f'"{fold(constraint.text)}"', f'"{fold(constraint.label)}"')
        return any(f"<{v}>" in sparql for v in named) or any(w in sparql for w in written)
    if kind in ("rating", "standard", "metric"):
        if not constraint.values:
            return "pg:hasStandardRating" in sparql
        return any(f"<{v}>" in sparql for v in constraint.values)
    if kind == "measure":
        return any(p in sparql for p in _MEASURE_PROPERTIES.get(constraint.values[0], ()))
    if kind == "term":
        return re.search(rf"\bpg:{re.escape(constraint.values[0])}\b", sparql) is not None
    if kind == "class" and len(constraint.values) > 1:
        return all(f"pg:{v}" in sparql for v in constraint.values)
    if kind in ("class", "inspection-kind"):
        return any(f"pg:{v}" in sparql or f"pg:{_CLASS_PROPERTY.get(v, v)}" in sparql for v in constraint.values)
    if kind == "date":
        return not constraint.detail.split(":")[-1] and f'"{constraint.values[0]}' in sparql
    if kind == "rank":
        return re.search(r"ORDER BY (?:DESC|ASC)\(|\b(?:MAX|MIN)\(", sparql) is not None
    if kind == "name":
        return f'"{constraint.values[0]}' in sparql.lower()
    return False


_NOT_DESCRIPTIVE = frozenset({"measure", "change", "group", "target"})
"""Parts of a question that ask for an operation (a change, a grouping, a ranking by a measure), not words describing
a figure ('the maximum days a week' does)."""
_NAMING_KINDS = frozenset({"unit", "class", "date", "name", "metric", "measure", "rank"})
"""What a query's text shows it applies beyond doubt. For a yes/no question, a plan that does not declare its
constraints is credited only with these: an IRI in its text is not proof it tests the asked relation."""
_MEASURE_PROPERTIES = {
    "recommendations": ("pg:hasRecommendation", "pg:recommendationCount"),
    "score": ("pg:score",),
}
_CLASS_PROPERTY = {"ProbationRegion": "inRegion"}
"""A class whose members a query may reach through a property rather than by naming the class."""


def _score(plan: Plan, applied: list[Constraint]) -> int:
    """Ten for each narrowing constraint applied, one for each kind of other constraint."""
    return 10 * sum(c.hard for c in applied) + len({c.kind for c in applied if not c.hard})


def candidates(analysis: Analysis, question_frame: Frame) -> list[tuple[Intent, Plan]]:
    """Every intent's plan for the question, in registry order (figure questions put figure intents first)."""
    order = list(INTENTS)
    words_last = not figure_shaped(analysis)
    order = sorted(order, key=lambda i: (i.name == "figure-words") == words_last)
    if strong_metric(analysis):
        figure = next(i for i in order if i.name == "figure")
        order.remove(figure)
        order.insert(next(k for k, i in enumerate(order) if i.name == "ownership"), figure)
    found = []
    for intent in order:
        composed = intent.compose(analysis, question_frame)
        if composed is not None:
            found.append((intent, composed))
    return found


def choose(analysis: Analysis) -> Choice | None:
    """The plan that applies the most of the question, or ``None`` when no intent recognises it."""
    question_frame = frame(analysis)
    found = candidates(analysis, question_frame)
    if not found:
        return None
    scored = sorted((-_score(p, applied_by(p, question_frame)), k) for k, (_i, p) in enumerate(found))
    index = scored[0][1]
    intent, chosen = found[index]
    _fallbacks(analysis, intent, chosen, found)
    applied = applied_by(chosen, question_frame)
    hard = {id(c) for c in applied if c.hard}
    kept = []
    for other in chosen.fallbacks:
        missing = [c for c in applied if c.hard and c not in applied_by(other, question_frame)]
        if all(c.kind == "unit" or c.partial for c in missing if c.kind in _IDENTITIES):
            other.mentions = tuple(
                dict.fromkeys([*other.mentions, *(c.text for c in missing if c.kind == "unit" and not c.partial)])
            )
            kept.append(other)
    chosen.fallbacks = kept
    for _rank, k in scored[1:]:
        other_intent, other = found[k]
        if not intent.family or other_intent.family != intent.family or other is chosen or other in chosen.fallbacks:
            continue
        if hard <= {id(c) for c in applied_by(other, question_frame) if c.hard}:
            chosen.fallbacks.append(other)
    missing = [c for c in question_frame.constraints if c.hard and c not in applied]
    return Choice(chosen, intent, question_frame, applied, missing, unused_words(analysis, question_frame))


_IDENTITIES = frozenset({"unit", "region", "class", "rating", "standard", "date", "person"})
"""Constraints a query tried when the chosen one finds nothing must keep: another rating's units are never the
answer. A unit it lets go of must be named in each row it gives (``Plan.mentions``): a figure a document states
under another subject ('HM Prison and Probation Service' for its national arrangements) is found, another
unit's figure never is."""


def _fallbacks(analysis: Analysis, intent: Intent, chosen: Plan, found: list[tuple[Intent, Plan]]) -> None:
    """A figure question's other reading, tried when the chosen query returns nothing."""
    if intent.name == "figure-words":
        metric = next((p for i, p in found if i.name == "figure"), None)
        if metric is not None and metric not in chosen.fallbacks:
            chosen.fallbacks.append(metric)
    elif figure_shaped(analysis) and intent.name not in ("units", "ranked", "change"):
        words = next((p for i, p in found if i.name == "figure-words"), None)
        if words is not None and words not in chosen.fallbacks:
            chosen.fallbacks.append(words)


def unused_words(analysis: Analysis, question_frame: Frame) -> list[str]:
    """The question's content words that no entity, ontology term or constraint accounts for."""
    covered = question_frame.covered()
    covered |= {i for link in analysis.links for i in range(link.start, link.end)}
    covered |= {i for _t, s, e in analysis.terms for i in range(s, e)}
    raw = analysis.question.split()
    words = analysis.words
    shown = raw if len(raw) == len(words) else words
    meaningful = set(content(list(words)))
    from .analyse import question_words

    return [
        shown[i].strip("?.,;:!\"'()")
        for i, w in enumerate(words)
        if i not in covered and w in meaningful and w not in question_words() and not w.isdigit()
    ]


__all__ = ["INTENTS", "Choice", "Intent", "applied_by", "candidates", "choose", "unused_words"]
