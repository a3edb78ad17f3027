"""qbank against text2qti and against the floor, on equivalent banks of N single-choice questions.

    python benchmarks/bench_peers.py                  # N = 1000 10000 50000, 3 runs each
    python benchmarks/bench_peers.py -n 10000 --runs 3 --no-linearity
    python benchmarks/bench_peers.py -n 5000 -n 50000 --keep /tmp/bench

For every N the script writes the same questions (Vietnamese text with diacritics, Markdown
emphasis, an explanation) twice: as a qbank project (qbank.yaml, one course, one bank of files
of 200 questions) and as one text2qti quiz file. It then runs, alternating and each in a fresh
process, these jobs:

  floor-gc      benchmarks/floor_qti.py: the bank read with PyYAML's C loader and written as
                minimal QTI 2.1 item strings into a zip (no validation, no rules, no Markdown)
  floor-nogc    the same with the garbage collector off
  qbank-qti21   `qbank build --only qti21` (a build checks the project first)
  qbank-all     `qbank build`: every default format (QTI 3.0 and 2.1, JSON, OLX, review sheet)
  text2qti      `text2qti quiz.txt` (its one QTI package)

The qbank rows are cold: the build cache (.qbank/cache) and the output folder are removed
before every run. Rows marked "=" then build again with nothing changed (cache and output
kept), as a second `qbank build` in a row does. For each row the table gives the median wall
time and its spread (min–max), the peak resident memory of the job's processes, the speed
relative to text2qti (its time / the job's time: above 1 is faster) and the time per question.
Then the ratios the speed goals are stated in, a linearity line (time per question at the
largest N against 5,000) and an incremental rebuild: one question file changed after a full
build of every default format, built again with its cache.

text2qti is installed from the package index into benchmarks/.venv-text2qti when absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
T2Q_VENV = HERE / ".venv-text2qti"
T2Q_VERSION = "0.8.0"
QUESTIONS_PER_FILE = 200

# The same question for both tools: stem with emphasis, four options, one key, an explanation.
STEMS = [
    "Khi nhận được tin nhắn yêu cầu **cung cấp mã OTP**, bạn nên làm gì?",
    "Để bảo vệ *tài khoản định danh điện tử* VNeID, việc nào sau đây là đúng?",
    "Khi dùng **dịch vụ công trực tuyến**, người dân nên kiểm tra điều gì trước tiên?",
]
OPTIONS = [
    ("Đọc mã cho người gửi để được hỗ trợ nhanh", False),
    ("Không cung cấp và báo cho ngân hàng qua *số điện thoại chính thức*", True),
    ("Gửi mã qua mạng xã hội cho người thân giữ hộ", False),
    ("Đăng mã lên nhóm để hỏi ý kiến mọi người", False),
]
FEEDBACK = "Mã OTP là *bí mật*; cơ quan, ngân hàng **không bao giờ** hỏi mã này (câu {n})."


def stem(n: int) -> str:
    return f"Câu {n}: {STEMS[n % len(STEMS)]}"


def option_text(n: int, i: int) -> str:
    return f"{OPTIONS[i][0]} ({n}.{i + 1})"


# --- qbank project -----------------------------------------------------------------------------

def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def question_yaml(n: int) -> str:
    lines = [f"  - id: q-{n:06d}", "    type: single_choice", f"    stem: {_yaml_str(stem(n))}",
             "    options:"]
    for i, (_, correct) in enumerate(OPTIONS):
        lines.append(f"      - text: {_yaml_str(option_text(n, i))}")
        if correct:
            lines.append("        correct: true")
    lines += ['    skills: ["4.2"]', f"    level: {1 + n % 3}", "    use: [checkpoint, final]",
              f"    feedback: {_yaml_str(FEEDBACK.format(n=n))}"]
    return "\n".join(lines) + "\n"


def bank_file(start: int, stop: int) -> str:
    return "questions:\n" + "".join(question_yaml(i) for i in range(start, stop))


def make_qbank_project(root: Path, n: int) -> list[Path]:
    """Write a qbank project with one course whose final test draws from all N questions."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qbank.yaml").write_text(
        "organization: {name: Sở Khoa học và Công nghệ (đo hiệu năng), code: BENCH}\n",
        encoding="utf-8")
    bank = root / "question_banks" / "bench"
    bank.mkdir(parents=True)
    files = []
    for start in range(0, n, QUESTIONS_PER_FILE):
        path = bank / f"q-{start:06d}.yaml"
        path.write_text(bank_file(start, min(n, start + QUESTIONS_PER_FILE)), encoding="utf-8")
        files.append(path)
    course = root / "courses" / "bench"
    (course / "lessons").mkdir(parents=True)
    (course / "lessons" / "01-a.md").write_text(
        "---\nid: bench-lesson\ntitle: Bảo vệ tài khoản\nskills: ['4.2']\n---\n\n"
        "Không chia sẻ **mã OTP** với bất kỳ ai.\n", encoding="utf-8")
    (course / "course.yaml").write_text(textwrap.dedent(f"""\
        id: bench
        title: Khóa đo hiệu năng
        audience: can-bo-cong-chuc-vien-chuc
        start: 2026-01-01
        end: 2026-12-31
        lessons: [lessons/01-a.md]
        checkpoints: [{{after: bench-lesson, questions: [q-000000, q-000001]}}]
        final:
          id: bench-final
          pass_threshold: 70
          time_limit_minutes: 30
          attempts: 2
          sections: [{{id: s, select: {min(n, 30)}, pool: {{banks: [bench]}}}}]
        """), encoding="utf-8")
    return files


# --- text2qti quiz -----------------------------------------------------------------------------

def make_text2qti_quiz(path: Path, n: int) -> None:
    out = ["Quiz title: Khóa đo hiệu năng",
           "Quiz description: Bài kiểm tra cuối khóa (đo hiệu năng).", ""]
    for q in range(n):
        out.append(f"{q + 1}.  {stem(q)}")
        out.append(f"... {FEEDBACK.format(n=q)}")
        for i, (_, correct) in enumerate(OPTIONS):
            letter = "abcd"[i]
            out.append(f"{'*' if correct else ''}{letter})  {option_text(q, i)}")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def ensure_text2qti() -> Path:
    exe = T2Q_VENV / "bin" / "text2qti"
    if not exe.exists():
        print(f"# installing text2qti {T2Q_VERSION} into {T2Q_VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(T2Q_VENV)], check=True)
        subprocess.run([str(T2Q_VENV / "bin" / "pip"), "install", "-q",
                        f"text2qti=={T2Q_VERSION}"], check=True)
    return exe


# --- measuring ---------------------------------------------------------------------------------

# Runs its commands one after another in child processes; reports their wall time and the
# largest peak RSS among them (getrusage(RUSAGE_CHILDREN) keeps the maximum of waited children).
WRAPPER = """
import json, resource, subprocess, sys, time
jobs = json.loads(sys.argv[1])
t0 = time.perf_counter()
for job in jobs:
    r = subprocess.run(job["cmd"], cwd=job.get("cwd"), stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace")[-4000:])
        sys.exit(r.returncode)
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_jobs(jobs: list[dict], env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(jobs)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"benchmark job failed ({out.returncode}): {jobs}\n{out.stderr}")
    return json.loads(out.stdout)


def qbank_exe() -> list[str]:
    return [sys.executable, "-m", "qbank"]


def qbank_job(root: Path, formats: str | None, out: Path | None = None) -> list[dict]:
    return [{"cmd": qbank_exe() + ["build", str(root)] + (["--only", formats] if formats else [])
             + (["--out", str(out)] if out else [])}]


def clean_qbank(root: Path) -> None:
    shutil.rmtree(root / "dist", ignore_errors=True)
    shutil.rmtree(root / ".qbank" / "cache", ignore_errors=True)


def floor_job(root: Path, out: Path, gc_on: bool) -> list[dict]:
    return [{"cmd": [sys.executable, str(HERE / "floor_qti.py"), str(root), str(out)]
             + ([] if gc_on else ["--no-gc"])}]


QBANK_ROWS = {"qbank-qti21": "qti21", "qbank-all": None}  # None: the default formats


class Bench:
    def __init__(self, work: Path, runs: int, t2q: Path, warm: bool = True):
        self.warm = warm
        self.work = work
        self.runs = runs
        self.t2q = t2q
        self.env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600",
                        PYTHONDONTWRITEBYTECODE="1")
        # text2qti writes ~/.text2qti.bespon on first use: keep it out of the user's home.
        self.t2q_env = dict(self.env, HOME=str(work / "home"))
        (work / "home").mkdir(exist_ok=True)

    def prepare(self, n: int) -> tuple[Path, Path, list[Path]]:
        root = self.work / f"qbank-{n}"
        quiz_dir = self.work / f"text2qti-{n}"
        if not root.exists():
            files = make_qbank_project(root, n)
        else:
            files = sorted((root / "question_banks" / "bench").glob("*.yaml"))
        if not quiz_dir.exists():
            quiz_dir.mkdir()
            make_text2qti_quiz(quiz_dir / "quiz.txt", n)
        return root, quiz_dir, files

    def measure(self, n: int, runs: int | None = None) -> dict[str, dict]:
        root, quiz_dir, _ = self.prepare(n)
        floor_zip = self.work / f"floor-{n}.zip"
        tools = {
            "floor-gc": (lambda: floor_zip.unlink(missing_ok=True),
                         floor_job(root, floor_zip, True), self.env),
            "floor-nogc": (lambda: floor_zip.unlink(missing_ok=True),
                           floor_job(root, floor_zip, False), self.env),
            **{name: (lambda: clean_qbank(root), qbank_job(root, formats), self.env)
               for name, formats in QBANK_ROWS.items()},
            "text2qti": (lambda: (quiz_dir / "quiz.zip").unlink(missing_ok=True),
                         [{"cmd": [str(self.t2q), "quiz.txt"], "cwd": str(quiz_dir)}],
                         self.t2q_env),
        }
        samples: dict[str, list[dict]] = {name: [] for name in tools}
        for _ in range(runs or self.runs):
            for name, (clean, jobs, env) in tools.items():  # alternating
                clean()
                samples[name].append(run_jobs(jobs, env))
        assert (quiz_dir / "quiz.zip").is_file(), "text2qti wrote no package"
        if self.warm and n <= 10000:  # built again, nothing changed: cache and output kept
            clean_qbank(root)
            # Each its own output folder, outside the project (which would else change).
            outs = {name: self.work / f"out-{n}-{name}" for name in QBANK_ROWS}
            warm = {name + " =": qbank_job(root, formats, outs[name])
                    for name, formats in QBANK_ROWS.items()}
            for name, jobs in warm.items():
                shutil.rmtree(outs[name[:-2]], ignore_errors=True)
                run_jobs(jobs, self.env)  # fills the cache and the output folder
                samples[name] = []
            for _ in range(runs or self.runs):
                for name, jobs in warm.items():  # alternating
                    samples[name].append(run_jobs(jobs, self.env))
        return {name: {"wall": statistics.median(s["wall"] for s in runs),
                       "min": min(s["wall"] for s in runs), "max": max(s["wall"] for s in runs),
                       "rss_mb": max(s["rss_mb"] for s in runs)}
                for name, runs in samples.items()}

    def incremental(self, n: int) -> dict:
        """Full build of every default format (cold cache) vs a rebuild after one question file
        changed, and vs one with nothing changed."""
        root, _, files = self.prepare(n)
        cmd = qbank_job(root, None)
        full, incr, noop = [], [], []
        target = files[len(files) // 2]
        original = target.read_text(encoding="utf-8")
        try:
            for i in range(self.runs):
                clean_qbank(root)
                target.write_text(original, encoding="utf-8")
                full.append(run_jobs(cmd, self.env)["wall"])
                noop.append(run_jobs(cmd, self.env)["wall"])
                target.write_text(original.replace("Câu ", f"Câu (sửa {i}) ", 1),
                                  encoding="utf-8")
                incr.append(run_jobs(cmd, self.env)["wall"])
        finally:
            target.write_text(original, encoding="utf-8")
        return {"full": statistics.median(full), "incremental": statistics.median(incr),
                "unchanged": statistics.median(noop)}


def goals(r: dict[str, dict]) -> None:
    """The ratios issue #17's goals are stated in, from one run's medians."""
    t2q, floor = r["text2qti"]["wall"], r["floor-nogc"]["wall"]
    qti, every = r["qbank-qti21"]["wall"], r["qbank-all"]["wall"]
    print(f"# qti21 cold: {t2q / qti:.2f}× text2qti (goal ≥ 5), {qti / floor:.2f}× the GC-off "
          f"floor (goal ≤ 1.25); every format cold: {t2q / every:.2f}× text2qti (goal ≥ 2); "
          f"peak {r['qbank-all']['rss_mb']:.0f} MB (goal < 200)")
    for name in QBANK_ROWS:
        if name + " =" in r:
            print(f"# {name} built again, nothing changed: "
                  f"{100 * r[name + ' =']['wall'] / r[name]['wall']:.0f}% of cold (goal ≤ 15%)")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPU, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--questions", type=int, action="append",
                    help="bank size (repeatable; default 1000, 10000, 50000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per tool and N (median)")
    ap.add_argument("--large-runs", type=int, default=1,
                    help="runs per tool for N above 10,000 (they take minutes)")
    ap.add_argument("--linearity-base", type=int, default=5000,
                    help="N whose time per question the largest N is compared with")
    ap.add_argument("--incremental-n", type=int, default=10000,
                    help="N of the incremental rebuild measurement (0: skip)")
    ap.add_argument("--no-incremental", action="store_true")
    ap.add_argument("--no-linearity", action="store_true")
    ap.add_argument("--no-warm", action="store_true",
                    help="skip the rows built again with nothing changed (run name + =)")
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = ap.parse_args(argv)
    sizes = args.questions or [1000, 10000, 50000]

    t2q = ensure_text2qti()
    work = args.keep or Path(tempfile.mkdtemp(prefix="qbank-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.runs, t2q, warm=not args.no_warm)
    try:
        print(f"# qbank vs text2qti {T2Q_VERSION} and the floor — {machine()} — "
              f"{time.strftime('%Y-%m-%d')} — median of {args.runs} runs (N > 10,000: "
              f"{args.large_runs}), alternating; cold: no build cache, no output; "
              f"=: built again, nothing changed")
        print(f"{'N':>7}  {'run':<14} {'median s':>9} {'spread s':>12} {'peak MB':>8} "
              f"{'×text2qti':>10} {'ms/question':>12}")
        results: dict[int, dict] = {}
        for n in sizes:
            r = bench.measure(n, args.runs if n <= 10000 else args.large_runs)
            results[n] = r
            base = r["text2qti"]["wall"]
            for name, m in r.items():
                spread = f"{m['min']:.2f}–{m['max']:.2f}"
                print(f"{n:>7}  {name:<14} {m['wall']:>9.2f} {spread:>12} {m['rss_mb']:>8.0f} "
                      f"{base / m['wall']:>9.2f}× {1000 * m['wall'] / n:>12.3f}", flush=True)
            goals(r)
        big = max(sizes)
        if not args.no_linearity and big > args.linearity_base:
            base_n = args.linearity_base
            small = results.get(base_n) or bench.measure(base_n, args.runs)
            for name in ("qbank-qti21", "qbank-all", "text2qti"):
                a = small[name]["wall"] / base_n
                b = results[big][name]["wall"] / big
                print(f"# linearity {name}: {1000 * b:.3f} ms/question at {big} vs "
                      f"{1000 * a:.3f} at {base_n}: {b / a:.2f}×")
        if not args.no_incremental and args.incremental_n:
            inc = bench.incremental(args.incremental_n)
            print(f"# incremental ({args.incremental_n} questions, every default format): "
                  f"full {inc['full']:.2f} s, one question file changed {inc['incremental']:.2f} s "
                  f"({100 * inc['incremental'] / inc['full']:.0f}%), nothing changed "
                  f"{inc['unchanged']:.2f} s ({100 * inc['unchanged'] / inc['full']:.0f}%)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
