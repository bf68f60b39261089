"""Check that every evidence span of a QA draft file occurs in the source documents.

Usage: python check_spans.py FILE.jsonl   (prints problems; exit 1 if any)
"""
import json, re, sys, glob

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

corpus = {p: norm(open(p, encoding="utf-8").read()) for p in glob.glob("/work/shared/seeds/*.txt")}
alltext = "\n".join(corpus.values())
bad = 0
ids = set()
n = 0
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not line.strip():
        continue
    case = json.loads(line)
    for field in ("id", "question", "evidence", "answer", "category", "lang", "doc"):
        if field not in case:
            print(f"line {n}: missing field {field}"); bad += 1
    if case.get("id") in ids:
        print(f"line {n}: duplicate id {case.get('id')}"); bad += 1
    ids.add(case.get("id"))
    for span in case.get("evidence", []):
        if norm(span) not in alltext:
            print(f"line {n} ({case.get('id')}): evidence not found: {span!r}"); bad += 1
        if "\t" in span or "-\n" in span:
            print(f"line {n}: evidence contains a tab or a line-end hyphen: {span!r}"); bad += 1
print(f"{n} lines checked, {bad} problems")
sys.exit(1 if bad else 0)
