"""What the app draws, as plain functions of library objects: graph layouts, charts, highlighted quotes.

Nothing here imports Streamlit, so the app stays a thin page and these are tested on their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import altair as alt
import networkx as nx
import pandas as pd

from .classes import registry
from .ontology import vocabulary

RANK_COLOURS = {1: "#d73027", 2: "#f1a340", 3: "#5aae61", 4: "#1b7837"}
"""Colours of the rating scale by ``pg:rank`` (1 lowest, red, to 4 highest, green)."""


@cache
def rating_scale() -> dict[str, int]:
    """The ontology's ratings, label to ``pg:rank``, lowest first."""
    ranked = [c for c in vocabulary().scheme("rating") if c.rank is not None]
    return {c.label: int(c.rank or 0) for c in sorted(ranked, key=lambda c: c.rank or 0)}


def rating_colour(rating: str) -> str:
    """The colour of a rating label (grey when it is not on the scale)."""
    return RANK_COLOURS.get(rating_scale().get(rating, 0), "#777")


def kind_colours() -> tuple[list[str], list[str]]:
    """The node kinds' labels in the registry's order and the colour of each (the same in every picture)."""
    classes = registry().classes
    return [c.label for c in classes], [c.colour for c in classes]


def kind_label(kind: str) -> str:
    """A class key in words for legends and tables ('ProbationDeliveryUnit' → 'Probation Delivery Unit')."""
    return registry().get(kind).label if kind in registry() else kind


def _kind_order(label: str) -> int:
    labels = kind_colours()[0]
    return labels.index(label) if label in labels else len(labels)


NODE_SELECTION = "node"
"""Name of the click selection on the nodes of :func:`network_chart`."""


def network_frames(graph: nx.Graph, *, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge tables of a small graph laid out in two dimensions (a fixed seed: stable pictures)."""
    if graph.number_of_nodes() == 0:
        return (
            pd.DataFrame(columns=["id", "label", "type", "kind", "rating", "centre", "x", "y"]),
            pd.DataFrame(columns=["x", "y", "x2", "y2", "type"]),
        )
    positions = _layout(graph, seed)
    nodes = pd.DataFrame(
        [
            {
                "id": node,
                "label": str(data.get("label", node)),
                "type": str(data.get("type", "")),
                "kind": kind_label(str(data.get("type", ""))),
                "rating": str(data.get("rating", "")),
                "centre": bool(data.get("centre", False)),
                "x": float(positions[node][0]),
                "y": float(positions[node][1]),
            }
            for node, data in graph.nodes(data=True)
        ]
    )
    edges = pd.DataFrame(
        [
            {
                "x": float(positions[source][0]),
                "y": float(positions[source][1]),
                "x2": float(positions[target][0]),
                "y2": float(positions[target][1]),
                "type": str(data.get("type", "")).replace("_", " "),
            }
            for source, target, data in graph.edges(data=True)
        ],
        columns=["x", "y", "x2", "y2", "type"],
    )
    return nodes, edges


def _layout(graph: nx.Graph, seed: int) -> dict[Any, Any]:
    """Spring layout, with separate components held together by a hidden hub so none drifts off."""
    laid = nx.Graph(graph)
    components = list(nx.connected_components(laid))
    if len(components) > 1:
        hub = object()
        for component in components:
            anchor = max(component, key=lambda n: (bool(graph.nodes[n].get("centre")), graph.degree(n)))
            laid.add_edge(hub, anchor)
    positions: dict[Any, Any] = nx.spring_layout(laid, seed=seed, k=1.8 / max(1, laid.number_of_nodes()) ** 0.5)
    return {node: positions[node] for node in graph.nodes}


def network_chart(graph: nx.Graph, *, height: int = 520) -> alt.LayerChart:
    """An interactive picture of a small graph: nodes coloured by type, centres larger, click to select."""
    nodes, edges = network_frames(graph)
    axis = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    x, y = alt.X("x:Q", axis=axis), alt.Y("y:Q", axis=axis)
    select = alt.selection_point(name=NODE_SELECTION, fields=["id"], on="click", empty=False)
    lines = (
        alt.Chart(edges)
        .mark_rule(color="#b8b8b8", strokeWidth=1.2)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=[alt.Tooltip("type:N", title="relation")])
    )
    points = (
        alt.Chart(nodes)
        .mark_circle(stroke="#333", strokeWidth=0.6, opacity=0.95)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "kind:N",
                title="kind",
                scale=alt.Scale(domain=kind_colours()[0], range=kind_colours()[1]),
                legend=alt.Legend(values=sorted(set(nodes["kind"]), key=_kind_order)),
            ),
            size=alt.condition("datum.centre", alt.value(520), alt.value(160)),
            strokeWidth=alt.condition(select, alt.value(3), alt.value(0.6)),
            tooltip=[
                alt.Tooltip("label:N", title="name"),
                alt.Tooltip("kind:N", title="kind"),
                alt.Tooltip("rating:N", title="latest rating"),
            ],
        )
        .add_params(select)
    )
    names = (
        alt.Chart(nodes)
        .mark_text(align="left", dx=9, dy=-7, fontSize=11, color="#222")
        .encode(x=x, y=y, text="label:N")
    )
    layered: alt.LayerChart = (
        alt.layer(lines, points, names)
        .properties(height=height)
        .configure_view(strokeWidth=0)
        .configure_legend(orient="bottom", columns=5, labelLimit=220)
    )
    return layered


def selected_node(event: Any) -> str | None:
    """The id of the node clicked in a :func:`network_chart`, from Streamlit's selection event."""
    try:
        chosen = event["selection"][NODE_SELECTION]
    except (KeyError, TypeError):
        return None
    return str(chosen[0]["id"]) if chosen and "id" in chosen[0] else None


def percentage_chart(frame: pd.DataFrame, *, label: str, value: str, group: str | None = None) -> alt.Chart:
    """Horizontal bars of percentages (0–100), one per row, coloured by ``group``."""
    encoding: dict[str, Any] = {
        "x": alt.X(f"{value}:Q", title="% of cases judged sufficient", scale=alt.Scale(domain=[0, 100])),
        "y": alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        "tooltip": [c for c in frame.columns if c != "fact"],
    }
    if group:
        encoding["color"] = alt.Color(f"{group}:N", title=group, scale=alt.Scale(scheme="tableau10"))
    bars = alt.Chart(frame).mark_bar().encode(**encoding)
    values = bars.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text(f"{value}:Q", format=".0f"))
    chart: alt.Chart = (bars + values).properties(height=max(120, 26 * len(frame)), width="container")
    return chart


def _rating_labels() -> str:
    """A Vega expression naming the ticks of the rating axis by their rating."""
    expression = "''"
    for label, rank in reversed(rating_scale().items()):
        expression = f"datum.value == {rank} ? '{label}' : ({expression})"
    return expression


def rating_chart(frame: pd.DataFrame, *, label: str, rating: str, rank: str) -> alt.Chart:
    """Bars of ratings on the ontology's scale (``rank``: 1 lowest to 4 highest), red to green."""
    top = max(rating_scale().values(), default=4)
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{rank}:Q",
                title="rating",
                scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(tickCount=top, labelExpr=_rating_labels()),
            ),
            y=alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)),
            color=alt.Color(
                f"{rating}:N",
                title="rating",
                scale=alt.Scale(domain=list(rating_scale()), range=[rating_colour(r) for r in rating_scale()]),
            ),
            tooltip=[label, rating],
        )
        .properties(height=max(120, 28 * len(frame)))
    )
    return chart


def answer_chart(frame: pd.DataFrame) -> alt.Chart | None:
    """A chart of an answer's rows when they compare something: percentages, ratings, or other numbers.

    Percentages get 0–100 bars, ratings bars on the rating scale, other numbers plain bars; a
    single row, or rows with nothing to compare, get no chart (``None``).
    """
    if len(frame) < 2:
        return None
    present = [c for c in frame.columns if frame[c].notna().any()]
    numbers = [
        c for c in present if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    texts = [c for c in present if c not in numbers]
    scale = rating_scale()
    ratings = [c for c in texts if frame[c].dropna().astype(str).isin(scale).all()]
    labels = [c for c in texts if c not in ratings and frame[c].astype(str).nunique() > 1]
    if not labels:
        return None
    label = labels[0]
    chart_frame = frame.assign(**{label: _distinct_labels(frame, labels)})
    percentages = [c for c in numbers if "percent" in c.lower() or c.lower() in ("pct", "share")]
    if percentages:
        group = next((c for c in labels[1:] if chart_frame[c].astype(str).nunique() > 1), None)
        return percentage_chart(chart_frame, label=label, value=percentages[0], group=group)
    if numbers:
        bars: alt.Chart = (
            alt.Chart(chart_frame)
            .mark_bar()
            .encode(
                x=alt.X(f"{numbers[0]}:Q"),
                y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420, labelOverlap=False)),
                tooltip=list(chart_frame.columns),
            )
            .properties(height=max(120, 24 * len(chart_frame)))
        )
        return bars
    if ratings and chart_frame[ratings[0]].nunique() > 1:
        ranked = chart_frame.assign(rank=chart_frame[ratings[0]].map(lambda r: scale.get(str(r), 0)))
        return rating_chart(ranked, label=label, rating=ratings[0], rank="rank")
    return None


def _numeric(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column))


def _distinct_labels(frame: pd.DataFrame, labels: list[str]) -> pd.Series:
    """The first label column, made unique by adding the next label columns where rows share a label."""
    first = frame[labels[0]].astype(str)
    if first.is_unique:
        return first
    combined = first
    for extra in labels[1:]:
        combined = combined + " · " + frame[extra].fillna("").astype(str)
        if combined.is_unique:
            break
    return combined


def _variants(value: Any) -> list[str]:
    """The ways a value may be written in a sentence (1980 as '1,980' too)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        number = int(value) if float(value).is_integer() else value
        return list(dict.fromkeys([str(number), f"{number:,}"]))
    text = str(value).strip()
    return [text] if len(text) >= 2 else []


def highlight(quote: str, values: Iterable[Any]) -> str:
    """The quote as HTML, with the answer's values marked where the sentence states them."""
    terms = sorted({t for value in values for t in _variants(value)}, key=lambda s: (-len(s), s))
    escaped = html.escape(quote)
    if not terms:
        return escaped
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(html.escape(t)) for t in terms) + r")(?![\w])", re.IGNORECASE
    )
    return pattern.sub(r"<mark>\1</mark>", escaped)


def rating_badge(rating: str | None) -> str:
    """A coloured HTML label for a rating."""
    if not rating:
        return ""
    colour = rating_colour(rating)
    return (
        f'<span style="background:{colour};color:white;padding:2px 8px;border-radius:10px;'
        f'font-size:0.85em;white-space:nowrap">{html.escape(rating)}</span>'
    )


def _rating_order() -> list[str]:
    return list(reversed(rating_scale()))


def _rating_colour_scale() -> alt.Scale:
    return alt.Scale(domain=list(rating_scale()), range=[rating_colour(r) for r in rating_scale()])


def timeline_chart(frame: pd.DataFrame) -> alt.Chart:
    """Inspections by date (``date``), one row per rating (best at the top), coloured by ``rating``."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("date:T", title="published", scale=alt.Scale(nice="year", padding=14)),
            y=alt.Y("rating:N", title=None, sort=_rating_order(), axis=alt.Axis(labelLimit=200)),
            color=alt.Color("rating:N", title="rating", scale=_rating_colour_scale(), legend=None),
            shape=alt.Shape(
                "kind:N", title="kind", legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=260)
            ),
            tooltip=["unit", "kind", "region", "rating", alt.Tooltip("date:T", title="date")],
        )
        .properties(height=220)
    )
    return chart


def region_chart(frame: pd.DataFrame) -> alt.Chart:
    """A grid of regions (``region``) by rating with the number of units in each cell, written in it."""
    base = alt.Chart(frame).encode(
        x=alt.X("rating:N", title=None, sort=list(rating_scale()), axis=alt.Axis(labelAngle=0, labelLimit=160)),
        y=alt.Y("region:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("rating:N", scale=_rating_colour_scale(), legend=None),
        tooltip=["region", "rating", "units"],
    )
    counts = base.mark_text(fontSize=13, fontWeight="bold", color="black").encode(text="units:Q")
    chart: alt.Chart = (cells + counts).properties(height=max(120, 28 * frame["region"].nunique()))
    return chart


def history_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each unit's ratings over time (``date``, ``rating``, ``unit``): a line per unit, a point per inspection."""
    top = max(rating_scale().values(), default=4)
    frame = frame.assign(rank=frame["rating"].map(rating_scale()))
    y = alt.Y(
        "rank:Q",
        title=None,
        scale=alt.Scale(domain=[0.5, top + 0.5]),
        axis=alt.Axis(values=list(range(1, top + 1)), labelExpr=_rating_labels(), labelLimit=200),
    )
    line = alt.Chart(frame).mark_line(color="#999").encode(x=alt.X("date:T", title=None), y=y, detail="unit:N")
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=110)
        .encode(
            x="date:T",
            y=y,
            color=alt.Color("rating:N", scale=_rating_colour_scale(), legend=None),
            tooltip=["unit", "rating", alt.Tooltip("date:T", title="date")],
        )
    )
    chart: alt.Chart = (line + points).properties(height=220)
    return chart


__all__ = [
    "NODE_SELECTION",
    "RANK_COLOURS",
    "answer_chart",
    "highlight",
    "history_chart",
    "kind_label",
    "network_chart",
    "network_frames",
    "percentage_chart",
    "rating_badge",
    "rating_chart",
    "rating_colour",
    "rating_scale",
    "region_chart",
    "selected_node",
    "timeline_chart",
]
