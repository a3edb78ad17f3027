"""The diagnostic catalogue: documented, in sync, every code exercised by a test."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

import qbank
from qbank.cli import main
from qbank.diagnostics import CODES
from qbank.model.schema import SCHEMAS, schema_for

from helpers import REPO


def test_docs_list_every_code_as_generated():
    generated = CliRunner().invoke(main, ["codes", "--format", "md"]).stdout
    assert (REPO / "docs/diagnostics.md").read_text(encoding="utf-8") == generated


def test_every_code_has_both_languages_and_a_stable_shape():
    qbank.load_all_codes()
    for c in CODES.values():
        assert re.fullmatch(r"QB(0[1-9]|1[0-9])\d\d", c.id)
        assert c.vi and c.en and c.vi != c.en
        assert bool(c.hint_vi) == bool(c.hint_en), c.id


def test_every_code_is_exercised_by_some_test():
    qbank.load_all_codes()
    tests = "".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py"))
    missing = sorted(c for c in CODES if c not in tests)
    assert missing == []


def test_committed_editor_schemas_are_current():
    for name in SCHEMAS:
        committed = json.loads((REPO / ".qbank/schema" / f"{name}.schema.json").read_text(
            encoding="utf-8"))
        assert committed == schema_for(name), f"run: qbank schema ({name})"
