"""Known organisations: the gazetteer (``ontology/gazetteer.toml``) and the reference backbone of units.

Every name and alias is looked up by its folded form (``names.fold``), and for units also without
their unit words or naming phrases ('Kestrel Bay and Fenwick PDU', 'NPS Wales', 'Probation Service –
North East region'). A bare name that several kinds of unit share ('Wales': a region, a CRC and an
NPS division) is the region unless a unit word says otherwise.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from ..classes import CRC, NPS_DIVISION, PDU, REGION, org_kind, registry
from ..errors import ConfigError
from ..names import base_name, display, fold
from ..ontology import ontology_file
from ..reference import reference

BARE_NAME_PREFERENCE = (REGION, PDU, CRC, NPS_DIVISION)
"""Which kind a bare unit name shared by several kinds denotes, first to last."""

_MINOR_WORDS = re.compile(r"\b(?:and|the|of|upon|on)\b")


@dataclass(frozen=True)
class Entry:
    """A known organisation: its canonical name, kind and aliases (and a unit's region, when known)."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    region: str | None = None
    in_reference: bool = False

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


def _loose(key: str) -> str:
    return re.sub(r"\s+", "", _MINOR_WORDS.sub(" ", key))


class Gazetteer:
    """Known organisations, looked up by folded name; other organisations are matched as whole words."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_key: dict[str, list[Entry]] = defaultdict(list)
        self._by_loose: dict[str, list[Entry]] = defaultdict(list)
        self._candidates: dict[str, tuple[Entry, ...]] = {}
        for entry in entries:
            unit = entry.kind in registry() and registry().get(entry.kind).is_unit
            for name in entry.names:
                for key in {fold(name), *([fold(base_name(name, entry.kind))] if unit else [])}:
                    if key and entry not in self._by_key[key]:
                        self._by_key[key].append(entry)
                    if key and entry not in self._by_loose[_loose(key)]:
                        self._by_loose[_loose(key)].append(entry)
        others = sorted({n for e in entries if not e.in_reference for n in e.names}, key=lambda s: (-len(s), s))
        alternation = "|".join(re.escape(n).replace(r"\'", "['\u2019]").replace("'", "['\u2019]") for n in others)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])") if others else None

    def candidates(self, name: str) -> list[Entry]:
        """Every entry ``name`` may denote: by its folded form, else without a unit word, else loosely."""
        known = self._candidates.get(name)
        if known is None:
            known = self._candidates[name] = tuple(self._find(name))
        return list(known)

    def _find(self, name: str) -> list[Entry]:
        key = fold(name)
        found = list(self._by_key.get(key, ()))
        for graph_class in registry().units():
            bare = fold(base_name(name, graph_class))
            if bare != key:
                found += [e for e in self._by_key.get(bare, ()) if e.kind == graph_class.key and e not in found]
        if not found:
            loose = self._by_loose.get(_loose(key), [])
            found = loose if len({(e.name, e.kind) for e in loose}) == 1 else []
        return found

    def lookup(self, name: str, kind: str | None = None) -> Entry | None:
        """The entry ``name`` denotes (of ``kind`` when given, which may be a superclass), or ``None``."""
        found = self.candidates(name)
        if kind is not None:
            found = [e for e in found if registry().is_a(e.kind, kind)]
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        qualified = [e for e in found if fold(base_name(name, e.kind)) != fold(name)]
        if len(qualified) == 1:
            return qualified[0]
        preference = {k: i for i, k in enumerate(BARE_NAME_PREFERENCE)}
        return min(found, key=lambda e: preference.get(e.kind, len(preference)))

    def units(self) -> list[Entry]:
        """The probation units of the reference backbone."""
        return [e for e in self.entries if e.in_reference]

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of a known organisation other than a probation unit in ``text``."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            entry = self.lookup(match.group(0))
            if entry is not None and not entry.in_reference:
                found.append(Mention(entry, match.start(), match.end()))
        return found


@cache
def gazetteer() -> Gazetteer:
    """Load ``ontology/gazetteer.toml`` and the reference units once per process."""
    path = ontology_file("gazetteer.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    entries = []
    for item in data.get("organisation", []):
        try:
            entries.append(Entry(str(item["name"]), org_kind(str(item["kind"])), tuple(item.get("aliases", ()))))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{path}: bad [[organisation]] entry {item!r}: {exc}") from exc
    for unit in reference().units:
        entries.append(Entry(unit.name, unit.kind, unit.aliases, unit.region, in_reference=True))
    return Gazetteer(entries)


def canonical(name: str) -> str:
    """The canonical written form of an organisation's name: the gazetteer's, else the name as displayed."""
    entry = gazetteer().lookup(name)
    return entry.name if entry is not None else display(name)
