"""One analysed question, built once per request from the question and the conversation.

The retrievers and the answer routes take this record; nothing downstream detects the language
or the intent again, so a follow-up is searched and answered as the same question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from plansearch.knowledge.glossary import Glossary
from plansearch.knowledge.roles import RoleDirectory
from plansearch.models import Role
from plansearch.search.followup import (
    asks_itself,
    earlier_turns,
    is_follow_up,
    previous_questions,
    resolve,
    swap_relative_year,
    swap_scope,
    swap_topic,
    topic_words,
    verb_first,
)
from plansearch.search.intent import AnswerType, Intent, answer_type, question_intent
from plansearch.search.scope import Scope, places_in, qualifiers
from plansearch.search.sides import side_mentions
from plansearch.search.topic import follow_up_topic
from plansearch.text.analyzer import Speller
from plansearch.text.language import Language, question_language
from plansearch.text.lexicons import english_to_swedish, swedish_synonyms
from plansearch.text.swedish import HEDGE_WORDS, written
from plansearch.text.unicode import normalise

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A hedge is no part of the subject: the rarest of its words is no topic the documents lack.
HEDGES = re.compile(r"\b(?:" + "|".join((*HEDGE_WORDS, "approximately", "actually")) + r")\b", re.IGNORECASE)


# Chat shorthand for a word the analysis reads in full.
SHORTHAND = re.compile(r"\bresp\.(?=\s)", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """A question as the search and answer stages see it."""

    asked: str  # the turn as typed, whitespace normalised; an ellipsis: the previous question it swaps into
    text: str  # what is searched: the turn, followed by the previous question for a follow-up
    language: Language  # the turn's language; the answer is written in it
    intent: Intent  # the kind of answer it wants; a follow-up without one keeps the previous turn's
    answer_type: AnswerType  # the shape of the answer: body, date, amount, definition, list, comparison, yes/no, text
    subject: str  # `text` without the phrases that only scope it ("i RCC Mellansveriges cancerplan", "2027")
    repaired: str  # `text` with misspelt words replaced by the corpus's spelling (Swedish questions)
    lexical: str  # what BM25 reads: `repaired`, glossary long forms and abbreviations, Swedish words of English
    dense: str  # what the model reads: `repaired` and the corpus's own words for its topic
    follow_up: bool = False
    documents: frozenset[str] = frozenset()  # ids of the documents it names ("i Gävleborg", "mötet")
    places: frozenset[str] = frozenset()  # regions it names, folded ("norrbotten")
    years: tuple[int, ...] = ()  # years it names, in order
    bodies: tuple[Role, ...] = ()  # roles it names, those of the turn itself first
    carried: str = ""  # the previous question, when `text` adds it to the turn (a follow-up that asks its own thing)


@dataclass
class QueryAnalyser:
    """Builds Question records against one index's vocabulary, glossary, documents and roles."""

    speller: Speller
    glossary: Glossary
    common_words: set[str]  # abbreviations too common to expand (RCC)
    scope: Scope
    roles: RoleDirectory | None = None
    spell: bool = True  # repair misspelt words of Swedish questions
    expand: bool = True  # add glossary long forms and abbreviations to the lexical query
    translate: bool = True  # English questions: add the Swedish words of text/lexicons.py
    synonyms: bool = True  # Swedish questions: the model also reads the corpus's terms for everyday words
    known: Callable[[str], bool] | None = None  # does the corpus use this word? (tells short questions' language)

    def analyse(self, asked: str, history: Sequence[dict[str, Any]] = ()) -> Question:
        """The analysed question; `history` is the conversation so far ({"role", "content"} turns)."""
        return self._analyse(asked, history, {})

    def _analyse(self, asked: str, history: Sequence[dict[str, Any]], earlier: dict[Any, Question]) -> Question:
        """analyse, with `earlier` holding the turns before already analysed in this call: a
        follow-up reads the turn before it, which may read its own (up to twice, through the
        chain and the subject), and without them a run of short turns cost 2 ** n analyses."""
        key = (asked, tuple((turn.get("role"), turn.get("content")) for turn in history))
        if key in earlier:
            return earlier[key]
        asked = " ".join(normalise(asked).split())  # decomposed letters, soft hyphens, ligatures as in the documents
        asked = written(asked)  # "nåt", "sån", "dom" as the documents and lexicons write them
        asked = SHORTHAND.sub("respektive", asked)  # "Norrs cancerplan resp. Mellansveriges": sides joined as written out
        scoping = partial(qualifiers, scope=self.scope)
        follow_up = is_follow_up(asked, history, scoping)
        previous = previous_questions(history)[-1] if follow_up else ""
        # "Och 2024?" after "Vilka … från 2023 enligt Norrs cancerplan?" is that question about
        # 2024; "Och för rehabilitering då?" after "… satsningen på patologi?" about rehabilitation.
        swapped = (swap_relative_year(asked, previous) or swap_scope(asked, previous, scoping)
                   or swap_topic(asked, previous, scoping)) if follow_up else None
        if follow_up and not swapped and len(previous_questions(history)) > 1 and not topic_words(previous):
            # The turn before named nothing of its own ("från vilket år?" after "Hur stor andel …
            # ska gentestas …?"): it stands for what it asked in full.
            previous = self._analyse(previous, earlier_turns(history), earlier).text
        text = swapped or (f"{asked} {previous}" if follow_up else asked)  # a follow-up searched with the question before it
        language = question_language(asked, self.known)
        asking = swapped or asked
        intent = question_intent(asking)
        # A follow-up without a question word of its own ("och Gävleborg?") asks what the question
        # before it asked; one with its own ("Vad gör man under en sådan?" after "Vad står MDK
        # för?") asks that, not the previous kind of answer again.
        inherits = follow_up and not swapped and not asks_itself(asked) and not verb_first(asked)
        if intent == "general" and inherits:
            intent = question_intent(previous)
        # Sides named as kinds of documents count too ("enligt minnesanteckningarna och enligt Socialstyrelsen").
        named = max(self.scope.count_names(asking), len(side_mentions(asking, self.scope)))
        kind = answer_type(asking, intent, named)
        if inherits and kind == "text":
            kind = answer_type(previous, intent, 0)
        # A follow-up that asks its own thing is about what the question before it was about, not
        # about what that one asked: "hur stor är pilotfasen för det?" after "Vad står OPT för?"
        # is about OPT's pilot phase ("pilotfasen för OPT"), not about what OPT stands for.
        subject = text
        if follow_up and not swapped:
            before = self._analyse(previous, earlier_turns(history), earlier)
            subject = resolve(asked, follow_up_topic(before.subject)) or text
        for start, end in reversed(qualifiers(subject, self.scope, names=kind == "comparison")):
            subject = subject[:start] + subject[end:]
        subject = " ".join(HEDGES.sub(" ", subject).split())
        english = language == "en"
        repaired = self.speller.correct(text) if self.spell and not english else text
        extra = self.glossary.expansion(repaired, self.common_words) if self.expand else ""
        if english and self.translate:
            extra = f"{extra} {english_to_swedish(repaired)}".strip()
        if english:
            topic = english_to_swedish(repaired) if self.translate else ""
        else:
            topic = swedish_synonyms(repaired) if self.synonyms else ""
        bodies: list[Role] = []
        if self.roles is not None:
            bodies = self.roles.named_in(asked)
            if text != asked:
                keys = {r.key for r in bodies}
                bodies += [r for r in self.roles.named_in(text) if r.key not in keys]
        earlier[key] = Question(
            # An ellipsis swapped into the previous question asks that question: its words, not
            # the turn's few, tell the routes what kind of answer it wants ("Vilka …" is a list).
            asked=asking,
            text=text,
            language=language,
            intent=intent,
            answer_type=kind,
            subject=" ".join(subject.split()),
            repaired=repaired,
            lexical=f"{repaired} {extra}" if extra else repaired,
            dense=f"{repaired} {topic}" if topic else repaired,
            follow_up=follow_up,
            # What the turn names replaces what the question before it named: "och i Norrbotten?"
            # after a question about Gävleborg asks about Norrbotten alone.
            documents=frozenset(self.scope.documents_in(asked) or self.scope.documents_in(text)),
            places=frozenset(places_in(asked) or places_in(text)),
            years=tuple(int(y) for y in (YEAR.findall(asked) or YEAR.findall(text))),
            bodies=tuple(bodies),
            carried=previous if follow_up and not swapped else "",
        )
        return earlier[key]
