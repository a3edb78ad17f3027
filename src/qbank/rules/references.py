"""Every reference binds: questions, lessons, banks, audiences, framework groups, media files."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from qbank.diagnostics import Position, code
from qbank.model.common import Use
from qbank.render.markdown import image_refs
from qbank.source.paths import decode_src, resolve_ref

UNKNOWN_QUESTION = code(
    "QB0304", "unknown-question", "error", "không có câu hỏi nào có id '{id}'",
    "no question has id '{id}'")
UNKNOWN_LESSON = code(
    "QB0307", "unknown-lesson", "error", "khóa học không có bài học nào có id '{id}'",
    "the course has no lesson with id '{id}'", "Các bài học của khóa: {known}.",
    "The course's lessons: {known}.")
UNKNOWN_BANK = code(
    "QB0308", "unknown-bank", "error", "không có ngân hàng câu hỏi '{id}'",
    "no question bank '{id}'", "Ngân hàng là một thư mục trong question_banks/; hiện có: {known}.",
    "A bank is a folder under question_banks/; existing: {known}.")
UNKNOWN_AUDIENCE = code(
    "QB0309", "unknown-audience", "error", "đối tượng '{id}' chưa được khai báo",
    "audience '{id}' is not declared",
    "Khai báo trong 'audiences' của qbank.yaml; hiện có: {known}.",
    "Declare it under 'audiences' in qbank.yaml; declared: {known}.")
UNKNOWN_GROUP = code(
    "QB0313", "unknown-group", "error", "khung kỹ năng không có nhóm đối tượng '{id}'",
    "the framework has no target group '{id}'", "Các nhóm của khung: {known}.",
    "The framework's groups: {known}.")
CHECKPOINT_USE = code(
    "QB0314", "checkpoint-use", "warning",
    "câu hỏi '{id}' được dùng ở điểm kiểm tra nhưng 'use' không có 'checkpoint'",
    "question '{id}' is used in a checkpoint but its 'use' lacks 'checkpoint'",
    "Thêm 'checkpoint' vào 'use' của câu hỏi, hoặc chọn câu hỏi khác.",
    "Add 'checkpoint' to the question's 'use', or pick another question.")
NO_SKILLS = code(
    "QB0321", "lesson-without-skills", "warning", "bài học chưa ghi mã kỹ năng nào ('skills')",
    "the lesson lists no skill codes ('skills')",
    "Thêm dòng 'skills: [\"4.2\"]' với mã kỹ năng bài học dạy (xem 'qbank framework'): độ bao "
    "phủ khung kỹ năng và bài kiểm tra dựa vào các mã này.",
    "Add a 'skills: [\"4.2\"]' line with the codes the lesson teaches (see 'qbank framework'): "
    "framework coverage and tests rely on them.")
MISSING_MEDIA = code(
    "QB0306", "missing-media", "error", "không tìm thấy tệp media '{ref}'",
    "media file not found: '{ref}'",
    "Đặt tệp trong thư mục media/ và ghi đường dẫn tương đối từ tệp đang viết.",
    "Put the file under media/ and give its path relative to the file that uses it.")


def _known(names) -> str:
    names = sorted(names)
    return ", ".join(names[:12]) + (" …" if len(names) > 12 else "") if names else "(không có)"


def _audiences(project):
    config, framework = project.config, project.framework
    if config is None or framework is None:
        return
    groups = [g.id for g in framework.groups]
    for i, a in enumerate(config.audiences):
        if framework.group(a.group) is None:
            pos = project.config_src.pos("audiences", i, "group")
            yield UNKNOWN_GROUP.at(pos, id=a.group, known=_known(groups)).suggest(a.group, groups)


def _course_refs(project, c):
    course = c.course
    if project.config is not None and project.audience(course.audience) is None:
        known = [a.id for a in project.config.audiences]
        yield UNKNOWN_AUDIENCE.at(c.pos("audience"), id=course.audience,
                                              known=_known(known)).suggest(course.audience, known)
    lesson_ids = [lesson.id for lesson in c.lessons]
    for i, cp in enumerate(course.checkpoints):
        if cp.after not in lesson_ids:
            d = UNKNOWN_LESSON.at(c.pos("checkpoints", i, "after"), id=cp.after,
                                  known=_known(lesson_ids))
            by_stem = {lesson.path.stem: lesson.id for lesson in c.lessons}
            if cp.after in by_stem:  # the file name without '.md'
                lesson_id = by_stem[cp.after]
                d.with_hint(f"'{cp.after}' là tên tệp; bài học trong tệp có id '{lesson_id}': "
                            f"ghi 'after: {lesson_id}'.",
                            f"'{cp.after}' is the file name; its lesson's id is '{lesson_id}': "
                            f"write 'after: {lesson_id}'.")
                yield d
            else:
                yield d.suggest(cp.after, lesson_ids)
        for j, qid in enumerate(cp.questions):
            yield from _question_ref(project, qid, c.pos("checkpoints", i, "questions", j))
    for lesson in c.lessons:
        if not lesson.meta.skills:
            yield NO_SKILLS.at(lesson.pos("id", key=True))
        if lesson.meta.video:
            for j, quiz in enumerate(lesson.meta.video.quiz):
                yield from _question_ref(project, quiz.question,
                                         lesson.pos("video", "quiz", j, "question"))
    if course.final:
        for i, section in enumerate(course.final.sections):
            for j, bank in enumerate(section.pool.banks):
                if bank not in project.banks:
                    yield UNKNOWN_BANK.at(
                        c.pos("final", "sections", i, "pool", "banks", j), id=bank,
                        known=_known(project.banks)).suggest(bank, project.banks)


def _question_ref(project, qid, pos):
    entry = project.questions.get(qid)
    if entry is None:
        yield UNKNOWN_QUESTION.at(pos, id=qid).suggest(qid, project.questions)
    elif Use.CHECKPOINT not in entry.q.use:
        yield CHECKPOINT_USE.at(pos, id=qid)


def _is_external(ref: str) -> bool:
    return bool(urlsplit(ref).scheme) or ref.startswith("//")


def _media(project):
    known: dict = {}  # (reference, folder) → what resolve_ref says, for this run
    for bank in project.banks.values():
        for entry in bank.questions:
            q = entry.q
            for i, m in enumerate(q.media):
                if _is_external(m.src):
                    continue
                yield from _media_ref(project, m.src, entry.path.parent,
                                      (entry, ("media", i, "src")), known)
            # Images written in the question's Markdown texts, reported at the text's key.
            options = getattr(q, "options", None) or []
            if not _has_image(q.stem, q.feedback, *(
                    getattr(o, key, None) for o in options for key in ("text", "feedback"))):
                continue
            texts = [(("stem",), q.stem), (("feedback",), q.feedback)] + [
                (("options", i, key), getattr(o, key, None))
                for i, o in enumerate(options)
                for key in ("text", "feedback")]
            for keys, text in texts:
                if not text or "![" not in text:
                    continue
                for src, _, _ in image_refs(text):
                    if src and not _is_external(src):
                        yield from _media_ref(project, decode_src(src), entry.path.parent,
                                              (entry, keys), known)
    for c in project.courses:
        for lesson in c.lessons:
            bodies = [(lesson.path, lesson.body, lesson.body_line)] + [
                (v.path, v.body, v.body_line) for v in lesson.variants.values()]
            for path, body, body_line in bodies:
                yield from body_media(project, path, body, body_line, known)


def _has_image(*texts) -> bool:
    """Whether any of the texts may hold a Markdown image (most questions have none)."""
    return any(text and "![" in text for text in texts)


def body_media(project, path, body: str, body_line: int, known: dict | None = None):
    """QB0306 (or QB0302) for each image of a Markdown body (lesson, handbook page) that is not
    a file of the project, at the image's position."""
    for src, line, col in image_refs(body):
        if src and not _is_external(src):
            yield from _media_ref(project, decode_src(src), path.parent,
                                  Position(path, body_line + line, col + 1), known)


def _media_ref(project, ref, base, pos, known: dict | None = None):
    """QB0306 (or what resolve_ref reports) for a media reference. `pos` is a Position, or a
    (located, data path) pair located only when something is reported: locating reads the
    file's YAML, and every question of a bank may have an image. `known` remembers what
    resolve_ref said of each (reference, folder): questions share their images."""
    found = None if known is None else known.get((ref, base))
    if found is None:
        found = resolve_ref(ref, base, project.root, None)[1]
        if known is not None:
            known[ref, base] = found
    if found and isinstance(pos, tuple):
        where, loc = pos
        pos = where.pos(*loc)
    for d in found:
        if d.code.name == "missing-file":
            yield MISSING_MEDIA.at(pos, ref=ref)
        else:
            yield replace(d, pos=pos, args=dict(d.args))


def check(project):
    yield from _audiences(project)
    for c in project.courses:
        yield from _course_refs(project, c)
    yield from _media(project)
