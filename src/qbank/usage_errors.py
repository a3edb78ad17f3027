"""Click's usage errors ("Missing option '--bank'.") told in Vietnamese.

Click writes its messages in English; authors who mistype a command deserve the same language
as every other qbank message. Known message shapes are translated; anything else is shown as
click wrote it. The language follows QBANK_LANG (options are not parsed yet at this point).
"""

from __future__ import annotations

import re

import click

from qbank.diagnostics import resolve_lang

# (click's English pattern, Vietnamese template), tried in order. A `value` group is itself a
# message to translate; a `guess` group is click's "did you mean" suggestion.
_PATTERNS = [
    (r"Missing option '(?P<x>[^']+)'\.?", "thiếu tùy chọn bắt buộc '{x}'"),
    (r"Missing argument '(?P<x>[^']+)'\.?", "thiếu tham số '{x}'"),
    (r"No such option:? '?(?P<x>[^'\s]+?)'?\.?(?: Did you mean '?(?P<guess>[^'\s]+?)'?\?)?",
     "không có tùy chọn '{x}'"),
    (r"No such command '(?P<x>[^']+)'\.?(?: \(?Did you mean(?: one of:)? (?P<guesses>.+?)\??\)?)?",
     "không có lệnh '{x}'"),
    (r"Got unexpected extra arguments? \((?P<x>.*)\)", "thừa tham số: {x}"),
    (r"Option '(?P<x>[^']+)' requires an argument\.?", "tùy chọn '{x}' cần một giá trị"),
    (r"Invalid value for '(?P<x>[^']+)': (?P<value>.*)", "giá trị không hợp lệ cho '{x}': {value}"),
    (r"'(?P<x>.*)' is not one of (?P<y>.*)\.", "'{x}' không phải một trong {y}"),
    (r"'(?P<x>.*)' is not (?:a valid integer|a valid float)(?: range)?\.?",
     "'{x}' không phải là số"),
    (r"(?:Path|File|Directory) '(?P<x>.*)' does not exist\.", "'{x}' không tồn tại"),
    (r"Directory '(?P<x>.*)' is a file\.", "'{x}' là một tệp, cần một thư mục"),
    (r"File '(?P<x>.*)' is a directory\.", "'{x}' là một thư mục, cần một tệp"),
]


def translate(message: str) -> str:
    for pattern, vi in _PATTERNS:
        m = re.fullmatch(pattern, message.strip(), re.S)
        if m:
            parts = {k: v or "" for k, v in m.groupdict().items()}
            if "value" in parts:
                parts["value"] = translate(parts["value"])
            text = vi.format(**parts)
            if parts.get("guesses"):
                return text + f"; có phải ý bạn là {parts['guesses'].replace(', ', ' hoặc ')}?"
            return text + (f"; có phải ý bạn là '{parts['guess']}'?" if parts.get("guess") else "")
    return message


# Click's own words in help pages and messages (it asks gettext for them), in Vietnamese.
# Error messages stay English here: translate() above reads them by their English shape.
_CLICK_VI = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản của qbank rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Aborted!": "Đã hủy.",
    "Missing command.": "Thiếu lệnh.",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "deprecated": "không dùng nữa",
    "Error: {message}": "lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để biết cách dùng.",
    "Do you want to continue?": "Tiếp tục?",
}
_lang: dict[str, str | None] = {"current": None}  # None: QBANK_LANG decides


def _gettext(message: str) -> str:
    lang = _lang["current"] or resolve_lang(None)
    return message if lang == "en" else _CLICK_VI.get(message, message)


# Click's placeholders in usage lines and option lists ("[OPTIONS] [PATH]", "--out DIRECTORY").
_METAVARS_VI = {"OPTIONS": "TÙY_CHỌN", "COMMAND": "LỆNH", "ARGS": "THAM_SỐ",
                "PATH": "ĐƯỜNG_DẪN", "FILES": "TỆP", "FILE": "TỆP", "DIRECTORY": "THƯ_MỤC",
                "TEXT": "CHỮ", "INTEGER RANGE": "SỐ", "FLOAT RANGE": "SỐ", "INTEGER": "SỐ",
                "FLOAT": "SỐ", "ARCHIVE": "TỆP_NÉN"}
_METAVAR = re.compile(r"\b(" + "|".join(sorted(_METAVARS_VI, key=len, reverse=True)) + r")\b")


def _metavars(text: str) -> str:
    if (_lang["current"] or resolve_lang(None)) == "en":
        return text
    return _METAVAR.sub(lambda m: _METAVARS_VI[m[1]], text)


class _Formatter(click.HelpFormatter):
    """Click's help layout with its placeholders in the chosen language."""

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, _metavars(args), prefix)

    def write_dl(self, rows, *args, **kwargs):
        super().write_dl([(_metavars(first), second) for first, second in rows], *args,
                         **kwargs)


def use_language(lang: str | None) -> None:
    """Help pages and click's messages in `lang` ('vi' or 'en') from now on; None: as
    QBANK_LANG says when they are shown."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting

    _lang["current"] = lang
    for module in (click.core, click.decorators, click.exceptions, click.formatting):
        module._ = _gettext
    click.Context.formatter_class = _Formatter


def language_of(args: list[str]) -> str | None:
    """The language a command line asks for with `--lang xx`, read before click parses it so
    that `qbank check --help --lang en` is English; None when it asks for none."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return resolve_lang(args[i + 1])
        if arg.startswith("--lang="):
            return resolve_lang(arg.split("=", 1)[1])
    return None


class UsageError(click.UsageError):
    """Shown as: usage line, `lỗi: …`, and where to find help — in the chosen language."""

    def __init__(self, original: click.UsageError):
        super().__init__(original.format_message(), original.ctx)
        self.exit_code = 2

    def show(self, file=None) -> None:
        lang = _lang["current"] or resolve_lang(None)
        ctx = self.ctx
        if ctx is not None:
            usage = ctx.get_usage()
            if lang != "en":
                usage = usage.replace("Usage:", "Cách dùng:", 1)
            click.echo(usage, err=True)
        name = ctx.command_path if ctx is not None else "qbank"
        if lang == "en":
            click.echo(f"error: {self.message}\n    hint: see '{name} --help'.", err=True)
        else:
            click.echo(f"lỗi: {translate(self.message)}\n    gợi ý: xem '{name} --help'.",
                       err=True)
