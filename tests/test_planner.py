"""The planner: question frames, corpus analytics, yes/no by construction, and parts it cannot apply.

The store holds the seed documents and a small invented corpus (tests/data/analytics): PDUs in two regions, one
inspected twice with the same rating, one that improved, a CRC with an owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.nlq import ask, lexicon_for
from probation_graph.nlq.analyse import analyse
from probation_graph.nlq.frame import frame
from probation_graph.nlq.planner import INTENTS, choose

from .conftest import ANALYTICS, seeds_with
from .test_nlq import check


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The seed documents and the invented analytics corpus in one store."""
    data = seeds_with(tmp_path_factory.mktemp("corpus"), ANALYTICS)
    opened = EmbeddedStore(None)
    report = build(opened, data, settings=Settings(data=data))
    assert report.ok, report.failed
    yield opened
    opened.close()


# (question, constraint kinds the frame reads, in question order)
FRAMES: list[tuple[str, list[str]]] = [
    ("Which PDUs in the North West region were rated Inadequate?", ["class", "region", "rating"]),
    ("How many PDUs were rated Inadequate in each region?", ["class", "rating", "group"]),
    ("Which CRCs owned by Sodexo were rated Inadequate?", ["class", "owner", "rating"]),
    ("Which PDUs were rated inadequate while Martin Jones was chief inspector?", ["class", "rating", "person"]),
    ("Which PDU inspection reports were published in 2023?", ["class", "date"]),
    ("Which PDUs were rated Good since 2024?", ["class", "rating", "date"]),
    ("Which PDUs improved?", ["class", "change"]),
    ("Which units were inspected more than once?", ["class", "change"]),
    ("Which inspection made the most recommendations?", ["rank", "measure"]),
    ("Which PDUs had all four standards rated Inadequate?", ["class", "number", "standard", "rating"]),
    ("Who owned Fenland Coast CRC before Sodexo?", ["unit", "owner-order"]),
]


@pytest.mark.parametrize(("question", "kinds"), FRAMES, ids=[q for q, _k in FRAMES])
def test_frame_reads_every_part(corpus_store: EmbeddedStore, question: str, kinds: list[str]):
    found = frame(analyse(question, lexicon_for(corpus_store)))
    assert [c.kind for c in found.constraints if c.kind not in ("term", "metric", "target")] == kinds


def test_dates_keep_their_kind_and_direction(corpus_store: EmbeddedStore):
    found = frame(analyse("Which PDU reports were published before 2024?", lexicon_for(corpus_store)))
    date = found.first("date")
    assert date is not None and date.values == ("2024",) and date.detail == "published:before"
    assert date.text == "before 2024"


# (question, expected items, allowed items) over the whole store
ANALYTIC_QUESTIONS: list[tuple[str, list[Any], list[Any]]] = [
    ("Which PDUs in the North West region were rated Inadequate?", ["Tarn Vale"], []),
    ("Which PDUs in Wales were rated Good?", ["Mercia Dale"], []),
    ("How many PDUs in the North West region were rated Good?", [1], ["Avon Hill"]),
    ("How many PDUs were rated Inadequate in each region?", ["North West"],
     [1, 2, "Tarn Vale", "Yorkshire", "Barnsley", "Sheffield"]),
    ("Which CRCs owned by Sodexo were rated Inadequate?", ["Fenland Coast"], []),
    ("Which companies owned CRCs rated Inadequate?", ["Sodexo"], []),
    ("Which PDUs were rated Good in 2025?", ["Avon Hill"], []),
    ("Which PDU reports were published before 2024?", ["Tarn Vale", "Avon Hill"], ["Sheffield"]),
    ("Which PDUs did Helen Marsh lead?", ["Tarn Vale", "Mercia Dale"], []),
    ("Which PDUs improved?", ["Avon Hill"], []),
    ("Which PDU was rated Inadequate at two inspections in a row?", ["Tarn Vale", "Sheffield"], []),
    ("Which PDUs kept the same rating as at their previous inspection?", ["Tarn Vale", "Sheffield"], []),
    ("Which PDUs were inspected more than once?", ["Tarn Vale", "Avon Hill"], ["Sheffield", "Barnsley"]),
    ("What was Avon Hill rated previously?", ["Requires improvement"], []),
    ("How did Avon Hill's rating change?", ["Good"], []),
    ("Which PDU inspection made the fewest recommendations?", ["Avon Hill"], []),
    ("Which inspection made the most recommendations?", ["West Yorkshire"], []),
    ("Which regions had a PDU rated Good?", ["North West", "Wales"], ["Avon Hill", "Mercia Dale"]),
    ("Which region had the most PDUs rated Inadequate?", ["Yorkshire"], [2, "Barnsley", "Sheffield"]),
    ("Which PDUs were rated Good in 2024 or 2025?", ["Mercia Dale", "Avon Hill"], []),
    ("Which PDUs were rated Inadequate between 2023 and 2024?", ["Tarn Vale"], ["Barnsley", "Sheffield"]),
    ("How many inspections did Helen Marsh lead?", [3], ["Tarn Vale", "Mercia Dale"]),
    ("What was Tarn Vale's latest rating?", ["Inadequate", "2025-04-09"], ["Tarn Vale"]),
    ("Which PDU in the North West was inspected most recently?", ["Tarn Vale"], ["2025-04-09"]),
    ("Which PDUs have been inspected twice?", ["Tarn Vale", "Avon Hill"], [2, "Sheffield", "Barnsley"]),
    ("How many times has Tarn Vale been inspected?", [2], ["Tarn Vale"]),
    ("Which North West PDU got the best rating?", ["Avon Hill"], ["Good", "2025-03-05"]),
    ("Which PDUs in Yorkshire were rated Inadequate?", ["Barnsley", "Sheffield"], []),
    ("Which PDUs needed to improve?", ["Avon Hill"], ["Requires improvement", "2023-08-02"]),
    ("List the inspections of Avon Hill", ["2023-08-02", "2025-03-05"], ["Avon Hill"]),
    ("Which PDUs were rated Inadequate since Martin Jones became chief inspector?",
     ["Tarn Vale", "Barnsley", "Sheffield"], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "items", "allowed"), ANALYTIC_QUESTIONS, ids=[q for q, _i, _a in ANALYTIC_QUESTIONS]
)
def test_corpus_questions(corpus_store: EmbeddedStore, question: str, items: list[Any], allowed: list[Any]):
    answer = ask(question, corpus_store, model=None)
    assert answer.error is None and not answer.not_applied, answer.error or answer.answer
    check(answer.rows, items, allowed)
    assert answer.interpretation


@pytest.mark.parametrize(
    ("question", "column", "groups"),
    [
        ("How many PDUs were rated Inadequate in each region?", "region", {"North West region"}),
        ("How many CRCs were rated Inadequate per owner?", "owner_name", {"Sodexo Justice Services"}),
        ("How many PDUs got each rating?", "rating", {"Inadequate", "Requires improvement", "Good"}),
        ("How many PDUs were inspected in each year?", "year", {"2023", "2024", "2025"}),
    ],
)
def test_counts_per_group(corpus_store: EmbeddedStore, question: str, column: str, groups: set[str]):
    answer = ask(question, corpus_store, model=None)
    assert answer.columns[:2] == [column, "count"], answer.answer
    assert groups <= {str(row[0]) for row in answer.rows}
    assert all(isinstance(row[1], int) and row[1] >= 1 for row in answer.rows)


def test_a_query_that_fails_is_an_error_not_a_traceback(corpus_store: EmbeddedStore, monkeypatch):
    from probation_graph.nlq import planner

    real = planner.choose

    def broken(analysis):
        found = real(analysis)
        found.plan.sparql = "SELECT ?x WHERE { ?x ?y"
        found.plan.fallbacks = []
        return found

    monkeypatch.setattr("probation_graph.nlq.choose", broken)
    answer = ask("Which PDUs in Wales were rated Good?", corpus_store, model=None)
    assert answer.error and "failed" in answer.error and answer.rows == []


def test_an_inspection_with_two_dates_in_the_year_is_one_row(corpus_store: EmbeddedStore):
    answer = ask("Which PDUs were rated Inadequate in 2024?", corpus_store, model=None)
    assert [row[0] for row in answer.rows].count("Barnsley and Rotherham PDU") == 1, answer.rows


def test_rankings_show_ties(corpus_store: EmbeddedStore):
    answer = ask("Which PDU inspection made the most recommendations?", corpus_store, model=None)
    best = max(row[answer.columns.index("measure")] for row in answer.rows)
    assert all(row[answer.columns.index("measure")] == best for row in answer.rows)


def test_interpretation_is_rendered_from_the_plan(corpus_store: EmbeddedStore):
    answer = ask("Which PDUs in the North West region were rated Inadequate?", corpus_store, model=None)
    assert answer.interpretation == "PDUs · region North West region · rated Inadequate"


# Questions with a part the engine cannot apply: each says so and gives no rows, never a wider answer.
CANNOT_APPLY: list[str] = [
    "How many PDUs were rated Inadequate in the 2024 annual report?",
    "Which CRCs were rated Good according to the press release?",
    "Which PDUs had all four case supervision standards rated Inadequate?",
    "Which PDUs were rated Inadequate on all four standards?",
    "Which CRCs had at least three standards rated Good?",
    "Which PDUs scored more than 20?",
    "Which PDUs scored over 15 out of 27?",
    "Which PDUs had more than 4 recommendations?",
    "Which units got fewer than 3 recommendations?",
    "Which PDUs were rated Good three times?",
    "Which PDUs were inspected at least 3 times?",
    "Which units had exactly 5 recommendations?",
    "Which PDUs had a score below 10?",
    "Which CRCs had more than 2 standards rated Inadequate?",
    "Which PDUs had under 30 per cent of cases with sufficient assessment?",
    "Which PDUs in the North West had over 5 recommendations?",
    "Which CRCs owned by Sodexo had more than five recommendations?",
    "How many PDUs had more than 3 recommendations?",
    "Which regions had over 2 PDUs rated Inadequate?",
    "Which PDUs had two standards rated Good?",
    "Which PDUs had one standard rated Outstanding?",
    "Which PDUs had four recommendations about staffing?",
    "Which units were rated Inadequate in the last 2 years?",
    "Which PDUs had 3 or more recommendations?",
    "Which PDUs had at most 2 recommendations?",
    "Which PDUs rated Inadequate had more than 4 recommendations?",
    "Which CRCs were rated Requires improvement with over 6 recommendations?",
    "Which PDUs had a vacancy rate above 20 per cent?",
    "Which PDUs had a reoffending rate under 25 per cent?",
    "Which PDUs had caseloads over 50?",
    "Which units had staff sickness above 10 days?",
    "Which PDUs had fewer than 10 probation officers?",
    "Which CRCs supervised over 5,000 people?",
    "Which PDUs were inspected by more than one lead inspector?",
    "Which PDUs got Good for at least 2 standards?",
    "Which PDUs had 6 strengths?",
    "Which PDUs had 2 areas for improvement in leadership?",
    "How many PDUs scored 3?",
    "Which PDUs scored exactly 3?",
    "Which PDUs in Wales had over 1 recommendation?",
    "Which PDUs were rated Inadequate twice in 3 years?",
    "Which units had all three inspections rated Inadequate?",
    "Which PDUs had over half of cases with good planning?",
    "Which PDUs had all eight standards rated Inadequate?",
    "Which PDUs were rated Inadequate by 2 inspectors?",
    "Which PDUs had 10 vacancies?",
    "Which PDUs had scores of at least 12?",
    "What score out of 27 did Sheffield PDU get?",
    "Which CRCs had both standards rated Good?",
]


@pytest.mark.parametrize("question", CANNOT_APPLY)
def test_a_part_it_cannot_apply_is_named_and_no_rows_given(corpus_store: EmbeddedStore, question: str):
    answer = ask(question, corpus_store, model=None)
    assert answer.not_applied, answer.answer
    assert answer.rows == [] and answer.sparql == ""
    assert "could not apply" in answer.answer
    assert all(part in answer.answer for part in answer.not_applied)


def test_there_are_enough_cannot_apply_cases():
    assert len(CANNOT_APPLY) >= 40


# False statements: each is "No" (the graph holds another value) or "No data", never "Yes".
FALSE_STATEMENTS: list[str] = [
    "Is Tarn Vale a CRC?",
    "Was Sheffield PDU rated Good?",
    "Was Sheffield PDU rated Outstanding?",
    "Was Sheffield rated Requires improvement?",
    "Was Barnsley and Rotherham PDU rated Good overall?",
    "Was West Yorkshire CRC rated Inadequate?",
    "Was West Yorkshire CRC rated Outstanding?",
    "Is Staffordshire and West Midlands CRC owned by Purple Futures?",
    "Is West Yorkshire CRC owned by Sodexo Justice Services?",
    "Is Fenland Coast CRC owned by Purple Futures?",
    "Is Sheffield in the North West region?",
    "Is Tarn Vale PDU in Wales?",
    "Is Mercia Dale in the North West?",
    "Is Avon Hill PDU in Yorkshire and the Humber?",
    "Did Tarn Vale improve?",
    "Did Avon Hill get worse?",
    "Did Mercia Dale improve?",
    "Was Mercia Dale rated Inadequate?",
    "Was Avon Hill rated Inadequate in 2025?",
    "Was Tarn Vale rated Good in 2023?",
    "Was Tarn Vale PDU rated Good?",
    "Did Owen Price lead the Tarn Vale inspection?",
    "Did Helen Marsh lead the Avon Hill inspection?",
    "Was Mercia Dale inspected more than once?",
    "Was Fenland Coast CRC inspected more than once?",
    "Was Avon Hill rated Inadequate twice?",
    "Did Avon Hill keep the same rating?",
    "Was Fenland Coast CRC rated Good?",
    "Was Mercia Dale rated Good in 2019?",
    "Was Barnsley and Rotherham rated Outstanding for leadership?",
    "Was Sheffield PDU rated Good in 2024?",
    "Is Barnsley and Rotherham PDU in the North West region?",
    "Was Avon Hill PDU rated Requires improvement in 2025?",
    "Did Martin Jones lead the Mercia Dale inspection?",
    "Was Leeds PDU rated Good?",
    "Was Kestrelford PDU rated Inadequate?",
]


@pytest.mark.parametrize("question", FALSE_STATEMENTS)
def test_a_false_statement_is_never_yes(corpus_store: EmbeddedStore, question: str):
    answer = ask(question, corpus_store, model=None)
    assert answer.rows in ([], [[False]]), answer.answer
    assert answer.answer.startswith(("No.", "No data", "I could not apply")), answer.answer


def test_there_are_enough_false_statements():
    assert len(FALSE_STATEMENTS) >= 30


TRUE_STATEMENTS = [
    "Is Tarn Vale a PDU?",
    "Was Mercia Dale rated Good?",
    "Is Staffordshire and West Midlands CRC owned by Reducing Reoffending Partnership?",
    "Is Sheffield in Yorkshire and the Humber?",
    "Did Avon Hill improve?",
    "Was Tarn Vale rated Inadequate twice?",
    "Did Helen Marsh lead the Tarn Vale inspection?",
    "Was Tarn Vale inspected more than once?",
]


@pytest.mark.parametrize("question", TRUE_STATEMENTS)
def test_a_true_statement_is_yes_with_its_facts(corpus_store: EmbeddedStore, question: str):
    answer = ask(question, corpus_store, model=None)
    assert answer.rows == [[True]] and answer.answer.startswith("Yes"), answer.answer
    assert answer.sparql.lstrip().split("\n")[-1].startswith("}") and "ASK" in answer.sparql


def test_a_count_question_gets_no_percentages(corpus_store: EmbeddedStore):
    answer = ask("How many cases were inspected in Barnsley and Rotherham?", corpus_store, model=None)
    assert answer.rows and all(row[answer.columns.index("unit")] != "per cent" for row in answer.rows), answer.rows


def test_a_percentage_question_gets_only_percentages(corpus_store: EmbeddedStore):
    answer = ask(
        "What percentage of community orders were inspected in Barnsley and Rotherham?", corpus_store, model=None
    )
    assert "unit" in answer.columns, answer.answer
    assert all(row[answer.columns.index("unit")] == "per cent" for row in answer.rows), answer.rows


def test_a_figure_of_another_unit_is_never_the_answer(corpus_store: EmbeddedStore):
    answer = ask("What was the reoffending rate in Sheffield?", corpus_store, model=None)
    assert all("Sheffield" in str(row) for row in answer.rows), answer.rows


RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_RATED = """SELECT DISTINCT ?label ?rating WHERE {
  ?i pg:inspected ?u ; pg:overallRating/skos:prefLabel ?rating . ?u rdfs:label ?label }"""
_OWNED = """SELECT DISTINCT ?label ?owner WHERE {
  ?u a pg:CommunityRehabilitationCompany ; pg:ownedBy/rdfs:label ?owner ; rdfs:label ?label }"""


def statements(store: EmbeddedStore) -> tuple[list[str], list[str]]:
    """Every rating and owner statement about the store's units, true and false, from what the graph holds."""
    rated: dict[str, set[str]] = {}
    for label, rating in store.query(_RATED).rows:
        rated.setdefault(str(label), set()).add(str(rating))
    owned: dict[str, set[str]] = {}
    for label, owner in store.query(_OWNED).rows:
        owned.setdefault(str(label), set()).add(str(owner))
    owners = sorted({o for found in owned.values() for o in found})
    true = [f"Was {unit} rated {r}?" for unit, found in rated.items() for r in sorted(found)]
    true += [f"Is {unit} owned by {o}?" for unit, found in owned.items() for o in sorted(found)]
    false = [f"Was {unit} rated {r}?" for unit, found in rated.items() for r in RATINGS if r not in found]
    false += [f"Is {unit} owned by {o}?" for unit, found in owned.items() for o in owners if o not in found]
    return true, false


def test_every_statement_the_graph_can_check_is_answered_right(corpus_store: EmbeddedStore):
    true, false = statements(corpus_store)
    assert len(false) >= 30 and len(true) >= 10
    wrong_yes = [q for q in false if ask(q, corpus_store, model=None).answer.startswith("Yes")]
    assert wrong_yes == []
    not_yes = [q for q in true if not ask(q, corpus_store, model=None).answer.startswith("Yes")]
    assert not_yes == []


def test_no_tells_what_the_graph_holds_instead(corpus_store: EmbeddedStore):
    answer = ask("Is Fenland Coast CRC owned by Purple Futures?", corpus_store, model=None)
    assert answer.rows == [[False]] and "Sodexo" in answer.answer


def test_the_highest_score_wins_not_the_first_intent(corpus_store: EmbeddedStore):
    analysis = analyse("Which PDUs in the North West region were rated Inadequate?", lexicon_for(corpus_store))
    choice = choose(analysis)
    assert choice is not None and choice.intent.name == "units"
    assert [i.name for i in INTENTS].index("units") < [i.name for i in INTENTS].index("rating")
    assert {c.kind for c in choice.applied} >= {"class", "region", "rating"}
    assert not choice.missing


def test_words_not_used_are_reported(corpus_store: EmbeddedStore):
    answer = ask("Which PDUs in Wales were rated Good, frankly?", corpus_store, model=None)
    assert "frankly" in answer.unused
