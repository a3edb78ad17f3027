"""The import run: read each file with its format's reader, finish the drafts, give every
question an id, write one YAML file per source file (all or nothing), and report."""

from __future__ import annotations

import importlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qbank.diagnostics import Diagnostic, Position, Severity, code
from qbank.importers.archive import check_size, unreadable
from qbank.importers.charsets import read_text
from qbank.importers.detect import detect
from qbank.importers.drafts import LEVELS, NO_SKILL, Options, finish, key
from qbank.importers.writer import assign_ids, to_yaml, write

UNKNOWN_FORMAT = code(
    "QB1112", "import-unknown-format", "error",
    "không nhận ra định dạng của tệp", "cannot tell the file's format",
    "Chỉ rõ bằng --format xlsx|docx|txt|gift|aiken|qti.",
    "Say it with --format xlsx|docx|txt|gift|aiken|qti.")
BAD_MAP = code(
    "QB1114", "import-bad-map", "error", "tệp --map không hợp lệ: {reason}",
    "invalid --map file: {reason_en}",
    "Xem mẫu tệp --map trong docs/importing.md.", "See the --map example in docs/importing.md.")

NOTHING_FOUND = code(
    "QB1115", "import-nothing-found", "error", "không tìm thấy câu hỏi nào trong tệp ({format})",
    "no question found in the file ({format})",
    "Kiểm tra định dạng (docs/importing.md) hoặc chỉ rõ bằng --format.",
    "Check the layout (docs/importing.md) or pass --format.")

READERS = {"xlsx": "xlsx", "docx": "docx", "txt": "text_blocks", "gift": "gift",
           "aiken": "aiken", "qti": "qti"}
TEXT_FORMATS = ("txt", "gift", "aiken")


@dataclass
class FileResult:
    source: Path
    target: Path | None
    format: str | None
    imported: int = 0
    skipped: int = 0
    written: bool = False
    ids: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    files: list[FileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def load_map(path: Path) -> tuple[Options | None, list[Diagnostic]]:
    """The --map file: columns, levels and topics → skills, in YAML."""
    def bad(reason: str, reason_en: str):
        return None, [BAD_MAP.at(Position(path), reason=reason, reason_en=reason_en)]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        return bad(f"không đọc được ({type(e).__name__})", f"unreadable ({type(e).__name__})")
    if not isinstance(data, dict) or set(data) - {"columns", "levels", "topics", "skills"}:
        return bad("chỉ được có các mục columns, levels, topics, skills",
                   "only columns, levels, topics and skills are allowed")
    from qbank.importers.xlsx import HEADERS

    allowed = set(HEADERS) | {f"option:{c}" for c in "ABCDEFGH"}
    columns = {}
    for name, fieldname in (data.get("columns") or {}).items():
        if fieldname not in allowed:
            return bad(f"cột '{name}': '{fieldname}' không phải tên trường",
                       f"column '{name}': '{fieldname}' is not a field name")
        columns[key(name)] = fieldname
    levels = {}
    for name, level in (data.get("levels") or {}).items():
        if level not in (1, 2, 3, 4):
            return bad(f"mức độ '{name}' phải là 1–4", f"level '{name}' must be 1–4")
        levels[key(name)] = level
    topics = {key(t): [str(s) for s in (v if isinstance(v, list) else [v])]
              for t, v in (data.get("topics") or {}).items()}
    skills = [str(s) for s in data.get("skills") or []]
    return Options(skills, levels, topics, columns), []


def _existing_ids(root: Path, exclude: set[Path]) -> set[str]:
    """Question ids already in the project's banks (files about to be replaced excluded)."""
    ids: set[str] = set()
    folder = root / "question_banks"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else ():
        if path.resolve() in exclude:
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for q in (data or {}).get("questions") or [] if isinstance(data, dict) else []:
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                ids.add(q["id"])
    return ids


def read_file(path: Path, fmt: str, options: Options):
    """(format, drafts, diagnostics) of one source file."""
    if not path.exists():
        return fmt, [], [unreadable(path, "không có tệp này", "no such file")]
    if path.is_file():
        too_big = check_size(path)
        if too_big:
            return fmt, [], too_big
    text, notes = None, []
    if (fmt == "auto" and path.is_file() and path.suffix.lower() not in
            (".xlsx", ".docx", ".zip", ".xml") and not zipfile.is_zipfile(path)) \
            or fmt in TEXT_FORMATS:
        text, notes = read_text(path)
        if text is None:
            return (None if fmt == "auto" else fmt), [], notes
    if fmt == "auto":
        fmt = detect(path, text)
        if fmt is None:
            return None, [], [UNKNOWN_FORMAT.at(Position(path))]
    if fmt not in READERS:
        return fmt, [], [unreadable(path, f"chưa hỗ trợ nhập định dạng {fmt}",
                                    f"importing {fmt} is not supported yet")]
    module = importlib.import_module(f"qbank.importers.{READERS[fmt]}")
    if fmt in TEXT_FORMATS:
        reader = module.read_text_file if fmt == "txt" else module.read_text
        drafts, diags = reader(path, text)
    else:
        drafts, diags = module.read(path, options)
    return fmt, drafts, notes + diags


def import_files(paths: list[Path], bank: str, root: Path, fmt: str = "auto",
                 force: bool = False, out: Path | None = None, skills: list[str] | None = None,
                 options: Options | None = None) -> ImportResult:
    """Import every file of `paths` into bank `bank` of the project at `root`.

    Each source file becomes question_banks/<bank>/<file name>.yaml (or `out`: a folder, or a
    file when one source is given). A file is written whole or not at all."""
    options = options or Options()
    if skills:
        options.skills = list(skills)
    result = ImportResult()
    targets = {p: _target(p, bank, root, out, len(paths)) for p in paths}
    taken = _existing_ids(root, {t.resolve() for t in targets.values()})
    for path in paths:
        target = targets[path]
        found, drafts, diags = read_file(path, fmt, options)
        fr = FileResult(path, target, found)
        result.files.append(fr)
        items, missing_skill = [], 0
        for draft in drafts:
            q, more, needs_skill = finish(draft, options)
            diags += more
            if q is not None:
                items.append((draft.source, q, draft.source_id))
                missing_skill += needs_skill
        if found is not None and not drafts and not any(d.severity is Severity.ERROR
                                                        for d in diags):
            diags.append(NOTHING_FOUND.at(Position(path), format=found))
        fr.skipped = sum(d.code.id == "QB1102" for d in diags)
        result.diagnostics += diags
        if missing_skill:
            result.diagnostics.append(NO_SKILL.at(Position(path), count=missing_skill))
            continue
        if found is None or not items or any(d.severity is Severity.ERROR and
                                             d.code.id != "QB1102" for d in diags):
            continue
        ids = assign_ids(items, set(taken))
        text = to_yaml([(s, q, i) for (s, q, _), i in zip(items, ids, strict=True)], None,
                       path.name)
        refused = write(target, text, force)
        if refused is not None:
            result.diagnostics.append(refused)
            continue
        taken.update(ids)
        fr.imported, fr.written, fr.ids = len(items), True, ids
    return result


def _target(path: Path, bank: str, root: Path, out: Path | None, count: int) -> Path:
    name = (path.stem if path.is_file() else path.name) + ".yaml"
    from qbank.vietnamese import slugify

    name = slugify(Path(name).stem) + ".yaml"
    if out is not None:
        if out.suffix in (".yaml", ".yml") and count == 1:
            return out
        return out / name
    return root / "question_banks" / bank / name


__all__ = ["FileResult", "ImportResult", "import_files", "load_map", "LEVELS"]
