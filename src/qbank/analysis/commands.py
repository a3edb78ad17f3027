"""`qbank analyze`: parse options, call the library, print, choose the exit code
(0 done, 1 a report could not be used, 2 usage)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from qbank.analysis.items import Thresholds
from qbank.analysis.output import FORMATS, to_svg, to_text, xlsx_bytes
from qbank.analysis.run import analyze
from qbank.analysis.saved import MONTH, save
from qbank.command_line import EXIT_ERRORS, EXIT_USAGE, load_or_exit
from qbank.diagnostics import has_errors, render_text, resolve_lang
from qbank.source.atomic import write_bytes_atomic, write_text_atomic


def _month(ctx, param, value):
    if value is not None and not MONTH.match(value):
        raise click.BadParameter("cần dạng YYYY-MM / expected YYYY-MM")
    return value


@click.command("analyze")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--responses", "responses", multiple=True, type=click.Path(dir_okay=False,
              exists=True), help="Báo cáo câu trả lời (Problem Responses) CSV; có thể nhiều tệp.")
@click.option("--problem-grades", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Báo cáo điểm từng câu (Problem Grade Report) CSV.")
@click.option("--grades", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Báo cáo điểm (Grade Report) CSV: nối tên đăng nhập với e-mail trong danh "
                   "sách / joins usernames to roster e-mails.")
@click.option("--roster", "rosters", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="Danh sách học viên: thêm bảng kỹ năng × đơn vị / adds skills × units.")
@click.option("--course", default=None, help="Mã khóa học / course id.")
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Thư mục ghi bảng (md, json) và biểu đồ (svg) / output folder.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Định dạng in ra / printed format.")
@click.option("--save", "keep", is_flag=True,
              help="Lưu kết quả vào analysis/<khóa học>/<tháng>.json để qbank check hiển thị.")
@click.option("--month", default=None, callback=_month,
              help="Tháng của số liệu / month of the figures (YYYY-MM, mặc định tháng này).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Ngôn ngữ thông báo / message language (QBANK_LANG).")
def analyze_command(path, responses, problem_grades, grades, rosters, course, out, fmt, keep,
                    month, lang):
    """Phân tích câu hỏi từ báo cáo của nền tảng / item analysis from platform reports."""

    lang = resolve_lang(lang)
    if not responses and not problem_grades:
        click.echo("cần --responses và/hoặc --problem-grades" if lang != "en" else
                   "--responses and/or --problem-grades is needed", err=True)
        sys.exit(EXIT_USAGE)
    project = load_or_exit(path, lang)
    thresholds = project.config.analysis if project.config else Thresholds()
    result = analyze(project, [Path(p) for p in responses],
                     Path(problem_grades) if problem_grades else None, course, thresholds,
                     [Path(r) for r in rosters], Path(grades) if grades else None)
    text = render_text(result.diagnostics, Path.cwd(), lang, color=sys.stderr.isatty())
    if text:
        click.echo(text, err=True)
    if has_errors(result.diagnostics):
        sys.exit(EXIT_ERRORS)
    click.echo(to_text(result, lang) if fmt == "text" else FORMATS[fmt](result), nl=False)
    if out:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for ext, render in (("md", FORMATS["md"]), ("json", FORMATS["json"]), ("svg", to_svg)):
            written.append(folder / f"phan-tich-{result.course}.{ext}")
            write_text_atomic(written[-1], render(result))
        written.append(folder / f"phan-tich-{result.course}.xlsx")
        write_bytes_atomic(written[-1], xlsx_bytes(result))
        for target in written:
            click.echo(f"đã ghi {target.as_posix()}" if lang != "en" else
                       f"wrote {target.as_posix()}", err=True)
    if keep:
        saved = save(project, result, month or date.today().strftime("%Y-%m"))
        click.echo(f"đã lưu {saved.relative_to(project.root).as_posix()}" if lang != "en" else
                   f"saved {saved.relative_to(project.root).as_posix()}", err=True)
