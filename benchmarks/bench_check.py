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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_peers import make_qbank_project  # noqa: E402

RUNS = 3

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
            make_qbank_project(Path(tmp), n)  # the bank bench_peers.py measures
            r = measure(Path(tmp), n)
        assert r["errors"] == 0, f"generated project has {r['errors']} errors"
        print(f"{n:>10} {r['seconds']:>8.2f} {1000 * r['seconds'] / n:>12.3f} {r['rss_mb']:>8.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
