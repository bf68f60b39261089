"""From an analysed question to a cited answer: the engine, its routes (routes/), the confidence
rule, the choice of the answering sentence, phrasing, citations and the language-model mode."""
