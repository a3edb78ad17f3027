"""Coverage-guided fuzzing of the source loader: bytes in, data or diagnostics out, never a crash.

    pip install atheris
    mkdir -p /tmp/qbank-corpus
    python fuzz/fuzz_loader.py /tmp/qbank-corpus fuzz/corpus -max_total_time=60   # 60 seconds

(libFuzzer adds the inputs it finds to the first folder; keep the committed seeds second.)

Each input is treated as the bytes of a question-bank file and as a lesson with front matter; the
target fails only on an exception escaping the loader, or on a diagnostic without a position.
`one_input` is also imported by the test suite to replay the seed corpus.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from qbank.model.lesson import LessonMeta
from qbank.model.question import BankFile
from qbank.model.validation import validate
from qbank.source.files import read_text, split_front_matter
from qbank.source.yamlpos import load_yaml

_DIR = Path(tempfile.mkdtemp(prefix="qbank-fuzz-"))
_FILE = _DIR / "cau-hoi.yaml"


def _assert_located(diags) -> None:
    for d in diags:
        assert d.pos is not None and d.message("vi") and d.message("en"), d


def one_input(data: bytes) -> None:
    _FILE.write_bytes(data)
    text, diags = read_text(_FILE)
    _assert_located(diags)
    if text is None:
        return
    loaded = load_yaml(text, _FILE)
    _assert_located(loaded.diagnostics)
    if isinstance(loaded.data, dict):
        _, diags = validate(BankFile, loaded.data, loaded.source_map)
        _assert_located(diags)
    front, diags = split_front_matter(text, _FILE)
    _assert_located(diags)
    if front is not None:
        meta = load_yaml(front.yaml_text, _FILE, line_offset=front.yaml_line - 1)
        _assert_located(meta.diagnostics)
        if isinstance(meta.data, dict):
            _, diags = validate(LessonMeta, meta.data, meta.source_map)
            _assert_located(diags)


def main() -> None:
    import atheris  # noqa: PLC0415 - only the fuzzing run needs it

    atheris.instrument_all()  # coverage feedback from qbank, PyYAML and pydantic code
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
