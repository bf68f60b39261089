"""From files to passages: read -> clean -> structure (headings, tables, termlists) -> chunk, and the
incremental pipeline that embeds them and writes a new index version (pipeline.py)."""
