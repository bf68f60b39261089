"""Abbreviations and terms, extracted from the documents themselves, each with its source passage.

Sources: abbreviation lists ("IPÖ – Individuell patientöversikt"), glossaries (Ordlista),
inline definitions ("Individuell patientöversikt (IPÖ)", "IPÖ (individuell patientöversikt)",
"Pediatriskt palliativt kompetenscentrum – PPKC", "Tjänstedesign innebär …", "Med utvärdering
avser vi …"). Queries are expanded with them: a question about "IPÖ" also matches
"individuell patientöversikt", and the reverse.
"""

from __future__ import annotations

import re

from plansearch.models import GlossaryEntry, Passage, TermKind
from plansearch.text.normalise import fold
from plansearch.text.swedish import FUNCTION_WORDS, STOPWORDS

ABBR = r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,6}(?:-[A-ZÅÄÖa-zåäö]+)?"
LONG_THEN_ABBR = re.compile(r"((?:[\wÅÄÖåäö][\wÅÄÖåäö\-]*[ ,]+){0,7}[\wÅÄÖåäö\-]+)\s+\((" + ABBR + r")(?::s|:\w+)?\)")
ABBR_THEN_LONG = re.compile(r"\b(" + ABBR + r")\s+\(([a-zåäöA-ZÅÄÖ][^()]{5,80})\)")
LONG_DASH_ABBR = re.compile(r"^([A-ZÅÄÖ][\wåäö ]{5,80}?)\s+[–-]\s+(" + ABBR + r")$")
INNEBAR = re.compile(r"(?:^|(?<=[.!?]\s))([A-ZÅÄÖ][\wåäö\-]+(?: [\wåäö\-]+){0,3})\s+(?:innebär|definieras som|är ett|är en)\s+([^.]{10,300}\.)")
AVSES = re.compile(r"\bMed ([\wåäö\-]+(?: [\wåäö\-]+){0,3}) (?:avses|avser vi)(?: här| i denna rapport)?\s+([^.]{10,300}\.)")
NOT_TERMS = {
    "det", "den", "detta", "denna", "dessa", "som", "vilket", "här", "där", "vi", "de", "man", "målet", "syftet",
    "en", "ett", "även", "också", "sådant", "sådana", "likaså", "andra", "flera", "många", "alla", "varje", "detsamma",
}
# "X är en annan/viktig ..." judges X rather than defining it.
JUDGING = {"annan", "annat", "större", "stor", "viktig", "viktigt", "av", "förutsättning", "utmaning", "exempel"}


def is_abbreviation(term: str) -> bool:
    return sum(ch.isupper() for ch in term) >= 2 and len(term) <= 12


def extract_glossary(passages: list[Passage]) -> list[GlossaryEntry]:
    """Every abbreviation and term the passages define, deduplicated, sorted by term."""
    found: dict[tuple[str, str, str], GlossaryEntry] = {}

    def add(term: str, meaning: str, kind: TermKind, passage: Passage) -> None:
        term, meaning = term.strip(" ,.–-"), " ".join(meaning.split()).strip(" ,;")
        if len(term) < 2 or len(meaning) < 3 or term.lower() in NOT_TERMS:
            return
        key = (term.lower(), fold(meaning.lower()).rstrip("."), passage.doc_id)
        if key not in found:
            found[key] = GlossaryEntry(term, meaning, kind, passage.doc_id, passage.id)

    for p in passages:
        if p.kind == "glossary":
            fields = dict(p.fields)
            term, meaning = fields.get("term", ""), fields.get("definition", "")
            add(term, meaning, "abbreviation" if is_abbreviation(term) else "definition", p)
            continue
        text = " ".join(p.text.split())
        lines = [" ".join(line.split()) for line in p.text.split("\n")]
        for match in LONG_THEN_ABBR.finditer(text):
            long_form = _long_form(match.group(1), match.group(2))
            if long_form:
                add(match.group(2), long_form, "abbreviation", p)
        for match in ABBR_THEN_LONG.finditer(text):
            abbr, long_form = match.group(1), match.group(2)
            head = long_form.split(",")[0]
            long_form = head if _initials_match(head, abbr) else long_form
            if _initials_match(long_form, abbr):
                add(abbr, long_form, "abbreviation", p)
        for line in p.text.split("\n"):
            dashed = LONG_DASH_ABBR.match(line.strip())
            if dashed and _initials_match(dashed.group(1), dashed.group(2)):
                add(dashed.group(2), dashed.group(1), "abbreviation", p)
        for line in lines:
            for pattern in (INNEBAR, AVSES):
                for match in pattern.finditer(line):
                    if _definition_term(match, pattern is AVSES):
                        add(match.group(1), match.group(0).strip(), "definition", p)
    return sorted(found.values(), key=lambda e: (e.term.lower(), e.kind, e.doc_id))


def _definition_term(match: re.Match[str], avses: bool) -> bool:
    term = match.group(1)
    words = term.split()
    if words[0].lower() in NOT_TERMS or term.isupper():
        return False
    if avses:
        return True
    after = match.group(2).split()[0].lower() if match.group(2).split() else ""
    if after in JUDGING or any(w.lower() in FUNCTION_WORDS for w in words):
        return False
    # A definite noun ("Målbilden", "Ledtidsmålet") refers back; a term being defined does not.
    return not (len(words) == 1 and term.endswith(("en", "et")) and "innebär" not in match.group(0))


def _long_form(words_before: str, abbr: str) -> str | None:
    """The words before "(ABBR)" that spell it: the tail whose word initials match the most
    letters of the abbreviation ("Comprehensive Cancer Center" for CCC, not "Cancer Center")."""
    words = words_before.replace(",", " ").split()
    first = fold(abbr[0].lower())
    letters = [fold(ch.lower()) for ch in abbr.split("-")[0] if ch.isalpha()]
    best, best_score = None, -1
    for size in range(1, min(len(words), len(letters) + 3) + 1):
        candidate = words[-size:]
        if fold(candidate[0][0].lower()) != first or not _initials_match(" ".join(candidate), abbr):
            continue
        score, position = 0, 0
        for word in candidate:  # abbreviation letters met, in order, by word initials
            if position < len(letters) and fold(word[0].lower()) == letters[position]:
                score, position = score + 1, position + 1
        if score > best_score:
            best, best_score = " ".join(candidate), score
    return best


def _initials_match(long_form: str, abbr: str) -> bool:
    """Each letter of the abbreviation occurs, in order, in the long form; the first starts it."""
    letters = [ch.lower() for ch in abbr.split("-")[0] if ch.isalpha()]
    text = long_form.lower()
    if not letters or not text or fold(text[0]) != fold(letters[0]):
        return False
    position = 0
    for letter in letters:
        position = fold(text).find(fold(letter), position)
        if position < 0:
            return False
        position += 1
    return True


def parallel_abbreviations(passages: list[Passage], lexical, known: set[str]) -> list[GlossaryEntry]:
    """Abbreviations that one document uses where another writes the same sentence in full.

    Plans copy each other's activities; where one writes "KSSK" and the other "kontaktsjuksköterska"
    in otherwise equal text, the pair defines the abbreviation."""
    import difflib

    import numpy as np

    found: dict[str, GlossaryEntry] = {}
    for p in passages:
        abbreviations = {t for t in re.findall(r"\b[A-ZÅÄÖ]{2,6}\b", p.text) if t not in known}
        if not abbreviations:
            continue
        scores = lexical.scores(p.text[:600])
        for row in np.argsort(-scores)[:4]:
            other = passages[int(row)]
            if other.doc_id == p.doc_id or scores[row] <= 0:
                continue
            a, b = p.text.split(), other.text.split()
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if matcher.ratio() < 0.4:
                continue
            for op, a1, a2, b1, b2 in matcher.get_opcodes():
                if op != "replace" or a2 - a1 > 3 or b2 - b1 > 4:
                    continue
                for token in a[a1:a2]:
                    abbr = token.strip(".,:;()-")
                    if abbr not in abbreviations or abbr in found:
                        continue
                    long_form = _parallel_long_form(b[b1:b2], abbr)
                    if long_form:
                        found[abbr] = GlossaryEntry(abbr, long_form, "abbreviation", p.doc_id, p.id, other.id)
    return list(found.values())


def _parallel_long_form(words: list[str], abbr: str) -> str | None:
    """The shortest run of 1–3 words that spells the abbreviation."""
    for size in range(1, 4):
        for start in range(0, len(words) - size + 1):
            candidate = " ".join(words[start : start + size]).strip(".,:;()-")
            if (
                candidate
                and not any(w.isupper() for w in candidate.split())
                and candidate.split()[-1].lower() not in FUNCTION_WORDS
                and fold(candidate[0].lower()) == fold(abbr[0].lower())
                and _initials_match(candidate, abbr)
            ):
                return candidate
    return None


class Glossary:
    """Lookup and query expansion over the extracted entries."""

    def __init__(self, entries: list[GlossaryEntry]):
        self.entries = entries
        self._by_abbr: dict[str, list[GlossaryEntry]] = {}
        self._by_long: dict[str, list[GlossaryEntry]] = {}
        for e in entries:
            if e.kind == "abbreviation":
                self._by_abbr.setdefault(e.term.upper(), []).append(e)
                self._by_long.setdefault(_key(re.split(r"[,(]", e.meaning)[0]), []).append(e)

    def search(self, query: str = "") -> list[GlossaryEntry]:
        """Entries whose term or meaning contains `query` (all when empty); exact terms first."""
        needle = fold(query.strip().lower())
        if not needle:
            return list(self.entries)
        hits = [e for e in self.entries if needle in fold(e.term.lower()) or needle in fold(e.meaning.lower())]
        return sorted(hits, key=lambda e: (fold(e.term.lower()) != needle, not fold(e.term.lower()).startswith(needle)))

    def abbreviations_in(self, query: str) -> list[GlossaryEntry]:
        """Entries for the abbreviations a query mentions ("IPÖ", "rcc")."""
        found = []
        for token in re.findall(r"[\wÅÄÖåäö]+(?:-[\wÅÄÖåäö]+)?", query):
            upper = token.upper()
            # "rcc" typed in lower case is RCC, but "Who is …" does not ask about WHO.
            if upper in self._by_abbr and (token.isupper() or (len(token) >= 3 and token.lower() not in STOPWORDS)):
                found.extend(self._by_abbr[upper])
        return found

    def long_forms_in(self, query: str) -> list[GlossaryEntry]:
        """Entries whose long form the query spells out ("individuell patientöversikt")."""
        text = _key(query)
        keys = sorted((k for k in self._by_long if len(k) >= 8 and k in text), key=len, reverse=True)
        # "regionala cancercentrum i samverkan" names RCC i sam, not RCC.
        keys = [k for n, k in enumerate(keys) if not any(k in longer for longer in keys[:n])]
        return [e for k in keys for e in self._by_long[k]]

    def definitions_in(self, query: str) -> list[GlossaryEntry]:
        """Defined terms ("prehabilitering") that the query names."""
        text = _key(query)
        return [e for e in self.entries if e.kind == "definition" and len(e.term) >= 5 and _key(e.term) in text]

    def expansion(self, query: str, common: set[str] | None = None) -> str:
        """Text to add to a query: long forms of its abbreviations and abbreviations of its long forms.

        Abbreviations in `common` (used all over the corpus, like RCC) are not expanded: their long
        form would only add noise."""
        extra: list[str] = []
        for e in self.abbreviations_in(query):
            if common and e.term.upper() in common:
                continue
            if e.meaning not in extra:
                extra.append(e.meaning)
        for e in self.long_forms_in(query):
            if e.term not in extra:
                extra.append(e.term)
        return " ".join(extra)


def _key(text: str) -> str:
    return " ".join(fold(text.lower()).split())
