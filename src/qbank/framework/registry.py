"""Finding a framework: a built-in one by id, or a YAML file of the project's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from qbank.diagnostics import Position, code
from qbank.framework.model import Framework
from qbank.model.validation import validate
from qbank.source.files import read_text
from qbank.source.paths import resolve_ref
from qbank.source.yamlpos import load_yaml

UNKNOWN_FRAMEWORK = code(
    "QB0315", "unknown-framework", "error", "không tìm thấy khung kỹ năng '{name}'",
    "framework '{name}' not found",
    "Dùng một khung có sẵn ({builtin}) hoặc đường dẫn tới tệp YAML của khung.",
    "Use a built-in framework ({builtin}) or the path of a framework YAML file.")

BUILTIN = ("qd757", "tt02-2025")


def builtin_path(name: str) -> Path:
    return Path(str(resources.files("qbank.framework") / "data" / f"{name}.yaml"))


def load_framework(name: str, root: Path, pos: Position):
    """Returns (Framework or None, its SourceMap or None, diagnostics)."""
    if name in BUILTIN:
        path = builtin_path(name)
    elif name.endswith((".yaml", ".yml")):
        path, diags = resolve_ref(name, root, root, pos)
        if path is None:
            return None, None, diags
    else:
        return None, None, [UNKNOWN_FRAMEWORK.at(pos, name=name, builtin=", ".join(BUILTIN))]
    text, diags = read_text(path)
    if text is None:
        return None, None, diags
    loaded = load_yaml(text, path)
    diags = list(loaded.diagnostics)
    if loaded.data is None:
        return None, loaded.source_map, diags
    framework, errors = validate(Framework, loaded.data, loaded.source_map)
    return framework, loaded.source_map, diags + errors


def builtin(name: str = "qd757") -> Framework:
    """A built-in framework, for programs that need one without a project."""
    framework, _, diags = load_framework(name, Path("."), Position(Path("."), 0, 0))
    if framework is None:
        raise ValueError(f"built-in framework {name} is invalid: {diags}")
    return framework
