"""The sentences behind facts: each fact node's ``pg:evidence`` quote and the document it came from."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from .extract.text import plain_text
from .store import Store


class Source(BaseModel):
    """A sentence of a source document that backs a fact."""

    document: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    quote: str
    start: int
    end: int


_EVIDENCE = """SELECT ?fact ?quote ?start ?end ?sid ?title ?publisher ?date ?url WHERE {{
  VALUES ?fact {{ {facts} }}
  ?fact pg:evidence ?e . ?e oa:hasSource ?d ; oa:hasSelector ?s .
  ?s oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  ?d pg:sourceId ?sid .
  OPTIONAL {{ ?d dcterms:title ?title }} OPTIONAL {{ ?d dcterms:publisher ?publisher }}
  OPTIONAL {{ ?d pg:publicationDate ?date }} OPTIONAL {{ ?d dcterms:source ?url }}
}}"""

_BATCH = 200


def evidence(store: Store, facts: Iterable[str]) -> dict[str, list[Source]]:
    """The evidence sentences of each fact node (IRIs), in document order, once each."""
    wanted = list(dict.fromkeys(facts))
    found: dict[str, dict[tuple[str, int], Source]] = {fact: {} for fact in wanted}
    for first in range(0, len(wanted), _BATCH):
        batch = " ".join(f"<{fact}>" for fact in wanted[first : first + _BATCH])
        for fact, quote, start, end, sid, title, publisher, date, url in store.query(
            _EVIDENCE.format(facts=batch)
        ).rows:
            key = (str(sid), int(str(start)))
            found[str(fact)].setdefault(
                key,
                Source(
                    document=str(sid),
                    title=str(title) if title else None,
                    publisher=str(publisher) if publisher else None,
                    date=str(date) if date else None,
                    url=str(url) if url else None,
                    quote=plain_text(str(quote)),
                    start=int(str(start)),
                    end=int(str(end)),
                ),
            )
    return {fact: sorted(by_key.values(), key=lambda s: (s.document, s.start)) for fact, by_key in found.items()}


def sources(store: Store, facts: list[str], *, limit: int = 40) -> list[Source]:
    """The evidence sentences of the first ``limit`` fact nodes, each sentence once, facts in order."""
    seen: dict[tuple[str, int], Source] = {}
    for found in evidence(store, facts[:limit]).values():
        for source in found:
            seen.setdefault((source.document, source.start), source)
    return list(seen.values())


__all__ = ["Source", "evidence", "sources"]
