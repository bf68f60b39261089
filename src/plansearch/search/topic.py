"""The topic of a question: its subject without the question's frame ("Vilka mål om palliativ vård
har ?" -> "mål om palliativ vård"), for "inget om …" and for what a follow-up's pronoun stands for
("Vad står OPT för?" -> "OPT", so "hur stor är pilotfasen för det?" asks about OPT's pilot phase)."""

from __future__ import annotations

import re

# What frames a question's topic rather than naming it: question words, "står det något om",
# "vad säger … om", "har några mål om", and the joiners left where the sides' names were cut out.
FRAME = re.compile(
    r"^\s*(?:(?:vad|vem|vilka|vilken|vilket|när|hur|var|what|who|which|when|how|where|does|do|is|are)\b\s*)?"
    r"(?:(?:står|finns|säger|sägs|skriver|beskriver|nämner|nämns|har|är|det|något|några|någon|mycket|says?|said"
    r"|there|anything|any|mention|mentions|describe|describes|does|do|stor|stort|många|much|many|ansvarar för"
    r"|responsible for|skiljer sig|skiljer|differ|compare|jämför|jämföra|för|när det gäller|stora|stämmer|överens"
    r"|överensstämmer|agree|match)\b\s*)*(?:om|about|on)?\b\s*",
    re.IGNORECASE,
)
DANGLING = re.compile(  # "prehabilitering, vad" is left of "När det gäller prehabilitering, vad säger …?"
    r"(?:[\s,]+(?:och|eller|respektive|samt|jämfört|med|har|om|i|enligt|and|or|compared|with|to|in|on|about|the"
    r"|vad|vem|hur|vilka|vilken|what|who|how|säger|skriver|står|anger|say|says))+\s*$",
    re.IGNORECASE,
)


SECOND_QUESTION = re.compile(
    r"\s*[,;–-]?\s+(?:och|men|and|but)\s+(?:vad|hur|vem|vilka|vilken|när|what|how|who|which|when)\b.*$", re.IGNORECASE
)


def subject_topic(subject: str) -> str:
    """What a question asks about, for "inget om …": the subject without its question frame or
    the joiners its sides' names left ("Vilka mål om palliativ vård har ?" -> "mål om palliativ
    vård"; "Står det något om cancerskolan eller ?" -> "cancerskolan")."""
    text = subject.strip().rstrip("?").strip()
    text = SECOND_QUESTION.sub("", text) or text  # "…, och vad säger …": the other side's question
    core = DANGLING.sub("", FRAME.sub("", text, count=1)).strip(" ,;:–-")
    return core or text


# Left by the frame of the question a follow-up leans on: "Vad står OPT för?", "Vad är IPÖ för
# något?", "Vem ska leda förstudien …?" ("ska leda" asked who, it is not the topic), "When was the
# centre inaugurated?".
LEADING_VERB = re.compile(
    r"^(?:(?:ska|skall|kan|bör|kommer att|will|shall|should)\s+\w+\s+"
    r"|(?:var|är|blir|blev|har|hade|was|were|is|are|did|does|do|has|have)\s+)?(?:the\s+|det\s+|den\s+|de\s+)?",
    re.IGNORECASE,
)
TRAILING_FRAME = re.compile(r"(?:\s+(?:för\s+något|för\s+nåt|för|for|inaugurated|started|founded))+\s*$", re.IGNORECASE)


def follow_up_topic(subject: str) -> str:
    """What a follow-up's pronoun stands for: the topic of the question before it, without a
    leading auxiliary and its verb or a trailing "för (något)" ("ska leda förstudien om
    cancergenetiska utredningar" -> "förstudien om cancergenetiska utredningar")."""
    topic = subject_topic(subject)
    stripped = TRAILING_FRAME.sub("", LEADING_VERB.sub("", topic, count=1)).strip(" ,;:–-")
    if WHO.match(subject):
        # "Vem jobbar med IPÖ i Gävleborg?": the verb asked who; the pronoun stands for IPÖ.
        stripped = WHO_VERB.sub("", stripped, count=1) or stripped
    return stripped or topic


WHO = re.compile(r"^\s*(?:och\s+)?(?:vem|who)\b", re.IGNORECASE)  # "vilka insatser för …" names things
WHO_VERB = re.compile(r"^[^\W\d_]+(?:ar|er|ir|or|s)\s+(?:med|i|på|för|inom|åt|with|on|in|for)\s+(?=\S)", re.IGNORECASE)
