"""qbank's version, in a module of its own so the package's modules never import its
`__init__` for it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("qbank")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
