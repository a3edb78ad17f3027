"""Time `qbank check` (load + validate + rules) on generated banks of N questions.

    python benchmarks/bench_check.py [N ...]      (default: 1000 10000)

Prints one row per N: wall time (median of 3 runs in fresh processes), time per question and
peak memory. Each run is a separate process so that caches and the garbage collector start cold.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

QUESTIONS_PER_FILE = 200
RUNS = 3

QUESTION = """\
  - id: q-{n:06d}
    type: single_choice
    stem: "Câu {n}: Khi nhận được tin nhắn yêu cầu **cung cấp mã OTP**, bạn nên làm gì?"
    options:
      - text: Đọc mã cho người gửi để được hỗ trợ nhanh
      - text: Không cung cấp và báo cho ngân hàng qua số điện thoại chính thức
        correct: true
      - text: Gửi mã qua mạng xã hội cho người thân giữ hộ
      - text: Đăng mã lên nhóm để hỏi ý kiến mọi người
    skills: ["4.2"]
    level: {level}
    use: [checkpoint, final]
    feedback: Mã OTP là *bí mật*; ngân hàng không bao giờ hỏi mã này.
"""

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
import qbank
project = qbank.load_project(sys.argv[1])
diags = qbank.check(project)
t1 = time.perf_counter()
assert len(project.questions) == int(sys.argv[2]), len(project.questions)
print(json.dumps({"seconds": t1 - t0, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "errors": sum(d.severity == "error" for d in diags)}))
"""


def make_project(root: Path, n: int) -> None:
    (root / "qbank.yaml").write_text(
        "organization: {name: Đơn vị đo, code: BENCH}\n", encoding="utf-8")
    bank = root / "question_banks" / "bench"
    bank.mkdir(parents=True)
    for start in range(0, n, QUESTIONS_PER_FILE):
        items = [QUESTION.format(n=i, level=1 + i % 3)
                 for i in range(start, min(n, start + QUESTIONS_PER_FILE))]
        (bank / f"q-{start:06d}.yaml").write_text("questions:\n" + "".join(items),
                                                  encoding="utf-8")
    course = root / "courses" / "bench"
    (course / "lessons").mkdir(parents=True)
    (course / "lessons" / "01-a.md").write_text(
        "---\nid: bench-lesson\ntitle: Bài\nskills: ['4.2']\n---\n\nNội dung.\n", encoding="utf-8")
    (course / "course.yaml").write_text(textwrap.dedent(f"""\
        id: bench
        title: Khóa đo
        audience: can-bo-cong-chuc-vien-chuc
        lessons: [lessons/01-a.md]
        checkpoints: [{{after: bench-lesson, questions: [q-000000, q-000001]}}]
        final:
          id: bench-final
          pass_threshold: 70
          time_limit_minutes: 30
          attempts: 2
          sections: [{{id: s, select: {min(n, 30)}, pool: {{banks: [bench]}}}}]
        """), encoding="utf-8")


def measure(root: Path, n: int) -> dict:
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", CHILD, str(root), str(n)], check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "rss_mb": max(r["rss_mb"] for r in runs), "errors": runs[0]["errors"]}


def main(sizes: list[int]) -> None:
    print(f"# qbank check — {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, median of {RUNS} runs")
    print(f"{'questions':>10} {'seconds':>8} {'ms/question':>12} {'peak MB':>8}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            make_project(Path(tmp), n)
            r = measure(Path(tmp), n)
        assert r["errors"] == 0, f"generated project has {r['errors']} errors"
        print(f"{n:>10} {r['seconds']:>8.2f} {1000 * r['seconds'] / n:>12.3f} {r['rss_mb']:>8.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
