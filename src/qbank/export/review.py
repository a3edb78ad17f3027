"""review.html: the printable sheet approvers sign off, one per course (Vietnamese, A4)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from qbank.analysis.items import FLAG_VI
from qbank.analysis.saved import latest
from qbank.export import cache as build_cache
from qbank.export.identifiers import choice_id
from qbank.export.media import MediaSet
from qbank.export.registry import CourseBuild
from qbank.model.common import LEVEL_LABELS_VI
from qbank.model.question import ChoiceQuestion, Matching, Ordering, TextEntry, TrueFalse
from qbank.publication import banner, status_label
from qbank.release import item_hash
from qbank.render.xhtml import markdown_to_xhtml
from qbank.rules.sources import unsourced

TYPE_LABELS = {"single_choice": "Một lựa chọn", "multiple_response": "Nhiều lựa chọn",
               "true_false": "Đúng/Sai", "text_entry": "Điền đáp án", "ordering": "Sắp xếp thứ tự",
               "matching": "Ghép đôi"}
STATUS_LABELS = {"draft": "bản nháp", "reviewed": "đã thẩm định", "approved": "đã phê duyệt"}
USE_LABELS = {"checkpoint": "kiểm tra sau bài", "final": "kiểm tra cuối khóa"}
CACHE_VERSION = "1"  # change whenever the HTML _texts() makes changes


def _html(text: str | None, inline: bool = False, rewrite=None) -> Markup | None:
    # markdown_to_xhtml escapes all source text and allows only a safe element list.
    return Markup(markdown_to_xhtml(text, rewrite, inline=inline)) if text else None


def _stem(entry, media: MediaSet) -> Markup:
    """The stem with its images, which point at `media/<name>` beside review.html."""
    q = entry.q
    html = _html(q.stem, rewrite=media.rewriter(entry.path.parent)) or Markup("")
    for m in q.media:
        name = media.add(m.src, entry.path.parent)
        if name:
            html += Markup('<p><img src="{}" alt="{}"/></p>').format(name, m.alt)
    return html


def _results(entry, saved: dict) -> dict | None:
    """The platform's figures for this question from the newest saved analysis, if any."""
    item = saved.get(entry.id)
    if item is None:
        return None
    return {"month": f"{item.month[5:]}/{item.month[:4]}", "n": item.n,
            "p": "—" if item.p is None else f"{round(item.p * 100)} %",
            "r": "—" if item.discrimination is None
            else f"{item.discrimination:.2f}".replace(".", ","),
            "options": " · ".join(f"{letter}: {n}" for letter, n in item.options),
            "flags": ", ".join(FLAG_VI[f] for f in item.flags if f in FLAG_VI),
            "outdated": item.hash != item_hash(entry.q)}


def _texts(entry, media: MediaSet, store) -> tuple:
    """(stem, explanation, [(option, option feedback)]) as HTML. The Markdown rendering of
    questions with more than plain words is kept in the build cache (questions without media)."""
    q = entry.q
    k = build_cache.question_key(store, entry, "review-question", CACHE_VERSION)
    if k is not None:
        cached = store.get(k)
        if cached is not None:
            try:
                stem, feedback, options = json.loads(cached)
                return (Markup(stem), _markup(feedback),
                        [(_markup(o), _markup(f)) for o, f in options])
            except (ValueError, TypeError):
                pass  # not what this version stores: rebuilt below
    stem = _stem(entry, media)
    feedback = _html(q.feedback, rewrite=media.rewriter(entry.path.parent))
    options = [(_html(o.text, inline=True), _html(o.feedback)) for o in q.options] \
        if isinstance(q, ChoiceQuestion) else []
    if k is not None:
        store.put(k, json.dumps([stem, feedback, options], ensure_ascii=False).encode())
    return stem, feedback, options


def _markup(html: str | None) -> Markup | None:
    return None if html is None else Markup(html)


def _section(n: int, entry, skill_names, media: MediaSet, saved: dict, store) -> Markup:
    """Question `n`'s block of the sheet. Written here, not in the template: its ~25 template
    expressions per question were most of the sheet's time at 10,000 questions."""
    q = entry.q
    stem, feedback, texts = _texts(entry, media, store)
    qid = escape(q.id)
    out = [f'<section class="q" id="{qid}">\n  <div class="q-head">\n'
           f"    <h3>Câu {n}. {TYPE_LABELS[q.type]}</h3>\n"
           f'    <span class="q-id">{qid} · ngân hàng {escape(entry.bank)}</span>\n  </div>\n'
           f'  <div class="stem">{stem}</div>\n']
    if isinstance(q, ChoiceQuestion):
        options = [(choice_id(i), html, o.correct, fb)
                   for i, (o, (html, fb)) in enumerate(zip(q.options, texts, strict=True))]
    elif isinstance(q, TrueFalse):
        options = [("A", "Đúng", q.answer, None), ("B", "Sai", not q.answer, None)]
    else:
        options = []
    if options:
        out.append('  <ol class="options">\n')
        for label, html, correct, fb in options:
            out.append(f'    <li class="{"key" if correct else ""}"><span class="label">{label}.'
                       f"</span> {escape(html)}")
            if correct:
                out.append(' <span class="mark">✔ đáp án đúng</span>')
            if fb:
                out.append(f'<div class="feedback">Phản hồi: {fb}</div>')
            out.append("</li>\n")
        out.append("  </ol>\n")
    answer = _answer(q)
    if answer:
        out.append(f"<p><strong>Đáp án:</strong> {answer}</p>")
    if feedback:
        out.append(f'<div class="feedback"><strong>Giải thích:</strong> {feedback}</div>')
    results = _results(entry, saved)
    if results:
        out.append(f'  <p class="results"><strong>Kết quả trên nền tảng ({escape(results["month"])}'
                   f'):</strong>\n    {results["n"]} người trả lời, {escape(results["p"])} đúng, '
                   f'độ phân biệt {escape(results["r"])}')
        if results["options"]:
            out.append(f'; số người chọn: {escape(results["options"])}')
        if results["flags"]:
            out.append(f'; <strong>cần xem lại: {escape(results["flags"])}</strong>')
        if results["outdated"]:
            out.append(" <em>(số liệu của phiên bản trước của câu hỏi)</em>")
        out.append("</p>\n")
    level = int(q.level)
    status = q.review.status.value
    out.append(f'  <p class="tags">Mức độ: {level} – {LEVEL_LABELS_VI[level]} · Sử dụng: '
               f'{", ".join(USE_LABELS[u] for u in q.use)} · Kỹ năng: '
               f'{escape("; ".join(skill_names(s) for s in q.skills))}\n'
               f'    · Trạng thái: <span class="status-{status}">{STATUS_LABELS[status]}</span>')
    if q.review.reviewer:
        out.append(f" ({escape(q.review.reviewer)})")
    out.append("</p>\n</section>")
    return Markup("".join(out))


def _answer(q) -> Markup | None:
    """The key of a question that has no options to mark."""
    if isinstance(q, TextEntry):
        notes = ["phân biệt chữ hoa/thường" if q.case_sensitive
                 else "không phân biệt chữ hoa/thường"]
        if q.accept_without_diacritics:
            notes.append("chấp nhận gõ không dấu")
        return Markup("{} <em>({})</em>").format(" · ".join(q.answers), "; ".join(notes))
    if isinstance(q, Ordering):
        return Markup("thứ tự đúng: ") + Markup(" → ").join(q.items)
    if isinstance(q, Matching):
        pairs = Markup("; ").join(Markup("{} ↔ {}").format(p.left, p.right) for p in q.pairs)
        extra = Markup(" <em>(phương án nhiễu: {})</em>").format(", ".join(q.distractors)) \
            if q.distractors else ""
        return pairs + extra
    return None


def _skill_names(fw):
    """A skill code with its framework name ("4.2 Bảo vệ thiết bị"), looked up once per code."""
    names: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in names:
            item = fw.item(code)
            names[code] = f"{code} {item.name if item else ''}".strip()
        return names[code]
    return name


def _lesson(lesson, checkpoints: dict, root: Path) -> dict:
    """A lesson's row: its sources, or the first statement that needs one (QB0530)."""
    missing = None
    found = unsourced(lesson)
    if found is not None:
        path, claim = found
        missing = {"kind": claim.kind_vi, "text": claim.text,
                   "where": f"{path.relative_to(root).as_posix()}:{claim.line}"}
    return {"title": lesson.meta.title, "skills": lesson.meta.skills,
            "checkpoint": checkpoints.get(lesson.id, []),
            "sources": [_source(s) for s in lesson.meta.sources], "unsourced": missing}


def _source(source) -> dict:
    return {"title": source.title, "issuer": source.issuer, "ref": source.ref,
            "url": source.url, "checked": source.checked.strftime("%d/%m/%Y")
            if source.checked else None}


class _Questions:
    """The sheet's questions, each written as the template reaches it: the page's text and every
    question's view at once took ~100 MB at 10,000 questions."""

    def __init__(self, entries, make):
        self.entries, self.make = entries, make

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return (self.make(n, e) for n, e in enumerate(self.entries, 1))


def render_review(ctx: CourseBuild, media: MediaSet | None = None) -> str:
    """review.html's text; the images it shows are collected in `media`."""
    return "".join(review_chunks(ctx, media))


def review_chunks(ctx: CourseBuild, media: MediaSet | None = None):
    """review.html's text in pieces, as the template makes them."""
    media = media if media is not None else MediaSet(ctx.project.root)
    env = Environment(loader=PackageLoader("qbank", "templates/review"),
                      autoescape=select_autoescape(default=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    project, entry = ctx.project, ctx.course
    course, fw = entry.course, project.framework
    saved, _ = latest(project)
    skill_names, store = _skill_names(fw), build_cache.current()
    audience = project.audience(course.audience)
    checkpoints = {cp.after: cp.questions for cp in course.checkpoints}
    final = None
    if course.final:
        f = course.final
        final = {
            "title": f.title, "id": f.id, "total": sum(s.select for s in f.sections),
            "threshold": f"{ctx.pass_threshold:g}%" if ctx.pass_threshold is not None
            else "chưa đặt",
            "time_limit": f"{ctx.time_limit_minutes} phút" if ctx.time_limit_minutes
            else "chưa đặt",
            "attempts": ctx.attempts if ctx.attempts else "chưa đặt",
            "sections": [{"title": s.title or s.id, "select": s.select,
                          "pool_size": len(project.pool(s.pool))} for s in f.sections]}
    return env.get_template("review.html.j2").generate(
        organization=project.config.organization.name,
        course={"id": course.id, "title": course.title, "version": course.version,
                "description": course.description,
                "description_html": _html(course.description)},
        audience=audience.title if audience else course.audience,
        framework=fw,
        revision=ctx.revision,
        lessons=[_lesson(lesson, checkpoints, project.root) for lesson in entry.lessons],
        publication=banner(project.config), publication_status=status_label(project.config),
        final=final,
        questions=_Questions(ctx.questions, lambda n, e: _section(
            n, e, skill_names, media, saved or {}, store)))


def write_review(ctx: CourseBuild, bundle: Path) -> None:
    media = MediaSet(ctx.project.root)
    with open(bundle / "review.html", "w", encoding="utf-8") as f:
        f.writelines(review_chunks(ctx, media))
    media.write(bundle)
