"""Bodies and roles, and what each is responsible for, from the tables' Ansvarig / Vem? columns and
from the minutes ("RPO Cancer beslutade att …", "… tillträder som ny verksamhetschef för …").

Name variants of one role ("Cancersamordnare", "cancersamordnaren", "- Cancersamordnare") are
grouped under one key built from Swedish stems.
"""

from __future__ import annotations

import re

from plansearch.models import Duty, Passage, Role
from plansearch.text.normalise import fold
from plansearch.text.sentences import shorten
from plansearch.text.swedish import FUNCTION_WORDS, RESPONSIBLE_COLUMNS
from plansearch.text.swedish import stem as stem_word

SUPPORT = re.compile(r"\s*\b(?:med stöd av|med hjälp av|i samverkan med|tillsammans med|med stöd från)\b:?\s*", re.IGNORECASE)
# Words that join with the proper noun after them: "Region Västerbotten", "RCC Norr", "VO Företrädare".
PREFIXES = {"region", "rcc", "lpo", "rpo", "npo", "vo", "rag", "vpg", "sjukvårdsregion", "regionalt", "nationell", "nationella"}
ROLE_WORDS = (
    "kontaktsjuksköterska", "kontaktsjuksköterskor", "processledare", "cancersamordnare", "verksamhetschef",
    "ordförande", "representant", "samordnare", "objektspecialist", "vårdprocesskoordinator",
)
DECIDED = re.compile(r"([A-ZÅÄÖ][\wåäö]*(?: (?:i )?[A-ZÅÄÖa-zåäö][\wåäö]*){0,3}?) (?:har )?beslutade?t? att:?\s*([^.]+)\.?")
APPOINTED = re.compile(
    r"([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)? [A-ZÅÄÖ][a-zåäöé]+) (?:tillträder|fortsätter|börjar|är) som (?:ny )?"
    r"([a-zåäö][\wåäö -]+? (?:för|i|vid) [^.]+?)(?:\.|,| och (?=[a-zåäö]))"
)
APPOINTED_FIRST = re.compile(
    r"(?:tillträder|fortsätter|börjar) ([A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+) som (?:ny )?([a-zåäö][\wåäö -]+? (?:för|i|vid) [^.]+?)(?:\.|$)"
)
REPORTS = re.compile(
    r"([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?(?: (?:och )?[A-ZÅÄÖ][a-zåäöé]+)*) (ger en lägesrapport|ger en översiktlig genomgång[^.]*|"
    r"informerar om[^.]*|ger aktuell information[^.]*)"
)


def role_key(name: str) -> str:
    """Stems of the name's words, folded: groups "Cancersamordnare" with "cancersamordnaren"."""
    words = re.findall(r"[\wåäöÅÄÖ]+", name.lower())
    stems = []
    for word in words:
        if len(word) > 7 and word.endswith("an") and not word.endswith("ran"):
            word = word[:-2]  # definite "-an", which the Snowball stemmer keeps: kontaktsjuksköterskan
        stems.append(fold(stem_word(word)))
    return " ".join(stems)


def split_names(cell: str) -> list[tuple[str, bool]]:
    """Role names in a responsibility cell, each with whether it is named as support."""
    out: list[tuple[str, bool]] = []
    # A parenthesis of short names split by slashes after a body says what it includes
    # ("Vårdprocessgrupper (VPG/RAG/nätverk)"): one body, not four.
    cell = re.sub(r"\s*\((?:[^()/]{1,20}/)+[^()/]{1,20}\)", "", cell)
    # A comma before a lower-case word that is no definite noun continues the name ("RPO äldres
    # hälsa, palliativvård"); "Primärvården, specialistvården" are two bodies.
    cell = re.sub(r",\s+(?=[a-zåäö]+(?<!en)(?<!et)(?<!na)(?<!an)(?:\s|$|[,;]))", " och ", cell)
    cell = re.sub(r"[()*]", " ", cell)
    cell = re.sub(r"\s+och\s+(?=[A-ZÅÄÖ])", " - ", cell)  # "RCC Mellansverige och RAG" are two bodies
    # "Regioner och kommuner": a one-word body and a plural noun are two bodies ("RPO äldres hälsa
    # och palliativvård" is one: what precedes "och" is no body of its own).
    cell = re.sub(r"(?:^|(?<=[-,;]\s)|(?<=[-,;]))\s*([A-ZÅÄÖ][a-zåäö]+)\s+och\s+(?=[a-zåäö]+(?:er|ar|or|na|en|et)\b)", r"\1 - ", cell)
    # What follows a body's name to say how it works is no part of it ("Regionerna utifrån
    # struktur skapad av RCC Mellansverige", "RCC enligt nationell plan").
    cell = re.sub(r"\s+(?:utifrån|enligt|via|genom|inom ramen för)\s+[^,;]*", "", cell)
    parts = SUPPORT.split(cell, maxsplit=1)
    for number, part in enumerate(parts):
        for piece in re.split(r"\s+-\s*|^-\s*|\s*[,;/]\s*|\s+samt\s+|\n", part):
            for name in _split_capitals(piece.strip(" -:•")):
                if _plausible(name):
                    out.append((name, number > 0))
    return out


def _split_capitals(text: str) -> list[str]:
    """ "Regionerna RCC Norrs processledare" -> ["Regionerna", "RCC Norrs processledare"]."""
    tokens = text.split()
    names: list[list[str]] = []
    for token in tokens:
        if names and token[:1].isupper():
            prev = names[-1][-1]
            joins = (
                prev.lower() in PREFIXES or prev.lower() in FUNCTION_WORDS or prev.endswith("-")
                # A genitive names what follows ("Regionens IT-avdelning"), and two short words that
                # are neither acronyms nor definite nouns are a person's name ("Anna Berg").
                or (len(prev) > 3 and prev.endswith("s") and prev[1:].islower())
                or (len(names[-1]) == 1 and _person_word(prev) and _person_word(token))
            )
            if not joins:
                names.append([token])
                continue
        if not names:
            names.append([token])
        else:
            names[-1].append(token)
    return [" ".join(n) for n in names]


DEFINITE = ("en", "na", "et", "an", "rna")


def _body_word(token: str) -> bool:
    """Whether a capitalised word can start a body of its own in a cell: an acronym ("RCC"), a
    definite noun ("Primärvården", "Regionerna", "Kvalitetsrådet") or a hyphenated name."""
    word = token.strip(",.;:()")
    letters = [ch for ch in word if ch.isalpha()]
    definite = len(word) > 5 and word.lower().endswith(DEFINITE)
    return (len(letters) >= 2 and all(ch.isupper() for ch in letters)) or definite or "-" in word


def _person_word(token: str) -> bool:
    """A capitalised word of at most eight letters that is no acronym or definite noun ("Anna", "Berg")."""
    word = token.strip(",.;:()")
    return 2 <= len(word) <= 8 and word[:1].isupper() and word[1:].islower() and not _body_word(word)


def _plausible(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 8 and any(ch.isalpha() for ch in name) and len(name) >= 2 and name.lower() not in FUNCTION_WORDS


def extract_roles(passages: list[Passage], minutes: set[str] | None = None) -> list[Role]:
    """Every role with its duties, most duties first. `minutes` names the documents that are
    meeting minutes: there, decisions, appointments, reports and role words count too."""
    roles: dict[str, Role] = {}

    def add(name: str, duty: Duty) -> None:
        name = " ".join(name.split()).strip(" .:-")
        if not _plausible(name):
            return
        key = role_key(name)
        if not key:
            return
        role = roles.setdefault(key, Role(key, name))
        if name not in role.variants:
            role.variants.append(name)
        if duty not in role.duties:
            role.duties.append(duty)

    for p in passages:
        fields = dict(p.fields)
        if p.kind == "table_row":
            activity = p.fields[0][1] if p.fields else ""
            for column in RESPONSIBLE_COLUMNS:
                for name, support in split_names(fields.get(column, "")):
                    add(name, Duty(activity, column, p.id, p.doc_id, support))
            continue
        if minutes is not None and p.doc_id not in minutes:
            continue
        text = " ".join(p.text.split())
        for match in DECIDED.finditer(text):
            add(match.group(1), Duty(_sentence(match.group(2)), "Beslut", p.id, p.doc_id))
        for pattern in (APPOINTED, APPOINTED_FIRST):
            for match in pattern.finditer(text):
                role = match.group(2).strip()
                add(role, Duty(f"{match.group(1)} ({role})", "Roll", p.id, p.doc_id))
        for match in REPORTS.finditer(text):
            for person in re.split(r" och ", match.group(1)):
                add(person, Duty(_sentence(f"{match.group(1)} {match.group(2)}"), "Rapport", p.id, p.doc_id))
        lowered = text.lower()
        for word in ROLE_WORDS:
            if word in lowered and p.kind != "glossary":
                sentence = next((s for s in re.split(r"(?<=[.!?])\s+", text) if word in s.lower()), "")
                add(word.capitalize(), Duty(_sentence(sentence), "Nämns", p.id, p.doc_id))
    merged = _merge_spacing_variants(roles)
    for role in merged:
        role.name = _display_name(role.variants)
    return sorted(merged, key=lambda r: (-_weight(r), r.name.lower()))


def _merge_spacing_variants(roles: dict[str, Role]) -> list[Role]:
    """Names that differ only by a space inside a word (or a "för") are one role: "Verksamheter
    na" (a broken line in the source) with "Verksamheterna", "Vårdprocess grupper" with
    "Vårdprocessgrupper", "palliativ vård" with "palliativvård", "RAG för kontaktsjuksköterskor"
    with "RAG kontaktsjuksköterskor". The role with most duties keeps its key."""
    by_compact: dict[str, Role] = {}
    for role in sorted(roles.values(), key=lambda r: -len(r.duties)):
        name = role.variants[0] if role.variants else role.key
        # "RAG för kontaktsjuksköterskor" is "RAG kontaktsjuksköterskor" too.
        compact = role_key("".join(w for w in name.split() if w.lower() != "för"))
        target = by_compact.get(compact) or by_compact.get(role.key.replace(" ", ""))
        if target is None:
            by_compact[compact] = role
            by_compact.setdefault(role.key.replace(" ", ""), role)
            continue
        target.variants += [v for v in role.variants if v not in target.variants]
        target.duties += [d for d in role.duties if d not in target.duties]
    return list({id(r): r for r in by_compact.values()}.values())


def _weight(role: Role) -> int:
    return sum(2 if d.column in RESPONSIBLE_COLUMNS or d.column in ("Beslut", "Roll") else 1 for d in role.duties)


def _sentence(text: str) -> str:
    return shorten(text, 240)


def _display_name(variants: list[str]) -> str:
    """The most common spelling, capitalised."""
    best = max(variants, key=lambda v: (sum(v.lower() == w.lower() for w in variants), v[:1].isupper(), -len(v)))
    return best[:1].upper() + best[1:]


class RoleDirectory:
    """Lookup of roles by name or by words in a question."""

    def __init__(self, roles: list[Role]):
        self.roles = roles

    def search(self, query: str = "") -> list[Role]:
        """Roles matching `query`, those whose name matches first: the name itself, then names that
        start with it, names that contain it, names with an inflection of it ("cancersamordnaren"),
        then roles that only mention it in what they are responsible for. Within each group, the
        directory's order."""
        needle = fold(query.strip().lower())
        if not needle:
            return list(self.roles)
        key = role_key(query)

        def rank(role: Role) -> int | None:
            names = [fold(n.lower()) for n in (role.name, *role.variants)]
            if needle in names:
                return 0
            if any(n.startswith(needle) for n in names):
                return 1
            if any(needle in n for n in names):
                return 2
            if key and key in role.key:
                return 3
            if any(needle in fold(d.activity.lower()) for d in role.duties):
                return 4
            return None

        ranked = [(r, n, role) for n, role in enumerate(self.roles) if (r := rank(role)) is not None]
        return [role for _, _, role in sorted(ranked, key=lambda item: (item[0], item[1]))]

    def named_in(self, question: str) -> list[Role]:
        """Roles whose name (any variant, any inflection) the question contains, longest first."""
        question_key = f" {role_key(question)} "
        found = [r for r in self.roles if len(r.key) >= 4 and f" {r.key} " in question_key]
        return sorted(found, key=lambda r: -len(r.key))
