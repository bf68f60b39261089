"""Check an answer-case file: fields, categories, evidence spans and keyfacts in the documents.

Usage: python check_answers.py FILE.jsonl   (prints problems; exit 1 if any)
"""
import glob
import json
import re
import sys
import unicodedata

CATEGORIES = {"who", "when", "amount", "definition", "list", "comparison", "followup", "english", "unanswerable"}
MISSES = {"region", "year", "body", "cancer_type", "meeting", "document", "amount", "abbreviation", "other"}


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


texts = [norm(open(p, encoding="utf-8").read()) for p in glob.glob("/work/shared/seeds/*.txt")]
alltext = "\n".join(texts)
lower = alltext.lower()
bad, ids, n = 0, set(), 0


def problem(line, message):
    global bad
    print(f"line {line}: {message}")
    bad += 1


for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not line.strip():
        continue
    try:
        case = json.loads(line)
    except json.JSONDecodeError as exc:
        problem(n, f"not JSON ({exc})")
        continue
    for field in ("id", "question", "evidence", "keyfacts", "answer", "category", "lang", "doc"):
        if field not in case:
            problem(n, f"missing field {field}")
    if case.get("id") in ids:
        problem(n, f"duplicate id {case.get('id')}")
    ids.add(case.get("id"))
    category = case.get("category")
    if category not in CATEGORIES:
        problem(n, f"unknown category {category!r}")
    if case.get("lang") not in ("sv", "en"):
        problem(n, f"lang must be sv or en: {case.get('lang')!r}")
    if category == "unanswerable":
        if case.get("evidence") or case.get("keyfacts"):
            problem(n, "an unanswerable case has no evidence and no keyfacts")
        if case.get("miss") not in MISSES:
            problem(n, f"miss must be one of {sorted(MISSES)}")
        continue
    if category == "followup" and not (isinstance(case.get("history"), list) and case["history"]):
        problem(n, "a followup needs a non-empty history list")
    if not case.get("evidence"):
        problem(n, "no evidence")
    if not case.get("keyfacts"):
        problem(n, "no keyfacts")
    for span in case.get("evidence", []):
        if norm(span) not in alltext:
            problem(n, f"({case.get('id')}) evidence not found: {span!r}")
        if "\t" in span:
            problem(n, f"evidence contains a tab: {span!r}")
    for fact in case.get("keyfacts", []):
        if norm(fact).lower() not in lower:
            problem(n, f"({case.get('id')}) keyfact not in the documents: {fact!r}")
        if len(fact.split()) > 8:
            problem(n, f"({case.get('id')}) keyfact longer than 8 words: {fact!r}")
        if norm(fact).lower() in norm(case.get("question", "")).lower():
            problem(n, f"({case.get('id')}) keyfact is in the question itself: {fact!r}")
print(f"{n} lines checked, {bad} problems")
sys.exit(1 if bad else 0)
