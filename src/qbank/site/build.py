"""Library entry points: build the site, the printable handouts, preview the site.

``build_site`` and ``build_handouts`` check the project first and return diagnostics instead of
raising; both write into a temporary folder and swap it into place, so a failed build leaves the
previous output untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qbank.diagnostics import Diagnostic, Position, Severity, code
from qbank.resolve.project import Project
from qbank.rules import check_project

CONFIG_FILE = "mkdocs.yml"

SITE_FAILED = code(
    "QB1004", "site-build-failed", "error", "không tạo được trang cẩm nang: {reason}",
    "the handbook site could not be built: {reason}",
    "Sửa mkdocs.yml theo thông báo trên, rồi chạy lại.",
    "Fix mkdocs.yml as the message says, then run again.")
NO_WEASYPRINT = code(
    "QB1005", "pdf-support-missing", "error",
    "không tạo được bản in PDF: thiếu thư viện WeasyPrint hoặc Pango ({reason})",
    "PDF handouts need WeasyPrint and Pango ({reason})",
    "Cài bằng: pip install 'qbank[pdf]' và apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "fonts-noto-core.",
    "Install with: pip install 'qbank[pdf]' and apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 fonts-noto-core.")


@dataclass
class Result:
    ok: bool
    out: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def default_config(project: Project, languages: list[str] | None = None) -> dict:
    """The mkdocs configuration used when a project has no mkdocs.yml of its own."""
    handbooks = project.root / "handbooks"
    return {
        "site_name": "Cẩm nang phổ cập kỹ năng số",
        "docs_dir": str(handbooks) if handbooks.is_dir() else "",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "vi", "font": False,
                  "palette": {"primary": "indigo", "accent": "indigo"},
                  "features": ["navigation.indexes"]},
        "extra": {"generator": False},
        "plugins": [{"qbank": {"project": str(project.root),
                               **({"languages": languages} if languages else {})}},
                    "search", "offline"],
    }


def _check(project: Project, checked: list[Diagnostic] | None) -> list[Diagnostic]:
    """The project's diagnostics (`checked` when the caller already has them) plus the
    handbooks' own."""
    from qbank.site.handbooks import load_handbooks

    base = check_project(project) if checked is None else list(checked)
    return base + load_handbooks(project).diagnostics


def build_site(project: Project, site_dir: str | Path | None = None,
               languages: list[str] | None = None, strict: bool = False,
               checked: list[Diagnostic] | None = None) -> Result:
    """Build the handbook site of `project` into `site_dir` (default: mkdocs' site_dir).

    Uses the project's mkdocs.yml when there is one, else ``default_config``.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    diags = _check(project, checked)
    config_file = project.root / CONFIG_FILE
    out = Path(site_dir) if site_dir else None
    if any(d.severity is Severity.ERROR for d in diags):
        return Result(False, out or project.root / "site", diags)
    with tempfile.TemporaryDirectory(prefix="qbank-site-") as tmp:
        if config_file.is_file():
            cfg_path = config_file
        else:
            cfg = default_config(project, languages)
            if not cfg["docs_dir"]:
                cfg["docs_dir"] = str(Path(tmp) / "empty")
                Path(cfg["docs_dir"]).mkdir()
            cfg_path = Path(tmp) / CONFIG_FILE
            cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        captured = _Capture()
        logging.getLogger("mkdocs").addHandler(captured)
        try:
            config = load_config(str(cfg_path), strict=strict)
            out = out or Path(config.site_dir)
            out = out if out.is_absolute() else project.root / out
            staging = Path(tempfile.mkdtemp(prefix=".site-", dir=_parent(out)))
            config.site_dir = str(staging)
            if languages and "qbank" in config.plugins:
                config.plugins["qbank"].config.languages = languages
            try:
                build(config)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        except (MkDocsException, SystemExit, OSError) as e:
            reason = "; ".join(captured.messages) or str(e).strip() or type(e).__name__
            diags.append(SITE_FAILED.at(Position(cfg_path), reason=reason))
            return Result(False, out or project.root / "site", diags)
        finally:
            logging.getLogger("mkdocs").removeHandler(captured)
    _swap(staging, out)
    files = sorted(p for p in out.rglob("*.html"))
    return Result(True, out, diags, files)


class _Capture(logging.Handler):
    """mkdocs logs the reason of a failure, then raises a generic "Aborted" exception."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _parent(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` where `out` is, keeping the old folder until the new one is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_handouts(project: Project, out: str | Path,
                   languages: list[str] | None = None,
                   checked: list[Diagnostic] | None = None) -> Result:
    """Printable PDFs: one A4 handout per handbook, one A5 handout per lesson version.

    ``out/<audience>.pdf`` and ``out/<audience>/<lesson>[.simple|.<code>].pdf``; only versions
    that exist are printed (no fallback copies), each with its review status.
    """
    from qbank.site.handouts import render_handouts

    out = Path(out)
    diags = _check(project, checked)
    if any(d.severity is Severity.ERROR for d in diags):
        return Result(False, out, diags)
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        diags.append(NO_WEASYPRINT.at(None, reason=str(e).splitlines()[0] if str(e) else "?"))
        return Result(False, out, diags)
    staging = Path(tempfile.mkdtemp(prefix=".handouts-", dir=_parent(out)))
    try:
        files = render_handouts(project, staging, languages)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out)
    return Result(True, out, diags, [out / f.relative_to(staging) for f in files])


def serve_url(config_file: Path, dev_addr: str | None = None) -> str:
    """The address `mkdocs serve` will answer on for this configuration."""
    from urllib.parse import urlsplit

    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), dev_addr=dev_addr)
    host, port = config.dev_addr
    path = urlsplit(config.site_url or "/").path or "/"
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{path if path.endswith('/') else path + '/'}"


def serve(project: Project, dev_addr: str | None = None, open_browser: bool = False,
          announce=None) -> None:
    """Preview the site with mkdocs' live-reloading server (blocks until interrupted).
    `announce(url)` is called with the address before the server starts. Content errors do not
    stop it: the browser shows them, and the site once they are fixed (plugin.error_page)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    config_file = project.root / CONFIG_FILE
    if config_file.is_file():
        if announce is not None:
            announce(serve_url(config_file, dev_addr))
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, open_in_browser=open_browser)
        return
    with tempfile.TemporaryDirectory(prefix="qbank-serve-") as tmp:
        cfg = default_config(project)
        if not cfg["docs_dir"]:
            cfg["docs_dir"] = str(Path(tmp) / "empty")
            Path(cfg["docs_dir"]).mkdir()
        path = Path(tmp) / CONFIG_FILE
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        if announce is not None:
            announce(serve_url(path, dev_addr))
        mkdocs_serve(config_file=str(path), dev_addr=dev_addr, open_in_browser=open_browser)
