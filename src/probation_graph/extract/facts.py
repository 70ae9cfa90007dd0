"""What a layout (report or article) states about its inspections, beyond the shared prose facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import DateFact, Finding, Inspection, KeyQuestion, Recommendation, StandardRating

CURRENT = "current"
"""The key of the inspection a document is about; earlier inspections get other keys."""


@dataclass
class InspectionFacts:
    """The inspections a document describes and the facts tied to them."""

    inspections: list[Inspection] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    standard_ratings: list[StandardRating] = field(default_factory=list)
    key_questions: list[KeyQuestion] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
