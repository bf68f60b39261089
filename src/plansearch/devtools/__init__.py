"""Developer tools outside the product's data flow: the benchmark and the synthetic corpora it
scales to."""
