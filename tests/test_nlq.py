"""Plain-English questions: paraphrases, other documents, untrusted input, the JSON contract."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any

import pytest
from typer.testing import CliRunner

from probation_graph import EmbeddedStore
from probation_graph.nlq import MAX_QUESTION, Answer, ask


def fold(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w%. ]+", " ", text)).strip()


def cell_matches(cell: Any, wanted: Any) -> bool:
    if isinstance(wanted, bool):
        return cell is wanted
    if isinstance(wanted, int | float):
        return isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell - wanted) < 1e-6
    return fold(wanted) in fold(cell)


def check(rows: list[list[Any]], items: list[Any], allowed: list[Any] = ()) -> None:
    for item in items:
        assert any(any(cell_matches(c, item) for c in row) for row in rows), f"missing {item!r} in {rows}"
    for row in rows:
        assert any(any(cell_matches(c, w) for c in row) for w in [*items, *allowed]), f"unexpected row {row}"


# (question, expected items, allowed items): other wordings of the kinds of questions users ask.
PARAPHRASES: list[tuple[str, list[Any], list[Any]]] = [
    ("Which probation delivery units got an inadequate rating?", ["Barnsley and Rotherham", "Sheffield"], []),
    ("How was Barnsley & Rotherham PDU rated overall?", ["Inadequate"], []),
    ("What grade did the West Yorkshire Community Rehabilitation Company get?", ["Requires improvement"], []),
    ("Who are the chief inspectors of probation mentioned?", ["Martin Jones", "Justin Russell"], []),
    ("Who was the lead inspector for Sheffield?", ["Dave Argument"], []),
    ("Which HM Inspector led the inspection of Barnsley and Rotherham?", ["Billy Finnegan"], []),
    ("Who delivers accommodation in Barnsley and Rotherham PDU?", ["Shelter"], ["Nacro", "Target Housing"]),
    ("Which organisation provides women's services for Barnsley and Rotherham?", ["Changing Lives"], ["Grow", "Apna Haq"]),
    ("Who is the owner of West Yorkshire CRC?", ["Purple Futures"], []),
    ("Who are the members of Purple Futures?", ["Interserve", "3SC", "P3", "Shelter"], ["Addaction"]),
    ("Which company owns Staffordshire and West Midlands CRC?", ["Reducing Reoffending Partnership"], []),
    ("What was the average number of sick days for all staff in Barnsley and Rotherham?", [23], [35]),
    ("What is the reoffending rate for Barnsley?", [28.4], []),
    ("Rotherham reoffending rate?", [27.1], []),
    ("What share of PO vacancies were unfilled at Barnsley and Rotherham PDU?", [28], []),
    ("How many recommendations did inspectors make for West Yorkshire CRC?", [7], []),
    ("What was Barnsley and Rotherham's score?", [3], []),
    ("How was leadership rated at Barnsley and Rotherham?", ["Requires improvement"], []),
    ("Which standards did Barnsley and Rotherham PDU get inadequate for?", ["Assessment", "Planning", "Implementation and delivery", "Reviewing"], []),
    ("When did the Barnsley and Rotherham fieldwork begin?", ["2024-07"], ["2023-07"]),
    ("When was the report on Sheffield PDU published?", ["2024-10-24"], []),
    ("List the recommendations for Barnsley and Rotherham", ["risk of harm", "strategic priorities", "deputy head of service"], ["domestic abuse", "interventions"]),
    ("What did West Yorkshire CRC get a Good rating for?", ["Through the Gate"], []),
    ("What was the average caseload per staff member at Staffordshire and West Midlands CRC?", [64], []),
    ("What region is Barnsley and Rotherham in?", ["Yorkshire and the Humber"], []),
    ("How many probation delivery units does Yorkshire and the Humber have?", [11], []),
    ("What is the caseload of the Barnsley and Rotherham probation delivery unit?", [1980], []),
    ("Which inspections was Justin Russell chief inspector for?", ["West Yorkshire", "Staffordshire and West Midlands"], []),
    ("Where does Shelter deliver services?", ["Barnsley and Rotherham"], []),
    ("Who is the West Midlands police and crime commissioner?", ["David Jamieson"], []),
    ("Which organisations provide drug and alcohol services in Barnsley and Rotherham?", ["humankind", "We are with you"], []),
    ("How many strengths were listed for leadership in Barnsley and Rotherham?", [6], []),
    ("What was the caseload of the Yorkshire and the Humber region?", [26743], []),
    ("What was the workload measurement for probation officers in Barnsley and Rotherham?", [125], []),
    ("What were the accredited programme completion rates in Barnsley and Rotherham?", [33, 46], []),
    ("Was Sheffield rated inadequate?", [True], []),
    ("Which CRCs were rated requires improvement?", ["West Yorkshire", "Staffordshire and West Midlands"], []),
    ("Compare the reoffending rates of Barnsley and Rotherham", [28.4, 27.1], []),
    ("How many people secured jobs with help from Staffordshire and West Midlands CRC?", [3000], []),
    ("Which key question had the lowest percentage for planning in Barnsley and Rotherham?", [28], []),
    ("How many interviews did inspectors conduct in Barnsley and Rotherham?", [57], []),
    ("What was the Sheffield PDU's rating in its previous inspection?", ["Inadequate"], []),
    ("What percentage of cases were judged sufficient for keeping other people safe in reviewing in Barnsley and Rotherham?", [30], []),
    ("Who is head of communications at HM Inspectorate of Probation?", ["Catherine Chan"], []),
    ("how many inspections rated requires improvement overall", [2], []),
    ("Which PDU was rated inadequate before, in March 2023?", ["Sheffield"], []),
    ("who provides personal wellbeing services in barnsley and rotherham", ["Growth Company"], []),
    ("Which organisations does Purple Futures include that deliver services in Barnsley and Rotherham?", ["Shelter"], []),
    ("Was West Yorkshire CRC rated outstanding?", [False], []),
    # typos, partial names, no punctuation, lower case
    ("What rating did Sheffeild PDU get?", ["Inadequate"], []),
    ("Who owns Staffordshire CRC?", ["Reducing Reoffending Partnership"], []),
    ("what was barnsley and rotherhams overall rating", ["Inadequate"], []),
    ("Who delivers accomodation services in Barnsley & Rotherham?", ["Shelter"], ["Nacro", "Target Housing"]),
    ("What is Barnsleys reofending rate?", [28.4], []),
    ("How many recomendations were made to West Yorkshire CRC?", [7], []),
    ("Which CRCs were rated requires improvement in 2020?", ["West Yorkshire"], []),
]  # fmt: skip


@pytest.mark.parametrize(("question", "items", "allowed"), PARAPHRASES, ids=[q for q, _i, _a in PARAPHRASES])
def test_paraphrases(seed_store: EmbeddedStore, question: str, items: list[Any], allowed: list[Any]):
    answer = ask(question, seed_store)
    assert answer.error is None, answer.error
    assert answer.sparql and answer.answer
    check(answer.rows, items, allowed)


@pytest.mark.parametrize(
    "question",
    ["What rating did Leeds PDU get?", "Who owns Avalon CRC?", "What is the reoffending rate in Kestrelford?"],
)
def test_something_the_graph_does_not_hold_is_no_data(seed_store: EmbeddedStore, question: str):
    answer = ask(question, seed_store)
    assert answer.rows == [] and answer.sparql
    assert answer.answer.startswith("No data") or answer.error


def test_a_question_it_cannot_parse_gets_suggestions(seed_store: EmbeddedStore):
    answer = ask("Tell me a joke about the weather", seed_store)
    assert answer.rows == [] and answer.error
    assert "?" in answer.error


def test_answers_carry_their_sources(seed_store: EmbeddedStore):
    answer = ask("Who owns West Yorkshire CRC?", seed_store)
    assert answer.sources
    text = seed_store.query(
        "SELECT ?t WHERE { ?d pg:sourceId 'west-yorkshire-crc-press-release-2020' ; pg:fullText ?t }"
    ).rows[0][0]
    for source in answer.sources:
        assert str(text)[source.start : source.end] == source.quote
    assert any("Purple Futures" in s.quote for s in answer.sources)


# (question, items): the same kinds of questions on the invented documents of tests/data.
OTHER_DOCUMENTS = [
    ("Which PDUs were rated requires improvement?", ["Northmoor and Eastdale"]),
    ("Who owns Mercia Vale CRC?", ["Kestrel Partners"]),
    ("Which organisations make up Kestrel Partners?", ["Northgate Care", "Brightline"]),
    ("What is Eastdale's reoffending rate?", [31.5]),
    ("Who led the inspection of Northmoor and Eastdale?", ["Priya Lomas"]),
    ("Which providers deliver accommodation services in Northmoor and Eastdale?", ["Shelter"]),
    ("What rating did Northmoor and Eastdale get for leadership?", ["Good"]),
    ("How many recommendations were made to Mercia Vale CRC?", [6]),
    ("Which region is Northmoor and Eastdale in?", ["North East"]),
    ("What percentage of PO posts were unfilled in Northmoor and Eastdale?", [19]),
]


@pytest.mark.parametrize(("question", "items"), OTHER_DOCUMENTS, ids=[q for q, _ in OTHER_DOCUMENTS])
def test_other_documents(tiny_store: EmbeddedStore, question: str, items: list[Any]):
    answer = ask(question, tiny_store)
    assert answer.error is None, answer.error
    check(answer.rows, items)


HOSTILE = [
    "DROP ALL",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT DATA { <http://x> <http://y> <http://z> }",
    'Which PDUs were rated inadequate?"} ; DROP ALL ; SELECT * WHERE {',
    "What rating did <http://evil.example/x> get? } UNION { ?s ?p ?o",
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "Who owns ' OR 1=1 --",
    "{{{{}}}} \\\\ \" ' ` $ ; # %",
    "Wh\u0131ch P\u00d0Us w\u00e9re rat\u00e9d \u2018inadequate\u2019? \U0001f600 \u202e\u0645\u0631\u062d\u0628\u0627",
    "\x00\x1b[31mred\x1b[0m",
    "x" * 10_000,
    "",
]


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_untrusted_input_is_harmless(seed_store: EmbeddedStore, question: str):
    before = len(seed_store)
    answer = ask(question, seed_store)
    assert answer.error or answer.answer
    assert len(seed_store) == before
    if answer.sparql:
        assert not re.search(r"\b(?:DROP|DELETE|INSERT|CLEAR|LOAD|SERVICE)\b", answer.sparql)
        assert "evil.example" not in answer.sparql
    if len(question) > MAX_QUESTION:
        assert answer.error and "characters" in answer.error


def test_jsonl_contract(built_env):
    from probation_graph.cli import app

    questions = "Which PDUs were rated good?\nWhat rating did Leeds PDU get?\nDROP ALL\n"
    result = CliRunner().invoke(app, ["ask", "--jsonl"], input=questions)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == questions.strip().splitlines()
    for line in lines:
        assert set(line) == {
            "question",
            "sparql",
            "columns",
            "rows",
            "answer",
            "sources",
            "entities",
            "engine",
            "fallback",
            "error",
            "interpretation",
            "unused",
            "not_applied",
        }
        assert all(isinstance(row, list) for row in line["rows"])
    assert lines[0]["rows"] and lines[0]["engine"] == "offline" and lines[0]["fallback"] is None
    assert "PDUs" in lines[0]["interpretation"] and "Good" in lines[0]["interpretation"]
    assert lines[0]["entities"] == ["https://w3id.org/probation-graph/id/pdu/kestrel-bay"]
    assert lines[1]["rows"] == [] and lines[1]["entities"] == []


def test_ask_json_and_table(built_env):
    from probation_graph.cli import app

    data = json.loads(CliRunner().invoke(app, ["ask", "--json", "Which region is Northmoor and Eastdale in?"]).output)
    assert data["rows"] == [["Northmoor and Eastdale PDU", "North East region"]]
    table = CliRunner().invoke(app, ["ask", "Which region is Northmoor and Eastdale in?"]).output
    assert "North East" in table and "SELECT" in table


def test_questions_asked_from_many_threads_get_the_same_answers(seed_store):
    from concurrent.futures import ThreadPoolExecutor

    from probation_graph.nlq.lexicon import stem

    questions = [
        "Which PDUs were rated inadequate?",
        "Who owns West Yorkshire CRC?",
        "Which providers deliver services in Barnsley and Rotherham?",
        "What is Barnsley's reoffending rate?",
    ] * 25
    expected = {q: ask(q, seed_store).answer for q in set(questions)}
    words = sorted({w for q in questions for w in q.lower().replace("?", "").replace("'s", "").split()})
    stemmed = {w: stem(w) for w in words}
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to surface shared state
    try:
        stem.cache_clear()
        with ThreadPoolExecutor(max_workers=8) as pool:
            racing = list(pool.map(lambda w: (w, stem.__wrapped__(w)), words * 40))
            answers = list(pool.map(lambda q: ask(q, seed_store).answer, questions))
    finally:
        sys.setswitchinterval(interval)
    assert all(stemmed[w] == s for w, s in racing)
    assert answers == [expected[q] for q in questions]


@pytest.mark.parametrize("text", ["Who owns \ud800 Mercia Vale CRC?", "\udfff", "Kestrel Bay PDU \ud83d"])
def test_an_answer_with_a_lone_surrogate_can_be_written_as_json(text: str):
    answer = ask(text, EmbeddedStore())
    assert "\ufffd" in json.loads(answer.model_dump_json())["question"]
    built = Answer(question=text, rows=[[text, 1]], unused=[text])
    written = json.loads(built.model_dump_json())
    assert "\ufffd" in written["question"] and "\ufffd" in written["rows"][0][0] and "\ufffd" in written["unused"][0]
