"""Media files referenced by content, collected once per package under stable names."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from qbank.diagnostics import Position
from qbank.source.paths import resolve_ref


class MediaSet:
    """Maps a referenced file to its name inside a package: `<folder>/<sha256[:10]>-<name>`.

    The name depends only on the file's content and name, so builds are deterministic and the
    same image used twice is stored once.
    """

    def __init__(self, root: Path, folder: str = "media"):
        self.root = root
        self.folder = folder
        self.files: dict[str, Path] = {}  # package path -> source file

    def add(self, ref: str, base: Path) -> str | None:
        """Package path of `ref` (relative to `base`), or None if it is missing or outside."""
        path, diags = resolve_ref(ref, base, self.root, Position(base))
        if path is None or diags:
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        name = f"{self.folder}/{digest}-{PurePosixPath(path.name).name}"
        self.files[name] = path
        return name

    def rewriter(self, base: Path, prefix: str = ""):
        """A function for render.xhtml that turns a source `src` into `prefix + package path`."""
        def rewrite(src: str) -> str | None:
            name = self.add(src, base)
            return prefix + name if name else None
        return rewrite
