"""What a text claims about the inspections of the units it names, sentence by sentence and row by row.

Each sentence is masked: the units it names or refers to become ``⟨U0⟩``, ratings ``⟨R0⟩``,
standards ``⟨S0⟩`` and groups of standards ``⟨G0⟩``; then a small grammar of patterns over the
masked sentence says which unit (or standard) gets which rating, which unit is in which region or
owned by whom, and which inspection a date, a score or a count of recommendations belongs to. The
words the patterns hinge on (rating phrases, the verbs of rating, owning and belonging) are the
ontology's text cues. A clause that speaks of an earlier inspection ('previously rated', 'when we
last inspected') gives claims about that one; 'retaining the same grade' gives both.

Tables give the same claims, one row at a time, and the rating lines of reports ('1.2 Staffing ....
Requires improvement', 'Overall rating: Good') one line at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..classes import CRC, PDU, REGION, registry
from ..models import Span
from ..names import display, fold
from ..namespaces import PG
from ..ontology import Concept, ontology_graph, vocabulary
from .dates import DATE, MONTHS, first_date
from .discourse import Discourse, Key, SentenceView
from .gazetteer import gazetteer
from .numbers import NUMBER, to_number
from .structure import Layout, Table, clean_cell
from .text import Text
from .units import find_units

CURRENT = "current"
PREVIOUS = "previous"

OPEN = "\u27e8"
CLOSE = "\u27e9"


@dataclass(frozen=True)
class Claim:
    """One thing the text says about one unit's inspection (or about the unit itself)."""

    unit: Key
    field: str
    """'overall', 'standard', 'published', 'fieldwork', 'year', 'score', 'recommendations', 'chief', 'lead',
    'inspected', 'region', 'owner', 'same-rating' (the earlier inspection had the current rating)."""
    value: Any
    evidence: Span
    when: str = CURRENT
    standard: str | None = None
    code: str | None = None
    weight: float = 1.0


def _cues(subject: Any) -> list[str]:
    return sorted({str(v) for v in ontology_graph().objects(subject, PG.textCue)}, key=lambda c: (-len(c), c))


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


@cache
def _rating_cues() -> tuple[re.Pattern[str], dict[str, str]]:
    keys: dict[str, str] = {}
    for concept in vocabulary().scheme("rating"):
        for cue in _cues(concept.iri) or [concept.label]:
            keys[fold(cue)] = concept.key
    phrases = sorted(
        {cue for concept in vocabulary().scheme("rating") for cue in _cues(concept.iri)}, key=lambda s: (-len(s), s)
    )
    pattern = re.compile(
        rf"(?P<q1>[\u2018'\"\u201c])?(?<![\w-])(?P<cue>{_alternation(phrases)})(?![\w-])(?P<q2>[\u2019'\"\u201d])?",
        re.IGNORECASE,
    )
    return pattern, keys


@cache
def _standard_cues() -> tuple[re.Pattern[str], dict[str, Concept]]:
    keys: dict[str, Concept] = {}
    for concept in vocabulary().scheme("standard"):
        for label in (*concept.labels, *_cues(concept.iri)):
            if len(label) > 3:
                keys.setdefault(fold(label), concept)
    phrases = sorted(keys, key=lambda s: (-len(s), s))
    body = "|".join(r"[\s-]+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{body})(?:s)?(?![\w-])", re.IGNORECASE), keys


@cache
def _groups() -> dict[str, list[str]]:
    """Standards that group others (service delivery → assessment, planning, ...), with their members."""
    members: dict[str, list[str]] = {}
    for concept in vocabulary().scheme("standard"):
        if concept.broader:
            members.setdefault(concept.broader, []).append(concept.key)
    return members


@cache
def _unit_words() -> re.Pattern[str]:
    """The unit words of every class ('Probation Delivery Units'), so that no standard is read inside one."""
    words = {w for c in registry().units() for w in (*c.unit_words, *c.plural_unit_words) if " " in w}
    words |= {"probation services", "probation service"}
    return re.compile(
        rf"(?<![\w-])(?:{_alternation(sorted(words, key=lambda s: (-len(s), s)))})(?![\w-])", re.IGNORECASE
    )


@cache
def _region_names() -> re.Pattern[str] | None:
    """The names of the probation regions as written alone ('the North West')."""
    names = {n for e in gazetteer().units() if e.kind == REGION for n in e.names if len(n) > 3 and n[0].isupper()}
    if not names:
        return None
    return re.compile(rf"(?<![\w-])(?:{_alternation(sorted(names, key=lambda s: (-len(s), s)))})(?![\w-])")


def rating_key(text: str) -> str | None:
    """The rating a phrase states ('requiring improvement' → 'requires-improvement'), or ``None``."""
    pattern, keys = _rating_cues()
    match = pattern.fullmatch(text.strip(" .*\u2018\u2019'\"\u201c\u201d"))
    return keys.get(fold(match.group("cue"))) if match else None


def _t(kind: str) -> str:
    return rf"{OPEN}{kind}\d+{'[qv]?' if kind == 'R' else ''}{CLOSE}"


def _list(kind: str) -> str:
    item = _t(kind)
    return rf"{item}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:in\s+)?|\s*&\s*){item})*"


_PAREN = r"(?:\s*\([^()\u27e8\u27e9]{1,40}\))?"
_GAP = r"(?:\s*,(?:[^\u27e8\u27e9;]|\u27e8[SGWU]\d+\u27e9){0,220}?,)?"
"""An aside between a unit and its verb (', part of the North West region,'); it may name other units, not ratings."""
_BE = r"(?:is|are|was|were|has\s+been|have\s+been|had\s+been|will\s+be|be|being|has|have)"
_ADV = r"(?:\s+(?:all|also|both|each|again|now|likewise|therefore|similarly|just|only|still|overall|once\s+more|duly|then|been|previously|originally|last))*"
_AS = r"(?:\s+(?:as|to\s+be|at))?"
_TRAIL = r"(?:\s+overall)?"


@cache
def _rules() -> dict[str, re.Pattern[str]]:
    verbs = _alternation(_cues(PG.overallRating) or ["rated"])
    owner_verbs = _alternation(_cues(PG.ownedBy) or ["owned by"])
    units, standards, rating, unit = _list("U"), _list("S"), _t("R"), _t("U")
    quoted = rf"{OPEN}R\d+[qv]{CLOSE}"
    received = (
        r"(?:received|receives|achieved|achieves|got|gets|given|handed|awarded|earned|came\s+out\s+as|comes\s+out\s+as"
        r"|retained|retains|kept|keeps|emerged\s+as)"
    )
    rules = {
        "subject-rated": rf"(?P<u>{units}){_PAREN}{_GAP}\s+(?:{_BE}{_ADV}\s+)?(?:{verbs}){_AS}\s+(?P<r>{rating}){_TRAIL}(?!\s+(?:for|in)\s+{OPEN}[SG])",
        "subject-received": rf"(?P<u>{units}){_PAREN}{_GAP}\s+(?:{_BE}{_ADV}\s+)?{received}\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:overall\s+)?(?:rating\s+of\s+|grade\s+of\s+|verdict\s+of\s+)?(?P<r>{rating})",
        "gave-unit": rf"(?:gave|give|gives|given|awarded|handed)\s+(?P<u>{units}){_PAREN}\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:overall\s+)?(?:(?:rating|grade)\s+of\s+)?(?P<r>{rating})",
        "rated-unit": rf"\b(?:{verbs})\s+(?:the\s+)?(?P<u>{units}){_PAREN}{_GAP}{_AS}\s+(?P<r>{rating})(?!\s+(?:for|in)\s+{OPEN}[SG])",
        "which-received": rf"(?P<u>{units}){_PAREN},\s+which\s+(?:has\s+been\s+|was\s+|is\s+)?(?:{received}|rated)\s+(?:an?\s+)?(?:overall\s+)?(?:rating\s+of\s+)?(?P<r>{rating})",
        "comma-rated": rf"(?P<u>{units}){_PAREN},\s+(?:also\s+)?(?:{verbs})\s+(?P<r>{rating})\s*,",
        "headline": rf"(?:^|[:;]\s*)(?P<u>{units})\s*:?\s+(?:{_BE}\s+)?(?:(?:{verbs})\s+)?(?P<r>{quoted})(?!\s+(?:for|in)\s+{OPEN}[SG])|(?P<r2>{OPEN}R\d+q{CLOSE})\s+(?P<u2>{units})",
        "unit-verbal": rf"(?P<u>{units}){_PAREN}\s+(?:still\s+|now\s+|also\s+|therefore\s+)?(?P<r>{OPEN}R\d+v{CLOSE})",
        "respectively": rf"(?P<u>{units}){_GAP}\s+(?:{_BE}\s+)?(?:{verbs})\s+(?P<rs>{rating}(?:\s*,\s*{rating})*\s*,?\s+and\s+{rating})\s*,?\s*respectively",
        "pronoun-rated": rf"\b(?:it|they)\s+(?:{_BE}{_ADV}\s+)?(?:{verbs}){_AS}\s+(?P<r>{rating}){_TRAIL}(?!\s+(?:for|in)\s+{OPEN}[SG])",
        "subjectless-overall": rf"(?:^|\s)(?:{_BE}{_ADV}\s+)?(?:{verbs}|{received}){_AS}\s+(?:an?\s+)?(?P<r>{rating})\s+(?:overall|rating)\b",
        "overall-rating-of": rf"overall\s+(?:rating|grade|verdict)\s*(?:of|:|is|was|\.{{2,}}|[\u2013\u2014-])\s*(?:(?P<u>{unit})\s*[\u2013\u2014:-]\s*)?(?P<r>{rating})",
        "unit-overall-line": rf"(?P<u>{unit})\s*[\u2013\u2014-]\s*overall\s+rating\s*:?\s*(?P<r>{rating})",
        "standards-rated": rf"(?P<s>{standards})(?:\s+(?:work|standard|standards|aspect|aspects|team|services|scheme))?(?:\s*,?\s*which[^\u27e8\u27e9;]{{0,160}}?,)?\s*[,\u2013\u2014-]?\s+(?:{_BE}{_ADV}\s+)?(?:{verbs}|made\s+it\s+to|reached|achieved){_AS}\s+(?P<r>{rating})",
        "as-were": rf"(?P<r>{rating})\s*,?\s+as\s+(?:were|was|did)\s+(?P<s>{standards})",
        "from-rating": rf"\b(?:(?:up|down|improving|improved|falling|fallen|rising|risen|slipping|slipped)\s+from|(?:an?\s+)?(?:improvement|step\s+up|step\s+down|decline|fall)\s+(?:on|from)|better\s+than|worse\s+than)\s+(?:an?\s+|its\s+|the\s+)?(?:(?:previous|earlier|last)\s+)?(?:rating\s+of\s+)?(?P<r>{rating})",
        "same-rating": rf"(?P<u>{units}){_PAREN}\s+(?:{_BE}\s+)?(?:received|receives|got|was\s+given|been\s+given|given|earned)\s+the\s+same\s+(?:rating|grade|mark)",
        "rated-standards": rf"\b(?:{verbs})\s+(?:(?P<u>{unit})\s*['\u2019]s\s+|its\s+|their\s+|the\s+)?(?:[a-z]+\s+){{0,5}}?(?P<s>{standards})(?:\s+work)?{_AS}\s+(?P<r>{rating})",
        "and-standard-as": rf"{OPEN}R\d+[qv]?{CLOSE}(?:\s+overall)?(?:\s*,\s*|\s*,?\s+and\s+)(?:its\s+|their\s+|the\s+)?(?P<s>{standards})(?:\s+work)?\s+(?:as\s+(?P<r>{rating})|(?P<r2>{quoted}))",
        "rating-verb": rf"\b(?:{verbs})\b",
        "rating-for": rf"(?P<r>{rating})\s+(?:for|in)\s+(?:its\s+|their\s+|the\s+)?(?P<s>{standards})",
        "rating-adjective": rf"(?P<r>{quoted})\s+(?P<s>{_t('S')})(?:\s+(?:team|work|services))?",
        "judged-pairs": rf"\b(?:judged|found|rated|considered)\s+(?:its\s+|their\s+)?(?P<s>{_t('S')})(?:\s+work)?\s+(?P<r>{rating})(?:\s+and\s+(?:its\s+|their\s+)?(?P<s2>{_t('S')})(?:\s+work)?\s+(?P<r2>{rating}))?",
        "all-standards": rf"(?:all|every)\s+(?:(?P<n>\w+)\s+)?(?:of\s+)?(?:the\s+|our\s+|its\s+)?(?:core\s+)?(?:(?P<g>{_t('G')})\s+)?(?:aspects?|standards?|domains?)(?:\s+(?:of|in)\s+(?:this\s+area|(?:its\s+|the\s+)?(?P<g2>{_t('G')})))?(?:\s*[\u2013\u2014-]\s*(?P<s>{standards})\s*[\u2013\u2014-])?[^\u27e8\u27e9.;]{{0,40}}?(?P<r>{rating})",
        "this-area": rf"\b(?:{verbs})\s+this\s+(?:area(?:\s+of\s+(?:work|practice))?|aspect|service|standard)\s+(?:as\s+)?(?P<r>{rating})",
        "group-rated": rf"(?P<g>{_t('G')})\s+(?:{_BE}{_ADV}\s+)?(?:{verbs})\s+(?P<r>{rating})\s+(?:across|in|for)\s+all",
        "in-region": rf"(?P<u>{units}){_PAREN}{_GAP}\s+(?:both\s+|each\s+|also\s+)?(?:{_BE}|sits?|forms?|falls?|lies?)\s+(?:both\s+|also\s+|each\s+|now\s+)?(?:part\s+of|within|in|inside|one\s+of\s+(?:the\s+)?[^\u27e8\u27e9.;]{{0,50}}?\s+(?:in|of|within|across|that\s+make\s+up))\s+(?:the\s+)?(?P<g>{unit})",
        "nth-in-region": rf"(?P<u>{units})\s+(?:{_BE})\s+the\s+\w+\s+(?:PDU|CRC|probation\s+delivery\s+unit)[^\u27e8\u27e9.;]{{0,80}}?\s+(?:in|for|of)\s+(?:the\s+)?(?P<g>{unit})",
        "appositive-region": rf"(?P<u>{units}){_PAREN}\s*,\s+(?:(?:which|that)\s+(?:is|was|sits|lies|falls)\s+)?(?:part\s+of|within|inside|in)\s+(?:the\s+)?(?P<g>{unit})",
        "owned-by": rf"(?P<u>{units}){_PAREN}{_GAP}\s*,?\s+(?:(?:which|that)\s+)?(?:{_BE}\s+)?(?:now\s+|also\s+|currently\s+|jointly\s+|still\s+)?(?:{owner_verbs})\s+",
        "subjectless-owned": rf"\b(?:the|its|their)\s+(?:{OPEN}S\d+{CLOSE}|services|organisation|company|contracts?|CRCs?)\s+(?:{_BE}\s+)?(?:now\s+|also\s+|currently\s+|since\s+)?(?:(?:{owner_verbs})|(?:handed|transferred|passed|sold)\s+(?:over\s+)?to)\s+",
        "one-of-owned": rf"(?P<u>{units})\s+(?:{_BE})\s+one\s+of\s+(?:the\s+|\w+\s+)?(?:CRCs|probation\s+services|companies|community\s+rehabilitation\s+companies)\s+(?:{owner_verbs})\s+",
    }
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in rules.items()}


_HAS_DIGIT = re.compile(r"\d")
_OWNER_VERBS = ("handed", "transferred", "sold", "took", "acquired", "bought", "bidder", "runs", "owner", "owners")
"""The owner rules' own verbs, besides the ontology's cues for pg:ownedBy ('owned by', 'run by', …)."""


@cache
def _owner_cues() -> re.Pattern[str]:
    """Words without which a sentence that names no unit states no owner (a quick test before the owner rules)."""
    words = {cue.split()[0] for cue in _cues(PG.ownedBy)} | set(_OWNER_VERBS)
    return re.compile(rf"\b(?:{_alternation(sorted(words))})\b", re.IGNORECASE)


_CLAUSE = re.compile(
    r";|\s+[\u2013\u2014]\s+|,\s+(?:but|while|whereas|having|although|though)\s+|\.\s+"
    r"|,\s+(?=(?:up|down|improving|improved|falling|fallen|rising|risen|slipping|slipped)\s+from\b)"
    r"|,\s+(?=(?:an?\s+)?(?:improvement|step\s+up|step\s+down|decline|fall)\s+(?:on|from)\b|(?:better|worse)\s+than\b)"
)
_SAME = re.compile(
    r"\b(?:the\s+same\s+(?:mark|grade|rating)\s+(?:(?:as|that)\s+)?(?:the\s+|its\s+|their\s+|it\s+|they\s+)?"
    r"(?:previous|last|earlier|before|received|had|got|achieved)|retain(?:s|ed|ing)?\s+(?:the\s+same|its)\s+(?:grade|rating)"
    r"|(?:has|have)\s+(?:stayed|remained)\s+the\s+same|(?:stays|remains)\s+the\s+same|(?:has|have)\s+not\s+changed"
    r"|again\s+rated|rated\s+\S+(?:\s+\S+)?\s+again|for\s+the\s+(?:second|third|fourth)\s+time|once\s+again)\b",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(
    r"\b(?:previous(?:ly)?|last\s+(?:inspected|inspection|reported|visited|visit)|when\s+(?:we|inspectors|the\s+"
    r"inspectorate)\s+(?:last|first)|earlier\s+inspection|prior\s+inspection|at\s+that\s+(?:time|point)|back\s+then"
    r"|coming\s+back|since\s+(?:our|the|its)\s+(?:last|previous)"
    r"|(?:up|down|improving|improved|falling|fallen|rising|risen|slipping|slipped)\s+from"
    r"|(?:improvement|step\s+up|step\s+down|decline)\s+on|(?:better|worse)\s+than)\b",
    re.IGNORECASE,
)
_OWNER_NAME = re.compile(
    r"(?:the\s+)?(?:(?:[a-z][\w-]*|[A-Z]{2,}[a-z]*)\s+){0,3}?(?P<org>[A-Z][\w&'\u2019.-]*(?:\s+(?:&\s+)?[A-Z][\w&'\u2019.-]*){0,4})"
)
_PUBLISHED = re.compile(
    rf"(?:published|released|available|publishes|publish)\b(?:[^.\u27e8]|\.(?=\S))*?"
    rf"(?:\b(?:on|in)\s+|\((?:\w+day,?\s+)?|today\s+\((?:\w+day,?\s+)?)(?P<date>{DATE.pattern})",
    re.IGNORECASE,
)
_SEASON = r"(?:(?:autumn|spring|summer|winter)\s+of\s+)?"
_FIELDWORK = re.compile(
    rf"(?:fieldwork|inspection|inspections|inspectors?\s+visited|visited)\b[^.]*?\b(?:started|began|took\s+place|start"
    rf"|carried\s+out|fell|was\s+in|visited\s+\S+(?:\s+\S+){{0,8}}?)\s*:?\s*(?:in|on|between|during)?\s*(?:the\s+)?"
    rf"{_SEASON}(?P<date>{DATE.pattern})",
    re.IGNORECASE,
)
_VISITED = re.compile(
    rf"\b(?:inspectors?|we|the\s+inspectorate)\s+(?:first\s+)?visited(?:\s+(?:the\s+)?(?:PDU|CRC|unit|area|service|division|region|{OPEN}U\d+{CLOSE}))?"
    rf"\s+(?:in|on|between|during)\s+(?:the\s+)?{_SEASON}(?P<date>{DATE.pattern})",
    re.IGNORECASE,
)
_RECOMMENDATIONS = re.compile(
    rf"\b(?:made|makes|make|making|set\s+out|sets\s+out|contains)\s+(?P<n>{NUMBER})\s+(?:formal\s+|key\s+)?recommendations"
    rf"|\b(?P<n2>{NUMBER})\s+recommendations\s+(?:for\s+improvement\s+)?(?:have\s+been|were|are|has\s+been)\s+made",
    re.IGNORECASE,
)
_SCORE = re.compile(
    rf"\b(?:scor(?:e|es|ed|ing)|score\s+of|achiev(?:ed|es|ing)|receiv(?:ed|es|ing)|total(?:l?ed|l?ing)|gain(?:ed|s|ing))\s+(?:a\s+(?:total\s+)?(?:score\s+)?of\s+)?(?P<n>{NUMBER})"
    rf"\s+(?:points?\s+)?out\s+of\s+(?:a\s+(?:total|maximum|possible)\s+(?:of\s+)?)?(?P<m>\d{{1,2}})\b",
    re.IGNORECASE,
)
_INSPECTED = re.compile(
    rf"\b(?:inspect(?:ed|ion\s+of|ions\s+of|ing)|examined|visited|review\s+of|looked\s+at|inspection\s+focused"
    rf"(?:\s+specifically)?\s+on)\b[^\u27e8\u27e9.;]{{0,60}}?(?P<u>{_t('U')})",
    re.IGNORECASE,
)
_OTHER_PUBLICATION = re.compile(
    r"\b(?:annual\s+report|thematic|guidance|manual|blog|letter|speech|statement|consultation|strategy|plan|review\s+of)\b",
    re.IGNORECASE,
)
"""What else a text says was published (an annual report, a blog): its date is not the inspection's."""
_DMY = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b")


@dataclass
class Masked:
    """A sentence with its units, ratings and standards replaced by numbered tokens."""

    text: str
    units: list[tuple[Key, ...]]
    ratings: list[str]
    standards: list[str]
    groups: list[str]
    offsets: list[int]
    """For each character of ``text``, the offset in the sentence it stands for."""
    lengths: list[int] = field(default_factory=list)
    """How long the written form of each standard is (the most specific of several wins)."""

    def index(self, token: str) -> int:
        """The number in a token ('⟨U3⟩' → 3)."""
        return int(re.sub(r"\D", "", token))

    def unit_list(self, text: str) -> list[Key]:
        """The units of the tokens in ``text``, in order, once each."""
        keys: list[Key] = []
        for number in re.findall(rf"{OPEN}U(\d+){CLOSE}", text):
            keys.extend(self.units[int(number)])
        return list(dict.fromkeys(keys))

    def rating_list(self, text: str) -> list[str]:
        """The ratings of the tokens in ``text``, in order."""
        return [self.ratings[int(n)] for n in re.findall(rf"{OPEN}R(\d+)[qv]?{CLOSE}", text)]

    def standard_list(self, text: str) -> list[str]:
        """The standards of the tokens in ``text``, in order."""
        return [self.standards[int(n)] for n in re.findall(rf"{OPEN}S(\d+){CLOSE}", text)]


def mask(view: SentenceView) -> Masked:
    """Mask a sentence: units and references to them, then ratings, then standards."""
    sentence = view.sentence
    plain = sentence.plain
    spans: list[tuple[int, int, str, Any]] = []
    for reference in view.references:
        spans.append((reference.start - sentence.start, reference.end - sentence.start, "U", reference.keys))

    def free(start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e, _k, _v in spans)

    pattern, keys = _rating_cues()
    for match in pattern.finditer(plain):
        quoted = bool(match.group("q1") and match.group("q2"))
        start = match.start() if match.group("q1") and quoted else match.start("cue")
        end = match.end() if match.group("q2") and quoted else match.end("cue")
        verbal = not quoted and match.group("cue").lower().startswith(("requires ", "require "))
        if free(start, end):
            spans.append((start, end, "R", (keys[fold(match.group("cue"))], "q" if quoted else "v" if verbal else "")))
    for match in _unit_words().finditer(plain):
        if free(match.start(), match.end()):
            spans.append((match.start(), match.end(), "W", None))
    standard_pattern, concepts = _standard_cues()
    groups = _groups()
    for match in standard_pattern.finditer(plain):
        concept = concepts.get(fold(match.group(0))) or concepts.get(fold(match.group(0)[:-1]))
        start, end = match.start(), match.end()
        if start > 0 and end < len(plain) and plain[start - 1] in "\u2018'\"\u201c" and plain[end] in "\u2019'\"\u201d":
            start, end = start - 1, end + 1
        if concept is not None and free(start, end):
            spans.append((start, end, "G" if concept.key in groups else "S", (concept.key, end - start)))
    spans.sort()
    out: list[str] = []
    offsets: list[int] = []
    units: list[tuple[Key, ...]] = []
    ratings: list[str] = []
    standards: list[str] = []
    lengths: list[int] = []
    group_keys: list[str] = []
    position = 0
    for start, end, kind, value in spans:
        out.append(plain[position:start])
        offsets.extend(range(position, start))
        if kind == "U":
            token = f"{OPEN}U{len(units)}{CLOSE}"
            units.append(value)
        elif kind == "R":
            token = f"{OPEN}R{len(ratings)}{value[1]}{CLOSE}"
            ratings.append(value[0])
        elif kind == "S":
            token = f"{OPEN}S{len(standards)}{CLOSE}"
            standards.append(value[0])
            lengths.append(value[1])
        elif kind == "W":
            token = plain[start:end]
        else:
            token = f"{OPEN}G{len(group_keys)}{CLOSE}"
            group_keys.append(value[0])
        out.append(token)
        offsets.extend([start] * len(token))
        position = end
    out.append(plain[position:])
    offsets.extend(range(position, len(plain) + 1))
    return Masked("".join(out), units, ratings, standards, group_keys, offsets, lengths)


def _rating_tokens(text: str) -> list[int]:
    """The numbers of the rating tokens in masked text."""
    return [int(n) for n in re.findall(rf"{OPEN}R(\d+)[qv]?{CLOSE}", text or "")]


_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|fail(?:ed|s)?\s+to|yet\s+to)\b", re.IGNORECASE)


def _clause(masked: Masked, at: int) -> tuple[int, int]:
    text = masked.text
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    start = max(b for b in bounds if b <= at)
    end = min((b for b in bounds if b > at), default=len(text))
    return start, end


def _negated(masked: Masked, at: int) -> bool:
    """True when the clause at ``at`` denies what it says before its first rating ('Not one achieved a Good rating')."""
    start, end = _clause(masked, at)
    clause = masked.text[start:end]
    rating = re.search(rf"{OPEN}R\d+", clause)
    return bool(_NEGATION.search(clause[: rating.start() if rating else len(clause)]))


def _when(masked: Masked, at: int) -> str:
    """'current', 'previous' or 'same' for the clause of the masked sentence holding position ``at``."""
    start, end = _clause(masked, at)
    clause = masked.text[start:end]
    if _SAME.search(clause):
        return "same"
    if _PREVIOUS.search(clause):
        return PREVIOUS
    return CURRENT


def _date(text: str) -> str | None:
    found = first_date(text)
    if re.search(r"\b[A-Z]{3,}\b", text):
        titled = first_date(text.title())
        if titled and len(titled) > len(found or ""):
            found = titled
    if found:
        return found
    dmy = _DMY.search(text)
    if dmy and 1 <= int(dmy.group("m")) <= 12:
        return f"{dmy.group('y')}-{int(dmy.group('m')):02d}-{int(dmy.group('d')):02d}"
    return None


class Reader:
    """Reads the claims of one document."""

    def __init__(self, text: Text, layout: Layout, discourse: Discourse) -> None:
        self.text = text
        self.layout = layout
        self.discourse = discourse
        self.claims: list[Claim] = []
        self.last_overall: str | None = None
        self.recent_standards: list[tuple[str, int]] = []

    def read(self) -> list[Claim]:
        """Every claim of the sentences, the tables and the rating lines."""
        for view in self.discourse.views:
            line = self.layout.line_at(view.sentence.start)
            if line is not None and line.kind == "table":
                continue
            self.sentence(view)
        for table in self.layout.tables:
            self.table(table)
        self.regions_by_place()
        return self.claims

    def add(self, units: list[Key] | tuple[Key, ...], field: str, value: Any, span: Span, **extra: Any) -> None:
        """Record one claim per unit (nothing when no unit is known)."""
        for unit in units:
            self.claims.append(Claim(unit, field, value, span, **extra))

    def about(self, view: SentenceView, masked: Masked) -> list[Key]:
        """The units a sentence's unattributed claims are about: those it names, else its focus or main subject."""
        named = [k for keys in masked.units for k in keys if k[1] != REGION or self.region_inspected(k)]
        if named:
            return list(dict.fromkeys(named))[:1] if len(set(named)) > 1 else list(dict.fromkeys(named))
        return list(self.discourse.about(view))

    def region_inspected(self, key: Key) -> bool:
        """True when a region is itself what the document inspects (one of its main subjects)."""
        return key in self.discourse.main

    def sentence(self, view: SentenceView) -> None:
        """Every claim of one sentence: overall and standard ratings, relations, dates and counts."""
        masked = mask(view)
        span = view.sentence.span
        rules = _rules()
        taken: set[int] = set()
        used: set[int] = set()

        def rate(units: list[Key], rating: str, at: int, weight: float, **extra: Any) -> None:
            when = _when(masked, at)
            if when != "same" and _negated(masked, at):
                return
            if "standard" not in extra and when != PREVIOUS:
                self.last_overall = rating
            if when == "same":
                self.add(
                    units, "overall" if "standard" not in extra else "standard", rating, span, weight=weight, **extra
                )
                self.add(units, "same-rating", True, span, when=PREVIOUS)
                return
            field = "standard" if "standard" in extra else "overall"
            self.add(units, field, rating, span, when=when, weight=weight, **extra)

        if masked.ratings or "same" in masked.text.lower():
            for name in ("respectively",):
                for match in rules[name].finditer(masked.text):
                    units = masked.unit_list(match.group("u"))
                    ratings = masked.rating_list(match.group("rs"))
                    if len(units) == len(ratings):
                        for unit, rating in zip(units, ratings, strict=True):
                            rate([unit], rating, match.start(), 3.0)
                        taken.update(range(match.start(), match.end()))
                        used.update(_rating_tokens(match.group("rs")))
            for name, weight in (
                ("subject-rated", 3.0), ("subject-received", 3.0), ("gave-unit", 3.0), ("rated-unit", 3.0),
                ("which-received", 3.0), ("comma-rated", 2.5), ("unit-overall-line", 3.0), ("headline", 2.0),
                ("unit-verbal", 2.0),
            ):  # fmt: skip
                for match in rules[name].finditer(masked.text):
                    if match.start() in taken:
                        continue
                    groups = match.groupdict()
                    units = masked.unit_list(groups.get("u") or groups.get("u2") or "")
                    ratings = masked.rating_list(groups.get("r") or groups.get("r2") or "")
                    units = [u for u in units if u[1] != REGION or self.region_inspected(u) or name != "headline"]
                    if units and ratings:
                        rate(units, ratings[0], match.start(), weight)
                        taken.add(match.start())
                        used.update(_rating_tokens(groups.get("r") or groups.get("r2") or ""))
            for match in rules["from-rating"].finditer(masked.text):
                tokens = _rating_tokens(match.group("r"))
                if tokens and tokens[0] not in used:
                    rate(self.about(view, masked), masked.rating_list(match.group("r"))[0], match.start("r"), 2.5)
                    used.update(tokens)
            if self.last_overall is not None:
                for match in rules["same-rating"].finditer(masked.text):
                    rate(masked.unit_list(match.group("u")), self.last_overall, match.start(), 2.0)
            overall = rules["overall-rating-of"].search(masked.text)
            if overall and not used & set(_rating_tokens(overall.group("r"))):
                units = masked.unit_list(overall.group("u") or "") or self.about(view, masked)
                rate(units, masked.rating_list(overall.group("r"))[0], overall.start(), 2.5)
                used.update(_rating_tokens(overall.group("r")))
            elif not masked.standards and not masked.groups and len(masked.ratings) == 1 and not taken:
                subjectless = rules["subjectless-overall"].search(masked.text) or rules["pronoun-rated"].search(
                    masked.text
                )
                if subjectless:
                    rate(self.about(view, masked), masked.ratings[0], subjectless.start(), 1.5)
                    used.add(0)
            self.standards(view, masked, rate, used)
        previous = self.discourse.views[max(0, view.index - 1)]
        if view.index and not self.discourse.same_paragraph(previous, view):
            self.recent_standards = []
        self.recent_standards = [*self.recent_standards, *zip(masked.standards, masked.lengths, strict=False)][-6:]
        if masked.units or _owner_cues().search(masked.text):
            self.relations(view, masked, span)
        if _HAS_DIGIT.search(masked.text) or _SAME.search(masked.text):
            self.dates(view, masked, span)
        self.counts(view, masked, span)

    def standards(self, view: SentenceView, masked: Masked, rate: Any, used: set[int]) -> None:
        """Ratings of standards and aspects in a sentence (ratings already used overall are skipped)."""
        rules = _rules()
        seen: set[tuple[str, str]] = set()

        def give(unit_token: str | None, standards: list[str], rating_token: str, at: int) -> None:
            tokens = _rating_tokens(rating_token)
            if not tokens or tokens[0] in used:
                return
            rating = masked.ratings[tokens[0]]
            units = masked.unit_list(unit_token or "") or self.about(view, masked)
            for standard in standards:
                if (standard, rating) not in seen:
                    seen.add((standard, rating))
                    rate(units, rating, at, 2.0, standard=standard)

        for name in ("standards-rated", "rated-standards", "rating-for", "rating-adjective", "as-were"):
            for match in rules[name].finditer(masked.text):
                groups = match.groupdict()
                give(groups.get("u"), masked.standard_list(groups["s"]), groups["r"], match.start())
        verb = rules["rating-verb"].search(masked.text)
        following = rules["and-standard-as"].search(masked.text, verb.end()) if verb else None
        while following is not None:
            rating = "r" if following.group("r") else "r2"
            give(None, masked.standard_list(following.group("s")), following.group(rating), following.start())
            following = rules["and-standard-as"].search(masked.text, following.start(rating))
        for match in rules["judged-pairs"].finditer(masked.text):
            give(None, masked.standard_list(match.group("s")), match.group("r"), match.start())
            if match.group("s2"):
                give(None, masked.standard_list(match.group("s2")), match.group("r2"), match.start())
        members_of = _groups()
        for match in rules["all-standards"].finditer(masked.text):
            if match.group("s"):
                members = masked.standard_list(match.group("s"))
            else:
                token = match.group("g") or match.group("g2")
                group = masked.groups[masked.index(token)] if token else None
                count = to_number(match.group("n") or "") if match.group("n") else None
                if group is None:
                    fitting = [g for g, m in members_of.items() if count is not None and len(m) == count]
                    group = (
                        "service-delivery"
                        if "service-delivery" in fitting
                        else (fitting[0] if len(fitting) == 1 else None)
                    )
                members = members_of.get(group or "", [])
                if count is not None and members and count != len(members):
                    members = []
            give(None, members, match.group("r"), match.start())
        for match in rules["this-area"].finditer(masked.text):
            count = len(masked.standard_list(masked.text[: match.start()]))
            here = list(zip(masked.standards[:count], masked.lengths[:count], strict=False))
            recent = here or self.recent_standards
            if recent:
                give(None, [max(recent, key=lambda item: item[1])[0]], match.group("r"), match.start())
        for match in rules["group-rated"].finditer(masked.text):
            group = masked.groups[masked.index(match.group("g"))]
            give(None, members_of.get(group, []), match.group("r"), match.start())

    def relations(self, view: SentenceView, masked: Masked, span: Span) -> None:
        """Regions and owners a sentence states of its units."""
        rules = _rules()
        for name in ("in-region", "nth-in-region", "appositive-region"):
            for match in rules[name].finditer(masked.text):
                regions = [k for k in masked.units[masked.index(match.group("g"))] if k[1] == REGION]
                units = [k for k in masked.unit_list(match.group("u")) if k[1] != REGION]
                if regions and units:
                    self.add(units, "region", regions[0][0], span)
        for name in ("owned-by", "one-of-owned", "subjectless-owned"):
            for match in rules[name].finditer(masked.text):
                owner = self.owner_after(view, masked, match.end())
                units = masked.unit_list(match.group("u")) if name != "subjectless-owned" else self.about(view, masked)
                if owner is not None:
                    self.add(units, "owner", owner, span)
        plain = view.sentence.plain
        for match in re.finditer(r"(?P<o>[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})-(?:owned|run)\s+(?:CRC|company)\b", plain):
            owner = self.organisation(match.group("o"))
            at = view.sentence.start + match.start()
            units = [k for r in view.references if r.start <= at < r.end or abs(r.start - at) < 8 for k in r.keys]
            if owner and units:
                self.add(units[:1], "owner", owner, span)
        took = re.search(
            r"(?P<o>[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})\s+(?:took\s+(?:over|ownership\s+of)|acquired|bought)\s+", plain
        )
        if took:
            owner = self.organisation(took.group("o"))
            after = view.sentence.start + took.end()
            units = [k for r in view.references if r.start >= after and r.start - after < 12 for k in r.keys]
            if owner and units:
                self.add(units[:1], "owner", owner, span)
        bidder = re.search(
            r"(?P<o>[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})(?:,[^,]{0,80},)?\s+(?:was|were|had\s+been)\s+(?:named|chosen)\s+"
            r"(?:as\s+)?(?:the\s+)?preferred\s+bidder\s+for\s+",
            plain,
        )
        if bidder:
            owner = self.organisation(bidder.group("o"))
            after = view.sentence.start + bidder.end()
            units = [k for r in view.references if r.start >= after and r.start - after < 6 for k in r.keys]
            if owner and units:
                self.add(units[:1], "owner", owner, span)

    def regions_by_place(self) -> None:
        """The region of rated units whose region the text does not otherwise state.

        The region a title names, or a sentence opens with ('In the North East, ...').
        """
        pattern = _region_names()
        if pattern is None:
            return
        stated = {c.unit for c in self.claims if c.field == "region"}
        rated = list(
            dict.fromkeys(c.unit for c in self.claims if c.field in ("overall", "standard") and c.unit[1] != REGION)
        )
        views = self.discourse.views
        title = next((v for v in views[:4] if pattern.search(v.sentence.plain)
                      and getattr(self.layout.line_at(v.sentence.start), "kind", None) == "heading"), None)  # fmt: skip
        if title is not None:
            regions = {gazetteer().lookup(m.group(0), REGION) for m in pattern.finditer(title.sentence.plain)}
            if len(regions) == 1 and None not in regions:
                region = next(iter(regions))
                assert region is not None
                for unit in rated:
                    if unit not in stated and unit[1] == PDU:
                        self.add([unit], "region", region.name, title.sentence.span, weight=0.5)
                        stated.add(unit)
        for view in views:
            opening = re.match(r"\s*(?:In|Across|Throughout)\s+(?:the\s+)?", view.sentence.plain)
            match = pattern.match(view.sentence.plain, opening.end()) if opening else None
            if match is None:
                continue
            region = gazetteer().lookup(match.group(0), REGION)
            units = [k for k in view.keys if k[1] == PDU and k not in stated]
            if region is not None and len(units) == 1:
                self.add(units, "region", region.name, view.sentence.span, weight=0.5)
                stated.add(units[0])

    def organisation(self, name: str) -> str | None:
        """The canonical name of an owning organisation, or ``None`` for words that name none."""
        name = name.strip(" ,.")
        entry = gazetteer().lookup(name)
        if entry is None:
            name = re.sub(r"\s+(?:group|consortium|partnership|company|plc|Ltd)$", "", name)
            entry = gazetteer().lookup(name)
        if entry is not None:
            return None if entry.in_reference else entry.name
        if not name or name.split()[0].lower() in ("the", "it", "this", "probation", "inspectors", "hm"):
            return None
        return display(name)

    def owner_after(self, view: SentenceView, masked: Masked, at: int) -> str | None:
        """The organisation named just after position ``at`` of the masked sentence (an owner), if known."""
        offset = masked.offsets[min(at, len(masked.offsets) - 1)]
        match = _OWNER_NAME.match(view.sentence.plain, offset)
        if match is None:
            return None
        return self.organisation(match.group("org"))

    def dates(self, view: SentenceView, masked: Masked, span: Span) -> None:
        """Publication and fieldwork dates a sentence states, and the years of earlier inspections."""
        plain = view.sentence.plain
        for pattern, kind in ((_PUBLISHED, "published"), (_FIELDWORK, "fieldwork"), (_VISITED, "fieldwork")):
            for match in pattern.finditer(masked.text):
                value = _date(match.group("date"))
                if not value or _OTHER_PUBLICATION.search(
                    masked.text[max(0, match.start() - 80) : match.start("date")]
                ):
                    continue
                when = _when(masked, match.start())
                units = self.date_units(view, masked, match.start())
                self.add(units, kind, value, span, when=PREVIOUS if when == PREVIOUS else CURRENT)
        earlier = _PREVIOUS.search(masked.text)
        if _PREVIOUS.search(plain) and not _PUBLISHED.search(plain) and not _FIELDWORK.search(plain):
            clause_date = (
                re.search(rf"\b(?:in|on|of)\s+(?P<date>{DATE.pattern})", masked.text[earlier.start() :])
                if earlier
                else None
            )
            if clause_date:
                value = _date(clause_date.group("date"))
                if value:
                    self.add(self.about(view, masked), "year", value, span, when=PREVIOUS)
        same = _SAME.search(masked.text)
        if same:
            tail = re.search(rf"\b(?:in|since)\s+(?P<date>{DATE.pattern})", masked.text[same.start() :])
            units = self.about(view, masked)
            self.add(units, "same-rating", True, span, when=PREVIOUS)
            if tail and _date(tail.group("date")):
                self.add(units, "year", _date(tail.group("date")), span, when=PREVIOUS)

    def date_units(self, view: SentenceView, masked: Masked, at: int) -> list[Key]:
        """The units a date in a sentence belongs to: those named before it, else those the sentence is about."""
        if re.search(r"\b(?:both|all|two|three|the)\s+(?:reports|inspections)\b", masked.text, re.I) or re.match(
            r"\s*(?:the|this|our)\s+(?:full\s+)?report\s+(?!on\b|into\b|for\b)", masked.text, re.I
        ):
            return list(self.discourse.main)
        named = [k for k in masked.unit_list(masked.text[:at]) if k[1] != REGION or self.region_inspected(k)]
        return named[:1] if named else list(self.discourse.about(view)) or list(self.discourse.main)

    def counts(self, view: SentenceView, masked: Masked, span: Span) -> None:
        """Counts of recommendations, scores out of a total, and which units a sentence says were inspected."""
        for match in _RECOMMENDATIONS.finditer(masked.text):
            number = to_number(match.group("n") or match.group("n2"))
            if number is not None:
                units = masked.unit_list(masked.text[match.end() :]) or self.about(view, masked)
                self.add([u for u in units if u[1] != REGION][:1] or units[:1], "recommendations", int(number), span)
        for match in _SCORE.finditer(masked.text):
            number = to_number(match.group("n"))
            maximum = int(match.group("m"))
            if number is not None and number <= maximum and maximum in (21, 24, 27, 30, 36):
                self.add(self.about(view, masked), "score", (int(number), maximum), span)
        for match in _INSPECTED.finditer(masked.text):
            inspected = masked.units[masked.index(match.group("u"))]
            self.add(list(inspected), "inspected", True, span, when=_when(masked, match.start()))

    def table(self, table: Table) -> None:
        """Claims of a table: a row per unit (rating, region, owner, date, chief inspector), or a row per standard."""
        unit_column = table.column("pdu", "unit", "crc", "division", "probation service", "service")
        rating_column = table.column("overall rating", "rating", "verdict", "grade")
        standard_column = table.column("standard", "aspect", "area")
        region_column = table.column("region")
        if unit_column is None and region_column is not None and rating_column is not None:
            unit_column, region_column = region_column, None
        header_kind = self.header_kind(table.header[unit_column]) if unit_column is not None else None
        for row in table.rows:
            span = self.text.span(row.start, row.end)
            cells = row.cells
            if unit_column is None or unit_column >= len(cells):
                focus = self.discourse.about(self.view_at(table.start))
                if standard_column is not None and rating_column is not None and rating_column < len(cells):
                    rating = rating_key(cells[rating_column].text)
                    name = cells[standard_column].text if standard_column < len(cells) else ""
                    if rating and focus:
                        self.standard_row(list(focus), name, rating, span)
                continue
            unit = self.row_unit(cells[unit_column].text, header_kind, row, table)
            if unit is None:
                continue
            if rating_column is not None and rating_column < len(cells):
                rating = rating_key(cells[rating_column].text)
                if rating and standard_column is not None and standard_column < len(cells):
                    self.standard_row([unit], cells[standard_column].text, rating, span)
                elif rating:
                    self.add([unit], "overall", rating, span, weight=3.0)
            if region_column is not None and region_column < len(cells) and unit[1] != REGION:
                region = gazetteer().lookup(cells[region_column].text, REGION)
                if region is not None:
                    self.add([unit], "region", region.name, span)
            for words, kind in ((("published", "date"), "published"), (("fieldwork",), "fieldwork")):
                column = table.column(*words)
                if column is not None and column < len(cells):
                    value = _date(cells[column].text)
                    if value:
                        self.add([unit], kind, value, span)
            column = table.column("owner")
            if column is not None and column < len(cells) and unit[1] == CRC:
                owner = self.organisation(re.split(r"\s*[(/;]", cells[column].text)[0])
                if owner:
                    self.add([unit], "owner", owner, span)
            column = table.column("chief inspector")
            if column is not None and column < len(cells) and cells[column].text.strip():
                self.add(
                    [unit], "chief", re.sub(r"^(?:Dame|Sir|Dr|Mr|Mrs|Ms)\s+", "", cells[column].text.strip()), span
                )

    def standard_row(self, units: list[Key], name: str, rating: str, span: Span) -> None:
        """A rating in a table row of standards (or of a group of them: every member)."""
        if name.strip().lower() in ("overall", "overall rating"):
            self.add(units, "overall", rating, span, weight=3.0)
            return
        concept = vocabulary().match("standard", re.sub(r"^\s*(?:P\s*)?\d(?:\.\d)?\.?\s*", "", name))
        if concept is not None:
            self.add(units, "standard", rating, span, standard=concept.key, weight=3.0)

    def view_at(self, offset: int) -> SentenceView:
        """The sentence view holding character ``offset``."""
        views = [v for v in self.discourse.views if v.sentence.start <= offset]
        return views[-1] if views else self.discourse.views[0]

    @staticmethod
    def header_kind(header: str) -> str | None:
        """What a table header names: a unit, region, rating or standard column, or nothing known."""
        lowered = header.lower()
        for graph_class in registry().units():
            if any(
                re.search(rf"\b{re.escape(w.lower())}\b", lowered)
                for w in (*graph_class.unit_words, *graph_class.plural_unit_words)
            ):
                return graph_class.key
        return None

    def row_unit(self, cell: str, header_kind: str | None, row: Any, table: Table) -> Key | None:
        """The unit a table row is about: named in its first cell, with the kind the header or a Type column says."""
        cell = clean_cell(cell)
        if not cell or not cell[0].isupper():
            return None
        named = [m for m in find_units(cell).mentions if m.how != "bare"]
        if named:
            return self.known_key(named[0].name, named[0].kind)
        type_column = table.column("type")
        kind = header_kind
        if type_column is not None and type_column < len(row.cells):
            kind = self.header_kind(row.cells[type_column].text) or kind
            if re.search(r"region", row.cells[type_column].text, re.I):
                kind = REGION
        entry = gazetteer().lookup(cell, kind) if kind else gazetteer().lookup(cell)
        if entry is not None and entry.in_reference:
            return self.known_key(entry.name, entry.kind)
        if kind is not None and re.fullmatch(
            r"[A-Z][\w'\u2019.-]*(?:\s+(?:and|&|with|upon|on|of|the|[A-Z][\w'\u2019.-]*))*", cell
        ):
            return self.known_key(display(cell), kind)
        return None

    def known_key(self, name: str, kind: str) -> Key:
        """The key of a unit the discourse knows by this name, else the name and kind given."""
        for key in self.discourse.found.units:
            if fold(key[0]) == fold(name) and key[1] == kind:
                return key
        return (name, kind)


_RATING_LINE = re.compile(
    r"^\s*(?:[-*\u2022]\s*)?(?P<label>.+?)\s*(?:\.{2,}|[\u2013\u2014]|\s-\s|:|\s{2,}|\t)\s*(?P<rating>[^.:\u2013\u2014]+?)\s*$"
)


def rating_lines(layout: Layout, discourse: Discourse, text: Text) -> list[Claim]:
    """Claims of the rating lines of reports: '1.2 Staffing .... Requires improvement', 'Overall rating: Good'."""
    claims: list[Claim] = []
    for line in layout.lines:
        if line.kind in ("table", "blank") or len(line.text) > 160:
            continue
        plain = " ".join(clean_cell(line.text).split()) if "**" in line.text or "<b>" in line.text else line.text
        match = _RATING_LINE.match(plain)
        if match is None:
            continue
        rating = rating_key(match.group("rating"))
        if rating is None:
            continue
        label = clean_cell(match.group("label"))
        views = [v for v in discourse.views if v.sentence.start <= line.start]
        view = views[-1] if views else None
        named = [
            r.keys[0]
            for r in (view.references if view else [])
            if len(r.keys) == 1 and line.start <= r.start < line.end
        ]
        units = named[:1] or list(discourse.about(view) if view else discourse.main)
        span = text.span(line.start, line.end)
        if re.fullmatch(r"(?i)overall(?:\s+rating)?", label) or re.search(r"(?i)\boverall rating$", label):
            claims.extend(
                Claim(u, "overall", rating, span, weight=3.5) for u in units if u[1] != REGION or u in discourse.main
            )
            continue
        code = re.match(r"^(?:P\s*)?(?P<code>\d\.\d)\.?\s*(?P<name>.*)$", label)
        name = code.group("name") if code else label
        concept = vocabulary().match("standard", name)
        if concept is None and code:
            concept = next((c for c in vocabulary().scheme("standard") if c.notation == code.group("code")), None)
        if concept is not None:
            claims.extend(
                Claim(
                    u,
                    "standard",
                    rating,
                    span,
                    standard=concept.key,
                    code=f"P {code.group('code')}" if code else None,
                    weight=3.5,
                )
                for u in units
            )
    return claims


def stated_date(text: str) -> str | None:
    """The date a document states of itself in its first lines (dateline, 'Published:', byline), if any."""
    for line in text.split("\n")[:14]:
        stripped = line.strip(" *_#|>")
        if not stripped or len(stripped) > 140:
            continue
        value = _date(stripped)
        if not value or (len(value) < 7 and not re.match(r"(?i)(?:published|date|posted|updated)\b", stripped)):
            continue
        words = re.sub(DATE.pattern, " ", stripped)
        words = re.sub(r"\d{1,2}[:.]\d{2}\s*(?:am|pm|BST|GMT)?|\d+/\d+/\d+", " ", words)
        if len(re.findall(r"[A-Za-z]{3,}", words)) <= 9 and not re.search(
            r"\b(?:fieldwork|inspected|took place|visit(?:ed|s)?)\b", stripped, re.I
        ):
            return value
    return None


__all__ = [
    "CURRENT",
    "MONTHS",
    "PDU",
    "PREVIOUS",
    "Claim",
    "Reader",
    "mask",
    "rating_key",
    "rating_lines",
    "stated_date",
]
