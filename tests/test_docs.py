"""The README documents every setting and every command, and the core never imports the web layer."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from conftest import ROOT
from plansearch.cli import cli
from plansearch.config import describe

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [name for name, _, _ in describe() if f"`{name}`" not in README]
    assert not missing


def test_every_command_is_in_the_readme():
    missing = [name for name in cli.commands if f"plansearch {name}" not in README]
    assert not missing


def test_readme_starts_with_the_two_commands():
    head = README.split("## Using it")[0]
    assert "plansearch serve" in head and "scripts/test.sh" in head
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("exec scripts/test.sh")


def test_core_modules_do_not_import_the_web_layer():
    code = (
        "import sys, plansearch.text.analyzer, plansearch.ingest.pipeline, plansearch.knowledge.derive, "
        "plansearch.store.index, plansearch.search.searcher, plansearch.answer.engine, "
        "plansearch.evaluate, plansearch.service;"
        "print(sorted(m for m in ('fastapi', 'click', 'jinja2', 'uvicorn', 'starlette', 'mcp') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_settings_command_lists_environment_variables():
    result = CliRunner().invoke(cli, ["settings"])
    assert "PLANSEARCH_INDEX_DIR" in result.output and "PLANSEARCH_LLM_KEY" in result.output
