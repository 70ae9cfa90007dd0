"""Inspection reports in the layout of HM Inspectorate of Probation's PDU and CRC reports.

The report is read line by line: headings open sections (a rated standard such as 'P 1.2
Staffing', a topic such as 'Outcomes', 'Recommendations', 'Ratings'); 'Strengths' and 'Areas
for improvement' open lists whose bullets are findings of the section; a line that is a rating
label rates the pending standard; key-question rows end in a percentage. Prose-level facts
(figures, services, people, organisations) come from the modules shared with articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import DateFact, Finding, KeyQuestion, Recommendation, Span, StandardRating
from ..ontology import Concept, vocabulary
from . import entities
from .claims import rating_key
from .dates import first_date
from .entities import NAME
from .ratings import rating_pattern
from .text import Text, blank_markup

_HEADING = re.compile(r"^\s*(?:#{1,6}\s*(?P<h>.+?)|\*\*(?P<b>[^*]+?)\*\*:?|<b>(?P<t>[^<]+)</b>)\s*$")
_STANDARD_LINE = re.compile(r"^(?:P\s*)?(?P<code>\d\.\d)\.?\s+(?P<name>[A-Z][A-Za-z ,&'-]+?)\s*$")
_BULLET = re.compile(r"^\s*[-\u2022\u25aa*]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*(?:(?P<n>\d{1,2})\.|[-\u2022*])\s+(?P<text>\S.*)$")
_KEY_QUESTION = re.compile(r"^\s*\|?\s*(?P<q>[A-Z][^\t?|]{10,}\?)\s*\|?\s+(?P<p>\d{1,3})%")
_BOLD_PERCENT = re.compile(r"(?:<b>|\*\*)\s*\d{1,3}%")
_SCORE = re.compile(r"^\s*Score\s*(?:\*\*)?\s*(?P<score>\d+)\s*/\s*(?P<max>\d+)")
_FIELDWORK_LINE = re.compile(r"^\s*Fieldwork (?:started|began|start)\s*:?\s*(?P<date>.+?)\s*$", re.IGNORECASE)
_FIELDWORK_PROSE = re.compile(
    r"(?:conducted|carried out|undertook) (?:the )?fieldwork\b[^.]*?\b(?:beginning|starting|from|commencing) (?:on )?",
    re.IGNORECASE,
)
_SHOULD = re.compile(rf"^\s*(?:\*\*|#+\s*)*(?P<name>{NAME})\s+should:?", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\s*<sup>\d+</sup>")


@dataclass
class _State:
    """Where the walk through the report is."""

    section: str | None = None
    rated: set[str] = field(default_factory=set)
    pending: tuple[Concept, str, int] | None = None
    expect_overall: bool = False
    list_kind: str | None = None
    in_recommendations: bool = False
    addressed_to: str | None = None
    finding: tuple[int, int, list[str]] | None = None


def walk(text: Text, subject: str, key: str) -> _Walker:
    """Read a report's layout for the inspection ``key`` of ``subject``."""
    walker = _Walker(text, subject, key)
    walker.walk()
    return walker


class _Walker:
    """Reads the report's lines in order and collects what its layout states."""

    def __init__(self, text: Text, subject: str, key: str) -> None:
        self.text = text
        self.subject = subject
        self.key = key
        self.state = _State()
        self.overall: str | None = None
        self.overall_evidence: Span | None = None
        self.overall_heading: int | None = None
        self.score: int | None = None
        self.max_score: int | None = None
        self.score_evidence: Span | None = None
        self.dates: list[DateFact] = []
        self.ratings: list[StandardRating] = []
        self.questions: list[KeyQuestion] = []
        self.findings: list[Finding] = []
        self.recommendations: list[Recommendation] = []

    def lines(self) -> list[tuple[int, int, str]]:
        out, position = [], 0
        for line in self.text.text.split("\n"):
            out.append((position, position + len(line), line))
            position += len(line) + 1
        return out

    def walk(self) -> None:
        for start, end, line in self.lines():
            self.line(start, end, line)
        self.close_finding()

    def span(self, start: int, end: int) -> Span:
        return self.text.span(start, end)

    def line(self, start: int, end: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if _FOOTNOTE.match(line) or stripped == "---":
            return
        plain = " ".join(blank_markup(stripped).split())
        if self.rating_line(plain.strip("# :"), start, end):
            self.close_finding()
            return
        heading = _HEADING.match(line)
        if heading and not _BULLET.match(line):
            self.close_finding()
            self.heading(" ".join(blank_markup(next(g for g in heading.groups() if g)).split()), start, end)
            return
        if self.state.finding and not _BULLET.match(line) and stripped[:1].islower():
            self.state.finding[2].append(plain)
            return
        self.close_finding()
        standard = _STANDARD_LINE.match(plain)
        if standard and self.standard(standard.group("code"), standard.group("name")):
            concept = self.standard(standard.group("code"), standard.group("name"))
            assert concept is not None
            self.state.pending = (concept, standard.group("code"), start)
            return
        if self.facts(plain, line, start, end):
            return
        bullet = _BULLET.match(line)
        if bullet and self.state.section and not self.state.in_recommendations:
            self.state.finding = (start, end, [" ".join(blank_markup(bullet.group("text")).split())])
            return
        numbered = _NUMBERED.match(line)
        if numbered and self.state.in_recommendations:
            self.recommendations.append(
                Recommendation(
                    inspection=self.key,
                    ordinal=int(numbered.group("n")) if numbered.group("n") else len(self.recommendations) + 1,
                    text=" ".join(blank_markup(numbered.group("text")).split()),
                    addressed_to=self.state.addressed_to,
                    evidence=self.span(start, end),
                )
            )

    def heading(self, title: str, start: int, end: int) -> None:
        """A heading: a section, a list of strengths or areas for improvement, or another part."""
        title = title.strip(" :*#")
        lowered = title.lower().rstrip(":")
        if lowered in ("strengths", "strength"):
            self.state.list_kind = "strength"
            return
        if lowered in ("areas for improvement", "area for improvement"):
            self.state.list_kind = "area-for-improvement"
            return
        should = _SHOULD.match(title)
        if should and self.state.in_recommendations:
            self.state.addressed_to = entities.unit_name(should.group("name"))
            return
        if lowered == "overall rating":
            self.state.expect_overall = True
            self.overall_heading = start + len(self.text.text[start:end]) - len(self.text.text[start:end].lstrip(" #*"))
            return
        self.state = _State(rated=self.state.rated)
        if lowered == "recommendations":
            self.state.in_recommendations = True
            return
        numbered = re.match(r"^(?:P\s*)?(?P<code>\d\.\d)\.?\s+(?P<name>.+)$", title)
        concept = (
            self.standard(numbered.group("code"), numbered.group("name"))
            if numbered
            else vocabulary().match("standard", re.sub(r"^\d+\.\s*", "", title))
        )
        if concept is not None:
            self.state.section = concept.key
            if numbered:
                self.state.pending = (concept, numbered.group("code"), start)

    @staticmethod
    def standard(code: str, name: str) -> Concept | None:
        """The standard a code and name denote: by name, else by the code."""
        concept = vocabulary().match("standard", name.strip())
        if concept is not None:
            return concept
        return next((c for c in vocabulary().scheme("standard") if c.notation == code), None)

    def rating_line(self, plain: str, start: int, end: int) -> bool:
        """A line that is only a rating label: the overall rating or the pending standard's rating."""
        if not re.fullmatch(rf"(?:{rating_pattern()})", plain, re.IGNORECASE):
            return False
        key = rating_key(plain)
        if key is None:
            return False
        if self.state.expect_overall and self.overall is None:
            self.overall = key
            self.overall_evidence = self.span(self.overall_heading if self.overall_heading is not None else start, end)
            self.state.expect_overall = False
            return True
        pending = self.state.pending
        if pending is not None and pending[0].key not in self.state.rated:
            concept, code, _position = pending
            self.ratings.append(
                StandardRating(
                    inspection=self.key,
                    standard=concept.key,
                    code=f"P {code}" if not code.startswith("P") else code,
                    rating=key,
                    evidence=self.span(start, end),
                )
            )
            self.state.rated.add(concept.key)
            self.state.pending = None
            return True
        return pending is not None

    def facts(self, plain: str, line: str, start: int, end: int) -> bool:
        """Score, fieldwork, key-question rows and 'X should:' lines."""
        score = _SCORE.match(plain)
        if score:
            self.score, self.max_score = int(score.group("score")), int(score.group("max"))
            self.score_evidence = self.span(start, end)
            return True
        fieldwork = _FIELDWORK_LINE.match(plain)
        if fieldwork:
            value = first_date(fieldwork.group("date"))
            if value:
                self.dates.append(
                    DateFact(inspection=self.key, field="fieldwork_start", value=value, evidence=self.span(start, end))
                )
            return True
        prose = _FIELDWORK_PROSE.search(plain)
        if prose:
            value = first_date(plain[prose.end() :])
            sentence = self.text.span_at(start + (line.find(plain[:20]) if plain[:20] in line else 0))
            if value and sentence:
                self.dates.append(
                    DateFact(inspection=self.key, field="fieldwork_start", value=value, evidence=sentence)
                )
        question = _KEY_QUESTION.match(blank_markup(line))
        if question:
            self.questions.append(
                KeyQuestion(
                    inspection=self.key,
                    standard=self.state.section,
                    question=" ".join(blank_markup(question.group("q")).split()),
                    percentage=float(question.group("p")),
                    drives_rating=_BOLD_PERCENT.search(line) is not None,
                    evidence=self.span(start, end),
                )
            )
            return True
        should = _SHOULD.match(plain)
        if should and self.state.in_recommendations:
            self.state.addressed_to = entities.unit_name(should.group("name"))
            return True
        return False

    def close_finding(self) -> None:
        """Finish the bullet being read: one finding of the current section and list."""
        if self.state.finding is None:
            return
        start, end, parts = self.state.finding
        self.state.finding = None
        self.findings.append(
            Finding(
                inspection=self.key,
                kind=self.state.list_kind or "finding",
                standard=self.state.section,
                topic=None,
                text=" ".join(parts),
                evidence=self.span(start, end),
            )
        )
