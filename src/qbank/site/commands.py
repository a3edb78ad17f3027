"""`qbank serve`: preview the handbook site with live reload.

qbank's command group loads it on first use (``qbank.cli``); ``qbank build --only site`` calls
``qbank.site.build.build_site`` and ``--only handouts`` calls ``build_handouts``.
"""

from __future__ import annotations

import sys

import click

import qbank
from qbank.diagnostics import Severity, render_text, resolve_lang

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT",
              help="Địa chỉ máy chủ xem trước / address to serve on (mặc định 127.0.0.1:8000).")
@click.option("--open", "open_browser", is_flag=True, help="Mở trình duyệt / open a browser.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Ngôn ngữ thông báo / message language (QBANK_LANG).")
def serve(path, dev_addr, open_browser, lang):
    """Xem trước trang cẩm nang / preview the handbook site (live reload)."""
    from qbank.site.build import _check
    from qbank.site.build import serve as serve_site

    lang = resolve_lang(lang)
    try:
        project = qbank.load_project(path)
    except qbank.ProjectNotFound as e:
        click.echo(render_text([e.diagnostic], None, lang), err=True)
        sys.exit(EXIT_USAGE)
    diags = _check(project, None)
    errors = [d for d in diags if d.severity is Severity.ERROR]
    if errors:
        click.echo(render_text(errors, project.root, lang), err=True)
        sys.exit(EXIT_ERRORS)
    serve_site(project, dev_addr, open_browser)
