"""probation_graph in the browser: ask in plain English, or query with SPARQL.

Run with ``make run`` (or ``streamlit run app.py``). The page is a thin client of the library:
the store is opened once per process, and every error becomes a message on the page.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import probation_graph as pg
from probation_graph.examples import examples
from probation_graph.query import display, to_csv, to_sparql_json, to_turtle
from probation_graph.store import Result

st.set_page_config(page_title="probation_graph", page_icon="⚖️", layout="wide")


@st.cache_resource(show_spinner="Opening the graph…")
def store() -> pg.Store:
    """The store, opened once per process (read-only: the CLI can build while the app runs)."""
    return pg.open_store(read_only=True)


def result_frame(result: Result) -> pd.DataFrame:
    """A table of the result, with prefixed IRIs and plain literal values."""
    return pd.DataFrame([[display(term) for term in row] for row in result.rows], columns=result.columns)


def show_result(result: Result) -> None:
    """Render a query result: a table for SELECT, a verdict for ASK, Turtle for CONSTRUCT."""
    if result.kind == "ask":
        st.metric("Answer", "yes" if result.boolean else "no")
        return
    if result.kind == "graph":
        st.code(to_turtle(result), language="turtle")
        return
    st.caption(f"{len(result.rows)} row(s)" + (" — stopped at the row limit" if result.truncated else ""))
    st.dataframe(result_frame(result), width="stretch", hide_index=True)
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(result), "results.csv", "text/csv")
    right.download_button("Download JSON", to_sparql_json(result), "results.json", "application/sparql-results+json")


def sidebar(opened: pg.Store) -> None:
    """What the graph holds."""
    summary = pg.stats(opened)
    st.sidebar.header("The graph")
    st.sidebar.metric("Documents", summary.document_count)
    st.sidebar.metric("Triples", f"{summary.triples:,}")
    st.sidebar.caption(", ".join(f"{n} {kind}" for kind, n in summary.entities.items() if n))


def show_answer(answer: pg.Answer) -> None:
    """The answer sentence, its rows (and a chart of numbers), its SPARQL and its evidence."""
    if answer.error:
        st.warning(answer.error)
        return
    if answer.rows:
        st.success(answer.answer)
        frame = pd.DataFrame(answer.rows, columns=answer.columns)
        st.dataframe(frame, width="stretch", hide_index=True)
        numbers = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and frame[c].notna().any()]
        labels = [c for c in frame.columns if c not in numbers and frame[c].notna().any()]
        if numbers and labels and len(frame) > 1:
            st.bar_chart(frame, x=labels[0], y=numbers[0])
    else:
        st.info(answer.answer or "No data.")
    with st.expander("SPARQL that produced this answer"):
        st.code(answer.sparql, language="sparql")
    if answer.sources:
        st.subheader("Evidence")
        for source in answer.sources[:12]:
            meta = " · ".join(x for x in (source.publisher, source.date) if x)
            st.markdown(
                f"**{html.escape(source.title or source.document)}**" + (f" — {html.escape(meta)}" if meta else "")
            )
            st.markdown(f"> {html.escape(source.quote)}")


def ask_tab(opened: pg.Store) -> None:
    """A question box with example questions."""
    st.caption("Try one of these:")
    columns = st.columns(3)
    for index, example in enumerate(examples()[:6]):
        if columns[index % 3].button(example.question, key=f"example-{example.id}"):
            st.session_state["question"] = example.question
    question = st.text_input("Your question", key="question", placeholder="Which PDUs were rated inadequate?")
    if question:
        show_answer(pg.ask(question, opened))


def sparql_tab(opened: pg.Store) -> None:
    """A SPARQL editor preloaded with the examples of ontology/examples.ttl."""
    choices = {example.label: example for example in examples()}
    label = st.selectbox("Example queries", list(choices), index=0)
    example = choices[label]
    st.caption(example.question)
    sparql = st.text_area("SPARQL", value=example.sparql, height=260, key=f"sparql-{example.id}")
    if st.button("Run query", type="primary"):
        try:
            result = pg.query(opened, sparql, limit=pg.get_settings().query_limit)
        except pg.ProbationGraphError as exc:
            st.error(str(exc))
            return
        show_result(result)


def main() -> None:
    """The page."""
    st.title("probation_graph")
    st.write("Inspections of probation services by HM Inspectorate of Probation, and what the press said about them.")
    try:
        opened = store()
        sidebar(opened)
    except pg.ProbationGraphError as exc:
        st.error(f"{exc}")
        st.info("Build the graph first: `probation-graph build` (or `make run`).")
        return
    ask, sparql = st.tabs(["Ask a question", "SPARQL"])
    with ask:
        ask_tab(opened)
    with sparql:
        sparql_tab(opened)


main()
