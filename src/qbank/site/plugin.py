"""The mkdocs plugin ``qbank``: a thin adapter from ``pages.plan_site`` to mkdocs.

``plugins: [qbank, search, offline]`` in mkdocs.yml makes ``mkdocs build`` and ``mkdocs serve``
publish the project's handbooks. Content errors stop the build with qbank's own diagnostics
(a PluginError); warnings are logged at info level so that ``mkdocs build --strict`` judges the
site, not the content (``qbank check`` judges the content).
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

import yaml
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from qbank.diagnostics import Severity, render_text, resolve_lang
from qbank.resolve.load import ProjectNotFound, load_project
from qbank.rules import check_project
from qbank.site import search
from qbank.site.pages import SitePlan, plan_site

log = logging.getLogger("mkdocs.plugins.qbank")

THEME_DIR = Path(__file__).parent / "theme"
CSS = ["assets/qbank/qbank.css", "assets/qbank/print.css"]
JS = ["assets/qbank/qbank.js"]
POLYFILL = "assets/qbank/iframe-worker-shim.js"  # web workers from file:// (search offline)


class QbankConfig(Config):
    project = opt.Type(str, default="")  # the content repository, relative to mkdocs.yml
    languages = opt.ListOfItems(opt.Type(str), default=[])  # translation languages shown


class QbankPlugin(BasePlugin[QbankConfig]):
    def __init__(self):
        self.plan: SitePlan | None = None
        self.root: Path | None = None
        self.serving = False
        self.errors: ContentErrors | None = None  # while serving: the page shows them

    def on_startup(self, command, dirty):
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.project).resolve() if self.config.project else base
        had_errors = self.errors is not None
        try:
            self.plan = plan_project(self.root, self.config.languages or None,
                                     config.site_name or None)
            self.errors = None
            if had_errors:
                _tell(_say("đã hết lỗi: trang xem trước đã được dựng lại.",
                           "no more errors: the preview is rebuilt."))
        except ContentErrors as e:
            if not self.serving:
                raise
            # A preview keeps running: the browser shows the errors and reloads when fixed.
            self.plan, self.errors = None, e
            _tell(_say(f"nội dung có {len(e.errors)} lỗi; trình duyệt đang hiện danh sách lỗi "
                       "và sẽ tự tải lại khi bạn sửa xong:",
                       f"the content has {len(e.errors)} error(s); the browser shows them and "
                       "reloads once they are fixed:") + "\n" + render_text(
                           e.errors, e.root, resolve_lang(None)))
        # Relative .html links everywhere: the site works from file:// and any static host.
        config.use_directory_urls = False
        config.theme["font"] = False  # no web fonts from a CDN
        dirs = config.theme.dirs
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        for css in CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in JS:
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)
        config.extra.setdefault("generator", False)  # no link out of the site in the footer
        polyfills = config.extra.setdefault("polyfills", [])
        if not any("iframe-worker" in str(p) for p in polyfills):
            polyfills.append(POLYFILL)
        theme_search = config.plugins.get("material/search") or config.plugins.get("search")
        if theme_search is not None and hasattr(theme_search.config, "fields"):
            search.search_config(theme_search.config)
        return config

    def on_files(self, files: Files, config):
        # Markdown in docs_dir is front-page source: qbank renders it, not python-markdown.
        for f in [f for f in files if f.is_documentation_page()]:
            files.remove(f)
        if self.plan is None:  # serving a project with errors: one page, the error list
            files.append(File.generated(config, "index.md", content="# Nội dung có lỗi\n"))
            config.nav = None
            return files
        for page in self.plan.pages:
            # The theme prints titles as HTML (nav, header): they must arrive escaped.
            meta = {"title": escape(page.title)}
            if not page.search:
                meta["search"] = {"exclude": True}
            content = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"
            files.append(File.generated(config, page.src_uri, content=content))
        for site_path, source in sorted(self.plan.media.items()):
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        if not config.nav:
            config.nav = self.plan.nav
        return files

    def on_page_markdown(self, markdown, page, config, files):
        return "" if self._page(page) is not None else markdown

    def on_page_content(self, html, page, config, files):
        found = self._page(page)
        if found is None:
            return html
        from mkdocs.structure.toc import get_toc

        page.toc = get_toc(found.toc)
        page.meta["qbank_lang"] = found.lang
        page.meta["qbank_kind"] = found.kind
        return found.html

    @event_priority(-50)  # after the theme's search wrote its index, before offline copies it
    def on_post_build(self, config):
        if self.errors is not None:
            page = error_page(self.errors.errors, self.errors.root, resolve_lang(None))
            for name in ("index.html", "404.html"):  # whatever page the browser asks for
                (Path(config.site_dir) / name).write_text(page, encoding="utf-8")
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            search.add_folded_field(index)

    def on_serve(self, server, config, builder):
        if self.root is None:
            return server
        for name in ("qbank.yaml", "courses", "question_banks", "handbooks"):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server

    def _page(self, page):
        return self.plan.page(page.file.src_uri) if self.plan else None


def plan_project(root: Path, languages: list[str] | None = None,
                 site_title: str | None = None) -> SitePlan:
    """Load and check the project at `root`; errors raise PluginError with the diagnostics."""
    lang = resolve_lang(None)
    try:
        project = load_project(root)
    except ProjectNotFound as e:
        raise PluginError(render_text([e.diagnostic], None, lang)) from None
    plan = plan_site(project, languages, **({"site_title": site_title} if site_title else {}))
    diags = check_project(project) + plan.handbooks.diagnostics
    errors = [d for d in diags if d.severity is Severity.ERROR]
    others = [d for d in diags if d.severity is not Severity.ERROR]
    if others:
        log.info("qbank:\n%s", render_text(others, project.root, lang))
    if errors:
        raise ContentErrors(errors, project.root, lang)
    return plan


class ContentErrors(PluginError):
    """The project has errors: `mkdocs build` stops; `qbank serve` shows them in the browser."""

    def __init__(self, errors: list, root: Path, lang: str):
        super().__init__("qbank:\n" + render_text(errors, root, lang))
        self.errors, self.root = errors, root


def _say(vi: str, en: str) -> str:
    return en if resolve_lang(None) == "en" else vi


def _tell(text: str) -> None:
    """A line for the author running `qbank serve`, in their language (not mkdocs' log)."""
    import sys

    print(f"qbank: {text}", file=sys.stderr, flush=True)


def error_page(errors: list, root: Path, lang: str) -> str:
    """A page listing the content errors, shown by `qbank serve` instead of the site. It asks
    for itself again every two seconds, so the site comes back as soon as the errors are fixed
    (on any address, even one that no longer exists)."""
    from qbank.diagnostics import to_records

    vi = lang != "en"
    title = "Nội dung đang có lỗi" if vi else "The content has errors"
    lead = (f"qbank chưa dựng được trang xem trước vì nội dung có {len(errors)} lỗi. Sửa các lỗi "
            "dưới đây rồi lưu tệp: trang sẽ tự tải lại." if vi else
            f"qbank could not build the preview: the content has {len(errors)} error(s). Fix "
            "them and save: this page reloads by itself.")
    items = []
    for r in to_records(errors, root, lang):
        where = r["path"] + (f":{r['line']}:{r['col']}" if r["line"] else "")
        hint = (f'<br><span class="hint">{"gợi ý" if vi else "hint"}: {escape(r["hint"])}</span>'
                if r["hint"] else "")
        items.append(f"<li><code>{escape(where)}</code> [{r['code']}] {escape(r['message'])}"
                     f"{hint}</li>")
    return (f'<!DOCTYPE html>\n<html lang="{"vi" if vi else "en"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="refresh" content="2"><title>{title}</title><style>'
            "body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.5}li{margin:.6rem 0}code{background:#f3f3f3;padding:0 .2rem}"
            ".hint{color:#444}</style></head><body>"
            f"<h1>{title}</h1><p>{lead}</p><ol>{''.join(items)}</ol></body></html>\n")
