"""Diagnostics: what every stage reports instead of raising.

A diagnostic is a registered :class:`Code` (stable id, severity, Vietnamese and English message
templates) plus the place it points at and the values for the template. Messages are rendered
late, so one run can print Vietnamese or English without re-checking.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


LANGS = ("vi", "en")


@dataclass(frozen=True)
class Code:
    """One documented diagnostic: its id never changes once released."""

    id: str
    name: str
    severity: Severity
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""

    def message(self, lang: str, args: dict) -> str:
        return _fill(self.en if lang == "en" else self.vi, args)

    def hint(self, lang: str, args: dict) -> str:
        return _fill(self.hint_en if lang == "en" else self.hint_vi, args)

    def at(self, pos: Position | None, **args) -> Diagnostic:
        return Diagnostic(self, pos, args)


CODES: dict[str, Code] = {}


def code(id: str, name: str, severity: str, vi: str, en: str, hint_vi: str = "",
         hint_en: str = "") -> Code:
    """Register a diagnostic code; modules declare the codes they emit at import time."""
    if id in CODES:
        raise ValueError(f"diagnostic code {id} registered twice")
    c = Code(id, name, Severity(severity), vi, en, hint_vi, hint_en)
    CODES[id] = c
    return c


def _fill(template: str, args: dict) -> str:
    if not template:
        return ""
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and col are 1-based, 0 means unknown."""

    path: Path
    line: int = 0
    col: int = 0


@dataclass
class Diagnostic:
    code: Code
    pos: Position | None
    args: dict = field(default_factory=dict)
    # An extra hint computed at the point of detection ("did you mean …?").
    extra_hint: dict[str, str] | None = None
    # The error this one only follows from (a file or question that could not be read):
    # shown after the causes, with "do lỗi ở …" (qbank.resolve.followups).
    follows: Position | None = None

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def message(self, lang: str = "vi") -> str:
        return self.code.message(lang, self.args)

    def hint(self, lang: str = "vi") -> str:
        parts = [self.code.hint(lang, self.args)]
        if self.extra_hint:
            parts.insert(0, self.extra_hint.get(lang) or self.extra_hint.get("vi", ""))
        return " ".join(p for p in parts if p)

    def with_hint(self, vi: str, en: str) -> Diagnostic:
        self.extra_hint = {"vi": vi, "en": en}
        return self

    def suggest(self, word, choices) -> Diagnostic:
        """Add "did you mean …?" when one of `choices` is close to `word`."""
        found = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
        if found:
            self.with_hint(f"Có phải ý bạn là '{found[0]}'?", f"Did you mean '{found[0]}'?")
        return self

    def sort_key(self):
        p = self.pos
        return (self.follows is not None, str(p.path) if p else "", p.line if p else 0, p.col if p else 0, self.code.id,
                self.message("en"))


def resolve_lang(lang: str | None) -> str:
    lang = (lang or os.environ.get("QBANK_LANG") or "vi").lower()[:2]
    return lang if lang in LANGS else "vi"


def sorted_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=Diagnostic.sort_key)


def has_errors(diags: Iterable[Diagnostic], strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diags)


def _rel(path: Path | None, root: Path | None) -> str:
    if path is None:
        return ""
    if root is not None:
        # Relative inside the project (or the working folder), absolute outside it.
        for norm in (os.path.abspath, os.path.realpath):
            try:
                return Path(norm(path)).relative_to(norm(root)).as_posix()
            except ValueError:
                pass
    return Path(path).as_posix()


def to_records(diags: Iterable[Diagnostic], root: Path | None, lang: str) -> list[dict]:
    """The JSON shape: exactly code, severity, message, path, line, col, hint."""
    out = []
    for d in sorted_diagnostics(diags):
        message = d.message(lang)
        if d.follows is not None:
            where = f"{_rel(d.follows.path, root)}:{d.follows.line}"
            message += (f" (follows from the error at {where})" if lang == "en"
                        else f" (do lỗi ở {where})")
        out.append({
            "code": d.code.id,
            "severity": d.severity.value,
            "message": message,
            "path": _rel(d.pos.path if d.pos else None, root),
            "line": d.pos.line if d.pos else 0,
            "col": d.pos.col if d.pos else 0,
            "hint": d.hint(lang),
        })
    return out


_COLORS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_SEVERITY_VI = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo", Severity.INFO: "thông tin"}


def render_text(diags: Iterable[Diagnostic], root: Path | None, lang: str,
                color: bool = False) -> str:
    lines = []
    for r in to_records(diags, root, lang):
        sev = Severity(r["severity"])
        label = sev.value if lang == "en" else _SEVERITY_VI[sev]
        where = r["path"] or "qbank"  # no file: name the program, as compilers do
        if r["line"]:
            where += f":{r['line']}" + (f":{r['col']}" if r["col"] else "")
        head = f"{label}[{r['code']}]"
        if color:
            head = f"{_COLORS[sev]}{head}\x1b[0m"
            where = f"\x1b[1m{where}\x1b[0m"
        lines.append(f"{where}: {head} {r['message']}")
        if r["hint"]:
            lines.append(f"    {'hint' if lang == 'en' else 'gợi ý'}: {r['hint']}")
    return "\n".join(lines)


def render_json(diags: Iterable[Diagnostic], root: Path | None, lang: str) -> str:
    return json.dumps(to_records(diags, root, lang), ensure_ascii=False, indent=2)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def render_github(diags: Iterable[Diagnostic], root: Path | None, lang: str) -> str:
    """GitHub Actions workflow commands, one annotation per diagnostic."""
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for r in to_records(diags, root, lang):
        props = [f"file={_gh_escape(r['path'], True)}"] if r["path"] else []
        if r["line"]:
            props += [f"line={r['line']}"] + ([f"col={r['col']}"] if r["col"] else [])
        props.append(f"title={r['code']}")
        msg = r["message"] + (f"\n{r['hint']}" if r["hint"] else "")
        lines.append(f"::{kind[r['severity']]} {','.join(props)}::{_gh_escape(msg)}")
    return "\n".join(lines)


# GitLab's Code Quality severities (https://docs.gitlab.com/ci/testing/code_quality/
# #code-quality-report-format): info, minor, major, critical, blocker.
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(diags: Iterable[Diagnostic], root: Path | None, lang: str,
                  default_path: str = "qbank.yaml") -> str:
    """A GitLab Code Quality report: a JSON array of {description, check_name, fingerprint,
    severity, location: {path, lines: {begin}}}. A diagnostic without a file points at
    qbank.yaml (GitLab needs a path); the fingerprint leaves the line out, so moving a problem
    does not make it new, and counts repeats of the same message in the same file."""
    import hashlib

    seen: dict[tuple, int] = {}
    out = []
    for r in to_records(diags, root, lang):
        path = r["path"] or default_path
        ident = (r["code"], path, r["message"])
        seen[ident] = seen.get(ident, 0) + 1
        digest = hashlib.sha256("\0".join([*ident, str(seen[ident])]).encode("utf-8"))
        text = f"[{r['code']}] {r['message']}" + (f" — {r['hint']}" if r["hint"] else "")
        out.append({"description": text, "check_name": r["code"],
                    "fingerprint": digest.hexdigest()[:32],
                    "severity": _GITLAB_SEVERITY[r["severity"]],
                    "location": {"path": path, "lines": {"begin": max(r["line"], 1)}}})
    return json.dumps(out, ensure_ascii=False, indent=2)


def summary(diags: Iterable[Diagnostic], lang: str) -> str:
    diags = list(diags)
    n = {s: sum(1 for d in diags if d.severity is s) for s in Severity}
    if lang == "en":
        return (f"{n[Severity.ERROR]} error(s), {n[Severity.WARNING]} warning(s), "
                f"{n[Severity.INFO]} note(s)")
    return f"{n[Severity.ERROR]} lỗi, {n[Severity.WARNING]} cảnh báo, {n[Severity.INFO]} thông tin"
