"""The ``probation-graph`` command: a thin client of the library API.

Every command opens the store once, calls one library function and prints its result. Errors
of the :class:`~probation_graph.errors.ProbationGraphError` family become one line on standard
error and exit status 1.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.syntax import Syntax
from rich.table import Table

from . import __version__
from .config import Settings, get_settings
from .errors import ProbationGraphError, QueryError
from .export import NETWORK_FORMATS, RDF_EXPORT_FORMATS, export_rdf, network_bytes, write_network
from .fulltext import search
from .ingest import Outcome, Report, Status, corpus_files, ingest
from .namespaces import GRAPH_NAMESPACE
from .network import PROJECTIONS, Filters, project
from .network import report as network_report
from .nlq import Answer, ask
from .query import FORMATS, display, run, serialise
from .stats import Stats, stats
from .store import Store, open_store
from .validate import ValidationReport, validate

app = typer.Typer(
    name="probation-graph",
    help="Build, query and export the probation inspections knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (default: PROBATION_GRAPH_STORE).", show_default=False),
]


def _settings(store: Path | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"store": store, "endpoint": None}) if store else settings


@contextmanager
def _opened(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    store = open_store(settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _version(value: bool) -> None:
    if value:
        out.print(f"probation-graph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Build, query and export the probation inspections knowledge graph."""


def _ingest_with_progress(store: Store, files: list[Path], settings: Settings, *, whole: bool = False) -> Report:
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("Ingesting", total=len(files), current="")

        def advance(outcome: Outcome) -> None:
            bar.update(task, advance=1, current=Path(outcome.path).name)

        return ingest(store, files, settings=settings, progress=advance, whole=whole)


def _print_report(report: Report) -> None:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    out.print(f"Documents: {len(report.outcomes)} ({counts or 'none'})")
    for outcome in report.failed:
        err.print(f"[red]error:[/red] {outcome.error}", highlight=False, soft_wrap=True)


def _print_stats(summary: Stats) -> None:
    table = Table(title="Graph", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, n in summary.documents.items():
        table.add_row(f"documents: {kind}", str(n))
    table.add_row("named graphs", str(summary.graphs))
    table.add_row("triples (quads)", f"{summary.triples:,}")
    for cls, n in summary.entities.items():
        table.add_row(f"pg:{cls}", str(n))
    out.print(table)


def _print_validation(report: ValidationReport, *, limit: int = 50) -> None:
    if report.conforms:
        out.print("SHACL: [green]conforms[/green]")
        return
    out.print(f"SHACL: [red]{len(report.violations)} violation(s)[/red]")
    table = Table(show_header=True, header_style="bold")
    for column in ("focus node", "path", "message", "graph"):
        table.add_column(column, overflow="fold")
    for violation in report.violations[:limit]:
        graphs = ", ".join(g.removeprefix(GRAPH_NAMESPACE) for g in violation.graphs)
        table.add_row(violation.focus, violation.path or "", violation.message, graphs)
    out.print(table)


@app.command("build")
def build_command(
    data: Annotated[
        Path | None, typer.Option("--data", help="Documents folder (default: PROBATION_GRAPH_DATA).")
    ] = None,
    store: StoreOption = None,
    check: Annotated[bool, typer.Option("--validate/--no-validate", help="Run the SHACL shapes after.")] = True,
) -> None:
    """Build the graph from every document in the data folder (unchanged documents are skipped)."""
    settings = _settings(store)
    files = corpus_files(data or settings.data)
    with _opened(settings) as opened:
        report = _ingest_with_progress(opened, files, settings, whole=True)
        _print_report(report)
        _print_stats(stats(opened))
        if check:
            _print_validation(validate(opened), limit=10)
    if not report.ok:
        raise typer.Exit(1)


@app.command("ingest")
def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Documents to add or replace (.txt .md .html .pdf).")],
    store: StoreOption = None,
) -> None:
    """Add or replace documents in the graph, each atomically."""
    settings = _settings(store)
    with _opened(settings) as opened:
        report = _ingest_with_progress(opened, files, settings)
    for outcome in report.outcomes:
        if outcome.status is not Status.FAILED:
            out.print(f"{outcome.status.value:>9}  {outcome.source_id}  ({outcome.triples} triples)  {outcome.path}")
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("query")
def query_command(
    sparql: Annotated[str | None, typer.Argument(help="SPARQL query text, or '-' to read standard input.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=f"Output: {', '.join(FORMATS)}.")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", help="Most rows to print.")] = None,
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query (prefixes pg:, id:, skos:, ... are predeclared)."""
    text = _query_text(sparql, file)
    settings = _settings(store)
    with _opened(settings, read_only=True) as opened:
        result = run(opened, text, limit=limit or settings.query_limit)
    if fmt == "table":
        _print_result(result)
    else:
        sys.stdout.write(serialise(result, fmt))
    if result.truncated:
        err.print(f"(stopped at {limit or settings.query_limit} rows)")


def _query_text(sparql: str | None, file: Path | None) -> str:
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{file}: cannot read query file: {exc}") from exc
    if sparql == "-":
        return sys.stdin.read()
    if not sparql:
        raise QueryError("give a query, '-' for standard input, or --file")
    return sparql


def _print_result(result: object) -> None:
    from .store import Result

    assert isinstance(result, Result)
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        sys.stdout.write(serialise(result, "turtle"))
        return
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(display(term) for term in row))
    out.print(table)
    out.print(f"{len(result.rows)} row(s)")


@app.command("ask")
def ask_command(
    question: Annotated[str | None, typer.Argument(help="A question in plain English.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read questions from standard input, one per line; write JSON lines.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Ask a question in plain English: the answer, its rows, the SPARQL and the sources."""
    settings = _settings(store)
    with _opened(settings, read_only=True) as opened:
        if jsonl:
            for line in sys.stdin:
                if line.strip():
                    answer = ask(line.strip(), opened)
                    sys.stdout.write(answer.model_dump_json() + "\n")
                    sys.stdout.flush()
            return
        if not question:
            raise QueryError("give a question, or --jsonl to read questions from standard input")
        answer = ask(question, opened)
    if as_json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
        return
    _print_answer(answer)


def _print_answer(answer: Answer) -> None:
    if answer.error:
        err.print(f"[yellow]{answer.error}[/yellow]", highlight=False)
    if answer.rows:
        table = Table(show_header=True, header_style="bold")
        for column in answer.columns:
            table.add_column(column, overflow="fold")
        for row in answer.rows:
            table.add_row(*("" if cell is None else str(cell) for cell in row))
        out.print(table)
    if answer.interpretation:
        out.print(f"[dim]Understood as:[/dim] {answer.interpretation}", highlight=False)
    if answer.unused:
        out.print(f"[dim]Words not used:[/dim] {', '.join(answer.unused)}", highlight=False)
    if answer.fallback:
        err.print(f"[yellow]The chat model was not used: {answer.fallback}[/yellow]", highlight=False)
    if answer.answer:
        out.print(f"[bold]{answer.answer}[/bold]", highlight=False)
    if answer.sparql:
        out.print(Syntax(answer.sparql, "sparql", word_wrap=True))
    for source in answer.sources[:10]:
        title = source.title or source.document
        out.print(f"[dim]{title}[/dim] ({source.start}-{source.end}): “{source.quote}”", highlight=False)


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words to look for in the documents' sentences.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most sentences to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines, one per sentence.")] = False,
    store: StoreOption = None,
) -> None:
    """Full-text search: the sentences that best match the words (BM25), with their documents."""
    with _opened(_settings(store), read_only=True) as opened:
        hits = search(opened, text, limit=limit)
    if as_json:
        for hit in hits:
            sys.stdout.write(json.dumps(dataclasses.asdict(hit), ensure_ascii=False) + "\n")
        return
    if not hits:
        err.print("No sentence matches those words.")
        return
    for hit in hits:
        out.print(f"[dim]{hit.title}[/dim] ({hit.document} {hit.start}-{hit.end}): “{hit.sentence}”", highlight=False)


@app.command("validate")
def validate_command(store: StoreOption = None) -> None:
    """Check the graph against the SHACL shapes (exit 1 if it does not conform)."""
    with _opened(_settings(store), read_only=True) as opened:
        report = validate(opened)
    _print_validation(report)
    if not report.conforms:
        raise typer.Exit(1)


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """Count documents, triples and entities per class."""
    with _opened(_settings(store), read_only=True) as opened:
        _print_stats(stats(opened))


ProjectionOption = Annotated[str, typer.Option("--projection", help=f"Network projection: {', '.join(PROJECTIONS)}.")]
RegionOption = Annotated[str | None, typer.Option(help="Network: only units of this region (and neighbours).")]
RatingOption = Annotated[str | None, typer.Option(help="Network: only units with this overall rating.")]
SinceOption = Annotated[str | None, typer.Option(help="Network: only units inspected since (YYYY[-MM[-DD]]).")]
UntilOption = Annotated[str | None, typer.Option(help="Network: only units inspected until (YYYY[-MM[-DD]]).")]


@app.command("export")
def export_command(
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"RDF: {', '.join(RDF_EXPORT_FORMATS)}; network: {', '.join(NETWORK_FORMATS)}."),
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (a folder for csv); default: stdout.")
    ] = None,
    projection: ProjectionOption = "full",
    region: RegionOption = None,
    rating: RatingOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    store: StoreOption = None,
) -> None:
    """Export the graph as RDF, or a network projection of it for Gephi, Cytoscape, D3 or a spreadsheet."""
    with _opened(_settings(store), read_only=True) as opened:
        if fmt in NETWORK_FORMATS:
            graph = project(opened, projection, Filters(region, rating, since, until))
            if fmt == "csv" and output is None:
                raise ProbationGraphError("csv export writes nodes.csv and edges.csv: give a folder with -o")
            if output is not None:
                written = write_network(graph, fmt, output)
                err.print(f"wrote {', '.join(str(p) for p in written)} ({graph.number_of_nodes()} nodes, "
                          f"{graph.number_of_edges()} edges)")  # fmt: skip
                return
            data = network_bytes(graph, fmt)
        else:
            data = export_rdf(opened, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise ProbationGraphError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    err.print(f"wrote {len(data):,} bytes to {output}")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    updates: Annotated[
        bool, typer.Option("--updates", help="Accept SPARQL updates at /update, with PROBATION_GRAPH_TOKEN.")
    ] = False,
    allow_service: Annotated[
        bool | None,
        typer.Option(
            "--allow-service/--no-service",
            help="Let queries use SERVICE (default: PROBATION_GRAPH_ALLOW_SERVICE).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Serve the graph over HTTP: SPARQL endpoint (/query), questions (/ask), query page (/), /health."""
    from .server import serve

    def ready() -> None:
        err.print(
            f"serving on http://{host}:{port}/ (query page), /query, /ask, /health — Ctrl+C stops", highlight=False
        )

    serve(host, port, settings=_settings(store), updates=updates, allow_service=allow_service, ready=ready)


@app.command("network")
def network_command(
    projection: ProjectionOption = "full",
    region: RegionOption = None,
    rating: RatingOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    store: StoreOption = None,
) -> None:
    """Describe the network: counts by type, components, central nodes, communities, providers, bridges."""
    with _opened(_settings(store), read_only=True) as opened:
        found = network_report(opened, projection, Filters(region, rating, since, until))
    out.print(f"[bold]{found.projection}[/bold]: {found.nodes} nodes, {found.edges} edges, "
              f"{found.components} connected component(s), the largest of {found.largest_component} nodes")  # fmt: skip
    for title, rows, header in (
        ("Nodes by type", list(found.node_types.items()), ("type", "nodes")),
        ("Edges by type", list(found.edge_types.items()), ("type", "edges")),
        ("Top nodes by degree", found.top_degree, ("node", "degree")),
        ("Top nodes by betweenness centrality", found.top_betweenness, ("node", "betweenness")),
        ("Providers serving the most PDUs", found.top_providers, ("provider", "PDUs")),
        ("Organisations bridging regions", [(o, ", ".join(r)) for o, r in found.bridges], ("organisation", "regions")),
        (
            "Communities (Louvain)",
            [(str(i + 1), ", ".join(c)) for i, c in enumerate(found.communities)],
            ("#", "members"),
        ),
    ):
        table = Table(title=title, show_header=True, header_style="bold", title_justify="left")
        for column in header:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        if not rows:
            table.add_row("(none)", "")
        out.print(table)


def main() -> None:
    """Run the CLI, turning the library's errors into one line and exit status 1."""
    try:
        app()
    except ProbationGraphError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True, markup=True)
        sys.exit(1)
