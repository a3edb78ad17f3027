"""The build cache: rendered pieces of earlier builds, so that a rebuild redoes only what changed.

One SQLite file, `.qbank/cache/build.sqlite` in the project (git-ignored), maps a content key
to the bytes a writer produced for one question (a QTI 2.1 or 3.0 item, a CAPA problem, a
question of questions.json). The key is the SHA-256 of everything the bytes depend on: the
writer's name and version, qbank's version, markdown-it-py's version and the question's full
data (see `key()`), so an edited question, a new qbank or a changed writer simply misses.

Every value is stored with an HMAC of (key, value) under a secret kept outside the project, in
the user's cache folder (~/.cache/qbank/cache-key): a row that does not match — a damaged file,
a hand edit, or a cache file that came with a cloned repository and would otherwise slip its
own content into the packages — is ignored and rebuilt, never used. Any problem opening or
writing the cache turns it off for the build: outputs are always those of a build without it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from markdown_it import __version__ as _md_version

from qbank.render.markdown import plain_words
from qbank.version import __version__

CACHE_DIR = Path(".qbank") / "cache"
CACHE_FILE = "build.sqlite"
SCHEMA = 1
FLUSH_BYTES = 4 << 20


def secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qbank" / "cache-key"


def secret() -> bytes:
    """This user's cache key, created on first use (readable by the user only)."""
    path = secret_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another build created it meanwhile
            return secret()
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        data = path.read_bytes()
    if len(data) < 32:
        raise OSError("cache key too short")
    return data


def key(*parts: str) -> str:
    """A content key: the parts, qbank's and markdown-it-py's versions and the cache schema."""
    h = hashlib.sha256(f"{SCHEMA}\0{__version__}\0{_md_version}".encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()


class BuildCache:
    def __init__(self, path: Path, create: bool = True):
        """`create` False: only use a cache that a build has already made."""
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.new_pieces: dict[str, bytes] = {}
        self.pending = 0  # bytes in new_pieces
        self.dumps: dict = {}  # question entry -> its data as JSON, computed once per build
        self.known: set[str] = set()  # keys stored: a miss costs no query
        self.hits = 0
        self.misses = 0
        if not create and not path.is_file():
            return
        try:
            self.secret = secret()
        except (OSError, RuntimeError):  # RuntimeError: no home folder to keep the key in
            return  # no key, no cache
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect()
            self.known = {k for (k,) in self.db.execute("SELECT key FROM pieces")}
        except (OSError, sqlite3.Error):
            self._reset()

    def _sum(self, key: str, value: bytes) -> str:
        return hmac.new(self.secret, key.encode("utf-8") + b"\0" + value,
                        hashlib.sha256).hexdigest()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        # A cache may lose its last writes on a power cut (a damaged file is reset, a wrong row
        # fails its HMAC): no fsync per commit, which cost a cold build up to a second.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS pieces (key TEXT PRIMARY KEY, sum TEXT, "
                   "data BLOB)")
        return db

    def _reset(self) -> None:
        """A damaged database file is removed and started again; if that fails, no cache."""
        self.close()
        self.known = set()
        try:
            os.remove(self.path)
        except OSError:
            pass
        try:
            self.db = self._connect()
        except (OSError, sqlite3.Error):
            self.db = None

    def get(self, k: str) -> bytes | None:
        if self.db is None:
            return None
        if k in self.new_pieces:
            return self.new_pieces[k]
        if k not in self.known:
            self.misses += 1
            return None
        try:
            row = self.db.execute("SELECT sum, data FROM pieces WHERE key = ?", (k,)).fetchone()
        except sqlite3.Error:
            self._reset()
            return None
        if row is not None and isinstance(row[1], bytes) and row[0] == self._sum(k, row[1]):
            self.hits += 1
            return row[1]
        self.misses += 1
        return None

    def put(self, k: str, data: bytes) -> None:
        if self.db is not None:
            self.new_pieces[k] = data
            self.pending += len(data)
            if self.pending > FLUSH_BYTES:  # bounded memory on large banks
                self._write_pieces()

    def _write_pieces(self) -> None:
        pieces, self.new_pieces = self.new_pieces, {}
        self.pending = 0
        if self.db is None or not pieces:
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?)",
                                    ((k, self._sum(k, v), v) for k, v in pieces.items()))
        except sqlite3.Error:
            pass
        self.known.update(pieces)

    def save(self) -> None:
        """Store what is left of this build's new pieces; failures only mean a slower build."""
        self._write_pieces()

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None


def question_key(cache: BuildCache | None, entry, *parts: str) -> str | None:
    """The key of a piece made from one question, or None when it is not cached: no cache, a
    question that shows media (its output also depends on the media files), or one of plain
    words (quicker to make again than to look up)."""
    if cache is None or cache.db is None or (
            not entry.q.media and plain_words([text for _, text in entry.q.texts()])):
        return None
    dump = cache.dumps.get(entry)
    if dump is None:
        dump = cache.dumps[entry] = entry.q.model_dump_json()
    if entry.q.media or "![" in dump:
        return None
    return key(*parts, dump)


_current: BuildCache | None = None


def current() -> BuildCache | None:
    """The cache of the build in progress, if any."""
    return _current


@contextmanager
def opened(root: Path | None):
    """Make the project's cache current for a build (`root` None: build without a cache)."""
    global _current
    cache = BuildCache(root / CACHE_DIR / CACHE_FILE) if root is not None else None
    outer, _current = _current, cache
    try:
        yield cache
    finally:
        _current = outer
        if cache is not None:
            cache.close()
