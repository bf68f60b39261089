"""Text shared by every stage: Unicode folding and word tokens, Swedish word lists, sentences,
language detection, the lexical analyser and the shipped lexicons."""
