"""The app's drawings: highlighted quotes, answer charts and graph layouts."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from probation_graph.view import (
    answer_chart,
    highlight,
    network_chart,
    network_frames,
    rating_colour,
    rating_scale,
    selected_node,
)


@pytest.mark.parametrize(
    ("quote", "values", "expected"),
    [
        ("Rated 'Inadequate' overall.", ["Inadequate"], "Rated &#x27;<mark>Inadequate</mark>&#x27; overall."),
        ("It held 1,980 cases.", [1980], "It held <mark>1,980</mark> cases."),
        ("Only 43% were sufficient.", [43.0], "Only <mark>43</mark>% were sufficient."),
        ("Case 143 of 2430.", [43], "Case 143 of 2430."),
        ("Owned by Kestrel Partners.", ["kestrel partners"], "Owned by <mark>Kestrel Partners</mark>."),
        ("<script>alert(1)</script> Good", ["Good"], "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Good</mark>"),
        ("No values here.", [None, True, "x"], "No values here."),
    ],
)
def test_highlight_marks_values_where_the_sentence_states_them(quote, values, expected):
    assert highlight(quote, values) == expected


def test_rating_scale_comes_from_the_ontology_lowest_first():
    scale = rating_scale()
    assert list(scale) == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    assert rating_colour("Inadequate") != rating_colour("Outstanding")
    assert rating_colour("Unheard of") == "#777"


def kind_of_chart(chart) -> str:
    spec = chart.to_dict()
    encoding = spec["encoding"] if "encoding" in spec else spec["layer"][0]["encoding"]
    return str(encoding["x"].get("title", encoding["x"]["field"]))


def test_answer_charts_fit_what_the_rows_compare():
    percentages = pd.DataFrame(
        {"question": ["a?", "b?"], "percentage": [43, 62], "standard": ["Assessment", "Planning"]}
    )
    assert "sufficient" in kind_of_chart(answer_chart(percentages))
    ratings = pd.DataFrame({"organisation": ["A PDU", "B PDU"], "rating": ["Inadequate", "Good"]})
    assert kind_of_chart(answer_chart(ratings)) == "rating"
    numbers = pd.DataFrame({"place": ["A", "B"], "caseload": [1980, 870]})
    assert kind_of_chart(answer_chart(numbers)) == "caseload"


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"organisation": ["A PDU"], "rating": ["Good"]}),
        pd.DataFrame({"organisation": ["A PDU", "B PDU"], "rating": ["Inadequate", "Inadequate"]}),
        pd.DataFrame({"answer": [True, False]}),
        pd.DataFrame({"name": ["same", "same"], "value": [1, 2]}),
    ],
)
def test_no_chart_when_nothing_is_compared(frame):
    assert answer_chart(frame) is None


def test_network_layout_keeps_every_node_and_edge_and_components_close():
    graph = nx.Graph()
    graph.add_node("a", label="A PDU", type="ProbationDeliveryUnit", centre=True)
    graph.add_node("b", label="Shelter", type="Charity")
    graph.add_node("c", label="C PDU", type="ProbationDeliveryUnit", centre=True)
    graph.add_edge("a", "b", type="delivers_service_in")
    nodes, edges = network_frames(graph)
    assert set(nodes["id"]) == {"a", "b", "c"} and len(edges) == 1
    assert edges.iloc[0]["type"] == "delivers service in"
    span = max(nodes["x"].max() - nodes["x"].min(), nodes["y"].max() - nodes["y"].min())
    assert span <= 2.5, "the lone component is laid out beside the other, not far away"
    spec = network_chart(graph).to_dict()
    assert [p["name"] for p in spec["params"]] == ["node"], "nodes can be clicked"


def test_empty_graph_draws_nothing():
    nodes, edges = network_frames(nx.Graph())
    assert nodes.empty and edges.empty


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"node": [{"id": "https://x/a"}]}}, "https://x/a"),
        ({"selection": {"node": []}}, None),
        ({"selection": {}}, None),
        (None, None),
    ],
)
def test_selected_node_reads_streamlit_events(event, expected):
    assert selected_node(event) == expected
