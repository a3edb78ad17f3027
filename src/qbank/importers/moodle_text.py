"""Moodle's texts → the Markdown qbank writes, with the files they embed.

Every Moodle text has a format (`trans_format` in question/format/xml/format.php,
`parse_text_with_format` in question/format/gift/format.php): html, moodle (auto-format: plain
text that may hold HTML), plain, markdown, wiki. HTML is converted with markdownify (paragraphs,
lists, **bold**, *italic*, `code`, tables, fenced `pre`); links keep only http(s)/mailto targets;
scripts and styles are dropped with their content. Images a Moodle XML export embeds as
`@@PLUGINFILE@@/name` (a `<file encoding="base64">` beside the text) or as `data:` URIs become
files `media/<name>-<hash>.<ext>` next to the imported YAML file, named by their content so a
second import writes the same bytes under the same name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from markdownify import MarkdownConverter

from qbank.importers.drafts import clean
from qbank.vietnamese import slugify

PLUGINFILE = "@@PLUGINFILE@@/"
LINK_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_DATA_URI = re.compile(r"data:([a-z]+/[a-z0-9.+-]+);base64,(.*)", re.I | re.S)
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
               "image/svg+xml": "svg"}
# Pictures every browser shows and none can run code in; SVG may carry scripts, other files
# (documents, programs) have no place in a question.
IMAGE_TYPES = {"png", "jpg", "jpeg", "gif", "webp"}


@dataclass
class Files:
    """The files one question embeds (path inside Moodle → bytes), and what its texts used."""

    embedded: dict[str, bytes] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)  # "media/…" → bytes
    missing: list[str] = field(default_factory=list)  # names referred to but not embedded
    refused: list[str] = field(default_factory=list)  # embedded, but not an image qbank takes

    def add(self, name: str, data: bytes) -> None:
        self.embedded.setdefault(unicodedata.normalize("NFC", name.lstrip("/")), data)

    def place(self, name: str, data: bytes) -> str:
        """The relative path a file gets in the bank's media/ folder."""
        path = PurePosixPath(name)
        ext = re.sub(r"[^a-z0-9]", "", path.suffix.lower())[:5]
        stem = slugify(path.stem)[:40].strip("-") or "tep"
        digest = hashlib.sha256(data).hexdigest()[:8]
        rel = f"media/{stem}-{digest}" + (f".{ext}" if ext else "")
        self.used[rel] = data
        return rel

    def resolve(self, src: str) -> str | None:
        """The media path for an image/link target, or None when it is not a file of the
        question (then the caller keeps or drops it)."""
        if src.startswith(PLUGINFILE):
            name = unicodedata.normalize("NFC", unquote(src[len(PLUGINFILE):]).split("?")[0])
            data = self.embedded.get(name)
            if data is None:
                data = next((d for n, d in self.embedded.items()
                             if PurePosixPath(n).name == PurePosixPath(name).name), None)
            if data is None:
                self.missing.append(name)
                return None
            if PurePosixPath(name).suffix.lower().lstrip(".") not in IMAGE_TYPES:
                self.refused.append(name)
                return None
            return self.place(name, data)
        m = _DATA_URI.fullmatch(src.strip())
        if m:
            try:
                data = base64.b64decode(m.group(2), validate=False)
            except (binascii.Error, ValueError):
                data = b""
            if not data:  # not base64 at all decodes to nothing: no empty image file
                self.missing.append(src[:40])
                return None
            ext = _EXTENSIONS.get(m.group(1).lower(), "")
            if ext not in IMAGE_TYPES:
                self.refused.append(src[:40])
                return None
            return self.place("anh." + ext, data)
        return None


class _Converter(MarkdownConverter):
    def __init__(self, files: Files, **options):
        super().__init__(**options)
        self.files = files

    def convert_img(self, el, text, parent_tags):
        src = el.attrs.get("src") or ""
        alt = " ".join((el.attrs.get("alt") or el.attrs.get("title") or "").split())
        alt = alt.replace("[", "(").replace("]", ")")
        target = self.files.resolve(src)
        if target is None:
            if urlsplit(src).scheme.lower() not in ("http", "https"):
                return alt
            target = src
        return f"![{alt}]({_url(target)})"

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        target = self.files.resolve(href)
        if target is None and urlsplit(href).scheme.lower() not in LINK_SCHEMES:
            return text
        label = " ".join(text.split())
        if not label:
            return ""
        return f"[{label}]({_url(target or href)})"


def _url(target: str) -> str:
    return f"<{target}>" if any(c in target for c in " ()<>") else target


def has_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def html_to_markdown(text: str, files: Files | None = None) -> str:
    converter = _Converter(files or Files(), heading_style="ATX", bullets="-",
                           newline_style="backslash", escape_underscores=False)
    out = converter.convert(text or "")
    out = unicodedata.normalize("NFC", out).replace("\u00a0", " ").replace("\u200b", "")
    lines = [line.rstrip() if not line.endswith("\\") else line for line in out.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def to_markdown(text: str | None, fmt: str, files: Files | None = None) -> str:
    """A Moodle text in `fmt` (html, moodle, plain, markdown, wiki) as qbank's Markdown."""
    text = text or ""
    if not text.strip():
        return ""
    if fmt == "html" and "<" not in text and "&" not in text:
        return clean(text)  # HTML without markup reads the same as text: no parser needed
    if fmt == "html" or (fmt == "moodle" and has_html(text)):
        return html_to_markdown(text, files)
    if fmt == "markdown":
        return unicodedata.normalize("NFC", text).strip()
    return clean(text)


__all__ = ["Files", "has_html", "html_to_markdown", "to_markdown"]
