"""The knowledge graph as a network for analysis: networkx projections and their metrics.

``project(store, "full")`` makes a ``networkx.MultiDiGraph`` whose nodes are the entities
(units, regions, providers, consortia, people, places, services, inspections, documents) with
``label``, ``type`` and key attributes, and whose edges are the relations between them with
``type``, ``sources`` (the documents that state them) and ``weight``. Literal values (texts,
figures) stay node attributes. Other projections: ``provider-unit`` (providers and the units they
deliver services in) and ``co-mention`` (organisations named by the same document).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .classes import CONSORTIUM, ORGANISATION, PDU, PROVIDER, PUBLIC_BODY, REGION, registry
from .errors import ProbationGraphError
from .namespaces import GRAPH_DOCUMENT_PREFIX, GRAPH_ENTITIES
from .store import Store

PROJECTIONS = ("full", "provider-unit", "co-mention")
UNITS = frozenset(c.key for c in registry().units() if c.key != REGION)
"""The units services are delivered in (PDUs, CRCs, NPS divisions), from the class registry."""
ORGANISATIONS = frozenset(c.key for c in registry().organisations())
PROVIDERS = frozenset(
    c.key
    for c in registry().organisations()
    if registry().is_a(c.key, PROVIDER) or c.key in (CONSORTIUM, PUBLIC_BODY, ORGANISATION)
)
"""The kinds of organisation that provide services (providers, their consortia, public bodies, any organisation)."""

EDGES: dict[str, str] = {
    "part_of_region": "?s pg:inRegion ?t .",
    "owns": "?t pg:ownedBy ?s .",
    "member_of": "?s pg:memberOf ?t .",
    "subdivision_of": "?s pg:subdivisionOf ?t .",
    "subcontracts_to": "?s pg:subcontractsTo ?t .",
    "serves_area": "?s pg:servesArea ?t .",
    "delivers_service_in": "?x pg:providedBy ?s ; pg:deliveredIn ?t .",
    "subcontracted_in": "?x pg:subcontractor ?s ; pg:deliveredIn ?t .",
    "provided_by": "?s a pg:Service ; pg:providedBy ?t .",
    "delivered_in": "?s a pg:Service ; pg:deliveredIn ?t .",
    "inspected": "?s pg:inspected ?t .",
    "conducted_by": "?s pg:conductedBy ?t .",
    "led_by": "?s pg:leadInspector ?t .",
    "overseen_by": "?s pg:chiefInspector ?t .",
    "previous_inspection": "?s pg:previousInspection ?t .",
    "holds_role_in": "?x pg:rolePerson ?s ; pg:roleOrganisation ?t .",
    "about": "?s pg:about ?t .",
    "mentions": "?s pg:mentions ?t .",
}
"""Edge types of the full projection and the graph pattern from source ``?s`` to target ``?t``."""

_NODES = f"""SELECT ?n ?type ?label WHERE {{
  {{ GRAPH <{GRAPH_ENTITIES}> {{ ?n a ?type ; rdfs:label ?label }} }}
  UNION {{ ?n pg:sourceId ?id ; a ?type . ?type rdfs:subClassOf pg:SourceDocument .
           OPTIONAL {{ ?n dcterms:title ?title }} BIND (COALESCE(?title, ?id) AS ?label) }}
  UNION {{ ?n a pg:Service ; rdfs:label ?label . BIND (pg:Service AS ?type) }}
}}"""

_UNIT_ATTRIBUTES = """SELECT ?unit ?rating ?rank ?date WHERE {
  ?i pg:inspected ?unit ; pg:overallRating ?r . ?r skos:prefLabel ?rating ; pg:rank ?rank .
  FILTER EXISTS { ?d pg:about ?i }
  OPTIONAL { ?i pg:publicationDate|pg:fieldworkStart|pg:inspectionYear ?date }
}"""


@dataclass
class Filters:
    """Limits on a projection: units of a region or rating, or inspected within a date range."""

    region: str | None = None
    rating: str | None = None
    since: str | None = None
    until: str | None = None

    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.region, self.rating, self.since, self.until))


def _source_id(graph: object) -> str | None:
    text = str(graph)
    return text[len(GRAPH_DOCUMENT_PREFIX) :] if text.startswith(GRAPH_DOCUMENT_PREFIX) else None


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def kind_of(types: set[str]) -> str:
    """The most specific type of a node for display ('Charity' rather than 'ServiceProvider'), by the registry's order."""
    return registry().most_specific(types) or (sorted(types)[0] if types else "Thing")


def full_graph(store: Store) -> nx.MultiDiGraph:
    """Every entity and every relation of the store, with sources and weights."""
    graph = nx.MultiDiGraph(name="probation_graph")
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for term, cls, name in store.query(_NODES).rows:
        types[str(term)].add(_local(cls))
        labels.setdefault(str(term), str(name))
    for node, node_types in types.items():
        graph.add_node(node, label=labels[node], type=kind_of(node_types))
    _unit_attributes(store, graph)
    mentioned_by: dict[str, set[str]] = defaultdict(set)
    for edge_type, pattern in EDGES.items():
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for subject, obj, named in store.query(f"SELECT ?s ?t ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}").rows:
            key = (str(subject), str(obj))
            document = _source_id(named)
            found[key].update([document] if document else [])
            if edge_type == "mentions" and document:
                mentioned_by[str(obj)].add(document)
        for (source, target), documents in found.items():
            if source not in graph or target not in graph or source == target:
                continue
            if not documents:
                documents = mentioned_by[source] & mentioned_by[target] or mentioned_by[source]
            graph.add_edge(
                source, target, key=edge_type, type=edge_type, sources="; ".join(sorted(documents)),
                weight=max(1, len(documents)),
            )  # fmt: skip
    return graph


def _unit_attributes(store: Store, graph: nx.MultiDiGraph) -> None:
    """Overall rating (of the latest inspection), region and latest inspection date of each unit."""
    latest: dict[str, tuple[str, str, int]] = {}
    for unit_term, rating_term, rank_term, date in store.query(_UNIT_ATTRIBUTES).rows:
        key, dated = str(unit_term), str(date) if date is not None else ""
        if key not in latest or dated > latest[key][1]:
            latest[key] = (str(rating_term), dated, int(str(rank_term)))
    for unit, (rating, when, rank) in latest.items():
        if unit in graph:
            graph.nodes[unit].update(rating=rating, rating_rank=rank, **({"latest_inspection": when} if when else {}))
    for member, region in store.query("SELECT ?u ?l WHERE { ?u pg:inRegion/rdfs:label ?l }").rows:
        if str(member) in graph:
            graph.nodes[str(member)]["region"] = str(region)


def provider_unit(full: nx.MultiDiGraph) -> nx.Graph:
    """Providers and the units they deliver services in (as provider or sub-contractor).

    One edge per provider and unit; ``weight`` counts the services, ``services`` names them and
    ``role`` says whether the provider delivers them or is sub-contracted.
    """
    graph = nx.Graph(name="provider-unit")
    for provider, unit, data in full.edges(data=True):
        if data["type"] not in ("delivers_service_in", "subcontracted_in"):
            continue
        graph.add_node(provider, **full.nodes[provider], bipartite=0)
        graph.add_node(unit, **full.nodes[unit], bipartite=1)
        services = sorted(
            full.nodes[service]["label"]
            for service, target, key in full.in_edges(provider, keys=True)
            if key == "provided_by" and target == provider and full.has_edge(service, unit, key="delivered_in")
        )
        if graph.has_edge(provider, unit):
            edge = graph.edges[provider, unit]
            edge["role"] = "; ".join(sorted({*edge["role"].split("; "), data["type"]}))
            edge["services"] = "; ".join(sorted({*edge["services"].split("; "), *services} - {""}))
        else:
            graph.add_edge(
                provider, unit, type="delivers_service_in", role=data["type"], sources=data["sources"],
                services="; ".join(services),
            )  # fmt: skip
        edge = graph.edges[provider, unit]
        edge["weight"] = max(1, len([s for s in edge["services"].split("; ") if s]))
    return graph


def co_mention(full: nx.MultiDiGraph) -> nx.Graph:
    """Organisations linked when the same document names both; weight = number of such documents."""
    graph = nx.Graph(name="co-mention")
    named: dict[str, set[str]] = defaultdict(set)
    for document, target, data in full.edges(data=True):
        if data["type"] == "mentions" and full.nodes[target]["type"] in ORGANISATIONS:
            named[document].add(target)
    for document, organisations in named.items():
        ordered = sorted(organisations)
        for index, first in enumerate(ordered):
            graph.add_node(first, **full.nodes[first])
            for second in ordered[index + 1 :]:
                graph.add_node(second, **full.nodes[second])
                if graph.has_edge(first, second):
                    edge = graph.edges[first, second]
                    edge["weight"] += 1
                    edge["sources"] = "; ".join(sorted({*edge["sources"].split("; "), full.nodes[document]["label"]}))
                else:
                    graph.add_edge(first, second, type="co_mention", weight=1, sources=full.nodes[document]["label"])
    return graph


def _filtered(graph: nx.Graph, filters: Filters) -> nx.Graph:
    """The units that pass the filters, and everything one step from them."""
    keep = set()
    for node, data in graph.nodes(data=True):
        if data.get("type") not in UNITS:
            continue
        if filters.region and filters.region.lower() not in str(data.get("region", "")).lower():
            continue
        if filters.rating and filters.rating.lower() != str(data.get("rating", "")).lower():
            continue
        when = str(data.get("latest_inspection", ""))
        if (filters.since and (not when or when < filters.since)) or (
            filters.until and (not when or when[: len(filters.until)] > filters.until)
        ):
            continue
        keep.add(node)
    neighbours = {n for node in keep for n in nx.all_neighbors(graph, node)}
    return graph.subgraph(keep | neighbours).copy()


def project(store: Store, projection: str = "full", filters: Filters | None = None) -> nx.Graph:
    """A networkx graph of the store: ``full``, ``provider-unit`` or ``co-mention``, optionally filtered."""
    if projection not in PROJECTIONS:
        raise ProbationGraphError(f"unknown projection {projection!r}; use one of {', '.join(PROJECTIONS)}")
    full = full_graph(store)
    graph: nx.Graph = full
    if projection == "provider-unit":
        graph = provider_unit(full)
    elif projection == "co-mention":
        graph = co_mention(full)
    return _filtered(graph, filters) if filters and filters.active() else graph


DOCUMENTS = frozenset({"InspectionReport", "NewsArticle", "PressRelease", "SourceDocument"})
HIDDEN_AROUND = DOCUMENTS | {"Service"}
"""Node types :func:`neighbourhood` steps over unless asked for: documents (they name everything) and
services (the provider–unit edge already says who delivers services where)."""


def neighbourhood(
    full: nx.MultiDiGraph,
    centres: Iterable[str],
    *,
    radius: int = 1,
    limit: int = 60,
    hidden: frozenset[str] = HIDDEN_AROUND,
) -> nx.Graph:
    """The centres and the entities within ``radius`` relations of them, as a simple undirected graph.

    Nodes of the ``hidden`` types (documents and services) are left out unless they are centres.
    At most ``limit`` nodes are kept: the centres, then the nearest and best-connected neighbours.
    Each edge keeps the relation types joining its ends.
    """
    simple = nx.Graph()
    wanted = [c for c in dict.fromkeys(centres) if c in full]
    keep = set(wanted)
    distance = dict.fromkeys(wanted, 0)
    frontier = list(wanted)
    for step in range(1, radius + 1):
        found = []
        for node in frontier:
            for neighbour in nx.all_neighbors(full, node):
                if neighbour not in distance and full.nodes[neighbour].get("type") not in hidden:
                    distance[neighbour] = step
                    found.append(neighbour)
        frontier = found
    ranked = sorted(distance, key=lambda n: (distance[n], -full.degree(n), str(full.nodes[n].get("label", n))))
    keep = set(ranked[: max(limit, len(wanted))])
    for node in keep:
        simple.add_node(node, **full.nodes[node], centre=node in wanted, distance=distance[node])
    for source, target, data in full.edges(data=True):
        if source in keep and target in keep and source != target:
            if simple.has_edge(source, target):
                types = simple.edges[source, target]["type"].split("; ")
                simple.edges[source, target]["type"] = "; ".join(sorted({*types, data["type"]}))
            else:
                simple.add_edge(source, target, type=data["type"])
    return simple


@dataclass
class NetworkReport:
    """What a network analyst looks at first."""

    projection: str
    nodes: int
    edges: int
    node_types: dict[str, int] = field(default_factory=dict)
    edge_types: dict[str, int] = field(default_factory=dict)
    components: int = 0
    largest_component: int = 0
    top_degree: list[tuple[str, int]] = field(default_factory=list)
    top_betweenness: list[tuple[str, float]] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    top_providers: list[tuple[str, int]] = field(default_factory=list)
    bridges: list[tuple[str, list[str]]] = field(default_factory=list)


def report(store: Store, projection: str = "full", filters: Filters | None = None, *, top: int = 10) -> NetworkReport:
    """Counts, components, centrality, communities, busiest providers and organisations bridging regions."""
    graph = project(store, projection, filters)
    simple = nx.Graph(graph.to_undirected()) if graph.is_directed() or graph.is_multigraph() else graph
    label = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    components = list(nx.connected_components(simple)) if len(simple) else []
    betweenness = nx.betweenness_centrality(simple) if len(simple) else {}
    communities = nx.community.louvain_communities(simple, seed=42) if simple.number_of_edges() else []
    full = graph if projection == "full" else full_graph(store)
    served: dict[str, set[str]] = defaultdict(set)
    regions: dict[str, set[str]] = defaultdict(set)
    for source, target, data in full.edges(data=True):
        if data["type"] in ("delivers_service_in", "subcontracted_in") and full.nodes[target]["type"] == PDU:
            served[source].add(target)
    for node, data in full.nodes(data=True):
        if data.get("type") in UNITS and data.get("region"):
            for neighbour in nx.all_neighbors(full, node):
                if full.nodes[neighbour]["type"] in ORGANISATIONS and full.nodes[neighbour]["type"] != REGION:
                    regions[neighbour].add(str(data["region"]))
    return NetworkReport(
        projection=projection,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        node_types=dict(Counter(str(d.get("type")) for _n, d in graph.nodes(data=True)).most_common()),
        edge_types=dict(Counter(str(d.get("type")) for _s, _t, d in graph.edges(data=True)).most_common()),
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        top_degree=[(label[n], int(d)) for n, d in sorted(simple.degree, key=lambda item: -item[1])[:top]],
        top_betweenness=[(label[n], round(b, 4)) for n, b in sorted(betweenness.items(), key=lambda i: -i[1])[:top]],
        communities=[sorted(label[n] for n in c)[:8] for c in sorted(communities, key=len, reverse=True)[:top]],
        top_providers=[
            (full.nodes[p]["label"], len(u)) for p, u in sorted(served.items(), key=lambda i: -len(i[1]))[:top]
        ],
        bridges=[(full.nodes[o]["label"], sorted(r)) for o, r in regions.items() if len(r) > 1],
    )


def iter_labels(graph: nx.Graph, nodes: Iterable[str]) -> list[str]:
    """The labels of some nodes of a projection."""
    return [str(graph.nodes[n].get("label", n)) for n in nodes]


def to_plain(graph: nx.Graph) -> dict[str, Any]:
    """The node-link data of a projection (for JSON and D3)."""
    return dict(nx.node_link_data(graph, edges="links"))
