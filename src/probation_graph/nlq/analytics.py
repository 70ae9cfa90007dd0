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
from .plans import LIMIT, Plan, metric_concepts, select
from .templates import block, iris

_PEOPLE_PATHS = {"chief": "pg:chiefInspector", "lead": "pg:leadInspector", "": "pg:chiefInspector|pg:leadInspector"}
_DATE_PATHS = {
    "published": "pg:publicationDate",
    "fieldwork": "pg:fieldworkStart",
    "": "pg:publicationDate|pg:fieldworkStart|pg:inspectionYear",
}
_FILTERS = ("class", "unit", "region", "owner", "rating", "standard", "person", "date", "inspection-kind")


class Composed:
    """The WHERE blocks for a frame's filters and the constraints they apply."""

    def __init__(self, frame: Frame, *, rating_optional: bool = False) -> None:
        self.frame = frame
        self.where: list[str] = [block("inspected")]
        self.applied: list[Constraint] = []
        self.columns: list[str] = ["organisation"]
        classes = [c for c in frame.of("class") if c.hard]
        if classes:
            self.where.append(block("class", classes=" ".join(f"pg:{c.values[0]}" for c in classes)))
            self.applied += classes
        units = frame.of("unit")
        if units:
            self.where.insert(0, block("unit", units=iris(frame.iris("unit"))))
            self.applied += units
        regions = frame.of("region")
        if regions:
            self.where.append(block("region", regions=iris(frame.iris("region"))))
            self.applied += regions
        owners = frame.of("owner")
        if owners:
            self.where.append(block("owner", owners=iris(frame.iris("owner"))))
            self.applied += owners
            self.columns.append("owner_name")
        ratings = frame.of("rating")
        standards = frame.of("standard")
        rating_values = f"VALUES ?r {{ {iris(frame.iris('rating'))} }}" if ratings else ""
        if standards:
            wanted = frame.iris("standard")
            self.where.append(
                block(
                    "standard-rating",
                    standards=f"VALUES ?s {{ {iris(wanted)} }}" if wanted else "",
                    ratings=rating_values,
                )
            )
            self.applied += standards + ratings
            self.columns += ["standard", "rating"]
        elif ratings or not rating_optional:
            rated = block("rating", ratings=rating_values)
            self.where.append(f"OPTIONAL {{ {rated} }}" if rating_optional and not ratings else rated)
            self.applied += ratings
            self.columns.append("rating")
        for person in frame.of("person"):
            self.where.append(block("person", people=iris(person.values), path=_PEOPLE_PATHS[person.detail]))
            self.applied.append(person)
            if "name" not in self.columns:
                self.columns.append("name")
        dates = frame.of("date")
        for index, date in enumerate(dates):
            kind, direction = [*date.detail.split(":"), ""][:2]
            variable = f"?date_{index}"
            value = date.values[0]
            test = {
                "since": f"STR({variable}) >= {_quote(value)}",
                "after": f"STR({variable}) > {_quote(value + '~')}",
                "before": f"STR({variable}) < {_quote(value)}",
                "until": f"STR({variable}) <= {_quote(value + '~')}",
            }.get(direction, f"STRSTARTS(STR({variable}), {_quote(value)})")
            self.where.append(block("date", path=_DATE_PATHS[kind], test=test, var=variable))
            self.applied.append(date)
        if dates:
            first = dates[0].detail.split(":")[0]
            self.where.append(
                f"OPTIONAL {{ ?inspection {_DATE_PATHS[first]} ?date . FILTER (STR(?date) = STR(?date_0)) }}"
            )
        else:
            self.where.append(block("date-any"))
        self.columns.append("date")
        kinds = frame.of("inspection-kind")
        if kinds:
            self.where.append(
                block("inspection-kind", kinds=" ".join(f"pg:{k}" for k in frame.iris("inspection-kind")))
            )
            self.applied += kinds
        self.applied += frame.of("target")


def _quote(text: str) -> str:
    return '"' + "".join(c for c in text if c.isalnum() or c in "-~") + '"'


def _listed(rows: list[dict[str, object]], column: str) -> str:
    found = list(dict.fromkeys(str(r[column]) for r in rows if r.get(column) not in (None, "")))
    if not found:
        return ""
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def _filters(frame: Frame) -> bool:
    """True when the question filters a set of units (not only names one)."""
    hard = [c for c in frame.of("class", "region", "owner", "person", "inspection-kind", "group") if c.hard]
    return bool(hard) or (bool(frame.of("rating", "standard")) and not frame.of("unit"))


def plan_units(frame: Frame) -> Plan | None:
    """Units (or their owners) filtered by every constraint: listed, counted or counted per group."""
    analysis = frame.analysis
    if not _filters(frame) or frame.of("rank", "change"):
        return None
    if frame.of("name", "entity", "provider"):
        return None
    if analysis.form == "count" and not frame.of("class"):
        return None
    composed = Composed(frame, rating_optional=not rated(analysis))
    where = list(composed.where)
    current = not any(c.detail.endswith(("before", "until")) for c in frame.of("date"))
    if current:
        where.append(block("current"))
    groups = frame.of("group")
    if analysis.form == "count" and groups:
        where.append(block("group-region"))
        query = select(
            [
                "region",
                "(COUNT(DISTINCT ?unit) AS ?count)",
                '(GROUP_CONCAT(DISTINCT ?organisation; separator=", ") AS ?units)',
            ],
            where,
            extra="\nGROUP BY ?region\nORDER BY DESC(?count) ?region",
            distinct=False,
        )
        return Plan(
            "units-by-region",
            query,
            ["region", "count", "units"],
            applied=[*composed.applied, *groups],
            sentence=lambda rows: "; ".join(f"{r['region']}: {r['count']}" for r in rows) + "." if rows else "None.",
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
            sentence=lambda rows: (
                f"{rows[0]['count']}: {rows[0]['units']}." if rows and rows[0].get("count") else "None."
            ),
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
    columns = composed.columns
    query = select([*columns, "inspection"], where, extra=f"\nORDER BY ?organisation ?date\nLIMIT {LIMIT}")
    return Plan(
        "units", query, columns, facts=("inspection", "fact"), applied=composed.applied, sentence=_unit_sentence
    )


def _unit_sentence(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "None."
    parts = []
    for row in rows:
        text = str(row["organisation"])
        if row.get("rating"):
            text += f" ({row['rating']}{' for ' + str(row['standard']) if row.get('standard') else ''}"
            text += f", {row['date']})" if row.get("date") else ")"
        parts.append(text)
    return "; ".join(dict.fromkeys(parts)) + "."


def plan_ranked(frame: Frame) -> Plan | None:
    """The unit or inspection with the highest or lowest measure (ties shown), within every filter."""
    rank = frame.first("rank")
    if rank is None or frame.of("change"):
        return None
    measured = frame.first("measure")
    measure = measured.values[0] if measured is not None else None
    metrics = metric_concepts(frame.analysis) if measure is None else []
    if measure is None and not metrics:
        return None
    if measure is None and frame.of("unit"):
        return None
    composed = Composed(frame, rating_optional=True)
    where = list(composed.where)
    columns = ["organisation", "measure", "date"]
    applied = [*composed.applied, rank, *frame.of("measure")]
    if measure == "recommendations":
        where.append(block("recommendations"))
        columns = ["organisation", "measure", "date"]
        label = "recommendations"
    elif measure == "score":
        where.append(block("score"))
        columns = ["organisation", "measure", "out_of", "date"]
        label = "score"
    else:
        where = [w for w in where if "pg:inspected" not in w or "VALUES" in w]
        where.insert(0, "?unit rdfs:label ?organisation .")
        where = [w for w in where if "OPTIONAL { ?inspection pg:publicationDate" not in w]
        where.append(block("figure", metrics=iris([str(m.iri) for m in metrics])))
        if frame.of("date", "inspection-kind", "rating", "person"):
            where.append("?inspection pg:inspected ?unit .")
        columns = ["organisation", "measure", "measure_unit", "metric"]
        label = metrics[0].label
        applied += [c for c in frame.of("metric")]
    if frame.of("date") or measure:
        where.append(block("current"))
    order = "DESC" if rank.values[0] == "max" else "ASC"
    query = select(
        [*columns, "inspection", "fact"] if not measure else [*columns, "inspection"],
        where,
        extra=f"\nORDER BY {order}(?measure) ?organisation\nLIMIT {LIMIT}",
    )
    word = "highest" if order == "DESC" else "lowest"
    return Plan(
        "ranked",
        query,
        columns,
        facts=("inspection", "fact"),
        applied=applied,
        best="measure",
        sentence=lambda rows: (
            f"The {word} {label}: "
            + "; ".join(dict.fromkeys(f"{r['organisation']} ({r['measure']})" for r in rows))
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
    if kind == "previous" and (not frame.of("unit") or not (rated(analysis) or analysis.form == "when")):
        return None
    composed = Composed(frame, rating_optional=kind == "repeat" or (kind == "previous" and not rated(analysis)))
    where = list(composed.where)
    applied = [*composed.applied, change]
    if kind == "repeat":
        query = select(
            ["organisation", "(COUNT(DISTINCT ?inspection) AS ?inspections)"],
            where,
            extra="\nGROUP BY ?organisation\nHAVING (COUNT(DISTINCT ?inspection) > 1)\nORDER BY ?organisation",
            distinct=False,
        )
        return Plan(
            "inspected-more-than-once",
            query,
            ["organisation", "inspections"],
            applied=applied,
            sentence=lambda rows: _listed(rows, "organisation") + "." if rows else "None.",
        )
    if kind == "previous":
        if analysis.form == "when":
            where.append(block("later"))
            where = [
                w.replace("pg:publicationDate|pg:fieldworkStart|pg:inspectionYear", "pg:publicationDate") for w in where
            ]
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
        if frame.of("date"):
            query = select(
                ["organisation", "rating", "date", "inspection"], where, extra=f"\nORDER BY DESC(?date)\nLIMIT {LIMIT}"
            )
            return Plan(
                "rating-before",
                query,
                ["organisation", "rating", "date"],
                facts=("inspection",),
                applied=applied,
                best="date",
                sentence=lambda rows: (
                    "; ".join(f"{r['organisation']} was rated {r['rating']} ({r['date']})" for r in rows) + "."
                    if rows
                    else "None."
                ),
            )
        where.append(block("later"))
        query = select(
            ["organisation", "rating", "date", "inspection"], where, extra=f"\nORDER BY ?date\nLIMIT {LIMIT}"
        )
        return Plan(
            "previous-rating",
            query,
            ["organisation", "rating", "date"],
            facts=("inspection",),
            applied=applied,
            sentence=lambda rows: (
                "; ".join(f"{r['organisation']} was rated {r['rating']} ({r['date']})" for r in rows) + "."
                if rows
                else "None."
            ),
        )
    where += [block("preceding"), block("preceding-rating")]
    test = {
        "improved": "?k_now > ?k_before",
        "worse": "?k_now < ?k_before",
        "same": "?k_now = ?k_before",
        "twice": "?k_now = ?k_before",
    }[kind]
    where.append(f"FILTER ({test})")
    if kind == "twice" and frame.of("rating"):
        where.append(f"VALUES ?r_before {{ {iris(frame.iris('rating'))} }}")
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
