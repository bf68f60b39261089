"""Which HTML parser builds the right tree from the HTML that intranets and CMSes publish?

Run with beautifulsoup4 and selectolax installed beside plansearch (they are not its
dependencies): python benchmarks/html_parsers.py. Measured on 2026-11-30 (2 shared cores):

    speed page: 0.3 MB
    html.parser (stdlib, own tree)   right 7/10  0.3 MB page    129 ms, 0 cells (unclosed cells nest: recursion error)  wrong: unclosed li/p, table no tbody, unclosed cells, td with p unclosed
    bs4 + html.parser                right 7/10  0.3 MB page  34589 ms, 5390 cells  wrong: unclosed li/p, table no tbody, unclosed cells, td with p unclosed
    bs4 + lxml                       right 10/10  0.3 MB page    184 ms, 5390 cells  wrong:
    lxml.html                        right 10/10  0.3 MB page     17 ms, 5390 cells  wrong:
    selectolax (lexbor)              right 10/10  0.3 MB page      9 ms, 5390 cells  wrong:

lxml.html was chosen (ingest/web.py): right on every case, and python-docx depends on lxml, so
reading web pages adds no package; selectolax is as right and faster, but one more dependency.
"""
import html.parser
import time

import lxml.html
from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

CASES = {
 # name: (html, css-ish check: list of (tag, expected count at any depth), plus text checks)
 "unclosed li/p": ("<ul><li>Regionerna<li>RCC Norr</ul><p>Ett<p>Två", {"li": 2, "p": 2}, {"li": ["Regionerna", "RCC Norr"]}),
 "table no tbody, unclosed cells": ("<table><tr><th>Aktivitet<th>Ansvarig<tr><td>Utbilda<td>RCC</table><p>Efter", {"tr": 2, "td": 2, "th": 2}, {"td": ["Utbilda", "RCC"]}),
 "script with markup": ('<script>var s="<p>x</p><table>";</script><p>Text</p>', {"p": 1}, {"p": ["Text"]}),
 "p closed by block": ("<p>Före<div>Block</div><p>Sist", {"p": 2, "div": 1}, {"div": ["Block"]}),
 "li with nested list": ("<ul><li>A<ul><li>A1<li>A2</ul><li>B</ul>", {"li": 4}, {}),
 "td with p unclosed": ("<table><tr><td><p>Cell ett<td><p>Cell två</table>", {"td": 2, "p": 2}, {"td": ["Cell ett", "Cell två"]}),
 "stray end tags": ("<p>Text</span></b> mer</p></div><p>Nästa</p>", {"p": 2}, {"p": ["Text mer", "Nästa"]}),
 "entities": ("<p>V&aring;rd &auml;r &ouml;ppen&nbsp;&#229;r &amp; dag</p>", {"p": 1}, {"p": ["Vård är öppen\xa0år & dag"]}),
 "dd/dt unclosed": ("<dl><dt>KSSK<dd>Kontaktsjuksköterska<dt>RCC<dd>Regionalt cancercentrum</dl>", {"dt": 2, "dd": 2}, {}),
 "option/select noise + head in body": ("<title>T</title><p>A<select><option>x<option>y</select></p>", {"option": 2}, {}),
}

class Node:
    def __init__(s, tag, parent=None): s.tag, s.parent, s.children, s.text = tag, parent, [], []
class Naive(html.parser.HTMLParser):
    """What one writes with the standard library: a tree that nests on start tags and closes on end tags."""
    VOID = {"br", "img", "hr", "meta", "link", "input"}
    def __init__(s):
        super().__init__(convert_charrefs=True); s.root = Node("root"); s.cur = s.root
    def handle_starttag(s, tag, attrs):
        n = Node(tag, s.cur); s.cur.children.append(n)
        if tag not in s.VOID: s.cur = n
    def handle_endtag(s, tag):
        n = s.cur
        while n is not None and n.tag != tag: n = n.parent
        if n is not None and n.parent is not None: s.cur = n.parent
    def handle_data(s, d): s.cur.text.append(d); s.cur.children.append(d)
def naive_all(root, tag):
    out = []
    def walk(n):
        for c in n.children:
            if isinstance(c, Node):
                if c.tag == tag: out.append(c)
                walk(c)
    walk(root); return out
def naive_text(n):
    return "".join(c if isinstance(c, str) else naive_text(c) for c in n.children)

def parsers():
    def stdlib(h):
        p = Naive(); p.feed(h); p.close()
        return lambda tag: [naive_text(n).strip() for n in naive_all(p.root, tag)]
    def bs4_stdlib(h):
        s = BeautifulSoup(h, "html.parser"); return lambda tag: [e.get_text().strip() for e in s.find_all(tag)]
    def bs4_lxml(h):
        s = BeautifulSoup(h, "lxml"); return lambda tag: [e.get_text().strip() for e in s.find_all(tag)]
    def lx(h):
        t = lxml.html.document_fromstring(h); return lambda tag: [e.text_content().strip() for e in t.iter(tag)]
    def lexbor(h):
        t = LexborHTMLParser(h); return lambda tag: [e.text(deep=True).strip() for e in t.css(tag)]
    return {"html.parser (stdlib, own tree)": stdlib, "bs4 + html.parser": bs4_stdlib, "bs4 + lxml": bs4_lxml, "lxml.html": lx, "selectolax (lexbor)": lexbor}

big = open("/work/h17formats/corpus/handlingsplan-gavleborg-2025-2027.txt", encoding="utf-8").read()
import html as H

body = []
for line in big.splitlines():
    if "\t" in line: body.append("<tr>" + "".join(f"<td>{H.escape(c)}" for c in line.split("\t")))
    elif line.strip(): body.append(f"<p>{H.escape(line)}")
page = "<html><head><title>x</title></head><body><table>" + "\n".join(body) * 10 + "</table></body></html>"
print(f"speed page: {len(page)/1e6:.1f} MB")
for name, make in parsers().items():
    ok = 0; fails = []
    for case, (h, counts, texts) in CASES.items():
        try:
            get = make(h)
            good = all(len(get(t)) == n for t, n in counts.items()) and all(get(t) == v for t, v in texts.items())
        except Exception:
            good = False
        ok += good
        if not good: fails.append(case)
    best = 1e9; note = ""
    for _ in range(3):
        t = time.perf_counter()
        try:
            n = len(make(page)("td"))
        except RecursionError:
            note = " (unclosed cells nest: recursion error)"; n = 0
        best = min(best, time.perf_counter() - t)
    print(f"{name:32s} right {ok}/{len(CASES)}  0.3 MB page {best*1000:6.0f} ms, {n} cells{note}  wrong: {', '.join(fails)}")
