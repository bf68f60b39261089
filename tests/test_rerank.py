"""The adjustments after fusion (search/rerank.py), each on hand-made scores and passages, and the
final ranking with its near-duplicate collapse."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from plansearch.search.rerank import (
    asks_only_about,
    boost_answer_type,
    boost_documents,
    boost_glossary,
    lift_by_neighbours,
    ranked_hits,
)
from plansearch.search.searcher import Searcher
from tiny import GAV, MIN, plans, plans_searcher
from tiny import passage as make_passage

# Rows 0-2 are one document, row 3 another.
ROWS = [
    make_passage("a", 0, "ett"), make_passage("a", 1, "två"), make_passage("a", 2, "tre"), make_passage("b", 0, "fyra"),
]


@pytest.fixture(scope="module")
def searcher():
    return plans_searcher()


# -- lift_by_neighbours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fused, weight, expected",
    [
        # Part of the way towards the better neighbour; the better one is not pulled down.
        ({0: 0.2, 1: 1.0}, 0.1, {0: 0.28, 1: 1.0}),
        # Even with the full weight it reaches the neighbour, never goes past it.
        ({0: 0.2, 1: 1.0}, 1.0, {0: 1.0, 1: 1.0}),
        # Of two neighbours, the better one counts.
        ({0: 0.9, 1: 0.1, 2: 0.5}, 0.5, {0: 0.9, 1: 0.5, 2: 0.5}),
        # A neighbour's own lift does not carry on down the line: row 2 moves towards row 1's 0.5.
        ({0: 1.0, 1: 0.5, 2: 0.0}, 0.5, {0: 1.0, 1: 0.75, 2: 0.25}),
        # Rows 2 and 3 are neighbours in the list but belong to different documents.
        ({2: 0.1, 3: 2.0}, 0.1, {2: 0.1, 3: 2.0}),
        # Only candidates lift: row 1 is not in the fused scores.
        ({0: 0.2}, 0.1, {0: 0.2}),
        ({0: 0.2, 2: 1.0}, 0.1, {0: 0.2, 2: 1.0}),  # row 2 is not row 0's neighbour
    ],
)
def test_a_passage_moves_part_way_towards_a_better_neighbour_in_its_document(fused, weight, expected):
    before = dict(fused)
    assert lift_by_neighbours(fused, ROWS, weight) == pytest.approx(expected)
    assert fused == before  # a new dict; the fused scores are left as they were


# -- boost_documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "named, boosted",
    [(frozenset({"a"}), {0, 1}), (frozenset({"a", "b"}), {0, 1, 3}), (frozenset(), set()), (frozenset({"zzz"}), set())],
)
def test_passages_of_the_named_documents_gain_the_boost(named, boosted):
    fused = {0: 0.5, 1: 0.4, 3: 0.3}
    original = dict(fused)
    boost_documents(fused, ROWS, named, 0.1)
    assert fused == pytest.approx({row: score + (0.1 if row in boosted else 0.0) for row, score in original.items()})


# -- boost_answer_type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "intent, boosted",
    [
        # Table rows with a responsible cell; not the row whose Ansvarig cell is empty (3), nor the
        # paragraph that says "ansvarig" in running text (0).
        ("role", {1, 2}),
        # Passages with a date: the Tidsram years of rows 1-2 and "8 april 2025"; not "löpande".
        ("date", {1, 2, 4}),
        ("amount", {5}),  # "5 miljoner kr"
        ("general", set()),
        ("abbreviation", set()),
    ],
)
def test_passages_of_the_asked_shape_gain_the_boost(intent, boosted):
    passages = plans()
    fused = {row: 0.1 * row for row in range(len(passages))}
    original = dict(fused)
    boost_answer_type(fused, passages, intent, 0.2)
    assert {row for row in fused if fused[row] != original[row]} == boosted
    assert all(fused[row] == pytest.approx(original[row] + 0.2) for row in boosted)


# -- boost_glossary -----------------------------------------------------------------------------

IPO = 6  # the glossary entry "IPÖ – Individuell patientöversikt"


@pytest.mark.parametrize(
    "question, fused, expected",
    [
        # The entry was no candidate: it gets the best score plus the boost.
        ("Vad står IPÖ för?", {0: 0.9, 8: 0.5}, {0: 0.9, 8: 0.5, IPO: 1.2}),
        # A candidate already: its own score if that is the best, plus the boost.
        ("Vad står IPÖ för?", {0: 0.4, IPO: 0.6}, {0: 0.4, IPO: 0.9}),
        ("Vad förkortas individuell patientöversikt?", {0: 0.9}, {0: 0.9, IPO: 1.2}),  # by its long form
        ("Vad är IPÖ?", {0: 0.9}, {0: 0.9, IPO: 1.2}),  # a definition question about the term alone
        ("Vad är IPÖ i Gävleborg?", {0: 0.9}, {0: 0.9, IPO: 1.2}),  # naming a document is no topic
        ("Vad är syftet med IPÖ?", {0: 0.9}, {0: 0.9}),  # asks about a purpose, not about the term
        ("Berätta om IPÖ", {0: 0.9}, {0: 0.9}),  # a general question
        ("Vem ansvarar för IPÖ?", {0: 0.9}, {0: 0.9}),  # a role question
        # RPO is defined inline in a paragraph (row 9): only glossary passages jump to the top.
        ("Vad står RPO för?", {0: 0.9}, {0: 0.9}),
    ],
)
def test_an_abbreviation_or_definition_question_lifts_its_glossary_entry_to_the_top(
    searcher, question, fused, expected
):
    boost_glossary(fused, searcher.index, searcher.glossary, searcher.scope, searcher.analyse(question), None, 0.3)
    assert fused == pytest.approx(expected)


def test_the_glossary_boost_respects_the_filter_mask(searcher):
    question = searcher.analyse("Vad står IPÖ för?")
    allowed = np.ones(len(searcher.index.passages), dtype=bool)
    allowed[IPO] = False
    fused = {0: 0.9}
    boost_glossary(fused, searcher.index, searcher.glossary, searcher.scope, question, allowed, 0.3)
    assert fused == {0: 0.9}
    allowed[IPO] = True
    boost_glossary(fused, searcher.index, searcher.glossary, searcher.scope, question, allowed, 0.3)
    assert fused == pytest.approx({0: 0.9, IPO: 1.2})


@pytest.mark.parametrize(
    "question, only",
    [
        ("Vad är IPÖ?", True),
        ("Vad är en individuell patientöversikt?", True),  # the entry's own words
        ("Vad är IPÖ enligt handlingsplanen?", True),  # a kind of document is no topic
        ("Vad är IPÖ i Gävleborg?", True),  # nor a region a document is from
        ("Vad är syftet med IPÖ?", False),
        ("Vad kostar IPÖ i Gävleborg?", False),
    ],
)
def test_a_question_asks_only_about_an_entry_when_its_other_words_name_documents(searcher, question, only):
    entry = next(e for e in searcher.glossary.entries if e.term == "IPÖ")
    assert asks_only_about(question, entry, searcher.scope) is only


def test_hybrid_search_adds_the_answer_type_boost_last(searcher):
    """Only the rows with a responsible cell move, by exactly the boost: nothing after it rescales."""
    question = searcher.analyse("vem ansvarar för teledermatoskopi?")
    unboosted = Searcher(searcher.index, searcher.embedder, replace(searcher.config, answer_type_boost=0.0))
    k = len(searcher.index.passages)
    with_boost = {h.passage.id: h.score for h in searcher.search(question, k=k, retriever="hybrid")}
    without = {h.passage.id: h.score for h in unboosted.search(question, k=k, retriever="hybrid")}
    assert set(with_boost) == set(without)
    moved = {pid for pid in with_boost if with_boost[pid] != pytest.approx(without[pid])}
    assert moved == {f"{GAV}:1", f"{GAV}:2"}
    assert all(with_boost[pid] == pytest.approx(without[pid] + searcher.config.answer_type_boost) for pid in moved)


def test_hybrid_search_boosts_the_documents_the_question_names(searcher):
    question = searcher.analyse("Vad sa man på mötet om patologi?")
    assert question.documents == {MIN}
    unboosted = Searcher(searcher.index, searcher.embedder, replace(searcher.config, scope_boost=0.0))
    k = len(searcher.index.passages)
    with_boost = {h.passage.id: h.score for h in searcher.search(question, k=k)}
    without = {h.passage.id: h.score for h in unboosted.search(question, k=k)}
    moved = {pid for pid in with_boost if with_boost[pid] != pytest.approx(without[pid])}
    assert moved and {pid.split(":")[0] for pid in moved} == {MIN}


# -- ranked_hits --------------------------------------------------------------------------------

SENTENCE = "Teledermatoskopi ska införas på alla vårdcentraler i regionen under det kommande året"
DUPLICATES = [
    make_passage("plan-a", 0, SENTENCE + "."),  # 0
    make_passage("plan-b", 0, SENTENCE + "!"),  # 1: the same sentence, one token apart
    make_passage("annat", 0, "Nästa möte hålls digitalt i april."),  # 2
    make_passage("plan-c", 0, "Utbildning av personal i bedömning av hudförändringar sker under hösten."),  # 3
    make_passage("plan-d", 0, "alla vårdcentraler i regionen under det"),  # 4: a part of row 0, not a copy
]


def test_hits_are_ranked_by_fused_score_up_to_k():
    fused = {2: 0.3, 3: 0.9, 0: 0.5}
    hits = ranked_hits(DUPLICATES, {"dense": fused}, fused, k=2)
    assert [h.passage.id for h in hits] == ["plan-c:0", "plan-a:0"]
    assert [h.rank for h in hits] == [1, 2]
    assert [h.score for h in hits] == [0.9, 0.5]


def test_a_near_duplicate_is_folded_into_the_better_hit():
    fused = {0: 0.9, 1: 0.8, 2: 0.7, 3: 0.6}
    hits = ranked_hits(DUPLICATES, {"dense": fused}, fused, k=3)
    # The twin takes no place of its own: three distinct passages, ranked 1-3.
    assert [h.passage.id for h in hits] == ["plan-a:0", "annat:0", "plan-c:0"]
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].signals["also_in"] == {"plan-b:0": 0.8}
    assert all("also_in" not in h.signals for h in hits[1:])


def test_without_dedupe_both_copies_are_kept():
    fused = {0: 0.9, 1: 0.8, 2: 0.7}
    hits = ranked_hits(DUPLICATES, {"dense": fused}, fused, k=3, dedupe=False)
    assert [h.passage.id for h in hits] == ["plan-a:0", "plan-b:0", "annat:0"]
    assert all("also_in" not in h.signals for h in hits)


def test_a_passage_that_is_only_a_part_of_another_is_no_duplicate():
    fused = {0: 0.9, 4: 0.8}
    hits = ranked_hits(DUPLICATES, {"dense": fused}, fused, k=5)
    assert [h.passage.id for h in hits] == ["plan-a:0", "plan-d:0"]


def test_each_hit_carries_every_retrievers_rank_and_score():
    lists = {"dense": {0: 0.5, 2: 0.9, 3: 0.4}, "bm25": {3: 3.0, 0: 7.123456}}
    fused = {0: 1.0, 2: 0.6, 3: 0.5}
    hits = {h.passage.id: h for h in ranked_hits(DUPLICATES, lists, fused, k=3)}
    assert hits["plan-a:0"].signals == {"dense": {"rank": 2, "score": 0.5}, "bm25": {"rank": 1, "score": 7.1235}}
    assert hits["annat:0"].signals == {"dense": {"rank": 1, "score": 0.9}}  # no BM25 signal: not in its list
    assert hits["plan-c:0"].signals["bm25"] == {"rank": 2, "score": 3.0}
