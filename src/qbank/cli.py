"""The `qbank` command: parse arguments, call the library, print, choose the exit code.

Exit codes: 0 clean, 1 content errors found, 2 usage or environment problem.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import click

import qbank
from qbank.command_line import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, load_or_exit, say
from qbank.diagnostics import (
    CODES,
    has_errors,
    render_github,
    render_gitlab,
    render_json,
    render_text,
    resolve_lang,
    summary,
)
from qbank.os_errors import os_reason
from qbank.usage_errors import UsageError, language_of, use_language

lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                           help="Ngôn ngữ thông báo / message language (QBANK_LANG).")


# Commands that live with their own package, imported only when used (openpyxl, mkdocs and
# python-docx cost half a second of start-up that `qbank check` should not pay).
_PACKAGE_COMMANDS = {
    "import": ("qbank.importers.commands", "import_command"),
    "export": ("qbank.importers.commands", "export_command"),
    "roster": ("qbank.people.commands", "roster"),
    "report": ("qbank.people.commands", "report"),
    "serve": ("qbank.site.commands", "serve"),
    "analyze": ("qbank.analysis.commands", "analyze_command"),
    "translate": ("qbank.translate.commands", "translate"),
}


class _Group(click.Group):
    """Turns unexpected failures into one readable line and exit code 2, never a traceback."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(_PACKAGE_COMMANDS))

    def get_command(self, ctx, name):
        if name in _PACKAGE_COMMANDS and name not in self.commands:
            module, attr = _PACKAGE_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def main(self, args=None, *rest, **kwargs):
        """Help pages and click's words in the language asked for (--lang, QBANK_LANG)."""
        use_language(language_of(list(sys.argv[1:] if args is None else args)))
        if not rest:
            kwargs["prog_name"] = "qbank"  # also for `python -m qbank`
        return super().main(args, *rest, **kwargs)

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())  # `qbank` alone: its help, and no error
            sys.exit(EXIT_OK)
        except click.UsageError as e:
            raise e if isinstance(e, UsageError) else UsageError(e) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError as e:  # a command group alone: its help
            click.echo(e.ctx.get_help())
            sys.exit(EXIT_OK)
        except click.UsageError as e:
            raise e if isinstance(e, UsageError) else UsageError(e) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException,
                SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Đã dừng / interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `qbank … | head`: the reader has gone, nothing to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as e:
            click.echo(_os_error(e, resolve_lang(None)), err=True)
            sys.exit(EXIT_USAGE)
        except Exception as e:  # noqa: BLE001 - the last line of defence
            click.echo(f"lỗi nội bộ của qbank / internal error: {type(e).__name__}: {e}\n"
                       "Vui lòng báo lỗi kèm lệnh đã chạy / please report it with the command.",
                       err=True)
            sys.exit(EXIT_USAGE)


def _os_error(e: OSError, lang: str) -> str:
    """A file-system failure in one line, naming the file, without a traceback."""
    where = f"{e.filename}: " if e.filename else ""
    if lang == "en":
        return f"qbank: system error: {where}{e.strerror or e}"
    return f"qbank: lỗi hệ thống: {where}{os_reason(e)[0]}"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(qbank.__version__, prog_name="qbank", message="%(prog)s %(version)s",
                      help="Phiên bản của qbank / show the version.")
def main():
    """qbank: khóa học, ngân hàng câu hỏi và cẩm nang kỹ năng số từ YAML + Markdown."""


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]),
              default="text",
              help="Định dạng kết quả / output format.")
@lang_option
@click.option("--strict", is_flag=True, help="Cảnh báo cũng tính là lỗi / warnings fail.")
def check(path, fmt, lang, strict):
    """Kiểm tra nội dung / check every source file of the project at PATH."""
    lang = resolve_lang(lang)
    started = time.perf_counter()
    project = load_or_exit(path, lang)
    diags = qbank.check(project)
    root = Path(path).resolve()
    _print_diagnostics(diags, root, fmt, lang)
    if fmt == "text":
        elapsed = time.perf_counter() - started
        counts = (f"{len(project.courses)} "
                  + say(lang, "khóa học", "course(s)")
                  + f", {len(project.questions)} " + say(lang, "câu hỏi", "question(s)"))
        click.echo(f"{summary(diags, lang)} — {counts} — {elapsed:.2f} s", err=True)
    sys.exit(EXIT_ERRORS if has_errors(diags, strict) else EXIT_OK)


def _print_diagnostics(diags, root: Path, fmt: str, lang: str) -> None:
    if fmt == "json":
        click.echo(render_json(diags, root, lang))
        return
    if fmt == "gitlab":
        click.echo(render_gitlab(diags, root, lang))
        return
    out = (render_github(diags, root, lang) if fmt == "github"
           else render_text(diags, root, lang, color=sys.stdout.isatty()))
    if out:
        click.echo(out)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Thư mục kết quả / output folder (mặc định / default: PATH/dist).")
@click.option("--only", default=None,
              help="Chỉ các định dạng này, cách nhau bởi dấu phẩy / comma-separated formats.")
@click.option("--course", "courses", multiple=True, help="Chỉ khóa học này / only this course.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]),
              default="text",
              help="Định dạng thông báo / diagnostics format.")
@click.option("--no-cache", is_flag=True,
              help="Không dùng bộ nhớ đệm .qbank/cache / build everything anew, without the cache.")
@click.option("--lang", default=None, metavar="vi|en|CODE",
              help="vi, en: ngôn ngữ thông báo / message language; mã bản dịch (tmm, hnj…): gói "
                   "với các bản dịch đã thẩm định, vào PATH/dist/CODE / packages with the "
                   "reviewed translations into CODE.")
def build(path, out, only, courses, fmt, no_cache, lang):
    """Tạo gói nộp cho nền tảng / build the submission bundles (QTI, OLX, JSON, review sheet);
    with --only site,handouts also the handbook site (PATH/site) and printable PDFs."""
    from qbank.export.bundle import build as build_bundles

    translation = None
    if lang and lang not in ("vi", "en"):  # `--lang tmm`: a translation (qbank.translate)
        translation, lang = lang, None
    lang = resolve_lang(lang)
    if translation is not None:
        from qbank.translate.commands import _target_language

        _target_language(translation, lang)
    started = time.perf_counter()
    stamp = None if no_cache else _unchanged_build(path, out, only, courses, translation, fmt,
                                                   lang, started)
    project = load_or_exit(path, lang)
    root = Path(path).resolve()
    out_dir = Path(out) if out else project.root / "dist" / (translation or "")
    formats = [f.strip() for f in only.split(",") if f.strip()] if only is not None else None
    _check_build_request(project, formats, courses, lang)
    _refuse_placeholders(project, courses, root, fmt, lang)
    site_formats = [f for f in formats or [] if f in SITE_FORMATS]
    bundle_formats = [f for f in formats or [] if f not in SITE_FORMATS] if formats else None
    built, ok = [], True
    if bundle_formats is None or bundle_formats:
        result = build_bundles(project, out_dir, bundle_formats, list(courses) or None,
                               cache=False if no_cache else None, translation=translation,
                               stamp=stamp)
        checked, built, ok = result.diagnostics, list(result.bundles), result.ok
    else:
        checked = qbank.check(project)
    diags = list(checked)
    for name in site_formats if ok else []:
        result = _build_site_format(name, project, out, checked)
        # What the site adds (its handbooks' diagnostics), once even if both formats report it.
        seen = {(d.code.id, d.pos, d.message("en")) for d in diags}
        diags += [d for d in result.diagnostics[len(checked):]
                  if (d.code.id, d.pos, d.message("en")) not in seen]
        ok = ok and result.ok
        built += [result.out] if result.ok else []
    _print_diagnostics(diags, root, fmt, lang)
    if not ok:
        sys.exit(EXIT_USAGE if any(d.code.id == "QB1005" for d in diags) else EXIT_ERRORS)
    for target in built:
        click.echo(say(lang, f"đã tạo {target}", f"built {target}"), err=True)
    click.echo(f"{summary(diags, lang)} — {time.perf_counter() - started:.2f} s", err=True)


SITE_FORMATS = ("site", "handouts")


def _unchanged_build(path, out, only, courses, translation, fmt, lang, started):
    """Before loading: when the last identical build's record (export/build_record.py) says that
    nothing it depends on changed and its output is untouched, report it and exit; else return
    the fingerprint for the build to record (None: not recorded, e.g. site formats)."""
    from qbank.export.build_record import Stamp
    from qbank.resolve.load import find_root

    formats = [f.strip() for f in only.split(",") if f.strip()] if only is not None else None
    root = find_root(Path(path))
    if (root is None or (formats is not None and (not formats or set(formats) & set(SITE_FORMATS)))
            or os.environ.get("QBANK_NO_CACHE", "") in ("1", "true", "yes")):
        return None
    out_dir = Path(out) if out else root / "dist" / (translation or "")
    stamp = Stamp(root, out_dir, formats, list(courses) or None, translation)
    if not stamp.take():
        return None
    previous = stamp.unchanged()
    if previous is None:
        return stamp
    diags, bundles = previous
    _print_diagnostics(diags, Path(path).resolve(), fmt, lang)
    for target in bundles:
        click.echo(say(lang, f"không có gì thay đổi: {target} giữ nguyên",
                        f"nothing changed: {target} kept as it is"), err=True)
    click.echo(f"{summary(diags, lang)} — {time.perf_counter() - started:.2f} s", err=True)
    sys.exit(EXIT_OK)


def _refuse_placeholders(project, courses, root: Path, fmt: str, lang: str) -> None:
    """What `qbank init` wrote as stand-ins (the organization, the sample course) is never
    published: exit 1 before anything is built."""
    from qbank.rules.placeholders import refusals

    refused = refusals(project, list(courses) or None)
    if refused:
        _print_diagnostics(refused, root, fmt, lang)
        click.echo(say(lang, "không tạo gói nào: còn giá trị mẫu của 'qbank init'",
                        "nothing built: 'qbank init' placeholders remain"), err=True)
        sys.exit(EXIT_ERRORS)


def _check_build_request(project, formats, courses, lang) -> None:
    """Unknown formats and courses are usage errors (exit 2) before anything is built."""
    from qbank.export.bundle import UNKNOWN_FORMAT
    from qbank.export.registry import load_writers

    known = sorted(load_writers()) + list(SITE_FORMATS)
    bad_formats = [f for f in formats if f not in known] if formats is not None else []
    if formats == []:
        bad_formats = [""]
    if bad_formats:
        click.echo(render_text([UNKNOWN_FORMAT.at(None, name=f, known=", ".join(known))
                                for f in bad_formats], None, lang))
    ids = [c.id for c in project.courses]
    bad_courses = [c for c in courses if c not in ids]
    for name in bad_courses:
        click.echo(say(lang, f"qbank: lỗi: không có khóa học '{name}'; các khóa học: ",
                        f"qbank: error: no course '{name}'; courses: ") + ", ".join(ids),
                   err=True)
    if bad_formats or bad_courses:
        sys.exit(EXIT_USAGE)


def _build_site_format(name: str, project, out: str | None, checked: list):
    """The site goes to mkdocs' site_dir (or OUT/site); handouts to OUT/handouts (dist/)."""
    from qbank.site.build import build_handouts, build_site

    if name == "site":
        return build_site(project, Path(out) / "site" if out else None, checked=checked)
    return build_handouts(project, Path(out or project.root / "dist") / "handouts",
                          checked=checked)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--course", default=None, help="Chỉ khóa học này / only this course.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text",
              help="Định dạng kết quả / output format (md: bảng Markdown).")
@click.option("--all", "all_items", is_flag=True,
              help="Cả các mục chưa được bao phủ / include items not covered.")
@lang_option
def coverage(path, course, fmt, all_items, lang):
    """Độ bao phủ khung kỹ năng / framework coverage of each course."""
    from qbank import coverage as cov

    lang = resolve_lang(lang)
    project = load_or_exit(path, lang)
    if project.framework is None:
        click.echo(say(lang, "khung kỹ năng không hợp lệ; chạy 'qbank check'",
                        "the framework is invalid; run 'qbank check'"), err=True)
        sys.exit(EXIT_ERRORS)
    if course and project.course(course) is None:
        click.echo(say(lang, f"không có khóa học '{course}'", f"no course '{course}'"), err=True)
        sys.exit(EXIT_USAGE)
    reports = cov.coverage(project, course)
    if fmt == "json":
        click.echo(cov.to_json(reports))
    elif fmt == "md":
        click.echo(cov.to_markdown(reports, lang, all_items))
    else:
        click.echo(cov.to_text(reports, lang))


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="Định dạng kết quả / output format.")
@lang_option
def stats(path, fmt, lang):
    """Thống kê câu hỏi / question counts by course, bank, type, skill, level, use, status."""
    from qbank import stats as st

    lang = resolve_lang(lang)
    data = st.stats(load_or_exit(path, lang))
    click.echo(st.to_json(data) if fmt == "json" else st.to_table(data, lang))


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--dry-run", is_flag=True, help="Chỉ xem thay đổi / show the diff, write nothing.")
@lang_option
def fix(path, dry_run, lang):
    """Sửa lỗi an toàn tại chỗ / apply safe repairs: NFC, legacy encodings, invisible characters."""
    from qbank.source import fix as fixer

    lang = resolve_lang(lang)
    project = load_or_exit(path, lang)
    fixes = fixer.plan(project.root)
    for f in fixes:
        rel = f.path.relative_to(project.root).as_posix()
        if dry_run:
            click.echo(f.diff(project.root), nl=False)
        labels = f.changes if lang == "en" else [fixer.CHANGE_LABELS_VI[c] for c in f.changes]
        click.echo(f"{rel}: {'; '.join(labels)}", err=True)
    if not dry_run:
        fixer.apply(fixes)
    click.echo(say(lang, f"{len(fixes)} tệp " + ("cần sửa" if dry_run else "đã sửa"),
                    f"{len(fixes)} file(s) " + ("to repair" if dry_run else "repaired")),
               err=True)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--course", "courses", multiple=True, help="Chỉ khóa học này / only this course.")
@lang_option
def release(path, courses, lang):
    """Ghi nhận câu hỏi đã phát hành vào qbank.lock / record released items in qbank.lock."""
    from qbank.release import LOCK_FILE
    from qbank.release import release as record

    lang = resolve_lang(lang)
    project = load_or_exit(path, lang)
    diags = qbank.check(project)
    if has_errors(diags):
        _print_diagnostics(diags, Path(path).resolve(), "text", lang)
        click.echo(say(lang, "không ghi qbank.lock khi nội dung còn lỗi",
                        "qbank.lock not written: the content has errors"), err=True)
        sys.exit(EXIT_ERRORS)
    unknown = [c for c in courses if project.course(c) is None]
    if unknown:
        click.echo(say(lang, f"không có khóa học: {', '.join(unknown)}",
                        f"no such course: {', '.join(unknown)}"), err=True)
        sys.exit(EXIT_USAGE)
    lock = record(project, list(courses) or None)
    for course_id in sorted(courses or lock["courses"]):
        n = len(lock["courses"][course_id]["items"])
        click.echo(f"{course_id}: {n} " + say(lang, "câu hỏi đã ghi nhận", "items recorded"))
    click.echo(say(lang, f"Đã ghi {LOCK_FILE}; hãy commit tệp này.",
                    f"Wrote {LOCK_FILE}; commit it."), err=True)


@main.command()
@click.argument("rev1")
@click.argument("rev2", default="HEAD")
@click.option("--path", default=".", type=click.Path(file_okay=False),
              help="Kho nội dung (kho git) / the content repository (a git checkout).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Định dạng kết quả / output format.")
@lang_option
def diff(rev1, rev2, path, fmt, lang):
    """Câu hỏi thêm, bớt, sửa giữa hai phiên bản / items added, removed, changed between revisions."""
    from qbank.revisions import RevisionError, diff_revisions, to_json, to_text

    lang = resolve_lang(lang)
    project = load_or_exit(path, lang)
    try:
        changes = diff_revisions(project.root, rev1, rev2)
    except RevisionError as e:
        click.echo(e.message(lang), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(to_json(changes) if fmt == "json" else to_text(changes, lang))


@main.command()
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text",
              help="Định dạng danh sách / listing format (md: docs/diagnostics.md).")
def codes(lang, fmt):
    """Danh sách mã chẩn đoán / list every diagnostic code."""
    lang = resolve_lang(lang)
    qbank.load_all_codes()
    if fmt == "md":
        click.echo(CODES_DOC_HEAD, nl=False)
    for c in sorted(CODES.values(), key=lambda c: c.id):
        if fmt == "md":
            click.echo(f"| {c.id} | `{c.name}` | {c.severity.value} | {_md(c.vi)} | {_md(c.en)} |")
        else:
            msg = c.en if lang == "en" else c.vi
            click.echo(f"{c.id}  {c.severity.value:<7}  {c.name:<32} {msg}")


CODES_DOC_HEAD = """# Diagnostic codes

Generated by `qbank codes --format md`; do not edit by hand. Codes never change meaning once
released. Families: QB01xx reading files, QB02xx file structure (schema), QB03xx references,
QB04xx questions, QB05xx courses, framework and assessment, QB06xx lesson versions, QB07xx
Vietnamese text, QB08xx item writing, QB09xx building packages, QB10xx the handbook site,
QB11xx importing, QB12xx learner rosters and progress reports, QB13xx the platform's
reports and item analysis (`qbank analyze`).
Every code appears in `tests/fixtures/broken/` or in the rule tests with an example.

| code | name | severity | message (vi) | message (en) |
|---|---|---|---|---|
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|")


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--group", default=None, help="Chỉ một nhóm đối tượng / one target group only.")
@lang_option
def framework(path, group, lang):
    """Khung kỹ năng đang dùng / show the project's skill framework and its codes."""
    from qbank.framework.registry import builtin
    from qbank.resolve.load import find_root

    lang = resolve_lang(lang)
    fw = load_or_exit(path, lang).framework if find_root(Path(path)) else builtin()
    if fw is None:
        click.echo(say(lang, "khung kỹ năng không hợp lệ; chạy 'qbank check'",
                        "the framework is invalid; run 'qbank check'"), err=True)
        sys.exit(EXIT_ERRORS)
    groups = [g for g in fw.groups if not group or g.id == group]
    if not groups:
        click.echo(say(lang, f"không có nhóm '{group}'; các nhóm: ",
                        f"no group '{group}'; groups: ") + ", ".join(g.id for g in fw.groups),
                   err=True)
        sys.exit(EXIT_USAGE)

    def origin(node) -> str:
        return node.provenance.value if lang == "en" else node.provenance.vi

    click.echo(f"{fw.title} ({fw.id}, {fw.version}) — {fw.document}")
    for g in groups:
        flag = say(lang, " [tạm thời]", " [provisional]") if g.provisional else ""
        click.echo(f"\n{g.id}: {g.name} ({origin(g)}){flag}")
        for item in fw.items_for(g.id):
            flag = say(lang, " [tạm thời]", " [provisional]") if fw.is_provisional(
                item.code) else ""
            click.echo(f"  {item.code:<8} {item.name} ({origin(item)}){flag}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@lang_option
def stamp(files, lang):
    """Ghi mã phiên bản bản gốc vào bản giản lược/bản dịch / record the source hash in variants."""
    from qbank.source.stamp import stamp_variant

    lang = resolve_lang(lang)
    failed = False
    for f in files:
        diags, changed = stamp_variant(Path(f))
        if diags:
            failed = True
            click.echo(render_text(diags, Path.cwd(), lang), err=True)
        elif changed:
            click.echo(f"{f}: source_hash {changed}")
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Thư mục ghi JSON Schema / output folder (mặc định / default: "
                   "PATH/.qbank/schema).")
@lang_option
def schema(path, out, lang):
    """Ghi JSON Schema cho mọi loại tệp nguồn / write JSON Schemas of every source file kind."""
    from qbank.model.schema import write_schemas
    from qbank.resolve.load import find_root

    root = find_root(Path(path)) or Path(path)
    for written in write_schemas(Path(out) if out else root / ".qbank" / "schema"):
        click.echo(written.as_posix())


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--org-name", default="Tên cơ quan, đơn vị", help="Tên đơn vị / organization name.")
@click.option("--org-code", default="DONVI", help="Mã đơn vị / organization code (Open edX org).")
@lang_option
def init(directory, org_name, org_code, lang):
    """Tạo kho nội dung mới / scaffold a department's content repository in DIRECTORY."""
    from qbank.scaffold import ScaffoldError, scaffold

    lang = resolve_lang(lang)
    try:
        written = scaffold(Path(directory), org_name=org_name, org_code=org_code)
    except ScaffoldError as e:
        click.echo(e.message(lang), err=True)
        sys.exit(EXIT_USAGE)
    for path in written:
        click.echo(path.as_posix())
    click.echo(say(lang, f"Đã tạo kho nội dung trong {directory}. Tiếp theo: cd {directory} && "
                          "qbank check",
                    f"Created a content repository in {directory}. Next: cd {directory} && "
                    "qbank check"), err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
