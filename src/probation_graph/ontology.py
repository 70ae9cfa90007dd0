"""The ontology files and the concept vocabulary read from them (labels, synonyms, schemes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .errors import ConfigError
from .namespaces import ID, PG, RDF, RDFS, SKOS

SCHEMES = ("rating", "standard", "metric", "unit", "grade", "service-type", "service-role", "role")
"""The SKOS concept schemes of the ontology; a concept's IRI is ``ID[scheme + "-" + key]``."""


def ontology_dir() -> Path:
    """Return the folder holding probation.ttl, shapes.ttl and the other ontology data files."""
    packaged = Path(str(resources.files("probation_graph"))) / "ontology"
    if (packaged / "probation.ttl").is_file():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "ontology"
    if (source_tree / "probation.ttl").is_file():
        return source_tree
    raise ConfigError(f"ontology files not found in {packaged} or {source_tree}")


def ontology_file(name: str) -> Path:
    """Return the path of one file of the ontology folder, or raise if it is missing."""
    path = ontology_dir() / name
    if not path.is_file():
        raise ConfigError(f"ontology file missing: {path}")
    return path


@cache
def ontology_graph() -> Graph:
    """Parse ``probation.ttl`` once per process."""
    graph = Graph()
    graph.parse(ontology_file("probation.ttl"), format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    """Parse ``shapes.ttl`` once per process."""
    graph = Graph()
    graph.parse(ontology_file("shapes.ttl"), format="turtle")
    return graph


_PUNCTUATION = re.compile(r"[^\w%' ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=50_000)
def normalise(text: str) -> str:
    """Fold text for matching labels: lower case, '&' as 'and', curly quotes, no punctuation."""
    text = text.lower().replace("&", " and ").replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


@dataclass(frozen=True)
class Concept:
    """One SKOS concept: its IRI, scheme, preferred label, synonyms, notation and rank."""

    iri: URIRef
    scheme: str
    key: str
    label: str
    alt_labels: tuple[str, ...] = ()
    notation: str | None = None
    rank: int | None = None
    units: tuple[str, ...] = ()
    broader: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The preferred label followed by the synonyms."""
        return (self.label, *self.alt_labels)


@dataclass
class Vocabulary:
    """The concepts of every scheme, looked up by key, by IRI or by the words of a label."""

    concepts: dict[str, dict[str, Concept]] = field(default_factory=dict)
    _indexes: dict[str, dict[str, Concept]] = field(default_factory=dict, repr=False, compare=False)

    def concept(self, scheme: str, key: str) -> Concept:
        """Return the concept ``key`` of ``scheme``; an unknown scheme or key raises ``KeyError``."""
        try:
            return self.concepts[scheme][key]
        except KeyError:
            raise KeyError(f"no concept {key!r} in scheme {scheme!r}") from None

    def iri(self, scheme: str, key: str) -> URIRef:
        """Return the IRI of concept ``key`` of ``scheme`` (raises ``KeyError`` if unknown)."""
        return self.concept(scheme, key).iri

    def scheme(self, scheme: str) -> list[Concept]:
        """Return the concepts of one scheme."""
        return list(self.concepts[scheme].values())

    def match(self, scheme: str, text: str) -> Concept | None:
        """Return the concept of ``scheme`` whose label or synonym equals ``text`` once folded."""
        return self._folded(scheme).get(normalise(text))

    def _folded(self, scheme: str) -> dict[str, Concept]:
        """The concepts of a scheme by folded label and synonym (the first concept wins a shared one)."""
        index = self._indexes.get(scheme)
        if index is None:
            index = {}
            for concept in self.concepts.get(scheme, {}).values():
                for label in concept.labels:
                    index.setdefault(normalise(label), concept)
            self._indexes[scheme] = index
        return index


@cache
def vocabulary() -> Vocabulary:
    """Read every concept scheme of the ontology once per process."""
    graph = ontology_graph()
    vocab = Vocabulary()
    for scheme in SCHEMES:
        scheme_iri = ID[scheme]
        entries: dict[str, Concept] = {}
        for iri in graph.subjects(SKOS.inScheme, scheme_iri):
            assert isinstance(iri, URIRef)
            local = str(iri)[len(str(ID)) :]
            key = local.removeprefix(scheme + "-")
            rank = graph.value(iri, PG.rank)
            notation = graph.value(iri, SKOS.notation)
            broader = graph.value(iri, SKOS.broader)
            units = sorted(str(u)[len(str(ID)) + len("unit-") :] for u in graph.objects(iri, PG.expectedUnit))
            entries[key] = Concept(
                iri=iri,
                scheme=scheme,
                key=key,
                label=str(graph.value(iri, SKOS.prefLabel)),
                alt_labels=tuple(sorted(str(v) for v in graph.objects(iri, SKOS.altLabel))),
                notation=str(notation) if notation is not None else None,
                rank=int(rank.toPython()) if isinstance(rank, Literal) else None,
                units=tuple(units),
                broader=str(broader)[len(str(ID)) + len(scheme) + 1 :] if broader is not None else None,
            )
        if not entries:
            raise ConfigError(f"concept scheme {scheme!r} is empty in probation.ttl")
        vocab.concepts[scheme] = entries
    return vocab


def labelled_terms() -> list[URIRef]:
    """Return every class and property the ontology defines (for the lexicon and its tests)."""
    graph = ontology_graph()
    kinds = (
        URIRef("http://www.w3.org/2002/07/owl#Class"),
        URIRef("http://www.w3.org/2002/07/owl#ObjectProperty"),
        URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty"),
        URIRef("http://www.w3.org/2002/07/owl#AnnotationProperty"),
    )
    terms = {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    return sorted(terms)


def label_of(term: URIRef) -> str | None:
    """Return the ``rdfs:label`` of a term of the ontology, if it has one."""
    value = ontology_graph().value(term, RDFS.label)
    return str(value) if value is not None else None
