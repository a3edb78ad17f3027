"""`qbank import` and `qbank export xlsx`: click commands over the library, attached to the main
command group by qbank.cli. Exit 0 all imported, 1 content problems, 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qbank.command_line import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, load_or_exit
from qbank.diagnostics import Severity, render_text, resolve_lang

lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                           help="Ngôn ngữ thông báo / message language (QBANK_LANG).")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--bank", required=True, help="Id ngân hàng đích / target bank id.")
@click.option("--format", "fmt", default="auto",
              type=click.Choice(["auto", "xlsx", "docx", "txt", "gift", "aiken", "qti",
                                 "moodlexml"]),
              help="Định dạng tệp / input format (auto: theo đuôi và nội dung).")
@click.option("--skill", "skills", multiple=True,
              help="Mã kỹ năng cho câu không ghi kỹ năng; 'auto' gợi ý mã theo danh sách từ khóa "
                   "của khung / skill code for questions without one; 'auto' suggests codes "
                   "from the framework's word list.")
@click.option("--map", "map_file", type=click.Path(exists=True, dir_okay=False),
              help="Tệp YAML khai báo cột, mức độ, chủ đề / YAML mapping of columns, levels.")
@click.option("--out", type=click.Path(), default=None,
              help="Thư mục hoặc tệp kết quả / output folder or file.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có / overwrite existing files.")
@click.option("--update", is_flag=True,
              help="Cập nhật câu hỏi đã có trong kho theo tệp (cùng mã câu hỏi) / update the "
                   "project's questions with the same id from the file.")
@click.option("--project", "project", default=".", type=click.Path(file_okay=False),
              help="Kho nội dung / content repository (mặc định / default: .).")
@lang_option
def import_command(files, bank, fmt, skills, map_file, out, force, update, project, lang):
    """Nhập ngân hàng Excel, Word, văn bản, GIFT, Aiken, QTI, Moodle XML / import banks."""
    from qbank.importers import import_files, load_map
    from qbank.importers.report import to_text
    from qbank.model.common import ID_RE

    lang = resolve_lang(lang)
    if not ID_RE.match(bank):
        click.echo(("invalid bank id: " if lang == "en" else "id ngân hàng không hợp lệ: ")
                   + bank, err=True)
        sys.exit(EXIT_USAGE)
    loaded = load_or_exit(project, lang)
    options = None
    if map_file:
        options, diags = load_map(Path(map_file))
        if options is None:
            click.echo(render_text(diags, Path.cwd(), lang), err=True)
            sys.exit(EXIT_USAGE)
    result = import_files([Path(f) for f in files], bank, loaded.root, fmt, force,
                          Path(out) if out else None, list(skills), options,
                          framework=loaded.framework, update=update)
    shown = render_text(result.diagnostics, Path.cwd(), lang)
    if shown:
        click.echo(shown)
    click.echo(to_text(result, Path.cwd(), lang), err=True)
    if any(d.code.id in ("QB1112", "QB1117", "QB1136") for d in result.diagnostics):
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_ERRORS if any(d.severity is Severity.ERROR for d in result.diagnostics)
             else EXIT_OK)


@click.group("export")
def export_command():
    """Xuất nội dung cho người thẩm định / export content for reviewers."""


@export_command.command("xlsx")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--course", default=None, help="Câu hỏi của khóa học này / this course's questions.")
@click.option("--bank", default=None, help="Chỉ ngân hàng này / only this bank.")
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="Tệp .xlsx kết quả / output file.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có / overwrite an existing file.")
@lang_option
def export_xlsx_command(path, course, bank, out, force, lang):
    """Một dòng cho mỗi câu hỏi, đọc lại được bằng 'qbank import' / one row per question."""
    from qbank.importers.export_xlsx import export

    lang = resolve_lang(lang)
    if course and bank:
        click.echo("--course and --bank cannot be used together" if lang == "en" else
                   "không dùng --course cùng với --bank: chọn một khóa học hoặc một ngân hàng",
                   err=True)
        sys.exit(EXIT_USAGE)
    project = load_or_exit(path, lang)
    if course and project.course(course) is None:
        click.echo(f"no course '{course}'" if lang == "en" else f"không có khóa học '{course}'",
                   err=True)
        sys.exit(EXIT_USAGE)
    if bank and bank not in project.banks:
        click.echo(f"no bank '{bank}'" if lang == "en" else f"không có ngân hàng '{bank}'",
                   err=True)
        sys.exit(EXIT_USAGE)
    name = course or bank or "cau-hoi"
    target = Path(out) if out else project.root / f"{name}.xlsx"
    if target.exists() and not force:
        click.echo(f"{target} exists; use --force" if lang == "en" else
                   f"tệp {target} đã có; dùng --force để ghi đè", err=True)
        sys.exit(EXIT_USAGE)
    count = export(project, target, course=course, bank=bank)
    click.echo(f"{count} " + ("question(s) → " if lang == "en" else "câu hỏi → ") + str(target),
               err=True)
