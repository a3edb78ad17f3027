"""Lessons to gettext PO files for translators, and their PO files back into translations.

One PO file per lesson and language. Each entry is one segment: `msgctxt` is
`<lesson-id>:<kind>:<12 hex digits of the SHA-256 of the Vietnamese text>`, `msgid` the Vietnamese
text with placeholders, `msgstr` the translation. A translation is *reviewed* when the file is
imported with a reviewer's name (`--reviewer` or the `X-Qbank-Reviewer` header) and the entry is
not marked fuzzy ("Needs work" in Poedit); see docs/translating.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from qbank.diagnostics import Diagnostic, Position, Severity, code
from qbank.model.common import ReviewStatus
from qbank.resolve.project import Bank, CourseEntry, Lesson, Project
from qbank.source.atomic import write_bytes_atomic, write_text_atomic
from qbank.source.files import undecodable_at
from qbank.translate.placeholders import describe, problems, protect
from qbank.translate.store import (
    FUZZY,
    REVIEWED,
    STALE,
    TRANSLATED,
    Entry,
    Store,
    lesson_segments,
    load_store,
    save_store,
    states,
    store_path,
)

LANG_CODE = re.compile(r"^[a-z]{2,3}$")
# Vietnamese is the source, under its ISO 639-1 and 639-3 codes; 'simple' is the plain variant.
NOT_TARGETS = ("vi", "vie", "simple")


def is_target_language(code: str) -> bool:
    """A code a translation may carry: 2–3 lowercase letters, not the source language."""
    return bool(LANG_CODE.match(code)) and code not in NOT_TARGETS


BAD_LANGUAGE = code(
    "QB1400", "translation-language-invalid", "error",
    "mã ngôn ngữ '{lang}' không dùng được cho bản dịch",
    "'{lang}' cannot be a translation's language code",
    "Dùng mã ISO 639-3 gồm 2–3 chữ thường khác 'vi', ví dụ tmm (Thái Thanh), hnj (Mông).",
    "Use an ISO 639-3 code of 2–3 lowercase letters other than 'vi', e.g. tmm, hnj.")
WRONG_LESSON = code(
    "QB1401", "po-wrong-lesson", "error",
    "tệp PO này dành cho bài '{lesson}', không có trong dự án",
    "this PO file is for lesson '{lesson}', which is not in the project",
    "Kiểm tra lại đã gửi đúng tệp chưa: tệp PO được tạo bằng 'qbank translate export' của kho "
    "này, tên tệp trùng tên bài học.",
    "Check the file: PO files come from 'qbank translate export' of this repository.")
WRONG_BANK = code(
    "QB1412", "po-wrong-bank", "error",
    "tệp PO này dành cho ngân hàng câu hỏi '{bank}', không có trong dự án",
    "this PO file is for question bank '{bank}', which is not in the project",
    "Kiểm tra lại đã gửi đúng tệp chưa: tệp PO được tạo bằng 'qbank translate export' của kho "
    "này, tên tệp trùng tên ngân hàng.",
    "Check the file: PO files come from 'qbank translate export' of this repository.")
FOREIGN_ENTRY = code(
    "QB1402", "po-entry-other-lesson", "error",
    "đoạn '{context}' không thuộc '{lesson}' của tệp này",
    "entry '{context}' does not belong to this file's '{lesson}'",
    "Không chép đoạn từ tệp PO của bài khác sang; xuất lại tệp bằng 'qbank translate export'.",
    "Do not copy entries between lessons' PO files; export the file again.")
CHANGED_MSGID = code(
    "QB1403", "po-source-edited", "error",
    "câu tiếng Việt (msgid) của đoạn '{context}' đã bị sửa trong tệp PO",
    "the Vietnamese text (msgid) of entry '{context}' was edited in the PO file",
    "Chỉ dịch vào msgstr; câu gốc sửa trong bài học rồi xuất lại tệp PO.",
    "Translate into msgstr only; change the Vietnamese in the lesson and export again.")
SOURCE_CHANGED = code(
    "QB1404", "po-segment-changed", "warning",
    "bỏ qua đoạn '{context}': bài gốc đã đổi câu này sau khi xuất tệp PO",
    "skipped entry '{context}': the lesson changed this text after the PO file was exported",
    "Xuất lại tệp PO ('qbank translate export') và dịch các đoạn được đánh dấu.",
    "Export the PO file again and translate the marked entries.")
BAD_PLACEHOLDERS = code(
    "QB1405", "po-placeholders-broken", "error",
    "bản dịch của đoạn '{context}' làm hỏng ký hiệu giữ chỗ: {tokens}",
    "the translation of entry '{context}' breaks its placeholders: {tokens_en}",
    "Giữ nguyên mỗi {{số}} đúng một lần; mỗi cặp <số>…</số> bao quanh chữ của liên kết, mở "
    "trước, đóng sau. Có thể đổi vị trí trong câu.",
    "Keep each {{n}} exactly once; each <n>…</n> pair around a link's words, opened before it "
    "is closed. They may move within the sentence.")
BAD_ENCODING = code(
    "QB1406", "po-not-utf8", "error",
    "tệp PO không phải UTF-8 (byte {offset})", "the PO file is not UTF-8 (byte {offset})",
    "Mở tệp bằng Poedit, đặt bảng mã của bản dịch là UTF-8 trong phần thuộc tính, rồi lưu lại.",
    "In Poedit: Translation → Properties → Charset: UTF-8, then save again.")
BAD_CHARSET = code(
    "QB1407", "po-charset-not-utf8", "error",
    "tệp PO khai báo bảng mã '{charset}', qbank chỉ nhận UTF-8",
    "the PO file declares charset '{charset}'; qbank takes UTF-8 only",
    "Mở tệp bằng Poedit, đặt bảng mã của bản dịch là UTF-8 trong phần thuộc tính, rồi lưu lại.",
    "In Poedit: Translation → Properties → Charset: UTF-8, then save again.")
BROKEN_PO = code(
    "QB1408", "po-unreadable", "error",
    "không đọc được tệp PO: {reason}", "cannot read the PO file: {reason_en}",
    "Mở và lưu lại tệp bằng Poedit, hoặc xuất lại tệp bằng 'qbank translate export'.",
    "Open and save the file in Poedit, or export it again.")
REVIEWED_KEPT = code(
    "QB1409", "po-reviewed-segment-kept", "warning",
    "giữ bản dịch đã thẩm định của đoạn '{context}'; bản dịch mới chưa được thẩm định nên "
    "không thay thế",
    "kept the reviewed translation of entry '{context}'; the new one is not reviewed",
    "Nhập lại kèm --reviewer \"Họ tên\" sau khi người thông thạo ngôn ngữ đã đọc duyệt.",
    "Import again with --reviewer \"Name\" once a fluent reader has reviewed it.")
NOT_QBANK_PO = code(
    "QB1410", "po-not-from-qbank", "error",
    "tệp PO không có dòng 'X-Qbank-Lesson' hoặc 'Language' trong phần đầu",
    "the PO file has no 'X-Qbank-Lesson' or 'Language' header",
    "Chỉ nhập tệp PO do 'qbank translate export' tạo ra.",
    "Import only PO files made by 'qbank translate export'.")
NO_TRANSLATION = code(
    "QB1411", "po-nothing-translated", "info",
    "tệp PO chưa có đoạn nào được dịch: không tạo bản dịch",
    "nothing in the PO file is translated: no translation written")


def lesson_po_name(lesson: Lesson) -> str:
    return lesson.path.stem + ".po"


def translation_path(lesson: Lesson, lang: str) -> Path:
    return lesson.path.with_name(f"{lesson.path.stem}.{lang}.md")


# --- export ------------------------------------------------------------------------------------

def export_lesson(project: Project, course: CourseEntry, lesson: Lesson, lang: str) -> str:
    """The PO file of a lesson for language `lang`: every segment, with its translation so far
    (a stale one as a fuzzy suggestion with the older Vietnamese as `#| msgid`)."""
    store, _ = load_store(store_path(translation_path(lesson, lang)))
    _, segments = lesson_segments(lesson)
    rel = lesson.path.relative_to(project.root).as_posix()
    head = {"Project-Id-Version": f"qbank {course.id}", "X-Qbank-Lesson": lesson.id,
            "X-Qbank-Course": course.id, "X-Qbank-Source-Hash": lesson.hash}
    title = f"Bản dịch bài '{lesson.meta.title}' ({rel}) sang {lang}."
    return _po_text(project, lesson.id, segments, store, lang, head, title)


def export_bank(project: Project, bank: Bank, lang: str) -> str:
    """The PO file of a bank's questions: stems, options, feedback, items, pairs."""
    from qbank.translate.questions import bank_segments, bank_store_path

    store, _ = load_store(bank_store_path(project, bank, lang))
    head = {"Project-Id-Version": f"qbank {bank.id}", "X-Qbank-Bank": bank.id}
    title = f"Bản dịch câu hỏi của ngân hàng '{bank.id}' sang {lang}."
    return _po_text(project, bank.id, bank_segments(bank), store, lang, head, title)


def _po_text(project, owner: str, segments, store, lang: str, head: dict, title: str) -> str:
    po = polib.POFile(wrapwidth=0)
    translators = sorted({e.translator for e in (store.entries.values() if store else [])
                          if e.translator})
    po.metadata = {
        "Project-Id-Version": head.pop("Project-Id-Version"),
        "Language": lang,
        "Last-Translator": ", ".join(translators),
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "qbank",
        **head,
        "X-Qbank-Reviewer": "",
    }
    po.header = (f"{title}\n"
                 "Dịch vào msgstr. Giữ nguyên {1}, {2}…; đặt <1>…</1> quanh chữ của liên kết.\n"
                 "Đoạn còn phân vân: đánh dấu cần xem lại (cờ fuzzy; trong Poedit là nút “Needs work”).")
    seen = set()
    for st in states(segments, store):
        seg = st.segment
        if seg.key in seen:
            continue
        seen.add(seg.key)
        protected = protect(seg.text)
        rel = (seg.path or project.root).relative_to(project.root).as_posix() \
            if seg.path else None
        entry = polib.POEntry(msgctxt=f"{owner}:{seg.key}", msgid=protected.text, msgstr="",
                              occurrences=[(rel, str(seg.line))] if rel else [],
                              comment=_hint(seg.kind, protected))
        if st.previous is not None and st.state in (TRANSLATED, REVIEWED, FUZZY):
            entry.msgstr = st.previous.translation
            if st.state == FUZZY:
                entry.flags.append("fuzzy")
            if st.state == REVIEWED and st.previous.reviewer:
                entry.tcomment = f"đã thẩm định: {st.previous.reviewer}"
        elif st.state == STALE and st.previous is not None:
            entry.msgstr = st.previous.translation
            entry.flags.append("fuzzy")
            entry.previous_msgid = protect(st.previous.source).text
        po.append(entry)
    return str(po) + "\n"


_KINDS = {"title": "tên bài", "summary": "tóm tắt", "heading": "đề mục", "paragraph": "đoạn văn",
          "item": "một ý trong danh sách", "cell": "ô bảng", "stem": "đề bài câu hỏi",
          "feedback": "lời giải thích", "text": "phương án", "items": "một bước cần sắp xếp",
          "left": "vế trái của cặp ghép", "right": "vế phải của cặp ghép",
          "distractors": "vế phải gây nhiễu"}


def _hint(kind: str, protected) -> str:
    parts = kind.split(":")[-1].split(".")
    word = next((_KINDS[p] for p in reversed(parts) if p in _KINDS), kind)
    if parts[0] == "options" and parts[-1] == "feedback":
        word = "giải thích của phương án"
    parts = [word]
    if protected.paired:
        parts.append("<n>…</n>: liên kết hoặc ảnh, dịch chữ ở giữa")
    if protected.whole:
        parts.append("{n}: giữ nguyên")
    return "; ".join(parts)


def export(project: Project, lang: str, out: Path, courses: list[str] | None = None,
           fmt: str = "po") -> list[Path]:
    """Write `out/<course>/<NN-slug>.po` for every lesson and `out/question_banks/<bank>.po` for
    every bank (with `courses`: the banks their tests draw from); returns the files written.
    With `fmt="xliff"`, the same as XLIFF 1.2 files (`.xlf`)."""
    written = []

    def write(path: Path, text: str, original: str) -> None:
        if fmt == "xliff":
            from qbank.translate.xliff import po_to_xliff

            path = path.with_suffix(".xlf")
            write_bytes_atomic(path, po_to_xliff(polib.pofile(text, wrapwidth=0), original))
        else:
            write_text_atomic(path, text)
        written.append(path)

    banks: set[str] = set()
    for course in project.courses:
        if courses and course.id not in courses:
            continue
        banks.update(e.bank for e in project.course_questions(course))
        for lesson in course.lessons:
            write(out / course.id / lesson_po_name(lesson),
                  export_lesson(project, course, lesson, lang),
                  lesson.path.relative_to(project.root).as_posix())
    for bank in project.banks.values():
        if courses and bank.id not in banks:
            continue
        write(out / "question_banks" / f"{bank.id}.po", export_bank(project, bank, lang),
              f"question_banks/{bank.id}")
    return written


# --- import ------------------------------------------------------------------------------------

@dataclass
class Imported:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def read_po(path: Path) -> tuple[polib.POFile | None, list[Diagnostic]]:
    """A PO file, read only if it is UTF-8 and declares UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [BROKEN_PO.at(Position(path, 0, 0), reason="không mở được tệp",
                                   reason_en=e.strerror or str(e))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [BAD_ENCODING.at(undecodable_at(path, raw, e), offset=e.start)]
    charset = re.search(r"charset=([A-Za-z0-9_\-]+)", text)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = text.count("\n", 0, charset.start()) + 1
        return None, [BAD_CHARSET.at(Position(path, line, 1), charset=charset.group(1))]
    try:
        po = polib.pofile(text.removeprefix("\ufeff"), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError) as e:
        reason = str(e).split("\n")[0]
        m = re.search(r"line (\d+)", reason)
        line = int(m.group(1)) if m else 1
        # polib's text is English: the Vietnamese message says only where the file breaks.
        return None, [BROKEN_PO.at(Position(path, line, 1), reason=f"sai cú pháp PO ở dòng {line}",
                                   reason_en=reason)]
    return po, []


def import_files(project: Project, paths: list[Path], reviewer: str | None = None,
                 translator: str | None = None) -> Imported:
    """Import each PO file; a file with an error changes nothing."""
    result = Imported()
    for path in paths:
        diags, written, counts = _import_one(project, path, reviewer, translator)
        result.diagnostics += diags
        result.written += written
        for k, v in counts.items():
            result.counts[k] = result.counts.get(k, 0) + v
    return result


def _header_line(path: Path, name: str) -> Position:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.startswith(f'"{name}:'):
                return Position(path, n, 2)
    except (OSError, UnicodeDecodeError):
        pass
    return Position(path, 1, 1)


def _context_lines(path: Path) -> dict[str, int]:
    """Line of each entry's `msgctxt`, where an editor shows the entry."""
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        m = re.match(r'msgctxt "(.*)"\s*$', line)
        if m:
            out.setdefault(m.group(1).replace('\\"', '"'), n)
    return out


def _read(project, path: Path):
    """(catalogue, line of each entry's context, diagnostics) of a PO or XLIFF file."""
    from qbank.translate.xliff import is_xliff, read_xliff

    if not is_xliff(path):
        po, diags = read_po(path)
        return po, (_context_lines(path) if po is not None else {}), diags
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except OSError as e:
        return None, {}, [BROKEN_PO.at(Position(path, 0, 0), reason="không mở được tệp",
                                       reason_en=e.strerror or str(e))]
    except UnicodeDecodeError as e:
        return None, {}, [BAD_ENCODING.at(undecodable_at(path, raw, e), offset=e.start)]
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9_\-]+)", raw.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return None, {}, [BAD_CHARSET.at(Position(path, 1, 1),
                                         charset=declared.group(1).decode("ascii"))]
    return read_xliff(project, path, raw)


def _import_one(project, path: Path, reviewer, translator):
    po, lines, diags = _read(project, path)
    if po is None:
        return diags, [], {}
    lesson_id = po.metadata.get("X-Qbank-Lesson", "").strip()
    bank_id = po.metadata.get("X-Qbank-Bank", "").strip()
    lang = po.metadata.get("Language", "").strip()
    if not (lesson_id or bank_id) or not lang:
        return [NOT_QBANK_PO.at(Position(path, 1, 1))], [], {}
    if not is_target_language(lang):
        return [BAD_LANGUAGE.at(_header_line(path, "Language"), lang=lang)], [], {}
    lesson = target = None
    if lesson_id:
        lesson = next((lesson for c in project.courses for lesson in c.lessons
                       if lesson.id == lesson_id), None)
        if lesson is None:
            return [WRONG_LESSON.at(_header_line(path, "X-Qbank-Lesson"), lesson=lesson_id)
                    ], [], {}
        owner_id = lesson.id
        target = translation_path(lesson, lang)
        sidecar = store_path(target)
        layout, segments = lesson_segments(lesson)
    else:
        from qbank.translate.questions import bank_segments, bank_store_path

        bank = project.banks.get(bank_id)
        if bank is None:
            return [WRONG_BANK.at(_header_line(path, "X-Qbank-Bank"), bank=bank_id)], [], {}
        owner_id = bank.id
        sidecar = bank_store_path(project, bank, lang)
        segments = bank_segments(bank)
    reviewer = reviewer or po.metadata.get("X-Qbank-Reviewer", "").strip() or None
    translator = translator or po.metadata.get("Last-Translator", "").strip() or None
    if translator:
        translator = re.sub(r"\s*<[^>]*>\s*$", "", translator)  # Poedit adds "<email>"
    old, diags = load_store(sidecar)
    if diags:
        return diags, [], {}
    by_key = {s.key: s for s in segments}
    store = Store(owner_id, lang, dict(old.entries) if old else {},
                  owner="lesson" if lesson is not None else "bank")
    counts = {"translated": 0, "reviewed": 0}
    for entry in po:
        if entry.obsolete:
            continue
        pos = Position(path, lines.get(entry.msgctxt or "", entry.linenum or 1), 1)
        context = entry.msgctxt or ""
        owner, _, key = context.partition(":")
        if owner != owner_id:
            diags.append(FOREIGN_ENTRY.at(pos, context=context, lesson=owner_id))
            continue
        seg = by_key.get(key)
        if seg is None:
            diags.append(SOURCE_CHANGED.at(pos, context=context))
            continue
        protected = protect(seg.text)
        if entry.msgid != protected.text:
            diags.append(CHANGED_MSGID.at(pos, context=context))
            continue
        if not entry.msgstr.strip():
            continue
        bad = problems(protected, entry.msgstr)
        if bad:
            vi, en = describe(bad)
            diags.append(BAD_PLACEHOLDERS.at(pos, context=context, tokens=vi, tokens_en=en))
            continue
        fuzzy = "fuzzy" in entry.flags
        status = FUZZY if fuzzy else (REVIEWED if reviewer else TRANSLATED)
        new = Entry(key, seg.text, entry.msgstr, status, translator,
                    reviewer if status == REVIEWED else None)
        before = store.entries.get(key)
        if before is not None and before.status == REVIEWED and status != REVIEWED:
            if before.translation != new.translation:
                diags.append(REVIEWED_KEPT.at(pos, context=context))
            continue
        store.entries[key] = new
        if status != FUZZY:
            counts["translated"] += 1
            counts["reviewed"] += status == REVIEWED
    if any(d.severity is Severity.ERROR for d in diags):
        return diags, [], {}
    # Keep the record in the lesson's order; entries of older texts stay for `#| msgid` hints.
    order = {s.key: i for i, s in enumerate(segments)}
    store.entries = dict(sorted(store.entries.items(),
                                key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    if not any(e.status != FUZZY and e.key in order for e in store.entries.values()):
        diags.append(NO_TRANSLATION.at(Position(path, 1, 1)))
        return diags, [], counts
    if lesson is None:
        save_store(sidecar, store)
        return diags, [sidecar], counts
    text = render_translation(lesson, layout, segments, store, target)
    save_store(sidecar, store)
    write_text_atomic(target, text)
    return diags, [target, sidecar], counts


def render_translation(lesson, layout, segments, store: Store, target: Path) -> str:
    """`NN-slug.<code>.md`: the lesson's layout with every translated segment in place and the
    Vietnamese text where there is none yet."""
    current = [store.entries.get(s.key) for s in segments]
    live = [e for e in current if e is not None and e.status != FUZZY]

    def text_of(slot):
        entry = store.entries.get(slot.key)
        return entry.markdown() if entry is not None and entry.status != FUZZY else None

    body = layout.rebuild(text_of)
    title_entry = next((e for s, e in zip(segments, current, strict=True)
                        if s.kind == "title" and e is not None and e.status != FUZZY), None)
    title = (title_entry.markdown() if title_entry else None) or lesson.meta.title
    reviewers = sorted({e.reviewer for e in live if e.reviewer})
    translators = sorted({e.translator for e in live if e.translator})
    # Reviewed when everything translated is: the segments not translated yet are Vietnamese,
    # which the page marks as such, not an unreviewed translation.
    all_reviewed = bool(live) and all(e.status == REVIEWED and e.reviewer for e in live)
    machine = False
    if target.is_file():
        machine = bool(re.search(r"^machine_translated:\s*true\s*$",
                                 target.read_text(encoding="utf-8"), re.M))
    lines = ["---", f"title: {_q(title)}", f'source_hash: "{lesson.hash}"', "review:",
             f"  status: {ReviewStatus.REVIEWED.value if all_reviewed else 'draft'}",
             f"  reviewer: {_q(', '.join(reviewers)) if all_reviewed and reviewers else 'null'}",
             f"translator: {_q(', '.join(translators)) if translators else 'null'}",
             f"machine_translated: {'true' if machine else 'false'}", "---"]
    return "\n".join(lines) + "\n" + body


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    import json

    return json.dumps(text, ensure_ascii=False)
