"""The fixed SPARQL query mix of the benchmarks: by rating, by provider, per region, key questions.

Every query declares its prefixes, so it runs unchanged on the embedded store, through `serve`
and on a plain Oxigraph server.
"""

from __future__ import annotations

PREFIXES = """PREFIX pg: <https://w3id.org/probation-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

MIX: dict[str, str] = {
    "units by rating": PREFIXES
    + """SELECT ?rating (COUNT(DISTINCT ?u) AS ?units) WHERE {
  ?i pg:inspected ?u ; pg:overallRating ?r . ?r skos:prefLabel ?rating .
} GROUP BY ?rating ORDER BY ?rating""",
    "inadequate units": PREFIXES
    + """SELECT DISTINCT ?unit WHERE {
  ?i pg:inspected ?u ; pg:overallRating <https://w3id.org/probation-graph/id/rating-inadequate> .
  ?u a pg:ProbationDeliveryUnit ; rdfs:label ?unit .
} ORDER BY ?unit LIMIT 100""",
    "services by provider": PREFIXES
    + """SELECT ?provider (COUNT(DISTINCT ?unit) AS ?units) WHERE {
  ?s a pg:Service ; pg:providedBy/rdfs:label ?provider ; pg:deliveredIn ?unit .
} GROUP BY ?provider ORDER BY DESC(?units) LIMIT 20""",
    "units per region": PREFIXES
    + """SELECT ?region (COUNT(DISTINCT ?u) AS ?units) WHERE {
  ?u pg:inRegion/rdfs:label ?region .
} GROUP BY ?region ORDER BY ?region""",
    "key questions per standard": PREFIXES
    + """SELECT ?standard (AVG(?p) AS ?mean) (COUNT(?k) AS ?results) WHERE {
  ?k a pg:KeyQuestionResult ; pg:percentage ?p ; pg:standard/skos:prefLabel ?standard .
} GROUP BY ?standard ORDER BY ?standard""",
}
