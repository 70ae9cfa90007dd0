"""One document at the size limit: the time it takes to ingest and the peak memory, for a text of exactly
``PROBATION_GRAPH_MAX_FILE_BYTES`` bytes (20 MB by default).

    .venv/bin/python bench/bench_large_document.py [--bytes 20000000] [--kind prose|dense]

The text is made of invented sentences: ``prose`` is mostly narrative with a unit, a figure or a rating
now and then; ``dense`` names a unit and a figure in every sentence (the most facts per byte). The
document is ingested in this process (one worker) into an on-disk store in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from memory import peak_mib
from results import record

from probation_graph import EmbeddedStore, Settings, ingest
from probation_graph.build import TEXT_PART

UNITS = ("Kestrel Bay PDU", "Mercia Vale PDU", "Harrowgate Fen PDU", "Lowmoor Cross PDU")
PROSE = (
    "Practitioners described a supportive culture and said that managers were visible and approachable.",
    "The team had worked hard to rebuild relationships with local partners after a period of change.",
    "Case records showed that home visits were used well to understand the circumstances of each person.",
    "Some staff told us that the demands of their caseloads left little time for reflective supervision.",
    "Information sharing with children's social care was timely in most of the cases we inspected.",
)
FACTS = (
    "Inspectors found that {u} kept good records of supervision.",
    "In {u}, 62% of cases had a sufficient assessment of risk of harm.",
    "Managers in {u} met partners every month to review arrangements.",
    "{u} was rated 'Requires improvement' overall.",
)


def text_of(size: int, kind: str) -> str:
    """Invented sentences in paragraphs, exactly ``size`` bytes of ASCII."""
    rng = random.Random(7)
    parts: list[str] = []
    length = 0
    while length < size:
        if kind == "dense":
            sentences = [rng.choice(FACTS).format(u=rng.choice(UNITS)) for _ in range(6)]
        else:
            sentences = [rng.choice(PROSE) for _ in range(5)] + [rng.choice(FACTS).format(u=rng.choice(UNITS))]
        paragraph = " ".join(sentences) + "\n\n"
        parts.append(paragraph)
        length += len(paragraph)
    return "".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bytes", type=int, default=Settings().max_file_bytes)
    parser.add_argument("--kind", choices=("prose", "dense"), default="prose")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probation-graph-large-") as folder:
        work = Path(folder)
        path = work / "data" / "large-document.txt"
        path.parent.mkdir()
        path.write_text(text_of(args.bytes, args.kind), encoding="ascii")
        settings = Settings(data=path.parent, store=work / "store", workers=1, max_file_bytes=args.bytes)
        before = peak_mib()
        store = EmbeddedStore(settings.store)
        started = time.perf_counter()
        report = ingest(store, [path], settings=settings)
        seconds = time.perf_counter() - started
        [outcome] = report.outcomes
        quads = len(store)
        store.close()
    peak = peak_mib()
    parts = -(-args.bytes // TEXT_PART)
    record(
        "one document at the size limit",
        [
            f"A {args.kind} text of {args.bytes:,} bytes (invented sentences, bench/bench_large_document.py), "
            f"ingested in one process into an on-disk store; its text kept in {parts} parts of at most "
            f"{TEXT_PART:,} characters.",
            "",
            "| text | bytes | status | triples | quads in store | time | peak memory | before ingest |",
            "|---|---|---|---|---|---|---|---|",
            f"| {args.kind} | {args.bytes:,} | {outcome.status.value}{f' ({outcome.error})' if outcome.error else ''} "
            f"| {outcome.triples:,} | {quads:,} | {seconds:.1f} s | {peak:,.0f} MiB | {before:,.0f} MiB |",
        ],
    )


if __name__ == "__main__":
    main()
