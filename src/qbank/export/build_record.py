"""The record of a finished build, so that `qbank build` with nothing changed does no work.

Loading and checking 10,000 questions takes seconds even when every rendered piece comes from
the build cache; a second build in a row changes nothing. Before loading, the command takes a
fingerprint of everything a build's bytes depend on: every file of the project (content hashes;
the build's own output, .git and .qbank/cache left out), the git revision the manifests record,
qbank's own files, the installed packages, Python, SOURCE_DATE_EPOCH and QBANK_* variables, and
the request (output folder, formats, courses, translation). After a successful build it records
that fingerprint, the diagnostics and the identity of every output file (inode, size, change
times) in `.qbank/cache/builds/`, signed with the build cache's key (export/cache.py) so that a
record that came with a clone is never trusted. The next build with the same fingerprint whose
output files are all still the very files written then prints the same diagnostics and leaves
the output as it is: the same bytes a cold build would write, with nothing rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import time
from pathlib import Path

from qbank.diagnostics import Code, Diagnostic, Position, Severity
from qbank.export import cache as build_cache

VERSION = 1
FOLDER = "builds"
RACY_NS = 2_000_000_000  # a file changed this close to a fingerprint is hashed again next time
_SKIP_DIRS = {".git", "__pycache__", "node_modules"}


def _file_id(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _package_files() -> list:
    """qbank's own files (an editable install changes without a new version number)."""
    here = Path(__file__).resolve().parents[1]
    found = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(folder, name))
            found.append([os.path.relpath(os.path.join(folder, name), here), st.st_size,
                          st.st_mtime_ns])
    return found


def _installed() -> list[str]:
    """Names and versions of the installed distributions (markdown-it-py, lxml, …)."""
    names = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".")
                      if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(names)


class Stamp:
    """One build request's record: `unchanged()` before loading, `record()` after success."""

    def __init__(self, root: Path, out: Path, formats: list[str] | None,
                 courses: list[str] | None, translation: str | None):
        self.root = root.resolve()
        self.out = out.resolve()
        request = json.dumps([VERSION, str(self.out), formats, courses, translation])
        self.path = (self.root / build_cache.CACHE_DIR / FOLDER /
                     f"{hashlib.sha256(request.encode()).hexdigest()[:32]}.json")
        self.request = request
        self.secret: bytes | None = None
        self.previous: dict | None = None
        self.files: dict[str, list] = {}
        self.fingerprint: str | None = None

    # --- reading -------------------------------------------------------------------------

    def _mac(self, body: bytes) -> str:
        return hmac.new(self.secret, body, hashlib.sha256).hexdigest()

    def _load_previous(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
            mac, _, body = raw.partition(b"\n")
            if not hmac.compare_digest(mac.decode("ascii"), self._mac(body)):
                return None
            data = json.loads(body)
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) and data.get("request") == self.request else None

    def take(self) -> bool:
        """Compute the fingerprint of the inputs; False when no record can be kept."""
        try:
            self.secret = build_cache.secret()
        except (OSError, RuntimeError):
            return False
        self.previous = self._load_previous()
        old_files = (self.previous or {}).get("files", {})
        taken = time.time_ns()
        skip = {self.root / build_cache.CACHE_DIR, self.out, self.root / "dist"}
        digest = hashlib.sha256()
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and here / d not in skip
                             and not (here / d / "pyvenv.cfg").exists())
            for name in sorted(files):
                path = here / name
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                rel = path.relative_to(self.root).as_posix()
                ident = _file_id(st)
                old = old_files.get(rel)
                if old is not None and old[:4] == ident and old[5] == 0:
                    sha = old[4]
                else:
                    try:
                        sha = _sha(path)
                    except OSError:
                        continue
                racy = int(taken - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS)
                self.files[rel] = [*ident, sha, racy]
                digest.update(f"{rel}\0{sha}\n".encode())
        from qbank.export.bundle import source_revision

        context = [self.request, source_revision(self.root), _package_files(), _installed(),
                   sys.version, sorted((k, v) for k, v in os.environ.items()
                                       if k == "SOURCE_DATE_EPOCH" or k.startswith("QBANK_"))]
        digest.update(json.dumps(context).encode())
        self.fingerprint = digest.hexdigest()
        return True

    def unchanged(self) -> tuple[list[Diagnostic], list[Path]] | None:
        """(diagnostics, bundles) of the recorded build when it would be built the same."""
        prev = self.previous
        if prev is None or self.fingerprint is None or prev.get("fingerprint") != self.fingerprint:
            return None
        outputs = prev.get("outputs", {})
        for name in prev.get("staged", []):
            top = self.out / name
            found = {}
            if top.is_dir() and not top.is_symlink():
                for folder, _dirs, files in os.walk(top):
                    for f in files:
                        p = Path(folder) / f
                        found[p.relative_to(self.out).as_posix()] = _file_id(os.lstat(p))
            elif top.is_file() and not top.is_symlink():
                found[name] = _file_id(os.lstat(top))
            else:
                return None
            if any(outputs.get(rel) != ident for rel, ident in found.items()):
                return None
            if len([r for r in outputs if r == name or r.startswith(name + "/")]) != len(found):
                return None
        try:
            diags = [_diagnostic(d) for d in prev["diagnostics"]]
        except (KeyError, TypeError, ValueError):
            return None
        return diags, [self.out / b for b in prev.get("bundles", [])]

    # --- writing -------------------------------------------------------------------------

    def record(self, staged: list[str], bundles: list[str], diagnostics: list[Diagnostic]
               ) -> None:
        """Keep this build's record; a diagnostic that would not read back the same means no
        record (the next build then simply runs in full)."""
        self.forget()
        if self.fingerprint is None or self.secret is None:
            return
        records = [_record(d) for d in diagnostics]
        for d, r in zip(diagnostics, records, strict=True):
            back = _diagnostic(json.loads(json.dumps(r)))
            if any(getattr(back, f)(lang) != getattr(d, f)(lang)
                   for f in ("message", "hint") for lang in ("vi", "en")) \
                    or back.sort_key() != d.sort_key():
                return
        outputs = {}
        for name in staged:
            top = self.out / name
            paths = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
            for p in paths:
                outputs[p.relative_to(self.out).as_posix()] = _file_id(os.lstat(p))
        body = json.dumps({"request": self.request, "fingerprint": self.fingerprint,
                           "files": self.files, "staged": staged, "outputs": outputs,
                           "bundles": bundles, "diagnostics": records},
                          ensure_ascii=False).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(self._mac(body).encode("ascii") + b"\n" + body)
            os.replace(tmp, self.path)
        except OSError:
            pass

    def forget(self) -> None:
        """Drop the record before the output changes, so a failed build is never skipped."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass


def _position(p: Position | None):
    return None if p is None else [str(p.path), p.line, p.col]


def _record(d: Diagnostic) -> dict:
    c = d.code
    args = {k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
            for k, v in d.args.items()}
    return {"code": [c.id, c.name, str(c.severity), c.vi, c.en, c.hint_vi, c.hint_en],
            "pos": _position(d.pos), "args": args, "extra_hint": d.extra_hint,
            "follows": _position(d.follows)}


def _diagnostic(r: dict) -> Diagnostic:
    cid, name, severity, vi, en, hint_vi, hint_en = r["code"]
    pos = lambda p: None if p is None else Position(Path(p[0]), int(p[1]), int(p[2]))  # noqa: E731
    return Diagnostic(Code(cid, name, Severity(severity), vi, en, hint_vi, hint_en),
                      pos(r["pos"]), dict(r["args"]), r.get("extra_hint"), pos(r["follows"]))
