"""probation_graph in the browser: ask in plain English, explore organisations, query, export, add documents.

Run with ``make run`` (or ``streamlit run app.py``). The page is a thin client of the library:
the store is opened once per process, drawings come from ``probation_graph.view``, and every
error becomes a message on the page.
"""

from __future__ import annotations

import html
import math
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

import probation_graph as pg
from probation_graph.evidence import Source
from probation_graph.examples import examples
from probation_graph.export import NETWORK_FORMATS, export_rdf, network_bytes, network_csv
from probation_graph.ingest import ingest_upload
from probation_graph.network import PROJECTIONS, full_graph, neighbourhood, project
from probation_graph.profile import Fact, Organisation, Profile, organisations, profile
from probation_graph.query import display, to_csv, to_sparql_json, to_turtle
from probation_graph.read import SUFFIXES
from probation_graph.stats import document_summary
from probation_graph.store import Result
from probation_graph.view import (
    answer_chart,
    highlight,
    network_chart,
    percentage_chart,
    rating_badge,
    rating_chart,
    selected_node,
)

st.set_page_config(page_title="probation_graph", page_icon="⚖️", layout="wide")


def kind_name(kind: str) -> str:
    """A node type in words, from the ontology's class registry ('Charity' → 'charity')."""
    return pg.registry().get(kind).label if kind in pg.registry() else kind[:1].lower() + kind[1:]


def plural_name(kind: str) -> str:
    """A node type in the plural ('ProbationDeliveryUnit' → 'PDUs'), from the ontology's class registry."""
    return pg.registry().get(kind).plural if kind in pg.registry() else f"{kind_name(kind)}s"


@st.cache_resource(show_spinner="Opening the graph…")
def open_graph() -> tuple[pg.Store, bool]:
    """The store, opened once per process; writable (for uploads) unless another process holds it."""
    settings = pg.get_settings()
    pg.open_store(settings, read_only=True).close()  # a clear error when there is no store yet
    try:
        opened = pg.open_store(settings)
    except pg.StoreError:
        return pg.open_store(settings, read_only=True), False
    return opened, not getattr(opened, "read_only", False)


@st.cache_resource(show_spinner="Drawing the network…", max_entries=2)
def network(_store: pg.Store, version: int) -> nx.MultiDiGraph:
    """The full network of the store, rebuilt after writes (``version`` changes)."""
    return full_graph(_store)


@st.cache_resource(show_spinner=False, max_entries=2)
def known_organisations(_store: pg.Store, version: int) -> list[Organisation]:
    """The organisations that have a profile, listed again after writes (``version`` changes)."""
    return organisations(_store)


def version(store: pg.Store) -> int:
    """How many writes the app has made to the store (0 when it cannot tell)."""
    return int(getattr(store, "version", 0))


def result_frame(result: Result) -> pd.DataFrame:
    """A table of the result, with prefixed IRIs and plain literal values."""
    return pd.DataFrame([[display(term) for term in row] for row in result.rows], columns=result.columns)


def show_result(result: Result, *, key: str) -> None:
    """Render a query result: a table for SELECT, a verdict for ASK, Turtle for CONSTRUCT."""
    if result.kind == "ask":
        st.metric("Answer", "yes" if result.boolean else "no")
        return
    if result.kind == "graph":
        st.code(to_turtle(result), language="turtle")
        return
    st.caption(f"{len(result.rows)} row(s)" + (" — stopped at the row limit" if result.truncated else ""))
    st.dataframe(result_frame(result), width="stretch", hide_index=True)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Download CSV", to_csv(result), "results.csv", "text/csv", key=f"{key}-csv")
    right.download_button(
        "Download JSON", to_sparql_json(result), "results.json", "application/sparql-results+json", key=f"{key}-json"
    )


def run_sparql(store: pg.Store, sparql: str, *, key: str) -> None:
    """Run a query typed by the user; a bad one is a message, not a traceback."""
    try:
        result = pg.query(store, sparql, limit=pg.get_settings().query_limit)
    except pg.ProbationGraphError as exc:
        st.error(str(exc))
        return
    show_result(result, key=key)


def show_sources(sources: list[Source], values: list[Any], *, limit: int = 12) -> None:
    """Each sentence behind the answer, with its document, the answer's values highlighted."""
    for source in sources[:limit]:
        title = html.escape(source.title or source.document)
        if source.url:
            title = f'<a href="{html.escape(source.url)}" target="_blank">{title}</a>'
        meta = " · ".join(html.escape(x) for x in (source.publisher, source.date) if x)
        st.markdown(
            f'<div class="evidence"><div class="quote">“{highlight(source.quote, values)}”</div>'
            f'<div class="cite">{title}{" — " + meta if meta else ""}'
            f' <span class="where">characters {source.start:,}–{source.end:,}</span></div></div>',
            unsafe_allow_html=True,
        )
    if len(sources) > limit:
        st.caption(f"…and {len(sources) - limit} more sentences.")


def show_answer(store: pg.Store, answer: pg.Answer) -> None:
    """The answer sentence, its rows and chart, its SPARQL (editable), its evidence and its graph."""
    if answer.error:
        st.warning(answer.error)
        return
    understood = f"**Understood as:** {answer.interpretation}" if answer.interpretation else ""
    if answer.unused:
        understood += f"  \n**Words not used:** {', '.join(answer.unused)}"
    if understood:
        st.markdown(understood)
    if answer.fallback:
        st.caption(f"Answered by the offline engine: {answer.fallback}")
    if answer.not_applied:
        st.warning(answer.answer)
    elif answer.engine == "text":
        st.info(answer.answer)
    elif answer.rows:
        st.success(answer.answer)
    else:
        st.info(answer.answer or "No data.")
    frame = pd.DataFrame(answer.rows, columns=answer.columns)
    if answer.rows:
        chart = answer_chart(frame)
        if chart is not None:
            table, picture = st.columns([3, 2])
            table.dataframe(frame, width="stretch", hide_index=True)
            picture.altair_chart(chart, width="stretch")
        else:
            st.dataframe(frame, width="stretch", hide_index=True)
    with st.expander("SPARQL that produced this answer — edit it and run it again"):
        edited = st.text_area("SPARQL", value=answer.sparql, height=220, key=f"answer-sparql-{hash(answer.sparql)}")
        if st.button("Run this SPARQL", key="answer-rerun"):
            run_sparql(store, edited, key="answer-rerun")
    if answer.sources:
        st.subheader("Evidence")
        values = [value for row in answer.rows for value in row]
        show_sources(answer.sources, values)
    if answer.entities:
        st.subheader("The graph around the answer")
        st.caption("Click a node to see what the graph holds about it.")
        explore(store, answer.entities, key="answer-graph", radius=1, limit=40)


def explore(
    store: pg.Store, centres: list[str], *, key: str, radius: int, limit: int, recentre: str | None = None
) -> None:
    """An interactive graph of the centres and their neighbours; a clicked node shows its profile.

    With ``recentre`` (the key of a selectbox of organisations), clicking an organisation moves the
    centre of the graph to it.
    """
    full = network(store, version(store))
    around = neighbourhood(full, centres, radius=radius, limit=limit)
    if around.number_of_nodes() == 0:
        st.info("Nothing to draw around this.")
        return
    known = {o.iri for o in known_organisations(store, version(store))}

    def move_centre() -> None:
        clicked = selected_node(st.session_state[key])
        if recentre and clicked in known:
            st.session_state[recentre] = clicked

    event = st.altair_chart(
        network_chart(around), width="stretch", on_select=move_centre if recentre else "rerun", key=key
    )
    clicked = selected_node(event)
    if clicked and clicked in full:
        data = full.nodes[clicked]
        st.markdown(f"**{html.escape(str(data.get('label', clicked)))}** · {kind_name(str(data.get('type', '')))}")
        if clicked in known:
            show_profile(profile(store, clicked), compact=True)
            st.caption("The Profiles tab has everything the graph holds about it.")
        else:
            neighbours = sorted(str(full.nodes[n].get("label", n)) for n in nx.all_neighbors(full, clicked))
            st.caption("Linked to: " + ", ".join(dict.fromkeys(neighbours)))


SEARCH_LIMIT = 20
"""Sentences the search box shows."""


def ask_tab(store: pg.Store) -> None:
    """A question box with example questions."""
    st.caption("Ask about ratings, providers, key-question percentages, staffing, caseloads, findings… or try:")
    columns = st.columns(3)
    for index, example in enumerate(examples()[:6]):
        if columns[index % 3].button(example.question, key=f"example-{example.id}", width="stretch"):
            st.session_state["question"] = example.question
    question = st.text_input("Your question", key="question", placeholder="Which PDUs were rated inadequate?")
    if question:
        with st.spinner("Looking it up…"):
            answer = pg.ask(question, store)
        show_answer(store, answer)
    st.divider()
    words = st.text_input(
        "Search the documents' sentences", key="search", placeholder="senior leadership", help="Full-text, best first."
    )
    if words:
        hits = pg.search(store, words, limit=SEARCH_LIMIT)
        if not hits:
            st.info("No sentence matches those words.")
        for hit in hits:
            st.markdown(f"> {html.escape(hit.sentence)}  \n— *{html.escape(hit.title)}* ({hit.document})")


def facts_frame(facts: list[Fact], columns: list[str]) -> pd.DataFrame:
    """A table of facts with the sentence each came from."""
    rows = [
        {**{c: fact.values.get(c) for c in columns}, "source sentence": fact.sources[0].quote if fact.sources else ""}
        for fact in facts
    ]
    frame = pd.DataFrame(rows, columns=[*columns, "source sentence"]).dropna(axis=1, how="all")
    return frame.astype(object).where(frame.notna(), "")


def show_profile(found: Profile, *, compact: bool = False) -> None:
    """An organisation's inspections, ratings, percentages, figures, services, findings and documents."""
    latest = found.latest
    facts = [found.kind and kind_name(found.kind)]
    if found.region:
        facts.append(f"region: {found.region}")
    if found.also_known_as:
        facts.append("also called " + ", ".join(found.also_known_as))
    st.markdown(
        f"{rating_badge(latest.rating) if latest else ''} {html.escape(' · '.join(f for f in facts if f))}",
        unsafe_allow_html=True,
    )
    metrics = st.columns(4)
    metrics[0].metric("Latest rating", latest.rating if latest else "—")
    metrics[1].metric("Inspections", len(found.inspections))
    metrics[2].metric("Services", len(found.services))
    metrics[3].metric("Documents", len(found.documents))
    if compact:
        return
    for index, inspection in enumerate(found.inspections):
        title = f"{inspection.label}" + (f" — {inspection.date}" if inspection.date else "")
        with st.expander(title, expanded=index == 0):
            lead = f" · lead inspector {inspection.lead_inspector}" if inspection.lead_inspector else ""
            st.markdown(f"Overall: {rating_badge(inspection.rating) or 'not rated'}{lead}", unsafe_allow_html=True)
            if inspection.standards:
                standards = pd.DataFrame([{**f.values, "fact": f.iri} for f in inspection.standards])
                if "code" in standards:
                    standards["standard"] = (standards["code"].fillna("") + " " + standards["standard"]).str.strip()
                st.markdown("**Ratings by standard**")
                st.altair_chart(
                    rating_chart(standards, label="standard", rating="rating", rank="rank"), width="stretch"
                )
            if inspection.key_questions:
                questions = pd.DataFrame([f.values for f in inspection.key_questions])
                st.markdown("**Key questions: % of cases judged sufficient**")
                st.altair_chart(
                    percentage_chart(questions, label="question", value="percentage", group="standard"), width="stretch"
                )
            if inspection.sources:
                show_sources(inspection.sources, [inspection.rating], limit=3)
    if found.figures:
        st.markdown("#### Figures")
        st.dataframe(
            facts_frame(found.figures, ["metric", "value", "unit", "grade", "population", "period", "comparison"]),
            width="stretch",
            hide_index=True,
        )
    if found.services:
        st.markdown("#### Services")
        st.dataframe(
            facts_frame(found.services, ["service", "provider", "unit", "role", "subcontractor"]),
            width="stretch",
            hide_index=True,
        )
    if found.findings:
        st.markdown("#### Findings")
        kinds: dict[str, list[Fact]] = {}
        for finding in found.findings:
            kinds.setdefault(str(finding.values["kind"]), []).append(finding)
        for kind, items in kinds.items():
            with st.expander(f"{kind[:1].upper()}{kind[1:]} ({len(items)})"):
                for item in items:
                    standard = f"**{item.values['standard']}** — " if item.values.get("standard") else ""
                    st.markdown(f"- {standard}{item.values['text']}")
    if found.recommendations:
        st.markdown("#### Recommendations")
        for item in found.recommendations:
            st.markdown(f"{item.values.get('ordinal') or '-'}. {item.values['text']}")
    if found.relations:
        st.markdown("#### Related organisations")
        st.dataframe(pd.DataFrame([r.values for r in found.relations]), width="stretch", hide_index=True)
    if found.documents:
        st.markdown("#### Documents that mention it")
        st.dataframe(
            pd.DataFrame([vars(d) for d in found.documents]),
            width="stretch",
            hide_index=True,
            column_config={"url": st.column_config.LinkColumn("link")},
        )


def profiles_tab(store: pg.Store) -> None:
    """A profile page per organisation: units and CRCs first, then providers and the others."""
    known = known_organisations(store, version(store))
    if not known:
        st.info("The graph names no organisations yet.")
        return
    by_iri = {o.iri: o for o in known}
    chosen = st.selectbox(
        "Organisation",
        list(by_iri),
        format_func=lambda iri: f"{by_iri[iri].label} ({kind_name(by_iri[iri].kind)})",
        key="profile",
    )
    found = profile(store, chosen)
    st.header(found.label)
    show_profile(found)


def network_tab(store: pg.Store) -> None:
    """Explore the network from an organisation; clicking a node shows it and its neighbours."""
    known = known_organisations(store, version(store))
    if not known:
        st.info("The graph names no organisations yet.")
        return
    by_iri = {o.iri: o.label for o in known}
    left, right = st.columns([3, 1])
    centre = left.selectbox("Centre on", list(by_iri), format_func=by_iri.__getitem__, key="centre")
    radius = right.slider("Steps out", 1, 3, 1, key="radius")
    st.caption("Click an organisation to move the centre to it; hover for names and ratings.")
    explore(store, [centre], key="network-graph", radius=radius, limit=80, recentre="centre")


def sparql_tab(store: pg.Store) -> None:
    """A SPARQL editor preloaded with the examples of ontology/examples.ttl."""
    choices = {example.label: example for example in examples()}
    label = st.selectbox("Example queries", list(choices), index=0, key="example-query")
    example = choices[label]
    st.caption(example.question)
    sparql = st.text_area("SPARQL", value=example.sparql, height=260, key=f"sparql-{example.id}")
    if st.button("Run query", type="primary"):
        run_sparql(store, sparql, key="sparql")


RDF_DOWNLOADS = {
    "Turtle": ("turtle", "probation-graph.ttl", "text/turtle"),
    "N-Quads (with named graphs)": ("nquads", "probation-graph.nq", "application/n-quads"),
    "TriG (with named graphs)": ("trig", "probation-graph.trig", "application/trig"),
    "JSON-LD": ("jsonld", "probation-graph.jsonld", "application/ld+json"),
}
NETWORK_MIME = {"graphml": "application/xml", "gexf": "application/xml", "json": "application/json"}


def export_tab(store: pg.Store) -> None:
    """Download the graph as RDF, and a network projection for Gephi, Cytoscape, igraph or D3."""
    st.markdown("#### The knowledge graph (RDF)")
    columns = st.columns(len(RDF_DOWNLOADS))
    for column, (label, (fmt, name, mime)) in zip(columns, RDF_DOWNLOADS.items(), strict=True):
        column.download_button(label, lambda fmt=fmt: export_rdf(store, fmt), name, mime, key=f"rdf-{fmt}")
    st.markdown("#### The network (for network analysis)")
    projection = st.selectbox(
        "Projection",
        PROJECTIONS,
        key="projection",
        help="full: every entity and relation · provider-unit: providers and the units they serve · "
        "co-mention: organisations named by the same document",
    )
    graph = project(store, projection)
    st.caption(f"{graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges")
    columns = st.columns(len(NETWORK_FORMATS) + 1)
    for column, fmt in zip(columns, [f for f in NETWORK_FORMATS if f != "csv"], strict=False):
        column.download_button(
            fmt.upper() if fmt != "json" else "JSON (node-link)",
            lambda fmt=fmt: network_bytes(graph, fmt),
            f"{projection}.{fmt}",
            NETWORK_MIME[fmt],
            key=f"network-{fmt}",
        )
    nodes, edges = network_csv(graph)
    columns[-2].download_button("CSV: nodes", nodes, f"{projection}-nodes.csv", "text/csv", key="network-nodes")
    columns[-1].download_button("CSV: edges", edges, f"{projection}-edges.csv", "text/csv", key="network-edges")


def ingest_tab(store: pg.Store, writable: bool) -> None:
    """Upload reports or articles; each is extracted and added to the graph, or refused with the reason."""
    if not writable:
        st.info(
            "The store is open read-only — another process holds it for writing (a build or a server), or "
            "the SPARQL endpoint has no update URL (PROBATION_GRAPH_UPDATE_ENDPOINT) — so adding documents is off."
        )
        return
    kinds = ", ".join(sorted(SUFFIXES))
    limit = pg.get_settings().max_file_bytes
    st.caption(
        f"Add an inspection report, a news article or a press release ({kinds}), at most {limit:,} bytes each. "
        "A copy is kept under the data folder."
    )
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Documents",
            type=[s.lstrip(".") for s in SUFFIXES],
            accept_multiple_files=True,
            max_upload_size=max(1, math.ceil(limit / 2**20)),
        )
        submitted = st.form_submit_button("Add to the graph", type="primary")
    if not submitted or not files:
        return
    for upload in files:
        with st.spinner(f"Reading {upload.name}…"):
            try:
                outcome = ingest_upload(store, upload.name, upload.getvalue())
            except pg.ProbationGraphError as exc:
                st.error(f"{upload.name}: {exc}")
                continue
        if outcome.status is pg.Status.FAILED:
            st.error(f"{upload.name} was not added: {outcome.error}")
            continue
        summary = document_summary(store, outcome.source_id or "")
        described = f"{summary.kind or 'document'} “{summary.title or summary.source_id}”"
        if outcome.status is pg.Status.UNCHANGED:
            st.info(f"{upload.name} is already in the graph, unchanged ({described}): nothing new was added.")
            continue
        verb = "updated" if outcome.status is pg.Status.REPLACED else "added"
        found = ", ".join(f"{label} ({n:,})" for label, n in summary.findings.items())
        if not found:
            st.warning(
                f"{upload.name} was {verb} ({described}), but no inspection facts were found in it: no unit, "
                "rating, date or figure. Check that it is about a probation inspection."
            )
            continue
        st.success(f"{upload.name} {verb}: {described}, {summary.triples:,} triples.")
        st.markdown(f"**Facts found in it:** {found}")
        if summary.mentions:
            st.dataframe(pd.DataFrame(summary.mentions, columns=["names", "kind"]), hide_index=True, width="stretch")


def sidebar(store: pg.Store) -> None:
    """What the graph holds."""
    summary = pg.stats(store)
    st.sidebar.header("The graph")
    left, right = st.sidebar.columns(2)
    left.metric("Documents", summary.document_count)
    right.metric("Triples", f"{summary.triples:,}")
    shown = [*(c.key for c in pg.registry().units()), "Inspection", "Service", "Recommendation"]
    st.sidebar.caption(" · ".join(f"{summary.entities[k]} {plural_name(k)}" for k in shown if summary.entities.get(k)))
    st.sidebar.caption(
        "Sources: HM Inspectorate of Probation reports and press coverage. "
        "Every answer shows the sentences it came from."
    )


STYLE = """<style>
.evidence { border-left: 4px solid #4a7bb7; background: #f5f8fc; padding: .5rem .9rem; margin: .4rem 0 .8rem; }
.evidence .quote { font-size: 0.97rem; line-height: 1.45; }
.evidence .cite { color: #555; font-size: 0.82rem; margin-top: .3rem; }
.evidence .where { color: #999; }
.evidence mark { background: #ffe58a; padding: 0 2px; border-radius: 2px; }
</style>"""


def main() -> None:
    """The page."""
    st.markdown(STYLE, unsafe_allow_html=True)
    st.title("probation_graph")
    st.write("What HM Inspectorate of Probation found, and what the press said about it — as a knowledge graph.")
    try:
        store, writable = open_graph()
        sidebar(store)
    except pg.ProbationGraphError as exc:
        st.error(f"{exc}")
        st.info("Build the graph first: `probation-graph build` (or `make run`).")
        return
    tabs = st.tabs(["Ask a question", "Profiles", "Network", "SPARQL", "Export", "Add documents"])
    pages = (ask_tab, profiles_tab, network_tab, sparql_tab, export_tab)
    for tab, page in zip(tabs, pages, strict=False):
        with tab:
            try:
                page(store)
            except pg.ProbationGraphError as exc:
                st.error(str(exc))
    with tabs[-1]:
        ingest_tab(store, writable)


main()
