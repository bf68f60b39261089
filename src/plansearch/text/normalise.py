"""Folding, word tokens and link addresses: the one definition each stage uses."""

from __future__ import annotations

import re

TOKEN = re.compile(r"[^\W_]+(?:[-:][^\W_]+)*")
URL_START = r"(?:https?://|www\.)"
URL = re.compile(URL_START + r"\S+")  # a link address inside running text
URL_LINE = re.compile(rf"^{URL_START}\S+$")  # a line (or a token) that is only a link address
URL_IN_TEXT = re.compile(URL_START + r"[^\s<>\"”]+")  # a link address, without the quote or bracket after it
# ø and æ too: a Norwegian or Danish keyboard types them for ö and ä.
FOLD = str.maketrans("åäöéèüáàøæ", "aaoeeuaaoa")


def fold(text: str) -> str:
    """å/ä/ö (and ø/æ) and accented letters to their base letter, so that "for", "för" and "før" meet."""
    return text.translate(FOLD)


def words(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated and colon forms ("PROM/PREM-enkäter", "RCC:s") split."""
    out: list[str] = []
    for token in TOKEN.findall(URL.sub(" ", text.lower())):
        out.extend(part for part in re.split(r"[-:]", token) if part)
    return out
