"""The build cache (.qbank/cache): a cached build is byte-identical to a build without it, and a
damaged or outdated cache never reaches the output."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

import pytest

import qbank
from qbank.export.bundle import build
from qbank.export.cache import CACHE_DIR, CACHE_FILE, secret_path

BANK = """
questions:
  - id: chon-mot
    type: single_choice
    stem: "Chọn **một** đáp án về *mã OTP*."
    options:
      - {text: Sai một, feedback: "Chưa đúng: *không* chia sẻ"}
      - {text: Đúng, correct: true}
    skills: ["4.2"]
    level: 1
    feedback: "Xem [trang](https://dichvucong.gov.vn)."
  - id: co-anh
    type: single_choice
    stem: "Biểu tượng nào? ![ổ khóa](khoa.png)"
    options: [{text: Ổ khóa, correct: true}, {text: Chìa khóa}]
    skills: ["4.2"]
    level: 1
  - id: dien-otp
    type: text_entry
    stem: "Mã dùng một lần gọi là mã ____."
    answers: [OTP, mã OTP]
    skills: ["4.2"]
    level: 1
  - id: ghep
    type: matching
    stem: Ghép.
    pairs: [{left: OTP, right: Mã một lần}, {left: VNeID, right: Định danh}]
    skills: ["4.2"]
    level: 2
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
COURSE = """
id: khoa
title: Khóa học
audience: nguoi-dan
lessons: [lessons/01-bai.md]
checkpoints:
  - {after: bai, questions: [q-mot, chon-mot]}
final:
  id: kiem-tra
  sections:
    - {id: phan, select: 2, pool: {banks: [chung, them]}}
"""
FILES = {"question_banks/them/cau-hoi.yaml": BANK, "question_banks/them/khoa.png": PNG,
         "courses/khoa/course.yaml": COURSE}


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}


@pytest.fixture
def project(project_at, monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("QBANK_NO_CACHE", raising=False)
    project, diags = project_at(FILES)
    assert not qbank.has_errors(diags), diags
    return project


def _db(project):
    return project.root / CACHE_DIR / CACHE_FILE


def test_cached_builds_are_byte_identical_to_uncached_ones(project, tmp_path):
    assert build(project, tmp_path / "plain", cache=False).ok
    assert build(project, tmp_path / "cold", cache=True).ok  # fills the cache
    assert _db(project).is_file()
    with sqlite3.connect(_db(project)) as db:
        assert db.execute("SELECT count(*) FROM pieces").fetchone()[0] > 0
    assert build(project, tmp_path / "warm", cache=True).ok  # reads it
    plain = _files(tmp_path / "plain")
    assert plain == _files(tmp_path / "cold") == _files(tmp_path / "warm")


def test_an_edited_question_is_rebuilt_not_taken_from_the_cache(project, tmp_path):
    assert build(project, tmp_path / "first", cache=True).ok
    bank = project.root / "question_banks/them/cau-hoi.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("về *mã OTP*", "về *mật khẩu*"),
                    encoding="utf-8")
    edited = qbank.load_project(project.root)
    assert build(edited, tmp_path / "cached", cache=True).ok
    assert build(edited, tmp_path / "plain", cache=False).ok
    cached = _files(tmp_path / "cached")
    assert cached == _files(tmp_path / "plain")
    item = cached["khoa-1.0/questions.json"].decode("utf-8")
    assert "mật khẩu" in item and "về *mã OTP*" not in item


def test_damaged_cache_entries_are_ignored(project, tmp_path):
    assert build(project, tmp_path / "plain", cache=False).ok
    assert build(project, tmp_path / "cold", cache=True).ok
    with sqlite3.connect(_db(project)) as db:  # every stored value altered, checksums kept
        db.execute("UPDATE pieces SET data = CAST('<evil/>' AS BLOB)")
    assert build(project, tmp_path / "damaged", cache=True).ok
    out = _files(tmp_path / "damaged")
    assert out == _files(tmp_path / "plain")
    assert not any(b"evil" in data for data in out.values())


def test_a_cache_file_that_is_not_a_database_is_replaced(project, tmp_path):
    assert build(project, tmp_path / "plain", cache=False).ok
    _db(project).parent.mkdir(parents=True, exist_ok=True)
    _db(project).write_bytes(b"not a database " * 100)
    assert build(project, tmp_path / "cached", cache=True).ok
    assert _files(tmp_path / "cached") == _files(tmp_path / "plain")
    with sqlite3.connect(_db(project)) as db:
        assert db.execute("SELECT count(*) FROM pieces").fetchone()[0] > 0


def test_questions_with_media_are_never_cached(project, tmp_path):
    assert build(project, tmp_path / "out", cache=True).ok
    with sqlite3.connect(_db(project)) as db:
        stored = [row[0] for row in db.execute("SELECT data FROM pieces")
                  if not row[0].startswith(b'{"')]  # not the parsed source files
    assert stored and not any(b"co-anh" in data or "Ổ khóa".encode() in data for data in stored)
    assert any("Chọn".encode() in data for data in stored)


def test_a_cache_signed_with_another_key_is_not_trusted(project, tmp_path, monkeypatch):
    """A cache file that came with the repository (someone else's key) cannot put its own
    content into the packages, even with checksums that match under that other key."""
    assert build(project, tmp_path / "plain", cache=False).ok
    assert build(project, tmp_path / "cold", cache=True).ok
    theirs = secret_path().read_bytes()
    evil = b"<script>alert(1)</script>"
    with sqlite3.connect(_db(project)) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM pieces")]
        for i, k in enumerate(keys):  # signed with their key, or with no key at all
            signed = k.encode() + b"\0" + evil
            sig = (hmac.new(theirs, signed, hashlib.sha256) if i % 2
                   else hashlib.sha256(signed)).hexdigest()
            db.execute("UPDATE pieces SET data = ?, sum = ? WHERE key = ?", (evil, sig, k))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert build(project, tmp_path / "cloned", cache=True).ok
    out = _files(tmp_path / "cloned")
    assert out == _files(tmp_path / "plain")
    assert not any(b"alert(1)" in data for data in out.values())
    assert (tmp_path / "another-user/qbank/cache-key").stat().st_mode & 0o077 == 0


def _diagnostics(project):
    return [(d.code.id, d.pos.path.name if d.pos else None, d.pos.line if d.pos else None,
             d.pos.col if d.pos else None, d.message("vi")) for d in qbank.check(project)]


def test_files_parsed_before_load_from_the_cache_with_the_same_result(project, tmp_path,
                                                                      monkeypatch):
    assert not _db(project).exists()  # loading (qbank check) never creates the cache
    assert build(project, tmp_path / "first", cache=True).ok  # a build does
    qbank.load_project(project.root)  # stores the parsed files
    with sqlite3.connect(_db(project)) as db:
        parsed = [d for (d,) in db.execute("SELECT data FROM pieces") if d.startswith(b'{"')]
    assert len(parsed) >= 3
    again = qbank.load_project(project.root)  # reads them
    monkeypatch.setenv("QBANK_NO_CACHE", "1")
    fresh = qbank.load_project(project.root)
    assert _diagnostics(again) == _diagnostics(fresh)
    assert any(code == "QB0808" and line for code, _, line, _, _ in _diagnostics(again))
    assert [e.q for e in again.questions.values()] == [e.q for e in fresh.questions.values()]
    assert build(again, tmp_path / "a", cache=False).ok
    assert build(fresh, tmp_path / "b", cache=False).ok
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_build_no_cache_leaves_no_cache_behind(project, tmp_path):
    from click.testing import CliRunner

    from qbank.cli import main

    r = CliRunner().invoke(main, ["build", str(project.root), "--out", str(tmp_path / "a"),
                                  "--no-cache", "--only", "qti21"])
    assert r.exit_code == 0, r.output
    assert not _db(project).exists()
    r = CliRunner().invoke(main, ["build", str(project.root), "--out", str(tmp_path / "b"),
                                  "--only", "qti21"])
    assert r.exit_code == 0 and _db(project).is_file()
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
