"""The gazetteer of known organisations (``ontology/gazetteer.toml``) and mentions of them in text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from ..errors import ConfigError
from ..models import OrgKind
from ..ontology import ontology_file


@dataclass(frozen=True)
class Entry:
    """A known organisation: its canonical name, kind and aliases."""

    name: str
    kind: OrgKind
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """A gazetteer name found in a text, at ``start``..``end``."""

    entry: Entry
    start: int
    end: int


class Gazetteer:
    """Known organisations, matched as whole words, case-sensitively, longest name first."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_name: dict[str, Entry] = {}
        for entry in entries:
            for name in entry.names:
                self._by_name[_fold(name)] = entry
        names = sorted({n for e in entries for n in e.names}, key=len, reverse=True)
        alternation = "|".join(re.escape(n).replace(r"\'", "['\u2019]").replace("'", "['\u2019]") for n in names)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])") if names else None

    def lookup(self, name: str) -> Entry | None:
        """Return the entry whose name or alias is ``name`` (ignoring case, quotes and 'the')."""
        return self._by_name.get(_fold(name))

    def mentions(self, text: str) -> list[Mention]:
        """Return every mention of a known organisation in ``text``."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            entry = self.lookup(match.group(0))
            if entry is not None:
                found.append(Mention(entry, match.start(), match.end()))
        return found


def _fold(name: str) -> str:
    name = name.replace("\u2019", "'").replace("&", "and").strip()
    name = re.sub(r"\s+", " ", name)
    return re.sub(r"^the ", "", name, flags=re.IGNORECASE).lower()


@cache
def gazetteer() -> Gazetteer:
    """Load ``ontology/gazetteer.toml`` once per process."""
    path = ontology_file("gazetteer.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    entries = []
    for item in data.get("organisation", []):
        try:
            entries.append(Entry(str(item["name"]), OrgKind(item["kind"]), tuple(item.get("aliases", ()))))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{path}: bad [[organisation]] entry {item!r}: {exc}") from exc
    return Gazetteer(entries)
