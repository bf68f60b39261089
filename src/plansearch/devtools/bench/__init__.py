"""`plansearch bench` (run.py) and `plansearch soak` (soak.py): measured, never asserted."""

from plansearch.devtools.bench.run import run
from plansearch.devtools.bench.soak import soak

__all__ = ["run", "soak"]
