from __future__ import annotations

import pytest

from probation_graph import EmbeddedStore, classes
from probation_graph.build import BuildError, decimal, to_graph, to_ntriples
from probation_graph.extract import extract
from probation_graph.models import Document, Extraction, Inspection, SourceMeta, Span

SPAN = Span(start=0, end=5, text="Vale.")


def document(text: str = "Vale. Kestrel Bay PDU was inspected.", source_id: str = "doc") -> Document:
    return Document(meta=SourceMeta(source_id=source_id), path=f"/tmp/{source_id}.txt", text=text, sha256="0" * 64)


def test_iris_are_stable_across_builds():
    doc = document()
    first, second = to_graph(extract(doc)), to_graph(extract(doc))
    assert first.triples == second.triples and first.entity_triples == second.entity_triples


def test_unknown_concept_key_raises():
    extraction = Extraction(
        document=document(),
        inspections=(
            Inspection(key="current", subject="Vale", subject_kind=classes.PDU, overall_rating="superb", evidence=SPAN),
        ),
    )
    with pytest.raises(BuildError, match="superb"):
        to_graph(extraction)


def test_unknown_inspection_key_raises():
    from probation_graph.models import Recommendation

    extraction = Extraction(
        document=document(), recommendations=(Recommendation(inspection="missing", text="Do better", evidence=SPAN),)
    )
    with pytest.raises(BuildError, match="missing"):
        to_graph(extraction)


@pytest.mark.parametrize(("value", "text"), [(28.4, "28.4"), (1980.0, "1980"), (0.5, "0.5"), (3, "3")])
def test_decimals_are_written_as_printed(value: float, text: str):
    assert decimal(value).value == text


def test_same_entity_in_two_documents_has_one_iri_and_one_label(seed_store: EmbeddedStore):
    rows = seed_store.query(
        """SELECT ?pdu (COUNT(?label) AS ?labels) (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
             ?pdu a pg:ProbationDeliveryUnit ; rdfs:label ?label . ?doc pg:sourceId ?id ; pg:mentions ?pdu
           } GROUP BY ?pdu"""
    ).rows
    by_pdu = {str(r[0]).rsplit("/", 1)[-1]: (int(r[1]), int(r[2])) for r in rows}
    labels, docs = by_pdu["barnsley-and-rotherham"]
    assert docs == 2
    assert labels == docs  # one label, joined once per mentioning document


def test_evidence_offsets_point_into_the_document_text(seed_store: EmbeddedStore):
    rows = seed_store.query(
        """SELECT ?text ?exact ?start ?end WHERE {
             ?e a pg:Evidence ; oa:hasSource ?doc ; oa:hasSelector ?s .
             ?s oa:exact ?exact ; oa:start ?start ; oa:end ?end . ?doc pg:fullText ?text }"""
    ).rows
    assert rows
    for text, exact, start, end in rows:
        assert str(text)[int(start) : int(end)] == str(exact)


def test_inspection_iri_carries_subject_and_year(seed_store: EmbeddedStore):
    rows = seed_store.query("SELECT ?i WHERE { ?i a pg:Inspection }").rows
    names = {str(r[0]).rsplit("/", 1)[-1] for r in rows}
    assert "pdu-barnsley-and-rotherham-2024" in names
    assert "pdu-sheffield-2024" in names


def test_a_long_text_is_kept_in_parts_that_join_to_it(monkeypatch: pytest.MonkeyPatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("probation_graph.build"), "TEXT_PART", 10)
    text = "Kestrel Bay PDU.\nMercia Vale PDU was inspected."
    built = to_graph(Extraction(document=document(text)))
    predicates = {t.predicate.value.rsplit("#", 1)[-1] for t in built.triples}
    assert "fullText" not in predicates and {"textPart", "textOffset", "partText"} <= predicates
    parts = {t.subject.value: t.object.value for t in built.triples if t.predicate.value.endswith("#partText")}
    offsets = {t.subject.value: int(t.object.value) for t in built.triples if t.predicate.value.endswith("#textOffset")}
    assert "".join(parts[s] for s in sorted(parts, key=offsets.__getitem__)) == text
    assert max(len(part) for part in parts.values()) == 10


def test_a_text_at_the_size_limit_is_stored_and_read_back():
    from probation_graph.fulltext import document_text
    from probation_graph.store import document_graph

    line = "Staff at Kestrel Bay PDU said that caseloads were manageable.\n"
    text = line * (20_000_000 // len(line))
    built = to_graph(Extraction(document=document(text, "at-the-limit")))
    store = EmbeddedStore(None)
    store.replace_graph(built.name, to_ntriples(built.triples), to_ntriples(built.entity_triples))
    assert document_text(store, document_graph("at-the-limit")) == text
