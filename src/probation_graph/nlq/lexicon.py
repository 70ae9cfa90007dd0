"""The words the question interface understands, all read from data.

- Entities: every label and synonym (``rdfs:label``, ``skos:altLabel``) of the organisations,
  people and places in the graph itself.
- Terms: every label and synonym of the ontology's classes and properties.
- Concepts: every label and synonym of the SKOS concepts (ratings, standards, metric kinds,
  service types and roles, staff grades, person roles).

New wording belongs in the ontology (``skos:altLabel``), never in Python.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..namespaces import GRAPH_ENTITIES, PG
from ..ontology import SCHEMES, Concept, ontology_graph, vocabulary
from ..store import Store

_LOCAL = threading.local()
STOP_WORDS: tuple[str, ...] = tuple(
    (
        "a an the of in on at for to by and or is are was were be been did do does has have had what which who whom "
        "whose when where how many much list show tell me give all every any there their its it this that with from "
        "about as into per than"
    ).split()
)


def fold(text: str) -> str:
    """Lower case, ASCII, '&' as 'and', no possessive 's, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("&", " and ").replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9%.' -]+", " ", text).replace("'", "").replace("-", " ")
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a folded word; short plurals of acronyms lose their 's' ('pdus').

    Snowball stemmers keep state while they work, so each thread has its own.
    """
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    stemmed = str(stemmer.stemWord(word))
    if stemmed == word and word.endswith("s") and 3 <= len(word) <= 5 and not word.endswith("ss"):
        return word[:-1]
    return stemmed


def tokens(text: str) -> list[str]:
    """The stemmed tokens of folded text."""
    return [stem(t) for t in fold(text).split()]


@lru_cache(maxsize=1)
def metric_synonyms() -> dict[str, frozenset[str]]:
    """One-word names of the same kind of figure, by stemmed word ('inspected' → 'examined', 'reviewed', ...)."""
    found: dict[str, set[str]] = defaultdict(set)
    for concept in vocabulary().scheme("metric"):
        singles = {words[0] for label in concept.labels if len(words := content(tokens(label))) == 1}
        for word in singles:
            found[word] |= singles - {word}
    return {word: frozenset(others) for word, others in found.items() if others}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stemmed stop words."""
    return frozenset(stem(w) for w in STOP_WORDS)


def content(words: list[str]) -> list[str]:
    """Tokens that carry meaning (no stop words)."""
    stop = stop_words()
    return [w for w in words if w not in stop]


@dataclass(frozen=True)
class Entity:
    """A thing in the graph that questions can name."""

    iri: str
    label: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology, or a concept of one of its schemes."""

    iri: URIRef
    kind: str
    """'class', 'property' or the concept scheme's name."""
    concept: Concept | None = None


@dataclass
class Lexicon:
    """Phrases (as tuples of stemmed tokens) mapped to the entities and terms they name."""

    entities: dict[tuple[str, ...], set[Entity]] = field(default_factory=lambda: defaultdict(set))
    terms: dict[tuple[str, ...], set[Term]] = field(default_factory=lambda: defaultdict(set))
    entity_tokens: dict[str, set[Entity]] = field(default_factory=lambda: defaultdict(set))
    by_iri: dict[str, Entity] = field(default_factory=dict)
    longest: int = 1

    def add_entity(self, label: str, entity: Entity) -> None:
        """Index an entity under one of its labels."""
        self.by_iri.setdefault(entity.iri, entity)
        key = tuple(tokens(label))
        if key:
            self.entities[key].add(entity)
            self.longest = max(self.longest, len(key))
            for token in content(list(key)):
                self.entity_tokens[token].add(entity)

    def add_term(self, label: str, term: Term) -> None:
        """Index an ontology term under one of its labels."""
        key = tuple(tokens(label))
        if key:
            self.terms[key].add(term)
            self.longest = max(self.longest, len(key))


_ENTITIES = f"""
SELECT ?e ?type ?label WHERE {{
  GRAPH <{GRAPH_ENTITIES}> {{
    ?e a ?type .
    {{ ?e <{RDFS.label}> ?label }} UNION {{ ?e <{SKOS.altLabel}> ?label }}
  }}
  FILTER (?type != <{PG.Inspection}>)
}}"""


_LABELS = f"SELECT ?e ?l WHERE {{ GRAPH <{GRAPH_ENTITIES}> {{ ?e <{RDFS.label}> ?l }} }}"


def build_lexicon(store: Store) -> Lexicon:
    """Read the lexicon from the store's entities and the ontology."""
    lexicon = Lexicon()
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    preferred: dict[str, str] = {}
    for node, cls, name in store.query(_ENTITIES).rows:
        kinds[str(node)].add(str(cls).rsplit("#", 1)[-1])
        labels[str(node)].add(str(name))
    for node, name in store.query(_LABELS).rows:
        preferred.setdefault(str(node), str(name))
    for key, names in labels.items():
        entity = Entity(key, preferred.get(key, min(names)), frozenset(kinds[key]))
        for written in names:
            lexicon.add_entity(written, entity)
    graph = ontology_graph()
    for kind, types in (("class", (OWL.Class,)), ("property", (OWL.ObjectProperty, OWL.DatatypeProperty))):
        for rdf_type in types:
            for subject in graph.subjects(RDF.type, rdf_type):
                if not isinstance(subject, URIRef) or not str(subject).startswith(str(PG)):
                    continue
                for predicate in (RDFS.label, SKOS.altLabel):
                    for phrase in graph.objects(subject, predicate):
                        lexicon.add_term(str(phrase), Term(subject, kind))
    for scheme in SCHEMES:
        for concept in vocabulary().scheme(scheme):
            if concept.key == "other":
                continue
            for text in concept.labels:
                lexicon.add_term(text, Term(concept.iri, scheme, concept))
    return lexicon
