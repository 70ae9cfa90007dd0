"""Network projections and their formats, checked with networkx and an independent reader."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest
from typer.testing import CliRunner

from probation_graph import EmbeddedStore
from probation_graph.errors import ProbationGraphError
from probation_graph.export import network_bytes, write_network
from probation_graph.network import Filters, project, report

ID = "https://w3id.org/probation-graph/id/"


@pytest.fixture(scope="module")
def full(seed_store: EmbeddedStore) -> nx.MultiDiGraph:
    return project(seed_store, "full")


def linked(graph: nx.Graph, a: str, b: str) -> bool:
    return graph.has_edge(ID + a, ID + b) or graph.has_edge(ID + b, ID + a)


def test_shelter_links_to_its_unit_and_its_consortium(full: nx.MultiDiGraph, seed_store: EmbeddedStore):
    assert linked(full, "org/shelter", "pdu/barnsley-and-rotherham")
    assert linked(full, "org/shelter", "org/purple-futures")
    assert linked(project(seed_store, "provider-unit"), "org/shelter", "pdu/barnsley-and-rotherham")


def test_purple_futures_owns_west_yorkshire(full: nx.MultiDiGraph):
    assert full.has_edge(ID + "org/purple-futures", ID + "crc/west-yorkshire", key="owns")


def test_martin_jones_oversaw_two_inspections(full: nx.MultiDiGraph):
    inspected = {
        full.nodes[t]["label"]
        for s, _p, k in full.in_edges(ID + "person/martin-jones", keys=True)
        if k == "overseen_by"
        for _s, t, key in full.out_edges(s, keys=True)
        if key == "inspected"
    }
    assert inspected == {"Barnsley and Rotherham PDU", "Sheffield PDU"}


def test_nodes_carry_key_attributes_and_edges_their_sources(full: nx.MultiDiGraph):
    unit = full.nodes[ID + "pdu/barnsley-and-rotherham"]
    assert (unit["type"], unit["rating"], unit["region"]) == (
        "ProbationDeliveryUnit",
        "Inadequate",
        "Yorkshire and the Humber region",
    )
    edge = full.edges[ID + "org/purple-futures", ID + "crc/west-yorkshire", "owns"]
    assert edge["sources"] == "west-yorkshire-crc-press-release-2020" and edge["weight"] == 1
    assert not any(isinstance(v, (list, dict)) for _n, d in full.nodes(data=True) for v in d.values())


def test_report_counts_match_sparql(seed_store: EmbeddedStore, full: nx.MultiDiGraph):
    found = report(seed_store, "full")
    assert found.nodes == full.number_of_nodes() and found.edges == full.number_of_edges()
    owners = seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a pg:ownedBy ?b } }")
    assert found.edge_types["owns"] == int(owners.rows[0][0])
    units = seed_store.query("SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a pg:ProbationDeliveryUnit }")
    assert found.node_types["ProbationDeliveryUnit"] == int(units.rows[0][0])
    assert found.components >= 1 and found.top_degree and found.communities
    assert found.top_providers[0][1] == 1


def test_co_mention(seed_store: EmbeddedStore):
    graph = project(seed_store, "co-mention")
    edge = graph.edges[ID + "org/purple-futures", ID + "org/shelter"]
    assert edge["weight"] == 1 and "West Yorkshire" in edge["sources"]
    assert graph.edges[ID + "pdu/barnsley-and-rotherham", ID + "region/yorkshire-and-the-humber"]["weight"] == 2


@pytest.mark.parametrize(
    ("filters", "inside", "outside"),
    [
        (Filters(rating="Requires improvement"), "crc/west-yorkshire", "pdu/sheffield"),
        (Filters(region="Yorkshire and the Humber"), "pdu/barnsley-and-rotherham", "crc/west-yorkshire"),
        (Filters(since="2024-10"), "pdu/sheffield", "crc/west-yorkshire"),
    ],
)
def test_filters(seed_store: EmbeddedStore, filters: Filters, inside: str, outside: str):
    graph = project(seed_store, "full", filters)
    assert ID + inside in graph and ID + outside not in graph


def test_unknown_projection(seed_store: EmbeddedStore):
    with pytest.raises(ProbationGraphError, match="projection"):
        project(seed_store, "nonsense")


@pytest.mark.parametrize("projection", ["full", "provider-unit", "co-mention"])
def test_formats_load_back_with_the_same_counts(seed_store: EmbeddedStore, tmp_path: Path, projection: str):
    graph = project(seed_store, projection)
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()

    graphml = write_network(graph, "graphml", tmp_path / "g.graphml")[0]
    back = nx.read_graphml(graphml)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    other = igraph.Graph.Read_GraphML(str(graphml))
    assert (other.vcount(), other.ecount()) == (nodes, edges)

    gexf = write_network(graph, "gexf", tmp_path / "g.gexf")[0]
    back = nx.read_gexf(gexf)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    tree = ET.parse(gexf)
    assert len(tree.findall(".//{*}node")) == nodes and len(tree.findall(".//{*}edge")) == edges

    data = json.loads(network_bytes(graph, "json"))
    back = nx.node_link_graph(data, edges="links")
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)

    node_file, edge_file = write_network(graph, "csv", tmp_path / "csv")
    with node_file.open() as n, edge_file.open() as e:
        assert len(list(csv.DictReader(n))) == nodes and len(list(csv.DictReader(e))) == edges


def test_cli_export_and_network(built_env, tmp_path: Path):
    from probation_graph.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app, ["export", "--format", "gexf", "--projection", "provider-unit", "-o", str(tmp_path / "p.gexf")]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "p.gexf").number_of_edges() == 2
    graphml = runner.invoke(app, ["export", "--format", "graphml"])
    assert graphml.exit_code == 0 and "<graphml" in graphml.output
    shown = runner.invoke(app, ["network"])
    assert shown.exit_code == 0 and "Top nodes by degree" in shown.output and "Communities" in shown.output
    assert runner.invoke(app, ["export", "--format", "csv"]).exit_code == 1


def test_neighbourhood_keeps_centres_and_steps_over_documents_and_services(full: nx.MultiDiGraph):
    from probation_graph.network import neighbourhood

    unit = ID + "pdu/barnsley-and-rotherham"
    around = neighbourhood(full, [unit, ID + "nowhere"], radius=1)
    assert around.nodes[unit]["centre"] and around.nodes[unit]["distance"] == 0
    assert ID + "nowhere" not in around
    assert ID + "org/shelter" in around and around.has_edge(unit, ID + "org/shelter")
    assert ID + "region/yorkshire-and-the-humber" in around
    assert not {d["type"] for _n, d in around.nodes(data=True)} & {"Service", "InspectionReport", "NewsArticle"}
    assert all(d["distance"] <= 1 for _n, d in around.nodes(data=True))
    wider = neighbourhood(full, [unit], radius=2)
    assert set(around) < set(wider)
    assert ID + "org/purple-futures" in wider, "Shelter's consortium is two steps out"


def test_neighbourhood_is_capped_nearest_first(full: nx.MultiDiGraph):
    from probation_graph.network import neighbourhood

    unit = ID + "pdu/barnsley-and-rotherham"
    small = neighbourhood(full, [unit], radius=2, limit=5)
    assert len(small) == 5 and unit in small
    assert all(d["distance"] <= 1 for _n, d in small.nodes(data=True))
