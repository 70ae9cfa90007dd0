"""Named people with their roles, and quotations with their speakers.

Roles are read from the phrases sources use to introduce people ('Jane Smith, chief inspector
of probation, said', 'led by HM Inspector Omar Khan', 'Durham Police and Crime Commissioner
Joy Allen', 'Head of Communications Sam Lee'). Quotations are the
passages in double quotes, attributed to the speaker named in the same paragraph ('X said:',
'Mr Jones added:', 'the report states') or continuing the previous speaker's quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..classes import INSPECTORATE
from ..models import Organisation, Person, Quotation, Span
from ..namespaces import PG
from ..ontology import ontology_graph, vocabulary
from .entities import NAME, unit_name
from .gazetteer import gazetteer
from .text import Text

_WORD = r"[A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?"
PERSON = rf"(?:(?:Dame|Sir|Dr|Mr|Mrs|Ms|Lord|Lady)[ \t]+)?{_WORD}(?:[ \t]+(?:Mc|Mac)?{_WORD}){{1,2}}"
_HONOURS = r"(?:\s+(?:CBE|OBE|MBE|QPM|KC|QC|DBE))*"
_PCC = r"Police\s+and\s+Crime\s+Commissioner"
_BECAME = r"(?:became|becomes|is|was|has\s+been|took\s+over\s+as|takes\s+over\s+as|steps\s+down\s+as|stepped\s+down\s+as|was\s+appointed(?:\s+as)?|is\s+now)"


@cache
def _role_cues(role: str) -> str:
    """The phrases that name a role in text (the role concept's pg:textCue), as a regex alternation."""
    concept = vocabulary().concept("role", role)
    cues = sorted(
        {str(v) for v in ontology_graph().objects(concept.iri, PG.textCue)} or {concept.label},
        key=lambda s: (-len(s), s),
    )
    body = "|".join(
        re.escape(c).replace(r"\ ", r"\s+").replace("'", "['\u2019]").replace("\u2019", "['\u2019]") for c in cues
    )
    return f"(?i:{body})"


# (role key, pattern with a 'name' group and optionally an 'org' group, default organisation kind)
# fmt: off
@cache
def role_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """How sources introduce people with a role; the role phrases come from the ontology."""
    chief = rf"(?:the\s+)?(?:new\s+|outgoing\s+|former\s+)?(?:{_role_cues('chief-inspector')})"
    lead = _role_cues("lead-inspector")
    return tuple(
        (role, re.compile(pattern))
        for role, pattern in (
            ("chief-inspector", rf"(?P<name>{PERSON}){_HONOURS},\s+{chief}(?![\w-])"),
            ("chief-inspector", rf"{chief},?\s+(?P<name>{PERSON})(?![\w-])"),
            ("chief-inspector", rf"(?:\*\*)?(?P<name>{PERSON}){_HONOURS}(?:\*\*)?[ \t]*\n[ \t]*{chief}[ \t]*(?:\n|$)"),
            ("chief-inspector", rf"(?P<name>{PERSON}){_HONOURS}(?:\*\*)?,?\s+(?:who\s+)?{_BECAME}\s+{chief}(?![\w-])"),
            ("chief-inspector", rf"(?:under|by)\s+(?:\*\*)?(?P<name>{PERSON})(?:\*\*)?,\s+who\s+{_BECAME}\s+{chief}"),
            ("lead-inspector", rf"led\s+by\s+(?:{lead})\s+(?P<name>{PERSON})"),
            ("lead-inspector", rf"(?P<name>{PERSON}),\s+(?:the\s+)?(?:{lead}),?\s+(?:who\s+)?led"),
            ("lead-inspector", rf"(?<![\w-])(?:the\s+)?(?:{lead})(?!\s+of\s+Probation\s+(?:said|says))(?:\s+of\s+Probation)?,?\s+(?P<name>{PERSON})(?![\w-])"),
            ("lead-inspector", rf"(?P<name>{PERSON}){_HONOURS},\s+(?:an?\s+|the\s+)?(?:{lead})(?![\w-])"),
            ("lead-inspector", rf"\binspection\s+(?:was\s+|is\s+|has\s+been\s+)?led\s+by\s+(?P<name>{PERSON})(?![\w-])"),
            ("pcc", rf"(?P<org>{NAME})\s+{_PCC},?\s+(?P<name>{PERSON})"),
            ("pcc", rf"(?P<name>{PERSON}),\s+(?:the\s+)?(?P<org>{NAME})\s+{_PCC}"),
            ("pcc", rf"{_PCC}\s+for\s+(?:the\s+)?(?P<org>{NAME}),?\s+(?P<name>{PERSON})"),
            ("head-of-communications", rf"[Hh]ead\s+of\s+[Cc]ommunications,?\s+(?P<name>{PERSON})"),
            ("spokesperson", rf"(?P<name>{PERSON}),\s+(?:a\s+)?spokes(?:man|woman|person)\s+for\s+(?:the\s+)?(?P<org>{NAME})"),
            ("head-of-service", rf"(?P<name>{PERSON}),\s+(?:the\s+)?head\s+of\s+(?:the\s+)?(?:service|PDU)"),
        )
    )
# fmt: on


@cache
def _role_presence() -> dict[str, re.Pattern[str]]:
    """Words without which a text introduces nobody in a role (a quick test before that role's patterns)."""
    return {
        "chief-inspector": re.compile(_role_cues("chief-inspector")),
        "lead-inspector": re.compile(rf"{_role_cues('lead-inspector')}|\bled\b", re.IGNORECASE),
        "pcc": re.compile(_PCC),
        "head-of-communications": re.compile(r"[Hh]ead\s+of\s+[Cc]ommunications"),
        "spokesperson": re.compile(r"spokes(?:man|woman|person)"),
        "head-of-service": re.compile(r"head\s+of\s+(?:the\s+)?(?:service|PDU)"),
    }


_TITLE = re.compile(r"^(?:Dame|Sir|Dr|Mr|Mrs|Ms|Lord|Lady)\s+")
_OPEN = '\u201c"'
_QUOTE = re.compile(r"[\u201c\"](?P<q>[^\u201c\u201d\"]{12,}?)(?:[\u201d\"]|$)", re.MULTILINE)
_SAID = r"(?:said|says|added|adds|stated|states|explained|commented|concluded|concludes|noted|warned|continued)"
_ATTRIBUTION = re.compile(
    rf"(?P<who>{PERSON}|(?:Mr|Mrs|Ms|Dr|Dame|Sir)\s+{_WORD}|[Hh]e|[Ss]he|[Tt]he report|[Ii]t|[Ii]nspectors"
    rf"|[Aa] spokes(?:man|woman|person) for (?:the\s+)?(?P<spoke>{NAME}))(?:,[^,\u201c\"]{{3,80}},)?\s+{_SAID}\b"
    rf"|{_SAID}\s+(?P<after>[Tt]he report|{PERSON})"
)
_INSPECTORATE_WORDS = ("the report", "it", "inspectors")


@dataclass(frozen=True)
class _Speaker:
    name: str


def _inspectorate(organisations: list[Organisation]) -> str:
    for organisation in organisations:
        if organisation.kind == INSPECTORATE:
            return organisation.name
    entry = next((e for e in gazetteer().entries if e.kind == INSPECTORATE), None)
    return entry.name if entry else "the inspectorate"


def people(text: Text, organisations: list[Organisation]) -> list[Person]:
    """Every person introduced with a role, once per person and role."""
    found: dict[tuple[str, str], Person] = {}
    inspectorate = _inspectorate(organisations)
    present = {role: cue.search(text.text) is not None for role, cue in _role_presence().items()}
    for role, pattern in role_patterns():
        if not present.get(role, True):
            continue
        for match in pattern.finditer(text.text):
            name = _TITLE.sub("", _without_leading_words(" ".join(match.group("name").split())))
            if (
                len(name.split()) < 2
                or gazetteer().lookup(name) is not None
                or _NOT_NAME_WORDS & set(name.lower().split())
            ):
                continue
            span = text.span_at(match.start("name"))
            if span is None:
                continue
            org = match.groupdict().get("org")
            if role == "pcc" and org:
                org = f"{org} Police"
            elif role in ("chief-inspector", "lead-inspector", "head-of-communications"):
                org = inspectorate
            found.setdefault((name, role), Person(name=name, role=role, organisation=org, evidence=span))
    return list(found.values())


_LEADING_WORDS = frozenset(
    "since when while after before under by as the and but if though although once until whereas however "
    "meanwhile today yesterday inspectors said says".split()
)


_NOT_NAME_WORDS = frozenset(
    "the chief inspector inspectors inspectorate probation service services hm his her majesty report minister "
    "council commissioner police justice prison government office unit pdu crc region division".split()
)


def _without_leading_words(name: str) -> str:
    """A person's name without the sentence words a pattern caught before it ('Since Robin Hale')."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def with_role(found: list[Person], role: str) -> str | None:
    """The name of the first person with ``role``."""
    return next((p.name for p in found if p.role == role), None)


def quotations(
    text: Text, found: list[Person], organisations: list[Organisation], subject: str | None = None
) -> list[Quotation]:
    """Quoted passages with their speakers; a quote whose speaker cannot be told is left out.

    A paragraph with an attribution ('X said:', '..., the report states') sets the speaker; a
    paragraph that opens with a quote mark continues the speaker of the paragraph before (one
    unquoted paragraph in between is allowed: quotes broken across lines by the source).
    """
    quotes: list[Quotation] = []
    speaker: _Speaker | None = None
    gap = 0
    position = 0
    for line in text.text.split("\n"):
        start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        attribution = _ATTRIBUTION.search(line)
        matches = [m for m in _QUOTE.finditer(line) if len(m.group("q").split()) >= 4]
        if attribution is not None:
            speaker = _resolve(attribution, found, organisations, speaker, subject)
            gap = 0
        elif matches and stripped[0] in _OPEN and gap <= 1:
            gap = 0
        else:
            gap += 1
            if gap > 1 or matches:
                speaker = None
        if speaker is None:
            continue
        for match in matches:
            quoted = match.group("q").rstrip()
            span = Span(start=start + match.start("q"), end=start + match.start("q") + len(quoted), text=quoted)
            quotes.append(Quotation(speaker=speaker.name, text=" ".join(quoted.split()), evidence=span))
    return quotes


def _resolve(
    attribution: re.Match[str],
    found: list[Person],
    organisations: list[Organisation],
    previous: _Speaker | None,
    subject: str | None,
) -> _Speaker | None:
    who = attribution.group("who") or attribution.group("after") or ""
    if attribution.group("spoke"):
        spoke = unit_name(attribution.group("spoke"))
        return _Speaker(subject if spoke in ("", "CRC", "PDU") and subject else spoke)
    lowered = who.lower()
    if lowered in ("he", "she"):
        return previous
    if lowered in _INSPECTORATE_WORDS:
        return _Speaker(_inspectorate(organisations))
    bare = _without_leading_words(" ".join(who.split()))
    name = _TITLE.sub("", bare)
    if bare != name:
        called = name.split()[-1]
        match = next((p.name for p in found if p.name.split()[-1] == called), None)
        match = match or next((p.name for p in found if called in p.name.split()), None)
        return _Speaker(match) if match else None
    known = next((p.name for p in found if name == p.name or name.endswith(" " + p.name)), None)
    if known is None and _NOT_NAME_WORDS & set(name.lower().split()):
        role = next((r for r, _p in role_patterns() if re.search(_role_cues(r), name, re.IGNORECASE)), None)
        holders = list(dict.fromkeys(p.name for p in found if role and p.role == role))
        return _Speaker(holders[0]) if len(holders) == 1 else None
    return _Speaker(known or name)
