"""`qbank build` again with nothing changed: the same output and messages, nothing rewritten;
any change (a source, the output, the record itself) builds again, byte-identical to a cold
build."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from qbank.cli import main

BANK = "question_banks/chung/cau-hoi.yaml"


@pytest.fixture
def project(tmp_path, project_at, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("QBANK_NO_CACHE", raising=False)
    p, _ = project_at()
    return p.root


def build(root, *args):
    return CliRunner().invoke(main, ["build", str(root), "--format", "json", *args])


def files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def identities(out):
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


def cold(root, tmp_path, name="cold"):
    """The same sources built without the cache or any record, into a folder of its own."""
    out = tmp_path / name
    r = build(root, "--no-cache", "--out", str(out))
    assert r.exit_code == 0, r.output
    return files(out)


def test_nothing_changed_reports_the_same_and_rewrites_nothing(project, tmp_path):
    first = build(project)
    assert first.exit_code == 0, first.output
    out = project / "dist"
    before, ids = files(out), identities(out)
    again = build(project)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(first.stdout)  # the same diagnostics
    assert "không có gì thay đổi" in again.stderr
    assert identities(out) == ids  # not one file written again
    assert files(out) == before == cold(project, tmp_path)


def test_a_changed_question_builds_again_like_a_cold_build(project, tmp_path):
    assert build(project).exit_code == 0
    bank = project / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("Câu hỏi một?", "Câu hỏi một mới?"),
                    encoding="utf-8")
    r = build(project)
    assert r.exit_code == 0, r.output
    assert "không có gì thay đổi" not in r.stderr
    built = files(project / "dist")
    assert any("Câu hỏi một mới?".encode() in data for data in built.values())
    assert built == cold(project, tmp_path)


def test_a_question_changed_without_a_new_size_or_time_is_still_seen(project, tmp_path):
    assert build(project).exit_code == 0
    bank = project / BANK
    st = bank.stat()
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("Vì A.", "Vì B."), encoding="utf-8")  # same length
    os.utime(bank, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = build(project)
    assert "không có gì thay đổi" not in r.stderr
    assert files(project / "dist") == cold(project, tmp_path)


def test_a_touched_output_is_written_again(project, tmp_path):
    assert build(project).exit_code == 0
    out = project / "dist"
    expected = files(out)
    manifest = out / "khoa-1.0" / "MANIFEST.json"
    manifest.write_bytes(manifest.read_bytes().replace(b"khoa", b"KHOA"))
    (out / "khoa-1.0.zip").unlink()
    r = build(project)
    assert r.exit_code == 0 and "không có gì thay đổi" not in r.stderr
    assert files(out) == expected


def test_a_record_that_does_not_carry_this_users_signature_is_ignored(project):
    assert build(project).exit_code == 0
    (record,) = (project / ".qbank" / "cache" / "builds").glob("*.json")
    mac, _, body = record.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["diagnostics"] = []
    record.write_bytes(mac + b"\n" + json.dumps(data).encode())
    r = build(project)
    assert r.exit_code == 0 and "không có gì thay đổi" not in r.stderr
    assert json.loads(r.stdout)  # the real diagnostics, not the forged empty list


def test_other_requests_and_no_cache_build_in_full(project):
    assert build(project).exit_code == 0
    r = build(project, "--only", "qti21")  # another request: its own record
    assert r.exit_code == 0 and "không có gì thay đổi" not in r.stderr
    assert "không có gì thay đổi" in build(project, "--only", "qti21").stderr
    r = build(project, "--no-cache", "--only", "qti21")
    assert r.exit_code == 0 and "không có gì thay đổi" not in r.stderr
    # That build replaced the output: the record of the default formats no longer holds.
    assert "không có gì thay đổi" not in build(project).stderr
