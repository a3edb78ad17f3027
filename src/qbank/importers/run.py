"""The import run: read each file with its format's reader, finish the drafts, give every
question an id, write one YAML file per source file (all or nothing), and report."""

from __future__ import annotations

import importlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qbank.diagnostics import Diagnostic, Position, Severity, code
from qbank.framework.registry import builtin
from qbank.importers.archive import check_size, unreadable
from qbank.importers.charsets import read_text
from qbank.importers.detect import detect
from qbank.importers.drafts import LEVELS, NO_SKILL, Options, finish, key
from qbank.importers import moodle, text_blocks  # noqa: F401  (declare their codes)
from qbank.importers.suggest import CONFIDENCE_VI, question_text, suggest, word_list
from qbank.importers.update import replace_questions
from qbank.importers.writer import (
    SPLIT_BYTES,
    assign_ids,
    earlier_parts,
    to_yaml_parts,
    write_parts,
)
from qbank.source.atomic import write_bytes_atomic
from qbank.source.files import read_text as read_source
from qbank.source.yamlpos import load_yaml

UNKNOWN_FORMAT = code(
    "QB1112", "import-unknown-format", "error",
    "không nhận ra định dạng của tệp", "cannot tell the file's format",
    "Chỉ rõ bằng --format xlsx|docx|txt|gift|aiken|qti|moodlexml.",
    "Say it with --format xlsx|docx|txt|gift|aiken|qti|moodlexml.")
BAD_MAP = code(
    "QB1114", "import-bad-map", "error", "tệp --map không hợp lệ: {reason}",
    "invalid --map file: {reason_en}",
    "Xem mẫu tệp --map trong docs/importing.md.", "See the --map example in docs/importing.md.")

NOTHING_FOUND = code(
    "QB1115", "import-nothing-found", "error", "không tìm thấy câu hỏi nào trong tệp ({format})",
    "no question found in the file ({format})",
    "Kiểm tra định dạng (docs/importing.md) hoặc chỉ rõ bằng --format.",
    "Check the layout (docs/importing.md) or pass --format.")

UNKNOWN_SKILL = code(
    "QB1117", "import-unknown-skill", "error",
    "mã kỹ năng '{skill}' ({where}) không có trong khung '{framework}'; chưa nhập gì",
    "skill code '{skill}' ({where_en}) is not in framework '{framework}'; nothing imported",
    "Xem danh sách mã bằng 'qbank framework'.", "List the codes with 'qbank framework'.")
ALREADY_THERE = code(
    "QB1118", "import-already-in-project", "warning",
    "câu hỏi '{id}' đã có trong kho ({file}); bỏ qua. Dùng --update để cập nhật theo tệp này",
    "question '{id}' is already in the project ({file}); skipped. Use --update to update it "
    "from this file")
SPLIT = code(
    "QB1130", "import-split", "info",
    "{count} câu hỏi được chia thành {parts} tệp ({first} … {last}) để mỗi tệp dưới {limit} KiB",
    "{count} questions split into {parts} files ({first} … {last}), each under {limit} KiB",
    "'qbank check' không nhận tệp nguồn quá 5 MiB; các phần giữ nguyên thứ tự của tệp gốc.",
    "'qbank check' refuses source files over 5 MiB; the parts keep the source file's order.")

SUGGESTED = code(
    "QB1134", "import-skill-suggested", "info",
    "{where}: gợi ý kỹ năng {skill} ({name}), độ tin cậy {confidence}; từ khớp: {words}",
    "{where_en}: suggested skill {skill} ({name}), confidence {confidence_en}; matching words: "
    "{words}",
    "Câu hỏi được nhập ở trạng thái draft: người thẩm định xem lại mã kỹ năng trước khi đổi "
    "'review'.",
    "The question is imported as draft: a reviewer checks the skill code before changing "
    "'review'.")
NO_SUGGESTION = code(
    "QB1135", "import-skill-not-suggested", "warning",
    "{where}: không gợi ý được mã kỹ năng (không từ nào trong danh sách của khung '{framework}' "
    "khớp){fallback}",
    "{where_en}: no skill code suggested (no word of framework '{framework}''s list matches)"
    "{fallback_en}",
    "Ghi mã kỹ năng trong tệp gốc, thêm --skill MÃ làm mã dự phòng, hoặc thêm từ vào danh sách "
    "(docs/importing.md).",
    "Give the skill code in the source file, add --skill CODE as a fallback, or extend the word "
    "list (docs/importing.md).")
NO_WORD_LIST = code(
    "QB1136", "import-no-word-list", "error",
    "khung kỹ năng '{framework}' không có danh sách từ khóa nên không dùng được --skill auto; "
    "chưa nhập gì",
    "framework '{framework}' has no word list, so --skill auto cannot be used; nothing imported",
    "Dùng --skill MÃ, hoặc khung qd757 (có danh sách từ khóa).",
    "Use --skill CODE, or the qd757 framework (which has a word list).")

READERS = {"xlsx": "xlsx", "docx": "docx", "txt": "text_blocks", "gift": "gift",
           "aiken": "aiken", "qti": "qti", "moodlexml": "moodlexml"}
TEXT_FORMATS = ("txt", "gift", "aiken")


@dataclass
class FileResult:
    source: Path
    target: Path | None
    format: str | None
    imported: int = 0
    skipped: int = 0
    written: bool = False
    targets: list[Path] = field(default_factory=list)  # every file written (several if split)
    ids: list[str] = field(default_factory=list)
    existing: int = 0  # questions skipped because their id is already in the project
    updated: int = 0  # questions replaced in place (--update)
    unchanged: int = 0  # questions already in the project with the same content (--update)


@dataclass
class ImportResult:
    files: list[FileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def load_map(path: Path) -> tuple[Options | None, list[Diagnostic]]:
    """The --map file: columns, levels and topics → skills, in YAML."""
    def bad(reason: str, reason_en: str, loc: tuple = ()):
        return None, [BAD_MAP.at(smap.position(loc) if loc else Position(path), reason=reason,
                                 reason_en=reason_en)]
    text, diags = read_source(path)
    if text is None:
        return None, diags
    loaded = load_yaml(text, path)
    if any(d.severity is Severity.ERROR for d in loaded.diagnostics):
        return None, loaded.diagnostics
    data, smap = loaded.data or {}, loaded.source_map
    if not isinstance(data, dict) or set(data) - {"columns", "levels", "topics", "skills"}:
        return bad("chỉ được có các mục columns, levels, topics, skills",
                   "only columns, levels, topics and skills are allowed")
    for part in ("columns", "levels", "topics"):
        if not isinstance(data.get(part) or {}, dict):
            return bad(f"mục '{part}' phải là các cặp 'tên: giá trị'",
                       f"'{part}' must be 'name: value' pairs", (part,))
    from qbank.importers.xlsx import HEADERS

    allowed = set(HEADERS) | {f"option:{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    columns = {}
    for name, fieldname in (data.get("columns") or {}).items():
        if fieldname not in allowed:
            return bad(f"cột '{name}': '{fieldname}' không phải tên trường",
                       f"column '{name}': '{fieldname}' is not a field name", ("columns", name))
        columns[key(name)] = fieldname
    levels = {}
    for name, level in (data.get("levels") or {}).items():
        if level not in (1, 2, 3, 4):
            return bad(f"mức độ '{name}' phải là 1–4", f"level '{name}' must be 1–4",
                       ("levels", name))
        levels[key(name)] = level
    positions: dict[str, Position] = {}
    topics = {}
    for t, v in (data.get("topics") or {}).items():
        codes = v if isinstance(v, list) else [v]
        topics[key(t)] = [str(s) for s in codes]
        for i, s in enumerate(codes):
            positions.setdefault(str(s), smap.position(("topics", t, i) if isinstance(v, list)
                                                       else ("topics", t)))
    skill_list = data.get("skills") or []
    if not isinstance(skill_list, list):
        skill_list = [skill_list]
    skills = [str(s) for s in skill_list]
    for i, s in enumerate(skills):
        positions.setdefault(s, smap.position(("skills", i)))
    return Options(skills, levels, topics, columns, positions), []


def check_skills(options: Options, framework) -> list[Diagnostic]:
    """An error for each skill code of --skill or the --map file that `framework` lacks."""
    if framework is None:
        return []
    known = [i.code for a in framework.areas for i in a.items]
    codes = list(dict.fromkeys(options.skills + [s for v in options.topic_skills.values()
                                                 for s in v]))
    out = []
    for s in codes:
        if framework.item(s) is None:
            pos = options.skill_positions.get(s)
            where = ("tệp --map", "the --map file") if pos is not None else ("--skill",) * 2
            out.append(UNKNOWN_SKILL.at(pos, skill=s, framework=framework.id, where=where[0],
                                        where_en=where[1]).suggest(s, known))
    return out


def _existing(root: Path, exclude: set[Path]) -> dict[str, list[Path]]:
    """Question ids already in the project's banks → the files holding them (files about to be
    replaced excluded)."""
    ids: dict[str, list[Path]] = {}
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
                ids.setdefault(q["id"], [])
                if path not in ids[q["id"]]:
                    ids[q["id"]].append(path)
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
                 options: Options | None = None, framework=None,
                 update: bool = False) -> ImportResult:
    """Import every file of `paths` into bank `bank` of the project at `root`.

    Each source file becomes question_banks/<bank>/<file name>.yaml (or `out`: a folder, or a
    file when one source is given). A file is written whole or not at all. With `framework`,
    skill codes from `skills` and the --map options are checked first; nothing is written when
    one is unknown. A question whose id (from the source) is already in the project is skipped
    with a warning, or with `update` replaced in place in its own bank file."""
    options = options or Options()
    if skills:
        options.skills = list(skills)
    auto = "auto" in options.skills
    fallback = [s for s in options.skills if s != "auto"]
    options.skills = fallback
    result = ImportResult()
    result.diagnostics = check_skills(options, framework)
    if result.diagnostics:
        return result
    if auto:
        framework = framework or builtin()
        if word_list(framework.id) is None:
            result.diagnostics = [NO_WORD_LIST.at(None, framework=framework.id)]
            return result
    targets = {p: _target(p, bank, root, out, len(paths)) for p in paths}
    replaced = {e.resolve() for t in targets.values() for e in [t, *earlier_parts(t)]}
    existing = _existing(root, replaced)
    taken = set(existing)
    for path in paths:
        target = targets[path]
        found, drafts, diags = read_file(path, fmt, options)
        fr = FileResult(path, target, found)
        result.files.append(fr)
        items, known, missing_skill, notes, media, known_media = [], [], 0, {}, {}, {}
        for draft in drafts:
            options.skills = [] if auto else fallback  # --skill CODE after auto: a fallback
            q, more, needs_skill = finish(draft, options)
            options.skills = fallback
            diags += more
            if q is None:
                continue
            if needs_skill and auto:
                note, more = _suggest(q, draft, framework, fallback)
                diags += more
                needs_skill = not q["skills"]
                if note:
                    notes[len(items)] = note
            if draft.source_id in existing:
                known.append((draft.source, q, draft.source_id))
                known_media.setdefault(draft.source_id, {}).update(draft.files)
                continue
            items.append((draft.source, q, draft.source_id or draft.id_hint))
            media.update(draft.files)
            missing_skill += needs_skill
        if found is not None and not drafts and not any(d.severity is Severity.ERROR
                                                        for d in diags):
            diags.append(NOTHING_FOUND.at(Position(path), format=found))
        fr.skipped = sum(d.code.id in ("QB1102", "QB1160") for d in diags)
        if not update:
            for source, _, ident in known:
                files = ", ".join(_rel(f, root) for f in existing[ident])
                diags.append(ALREADY_THERE.at(source.position(), id=ident, file=files))
            fr.existing = len(known)
        result.diagnostics += diags
        if missing_skill:
            result.diagnostics.append(NO_SKILL.at(Position(path), count=missing_skill))
            continue
        if found is None or not (items or known) or any(
                d.severity is Severity.ERROR and d.code.id != "QB1102" for d in diags):
            continue
        if items:
            ids = assign_ids(items, set(taken))
            texts = to_yaml_parts([(s, q, i, notes.get(k)) for k, ((s, q, _), i)
                                   in enumerate(zip(items, ids, strict=True))], None, path.name)
            written, refused = write_parts(target, texts, force)
            if refused is not None:
                result.diagnostics.append(refused)
                continue
            _write_media(target.parent, media)
            if len(written) > 1:
                result.diagnostics.append(SPLIT.at(
                    Position(path), count=len(items), parts=len(written), first=written[0].name,
                    last=written[-1].name, limit=SPLIT_BYTES // 1024))
            taken.update(ids)
            fr.imported, fr.written, fr.ids, fr.targets = len(items), True, ids, written
        if update and known:
            notes = _update(known, existing)
            for ident in {d.args["id"] for d in notes}:  # images of the updated questions
                for bank_file in existing[ident]:
                    _write_media(bank_file.parent, known_media.get(ident, {}))
            result.diagnostics += notes
            fr.updated = len(notes)
            fr.unchanged = len({i for _, _, i in known} - {d.args["id"] for d in notes})
    return result


def _write_media(folder: Path, media: dict[str, bytes]) -> None:
    """The files imported questions embed, beside their bank file (names carry a content hash,
    so an existing file with the same name already holds the same bytes)."""
    for rel, data in sorted(media.items()):
        path = folder / rel
        if not path.is_file():
            write_bytes_atomic(path, data)


def _suggest(q: dict, draft, framework, fallback: list[str]):
    """Fill q["skills"] from the word list (or the fallback codes); (YAML comment, diagnostics)."""
    codes = [i.code for a in framework.areas for i in a.items]
    found = suggest(question_text(q), framework.id, codes)
    where = draft.source.args()
    if found is None:
        q["skills"] = list(fallback)
        used = ", ".join(fallback)
        return None, [NO_SUGGESTION.at(
            draft.source.position(), framework=framework.id, **where,
            fallback=f"; dùng mã dự phòng {used}" if fallback else "",
            fallback_en=f"; fallback {used} used" if fallback else "")]
    q["skills"] = [found.code]
    words = ", ".join(found.words)
    item = framework.item(found.code)
    note = (f"kỹ năng gợi ý {found.code}, độ tin cậy {CONFIDENCE_VI[found.confidence]} "
            f"(từ khớp: {words}): cần người thẩm định xác nhận")
    return note, [SUGGESTED.at(draft.source.position(), skill=found.code, name=item.name,
                               confidence=CONFIDENCE_VI[found.confidence],
                               confidence_en=found.confidence, words=words, **where)]


def _update(known, existing: dict[str, list[Path]]) -> list[Diagnostic]:
    """Replace the questions of `known` (source, question, id) in the files holding their ids."""
    by_file: dict[Path, dict[str, tuple[dict, object]]] = {}
    for source, q, ident in known:
        for path in existing[ident]:
            by_file.setdefault(path, {}).setdefault(ident, (q, source))
    notes = []
    for path, new in by_file.items():
        notes += replace_questions(path, new)
    return notes


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _target(path: Path, bank: str, root: Path, out: Path | None, count: int) -> Path:
    name = (path.stem if path.is_file() else path.name) + ".yaml"
    from qbank.vietnamese import slugify

    name = slugify(Path(name).stem) + ".yaml"
    if out is not None:
        if out.suffix in (".yaml", ".yml") and count == 1:
            return out
        return out / name
    return root / "question_banks" / bank / name


__all__ = ["FileResult", "ImportResult", "check_skills", "import_files", "load_map", "LEVELS"]
