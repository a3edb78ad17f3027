"""`qbank translate export|import|status`: the translators' round trip on the command line.

qbank's command group loads it on first use (``qbank.cli``); the work is in ``qbank.translate.po``
and ``qbank.translate.status``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qbank.command_line import EXIT_ERRORS, EXIT_USAGE, load_or_exit, say
from qbank.diagnostics import Severity, render_json, render_text, resolve_lang

# `--lang` names the translation's language here, as in `qbank build --lang`; the messages'
# language comes from --ui-lang or QBANK_LANG.
lang_option = click.option("--ui-lang", "ui_lang", type=click.Choice(["vi", "en"]), default=None,
                           help="Ngôn ngữ thông báo / message language (QBANK_LANG).")
project_option = click.option("--project", "path", default=".",
                              type=click.Path(file_okay=False),
                              help="Thư mục dự án / project folder (mặc định / default: .).")




def _target_language(code: str, lang: str) -> None:
    from qbank.translate.po import BAD_LANGUAGE, is_target_language

    if not is_target_language(code):
        click.echo(render_text([BAD_LANGUAGE.at(None, lang=code)], None, lang), err=True)
        sys.exit(EXIT_USAGE)


@click.group()
def translate():
    """Dịch bài học qua tệp PO / translate lessons through PO files (Poedit, Weblate…)."""


@translate.command("export")
@click.option("--lang", "code", required=True, metavar="CODE",
              help="Ngôn ngữ đích (ISO 639-3) / target language, e.g. tmm, hnj.")
@click.option("--course", "courses", multiple=True, help="Chỉ khóa học này / only this course.")
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Thư mục ghi tệp PO / output folder (mặc định / default: "
                   "PROJECT/dist/translate/CODE).")
@click.option("--format", "fmt", type=click.Choice(["po", "xliff"]), default="po",
              help="po (mặc định: Poedit, Weblate…) hoặc xliff (XLIFF 1.2: OmegaT, memoQ…).")
@project_option
@lang_option
def export_command(code, courses, out, fmt, path, ui_lang):
    """Xuất mỗi bài một tệp PO để dịch / write one PO file per lesson for translators."""
    from qbank.translate.po import export

    lang = resolve_lang(ui_lang)
    _target_language(code, lang)
    project = load_or_exit(path, lang)
    _known_courses(project, courses, lang)
    out_dir = Path(out) if out else project.root / "dist" / "translate" / code
    written = export(project, code, out_dir, list(courses) or None, fmt)
    for p in written:
        click.echo(str(p))
    kind = "XLIFF" if fmt == "xliff" else "PO"
    click.echo(say(lang, f"đã xuất {len(written)} tệp {kind} vào {out_dir}",
                    f"exported {len(written)} {kind} files to {out_dir}"), err=True)


def _known_courses(project, courses, lang: str) -> None:
    known = {c.id for c in project.courses}
    unknown = [c for c in courses if c not in known]
    if unknown:
        click.echo(say(lang, f"qbank: không có khóa học '{unknown[0]}'. Có: {', '.join(sorted(known))}",
                        f"qbank: no course '{unknown[0]}'. Known: {', '.join(sorted(known))}"),
                   err=True)
        sys.exit(EXIT_USAGE)


@translate.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--reviewer", default=None,
              help="Người thông thạo ngôn ngữ đã đọc duyệt bản dịch / fluent reviewer's name.")
@click.option("--translator", default=None,
              help="Người dịch (mặc định: dòng Last-Translator) / translator's name.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Định dạng thông báo / diagnostics format.")
@project_option
@lang_option
def import_command(files, reviewer, translator, fmt, path, ui_lang):
    """Nhập tệp PO đã dịch thành bản dịch bài học / turn translated PO files into lessons."""
    from qbank.translate.po import import_files

    lang = resolve_lang(ui_lang)
    project = load_or_exit(path, lang)
    result = import_files(project, [Path(f) for f in files], reviewer, translator)
    root = project.root
    if fmt == "json":
        click.echo(render_json(result.diagnostics, root, lang))
    elif result.diagnostics:
        click.echo(render_text(result.diagnostics, root, lang), err=True)
    for p in result.written:
        click.echo(say(lang, f"đã ghi {_rel(p, root)}", f"wrote {_rel(p, root)}"), err=True)
    if not result.ok:
        click.echo(say(lang, "Không ghi tệp nào từ tệp PO có lỗi.",
                        "Nothing was written from a PO file with errors."), err=True)
        sys.exit(EXIT_ERRORS)
    n, r = result.counts.get("translated", 0), result.counts.get("reviewed", 0)
    click.echo(say(lang, f"{n} đoạn đã dịch, trong đó {r} đoạn đã thẩm định",
                    f"{n} segments translated, {r} of them reviewed"), err=True)


def _rel(p: Path, root: Path) -> str:
    try:
        return p.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(p)


@translate.command("status")
@click.option("--lang", "code", default=None, metavar="CODE", help="Chỉ ngôn ngữ này / only this "
              "language.")
@click.option("--course", "courses", multiple=True, help="Chỉ khóa học này / only this course.")
@project_option
@lang_option
def status_command(code, courses, path, ui_lang):
    """Bảng tiến độ dịch theo từng đoạn / translation progress per segment, per language."""
    from qbank.translate.status import rows

    lang = resolve_lang(ui_lang)
    if code:
        _target_language(code, lang)
    project = load_or_exit(path, lang)
    _known_courses(project, courses, lang)
    found, diags = rows(project, code, list(courses) or None)
    if diags:
        click.echo(render_text(diags, project.root, lang), err=True)
    if not found:
        click.echo(say(lang, "Chưa có bản dịch nào. Bắt đầu bằng 'qbank translate export --lang "
                              "MÃ'.", "No translations yet. Start with 'qbank translate export "
                                      "--lang CODE'."))
        return
    heads = (("bài học / ngân hàng", "ngôn ngữ", "số đoạn", "đã dịch", "đã thẩm định", "lỗi thời",
              "cần xem lại", "chưa dịch") if lang != "en" else
             ("lesson / bank", "language", "segments", "translated", "reviewed", "stale", "fuzzy",
              "untranslated"))
    table = [heads]
    for languages in sorted({r.lang for r in found}):
        for r in (r for r in found if r.lang == languages):
            c = r.counts
            table.append((r.lesson, r.lang, str(r.total), str(c["translated"] + c["reviewed"]),
                          str(c["reviewed"]), str(c["stale"]), str(c["fuzzy"]),
                          str(c["untranslated"])))
    widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    if any(d.severity is Severity.ERROR for d in diags):
        sys.exit(EXIT_ERRORS)
