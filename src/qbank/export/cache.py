"""The build cache: rendered pieces of earlier builds, so that a rebuild redoes only what changed.

One SQLite file, `.qbank/cache/build.sqlite` in the project (git-ignored), holds two tables:

- `markdown`: a text (prefixed with qbank's and markdown-it-py's versions) → its rendering by
  the configured Markdown parser;
- `pieces`: a content key → the bytes a writer produced for one question (a QTI item, a CAPA
  problem). The key is the SHA-256 of everything the bytes depend on: the writer's name and
  version, qbank's version and the question's full data (see `key()`), so an edited question,
  a new qbank or a changed writer simply misses.

Every value is stored with a checksum of (key, value); a row that does not match — a damaged
file, a hand edit — is dropped and rebuilt, never used. Any problem opening or writing the
cache turns it off for the build: outputs are always the same as those of a build without it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from markdown_it import __version__ as _md_version

import qbank

CACHE_DIR = Path(".qbank") / "cache"
CACHE_FILE = "build.sqlite"
SCHEMA = 1
FLUSH_BYTES = 4 << 20


# Renderings are stored under the text prefixed with what made them.
_PARSER = f"{qbank.__version__} markdown-it-py {_md_version}\0"


def _sum(key: str, value: bytes) -> str:
    return hashlib.sha256(key.encode("utf-8") + b"\0" + value).hexdigest()


def key(*parts: str) -> str:
    """A content key: the parts, qbank's version and the cache schema, hashed."""
    h = hashlib.sha256(f"{SCHEMA}\0{qbank.__version__}".encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()


class BuildCache:
    def __init__(self, path: Path):
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.new_pieces: dict[str, bytes] = {}
        self.pending = 0  # bytes in new_pieces
        self.new_markdown: dict[str, str] = {}
        self.dumps: dict = {}  # question entry -> its data as JSON, computed once per build
        self.hits = 0
        self.misses = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect()
        except (OSError, sqlite3.Error):
            self._reset()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS pieces (key TEXT PRIMARY KEY, sum TEXT, "
                   "data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS markdown (text TEXT PRIMARY KEY, sum TEXT, "
                   "html TEXT)")
        return db

    def _reset(self) -> None:
        """A damaged database file is removed and started again; if that fails, no cache."""
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
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
        try:
            row = self.db.execute("SELECT sum, data FROM pieces WHERE key = ?", (k,)).fetchone()
        except sqlite3.Error:
            self._reset()
            return None
        if row is not None and isinstance(row[1], bytes) and row[0] == _sum(k, row[1]):
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

    def get_markdown(self, text: str) -> str | None:
        """A stored rendering of `text` whose checksum holds."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT sum, html FROM markdown WHERE text = ?",
                                  (_PARSER + text,)).fetchone()
        except sqlite3.Error:
            self._reset()
            return None
        if row is not None and isinstance(row[1], str) and row[0] == _sum(
                _PARSER + text, row[1].encode("utf-8")):
            return row[1]
        return None

    def put_markdown(self, text: str, html: str) -> None:
        if self.db is not None:
            self.new_markdown[_PARSER + text] = html
            self.pending += len(html)
            if self.pending > FLUSH_BYTES:
                self._write_pieces()

    def _write_pieces(self) -> None:
        pieces, self.new_pieces = self.new_pieces, {}
        markdown, self.new_markdown = self.new_markdown, {}
        self.pending = 0
        if self.db is None or not (pieces or markdown):
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?)",
                                    ((k, _sum(k, v), v) for k, v in pieces.items()))
                self.db.executemany(
                    "INSERT OR REPLACE INTO markdown VALUES (?, ?, ?)",
                    ((t, _sum(t, h.encode("utf-8")), h) for t, h in markdown.items()))
        except sqlite3.Error:
            pass

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
    """The key of a piece made from one question, or None when it must not be cached: no cache,
    or a question that shows media (its output also depends on the media files)."""
    if cache is None or cache.db is None:
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
