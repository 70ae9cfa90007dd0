"""Questions over a whole corpus: units filtered, counted, grouped, ranked or compared with before.

Units are filtered by every constraint the question states, counted, grouped, ranked, or compared with their
previous inspection.

Each planner here reads a :class:`~.frame.Frame` and composes the query from the blocks of
``ontology/queries`` (``templates.block``). A plan lists the constraints it applied, so the planner
registry can choose the plan that applies the most and report the rest.
"""

from __future__ import annotations

from ..namespaces import PG
from .frame import Constraint, Frame, rated
from .plans import LIMIT, Plan, metric_concepts
from .templates import block, contains_all, date_test, iris, select, values

_PEOPLE_PATHS = {"chief": "pg:chiefInspector", "lead": "pg:leadInspector", "": "pg:chiefInspector|pg:leadInspector"}
_DATE_PATHS = {
    "published": "pg:publicationDate",
    "fieldwork": "pg:fieldworkStart",
    "": "pg:publicationDate|pg:fieldworkStart|pg:inspectionYear",
}


_INSPECTION_KINDS = ("rating", "standard", "person", "date", "inspection-kind")
"""Constraints on an inspection: a unit is joined to its inspections only when one of these is asked."""
_VALUE_KINDS = ("rating", "standard", "person", "date", "region", "owner", "provider", "inspection-kind", "class")
"""Constraints that state a value of the unit's: 'any value' in the contrary of a yes/no question."""


def _values(var: str, values: list[str]) -> str:
    return f"VALUES ?{var} {{ {iris(values)} }}" if values else ""


class Composed:
    """The WHERE blocks for a frame's filters and the constraints they apply.

    Kinds in ``open_kinds`` are applied with any value, not the asked ones: the contrary of a yes/no question
    ('No: it was rated Inadequate').
    """

    def __init__(
        self,
        frame: Frame,
        *,
        rating_optional: bool = False,
        open_kinds: frozenset[str] = frozenset(),
        inspections: bool = False,
    ) -> None:
        self.frame = frame
        analysis = frame.analysis
        self.applied: list[Constraint] = []
        self.columns: list[str] = ["organisation"]

        def wanted(kind: str) -> list[str]:
            return [] if kind in open_kinds else frame.iris(kind)

        inspected = (
            inspections
            or bool(frame.of(*_INSPECTION_KINDS))
            or rated(analysis)
            or any(analysis.has(term) for term in (PG.inspected, PG.Inspection, PG.InspectionReport))
        )
        self.where: list[str] = [block("inspected") if inspected else block("unit-label")]
        classes = [c for c in frame.of("class") if c.hard and "class" not in open_kinds]
        if classes:
            self.where.append(block("class", classes=" ".join(f"pg:{v}" for c in classes for v in c.values)))
            self.applied += classes
        units = frame.of("unit")
        if units:
            self.where.insert(0, block("unit", units=iris(frame.iris("unit"))))
            self.applied += units
        names = frame.of("name")
        if names:
            self.where.append(contains_all("organisation", [c.values[0] for c in names]))
            self.applied += names
        for kind, name, column in (
            ("region", "region", "region"),
            ("owner", "owner", "owner_name"),
            ("provider", "provider", "provider_name"),
        ):
            found = [c for c in frame.of(kind) if c.hard]
            if found:
                values = [] if kind in open_kinds else list(dict.fromkeys(v for c in found for v in c.values))
                variable = "region_iri" if kind == "region" else name
                self.where.append(block(name, **{f"{name}s": _values(variable, values)}))
                self.applied += found
                self.columns.append(column)
        ratings = frame.of("rating")
        standards = [c for c in frame.of("standard") if c.hard]
        rating_values = _values("r", wanted("rating"))
        if standards:
            self.where.append(
                block("standard-rating", standards=_values("s", wanted("standard")), ratings=rating_values)
            )
            self.applied += standards + ratings
            self.columns += ["standard", "rating"]
        elif inspected and (ratings or not rating_optional):
            rated_block = block("rating", ratings=rating_values)
            self.where.append(f"OPTIONAL {{ {rated_block} }}" if rating_optional and not ratings else rated_block)
            self.applied += ratings
            self.columns.append("rating")
        for person in frame.of("person"):
            people = [] if "person" in open_kinds else list(person.values)
            self.where.append(block("person", people=_values("person", people), path=_PEOPLE_PATHS[person.detail]))
            self.applied.append(person)
            if "name" not in self.columns:
                self.columns.append("name")
        dates = frame.of("date")
        plain = [d for d in dates if not d.detail.split(":")[-1]]
        if len(plain) > 1:  # 'in 2022 or 2023': any of the years
            kind = plain[0].detail.split(":")[0]
            tests = " || ".join(date_test("?date_0", d.values[0], "") for d in plain)
            self.where.append(block("date", path=_DATE_PATHS[kind], test=tests, var="?date_0"))
            self.applied += plain
            dates = [d for d in dates if d not in plain]
            self.where.append(_shown(kind))
            self.columns.append("date")
        for index, date in enumerate(dates, start=1 if len(plain) > 1 else 0):
            kind, direction = [*date.detail.split(":"), ""][:2]
            variable = f"?date_{index}"
            test = date_test(variable, date.values[0], direction)
            self.where.append(
                block("date", path=_DATE_PATHS[kind], test="true" if "date" in open_kinds else test, var=variable)
            )
            self.applied.append(date)
        if dates and len(plain) <= 1:
            self.where.append(_shown(dates[0].detail.split(":")[0]))
        elif inspected and len(plain) <= 1:
            self.where.append(block("date-any", var="?date"))
        if inspected and len(plain) <= 1:
            self.columns.append("date")
        kinds = frame.of("inspection-kind")
        if kinds and "inspection-kind" not in open_kinds:
            self.where.append(
                block("inspection-kind", kinds=" ".join(f"pg:{k}" for k in frame.iris("inspection-kind")))
            )
        self.applied += kinds
        self.applied += frame.of("target")
        self.inspected = inspected


def _when(row: dict[str, object]) -> str:
    return f" ({row['date']})" if row.get("date") else ""


def _shown(kind: str) -> str:
    """The date a row shows: of the kind the question names, else the inspection's one date.

    That is its publication, else fieldwork, else year, so an inspection with two dates is one row.
    """
    return block("date-shown", path=_DATE_PATHS[kind]) if kind else block("date-any", var="?date")


def _listed(rows: list[dict[str, object]], column: str) -> str:
    found = list(dict.fromkeys(str(r[column]) for r in rows if r.get(column) not in (None, "")))
    if not found:
        return ""
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def _filters(frame: Frame) -> bool:
    """True when the question filters a set of units, asks yes or no about a unit, or asks for its inspections.

    A unit named alone is a question about that unit, which the single-fact intents answer.
    """
    counted = frame.first("target")
    if counted is not None and counted.values == ("inspections",) and frame.of("unit"):
        return True
    if frame.analysis.form == "yesno":
        return any(c.hard for c in frame.of(*_VALUE_KINDS))
    hard = [c for c in frame.of("class", "region", "owner", "person", "inspection-kind", "group") if c.hard]
    ranged = any(c.detail.split(":")[-1] for c in frame.of("date"))
    return bool(hard) or ranged or (any(c.hard for c in frame.of("rating", "standard")) and not frame.of("unit"))


def plan_units(frame: Frame) -> Plan | None:
    """Units (or their owners) filtered by every constraint: listed, counted or counted per group."""
    analysis = frame.analysis
    if not _filters(frame) or frame.of("rank", "change"):
        return None
    if frame.of("entity"):
        return None
    counted = frame.first("target")
    inspections = counted is not None and counted.values == ("inspections",)
    if analysis.form == "count" and not frame.of("class") and not inspections:
        return None
    composed = Composed(frame, rating_optional=not rated(analysis), inspections=inspections)
    where = _listing_where(frame, composed)
    if inspections and analysis.form == "count":
        query = select(
            [
                "(COUNT(DISTINCT ?inspection) AS ?count)",
                '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)',
            ],
            where,
            distinct=False,
        )
        return Plan(
            "count-inspections",
            query,
            ["count", "units"],
            applied=composed.applied,
            sentence=lambda rows: (
                f"{rows[0]['count']} inspection(s): {rows[0]['units']}." if rows and rows[0].get("count") else "None."
            ),
        )
    if frame.target == "regions":
        where.append("" if frame.of("region") else block("group-region"))
        head = "(COUNT(DISTINCT ?region_iri) AS ?count)" if analysis.form == "count" else "region"
        query = select(
            [head, '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)'],
            where,
            extra="" if analysis.form == "count" else "\nGROUP BY ?region\nORDER BY ?region",
            distinct=False,
        )
        columns = ["count", "units"] if analysis.form == "count" else ["region", "units"]
        return Plan(
            "regions-of-units",
            query,
            columns,
            applied=composed.applied,
            sentence=lambda rows: "; ".join(f"{r[columns[0]]} ({r['units']})" for r in rows) + "." if rows else "None.",
        )
    groups = frame.of("group")
    if analysis.form == "count" and groups:
        key = groups[0].values[0]
        if key in ("rating", "year") and not composed.inspected:
            return None
        variable = {"region": "region", "owner": "owner_name", "rating": "rating", "year": "year"}[key]
        where.append(
            {
                "region": block("group-region"),
                "owner": "" if frame.of("owner") else block("owners"),
                "rating": "",
                "year": block("year"),
            }[key]
        )
        query = select(
            [
                variable,
                "(COUNT(DISTINCT ?unit) AS ?count)",
                '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)',
            ],
            where,
            extra=f"\nGROUP BY ?{variable}\nORDER BY DESC(?count) ?{variable}",
            distinct=False,
        )
        return Plan(
            f"units-by-{key}",
            query,
            [variable, "count", "units"],
            applied=[*composed.applied, *groups],
            sentence=lambda rows: "; ".join(f"{r[variable]}: {r['count']}" for r in rows) + "." if rows else "None.",
        )
    if analysis.form == "count":
        query = select(
            ["(COUNT(DISTINCT ?unit) AS ?count)", '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)'],
            where,
            distinct=False,
        )
        return Plan(
            "count-units",
            query,
            ["count", "units"],
            applied=composed.applied,
            sentence=lambda rows: f"{rows[0]['count']}: {rows[0]['units']}." if rows and rows[0].get("count") else "0.",
        )
    if frame.target == "owners":
        where.append(block("owners") if not frame.of("owner") else "")
        query = select(
            ["owner_name", '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)'],
            where,
            extra="\nGROUP BY ?owner_name\nORDER BY ?owner_name",
            distinct=False,
        )
        return Plan(
            "owners-of-units",
            query,
            ["owner_name", "units"],
            applied=composed.applied,
            sentence=lambda rows: _listed(rows, "owner_name") + "." if rows else "None.",
        )
    found = _listing(composed, where, "units")
    if analysis.form == "yesno":
        kept = set() if frame.of("unit", "name") else {"class", "region", "owner"}
        opened = Composed(frame, rating_optional=True, open_kinds=frozenset(_VALUE_KINDS) - kept)
        found.contrary = _listing(opened, _listing_where(frame, opened), "units-contrary")
    return found


def _listing_where(frame: Frame, composed: Composed) -> list[str]:
    """The blocks, and 'an inspection a document reports on' unless a date or the unit's history says otherwise.

    A unit's inspections include those later documents only mention.
    """
    where = list(composed.where)
    counted = frame.first("target")
    every = counted is not None and counted.values == ("inspections",) and bool(frame.of("unit"))
    if composed.inspected and not frame.of("date") and not every:
        where.append(block("current"))
    return where


def _listing(composed: Composed, where: list[str], intent: str) -> Plan:
    columns = composed.columns
    head = [*columns, "inspection"] if composed.inspected else columns
    order = "?organisation ?date" if composed.inspected else "?organisation"
    query = select(head, where, extra=f"\nORDER BY {order}\nLIMIT {LIMIT}")
    return Plan(intent, query, columns, facts=("inspection", "fact"), applied=composed.applied, sentence=_unit_sentence)


def _unit_sentence(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "None."
    parts = []
    for row in rows:
        text = str(row["organisation"])
        for column, word in (("owner_name", "owned by"), ("region", "in"), ("provider_name", "services from")):
            if row.get(column):
                text += f" {word} {row[column]}"
        if row.get("name"):
            text += f" (inspection with {row['name']})"
        if row.get("rating"):
            text += f" ({row['rating']}{' for ' + str(row['standard']) if row.get('standard') else ''}"
            text += f", {row['date']})" if row.get("date") else ")"
        parts.append(text)
    return "; ".join(dict.fromkeys(parts)) + "."


def plan_ranked(frame: Frame) -> Plan | None:
    """The unit, inspection, owner or region with the highest or lowest measure (ties shown), within every filter.

    Measures: recommendations made, the score, a figure of a metric kind, or (for owners and regions) how many
    units match.
    """
    rank = frame.first("rank")
    if rank is None or frame.of("change"):
        return None
    measured = frame.first("measure")
    measure = measured.values[0] if measured is not None else None
    grouped = frame.target in ("owners", "regions") and measure is None
    metrics = metric_concepts(frame.analysis) if measure is None and not grouped else []
    if measure is None and not metrics and not grouped:
        return None
    if measure is None and not grouped and frame.of("unit"):
        return None
    counted = measure is not None
    composed = Composed(frame, rating_optional=not rated(frame.analysis), inspections=counted)
    where = list(composed.where)
    applied = [*composed.applied, rank, *frame.of("measure")]
    order = "DESC" if rank.values[0] == "max" else "ASC"
    if grouped:
        key = "owner_name" if frame.target == "owners" else "region"
        if key not in composed.columns:
            where.append(block("owners") if key == "owner_name" else block("group-region"))
        if composed.inspected:
            where.append(block("current"))
        query = select(
            [
                key,
                "(COUNT(DISTINCT ?unit) AS ?measure)",
                '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)',
            ],
            where,
            extra=f"\nGROUP BY ?{key}\nORDER BY {order}(?measure) ?{key}\nLIMIT {LIMIT}",
            distinct=False,
        )
        return Plan(
            "ranked-groups",
            query,
            [key, "measure", "units"],
            applied=applied,
            best="measure",
            sentence=lambda rows: (
                "; ".join(f"{r[key]} ({r['measure']}: {r['units']})" for r in rows) + "." if rows else "None."
            ),
        )
    if measure == "date":
        where = [w for w in where if w != block("date-any", var="?date")]
        where += [block("date-any", var="?measure"), block("bound", var="?measure")]
        columns, label = ["organisation", "measure", *(["rating"] if rated(frame.analysis) else [])], "date"
    elif measure == "rating":
        where.append(block("rating-rank"))
        columns, label = ["organisation", "rating", "date"], "rating"
    elif measure == "recommendations":
        where.append(block("recommendations"))
        columns, label = ["organisation", "measure", "date"], "recommendations"
    elif measure == "score":
        where.append(block("score"))
        columns, label = ["organisation", "measure", "out_of", "date"], "score"
    else:
        where.append(block("figure", metrics=iris([str(m.iri) for m in metrics])))
        columns, label = ["organisation", "measure", "measure_unit", "metric"], metrics[0].label
        applied += frame.of("metric")
    if composed.inspected:
        where.append(block("current"))
    query = select(
        [*columns, *(["measure"] if "measure" not in columns else []), "inspection", *([] if counted else ["fact"])],
        where,
        extra=f"\nORDER BY {order}(?measure) ?organisation\nLIMIT {LIMIT}",
    )
    word = (
        ("latest" if order == "DESC" else "earliest")
        if measure == "date"
        else ("highest" if order == "DESC" else "lowest")
    )
    label = "inspection" if measure == "date" else label
    return Plan(
        "ranked",
        query,
        columns,
        facts=("inspection", "fact"),
        applied=applied,
        best="measure",
        sentence=lambda rows: (
            f"The {word} {label}: "
            + "; ".join(dict.fromkeys(f"{r['organisation']} ({r.get('measure', r.get('rating'))})" for r in rows))
            + "."
            if rows
            else "None."
        ),
    )


def plan_change(frame: Frame) -> Plan | None:
    """Change over time: ratings improved, worse, the same or repeated; units inspected more than once.

    With a unit named: its rating at its previous inspection, or the date of its earlier one.
    """
    change = frame.first("change")
    if change is None:
        return None
    kind = change.values[0]
    analysis = frame.analysis
    if kind == "history" and not frame.of("unit", "class", "region", "owner"):
        return None
    if kind == "previous" and (not frame.of("unit") or not (rated(analysis) or analysis.form == "when")):
        return None
    composed = Composed(
        frame, rating_optional=kind == "repeat" or (kind == "previous" and not rated(analysis)), inspections=True
    )
    where = list(composed.where)
    applied = [*composed.applied, change]
    opened = Composed(frame, rating_optional=True, open_kinds=frozenset(_VALUE_KINDS), inspections=True)
    if kind == "repeat":
        found = _repeat_plan(where, applied, "HAVING (COUNT(DISTINCT ?inspection) > 1)\n")
        if analysis.form == "yesno":
            found.contrary = _repeat_plan(list(opened.where), applied, "")
        return found
    if kind == "previous":
        if analysis.form == "when":
            where.append(block("later"))
            query = select(
                ["organisation", "date", "rating", "inspection"], where, extra=f"\nORDER BY ?date\nLIMIT {LIMIT}"
            )
            return Plan(
                "earlier-inspection",
                query,
                ["organisation", "date", "rating"],
                facts=("inspection",),
                applied=applied,
                sentence=lambda rows: (
                    "; ".join(f"{r['organisation']}: {r['date']}" for r in rows) + "." if rows else "None."
                ),
            )
        if frame.of("date"):  # 'before its 2020 inspection': the latest inspection before that date
            return _ratings_at(where, applied, "rating-before", "DESC(?date)", best="date")
        return _ratings_at([*where, block("later")], applied, "previous-rating", "?date")
    where += [block("preceding"), block("preceding-rating")]
    test = {"improved": "improved", "worse": "worse", "same": "same", "twice": "same"}.get(kind)
    tested = [*where, block(f"change-{test}")] if test else list(where)
    if kind == "twice" and frame.of("rating"):
        tested.append(values("r_before", frame.iris("rating")))
    found = _change_plan(tested, applied)
    if analysis.form == "yesno":
        found.contrary = _change_plan([*opened.where, block("preceding"), block("preceding-rating")], applied)
    return found


def _repeat_plan(where: list[str], applied: list[Constraint], having: str) -> Plan:
    query = select(
        ["organisation", "(COUNT(DISTINCT ?inspection) AS ?inspections)"],
        where,
        extra=f"\nGROUP BY ?organisation\n{having}ORDER BY ?organisation",
        distinct=False,
    )
    return Plan(
        "inspected-more-than-once",
        query,
        ["organisation", "inspections"],
        applied=applied,
        sentence=lambda rows: (
            "; ".join(f"{r['organisation']}: {r['inspections']} inspection(s)" for r in rows) + "." if rows else "None."
        ),
    )


def _ratings_at(
    where: list[str], applied: list[Constraint], intent: str, order: str, *, best: str | None = None
) -> Plan:
    """The ratings of the inspections ``where`` matches, with their dates."""
    query = select(["organisation", "rating", "date", "inspection"], where, extra=f"\nORDER BY {order}\nLIMIT {LIMIT}")
    return Plan(
        intent,
        query,
        ["organisation", "rating", "date"],
        facts=("inspection",),
        applied=applied,
        best=best,
        sentence=lambda rows: (
            "; ".join(f"{r['organisation']} was rated {r['rating']}{_when(r)}" for r in rows) + "." if rows else "None."
        ),
    )


def _change_plan(where: list[str], applied: list[Constraint]) -> Plan:
    query = select(
        ["organisation", "rating", "previous_rating", "date", "inspection"],
        where,
        extra=f"\nORDER BY ?organisation\nLIMIT {LIMIT}",
    )
    return Plan(
        "rating-change",
        query,
        ["organisation", "rating", "previous_rating", "date"],
        facts=("inspection",),
        applied=applied,
        sentence=lambda rows: (
            "; ".join(dict.fromkeys(f"{r['organisation']}: {r['previous_rating']} → {r['rating']}" for r in rows)) + "."
            if rows
            else "None."
        ),
    )


def plan_owner_order(frame: Frame) -> Plan | None:
    """Who owned a unit before (or after) an owner named."""
    order = frame.first("owner-order")
    units = frame.of("unit")
    if order is None or not units or not frame.analysis.has(PG.ownedBy):
        return None
    where = [block("unit", units=iris(frame.iris("unit"))), block(f"owner-{order.detail}", pivot=iris(order.values))]
    query = select(["name", "owned", "statement"], where, extra=f"\nORDER BY ?name\nLIMIT {LIMIT}")
    return Plan(
        "owner-order",
        query,
        ["name", "owned"],
        facts=("statement",),
        applied=[*units, order],
        sentence=lambda rows: _listed(rows, "name") + "." if rows else "None.",
    )


ANALYTICS = (plan_units, plan_ranked, plan_change, plan_owner_order)

__all__ = ["ANALYTICS", "plan_change", "plan_ranked", "plan_units"]
