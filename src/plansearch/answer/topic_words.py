"""Whether a passage holds a topic's words when the passage writes them inside compounds.

Swedish writes a topic inside compounds: "screening" stands in "Lungcancerscreeningstudie",
"screeningprogrammet" and "cervixcancerscreening". The analyser splits a compound only into parts
that the corpus also uses on their own (text/analyzer.py), so these give no "screening" term and
the chat's word rule (answer/confidence.py) misses them. Here a topic word of at least MIN_PART
letters is also present when a word of the passage is a compound of which it is a part: the word
is the topic word with a part before it, a part after it, or both, where a part is a word the
corpus knows (Analyzer.knows, which also knows compounds of known words), possibly joined by an
"s" ("vaccination|s|dag"). The part before may itself end a longer compound ("cervix|cancer"):
it counts when it ends with a known word; the part after may carry an ending ("program|met").
What the stemmer strips from the topic word is an ending too ("screening|ens"). So "kost" is not
found in "kostnaden" ("naden" starts no known word), nor "vård" in "omvårdnad", and a word
shorter than MIN_PART ("HPV") only as a word.

A noun made from a verb in -era has two forms that say the same (vaccination / vaccinering,
implementation / implementering): a topic word in one of them also finds the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plansearch.answer.confidence import idf
from plansearch.store.index import Index
from plansearch.text.analyzer import MIN_PART, Analyzer
from plansearch.text.normalise import FOLD, fold, words
from plansearch.text.swedish import FOLDED_STOPWORDS
from plansearch.text.swedish import stem as stem_word

FAMILY = ("ation", "ering")  # the two nouns of a verb in -era
SHORTEST = 3  # shortest known word that is a part of a compound beside the topic word ("dag")


@dataclass(frozen=True)
class TopicWord:
    """One content word of a topic: the forms that count for it (folded stems), and its weight
    (IDF over the passages, as the chat weighs it)."""

    forms: frozenset[str]
    weight: float


def topic_words(index: Index, topic: str) -> list[TopicWord]:
    """The topic's content words (stop words dropped, as the analyser does), each once."""
    analyzer = index.lexical.analyzer
    seen: dict[str, TopicWord] = {}
    for word in words(topic):
        terms = analyzer.terms(word)
        if not terms or terms[0] in seen:
            continue
        base = terms[0]  # the word's own stem; the rest are its compound parts
        forms = {base}
        for suffix in FAMILY:
            root = base.removesuffix(suffix)
            if root != base and len(root) >= MIN_PART:
                forms |= {root + other for other in FAMILY}
        seen[base] = TopicWord(frozenset(forms), idf(index, base))
    return list(seen.values())


def coverage(index: Index, topic: list[TopicWord], text: str, terms: set[str] | None = None) -> float:
    """IDF-weighted share of the topic's words present in `text` as words or compound parts, in
    [0, 1]; the same measure as confidence.coverage, with presence widened to compounds. `terms`:
    the text's analyser terms when the caller has them already."""
    total = sum(w.weight for w in topic)
    if not total:
        return 0.0
    lower = text.lower()
    if not any(_unfolded(form).search(lower) for w in topic for form in w.forms):
        return 0.0  # no form anywhere in the text: skip the word by word check (and the folding)
    folded = fold(lower)
    analyzer = index.lexical.analyzer
    if terms is None:
        terms = set(analyzer.terms(text))
    found = sum(w.weight for w in topic if w.forms & terms or any(_in_compound(analyzer, f, folded) for f in w.forms))
    return found / total


def _in_compound(analyzer: Analyzer, form: str, folded: str) -> bool:
    """Whether a word of the (folded, lower-case) text is a compound with `form` as a part."""
    if len(form) < MIN_PART or form not in folded:
        return False
    for word in set(re.findall(rf"[^\W_]*{re.escape(form)}[^\W_]*", folded)):
        start = word.find(form)
        while start >= 0:
            head, rest = word[:start], word[start + len(form):]
            if (head or rest) and _part_before(analyzer, head) and _part_after(analyzer, form, rest):
                return True
            start = word.find(form, start + 1)
    return False


@lru_cache(maxsize=512)
def _unfolded(form: str) -> re.Pattern[str]:
    """A folded form as a pattern that also matches its letters before folding ("vard": "vård")."""
    variants: dict[str, str] = {}
    for source, target in FOLD.items():
        variants[chr(target)] = variants.get(chr(target), chr(target)) + chr(source)
    return re.compile("".join(f"[{variants[c]}]" if c in variants else re.escape(c) for c in form))


def _part_before(analyzer: Analyzer, head: str) -> bool:
    """Nothing, or a part that ends with a known word, the joining "s" aside."""
    if not head:
        return True
    heads = (head, head[:-1]) if head.endswith("s") else (head,)
    return any(_known(analyzer, h[i:]) for h in heads for i in range(len(h) - SHORTEST + 1))


def _part_after(analyzer: Analyzer, form: str, rest: str) -> bool:
    """Nothing, an ending of the topic word, or a part that starts with a known word, the joining
    "s" aside."""
    if not rest or fold(stem_word(form + rest)) == form:
        return True
    rests = (rest, rest[1:]) if rest.startswith("s") else (rest,)
    return any(_known(analyzer, r[:i]) for r in rests for i in range(len(r), SHORTEST - 1, -1))


def _known(analyzer: Analyzer, part: str) -> bool:
    """A word the corpus uses, not a stop word ("och" is no part of a compound)."""
    return part not in FOLDED_STOPWORDS and analyzer.knows(part)
