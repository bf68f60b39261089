"""What the answer routes share for one question: the searcher, the settings, and the passages
found for the question (searched once, when a route first needs them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from plansearch.answer import confidence as scoring
from plansearch.answer.after import asks_the_one_after, later_than
from plansearch.answer.candidates import Unit, continues, points_back, units_of, with_next
from plansearch.answer.citations import cite
from plansearch.answer.kinds import holds_asked_kind, holds_purpose, names_agent, purpose_terms
from plansearch.answer.ranking import passage_facts, score_units
from plansearch.answer.records import AnswerSettings, Citation
from plansearch.knowledge.timeframes import years_named
from plansearch.models import Hit, Passage
from plansearch.search.query import Question
from plansearch.search.scope import HEALTHCARE_REGIONS, NATIONAL, places_in
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration
from plansearch.store.index import Index


@dataclass
class Context:
    """One question's view of the index, for the routes."""

    question: Question
    searcher: Searcher
    settings: AnswerSettings
    calibration: Calibration

    @property
    def index(self) -> Index:
        return self.searcher.index

    @cached_property
    def _found(self) -> tuple[list[Hit], bool]:
        hits = self.searcher.search(self.question, k=self.settings.candidates)
        return place_first(self.question, hits, self.index)

    @property
    def hits(self) -> list[Hit]:
        """The best passages, a passage about the region the question names first."""
        return self._found[0]

    @property
    def about_place(self) -> bool:
        """False when the question names a region and no passage found is about it."""
        return self._found[1]

    @cached_property
    def confidence(self) -> float:
        """> 1 when the best passage is close enough to answer from (0 with no passages)."""
        if not self.hits:
            return 0.0
        return scoring.confidence(self.searcher, self.question, self.hits[0], self.settings, self.calibration)

    @cached_property
    def units(self) -> list[tuple[float, Unit]]:
        """Every unit of the passages found, with how likely it answers (answer/ranking.py), best
        first; the hand-written rule's order when no model is installed."""
        # A line that is only its document's title ("Mötesanteckningar referensgrupp …, möte 1")
        # answers nothing, wherever the reader put it.
        units = [u for hit in self.hits for u in units_of(hit) if not self._is_title(u)]
        if self.question.places and not (self.question.answer_type == "comparison" and NATIONAL.search(self.question.asked)):
            # A question that names a region is answered from a unit about it, when there is one;
            # not one that holds the region against the whole country ("… i Mellansverige jämfört
            # med hela landet"), whose other side is about no region.
            named = set(self.question.places)
            about = [u for u in units if self._about(u, named)]
            units = about or units
        if asks_the_one_after(self.question.asked, self.question.carried):
            # "och mötet efter det?": not the unit the question before was answered with again.
            previous = Context(self.searcher.analyse(self.question.carried), self.searcher, self.settings,
                               self.calibration).units
            if previous:
                units = later_than(units, previous[0][1])
        if not units:
            return []
        rows, scores = score_units(self.searcher, self.question, units, self.calibration.window_gain)
        order = sorted(range(len(units)), key=lambda k: -scores[k])
        analyzer = self.index.lexical.analyzer
        purpose = purpose_terms(self.question, analyzer, lambda term: scoring.idf(self.index, term), on=True)
        extra = [lambda u: holds_purpose(purpose, set(analyzer.terms(u.context)))] if purpose else []
        return shaped_first(self.question, [(float(scores[k]), units[k]) for k in order], [float(rows[k][0]) for k in order],
                            extra)

    def _about(self, unit: Unit, named: set[str]) -> bool:
        """Whether a unit is about the named regions: it names them, or its passage does and names
        few other healthcare regions (a plan names its own regions and its RCC's). In a passage
        that goes through several regions (a national report's table of the six RCCs, "Väst VC
        RCC, VC BCC …"), only the units naming one are about it."""
        own = places_in(unit.context)
        if named <= own:
            return True
        in_passage = passage_facts(self.searcher, unit.passage.id)[1]
        return named <= in_passage and len((in_passage - named) & HEALTHCARE_REGIONS) < MANY_REGIONS

    def _is_title(self, unit: Unit) -> bool:
        meta = self.index.meta(unit.passage.doc_id)
        return meta is not None and " ".join(unit.text.split()).casefold() == " ".join(meta.title.split()).casefold()

    def coverage(self, text: str) -> float:
        return scoring.coverage(self.index, self.question, text)

    def passage(self, passage_id: str) -> Passage | None:
        row = self.index.row_of.get(passage_id)
        return self.index.passages[row] if row is not None else None

    def title(self, passage: Passage) -> str:
        meta = self.index.meta(passage.doc_id)
        return meta.title if meta else passage.doc_id

    def short(self, passage: Passage) -> str:
        """The document's short name for running text ("Gävleborgs handlingsplan")."""
        return self.short_name(passage.doc_id)

    def short_name(self, doc_id: str) -> str:
        meta = self.index.meta(doc_id)
        return (meta.short or meta.title) if meta else doc_id

    def cite(self, n: int, passage: Passage, snippet: str) -> Citation:
        return cite(n, passage, self.title(passage), snippet)


MANY_REGIONS = 3  # other healthcare regions a passage names when it goes through them one by one

# The term a definition question asks about, right after its question words: an abbreviation
# ("Vad är IPÖ för något?", "Vad betyder RCL?") or the noun after "en/ett" ("Vad är en
# transitionssjuksköterska?"); not "Vad är syftet med LPO …?" or "vad är målnivån?", which ask
# something of the term.
TERM_ASKED = re.compile(
    r"\b(?:[Vv]ad|[Ww]hat)\s+(?:är|betyder|innebär|menas med|avses med|is|are|does)\s+"
    r"(?:(?:en|ett|an?)\s+([^\W\d_]{4,})|(?:the\s+)?([A-ZÅÄÖ]{2,}[A-ZÅÄÖ0-9-]*)\b)"
)


def defined_term(question: Question) -> str:
    """The abbreviation or indefinite noun a definition question asks about, or ""."""
    found = TERM_ASKED.search(question.asked)
    return (found.group(1) or found.group(2)) if found else ""


def defines(term: str, text: str) -> bool:
    """Whether a text defines the term: spells it out before it in brackets ("… (IPÖ)"), after a
    dash ("MDK – multidisciplinär konferens"), or says what it is ("IPÖ är ett …", "En ny roll är
    transitionssjuksköterskor, som …"); not what it is for ("Syftet med IPÖ är …")."""
    stem = re.escape(term if term.isupper() else term[: max(4, len(term) - 3)])
    return bool(re.search(
        rf"\({stem}\w*\)|\b{stem}\w*\s*[–-]\s|(?<!med )(?<!för )(?<!av )(?<!om )(?<!till )(?<!i )\b{stem}\w*,?\s+(?:är|innebär|betyder|står för|avser|som)\b"
        rf"|\b(?:är|kallas|benämns)\s+{stem}", text, re.IGNORECASE))


def describes(term: str, text: str) -> bool:
    """Whether a text says what the term is, beyond spelling it out: "Individuell patientöversikt
    (IPÖ) är ett digitalt system …", "IPÖ (…) innebär …"; not the glossary's bare "IPÖ –
    Individuell patientöversikt"."""
    stem = re.escape(term if term.isupper() else term[: max(4, len(term) - 3)])
    return bool(re.search(
        rf"(?<!med )(?<!för )(?<!av )(?<!om )(?<!till )(?<!i )(?:\(\s*{stem}\w*\s*\)|\b{stem}\w*(?:\s*\([^)]*\))?),?\s+"
        r"(?:är|innebär|betyder|avser)\s+(?:en|ett|att|det)\b", text, re.IGNORECASE))


SHAPED_WITHIN = 6  # best units looked through for one holding the asked kind of fact
SHAPED_SUBJECT = 0.15  # share of the subject's weighted terms it must hold (ranking's subject_in_context)
SHAPED_BEHIND = 0.4  # and at least this part of the first unit's share


def shaped_first(
    question: Question, ranked: list[tuple[float, Unit]], subject: list[float],
    extra: list[Callable[[Unit], bool]] | None = None,
) -> list[tuple[float, Unit]]:
    """The ranking with the best unit that holds what the question asks first: the kind of fact
    (a date for "när …?", money for "hur mycket pengar …?", the counted things for "hur många
    …?"), and the year it names ("och 2025?": "För 2025 avsattes 80 miljoner", not "Första året …
    60 miljoner"), and what `extra` checks (what money asked for is for). A unit goes first, or
    with the sentence after it that goes on about it, when the top unit lacks one of them and it
    is about the subject too (`subject`: each unit's share of the subject's weighted terms, in
    the ranking's order); failing all of them, the kind alone counts. The answer quotes its first
    unit, and the sentence next to the fact without it does not answer ("En styrgrupp … finns nu
    etablerad" for "Hur ofta träffas styrgruppen?", where "Styrgruppen sammanträder 6 gånger under
    året" does)."""
    if not ranked:
        return ranked
    checks: list[Callable[[Unit], bool]] = [lambda u: holds_asked_kind(question, u) and names_agent(question, u)]
    term = defined_term(question) if question.answer_type == "definition" else ""
    if term:
        # "Vad är IPÖ för något?": the sentence that defines it ("Individuell patientöversikt (IPÖ)
        # är ett digitalt system …"), not the best one that merely uses the term.
        checks.append(lambda u: u.kind == "entry" or defines(term, u.text))
    # A year only the question before a follow-up named ("… för Mellansverige 2023?" before "och
    # vad är den nationella målnivån?") scopes the search, not what the answer must say.
    if question.years and (not question.carried or any(str(y) in question.asked for y in question.years)):
        checks.append(lambda u: says_years(question.years, u))
    # The purpose of money asked for, in the unit's own words, is wanted last: the documents may
    # word it otherwise ("barncancerområdet" for "barncancervården") where the year tells.
    attempts = [checks + (extra or []), checks, checks[:1]] if extra else [checks, checks[:1]]
    if term:
        # One that says what it is before one that only spells it out: the glossary's "IPÖ –
        # Individuell patientöversikt" leaves the question half answered when "Individuell
        # patientöversikt (IPÖ) är ett digitalt system …" is among the best few.
        attempts.insert(0, [*checks, lambda u: describes(term, u.text)])
    best = ranked[0][0]
    top = ranked[0][1]
    if not checks[0](top):
        joined = with_next(top, [u for _, u in ranked], lambda u: points_back(u.text, top.text) and checks[0](u))
        if joined is not None:
            # The sentence after the best one goes on about it ("Det rör sig om anslag … 21 Mkr …")
            # and gives the figure or date: the two together answer.
            return [(best, joined), *ranked[1:]]
    floor = max(SHAPED_SUBJECT, SHAPED_BEHIND * subject[0])
    units = [u for _, u in ranked]
    # The best few, and every other cell of the top unit's row wherever it ranks.
    near = [k for k in range(1, len(ranked))
            if k < SHAPED_WITHIN or (units[k].kind == "cell" and units[k].passage.id == top.passage.id)]
    for wanted in attempts:
        if all(check(top) for check in wanted):
            return ranked
        for k, unit in ((k, units[k]) for k in near):
            # Another cell of the top unit's table row is about the subject as much as the top
            # unit ("Vem?: Cancerrehabiliterings-samordnare …" in the row of "Manifestera
            # ”cancerskolan” …").
            about = subject[k] >= floor or (unit.kind == "cell" and unit.passage.id == top.passage.id)
            if not about:
                continue
            if all(check(unit) for check in wanted):
                # It takes the first place with the first place's score: the answerability model
                # judges the question by its best unit, and this one now answers.
                return [(best, unit), *ranked[:k], *ranked[k + 1:]]
            joined = with_next(unit, units, lambda u: continues(u.text))
            if joined is not None and all(check(joined) for check in wanted):
                # It names the purpose and the sentence after it, going on about it, the figure
                # ("… satsningar på rehabilitering och palliativ vård …" + "Det rör sig om … 21 Mkr").
                return [(best, joined), *ranked[:k], *ranked[k + 1:]]
    return ranked


def says_years(years: tuple[int, ...], unit: Unit) -> bool:
    """Whether the unit, or the table row it stands in, names each year or a period covering it
    ("2023–2024" covers 2024; read as time-frame cells are, knowledge/timeframes.py)."""
    text = unit.context if unit.kind != "cell" else unit.passage.text
    spans = years_named(text)
    return all(str(y) in text or any(a <= y <= b for a, b in spans) for y in years)


def place_first(question: Question, hits: list[Hit], index: Index) -> tuple[list[Hit], bool]:
    """A question that names a region ("… i Norrbotten?") is answered from a passage about that
    region: the best hit that names it, or whose document is about it, goes first. False when
    no hit is about it: the documents lack the answer, however close the topic (report row 38)."""
    named = set(question.places)
    if not named or not hits:
        return hits, True
    first = next((h for h in hits if named <= places_in(" ".join(_where(h.passage, index)))), None)
    if first is None:
        return hits, False
    return [first] + [h for h in hits if h is not first], True


def _where(passage: Passage, index: Index) -> list[str]:
    meta = index.meta(passage.doc_id)
    return [passage.text, passage.heading] + ([meta.title, meta.region] if meta else [])
