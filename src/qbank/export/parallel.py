"""A second process for part of a build, so that checking and writing use both cores.

After loading, `qbank build` forks once (POSIX). The formats are cut into units of work (the
two QTI versions together, since one item tree serves both; every other format alone), heaviest
first, and each process takes the next unit whenever it is free: the child starts at once,
the parent after checking the project. The parent, left with nothing to do while the child
writes the QTI packages, builds and compresses chunks of their items for it (Shares), so that
neither core waits for long. The child writes into a folder of its own inside the
build's temporary folder; the parent then moves the child's files into the bundles and takes
its diagnostics, in the order a serial build reports them. Nothing the child does is used
unless it finished cleanly and the check found no error; a child that failed in any way has
its units redone in the parent, so the output and the messages are those of a serial build
(tests compare the two byte for byte).
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

from qbank.diagnostics import CODES, Diagnostic
from qbank.forked import Forked, second_process

SHARES_DIR = ".shares"
PARALLEL_FROM = 2000  # questions; below this a second process costs more than it saves
CHILD_DIR = ".child"
CHECK_WEIGHT = 1.1  # seconds at 10,000 questions (benchmarks/bench_peers.py, 2026-12-02)
WEIGHTS = {"qti30": 1.9, "qti21": 1.9, "json": 0.75, "olx": 1.0, "review": 0.8}
QTI = ("qti30", "qti21")  # build each item once for both versions: kept in one process


def jobs_wanted(jobs: int | None, questions: int) -> int:
    if jobs is None and not os.environ.get("QBANK_JOBS", "").strip().isdigit() \
            and questions < PARALLEL_FROM:
        return 1
    return 2 if second_process(jobs) else 1


def units(formats: list[str]) -> list[list[str]]:
    """The formats as units of work, heaviest first (the QTI versions stay together)."""
    found = [[f for f in formats if f in QTI]] + [[f] for f in formats if f not in QTI]
    return sorted((u for u in found if u), key=lambda u: -sum(WEIGHTS.get(f, 2.0) for f in u))


def split(formats: list[str]) -> list[str]:
    """The formats the child would write if each process took the lighter load in turn (the
    parent starting with the check): an estimate, used to decide whether to fork at all."""
    parent, child, theirs = CHECK_WEIGHT, 0.0, []
    for unit in units(formats):
        w = sum(WEIGHTS.get(f, 2.0) for f in unit)
        if child < parent:  # the less loaded process takes the next heaviest group
            child += w
            theirs += unit
        else:
            parent += w
    return [f for f in formats if f in theirs]


class Queue:
    """Units of work for whichever process is free: one byte per unit in a pipe that both
    processes read (a one-byte read from a pipe is atomic: each unit is taken once)."""

    def __init__(self, count: int):
        if count > 255:
            raise ValueError("too many units")
        read, write = os.pipe()
        os.write(write, bytes(range(count)))
        os.close(write)
        self.fd: int | None = read

    def take(self) -> int | None:
        if self.fd is None:
            return None
        data = os.read(self.fd, 1)
        return data[0] if data else None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Shares:
    """Chunks of one writer's work (the QTI items of a course) that the other process takes
    over once it has nothing else to do: the writer takes chunks from the front, the other
    process from the back, each chunk by whoever claims it first. A claim is a file created
    exclusively (atomic); a result is a pickled file renamed into place once complete, which
    the writer waits for when its turn comes, so the output keeps its order and its bytes."""

    def __init__(self, folder: Path, count: int):
        self.folder = folder
        self.count = count
        folder.mkdir(parents=True, exist_ok=True)

    def _claim(self, i: int) -> bool:
        try:
            os.close(os.open(self.folder / f"{i}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def in_order(self, do):
        """The writer's side: do(i), or the other process's result for it, for every chunk i
        in order."""
        parent = os.getppid()
        for i in range(self.count):
            if self._claim(i):
                yield do(i)
                continue
            done = self.folder / f"{i}.done"
            while not done.exists():
                if os.getppid() != parent:  # the build is gone: nobody will finish it
                    raise RuntimeError("the process sharing this work has stopped")
                time.sleep(0.002)
            with open(done, "rb") as f:
                yield pickle.load(f)
            done.unlink()

    def help(self, do) -> None:
        """The idle process's side: do(i) for chunks from the back until one is taken."""
        for i in reversed(range(self.count)):
            if not self._claim(i):
                return
            part = self.folder / f"{i}.part"
            with open(part, "wb") as f:
                pickle.dump(do(i), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.rename(part, self.folder / f"{i}.done")


class Child:
    """The forked writer: start() before checking, join() after the parent's own writers."""

    def __init__(self, tmp: Path):
        self.area = tmp / CHILD_DIR
        self.forked = Forked()

    def start(self, work) -> None:
        """Fork; the child runs `work(area)` -> {(course id, format): diagnostics}."""
        self.forked.start(lambda: {k: [_plain(d) for d in v]
                                   for k, v in work(self.area).items()})

    def cancel(self) -> None:
        self.forked.cancel()

    def join(self, tmp: Path) -> dict | None:
        """Wait, move the child's files into the bundles; its diagnostics per (course, format),
        or None when the parent must write these formats itself."""
        spans = self.forked.result()
        try:
            if spans is None:
                raise ValueError("the child failed")
            spans = {k: [_diagnostic(d) for d in v] for k, v in spans.items()}
            moves = [(entry, tmp / bundle.name / entry.name)
                     for bundle in sorted(self.area.iterdir()) for entry in bundle.iterdir()]
            if any(dest.exists() for _, dest in moves):
                raise ValueError("both processes wrote the same file")
        except Exception:  # noqa: BLE001 - anything unexpected: do it in this process
            shutil.rmtree(self.area, ignore_errors=True)
            return None
        for entry, dest in moves:
            os.rename(entry, dest)
        shutil.rmtree(self.area, ignore_errors=True)
        return spans


def _plain(d: Diagnostic) -> tuple:
    return (d.code.id, d.pos, d.args, d.extra_hint, d.follows)


def _diagnostic(t: tuple) -> Diagnostic:
    cid, pos, args, extra, follows = t
    return Diagnostic(CODES[cid], pos, args, extra, follows)
