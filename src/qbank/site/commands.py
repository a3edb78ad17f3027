"""`qbank serve`: preview the handbook site with live reload.

qbank's command group loads it on first use (``qbank.cli``); ``qbank build --only site`` calls
``qbank.site.build.build_site`` and ``--only handouts`` calls ``build_handouts``.
"""

from __future__ import annotations

import logging
import sys

import click

from qbank.command_line import EXIT_USAGE, load_or_exit, say
from qbank.diagnostics import Severity, render_text, resolve_lang
from qbank.os_errors import os_reason


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
    project = load_or_exit(path, lang)
    diags = _check(project, None)
    errors = [d for d in diags if d.severity is Severity.ERROR]
    if errors:  # the preview still starts: the browser lists them until they are fixed
        click.echo(render_text(errors, project.root, lang), err=True)

    def announce(url: str) -> None:
        click.echo(say(lang, f"Xem trước cẩm nang tại {url}\nTrang tự tải lại khi bạn lưu "
                              "tệp; bấm Ctrl+C để dừng.",
                        f"Previewing the handbook at {url}\nPages reload when you save a file; "
                        "press Ctrl+C to stop."), err=True)

    # mkdocs' own log lines ("Building documentation…", each 404) are English and say nothing
    # the author needs: qbank prints the address, the errors and their repair itself.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        serve_site(project, dev_addr, open_browser, announce=announce)
    except KeyboardInterrupt:
        click.echo(say(lang, "Đã dừng xem trước.", "Preview stopped."), err=True)
    except OSError as e:  # the port is taken
        click.echo(say(lang, f"qbank: không mở được máy chủ xem trước: {os_reason(e)[0]}. Thử "
                              "'qbank serve -a 127.0.0.1:8001'.",
                        f"qbank: cannot start the preview server: {e.strerror or e}. Try "
                        "'qbank serve -a 127.0.0.1:8001'."), err=True)
        sys.exit(EXIT_USAGE)
