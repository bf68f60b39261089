"""The sides of a comparison: each region, publisher or kind of document a question names, with
the documents it points at ("enligt RPO-minnesanteckningarna och enligt Socialstyrelsen",
"Norrs respektive Mellansveriges plan", "the RPO Cancer minutes and the northern cancer plan").

A name followed by a kind of document is one side, the documents of both ("Norrs cancerplan" is
Norr's plan, not Norr's minutes); a kind named alone is a side when a preposition, an article or a
joiner leads into it ("enligt minnesanteckningarna"), so that "möten" inside a topic is not one.
Two mentions of the same documents are one side ("i Mellansverige enligt Mellansveriges
cancerplan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from plansearch.search.intent import COMPARISON
from plansearch.search.scope import (
    COUNTRY,
    CUE_ANALYZER,
    ENGLISH_PLACES,
    FILLERS,
    JOINERS,
    PREPOSITIONS,
    Scope,
    base_form,
    places_in,
)
from plansearch.text.normalise import fold

WORD = re.compile(r"[\wÅÄÖåäö'’:-]+")
# Words that may stand between a name and its kind of document ("Norrs regionala cancerplan",
# "the Mellansverige cancer plan"), and those that lead into a kind named alone.
BETWEEN = FILLERS | {"sjukvårdsregionala", "sjukvardsregionala", "northern", "regional", "rcc"}
# "Vad säger minnesanteckningarna respektive …": a verb of saying leads into the document too, as
# does one that holds them against each other ("Stämmer RPO-anteckningarna och …").
LEADS = PREPOSITIONS | JOINERS | {"the", "i", "på", "från", "enligt", "säger", "sa", "skriver", "anger", "says", "say",
                                  "stämmer", "jämför", "compare", "do", "does"}
ACCORDING = re.compile(r"^(?:enligt|according)$")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: what the question calls it, its names, and its documents."""

    label: str  # the name as a label ("Norr", "Mellansverige"), or the kind's word ("minnesanteckningarna")
    names: frozenset[str]  # its cue terms and places, folded ("norr"), none for a kind named alone
    documents: tuple[str, ...]  # ids, sorted
    position: int  # character offset of its first mention
    according: bool = False  # introduced by "enligt"/"according to"
    borrowed: bool = False  # a region without documents of its own, answered from others that name it


def side_mentions(question: str, scope: Scope) -> list[Side]:
    """The distinct sides a question names, in the order it names them; a region without a
    document of its own has no documents."""
    words = [(m.start(), m.group(0)) for m in WORD.finditer(question)]
    kinds = _kind_documents(scope)
    found: list[Side] = []
    kinded: list[set[str]] = []  # the documents of the kind each mention named, if any
    k = 0
    while k < len(words):
        start, word = words[k]
        names, docs = _name(word, scope)
        according = _according(words, k)
        if docs:
            # The kind of document that follows the name, a few filler words on.
            ahead = k + 1
            kind_docs, width = _kind(words, ahead, kinds)
            while not kind_docs and ahead < min(len(words), k + 4) and words[ahead][1].lower() in BETWEEN:
                ahead += 1
                kind_docs, width = _kind(words, ahead, kinds)
            kind_of: set[str] = set()
            if kind_docs and set(docs) & kind_docs:
                docs = sorted(set(docs) & kind_docs)
                kind_of = kind_docs
                k = ahead + width - 1
            found.append(Side(_label(names), frozenset(names), tuple(docs), start, according))
            kinded.append(kind_of)
        elif names:
            # A region with no document of its own ("RCC Väst och RCC Syd enligt Socialstyrelsen"):
            # a side all the same, answered from the documents that speak of it. Places named
            # one after the other are one region ("RCC Stockholm Gotland").
            written = [word]
            while k + 1 < len(words):
                more, more_docs = _name(words[k + 1][1], scope)
                if not more or more_docs:
                    break
                k += 1
                written.append(words[k][1])
                names = names | more
            written = [w.strip(":,;.") for w in written]  # "Region Halland: vem …" is labelled "Halland"
            label = " ".join(base_form(w) for w in written)
            found.append(Side(label, frozenset(names), (), start, according))
            kinded.append(set())
        else:
            kind_docs, width = _kind(words, k, kinds)
            if kind_docs and _led(words, k):
                label = " ".join(w for _, w in words[k:k + width])
                found.append(Side(label, frozenset(), tuple(sorted(kind_docs)), start, according))
                kinded.append(kind_docs)
                k += width - 1
        k += 1
    # "Norrs respektive Mellansveriges plan": the kind after the last name is every joined name's.
    for n in range(len(found) - 2, -1, -1):
        side, after = found[n], found[n + 1]
        between = question[side.position:after.position].split()[1:]
        if side.names and after.names and kinded[n + 1] and not kinded[n] and between and all(
            w.lower() in JOINERS for w in between
        ):
            joined = tuple(d for d in side.documents if d in kinded[n + 1])
            if joined:
                found[n] = replace(side, documents=joined)
                kinded[n] = kinded[n + 1]
    country = COUNTRY.search(question) if scope.national else None
    if country and not any(set(side.documents) == set(scope.national) for side in found):
        # "i Mellansverige jämfört med hela landet": the whole country is a side, answered from
        # the documents that speak for it.
        at = next((k for k, side in enumerate(found) if side.position > country.start()), len(found))
        found.insert(at, Side(country.group(0), frozenset(), scope.national, country.start()))
    found = _qualifying_kinds(found, compares=bool(COMPARISON.search(question)))
    sides: list[Side] = []
    for side in found:
        same = next((s for s in sides if s.documents == side.documents and (s.documents or s.names == side.names)), None)
        if same is None:
            sides.append(side)
        elif side.according and not same.according:
            sides[sides.index(same)] = Side(same.label, same.names | side.names, same.documents, same.position, True)
    return sides


def _qualifying_kinds(found: list[Side], compares: bool) -> list[Side]:
    """A kind of document named alone that every named side has documents of only says which of
    their documents: "Vad har Norr för mål kring barn och unga i cancerplanen?" asks about Norr's
    plan, "skiljer sig Mellansverige och Norr åt … i cancerplanerna?" about their plans. One named
    side held against a kind by a word that compares is a comparison all the same ("Vad säger Norr
    jämfört med RPO-anteckningarna?")."""
    named = [s for s in found if s.names and s.documents]
    kinds = [s for s in found if not s.names and s.documents]
    if not named or not kinds or (compares and len(named) < 2):
        return found
    for kind in kinds:
        if all(set(s.documents) & set(kind.documents) for s in named):
            found = [s if s not in named else replace(s, documents=tuple(d for d in s.documents if d in kind.documents))
                     for s in found if s is not kind]
            named = [s for s in found if s.names and s.documents]
    return found


def _name(word: str, scope: Scope) -> tuple[set[str], list[str]]:
    """The cue terms and places a word names, and their documents."""
    text = re.sub(r"['’]s$", "", fold(word.lower())).strip("’'")  # "Socialstyrelsen's"
    for english, swedish in ENGLISH_PLACES.items():
        if " " not in english and text.startswith(english):
            text = swedish
    terms = set(CUE_ANALYZER.terms(text))
    cues = set().union(*scope.cues.values()) if scope.cues else set()
    names = (terms & cues) | places_in(text)
    if not names:
        return set(), []
    docs = sorted(d for d, c in scope.cues.items() if c & names)
    if not docs:
        docs = sorted(set().union(*(scope.documents_in(n) for n in names)))
    return names, docs


def _kind_documents(scope: Scope) -> dict[str, set[str]]:
    """Each kind word's stem (or two-word phrase, folded) -> the documents of that kind."""
    kinds: dict[str, set[str]] = {}
    for doc_id, phrases in scope.phrases.items():
        for phrase in phrases:
            keys = [phrase] if " " in phrase else CUE_ANALYZER.terms(phrase)
            for key in keys:
                kinds.setdefault(key, set()).add(doc_id)
            # "Norrs respektive Mellansveriges plan": a plan of any kind, not the minutes.
            if phrase.endswith("plan") and " " not in phrase:
                kinds.setdefault("plan", set()).add(doc_id)
    return kinds


def _kind(words: list[tuple[int, str]], k: int, kinds: dict[str, set[str]]) -> tuple[set[str], int]:
    """The documents of the kind named at word k (a two-word phrase first), with its width."""
    if k >= len(words):
        return set(), 0
    if k + 1 < len(words):
        pair = fold(f"{words[k][1]} {words[k + 1][1]}".lower())
        if pair in kinds:
            return kinds[pair], 2
    for term in CUE_ANALYZER.terms(fold(words[k][1].lower())):
        if term in kinds:
            return kinds[term], 1
    return set(), 0


def _led(words: list[tuple[int, str]], k: int) -> bool:
    """A kind named alone counts when a preposition, article, joiner or verb of saying leads into it, over
    capitalised words ("the RPO Cancer minutes", "enligt RPO-minnesanteckningarna")."""
    back = k - 1
    while back >= 0 and words[back][1][:1].isupper() and words[back][1].lower() not in LEADS:
        back -= 1
    return back >= 0 and words[back][1].lower() in LEADS


def _according(words: list[tuple[int, str]], k: int) -> bool:
    """ "enligt"/"according to" up to two words before word k."""
    return any(ACCORDING.match(words[j][1].lower()) for j in range(max(0, k - 3), k))


def _label(names: set[str]) -> str:
    return max(names, key=len).title() if names else ""
