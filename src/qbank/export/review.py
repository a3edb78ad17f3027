"""review.html: the printable sheet approvers sign off, one per course (Vietnamese, A4)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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
    """(stem, explanation, [(option, option feedback)]) as HTML: the Markdown rendering, most
    of the sheet's time, is kept in the build cache per question (questions without media)."""
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


def _question(entry, fw, media: MediaSet, saved: dict | None = None, store=None) -> dict:
    q = entry.q
    stem, feedback, options = _texts(entry, media, store)
    view = {"id": q.id, "bank": entry.bank, "type_label": TYPE_LABELS[q.type],
            "stem_html": stem,
            "feedback_html": feedback,
            "level": f"{int(q.level)} – {LEVEL_LABELS_VI[int(q.level)]}",
            "use": ", ".join(USE_LABELS[u] for u in q.use),
            "skills": "; ".join(f"{s} {fw.item(s).name if fw.item(s) else ''}".strip()
                                for s in q.skills),
            "status": q.review.status.value, "status_label": STATUS_LABELS[q.review.status.value],
            "reviewer": q.review.reviewer, "options": [], "answer_html": None,
            "results": _results(entry, saved or {})}
    if isinstance(q, ChoiceQuestion):
        view["options"] = [{"label": choice_id(i), "html": html, "correct": o.correct,
                            "feedback_html": fb}
                           for i, (o, (html, fb)) in enumerate(zip(q.options, options, strict=True))]
    elif isinstance(q, TrueFalse):
        view["options"] = [{"label": "A", "html": "Đúng", "correct": q.answer,
                            "feedback_html": None},
                           {"label": "B", "html": "Sai", "correct": not q.answer,
                            "feedback_html": None}]
    elif isinstance(q, TextEntry):
        accepted = " · ".join(q.answers)
        notes = ["phân biệt chữ hoa/thường" if q.case_sensitive else "không phân biệt chữ hoa/thường"]
        if q.accept_without_diacritics:
            notes.append("chấp nhận gõ không dấu")
        view["answer_html"] = Markup("{} <em>({})</em>").format(accepted, "; ".join(notes))
    elif isinstance(q, Ordering):
        view["answer_html"] = Markup("thứ tự đúng: ") + Markup(" → ").join(q.items)
    elif isinstance(q, Matching):
        pairs = Markup("; ").join(Markup("{} ↔ {}").format(p.left, p.right) for p in q.pairs)
        extra = Markup(" <em>(phương án nhiễu: {})</em>").format(", ".join(q.distractors)) \
            if q.distractors else ""
        view["answer_html"] = pairs + extra
    return view


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
    """The sheet's questions, each made as the template reaches it: the page's text and every
    question's view at once took ~100 MB at 10,000 questions."""

    def __init__(self, entries, make):
        self.entries, self.make = entries, make

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return (self.make(e) for e in self.entries)


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
        questions=_Questions(ctx.questions,
                             lambda e: _question(e, fw, media, saved, build_cache.current())))


def write_review(ctx: CourseBuild, bundle: Path) -> None:
    media = MediaSet(ctx.project.root)
    with open(bundle / "review.html", "w", encoding="utf-8") as f:
        f.writelines(review_chunks(ctx, media))
    media.write(bundle)
