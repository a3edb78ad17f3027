"""Large projects parse half of their bank files in a second process; what is loaded and what
is reported must be exactly what one process gives, also when the second process fails."""

from __future__ import annotations

import os

import pytest

import qbank
import qbank.resolve.load as load

from helpers import write_project

BANK = """
questions:
  - id: {qid}-mot
    type: single_choice
    stem: Câu hỏi {qid} thứ nhất?
    options:
      - {{text: Đúng là A, correct: true}}
      - {{text: Là B}}
    skills: ["4.2"]
    level: 1
  - id: {qid}-hai
    type: true_false
    stem: Câu hỏi {qid} thứ hai.
    answer: true
    skills: ["4.2"]
    level: 2
"""

FILES = {f"question_banks/chung/tep-{i}.yaml": BANK.format(qid=f"q{i}") for i in range(7)}
FILES["question_banks/chung/tep-3.yaml"] = BANK.format(qid="q3").replace(
    "Câu hỏi q3 thứ nhất", "Cu\u0302u ho\u0309i q3 thứ nhất")  # NFD: a warning at load
FILES["question_banks/khac/tep-loi.yaml"] = BANK.format(qid="loi").replace("  - id: loi-hai",
                                                                          "\t- id: loi-hai")


def _load(root):
    project = qbank.load_project(root)
    return ({qid: (e.path.name, e.q.model_dump()) for qid, e in project.questions.items()},
            [(d.code.id, d.pos, d.args) for d in qbank.check(project)])


@pytest.mark.parametrize("cached", [True, False])
def test_two_processes_load_what_one_loads(tmp_path, monkeypatch, cached):
    write_project(tmp_path, FILES)
    if not cached:
        monkeypatch.setenv("QBANK_NO_CACHE", "1")
    monkeypatch.setenv("QBANK_JOBS", "1")
    one = _load(tmp_path)
    monkeypatch.setenv("QBANK_JOBS", "2")
    monkeypatch.setattr(load, "PARALLEL_PARSE_BYTES", 0)
    forks = []
    real_start = load.Forked.start
    monkeypatch.setattr(load.Forked, "start", lambda self, fn: forks.append(1) or
                        real_start(self, fn))
    two = _load(tmp_path)
    assert forks, "the second process was not used"
    assert two == one
    assert len(one[0]) == 16 and {c for c, _, _ in one[1]} >= {"QB0106", "QB0101"}


def test_a_failing_second_process_changes_nothing(tmp_path, monkeypatch):
    write_project(tmp_path, FILES)
    monkeypatch.setenv("QBANK_JOBS", "1")
    one = _load(tmp_path)
    monkeypatch.setenv("QBANK_JOBS", "2")
    monkeypatch.setattr(load, "PARALLEL_PARSE_BYTES", 0)

    def broken(path):
        raise MemoryError("the child ran out of memory")

    monkeypatch.setattr(load, "_parsed_elsewhere", broken)
    assert _load(tmp_path) == one


def test_no_second_process_while_another_thread_runs():
    """`qbank serve` loads projects beside its server's threads: forking then is not safe."""
    import threading

    from qbank.forked import second_process

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not second_process(2)
    finally:
        stop.set()
        thread.join()
    assert second_process(2) == ((os.cpu_count() or 1) >= 2)
