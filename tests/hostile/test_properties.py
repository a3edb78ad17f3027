"""Property-based: whatever YAML or question a repository holds, loading, checking and building
end in diagnostics, never in an unhandled exception."""

from __future__ import annotations

import math
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from helpers import write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qbank
from qbank.model.question import Question
from qbank.model.validation import validate
from qbank.source.yamlpos import load_yaml

PATH = Path("x.yaml")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=30)
KEYS = ["id", "type", "stem", "options", "answer", "answers", "items", "pairs", "skills",
        "level", "use", "feedback", "tags", "review", "media", "shuffle", "distractors"]
TYPES = ["single_choice", "multiple_response", "true_false", "text_entry", "ordering",
         "matching", "khac"]
questions = st.fixed_dictionaries({
    "id": st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), st.text(max_size=5)),
    "type": st.sampled_from(TYPES)}, optional={k: documents for k in KEYS[2:]})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_to_data_or_diagnostics(text):
    result = load_yaml(text, PATH)
    assert result.data is not None or result.diagnostics or not text.strip() or \
        yaml.safe_load(text) is None


@settings(max_examples=200, deadline=None)
@given(documents)
def test_any_yaml_document_round_trips_through_the_loader(doc):
    text = yaml.safe_dump(doc, allow_unicode=True)
    result = load_yaml(text, PATH)
    # The same data as PyYAML's own safe loader reads, its text in NFC; the only possible
    # remark is about NFC.
    assert {d.code.id for d in result.diagnostics} <= {"QB0106"}
    assert _comparable(result.data) == _comparable(yaml.safe_load(text))


def _comparable(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {_comparable(k): _comparable(v) for k, v in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(questions)
def test_any_question_object_validates_or_is_diagnosed(q):
    text = yaml.safe_dump(q, allow_unicode=True)
    loaded = load_yaml(text, PATH)
    value, diags = validate(Question, loaded.data, loaded.source_map)
    assert (value is None) == bool(diags)
    for d in diags:
        assert d.pos.line >= 1 and d.message("vi") and d.message("en")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(questions, min_size=1, max_size=4))
def test_projects_with_random_questions_check_and_build_without_crashing(qs):
    root = Path(tempfile.mkdtemp())
    try:
        write_project(root, {"question_banks/ngau-nhien/cau-hoi.yaml":
                             yaml.safe_dump({"questions": qs}, allow_unicode=True)})
        project = qbank.load_project(root)
        diags = qbank.check(project)
        result = qbank.build(project, root / "dist")
        assert result.ok == (not any(d.severity == "error" for d in diags))
    finally:
        shutil.rmtree(root)
