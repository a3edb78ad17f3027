"""Questions as Open edX CAPA problems (the `problem` component of OLX).

| qbank type          | CAPA                                                      | faithful? |
|---------------------|-----------------------------------------------------------|-----------|
| single_choice       | multiplechoiceresponse / choicegroup MultipleChoice        | yes       |
| multiple_response   | choiceresponse / checkboxgroup (all-or-nothing)            | yes       |
| true_false          | multiplechoiceresponse with "Đúng" / "Sai"                 | yes       |
| text_entry          | stringresponse (ci/cs) + additional_answer per answer      | yes       |
| ordering            | one optionresponse (dropdown) per position                 | no: partial credit per position, an item can be picked twice |
| matching            | one optionresponse (dropdown) per left-hand item           | no: partial credit per pair, a right item can be picked twice |

Explanations become <solution>; an option's own feedback becomes a <choicehint>.
"""

from __future__ import annotations

from lxml import etree

from qbank.export.media import MediaSet
from qbank.model.question import (
    ChoiceQuestion,
    Matching,
    MultipleResponse,
    Ordering,
    SingleChoice,
    TextEntry,
    TrueFalse,
)
from qbank.render.xhtml import fragment, inline_fragment
from qbank.resolve.project import QuestionEntry

LOSSY = (Ordering, Matching)
TRUE_FALSE = ("Đúng", "Sai")


def _append_content(parent: etree._Element, content: etree._Element) -> None:
    """Move a rendered fragment's text and children to the end of `parent`."""
    if content.text:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + content.text
        else:
            parent.text = (parent.text or "") + content.text
    for child in list(content):
        parent.append(child)


def _inline(parent: etree._Element, tag: str, text: str, **attrs) -> etree._Element:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    _append_content(el, inline_fragment(text))
    return el


def problem(entry: QuestionEntry, media: MediaSet, display_name: str,
            max_attempts: int | None = None) -> etree._Element:
    """The <problem> element of a question."""
    q = entry.q
    rewrite = media.rewriter(entry.path.parent, prefix="/")  # names start with static/
    root = etree.Element("problem", {"display_name": display_name, "markdown": "null"})
    if max_attempts:
        root.set("max_attempts", str(max_attempts))
    if isinstance(q, (SingleChoice, TrueFalse)):
        resp = etree.SubElement(root, "multiplechoiceresponse")
    elif isinstance(q, MultipleResponse):
        resp = etree.SubElement(root, "choiceresponse")
    elif isinstance(q, TextEntry):
        others = q.accepted()
        resp = etree.SubElement(root, "stringresponse", {
            "answer": others[0], "type": "cs" if q.case_sensitive else "ci"})
    else:
        resp = root
    stem = fragment(q.stem, rewrite)
    for m in q.media:
        name = media.add(m.src, entry.path.parent)
        if name:
            p = etree.SubElement(stem, "p")
            etree.SubElement(p, "img", {"src": f"/{name}", "alt": m.alt})
    _append_content(resp, stem)

    if isinstance(q, ChoiceQuestion):
        group = etree.SubElement(resp, "choicegroup" if isinstance(q, SingleChoice)
                                 else "checkboxgroup", {"type": "MultipleChoice"}
                                 if isinstance(q, SingleChoice) else {})
        if isinstance(q, SingleChoice):
            group.set("shuffle", "true" if q.shuffle else "false")
        for o in q.options:
            choice = _inline(group, "choice", o.text, correct="true" if o.correct else "false")
            if o.feedback:
                hint = etree.SubElement(choice, "choicehint")
                if isinstance(q, MultipleResponse):
                    hint.set("selected", "true")
                _append_content(hint, inline_fragment(o.feedback))
    elif isinstance(q, TrueFalse):
        group = etree.SubElement(resp, "choicegroup", {"type": "MultipleChoice"})
        for label, value in zip(TRUE_FALSE, (True, False), strict=True):
            etree.SubElement(group, "choice", {
                "correct": "true" if q.answer == value else "false"}).text = label
    elif isinstance(q, TextEntry):
        for extra in q.accepted()[1:]:
            etree.SubElement(resp, "additional_answer", {"answer": extra})
        etree.SubElement(resp, "textline", {"size": str(max(20, max(map(len, q.answers)) + 5))})
    elif isinstance(q, Ordering):
        for i, _ in enumerate(q.items):
            _dropdown(root, f"Vị trí {i + 1}", q.items, q.items[i])
    elif isinstance(q, Matching):
        rights = [p.right for p in q.pairs] + list(q.distractors)
        for pair in q.pairs:
            _dropdown(root, pair.left, rights, pair.right)

    if q.feedback:
        solution = etree.SubElement(resp if resp is not root else root, "solution")
        div = etree.SubElement(solution, "div", {"class": "detailed-solution"})
        etree.SubElement(div, "p").text = "Giải thích"
        _append_content(div, fragment(q.feedback, rewrite))
    return root


def _dropdown(root: etree._Element, label: str, options: list[str], correct: str) -> None:
    resp = etree.SubElement(root, "optionresponse")
    _inline(resp, "label", label)
    inp = etree.SubElement(resp, "optioninput")
    for text in options:
        etree.SubElement(inp, "option", {"correct": "True" if text == correct else "False"}
                         ).text = text
