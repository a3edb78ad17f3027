"""A function run in a forked second process, its result read back through a pipe.

Large projects use both cores of a machine this way: the second process parses half of the
bank files while loading (resolve/load.py) and writes part of the formats while building
(export/parallel.py). Whatever goes wrong in the child (an exception, a crash, a kill), the
parent gets None and does that part itself, so the result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading


def second_process(jobs: int | None = None) -> bool:
    """Whether a second process may be used: `jobs` (else QBANK_JOBS) is not 1, the system can
    fork, there is a second core, and this process runs no other thread (a thread holding a
    lock at the fork, as `qbank serve`'s server may, could leave the child stuck)."""
    if jobs is None:
        env = os.environ.get("QBANK_JOBS", "").strip()
        jobs = int(env) if env.isdigit() else 2
    return (jobs >= 2 and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1)


class Forked:
    """start(fn) forks; result() waits for fn's return value (None if the child failed)."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.fd: int | None = None

    def start(self, fn) -> Forked:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            try:
                data = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent does this part itself
                data = pickle.dumps(("failed", None))
            try:
                with os.fdopen(write, "wb") as f:
                    f.write(data)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.fd = pid, read
        return self

    def result(self):
        data = self._reap()
        try:
            status, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a child killed mid-write: nothing usable
            return None
        return value if status == "ok" else None

    def cancel(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        self._reap()

    def _reap(self) -> bytes:
        data = b""
        if self.fd is not None:
            with os.fdopen(self.fd, "rb") as f:
                data = f.read()
            self.fd = None
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None
        return data
