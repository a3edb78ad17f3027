"""QTI 2.1 / 3.0 content packages (zip or extracted folder, or a single item file): the items
listed in imsmanifest.xml, with the skills the manifest's LOM / curriculum metadata gives them.

Choice, text entry, order and match interactions map onto qbank's six question types; any other
interaction leaves its item out (QB1102) and the rest is imported. The XML comes from outside, so
it is parsed with entities, DTD loading and network access off, and a file that declares a
DOCTYPE or ENTITY is refused outright (QB1108) before anything in it is used. Zip packages go
through archive.py's limits (zip-slip, size, ratio) before they are opened.

Item bodies are XHTML; they come back as the Markdown qbank writes (paragraphs, lists, **bold**,
*italic*, `code`, http(s) links); scripts, frames, forms and styles are dropped with their content.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from qbank.diagnostics import Diagnostic, Position, code
from qbank.export.identifiers import from_xml_id
from qbank.importers.archive import (
    UNREADABLE,
    UNSAFE_ENTRY,
    check_size,
    check_zip,
    safe_name,
    unreadable,
)
from qbank.importers.drafts import Draft, Options, Source, clean, key, skipped
from qbank.vietnamese import fold

ENTITIES_REFUSED = code(
    "QB1108", "import-xml-entities", "error",
    "{where}: tệp XML khai báo DOCTYPE/ENTITY; không đọc tệp này vì lý do an toàn",
    "{where_en}: the XML file declares a DOCTYPE/ENTITY; refused for safety",
    "Gói QTI hợp lệ không cần DOCTYPE hay thực thể (entity); xuất lại gói từ phần mềm gốc "
    "hoặc xóa phần khai báo <!DOCTYPE …>.",
    "A valid QTI package needs no DOCTYPE or entities; export the package again or remove the "
    "<!DOCTYPE …> declaration.")

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         huge_tree=False, remove_comments=True, remove_pis=True)
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
SUPPORTED = ("choiceInteraction", "textEntryInteraction", "orderInteraction", "matchInteraction")
INLINE_BLANKS = ("textEntryInteraction", "inlineChoiceInteraction")
# Dropped with their content: active or interactive markup, and parts meant for scorers only.
DROP = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
        "input", "button", "textarea", "select", "audio", "video", "svg", "math", "link", "meta",
        "feedbackInline", "feedbackBlock", "templateBlock", "templateInline", "rubricBlock",
        "modalFeedback", "printedVariable", "stylesheet", "img", "include"}
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "dd", "figcaption"}
CONTAINERS = {"div", "blockquote", "section", "article", "contentBody", "prompt", "itemBody",
              "table", "thead", "tbody", "tfoot", "dl", "figure", "aside", "header", "footer",
              "nav", "address", "hr", "simpleChoice", "simpleAssociableChoice", "li"}
LINK_SCHEMES = {"http", "https", "mailto"}
TRUE_FALSE = {("dung", "sai"), ("true", "false"), ("d", "s")}


@dataclass
class Package:
    """Read-only access to the files of a package, whatever holds it."""

    path: Path
    zip: zipfile.ZipFile | None = None
    names: set[str] = field(default_factory=set)

    def where(self, member: str) -> Path:
        """The path a diagnostic shows for a file of the package (inside a zip: zip/member)."""
        return self.path / member

    def read(self, member: str) -> bytes | Diagnostic:
        if not safe_name(member):
            return UNSAFE_ENTRY.at(Position(self.path), name=member)
        if self.zip is not None:
            if member not in self.names:
                return unreadable(self.where(member), "không có tệp này trong gói",
                                  "no such file in the package")
            return self.zip.read(member)
        file = self.path / member
        try:
            file.resolve().relative_to(self.path.resolve())
        except ValueError:  # a symlink leading out of the package
            return UNSAFE_ENTRY.at(Position(self.path), name=member)
        if not file.is_file():
            return unreadable(file, "không có tệp này trong gói", "no such file in the package")
        return check_size(file) or file.read_bytes()


def read(path: Path, options: Options):
    """(drafts, diagnostics) of a QTI package or item file."""
    if path.is_dir():
        return _read_package(Package(path))
    if zipfile.is_zipfile(path):
        refused = check_zip(path)
        if refused:
            return [], refused
        try:
            with zipfile.ZipFile(path) as z:
                return _read_package(Package(path, z, set(z.namelist())))
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as e:
            return [], [unreadable(path, f"không phải tệp nén hợp lệ ({e})",
                                   f"not a valid zip ({e})")]
    data = path.read_bytes()  # a lone item file; run.py has checked its size
    root, diags = parse(data, path, path.name)
    if root is None:
        return [], diags
    made = _item(root, Source(path, 0, "line"), {})
    return ([made], []) if isinstance(made, Draft) else ([], [made])


def parse(data: bytes, where: Path, name: str):
    """(root element or None, diagnostics): safe parsing of one XML file."""
    declared = _DECLARATION.search(data)
    line = data[:declared.start()].count(b"\n") + 1 if declared else 0
    if not declared:
        try:
            tree = etree.fromstring(data, PARSER).getroottree()
        except etree.XMLSyntaxError as e:
            line, column = (e.position or (e.lineno or 0, 0))
            # lxml's own text is English: the Vietnamese message says only where it broke.
            return None, [UNREADABLE.at(Position(where, line, column),
                                        reason=f"XML không hợp lệ ở dòng {line}, cột {column}",
                                        reason_en=f"invalid XML at line {line}: {e.msg}")]
        if tree.docinfo.internalDTD is None and not tree.docinfo.doctype:
            return tree.getroot(), []
        line = 1  # a declaration in an encoding the byte scan did not see
    return None, [ENTITIES_REFUSED.at(Position(where, line), where=name, where_en=name)]


def _read_package(package: Package):
    data = package.read("imsmanifest.xml")
    if isinstance(data, Diagnostic):
        return [], [unreadable(package.path, "không có imsmanifest.xml trong gói QTI",
                               "no imsmanifest.xml in the QTI package")]
    manifest, diags = parse(data, package.where("imsmanifest.xml"), "imsmanifest.xml")
    if manifest is None:
        return [], diags
    drafts: list[Draft] = []
    for href, skills in _item_resources(manifest):
        data = package.read(href)
        if isinstance(data, Diagnostic):
            diags.append(data)
            continue
        root, more = parse(data, package.where(href), href)
        if root is None:
            # A broken item is left out like any bad question; a refused one stops the package.
            diags += [skipped(Source(package.path, d.pos.line, "item", item=href),
                              d.args["reason"], d.args["reason_en"])
                      if d.code.id == "QB1101" else d for d in more]
            continue
        made = _item(root, Source(package.path, 0, "item", item=href), {"skills": skills})
        (drafts if isinstance(made, Draft) else diags).append(made)
    return drafts, diags


def _item_resources(manifest) -> list[tuple[str, list[str]]]:
    """(package path, skill codes) of every item resource, in manifest order."""
    out = []
    for res in manifest.iter("{*}resource"):
        if not (res.get("type") or "").startswith("imsqti_item"):
            continue
        href = res.get("href") or next((f.get("href") for f in res.iter("{*}file")), None)
        if not href:
            continue
        href = posixpath.normpath(unquote(urlsplit(href).path)).removeprefix("./")
        skills = [t.text.strip() for t in res.iter("{*}taxon")
                  for t in t.iter("{*}id") if t.text and t.text.strip()]
        skills += [g.text.strip() for g in res.iter("{*}GUID") if g.text and g.text.strip()]
        out.append((href, list(dict.fromkeys(skills))))
    return out


# --- names: QTI 3.0 writes qti-kebab-case where QTI 2.1 writes camelCase ---------------------

def local(el) -> str:
    name = etree.QName(el).localname
    if name.startswith("qti-"):
        head, *rest = name[4:].split("-")
        name = head + "".join(w.title() for w in rest)
    return name


def attr(el, name: str, default: str | None = None) -> str | None:
    value = el.get(name)
    if value is None:
        value = el.get(re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower())
    return default if value is None else value


def children(el, name: str):
    return [c for c in el if isinstance(c.tag, str) and local(c) == name]


def descendants(el, name: str):
    return [c for c in el.iter() if isinstance(c.tag, str) and local(c) == name]


# --- one item --------------------------------------------------------------------------------

def _item(root, source: Source, extra: dict):
    if local(root) != "assessmentItem":
        return skipped(source, "tệp không phải câu hỏi QTI (assessmentItem)",
                       "the file is not a QTI item (assessmentItem)")
    body = next(iter(children(root, "itemBody")), None)
    interactions = [el for el in (body.iter() if body is not None else ())
                    if isinstance(el.tag, str) and local(el).endswith("Interaction")]
    if not interactions:
        return skipped(source, "câu hỏi không có tương tác (interaction) nào",
                       "the item has no interaction")
    kinds = sorted({local(i) for i in interactions})
    unsupported = [k for k in kinds if k not in SUPPORTED]
    if unsupported:
        first = next(i for i in interactions if local(i) not in SUPPORTED)
        return skipped(replace(source, number=first.sourceline or 0), f"chưa hỗ trợ kiểu tương tác {', '.join(unsupported)}",
                       f"interaction type {', '.join(unsupported)} is not supported")
    if len(interactions) > 1:
        return skipped(source, "câu hỏi có nhiều tương tác; qbank chỉ nhận một tương tác mỗi câu",
                       "the item has several interactions; qbank takes one per item")
    inter = interactions[0]
    declaration = _declaration(root, attr(inter, "responseIdentifier"))
    correct = [v.text.strip() for v in descendants(declaration, "correctResponse")[:1]
               for v in descendants(v, "value") if v.text] if declaration is not None else []
    kind = local(inter)
    if kind == "choiceInteraction":
        fields = _choice(inter, correct, declaration, root)
    elif kind == "textEntryInteraction":
        fields = _text_entry(correct, declaration)
    elif kind == "orderInteraction":
        fields = _order(inter, correct)
    else:
        fields = _match(inter, correct)
    if isinstance(fields, tuple):
        return skipped(source, *fields)
    fields["stem"] = text_of(body)
    if not fields["stem"]:
        return skipped(source, "thiếu nội dung câu hỏi", "the question text is missing")
    general = [text_of(f) for f in _modal(root) if attr(f, "identifier") not in
               {o.get("_id") for o in fields.get("options", [])}]
    if any(general):
        fields["feedback"] = "\n\n".join(t for t in general if t)
    for o in fields.get("options", []):
        o.pop("_id", None)
    if extra.get("skills"):
        fields["skills"] = extra["skills"]
    ident = attr(root, "identifier")
    return Draft(source, fields, source_id=from_xml_id(ident) if ident else None)


def _declaration(root, identifier: str | None):
    for d in children(root, "responseDeclaration"):
        if attr(d, "identifier") == (identifier or "RESPONSE"):
            return d
    return None


def _number(text: str | None, default: float = 0) -> float:
    """A numeric attribute, `default` when absent or not a number (never an exception)."""
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _modal(root):
    return children(root, "modalFeedback")


def _choice(inter, correct: list[str], declaration, root):
    choices = children(inter, "simpleChoice")
    if len(choices) < 2:
        return "cần ít nhất hai phương án", "at least two options are needed"
    keys = set(correct)
    if not keys and declaration is not None:  # scored by a mapping instead of a key
        keys = {attr(e, "mapKey") for e in descendants(declaration, "mapEntry")
                if _number(attr(e, "mappedValue")) > 0}
    if not keys & {attr(c, "identifier") for c in choices}:
        return "không có phương án đúng", "no correct option"
    feedback = {attr(f, "identifier"): text_of(f) for f in _modal(root)}
    options = []
    for c in choices:
        ident = attr(c, "identifier")
        option = {"_id": ident, "text": text_of(c)}
        if ident in keys:
            option["correct"] = True
        inline = [text_of(f) for f in descendants(c, "feedbackInline")]
        if feedback.get(ident) or any(inline):
            option["feedback"] = feedback.get(ident) or "\n\n".join(t for t in inline if t)
        options.append(option)
    max_choices = _number(attr(inter, "maxChoices"), 1)
    if max_choices == 1 and len(keys) == 1:
        words = tuple(key(o["text"]) for o in options)
        if len(options) == 2 and words in TRUE_FALSE and not any("feedback" in o for o in options):
            return {"type": "true_false", "answer": bool(options[0].get("correct"))}
        if len(options) == 2 and words[::-1] in TRUE_FALSE and not any("feedback" in o
                                                                       for o in options):
            return {"type": "true_false", "answer": bool(options[1].get("correct"))}
        fields = {"type": "single_choice", "options": options}
    else:
        fields = {"type": "multiple_response", "options": options}
    if attr(inter, "shuffle") == "false":
        fields["shuffle"] = False
    return fields


def _text_entry(correct: list[str], declaration):
    entries = [e for e in descendants(declaration, "mapEntry")
               if _number(attr(e, "mappedValue")) > 0] if declaration is not None else []
    # Without a mapping QTI compares strings exactly; with one, each entry says.
    case = (any(attr(e, "caseSensitive", "true") == "true" for e in entries) if entries
            else True)
    norm = (lambda s: s) if case else str.casefold
    accepted: list[str] = []
    for value in correct + [attr(e, "mapKey") or "" for e in entries]:
        value = clean(value)
        if value and norm(value) not in {norm(a) for a in accepted}:
            accepted.append(value)
    if not accepted:
        return "không có đáp án đúng", "no accepted answer"
    # qbank writes each answer's form without diacritics after it when those are accepted.
    answers, folded = [], []
    for value in accepted:
        if any(fold(a) != a and norm(fold(a)) == norm(value) for a in answers):
            folded.append(value)
        else:
            answers.append(value)
    fields = {"type": "text_entry", "answers": accepted}
    if case:
        fields["case_sensitive"] = True
    if folded and all(norm(fold(a)) in {norm(v) for v in accepted} for a in answers):
        fields["answers"] = answers
        fields["accept_without_diacritics"] = True
    return fields


def _order(inter, correct: list[str]):
    choices = {attr(c, "identifier"): text_of(c) for c in children(inter, "simpleChoice")}
    if len(correct) < 2 or any(c not in choices for c in correct):
        return "không có thứ tự đúng (correctResponse)", "no correct order (correctResponse)"
    return {"type": "ordering", "items": [choices[c] for c in correct]}


def _match(inter, correct: list[str]):
    sets = children(inter, "simpleMatchSet")
    if len(sets) != 2:
        return "cần đúng hai tập phương án để ghép", "two match sets are needed"
    left, right = ({attr(c, "identifier"): text_of(c)
                    for c in children(s, "simpleAssociableChoice")} for s in sets)
    pairs, used = [], set()
    for value in correct:
        ends = value.split()
        if len(ends) != 2 or ends[0] not in left or ends[1] not in right:
            return (f"cặp ghép '{value}' không khớp các phương án",
                    f"pair '{value}' does not match the choices")
        pairs.append({"left": left[ends[0]], "right": right[ends[1]]})
        used.add(ends[1])
    if not pairs:
        return "không có cặp ghép đúng (correctResponse)", "no correct pairs (correctResponse)"
    fields = {"type": "matching", "pairs": pairs}
    distractors = [text for ident, text in right.items() if ident not in used]
    if distractors:
        fields["distractors"] = distractors
    if attr(inter, "shuffle") == "false":
        fields["shuffle"] = False
    return fields


# --- XHTML → Markdown ------------------------------------------------------------------------

def text_of(el) -> str:
    """The Markdown text of an element's content, NFC and trimmed like every imported text."""
    if el is None:
        return ""
    return clean("\n\n".join(_blocks(el)))


def _blocks(el) -> list[str]:
    out: list[str] = []
    run: list[str] = [el.text or ""]

    def flush():
        text = " ".join("".join(run).split())
        if text:
            out.append(text)
        run.clear()

    for child in el:
        if isinstance(child.tag, str):
            name = local(child)
            if name in DROP:
                pass
            elif name.endswith("Interaction") and name not in INLINE_BLANKS:
                flush()  # a block interaction: only its prompt belongs to the stem
                for prompt in children(child, "prompt"):
                    out.extend(_blocks(prompt))
            elif name in PARAGRAPHS:
                flush()
                out.append(" ".join(_inline_content(child).split()))
            elif name in ("ul", "ol"):
                flush()
                out.append(_list(child, name == "ol"))
            elif name == "pre":
                flush()
                out.append("```\n" + "".join(child.itertext()).strip("\n") + "\n```")
            elif name == "tr":
                flush()
                out.append(" | ".join(" ".join(_inline_content(c).split()) for c in child
                                      if isinstance(c.tag, str)))
            elif name in CONTAINERS:
                flush()
                out.extend(_blocks(child))
            else:
                run.append(_inline(child))
        run.append(child.tail or "")
    flush()
    return [b for b in out if b.strip()]


def _list(el, ordered: bool, depth: int = 0) -> str:
    lines = []
    number = 0
    for li in el:
        if not isinstance(li.tag, str) or local(li) != "li":
            continue
        number += 1
        nested = [c for c in li if isinstance(c.tag, str) and local(c) in ("ul", "ol")]
        text = " ".join(" ".join(_blocks(_without(li, nested))).split())
        lines.append("  " * depth + (f"{number}. " if ordered else "- ") + text)
        for c in nested:
            lines.append(_list(c, local(c) == "ol", depth + 1))
    return "\n".join(lines)


def _without(el, removed):
    """A copy of `el` without the `removed` children (their tails kept)."""
    if not removed:
        return el
    copy = etree.fromstring(etree.tostring(el), PARSER)
    for original, c in zip(el, copy, strict=True):
        if original in removed:
            tail = c.tail
            prev = c.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + (tail or "")
            else:
                copy.text = (copy.text or "") + (tail or "")
            copy.remove(c)
    return copy


def _inline_content(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _wrap(inner: str, mark: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _inline(el) -> str:
    name = local(el)
    if name in DROP:
        return ""
    if name in INLINE_BLANKS:
        return "___"
    if name == "br":
        return " "
    inner = _inline_content(el)
    if name in ("strong", "b"):
        return _wrap(inner, "**")
    if name in ("em", "i"):
        return _wrap(inner, "*")
    if name == "code":
        return _wrap(inner, "`")
    if name == "a":
        href = el.get("href", "")
        if urlsplit(href).scheme.lower() in LINK_SCHEMES and inner.strip():
            return f"[{' '.join(inner.split())}]({href})"
    if name in PARAGRAPHS or name in CONTAINERS or name in ("ul", "ol"):
        return " " + " ".join(_blocks(el)) + " "
    return inner
