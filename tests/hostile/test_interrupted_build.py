"""A build killed at any moment leaves the previous output complete and usable."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

from helpers import write_project

N_QUESTIONS = 600
Q = """  - id: q-{n:04d}
    type: single_choice
    stem: "Câu {n}: khi nhận được tin nhắn yêu cầu **mã OTP**, bạn nên làm gì?"
    options:
      - text: Đọc mã cho người gửi
      - {{text: Không cung cấp và gọi tổng đài chính thức, correct: true}}
      - text: Gửi mã cho người thân giữ hộ
    skills: ["4.2"]
    level: 1
    feedback: Ngân hàng không bao giờ hỏi mã OTP.
"""


def _bundle_is_complete(out) -> bool:
    bundle = out / "khoa-1.0"
    manifest = json.loads((bundle / "MANIFEST.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        if hashlib.sha256((bundle / f["path"]).read_bytes()).hexdigest() != f["sha256"]:
            return False
    with zipfile.ZipFile(out / "khoa-1.0.zip") as zf:
        return zf.testzip() is None


def _build(root, out):
    return subprocess.Popen([sys.executable, "-m", "qbank", "build", str(root), "--out",
                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_killed_builds_leave_the_previous_output_and_a_later_build_cleans_up(tmp_path):
    bank = "questions:\n" + "".join(Q.format(n=n) for n in range(N_QUESTIONS))
    course = ("id: khoa\ntitle: Khóa\naudience: nguoi-dan\nlessons: [lessons/01-bai.md]\n"
              "checkpoints: [{after: bai, questions: [q-0000]}]\nfinal:\n  id: kiem-tra\n"
              "  sections: [{id: phan, select: 20, pool: {banks: [lon]}}]\n")
    write_project(tmp_path, {"question_banks/lon/cau-hoi.yaml": bank,
                             "courses/khoa/course.yaml": course})
    out = tmp_path / "dist"
    started = time.monotonic()
    assert _build(tmp_path, out).wait(timeout=300) == 0
    full = time.monotonic() - started
    reference = (out / "khoa-1.0/MANIFEST.json").read_bytes()
    for fraction in (0.15, 0.35, 0.55, 0.75, 0.9, 0.97):
        proc = _build(tmp_path, out)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert _bundle_is_complete(out), fraction
        assert (out / "khoa-1.0/MANIFEST.json").read_bytes() == reference
    assert _build(tmp_path, out).wait(timeout=300) == 0
    assert sorted(p.name for p in out.iterdir()) == ["khoa-1.0", "khoa-1.0.zip", "schema"]
    assert not [p for p in tmp_path.rglob(".qbank-build-*")]
    assert os.listdir(out / "khoa-1.0")
