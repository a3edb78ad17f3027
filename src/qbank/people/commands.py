"""`qbank roster check` and `qbank report progress`: parse options, call the library, print
(personal data masked), choose the exit code: 0 clean, 1 content errors, 2 usage/refused."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from qbank.command_line import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, say
from qbank.diagnostics import Position, code, has_errors, render_text, resolve_lang, summary
from qbank.people.clean import write_clean
from qbank.people.history import load_history, save_snapshot, trend_markdown, trend_text
from qbank.people.progress import progress
from qbank.people.report import FORMATS, report_paths, to_text, write_reports
from qbank.people.roster import IN_CONTENT, UNREADABLE, check_rosters, content_folder_diagnostic
from qbank.source.atomic import write_text_atomic
from qbank.vietnamese import slugify

OUTPUT_EXISTS = code(
    "QB1205", "output-exists", "error",
    "không ghi đè tệp đã có: {name}", "will not overwrite an existing file: {name}",
    "Chọn tên khác cho --out hoặc thêm --force nếu chắc chắn muốn ghi đè.",
    "Choose another --out or add --force if you really mean to overwrite it.")

lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                           help="Ngôn ngữ thông báo / message language (QBANK_LANG).")



def _echo_diags(diags, lang: str) -> None:
    text = render_text(diags, Path.cwd(), lang, color=sys.stdout.isatty())
    if text:
        click.echo(text)


def _refuse(diags, lang: str) -> None:
    _echo_diags(diags, lang)
    sys.exit(EXIT_USAGE)


def _target_problem(target: Path, inputs: list[Path], force: bool):
    refused = content_folder_diagnostic(target)
    if refused:
        return refused
    if target.exists() and not force:
        return OUTPUT_EXISTS.at(Position(target), name=target.name)
    if any(target.resolve() == p.resolve() for p in inputs) and not force:
        return OUTPUT_EXISTS.at(Position(target), name=target.name)
    return None


@click.group("roster")
def roster():
    """Danh sách học viên / learner rosters: check and clean before sending."""


@roster.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", default=None, type=click.Path(),
              help="Ghi bản sạch (một tệp) hoặc thư mục các bản sạch (nhiều tệp) / "
                   "write the cleaned copy (a file, or a folder for several inputs).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè / allow overwriting.")
@lang_option
def check(files, out, force, lang):
    """Kiểm tra danh sách học viên (.xlsx, .csv) / check rosters row by row."""
    lang = resolve_lang(lang)
    paths = [Path(f) for f in files]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        click.echo(say(lang, "không có tệp: ", "no such file: ")
                   + ", ".join(p.as_posix() for p in missing), err=True)
        sys.exit(EXIT_USAGE)
    result = check_rosters(paths)
    diags = result.diagnostics
    _echo_diags(diags, lang)
    if any(d.code in (IN_CONTENT, UNREADABLE) for d in diags):
        sys.exit(EXIT_USAGE)
    for f in result.files:
        rows = [o for o in result.outcomes if o.row.path == f.path]
        rejected = [str(o.row.row) for o in rows if o.rejected]
        fixed = [str(o.row.row) for o in rows if o.fixed and not o.rejected]
        click.echo(say(lang, f"{f.path.name}: {len(rows)} dòng, {len(rows) - len(rejected)} "
                              f"hợp lệ ({len(fixed)} đã sửa), {len(rejected)} bị loại",
                        f"{f.path.name}: {len(rows)} rows, {len(rows) - len(rejected)} kept "
                        f"({len(fixed)} repaired), {len(rejected)} rejected"), err=True)
        if fixed:
            click.echo(say(lang, "  dòng đã sửa: ", "  rows repaired: ") + ", ".join(fixed),
                       err=True)
        if rejected:
            click.echo(say(lang, "  dòng bị loại khỏi bản sạch: ",
                            "  rows left out of the clean copy: ") + ", ".join(rejected),
                       err=True)
    if out:
        targets = ([Path(out)] if len(paths) == 1 else
                   [Path(out) / f"{p.stem}-sach{p.suffix}" for p in paths])
        problems = [d for d in (_target_problem(t, paths, force) for t in targets) if d]
        if problems:
            _refuse(problems, lang)
        for f, target in zip(result.files, targets, strict=True):
            if f.diagnostics:
                click.echo(say(lang, f"không ghi bản sạch cho {f.path.name}: sửa lỗi mẫu trước",
                                f"no clean copy of {f.path.name}: fix the template first"),
                           err=True)
                continue
            n = write_clean(f, result, target)
            click.echo(say(lang, f"đã ghi bản sạch {target.as_posix()} ({n} dòng)",
                            f"wrote the clean copy {target.as_posix()} ({n} rows)"), err=True)
    click.echo(summary(diags, lang), err=True)
    sys.exit(EXIT_ERRORS if has_errors(diags) else EXIT_OK)


def _month(ctx, param, value):
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter("dạng YYYY-MM, ví dụ 2026-05 / expected YYYY-MM")
    return value


def _mapping(ctx, param, value):
    if not value:
        return {}
    out = {}
    for part in value.split(","):
        key, eq, header = part.partition("=")
        if not eq or key.strip() not in ("email", "username", "grade", "passed", "course",
                                         "status"):
            raise click.BadParameter(
                "dạng tên=cột, tên là email, username, grade, passed, course, status / "
                "expected field=header")
        out[key.strip()] = header.strip()
    return out


def _formats(ctx, param, value):
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"chọn trong / choose from: {', '.join(FORMATS)}")
    return formats


@click.group("report")
def report():
    """Báo cáo / reports from platform data."""


@report.command("progress")
@click.option("--roster", "rosters", multiple=True, required=True,
              help="Danh sách học viên; nhiều tệp cách nhau dấu phẩy / roster file(s).")
@click.option("--results", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Báo cáo điểm CSV từ nền tảng / results export (Open edX grade report).")
@click.option("--course", default=None, help="Mã khóa học / course id.")
@click.option("--month", default=None, callback=_month, help="Tháng báo cáo / YYYY-MM.")
@click.option("--target", default=100.0, type=click.FloatRange(0, 100), show_default=True,
              help="Chỉ tiêu tỷ lệ hoàn thành (%) / completion target (%).")
@click.option("--pass-grade", type=float, default=None,
              help="Điểm đạt khi tệp không có cột đạt / pass mark if no pass column.")
@click.option("--map", "mapping", default=None, callback=_mapping,
              help="Cột của tệp kết quả khác mẫu / columns: email=…,grade=…,passed=…")
@click.option("--out", default="bao-cao", type=click.Path(file_okay=False), show_default=True,
              help="Thư mục kết quả / output folder.")
@click.option("--format", "formats", default="xlsx,md,svg", callback=_formats,
              show_default=True, help="Định dạng / formats.")
@click.option("--with-ids", is_flag=True,
              help="Ghi số CCCD đầy đủ trong trang chi tiết / full ID numbers in the detail.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè / allow overwriting.")
@click.option("--history", default=None, type=click.Path(file_okay=False),
              help="Thư mục lưu số liệu từng tháng; in xu hướng theo đơn vị (cần --month) / "
                   "folder of monthly snapshots; prints the trend per unit (needs --month).")
@lang_option
def progress_command(rosters, results, course, month, target, pass_grade, mapping, out,
                     formats, with_ids, force, history, lang):
    """Tiến độ học tập theo đơn vị, phòng/ban / progress per unit and department."""
    lang = resolve_lang(lang)
    if history and not month:
        click.echo(say(lang, "--history cần --month (tháng của số liệu, dạng YYYY-MM)",
                        "--history needs --month (the month of the figures, YYYY-MM)"), err=True)
        sys.exit(EXIT_USAGE)
    paths = [Path(p.strip()) for r in rosters for p in r.split(",") if p.strip()]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        click.echo(say(lang, "không có tệp: ", "no such file: ")
                   + ", ".join(p.as_posix() for p in missing), err=True)
        sys.exit(EXIT_USAGE)
    rep = progress(paths, Path(results), course=course, month=month, target=target,
                   pass_grade=pass_grade, mapping=mapping)
    if any(d.code in (IN_CONTENT,) for d in rep.diagnostics):
        _refuse(rep.diagnostics, lang)
    _echo_diags(rep.diagnostics, lang)
    if has_errors(rep.diagnostics):
        sys.exit(EXIT_ERRORS)
    targets = report_paths(rep, Path(out), formats)
    problems = [d for d in (_target_problem(t, [*paths, Path(results)], force) for t in targets)
                if d]
    if problems:
        _refuse(problems, lang)
    click.echo(to_text(rep))
    if rep.roster_rows_with_errors:
        click.echo(say(lang, f"danh sách còn {rep.roster_rows_with_errors} dòng lỗi; xem "
                              "'qbank roster check'",
                        f"the rosters have {rep.roster_rows_with_errors} rows with errors; see "
                        "'qbank roster check'"), err=True)
    for path in write_reports(rep, Path(out), formats, with_ids):
        click.echo(say(lang, f"đã ghi {path.as_posix()}", f"wrote {path.as_posix()}"), err=True)
    if history:
        saved = save_snapshot(rep, Path(history))
        click.echo(say(lang, f"đã lưu số liệu tháng {saved.as_posix()}",
                        f"saved the month's figures {saved.as_posix()}"), err=True)
        months = load_history(Path(history), course)
        click.echo(trend_text(months))
        trend = Path(out) / f"xu-huong{'-' + slugify(course) if course else ''}.md"
        write_text_atomic(trend, trend_markdown(months))
        click.echo(say(lang, f"đã ghi {trend.as_posix()}", f"wrote {trend.as_posix()}"), err=True)
