from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from probation_graph.namespaces import ID, PG
from probation_graph.ontology import labelled_terms, ontology_file, ontology_graph, shapes_graph, vocabulary


def test_ontology_and_shapes_parse():
    assert len(ontology_graph()) > 500
    assert len(shapes_graph()) > 50


@pytest.mark.parametrize("term", labelled_terms(), ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_every_class_and_property_has_label_comment_and_synonyms(term: URIRef):
    graph = ontology_graph()
    assert graph.value(term, RDFS.label) is not None, "missing rdfs:label"
    assert graph.value(term, RDFS.comment) is not None, "missing rdfs:comment"
    assert list(graph.objects(term, SKOS.altLabel)), "missing skos:altLabel synonyms"


def test_closed_vocabulary_matches_the_ontology():
    defined = {str(t) for t in labelled_terms() if str(t).startswith(str(PG))}
    declared = {str(PG[name]) for name in PG.__annotations__}
    assert defined == declared


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        _ = PG.Inspecton


def test_rating_scale_is_ordered_best_first():
    ratings = sorted(vocabulary().scheme("rating"), key=lambda c: c.rank or 0, reverse=True)
    assert [c.label for c in ratings] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]


@pytest.mark.parametrize(
    ("scheme", "key"),
    [
        ("standard", "leadership"),
        ("standard", "implementation-and-delivery"),
        ("standard", "through-the-gate"),
        ("metric", "reoffending-rate"),
        ("metric", "sickness-days"),
        ("unit", "percent"),
        ("grade", "probation-officer"),
        ("service-type", "accommodation"),
        ("service-role", "crs"),
        ("role", "chief-inspector"),
    ],
)
def test_concept_schemes_hold_the_domain(scheme: str, key: str):
    concept = vocabulary().concept(scheme, key)
    assert (concept.iri, SKOS.inScheme, ID[scheme]) in ontology_graph()
    assert (concept.iri, RDF.type, None) in ontology_graph()


def test_unknown_concept_raises():
    with pytest.raises(KeyError):
        vocabulary().concept("rating", "brilliant")


@pytest.mark.parametrize(("text", "key"), [("requires improvement", "requires-improvement"), ("GOOD", "good")])
def test_vocabulary_matches_labels(text: str, key: str):
    assert vocabulary().match("rating", text).key == key


def test_every_concept_has_a_preferred_label():
    graph = Graph()
    graph.parse(ontology_file("probation.ttl"))
    for scheme in ("rating", "standard", "metric", "unit", "grade", "service-type", "service-role", "role"):
        for concept in vocabulary().scheme(scheme):
            assert graph.value(concept.iri, SKOS.prefLabel) is not None
