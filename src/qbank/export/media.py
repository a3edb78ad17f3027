"""Media files referenced by content, collected once per package under stable ASCII names."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from qbank.diagnostics import Position
from qbank.source.paths import decode_src, resolve_ref
from qbank.vietnamese import slugify


def package_name(path: Path, data: bytes) -> str:
    """`<slug>-<sha256[:10]><.ext>`: plain ASCII, so every platform serves it under the name it
    is referenced by (Open edX assets, QTI players, web servers, zip tools): "ảnh thủ tục.PNG"
    → "anh-thu-tuc-3f2a…c1.png". The content hash keeps two files whose names fold to the same
    slug apart, and the name changes whenever the image does."""
    pure = PurePosixPath(path.name)
    suffix = pure.suffix.lower()
    if not suffix[1:].isascii() or not suffix[1:].isalnum():
        suffix = ""
    stem = pure.name[:len(pure.name) - len(pure.suffix)] if suffix else pure.name
    slug = slugify(stem, max_len=48) if stem else "tep"
    return f"{slug}-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"


class MediaSet:
    """Maps a referenced file to its name inside a package: `<folder>/<package_name>`.

    The name depends only on the file's content and name, so builds are deterministic and the
    same image used twice is stored once.
    """

    def __init__(self, root: Path, folder: str = "media"):
        self.root = root
        self.folder = folder
        self.files: dict[str, Path] = {}  # package path -> source file
        self._names: dict[Path, str] = {}  # source file -> package path (read once)

    def add(self, ref: str, base: Path) -> str | None:
        """Package path of `ref` (a file path relative to `base`), or None if it is missing or
        outside the project."""
        path, diags = resolve_ref(ref, base, self.root, Position(base))
        if path is None or diags:
            return None
        name = self._names.get(path)
        if name is None:
            name = self._names[path] = f"{self.folder}/{package_name(path, path.read_bytes())}"
        self.files[name] = path
        return name

    def rewriter(self, base: Path, prefix: str = ""):
        """A function for render.xhtml that turns an image `src` of rendered Markdown (a URL:
        percent-encoded by the parser) into `prefix + package path`."""
        def rewrite(src: str) -> str | None:
            name = self.add(decode_src(src), base)
            return prefix + name if name else None
        return rewrite

    def write(self, folder: Path) -> None:
        """Copy every collected file to `folder/<package path>`."""
        for name, path in sorted(self.files.items()):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
