"""What a question names and asks: linked entities, ontology terms, concepts, dates and its form."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ..classes import REGION, registry
from ..extract.dates import MONTHS
from ..extract.dates import dates as date_mentions
from ..ontology import Concept
from .lexicon import Entity, Lexicon, Term, content, fold, stem, tokens

_FORMS: tuple[tuple[str, str], ...] = (
    (r"^(?:how many|number of|count|what number)\b|\bhow many\b", "count"),
    (r"^(?:what|which) (?:percentage|proportion|share|per cent|percent)\b|\bwhat percentage\b|^in what percentage\b"
     r"|^how much\b", "percent"),
    (r"^when\b|^(?:what|which) (?:date|year|month)\b|\bwhat date\b", "when"),
    (r"^(?:who|whom)\b", "who"),
    (r"^(?:is|was|were|are|did|does|do|has|have|had|can|could)\b", "yesno"),
    (r"^(?:compare|how does|how do)\b|\bcompared? (?:to|with)\b|\bversus\b|\bvs\b", "compare"),
    (r"^(?:which|list|name|show|give|find|in which|for which)\b", "which"),
)  # fmt: skip
_SUPERLATIVE = re.compile(r"(?<!\bat )\b(?P<max>highest|most|largest|biggest|best|greatest|maximum|top)\b"
                          r"|(?<!\bat )\b(?P<min>lowest|least|smallest|worst|fewest|minimum)\b")  # fmt: skip
_PREVIOUS = re.compile(r"\b(?:previous(?:ly)?|last|earlier|before|prior|first time|second time)\b")
_WORD = re.compile(r"[A-Za-z][\w'\u2019&.-]*")
_QUESTION_WORDS = frozenset(
    stem(w)
    for w in (
        "what which who whom when where how is was were are did does do has have list name show give find "
        "compare in for tell"
    ).split()
)


def question_words() -> frozenset[str]:
    """The stemmed words that ask (what, which, how, list ...), not what is asked about."""
    return _QUESTION_WORDS


@dataclass(frozen=True)
class Link:
    """An entity the question names, at tokens ``start``..``end``."""

    entity: Entity
    start: int
    end: int
    exact: bool = True
    alternatives: tuple[Entity, ...] = ()
    parts: tuple[Entity, ...] = ()
    """Entities named by some of the link's words ('Barnsley' and 'Rotherham' in 'Barnsley and Rotherham')."""


@dataclass
class Analysis:
    """A question, taken apart."""

    question: str
    words: list[str]
    form: str
    links: list[Link] = field(default_factory=list)
    terms: list[tuple[Term, int, int]] = field(default_factory=list)
    hidden: list[tuple[Term, int, int]] = field(default_factory=list)
    """Terms inside a longer phrase the lexicon also knows ('PDUs' in 'how many PDUs')."""
    unknown: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    superlative: str | None = None
    previous: bool = False

    def concepts(self, scheme: str) -> list[Concept]:
        """The concepts of ``scheme`` the question names, in order, once each."""
        found: list[Concept] = []
        for term, _start, _end in self.terms:
            if term.kind == scheme and term.concept is not None and term.concept not in found:
                found.append(term.concept)
        return found

    def asked(self, scheme: str) -> list[Concept]:
        """Concepts of ``scheme`` named as the thing asked for ('which *services* ...'), not as a filter."""
        return [
            t.concept
            for t, start, _end in self.terms
            if t.kind == scheme and t.concept is not None and start <= 1 and self.form == "which"
        ]

    def asks_for(self, iri: URIRef) -> bool:
        """True when ``iri`` is what the question asks for: its word is the first the lexicon knows."""
        if not self.terms:
            return False
        first = min(start for _term, start, _end in self.terms)
        return any(term.iri == iri and start == first for term, start, _end in self.terms)

    def has(self, iri: URIRef) -> bool:
        """True when the question uses a word of class or property ``iri``."""
        return any(term.iri == iri for term, _s, _e in self.terms)

    def term_position(self, iri: URIRef) -> int | None:
        """Where the question first uses a word of ``iri``."""
        return next((start for term, start, _e in self.terms if term.iri == iri), None)

    def entities(self, *kinds: str) -> list[Entity]:
        """The linked entities, optionally only those of some classes."""
        found = [link.entity for link in self.links]
        return [e for e in found if not kinds or e.kinds & set(kinds)]

    def mentions(self, *words: str) -> bool:
        """True when the question contains one of ``words`` (compared stemmed)."""
        wanted = {stem(w) for w in words}
        return any(w in wanted for w in self.words)

    @property
    def content_words(self) -> list[str]:
        """The question's meaningful words, minus those that named entities."""
        covered = {i for link in self.links for i in range(link.start, link.end)}
        return content([w for i, w in enumerate(self.words) if i not in covered])


def _form(folded: str) -> str:
    for pattern, form in _FORMS:
        if re.search(pattern, folded):
            return form
    return "what"


def analyse(question: str, lexicon: Lexicon) -> Analysis:
    """Link the question's words to the graph's entities and the ontology's terms."""
    folded = fold(question)
    words = tokens(question)
    analysis = Analysis(question=question, words=words, form=_form(folded))
    superlative = _SUPERLATIVE.search(folded)
    if superlative:
        analysis.superlative = "max" if superlative.group("max") else "min"
    analysis.previous = _PREVIOUS.search(folded) is not None
    analysis.dates = [d.value for d in date_mentions(question)]
    covered: set[int] = set()
    _link_exact(analysis, lexicon, covered)
    _link_terms(analysis, lexicon, covered)
    _link_loose(analysis, lexicon, covered)
    _link_singletons(analysis, lexicon)
    return analysis


def _link_singletons(analysis: Analysis, lexicon: Lexicon) -> None:
    """A class with one member by nature, named by its class word ('the national arrangements'): that member."""
    singletons = {c.key for c in registry().classes if c.singleton}
    for term, start, end in list(analysis.terms):
        key = str(term.iri).rsplit("#", 1)[-1]
        if term.kind != "class" or key not in singletons:
            continue
        members = [e for e in lexicon.by_iri.values() if key in e.kinds]
        if len(members) == 1 and not any(link.start < end and start < link.end for link in analysis.links):
            analysis.links.append(Link(members[0], start, end))
            analysis.terms.remove((term, start, end))
    analysis.links.sort(key=lambda link: link.start)


def _link_exact(analysis: Analysis, lexicon: Lexicon, covered: set[int]) -> None:
    words = analysis.words
    i = 0
    while i < len(words):
        for n in range(min(lexicon.longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            if n == 1 and (key[0] in _QUESTION_WORDS or not content(list(key))):
                continue
            found = lexicon.entities.get(key)
            if found:
                parts = tuple(
                    sorted(
                        {e for w in content(list(key)) for e in lexicon.entities.get((w,), ()) if e not in found},
                        key=lambda e: e.iri,
                    )
                )
                for entity in sorted(found, key=lambda e: e.iri):
                    analysis.links.append(Link(entity, i, i + n, parts=parts if n > 1 else ()))
                covered.update(range(i, i + n))
                i += n
                break
        else:
            i += 1


def _link_terms(analysis: Analysis, lexicon: Lexicon, covered: set[int]) -> None:
    """Every phrase of the ontology's lexicon in the question (overlaps allowed), outside entity names."""
    words = analysis.words
    for n in range(min(lexicon.longest, len(words)), 0, -1):
        for i in range(0, len(words) - n + 1):
            if set(range(i, i + n)) & covered:
                continue
            key = tuple(words[i : i + n])
            if n == 1 and not content(list(key)):
                continue
            for term in sorted(lexicon.terms.get(key, ()), key=lambda t: str(t.iri)):
                analysis.terms.append((term, i, i + n))
    _link_misspelt_terms(analysis, lexicon, covered)
    analysis.hidden = [item for item in analysis.terms if _shadowed(item, analysis.terms)]
    analysis.terms = [item for item in analysis.terms if item not in analysis.hidden]
    analysis.terms.sort(key=lambda item: (item[1], -item[2]))


def _link_misspelt_terms(analysis: Analysis, lexicon: Lexicon, covered: set[int]) -> None:
    """Single words the lexicon does not know but nearly does ('accomodation', 'recomendations')."""
    known = {i for _t, start, end in analysis.terms for i in range(start, end)} | covered
    singles = [key[0] for key in lexicon.terms if len(key) == 1 and len(key[0]) >= 5]
    for i, word in enumerate(analysis.words):
        if i in known or len(word) < 6 or not content([word]) or word in lexicon.entity_tokens:
            continue
        close = difflib.get_close_matches(word, singles, n=1, cutoff=0.85)
        if not close:
            continue
        following = tuple(analysis.words[i + 1 : i + 2])
        span = 2 if following and (close[0], *following) in lexicon.terms else 1
        key = (close[0], *following) if span == 2 else (close[0],)
        for term in sorted(lexicon.terms.get(key, ()), key=lambda t: str(t.iri)):
            analysis.terms.append((term, i, i + span))


def _shadowed(item: tuple[Term, int, int], terms: list[tuple[Term, int, int]]) -> bool:
    """A phrase that is part of a longer one: dropped when either of them names a concept.

    'rate' in 'reoffending rate', 'delivery' in 'probation delivery units' and 'inspectors' in
    'chief inspectors' are not read on their own; 'recommendations' in 'how many
    recommendations' is (both are classes or properties).
    """
    term, start, end = item
    for other, other_start, other_end in terms:
        if other is term and (other_start, other_end) == (start, end):
            continue
        length, other_length = end - start, other_end - other_start
        overlaps = other_start < end and start < other_end
        inside = other_start <= start and end <= other_end
        if not overlaps:
            continue
        if (
            other.concept is not None
            and term.concept is None
            and other_length >= length
            and (other_start, other_end) != (start, end)
        ):
            return True
        if other_length > length and (other.concept is not None or (term.concept is not None and inside)):
            return True
    return False


def _proper_tokens(question: str, count: int) -> list[bool]:
    """For each token of the question, True when that occurrence is written with a capital.

    The first word's question word and months do not count, and a word is judged where it stands: 'probation' is
    not a name because 'HM Inspectorate of Probation' is.
    """
    flags: list[bool] = []
    for k, chunk in enumerate(question.split()):
        word = chunk.lstrip("\"'(\u2018\u201c")
        folded = fold(chunk).split()
        capital = word[:1].isupper() and (k > 0 or fold(word) not in _QUESTION_WORDS)
        flags.extend(capital and f not in MONTHS for f in folded)
    return flags if len(flags) == count else [False] * count


_UNIT_CLASSES = frozenset(c.key for c in registry().units())


def _link_loose(analysis: Analysis, lexicon: Lexicon, covered: set[int]) -> None:
    """Names the question writes partly ('Staffordshire') or with a typo ('Sheffeild')."""
    term_tokens = {i for _t, s, e in analysis.terms for i in range(s, e)}
    proper = _proper_tokens(analysis.question, len(analysis.words))
    known_tokens = list(lexicon.entity_tokens)
    for i, word in enumerate(analysis.words):
        if i in covered or i in term_tokens or not proper[i] or word in _QUESTION_WORDS or not content([word]):
            continue
        candidates = lexicon.entity_tokens.get(word)
        exact = True
        if not candidates:
            close = difflib.get_close_matches(word, known_tokens, n=1, cutoff=0.84) if len(word) >= 5 else []
            candidates = lexicon.entity_tokens.get(close[0]) if close else None
            exact = False
        if candidates:
            named_classes = {str(t.iri).rsplit("#", 1)[-1] for t, _s, _e in analysis.terms if t.kind == "class"}
            # 'PDUs in Mercia': after 'in', a part of a name names where the units are (a region), not one of them
            where = i > 0 and analysis.words[i - 1] == "in" and bool(named_classes & _UNIT_CLASSES)
            ranked = sorted(
                candidates,
                key=lambda e: (
                    not (where and REGION in e.kinds),
                    not (e.kinds & named_classes),
                    len(e.label),
                    e.iri,
                ),
            )
            analysis.links.append(Link(ranked[0], i, i + 1, exact=exact, alternatives=tuple(ranked[1:])))
            covered.add(i)
        elif not lexicon.terms.get((word,)):
            analysis.unknown.append(word)
    analysis.links.sort(key=lambda link: link.start)
