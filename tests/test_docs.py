"""The README documents every setting (with its default) and every subcommand."""

from __future__ import annotations

import re
from pathlib import Path

from digest.cli import parser
from digest.settings import DEFAULTS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_in_the_readme_table_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `(DIGEST_\w+)` \| (.+?) \|", README, re.M))
    assert set(rows) == set(DEFAULTS)
    for key, default in DEFAULTS.items():
        shown = rows[key].strip("`")
        assert shown == (repr(default) if not isinstance(default, str) else f'"{default}"').replace(
            "'", '"'
        ), key


def test_every_subcommand_in_the_readme() -> None:
    commands = parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`digest {name}" in README, name


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    lines = [line for line in block.strip("\n").splitlines() if line.strip()]
    assert len(lines) == 2
    assert "invoke build" in lines[0] and "pytest" in lines[1]
