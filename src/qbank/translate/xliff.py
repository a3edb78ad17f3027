"""The same files as XLIFF 1.2, for CAT tools that prefer it (OmegaT, memoQ, Trados, Transifex).

An XLIFF file carries exactly what the PO file does: one `<trans-unit>` per segment, its `id` the
PO `msgctxt`; placeholders become XLIFF inline codes (`<ph>` for `{n}`, `<bpt>`/`<ept>` around a
link's words for `<n>…</n>`), so CAT tools protect them as tags. `<file original>` names the lesson
file or the bank folder. Reading turns the file back into a PO catalogue, and the import is the
same from there.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from lxml import etree

from qbank.diagnostics import Diagnostic, Position, code
from qbank.resolve.project import Project
from qbank.translate.placeholders import TOKEN

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
_FUZZY_STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
                 "needs-review-adaptation", "needs-review-l10n", "needs-review-translation"}

BROKEN_XLIFF = code(
    "QB1413", "xliff-unreadable", "error",
    "không đọc được tệp XLIFF: {reason}", "cannot read the XLIFF file: {reason_en}",
    "Xuất lại tệp ('qbank translate export --format xliff') và mở bằng công cụ dịch hỗ trợ "
    "XLIFF 1.2.", "Export the file again and open it in a tool that supports XLIFF 1.2.")


def is_xliff(path: Path) -> bool:
    return path.suffix.lower() in (".xlf", ".xliff")


def po_to_xliff(po: polib.POFile, original: str) -> bytes:
    """The XLIFF 1.2 document of a PO catalogue made by qbank."""
    root = etree.Element(_Q + "xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _Q + "file", original=original, datatype="plaintext")
    file.set("source-language", "vi")
    file.set("target-language", po.metadata.get("Language", ""))
    header = etree.SubElement(file, _Q + "header")
    etree.SubElement(header, _Q + "tool", {"tool-id": "qbank", "tool-name": "qbank"})
    body = etree.SubElement(file, _Q + "body")
    for entry in po:
        unit = etree.SubElement(body, _Q + "trans-unit", id=entry.msgctxt or "")
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        _inline(etree.SubElement(unit, _Q + "source"), entry.msgid)
        if entry.msgstr:
            target = etree.SubElement(unit, _Q + "target")
            target.set("state", "needs-review-translation" if "fuzzy" in entry.flags
                       else "translated")
            _inline(target, entry.msgstr)
        for text in (entry.comment, entry.tcomment):
            if text:
                note = etree.SubElement(unit, _Q + "note")
                note.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _inline(parent, text: str) -> None:
    """`text` with its placeholders as XLIFF inline codes."""
    last = None
    pos = 0
    for m in TOKEN.finditer(text):
        _append(parent, last, text[pos:m.start()])
        if m.group(1) is not None:
            last = etree.SubElement(parent, _Q + "ph", id=m.group(1))
        else:
            last = etree.SubElement(parent, _Q + ("ept" if m.group(2) else "bpt"), id=m.group(3))
        last.text = m.group(0)
        pos = m.end()
    _append(parent, last, text[pos:])


def _append(parent, last, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _tokens(el) -> str:
    """An inline element's text with qbank placeholders for its codes."""
    out = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname
        number = child.get("id", "")
        if name == "ph":
            out.append(f"{{{number}}}")
        elif name == "bpt":
            out.append(f"<{number}>")
        elif name == "ept":
            out.append(f"</{number}>")
        elif name in ("g", "mrk"):
            out.append(_tokens(child))
        out.append(child.tail or "")
    return "".join(out)


def read_xliff(project: Project, path: Path, raw: bytes
               ) -> tuple[polib.POFile | None, dict[str, int], list[Diagnostic]]:
    """The catalogue an XLIFF file holds, with the line of each unit, as a PO file would give."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as e:
        line, column = e.position or (e.lineno or 1, 1)
        # lxml's text is English: the Vietnamese message says only where the file breaks.
        return None, {}, [BROKEN_XLIFF.at(Position(path, line, column),
                                          reason=f"XML không hợp lệ ở dòng {line}, cột {column}",
                                          reason_en=e.msg)]
    if root.getroottree().docinfo.doctype:
        return None, {}, [BROKEN_XLIFF.at(Position(path, 1, 1),
                                          reason="tệp khai báo DOCTYPE, không đọc vì lý do an toàn",
                                          reason_en="the file declares a DOCTYPE")]
    file = root.find(_Q + "file")
    if root.tag != _Q + "xliff" or file is None:
        return None, {}, [BROKEN_XLIFF.at(Position(path, 1, 1),
                                          reason="không phải XLIFF 1.2 (thiếu thẻ <xliff> hoặc <file>)",
                                          reason_en="not XLIFF 1.2 (no <xliff> or <file> element)")]
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": file.get("target-language", ""),
                   "Content-Type": "text/plain; charset=UTF-8"}
    original = file.get("original", "")
    bank = re.fullmatch(r"question_banks/([^/]+)", original)
    if bank:
        po.metadata["X-Qbank-Bank"] = bank.group(1)
    else:
        lesson = next((lesson for c in project.courses for lesson in c.lessons
                       if lesson.path.relative_to(project.root).as_posix() == original), None)
        # The lesson's id, else the unit ids' owner: a wrong file is then reported as such.
        first = file.find(f"{_Q}body/{_Q}trans-unit")
        owner = lesson.id if lesson else (first.get("id", "").split(":")[0]
                                          if first is not None else "")
        po.metadata["X-Qbank-Lesson"] = owner
    lines = {}
    for unit in file.iter(_Q + "trans-unit"):
        source, target = unit.find(_Q + "source"), unit.find(_Q + "target")
        entry = polib.POEntry(msgctxt=unit.get("id", ""),
                              msgid=_tokens(source) if source is not None else "",
                              msgstr=_tokens(target) if target is not None else "")
        if target is not None and target.get("state", "translated") in _FUZZY_STATES:
            entry.flags.append("fuzzy")
        lines.setdefault(entry.msgctxt, unit.sourceline or 1)
        po.append(entry)
    return po, lines, []
