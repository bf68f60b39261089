"""Which documents a question points at: "i Gävleborg", "enligt rapporten", "at the RPO Cancer
meeting", "in the northern region". Cues come from each document's catalogue entry (title,
region, publisher, kind); the matching documents get a small boost in the ranking, never a filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansearch.models import DocumentMeta
from plansearch.text.analyzer import Analyzer
from plansearch.text.normalise import fold

# Words for the kinds of documents, in Swedish and English, and English names of regions.
KIND_WORDS = {
    "cancerplan": ["cancerplan", "cancerplanen", "cancerplaner", "cancerplanerna", "cancerplans", "cancer plan", "cancer plans"],
    "handlingsplan": ["handlingsplan", "handlingsplanen", "handlingsplaner", "handlingsplans", "action plan"],
    "minnesanteckningar": ["minnesanteckning", "minnesanteckningar", "minnesanteckningarna", "anteckningar",
                           "anteckningarna", "mötet", "möte", "meeting",
                           "minutes", "protokoll", "protokollet"],
    "analysrapport": ["rapport", "rapporten", "analysen", "report"],
}
ENGLISH_PLACES = {"northern": "norra", "north": "norra", "norrland": "norra", "norrländsk": "norra", "central sweden": "mellansverige"}
# Sweden's 21 regions and the healthcare regions with names of their own, folded: a question
# that names one asks about that region ("Hur många kontaktsjuksköterskor finns i Norrbotten?").
PLACES = (
    "stockholm", "uppsala", "sormland", "sodermanland", "ostergotland", "jonkoping", "kronoberg", "kalmar",
    "gotland", "blekinge", "skane", "halland", "vastra gotaland", "varmland", "orebro", "vastmanland",
    "dalarna", "gavleborg", "vasternorrland", "jamtland", "harjedalen", "vasterbotten", "norrbotten",
    "mellansverige", "sydost", "vast", "syd", "norr",  # the last three as in "RCC Väst", "RCC Syd", "RCC Norr"
)
# Healthcare regions named by their direction, as the region of their RCC ("södra
# sjukvårdsregionen" is RCC Syd's, "norra sjukvårdsregionen" RCC Norr's).
DIRECTIONS = {"sodra": "syd", "vastra": "vast", "sydostra": "sydost", "norra": "norr"}
# The healthcare regions as places_in names them (each has an RCC).
HEALTHCARE_REGIONS = frozenset({"norr", "mellansverige", "stockholm", "sydost", "vast", "syd"})
PLACE_PATTERN = re.compile(
    r"\b(?:(" + "|".join(DIRECTIONS) + r") sjukvardsregion\w*|(" + "|".join(PLACES) + r")s?)\b"  # "Norrbottens" too
)
CUE_ANALYZER = Analyzer(decompound=False)
GENERIC = {"region", "sjukvårdsregion", "sjukvardsregion", "nationell", "regional", "cancer", "cancercentrum", "rcc",
           "plan", "program", "programområd", "programomrad", "regionalt"}


def base_form(name: str) -> str:
    """A name as a genitive wrote it, in its base form ("Sydösts" → "Sydöst", "Stockholm's" →
    "Stockholm"); a word ending in a double s keeps it."""
    name = re.sub(r"['’]s$", "", name)
    return name.removesuffix("s") if name.endswith("s") and not name.endswith("ss") else name


# The whole country, as a question names it against a region ("… jämfört med hela landet"): as a
# side of a comparison (COUNTRY), and also as an adverb (NATIONAL). "fastställts nationellt" says
# how, not where, so it is no side.
COUNTRY_WORDS = r"hela landet|hela sverige|riket|i landet|i sverige|the whole country|in sweden|all of sweden"
COUNTRY = re.compile(rf"\b(?:{COUNTRY_WORDS})\b", re.IGNORECASE)
NATIONAL = re.compile(rf"\b(?:{COUNTRY_WORDS}|nationellt|nationally)\b", re.IGNORECASE)
NATIONAL_REGIONS = {"nationell", "sverige", "riket", "national", "sweden"}  # catalogue regions of such documents
REGION_NAME = re.compile(r"Region [A-ZÅÄÖ][a-zåäö]+")  # "Region Gävleborg", not "Region Västra Götaland"


def initials(name: str) -> str:
    """A two-word name's initials, as the analyser's term: "Region Gävleborg" -> "rg"."""
    return "".join(w[0] for w in name.split()).lower()


@dataclass
class Scope:
    """Cue terms per document, and the documents a question names."""

    cues: dict[str, set[str]]
    phrases: dict[str, list[str]]
    regions: tuple[str, ...] = ()  # the documents' catalogue regions
    titles: tuple[str, ...] = ()  # the documents' titles
    national: tuple[str, ...] = ()  # ids of the documents about the whole country (catalogue region "Nationell")

    @classmethod
    def build(cls, metas: list[DocumentMeta]) -> Scope:
        analyzer = Analyzer(decompound=False)
        cues: dict[str, set[str]] = {}
        phrases: dict[str, list[str]] = {}
        for meta in metas:
            text = " ".join([meta.region, meta.publisher])
            cues[meta.doc_id] = {t for t in analyzer.terms(text) if t not in GENERIC and not t.isdigit() and len(t) >= 3}
            # A region's plans write it by its initials ("RG:s övriga arbete" for Region Gävleborg).
            cues[meta.doc_id] |= {initials(name) for name in (meta.region, meta.publisher) if REGION_NAME.fullmatch(name)}
            phrases[meta.doc_id] = [fold(w) for w in KIND_WORDS.get(meta.kind, [])]
        # A cue that every document shares tells nothing apart.
        shared = set.intersection(*cues.values()) if len(cues) > 1 else set()
        regions = tuple(m.region for m in metas if m.region)
        national = tuple(sorted(m.doc_id for m in metas if fold(m.region.lower()) in NATIONAL_REGIONS))
        return cls({d: c - shared for d, c in cues.items()}, phrases, regions, tuple(m.title for m in metas), national)

    @property
    def cue_terms(self) -> set[str]:
        """Every term that points at a document rather than at a topic."""
        if not hasattr(self, "_cue_terms"):
            kinds = " ".join(p for phrases in self.phrases.values() for p in phrases)
            self._cue_terms = set().union(*self.cues.values(), CUE_ANALYZER.terms(kinds), GENERIC)
        return self._cue_terms

    def names_in(self, question: str) -> set[str]:
        """The regions and publishers a question names (cue terms and places): two or more side by
        side make it a comparison."""
        text = fold(question.lower())
        for english, swedish in ENGLISH_PLACES.items():
            text = re.sub(rf"\b{english}\w*", swedish, text)
        terms = set(CUE_ANALYZER.terms(text))
        return (terms & set().union(*self.cues.values())) | places_in(text) if self.cues else places_in(text)

    def count_names(self, question: str) -> int:
        """How many regions and publishers the question names (names_in), one name counted once
        though it is both a place and a document's cue ("mellansverige" and "mellansver")."""
        names = sorted(self.names_in(question), key=len)
        # "i Mellansverige, och hur många i hela landet?": the whole country is a side too, when a
        # document speaks for it.
        country = int(bool(self.national and COUNTRY.search(question)))
        return country + sum(1 for k, name in enumerate(names) if not any(other.startswith(name) for other in names[k + 1:]))

    def unknown_documents(self, question: str) -> list[str]:
        """Names of documents the question asks about by their kind ("Region Uppsalas
        handlingsplan", "RCC Syds cancerplan", "the Stockholm-Gotland regional cancer plan") that
        match no document's region or publisher: the documents do not include them."""
        words = [m.group(0) for m in WORD_SPAN.finditer(question)]
        cues = set().union(*self.cues.values()) if self.cues else set()
        kinds = set(CUE_ANALYZER.terms(" ".join(p for ps in self.phrases.values() for p in ps if " " not in p)))
        kinds |= {"plan"}
        unknown = []
        for k, word in enumerate(words):
            if not set(CUE_ANALYZER.terms(word)) & kinds:
                continue
            # The words right before the kind that name it: "Region Uppsalas handlingsplan",
            # "the Stockholm-Gotland regional cancer plan"; a lower-case word ends them, except a
            # joiner between two names ("Skånes och Västra Götalands regionala cancerplaner").
            groups: list[list[str]] = [[]]
            back = k - 1
            while back >= 1:
                word_back = words[back]
                if word_back.lower() in JOINERS and groups[-1] and words[back - 1][:1].isupper():
                    groups.append([])
                elif not (word_back[:1].isupper() or word_back.lower() in FILLERS):
                    break
                elif word_back[:1].isupper() and word_back.lower() not in FILLERS:
                    groups[-1].append(word_back)
                back -= 1
            for names in reversed(groups):  # in the order the question names them
                forms = [f for n in names for f in (n, n.removesuffix(":s"), n.removesuffix("s"))]  # "Uppsalas"
                # English names of the regions: "the Norrland cancer plan", "the Central Sweden plan".
                english = [" ".join(reversed(names)), *names]
                forms += [ENGLISH_PLACES[e.lower()] for e in english if e.lower() in ENGLISH_PLACES]
                known = any(
                    set(CUE_ANALYZER.terms(f)) & (cues | self.title_terms) or places_in(f) & self.places for f in forms
                )
                if names and not known:
                    unknown.append(" ".join(reversed(names)))  # gathered backwards from the kind word
        return unknown

    @property
    def title_terms(self) -> set[str]:
        """Every term of the documents' titles ("LPO Cancersjukdomar" in Gävleborg's)."""
        if not hasattr(self, "_title_terms"):
            self._title_terms = set(CUE_ANALYZER.terms(" ".join(self.titles))) - GENERIC
        return self._title_terms

    @property
    def places(self) -> set[str]:
        """The regions the documents are about (their catalogue regions)."""
        if not hasattr(self, "_places"):
            self._places = set().union(*(places_in(r) for r in self.regions)) if self.regions else set()
        return self._places

    def documents_in(self, question: str) -> set[str]:
        """Documents whose region, publisher or kind the question mentions; those named after
        "enligt"/"according to" when there are any ("Vem styr RCC Mellansverige enligt
        Socialstyrelsen?" asks Socialstyrelsen's analysis, not Mellansverige's plan), narrowed to
        those the rest of the question names too."""
        matches = list(ACCORDING_TO.finditer(question))
        according = [m.group(1) for m in matches]
        # "according to the northern plan and the Mellansverige plan": what is joined on is named
        # without "according to" and counts too, so the whole question is read.
        joined_on = any(JOINED_ON.match(question, m.end()) for m in matches)
        if according and not joined_on:
            named = set().union(*(self._documents_named(phrase) for phrase in according))
            if named:
                # "… Mellansverige … enligt cancerplanen" is Mellansverige's plan, not every plan.
                return (named & self._documents_named(question)) or named
        return self._documents_named(question)

    def names_document(self, question: str) -> bool:
        """Whether the question names a document by its kind, publisher or "enligt", not only a
        region it is about ("Norrs cancerplan", "enligt Socialstyrelsen"; not "i RCC Mellansverige")."""
        rest = PLACE_PATTERN.sub(" ", fold(question.lower()))
        return bool(self.documents_in(rest))

    def _documents_named(self, question: str) -> set[str]:
        text = fold(question.lower())
        for english, swedish in ENGLISH_PLACES.items():
            text = re.sub(rf"\b{english}\w*", swedish, text)
        terms = set(CUE_ANALYZER.terms(text))
        kinds = {phrases for phrases, pattern in self._patterns().items() if pattern.search(text)}
        of_kind = {doc_id for doc_id in self.cues if tuple(self.phrases.get(doc_id, ())) in kinds}
        # "Norrs cancerplan" is Norr's document of that kind, not every document of Norr and every
        # cancer plan; a name with no document of the kind named ("Socialstyrelsen's analysis
        # compared with the Mellansverige cancer plan") keeps all of its documents.
        found: set[str] = set()
        for term in terms:
            named = {doc_id for doc_id, cues in self.cues.items() if term in cues}
            found |= (named & of_kind) or named
        # A kind named alone beside a name ("Gävleborgs handlingsplan och RPO-anteckningarna") adds
        # its documents, unless it is the kind a name already narrowed ("Norr … i cancerplanen").
        claimed = {tuple(self.phrases.get(doc_id, ())) for doc_id in found}
        found |= {doc_id for doc_id in of_kind if tuple(self.phrases.get(doc_id, ())) not in claimed}
        return found if len(found) < len(self.cues) else set()

    def _patterns(self) -> dict[tuple[str, ...], re.Pattern[str]]:
        """One compiled pattern per kind of document (a corpus has a handful of kinds, many documents)."""
        if not hasattr(self, "_compiled"):
            self._compiled = {
                tuple(p): re.compile(r"\b(?:" + "|".join(re.escape(x) for x in p) + r")\b")
                for p in {tuple(v) for v in self.phrases.values()}
                if p
            }
        return self._compiled


# "enligt Socialstyrelsens analys", "according to the RPO Cancer minutes": up to a comma, a
# question mark, "och"/"and" that opens another clause, or six words.
ACCORDING_TO = re.compile(
    r"\b(?:enligt|according to)\s+((?:[\w'’:-]+\s*){1,6}?)(?=\s*[,?.;]|\s*\b(?:och|and|respektive|jämfört|compared)\b|\s*$)",
    re.IGNORECASE,
)
JOINED_ON = re.compile(r"\s*\b(?:och|and|respektive|jämfört med|compared with|compared to)\s+(?!(?:enligt|according to|i|in)\b)",
                       re.IGNORECASE)
PREPOSITIONS = {"i", "enligt", "inom", "hos", "på", "från", "för", "vid", "in", "according", "to", "at", "from", "of", "mellan", "between"}
# Words that may stand inside a qualifier without being a cue themselves ("i RCC Mellansveriges
# cancerplan", "för norra sjukvårdsregionen", "in the northern region's plan").
FILLERS = {
    "rcc", "region", "regionen", "regionens", "regional", "regionala", "norra", "södra", "sjukvårdsregion",
    "sjukvårdsregionen", "sjukvårdsregionens", "regionalt", "cancercentrum", "den", "det", "de", "nya", "senaste",
    "plan", "planen", "planens", "planer", "the", "region's", "regions", "healthcare", "cancer", "rpo", "mötet", "möte",
    "to", "län", "läns", "analys", "rcc-analys", "rcc-analysen", "tabell", "tabellen",
}
JOINERS = {"och", "eller", "respektive", "samt", "and", "or", "jämfört", "med", "versus", "vs"}
WORD_SPAN = re.compile(r"[\wÅÄÖåäö'’:-]+")
YEAR = re.compile(r"^(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?$")


def qualifiers(question: str, scope: Scope, names: bool = False) -> list[tuple[int, int]]:
    """Character spans of the phrases that only scope a question: a preposition followed by words
    that name a document, region, publisher or kind of document ("i RCC Mellansveriges cancerplan",
    "enligt Socialstyrelsen", "på mötet"), a document named without one ("Norrs cancerplan",
    "Socialstyrelsens analys"), and years. With `names` (a comparison: "Hur skiljer sig Norrs och
    Mellansveriges planer …?"), every name of a region or publisher too, with what joins them.
    What is left is what the question asks about."""
    words = [(m.start(), m.end(), m.group(0)) for m in WORD_SPAN.finditer(question)]
    cues = set().union(*scope.cues.values()) if scope.cues else set()
    # One-word kinds only: "cancer plan" would make "cancer" a cue.
    kinds = set(CUE_ANALYZER.terms(" ".join(p for phrases in scope.phrases.values() for p in phrases if " " not in p)))

    def is_cue(word: str) -> bool:
        terms = set(CUE_ANALYZER.terms(word))
        english_place = word.lower().rstrip("’'s") in ENGLISH_PLACES or word.lower() in ENGLISH_PLACES
        return bool(terms & (cues | kinds)) or bool(places_in(word)) or bool(YEAR.match(word)) or english_place

    def is_kind(word: str) -> bool:
        return bool(set(CUE_ANALYZER.terms(word)) & kinds)

    def is_name(word: str) -> bool:
        return bool(set(CUE_ANALYZER.terms(word)) & cues) or bool(places_in(word)) or word.lower() in ENGLISH_PLACES

    def joins(k: int, first: int) -> bool:
        word = words[k][2]
        lowered = word.lower().strip("’'")
        return is_cue(word) or lowered in FILLERS or (word[:1].isupper() and k > first) or (names and lowered in JOINERS)

    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(words):
        start, _, word = words[k]
        if YEAR.match(word):
            spans.append((start, words[k][1]))
        lead = k + 1 if word.lower() in PREPOSITIONS else k
        run = lead
        while run < len(words) and joins(run, lead):
            run += 1
        named = [w for _, _, w in words[lead:run]]
        # A run with a preposition scopes when it names anything; without one, when it names a
        # document by its kind ("Norrs cancerplan"), or, in a comparison, any region or publisher.
        named_something = any(is_name(w) for w in named)
        if named and any(is_cue(w) for w in named) and (
            lead > k or (named_something and (names or any(is_kind(w) for w in named)))
        ):
            while run > lead and words[run - 1][2].lower() in JOINERS:
                run -= 1  # "… och" at the end joins nothing
            spans.append((start, words[run - 1][1]))
            k = run
            continue
        k += 1
    if names and scope.national:
        # "… jämfört med hela landet": the whole country is a side of the comparison, not its topic.
        for m in COUNTRY.finditer(question):
            if not any(a <= m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
        spans.sort()
    return spans


# Healthcare regions as an English question names them ("the northern healthcare region", "the
# north region", "central Sweden", "RCC West").
ENGLISH_REGIONS = {"northern": "norr", "north": "norr", "southern": "syd", "south": "syd", "western": "vast",
                   "west": "vast", "south-eastern": "sydost", "southeastern": "sydost", "south-east": "sydost"}
ENGLISH_REGION_PATTERN = re.compile(
    r"\b(" + "|".join(sorted(ENGLISH_REGIONS, key=len, reverse=True)) + r")\s+(?:swedish\s+)?(?:health\s*care\s+|healthcare\s+|medical\s+)?regions?\b"
    r"|\brcc\s+(" + "|".join(sorted(ENGLISH_REGIONS, key=len, reverse=True)) + r")\b|\b(central sweden)\b"
)


def places_in(text: str) -> set[str]:
    """The regions a text names ("Region Norrbottens" → norrbotten; "the northern healthcare
    region" → norr)."""
    folded = fold(text.lower())
    found = {DIRECTIONS[direction] if direction else place for direction, place in PLACE_PATTERN.findall(folded)}
    for direction, rcc, central in ENGLISH_REGION_PATTERN.findall(folded):
        found.add("mellansverige" if central else ENGLISH_REGIONS[direction or rcc])
    return found
