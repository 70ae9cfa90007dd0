"""Who delivers which service, in what role; who owns whom; who is a member of which consortium.

Service types and commissioning roles are read with the ontology's lexicon (labels and synonyms
of the service-type and service-role concepts). Providers are organisations named after
'delivered by', 'provided by', 'provider', quoted service names ('the 'humankind' service'),
known organisations described as a service or project, and 'X, which supports ...'.
"""

from __future__ import annotations

import re
from functools import cache

from ..classes import CONSORTIUM, ORGANISATION, PROVIDER, registry
from ..models import Organisation, Relation, Service, Span
from ..ontology import Concept, vocabulary
from .entities import NAME, clean_name, unit_name
from .gazetteer import gazetteer
from .text import Sentence, Text

_ORG = rf"(?:the\s+)?(?P<org>{NAME})"
_BY = re.compile(rf"\b(?:delivered|provided|run|commissioned|offered)\s+(?:both\s+)?by\s+{_ORG}")
_PROVIDER = re.compile(r"\bprovider\s+['\u2018\"\u201c](?P<org>[^'\u2019\"\u201d]{2,40})['\u2019\"\u201d]")
_QUOTED_SERVICE = re.compile(
    r"(?:the\s+)?['\u2018\"\u201c](?P<org>[^'\u2019\"\u201d]{2,40})['\u2019\"\u201d]\s+(?P<type>(?:[\w-]+\s+){0,3})service"
)
_WHICH = re.compile(rf"{_ORG},?\s+which\s+(?:supports|provides|delivers|offers|works)\b(?P<rest>[^.;]*)")
_SUBCONTRACT = re.compile(rf"\bsub-?contract(?:ed)?\s+(?:for|to|with)\s+{_ORG}")
_OWNED = re.compile(rf"(?P<owned>{NAME})\s+(?:is|was|are|were)\s+(?:now\s+)?owned\s+by\s+{_ORG}")
_CONSORTIUM = re.compile(rf"{_ORG},\s+a\s+consortium\s+(?:made\s+up\s+of|of|comprising|including)\s+(?P<list>[^.]+)")
_NOT_PROVIDERS = ("probation", "the pdu", "pdu", "the crc", "practitioners", "staff")


@cache
def _lexicon(scheme: str) -> list[tuple[re.Pattern[str], Concept]]:
    entries = []
    for concept in vocabulary().scheme(scheme):
        if concept.key == "other":
            continue
        for label in concept.labels:
            flags = 0 if label.isupper() else re.IGNORECASE
            pattern = re.escape(label).replace(r"\ ", r"\s+").replace("'", "['\u2019]?")
            entries.append((re.compile(rf"(?<!\w){pattern}s?(?!\w)", flags), concept))
    entries.sort(key=lambda entry: len(entry[0].pattern), reverse=True)
    return entries


def concept_in(scheme: str, text: str, anchor: int | None = None) -> Concept | None:
    """The concept of ``scheme`` named in ``text``: nearest before ``anchor`` if given, else first."""
    best: tuple[int, Concept] | None = None
    for pattern, concept in _lexicon(scheme):
        for match in pattern.finditer(text):
            if anchor is None:
                score = match.start()
            elif match.end() <= anchor:
                score = anchor - match.end()
            else:
                continue
            if best is None or score < best[0]:
                best = (score, concept)
    return best[1] if best else None


def most_specific(scheme: str, texts: list[str]) -> Concept | None:
    """The concept of ``scheme`` with the longest label found in any of ``texts``; earlier texts win ties."""
    best: tuple[int, int, Concept] | None = None
    for rank, text in enumerate(texts):
        for pattern, concept in _lexicon(scheme):
            match = pattern.search(text)
            if match and (best is None or (len(match.group(0)), -rank) > best[:2]):
                best = (len(match.group(0)), -rank, concept)
    return best[2] if best else None


def _service_type(sentence: Sentence, anchor: int, context: list[Sentence]) -> str | None:
    window_start = max(0, sentence.plain.rfind(" by ", 0, max(0, anchor - 4)))
    concept = concept_in("service-type", sentence.plain[window_start:anchor], anchor - window_start)
    if concept is None:
        concept = concept_in("service-type", sentence.plain[anchor:])
    for earlier in reversed(context):
        if concept is not None:
            break
        concept = concept_in("service-type", earlier.plain)
    return concept.key if concept else None


def _role(sentence: Sentence, context: list[Sentence]) -> str | None:
    concept = concept_in("service-role", sentence.plain)
    if concept is None and context:
        concept = concept_in("service-role", context[-1].plain)
    return concept.key if concept else None


def _provider_name(raw: str, *, trim: bool = True) -> str | None:
    """The canonical name of a provider, or None for words that name no organisation."""
    name = clean_name(raw.strip(" ,."))
    entry = gazetteer().lookup(name)
    if entry is not None:
        return entry.name
    if trim:
        name = re.sub(r"\s+(?:for|in|across|at|with)\s+.*$", "", name)
    if not name or name.lower() in _NOT_PROVIDERS or vocabulary().match("service-role", name):
        return None
    entry = gazetteer().lookup(name)
    if entry is not None:
        return entry.name
    if re.search(r"\b(?:Commissioned|Rehabilitative|Services?)$", name):
        return None
    return name


def _paragraph(text: Text, sentence: Sentence) -> list[Sentence]:
    """The sentences before ``sentence`` in the same paragraph or bullet (at most two)."""
    index = text.sentences.index(sentence)
    earlier: list[Sentence] = []
    for previous in reversed(text.sentences[max(0, index - 2) : index]):
        between = text.text[previous.end : sentence.start if not earlier else earlier[-1].start]
        if "\n" in between:
            break
        earlier.append(previous)
    return list(reversed(earlier))


def services(
    text: Text, subject: str, organisations: list[Organisation]
) -> tuple[list[Service], list[Relation], list[Organisation]]:
    """Services delivered for ``subject``, sub-contracting relations, and the providers found."""
    found: dict[tuple[str, str], Service] = {}
    relations: list[Relation] = []
    providers: dict[str, Organisation] = {}
    known = {o.name for o in organisations}

    def add(
        sentence: Sentence, provider: str | None, anchor: int, type_hint: str = "", *, strict: bool = False
    ) -> Service | None:
        if provider is None:
            return None
        context = _paragraph(text, sentence)
        hinted = concept_in("service-type", type_hint)
        service_type = hinted.key if hinted else None if strict else _service_type(sentence, anchor, context)
        if service_type is None:
            return None
        service = Service(
            service_type=service_type,
            provider=provider,
            role=_role(sentence, context),
            delivered_in=subject,
            evidence=sentence.span,
        )
        found.setdefault((service_type, provider), service)
        if provider not in known and provider not in providers:
            providers[provider] = Organisation(name=provider, kind=PROVIDER, evidence=sentence.span)
        return found[(service_type, provider)]

    for sentence in text.sentences:
        plain = sentence.plain
        last: Service | None = None
        for match in _BY.finditer(plain):
            last = add(sentence, _provider_name(match.group("org")), match.start()) or last
        for match in _PROVIDER.finditer(plain):
            add(sentence, _provider_name(match.group("org"), trim=False), match.start())
        for match in _QUOTED_SERVICE.finditer(plain):
            add(sentence, _provider_name(match.group("org"), trim=False), match.start(), match.group("type"))
        for match in _WHICH.finditer(plain):
            provider = gazetteer().lookup(match.group("org"))
            if provider is not None:
                add(sentence, provider.name, match.end(), match.group("rest"))
        for mention in gazetteer().mentions(plain):
            described = re.match(r"[\w ]{0,20}?,?\s+(?:a|an|the)\s+(?P<what>[^.;,]{3,80})", plain[mention.end :])
            service_word = re.match(r"\s+service\b", plain[mention.end :])
            if described and re.search(r"\b(?:service|project|provider|support)\b", described.group("what")):
                add(sentence, mention.entry.name, mention.end, described.group("what"), strict=True)
            elif service_word:
                add(sentence, mention.entry.name, mention.end)
        for match in _SUBCONTRACT.finditer(plain):
            contractor = _provider_name(match.group("org"))
            if contractor is None or last is None:
                continue
            found[(last.service_type, last.provider)] = last.model_copy(update={"subcontractor": contractor})
            relations.append(
                Relation(subject=last.provider, predicate="subcontractsTo", object=contractor, evidence=sentence.span)
            )
            if contractor not in known:
                providers.setdefault(contractor, Organisation(name=contractor, kind=PROVIDER, evidence=sentence.span))
    return list(found.values()), relations, list(providers.values())


def ownership(text: Text, subject: str) -> tuple[list[Relation], list[Organisation]]:
    """'X is owned by Y', 'Y, a consortium made up of A (...); B (...); and C (...)'."""
    relations: list[Relation] = []
    described: dict[str, Organisation] = {}
    for sentence in text.sentences:
        plain = sentence.plain
        span = sentence.span
        for match in _OWNED.finditer(plain):
            owned = unit_name(match.group("owned"))
            owned = subject if owned and (owned in subject or subject in owned) else owned
            owner = _provider_name(match.group("org"))
            if owned and owner:
                relations.append(Relation(subject=owned, predicate="ownedBy", object=owner, evidence=span))
        for match in _CONSORTIUM.finditer(plain):
            consortium = _provider_name(match.group("org"))
            if consortium is None:
                continue
            described[consortium] = _organisation(consortium, CONSORTIUM, span)
            for member, description in _members(match.group("list")):
                kind = _kind(description)
                described[member] = _organisation(member, kind, span, description)
                relations.append(Relation(subject=member, predicate="memberOf", object=consortium, evidence=span))
                parent = re.search(rf"\b(?:sub-?division|division|subsidiary|part)\s+of\s+(?P<org>{NAME})", description)
                if parent:
                    parent_name = _provider_name(parent.group("org"))
                    if parent_name:
                        tail = description[parent.end() :]
                        described.setdefault(parent_name, _organisation(parent_name, _kind(tail), span, tail))
                        relations.append(
                            Relation(subject=member, predicate="subdivisionOf", object=parent_name, evidence=span)
                        )
    return relations, list(described.values())


def _organisation(name: str, kind: str, span: Span, description: str = "") -> Organisation:
    entry = gazetteer().lookup(name)
    alias = re.match(rf"^\s*(?P<alias>{NAME}),", description)
    aliases = (alias.group("alias"),) if alias and not re.match(r"^(?:a|an|the)\b", alias.group("alias"), re.I) else ()
    if entry is not None and kind == ORGANISATION:
        kind = entry.kind
    clean = " ".join(description.split()).strip(" ,;()") or None
    return Organisation(
        name=entry.name if entry else name, kind=kind, aliases=aliases, description=clean, evidence=span
    )


def _kind(description: str) -> str:
    """The kind of organisation a description says ('a charity supporting families' → Charity), by the classes' cues."""
    for graph_class in registry().organisations():
        for cue in graph_class.cues:
            if re.search(rf"(?<![\w-]){re.escape(cue)}(?![\w-])", description, re.IGNORECASE):
                return graph_class.key
    return ORGANISATION


def _members(listing: str) -> list[tuple[str, str]]:
    """Members of a consortium list: 'A (desc); B (desc); and C (desc)' → [(A, desc), ...]."""
    parts = re.split(r";\s*(?:and\s+)?|,\s+and\s+|\s+and\s+(?=[A-Z0-9])", listing)
    members = []
    for part in parts:
        match = re.match(
            r"\s*(?:and\s+)?(?P<name>[A-Z0-9][\w&'\u2019.-]*(?:\s+[A-Z0-9][\w&'\u2019.-]*)*)\s*(?:\((?P<d>.*)\)?)?",
            part,
        )
        if match:
            name = _provider_name(match.group("name"))
            if name:
                members.append((name, (match.group("d") or "").rstrip(")")))
    return members
