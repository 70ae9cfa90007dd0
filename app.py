"""probation_graph in the browser: ask in plain English, explore organisations, query, export, add documents.

Run with ``make run`` (or ``streamlit run app.py``). The page is a thin client of the library:
the store is opened once per process, drawings come from ``probation_graph.view``, and every
error becomes a message on the page.
"""

from __future__ import annotations

import html
import math
from typing import Any
from urllib.parse import urlencode

import networkx as nx
import pandas as pd
import streamlit as st

import probation_graph as pg
from probation_graph.evidence import Source
from probation_graph.examples import examples
from probation_graph.export import NETWORK_FORMATS, export_rdf, network_bytes, network_csv
from probation_graph.extract.text import plain_text
from probation_graph.ingest import ingest_upload
from probation_graph.network import PROJECTIONS, full_graph, neighbourhood, project
from probation_graph.overview import Change, Comparison, Overview, Rated, changes, comparison, overview
from probation_graph.profile import Fact, Organisation, Profile, organisations, profile
from probation_graph.query import display, to_csv, to_sparql_json, to_turtle
from probation_graph.read import SUFFIXES
from probation_graph.stats import document_summary
from probation_graph.store import Result
from probation_graph.view import (
    answer_chart,
    highlight,
    history_chart,
    kind_label,
    network_chart,
    percentage_chart,
    rating_badge,
    rating_chart,
    rating_colour,
    rating_scale,
    selected_node,
    timeline_chart,
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


@st.cache_resource(show_spinner="Reading the whole graph…", max_entries=2)
def landscape(_store: pg.Store, version: int) -> Overview:
    """Every unit's latest rating, the timeline and the units no document covers, again after writes."""
    return overview(_store)


@st.cache_resource(show_spinner=False, max_entries=2)
def all_changes(_store: pg.Store, version: int) -> list[Change]:
    """Every unit's steps from one rated inspection to the next, again after writes."""
    return changes(_store)


# What a table shows where the graph holds no value (bare strings in this script would be drawn on the page).
MISSING = "—"


def number_text(value: Any) -> Any:
    """A count or measure with thousands separators ('1,980', '28.4'); other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.10g}" if abs(value) < 1000 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def tidy(frame: pd.DataFrame, *, numbers: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table for reading: "—" where there is no value (never "None" or "nan"); ``numbers`` with separators."""
    shown = frame.astype(object).where(frame.notna(), None)
    for column in numbers:
        if column in shown:
            shown[column] = shown[column].map(number_text)
    return shown.where(shown.notna(), MISSING).replace({None: MISSING, "": MISSING}).astype(str)


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 inspection', '2 inspections', '1,980 cases'."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def rating_text(rating: str | None) -> str:
    """A rating with its place on the scale, readable without colour ('Good (3 of 4)')."""
    if not rating:
        return MISSING
    scale = rating_scale()
    return f"{rating} ({scale[rating]} of {len(scale)})" if rating in scale else rating


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
    st.caption(plural(len(result.rows), "row") + (" — stopped at the row limit" if result.truncated else ""))
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
        counts = tuple(c for c in frame.columns if "year" not in c.lower() and pd.api.types.is_numeric_dtype(frame[c]))
        shown = tidy(frame, numbers=counts)
        chart = answer_chart(frame)
        if chart is not None:
            table, picture = st.columns([3, 2])
            table.dataframe(shown, width="stretch", hide_index=True)
            picture.altair_chart(chart, width="stretch")
        else:
            st.dataframe(shown, width="stretch", hide_index=True)
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


def set_question(question: str) -> None:
    """Put an example question in the box (and in the page's address)."""
    st.session_state["q"] = question


# Sentences the search box shows.
SEARCH_LIMIT = 20


def ask_tab(store: pg.Store) -> None:
    """A question box with example questions."""
    st.caption("Ask about ratings, providers, key-question percentages, staffing, caseloads, findings… or try:")
    columns = st.columns(3)
    for index, example in enumerate(examples()[:6]):
        columns[index % 3].button(
            example.question,
            key=f"example-{example.id}",
            width="stretch",
            on_click=set_question,
            args=(example.question,),
        )
    question = st.text_input(
        "Your question", key="q", placeholder="Which PDUs were rated inadequate?", bind="query-params"
    )
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
    return tidy(frame, numbers=("value",))


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
    metrics[1].metric("Inspections", f"{len(found.inspections):,}")
    metrics[2].metric("Services", f"{len(found.services):,}")
    metrics[3].metric("Documents", f"{len(found.documents):,}")
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
    history = pd.DataFrame(
        [{"unit": found.label, "date": i.date, "rating": i.rating} for i in found.inspections if i.rating and i.date]
    )
    if len(history) > 1:
        st.markdown("#### Ratings over time")
        st.altair_chart(history_chart(history), width="stretch")
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
                    st.markdown(f"- {standard}{html.escape(plain_text(str(item.values['text'])))}")
    if found.recommendations:
        st.markdown("#### Recommendations")
        for item in found.recommendations:
            st.markdown(f"{item.values.get('ordinal') or '-'}. {html.escape(plain_text(str(item.values['text'])))}")
    if found.relations:
        st.markdown("#### Related organisations")
        st.dataframe(tidy(pd.DataFrame([r.values for r in found.relations])), width="stretch", hide_index=True)
    if found.documents:
        st.markdown("#### Documents that mention it")
        st.dataframe(
            tidy(pd.DataFrame([vars(d) for d in found.documents])),
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
    names = display_names(known)
    chosen = st.selectbox("Organisation", list(names), format_func=names.__getitem__, key="unit", bind="query-params")
    found = profile(store, chosen)
    st.header(found.label)
    show_profile(found)


def open_profile(iri: str) -> None:
    """Show the profile of ``iri`` (its tab and address)."""
    st.session_state["tab"] = PROFILES
    st.session_state["unit"] = iri


def display_names(known: list[Organisation]) -> dict[str, str]:
    """Each organisation's name on the page and in its links: its label, with its kind when two share it."""
    counts: dict[str, int] = {}
    for organisation in known:
        counts[organisation.label] = counts.get(organisation.label, 0) + 1
    return {o.iri: o.label if counts[o.label] == 1 else f"{o.label} ({kind_name(o.kind)})" for o in known}


def profile_link(name: str) -> str:
    """The address of a profile on this page (by the organisation's name), to open or to share."""
    return "?" + urlencode({"tab": PROFILES, "unit": name})


def latest_frame(rows: list[Rated], names: dict[str, str]) -> pd.DataFrame:
    """The overview's table: one row per unit, its latest overall rating, and a link to its profile."""
    return pd.DataFrame(
        [
            {
                "unit": r.label,
                "kind": kind_label(r.kind),
                "region": r.region,
                "rating": rating_text(r.rating),
                "date": r.date,
                "year": str(r.year) if r.year else None,
                "chief inspector": r.chief_inspector,
                "profile": profile_link(names.get(r.unit, r.label)),
            }
            for r in rows
        ]
    )


def overview_tab(store: pg.Store) -> None:
    """The whole corpus at a glance: counts, every unit's latest rating, ratings by region, a timeline."""
    seen = landscape(store, version(store))
    counts = st.columns(4)
    counts[0].metric("Units inspected", f"{seen.units:,}")
    counts[1].metric("Inspections", f"{seen.inspections:,}")
    counts[2].metric("Documents", f"{seen.documents:,}")
    counts[3].metric("Reference units not covered", f"{len(seen.uncovered):,}")
    if not seen.latest:
        st.info("No document in the graph rates a unit yet: add inspection reports or press releases.")
        return
    st.markdown("#### The latest overall rating of every unit")
    filters = st.columns(5)
    kinds = sorted({kind_label(r.kind) for r in seen.latest})
    regions = sorted({r.region for r in seen.latest if r.region})
    ratings = [r for r in rating_scale() if any(x.rating == r for x in seen.latest)]
    years = sorted({r.year for r in seen.latest if r.year})
    chiefs = sorted({r.chief_inspector for r in seen.latest if r.chief_inspector})
    kind = filters[0].multiselect("Kind", kinds, key="kind", bind="query-params")
    region = filters[1].multiselect("Region", regions, key="region", bind="query-params")
    rating = filters[2].multiselect("Rating", ratings, key="rating", bind="query-params")
    year = filters[3].multiselect("Year", years, key="year")
    chief = filters[4].multiselect("Chief inspector", chiefs, key="chief")
    shown = [
        r for r in seen.latest
        if (not kind or kind_label(r.kind) in kind) and (not region or r.region in region)
        and (not rating or r.rating in rating) and (not year or r.year in year)
        and (not chief or r.chief_inspector in chief)
    ]  # fmt: skip
    st.caption(f"{plural(len(shown), 'unit')} of {len(seen.latest):,} rated. Click a column's name to sort by it.")
    st.dataframe(
        tidy(latest_frame(shown, display_names(known_organisations(store, version(store))))),
        width="stretch",
        hide_index=True,
        key="overview-table",
        column_config={
            "profile": st.column_config.LinkColumn("profile", display_text="open profile"),
        },
    )
    if shown:
        by_iri = {r.unit: r.label for r in shown}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Open the profile of", list(by_iri), format_func=by_iri.__getitem__, key="open")
        right.button("Open profile", on_click=open_profile, args=(chosen,), key="open-profile", width="stretch")
    st.markdown("#### Ratings by region")
    grid = pd.DataFrame([{"region": r.region, "rating": r.rating} for r in shown if r.region])
    if grid.empty:
        st.caption("None of these units has a region in the graph.")
    else:
        st.table(region_table(grid))
        st.caption("The number of units with each latest rating, by region; the colour repeats the rating.")
    wanted = {r.unit for r in shown}
    dated = [r for r in seen.timeline if r.date and r.unit in wanted]
    if dated:
        label = f"Show the {plural(len(dated), 'inspection')} over time, by date and rating"
        if st.toggle(label, key="timeline", help="Drawn on request, so that the overview opens quickly."):
            timeline = pd.DataFrame(
                [{"unit": r.label, "kind": kind_label(r.kind), "region": r.region or MISSING,
                  "rating": r.rating, "date": r.date} for r in dated]
            )  # fmt: skip
            st.altair_chart(timeline_chart(timeline), width="stretch")
            st.caption("Each point is an inspection, placed by its date and its rating; the shape is the kind of unit.")
    if seen.uncovered:
        label = f"List the {plural(len(seen.uncovered), 'unit')} of the reference backbone that no document covers"
        if st.toggle(label, key="uncovered"):
            st.table(
                tidy(pd.DataFrame([{"unit": u.label, "kind": kind_label(u.kind), "region": u.region}
                                   for u in seen.uncovered])),
                hide_index=True,
            )  # fmt: skip


def region_table(grid: pd.DataFrame) -> Any:
    """Regions by rating: how many units have each latest rating, the cells tinted in the rating's colour."""
    order = [r for r in rating_scale() if r in set(grid["rating"])]
    table = grid.groupby(["region", "rating"]).size().unstack("rating").reindex(columns=order).fillna(0).astype(int)

    def tint(column: pd.Series) -> list[str]:
        colour = rating_colour(str(column.name))
        return [f"background-color: {colour}33" if n else "" for n in column]

    return table.style.apply(tint).format(lambda n: f"{n:,}" if n else MISSING)


def comparison_frame(compared: Comparison, rows: dict[str, list[Any]], *, number: bool = False) -> pd.DataFrame:
    """One row per standard (or figure), one column per unit; "—" where a unit has no value."""
    names = [p.label for p in compared.units]
    records = []
    for row, cells in rows.items():
        record: dict[str, Any] = {"": row}
        for name, cell in zip(names, cells, strict=True):
            value = None if cell is None else cell.value
            record[name] = number_text(value) if number else value
        records.append(record)
    return tidy(pd.DataFrame(records, columns=["", *names]))


def compare_tab(store: pg.Store) -> None:
    """Two to five units side by side: ratings per standard, figures, and the sentence behind each cell."""
    rated = landscape(store, version(store)).latest
    if len(rated) < 2:
        st.info("Comparing needs at least two rated units in the graph.")
        return
    names = display_names(known_organisations(store, version(store)))
    labels = {r.unit: names.get(r.unit, r.label) for r in rated}
    chosen = st.multiselect(
        "Units to compare (two to five)",
        list(labels),
        format_func=lambda iri: labels.get(iri, iri),
        max_selections=5,
        key="compare",
        bind="query-params",
    )
    if len(chosen) < 2:
        st.caption("Pick two to five units.")
        return
    compared = comparison(store, chosen)
    st.markdown("#### Ratings (latest inspection)")
    st.dataframe(comparison_frame(compared, compared.ratings), width="stretch", hide_index=True)
    if compared.figures:
        st.markdown("#### Figures")
        st.dataframe(comparison_frame(compared, compared.figures, number=True), width="stretch", hide_index=True)
    rows = [*compared.ratings, *compared.figures]
    if rows:
        st.markdown("#### Where each value comes from")
        row = st.selectbox("Show the sentences behind", rows, key="compare-row")
        cells = compared.ratings.get(row) or compared.figures.get(row) or []
        for found, cell in zip(compared.units, cells, strict=True):
            st.markdown(f"**{html.escape(found.label)}**: {html.escape(str(cell.value)) if cell else MISSING}")
            if cell and cell.sources:
                show_sources(list(cell.sources), [cell.value], limit=2)


def changes_tab(store: pg.Store) -> None:
    """Units inspected more than once: each step from one rating to the next, as a table and a chart."""
    steps = all_changes(store, version(store))
    if not steps:
        st.info("No unit has two dated, rated inspections in the graph yet.")
        return
    arrows = {"improved": "▲ improved", "declined": "▼ declined", "unchanged": "= unchanged"}
    names = display_names(known_organisations(store, version(store)))
    counted = {d: sum(1 for s in steps if s.direction == d) for d in arrows}
    st.caption(" · ".join(f"{arrows[d]}: {n:,}" for d, n in counted.items()))
    frame = pd.DataFrame(
        [
            {
                "unit": s.label, "region": s.region,
                "from": s.before.rating, "inspected": s.before.date, "to": s.after.rating, "then": s.after.date,
                "change": arrows[s.direction], "profile": profile_link(names.get(s.unit, s.label)),
            }
            for s in steps
        ]
    )  # fmt: skip
    st.dataframe(
        tidy(frame),
        width="stretch",
        hide_index=True,
        column_config={"profile": st.column_config.LinkColumn("profile", display_text="open profile")},
    )
    points = {(s.unit, r.inspection): (s.label, r.date, r.rating) for s in steps for r in (s.before, s.after)}
    history = pd.DataFrame([{"unit": u, "date": d, "rating": r} for u, d, r in points.values()])
    st.altair_chart(history_chart(history), width="stretch")
    st.caption("Each line is a unit, from one inspection to the next; hover a point for the unit and date.")


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
    st.caption(
        "Turtle: readable RDF for rdflib, Protégé or any triple store · N-Quads and TriG: the same with each "
        "document's named graph (provenance), for Oxigraph, GraphDB or Fuseki · JSON-LD: RDF as JSON for web tools."
    )
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
    st.caption(
        "GraphML: Gephi, Cytoscape, yEd, networkx, igraph · GEXF: Gephi · JSON (node-link): D3 and other "
        "JavaScript tools, networkx · CSV nodes and edges: a spreadsheet, R or pandas."
    )
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
        if summary.inspections:
            st.markdown("**Inspections it reports:**")
            st.dataframe(
                tidy(pd.DataFrame(summary.inspections, columns=["unit", "overall rating", "date"])),
                hide_index=True,
                width="stretch",
            )
        st.markdown(f"**Facts found in it:** {found}")
        if summary.mentions:
            st.dataframe(pd.DataFrame(summary.mentions, columns=["names", "kind"]), hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False, max_entries=2)
def graph_stats(_store: pg.Store, version: int) -> pg.Stats:
    """What the graph holds, counted again after writes."""
    return pg.stats(_store)


def sidebar(store: pg.Store) -> None:
    """What the graph holds."""
    summary = graph_stats(store, version(store))
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


# Tab names; they appear in shared links (?tab=...).
OVERVIEW, ASK, PROFILES, COMPARE, CHANGES, ADD = (
    "Overview", "Ask a question", "Profiles", "Compare", "Change over time", "Add documents"
)  # fmt: skip
# Above this many rated units, the page opens on the overview rather than the question box.
HANDFUL = 5

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
    seen = landscape(store, version(store))
    default = OVERVIEW if len(seen.latest) > HANDFUL else ASK
    for parameter, tab in (("q", ASK), ("unit", PROFILES), ("compare", COMPARE)):
        if parameter in st.query_params and "tab" not in st.query_params:
            st.session_state["tab"] = tab
    pages = {
        OVERVIEW: overview_tab, ASK: ask_tab, PROFILES: profiles_tab, COMPARE: compare_tab, CHANGES: changes_tab,
        "Network": network_tab, "SPARQL": sparql_tab, "Export": export_tab,
        ADD: lambda store: ingest_tab(store, writable),
    }  # fmt: skip
    tabs = st.tabs(list(pages), default=default, key="tab", bind="query-params")
    for tab, page in zip(tabs, pages.values(), strict=True):
        if tab.open:
            with tab:
                try:
                    page(store)
                except pg.ProbationGraphError as exc:
                    st.error(str(exc))


main()
