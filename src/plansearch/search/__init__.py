"""From a question to ranked passages: the analysed question (query.py), the retrievers, their
fusion, the adjustments after it (rerank.py), filters, and the searcher that runs them."""
