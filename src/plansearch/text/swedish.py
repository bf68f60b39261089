"""Swedish word lists and the Snowball stemmer, each defined once."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_SWEDISH

from plansearch.text.normalise import fold

EXTRA_STOPWORDS = {
    # question words and fillers that carry no topic, in both languages
    "står", "betyder", "innebär", "menas", "ansvarar", "ansvarig", "ansvariga", "ska", "skall", "finns", "gör",
    "what", "who", "which", "whom", "when", "where", "why", "how", "does", "do", "did", "much", "many",
    "stand", "stands", "mean", "means", "meaning", "according", "about", "from", "has", "have", "its", "can",
    "dokumentet", "dokument", "enligt", "också", "även", "bl", "t", "ex", "dvs",
}
STOPWORDS = set(STOPWORDS_SWEDISH) | set(STOPWORDS_EN) | EXTRA_STOPWORDS
FOLDED_STOPWORDS = {fold(w) for w in STOPWORDS}

# Prepositions, conjunctions, articles, pronouns and auxiliaries: a line, a heading or a name that
# ends with one goes on, and a term or a name is not one of them.
FUNCTION_WORDS = frozenset({
    "i", "på", "av", "för", "till", "från", "med", "om", "vid", "inom", "mellan", "efter", "under", "genom", "hos",
    "och", "samt", "eller", "att", "som", "en", "ett", "den", "det", "de", "är", "har", "ska", "kan",
})

# The columns of a plan's tables that name who is responsible ("Ansvarig") or who does it ("Vem?").
RESPONSIBLE_COLUMNS: tuple[Literal["Ansvarig", "Ansvariga", "Vem?"], ...] = ("Ansvarig", "Ansvariga", "Vem?")
# The columns that give a row's time frame.
TIME_COLUMNS = ("Tidsram", "När?", "Tidplan")
# Words that make up a table's header row when the PDF lost its grid ("Aktivitet Ansvarig Tidsram").
COLUMN_WORDS = {
    "Aktivitet", "Aktiviteter", "Mål", "Delmål", "Åtgärd", "Åtgärder", "Insats", "Ansvarig", "Ansvariga",
    "Tidsram", "Tidplan", "Vem", "När", "Hur", "Uppföljning", "Status", "Kommentar", "Resurs",
}


def stem(word: str) -> str:
    """The Snowball Swedish stem, with the doubled "m" of a definite form made one: Snowball
    leaves "programmen" as "programm" and "programmet" whole, so "vårdprogrammen" never met
    "vårdprogram" (its own undoubling covers dd, gd, nn, dt, gt, kt and tt only, and it keeps the
    neuter "-et")."""
    stemmed = stemmer().stemWord(word)
    if stemmed.endswith("mmet"):
        return stemmed[:-3]
    return stemmed[:-1] if stemmed.endswith("mm") else stemmed


@lru_cache(maxsize=2)
def stemmer(language: str = "swedish"):
    """A Snowball stemmer (PyStemmer), one per language per process."""
    import Stemmer

    return Stemmer.Stemmer(language)


# Spoken forms typed in a chat, with the written form the documents and the lexicons use: "Vad är
# IPÖ för nåt?" asks what "Vad är IPÖ för något?" asks, and "nåt" is no topic the documents lack.
SPOKEN = {
    "nåt": "något", "nån": "någon", "nåra": "några", "nånting": "någonting", "nånstans": "någonstans",
    "sån": "sådan", "såna": "sådana", "sånt": "sådant", "dom": "de", "mej": "mig", "dej": "dig", "sej": "sig",
    "mkt": "mycket", "iaf": "i alla fall",
}
SPOKEN_WORD = re.compile(r"\b(?:" + "|".join(SPOKEN) + r")\b", re.IGNORECASE)
# Words that hedge or stress a question and name nothing asked ("hur många sitter i det ungefär?",
# "vad betyder X egentligen?"), in both languages.
HEDGE_WORDS = ("ungefär", "cirka", "egentligen", "alltså", "exakt", "roughly", "exactly")


def written(text: str) -> str:
    """The text with SPOKEN forms in their written form, an initial capital kept."""
    def swap(m: re.Match[str]) -> str:
        form = SPOKEN[m.group(0).lower()]
        return form[:1].upper() + form[1:] if m.group(0)[:1].isupper() else form

    return SPOKEN_WORD.sub(swap, text)
