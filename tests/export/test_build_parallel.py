"""A build split over two processes (export/parallel.py) gives the bytes and the messages of a
serial build, also when the second process fails or the content has errors."""

from __future__ import annotations

import os
import time

import pytest

import qbank
from qbank.export import parallel, qti_writers, registry
from qbank.export.bundle import build

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

BANK = """
questions:
  - id: mot
    type: single_choice
    stem: "Chọn **một** đáp án."
    options: [{text: Sai, feedback: Chưa đúng}, {text: Đúng, correct: true}]
    skills: ["4.2"]
    level: 1
    feedback: Vì đúng.
  - id: dien
    type: text_entry
    stem: "Mã dùng một lần gọi là mã ____."
    answers: [OTP]
    skills: ["4.2"]
    level: 1
"""


def files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def messages(result):
    return [(d.code.id, str(d.pos), d.message("vi"), d.hint("en")) for d in result.diagnostics]


@pytest.fixture
def project(project_at, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("QBANK_NO_CACHE", "1")
    p, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK})
    return p


@pytest.mark.parametrize("formats", [None, ["qti21"], ["json", "olx", "review"]])
def test_two_processes_give_the_bytes_of_one(project, tmp_path, formats):
    assert parallel.split(list(formats or ["qti30", "qti21", "json", "olx", "review"]))
    serial = build(project, tmp_path / "serial", formats, jobs=1)
    split = build(project, tmp_path / "split", formats, jobs=2)
    assert serial.ok and split.ok
    assert messages(split) == messages(serial)
    assert files(tmp_path / "split") == files(tmp_path / "serial")
    assert not list((tmp_path / "split").glob(".qbank-build-*"))


def test_a_failed_second_process_is_redone_and_changes_nothing(project, tmp_path, monkeypatch):
    serial = build(project, tmp_path / "serial", ["qti21", "json"], jobs=1)
    real = registry.load_writers()["qti21"]
    parent = os.getpid()

    def fails_in_the_child(ctx, bundle):
        if os.getpid() != parent:
            raise RuntimeError("the second process fails")
        real.write(ctx, bundle)

    monkeypatch.setitem(registry.WRITERS, "qti21", registry.Writer("qti21", "", fails_in_the_child))
    split = build(project, tmp_path / "split", ["qti21", "json"], jobs=2)
    assert split.ok and messages(split) == messages(serial)
    assert files(tmp_path / "split") == files(tmp_path / "serial")


@pytest.mark.parametrize("formats", [["qti21"], None])
def test_the_idle_process_builds_qti_items_for_the_writer(project, tmp_path, monkeypatch,
                                                          formats):
    """The process with nothing left to do takes chunks of QTI items off the writer's hands
    (parallel.Shares): the packages keep their order and their bytes."""
    serial = build(project, tmp_path / "serial", formats, jobs=1)
    monkeypatch.setattr(qti_writers, "CHUNK", 1)
    parent, built_here = os.getpid(), []
    real_chunk = qti_writers._chunk

    def chunk(ctx, media, versions, store, i):
        if os.getpid() == parent:
            built_here.append(i)
        else:
            time.sleep(0.3)  # a slow writer: the other process has time to help
        return real_chunk(ctx, media, versions, store, i)

    monkeypatch.setattr(qti_writers, "_chunk", chunk)
    split = build(project, tmp_path / "split", formats, jobs=2)
    assert split.ok and messages(split) == messages(serial)
    assert built_here, "the idle process built no item"
    assert files(tmp_path / "split") == files(tmp_path / "serial")


def test_content_errors_leave_no_output_from_either_process(project_at, tmp_path):
    project, _ = project_at({"question_banks/them/cau-hoi.yaml":
                             BANK.replace("level: 1", "level: 9", 1)})
    serial = build(project, tmp_path / "out", ["qti21"], jobs=1)
    result = build(project, tmp_path / "out", ["qti21"], jobs=2)
    assert not result.ok and "QB0902" in [d.code.id for d in result.diagnostics]
    assert not (tmp_path / "out").exists()
    assert messages(result) == messages(serial)


def test_small_banks_build_in_one_process_unless_asked(monkeypatch):
    monkeypatch.delenv("QBANK_JOBS", raising=False)
    assert parallel.jobs_wanted(None, 10) == 1
    monkeypatch.setenv("QBANK_JOBS", "1")
    assert parallel.jobs_wanted(None, 50000) == 1
    assert parallel.jobs_wanted(2, 10) == (2 if (os.cpu_count() or 1) > 1 else 1)
    assert qbank.build  # the library entry point builds serially for small projects
