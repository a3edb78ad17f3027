"""Questions as Open edX CAPA problems (the `problem` component of OLX).

| qbank type          | CAPA                                                      | faithful? |
|---------------------|-----------------------------------------------------------|-----------|
| single_choice       | multiplechoiceresponse / choicegroup MultipleChoice        | yes       |
| multiple_response   | choiceresponse / checkboxgroup (all-or-nothing)            | yes       |
| true_false          | multiplechoiceresponse with "Đúng" / "Sai"                 | yes       |
| text_entry          | stringresponse (ci/cs) + additional_answer per answer      | yes       |
| ordering            | one optionresponse (dropdown) per position                 | no: partial credit per position, an item can be picked twice |
| matching            | one optionresponse (dropdown) per left-hand item           | no: partial credit per pair, a right item can be picked twice |

The stem's question sentence (its last paragraph) is CAPA's <label>: Open edX moves it into the
input's <legend>/<label>, so screen readers announce the question with the choices (a <p> gives
the inputs no accessible name). Every problem carries `weight`, so each is worth the same points
whatever its number of inputs. Dropdowns list their options in `display_order`, never in key
order. Explanations become <solution>; an option's own feedback becomes a <choicehint>.
`drag_and_drop` is the faithful mapping of ordering and matching (Open edX's drag-and-drop v2
XBlock): each item placed once, one problem of the same weight.
"""

from __future__ import annotations

import json

from lxml import etree

from qbank.export.identifiers import display_order
from qbank.export.media import MediaSet
from qbank.export.xml_text import escape_attr
from qbank.model.question import (
    ChoiceQuestion,
    Matching,
    MultipleResponse,
    Ordering,
    SingleChoice,
    TextEntry,
    TrueFalse,
)
from qbank.render.xhtml import NOT_XML, fragment, inline_fragment, markdown_to_xhtml, plain_xhtml
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


def _inline(parent: etree._Element, tag: str, text: str, rewrite=None,
            **attrs) -> etree._Element:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    _append_content(el, inline_fragment(text, rewrite))
    return el


def _label_stem(stem: etree._Element) -> None:
    """Make the stem's last paragraph with text CAPA's <label> (the question's accessible name);
    a stem without such a paragraph gets a label holding its whole text."""
    for p in reversed([c for c in stem if c.tag == "p"]):
        if "".join(p.itertext()).strip():
            p.tag = "label"
            if p is not stem[-1]:  # CAPA shows the label at the inputs: keep it last
                stem.remove(p)
                stem.append(p)
            return
    text = " ".join("".join(stem.itertext()).split())
    if text:
        etree.SubElement(stem, "label").text = text


def problem(entry: QuestionEntry, media: MediaSet, display_name: str,
            weight: float = 1) -> etree._Element:
    """The <problem> element of a question, worth `weight` points whatever its inputs."""
    q = entry.q
    rewrite = media.rewriter(entry.path.parent, prefix="/")  # names start with static/
    root = etree.Element("problem", {"display_name": display_name, "markdown": "null",
                                     "weight": _number(weight)})
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
    if resp is not root:
        _label_stem(stem)
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
            choice = _inline(group, "choice", o.text, rewrite,
                             correct="true" if o.correct else "false")
            if o.feedback:
                hint = etree.SubElement(choice, "choicehint")
                if isinstance(q, MultipleResponse):
                    hint.set("selected", "true")
                _append_content(hint, inline_fragment(o.feedback, rewrite))
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
        shown = [q.items[i] for i in display_order(q.id, q.items)]
        for i, _ in enumerate(q.items):
            _dropdown(root, f"Vị trí {i + 1}", shown, q.items[i])
    elif isinstance(q, Matching):
        rights = [p.right for p in q.pairs] + list(q.distractors)
        shown = [rights[i] for i in display_order(q.id, rights)]
        for pair in q.pairs:
            _dropdown(root, pair.left, shown, pair.right)

    if q.feedback:
        solution = etree.SubElement(resp if resp is not root else root, "solution")
        div = etree.SubElement(solution, "div", {"class": "detailed-solution"})
        etree.SubElement(div, "p").text = "Giải thích"
        _append_content(div, fragment(q.feedback, rewrite))
    return root


def problem_file(entry: QuestionEntry, media: MediaSet, display_name: str, weight: float = 1,
                 attempts: int = 0) -> bytes:
    """The problem's file as Open edX imports it (`max_attempts` only when `attempts`).

    Most questions are choice, true/false or text-entry questions whose every text is one plain
    paragraph: their file is the same few strings each time and is written as such, without
    building a tree (tests compare it with the tree's bytes); any other goes through problem()."""
    data = _plain_problem(entry.q, display_name, weight, attempts)
    if data is not None:
        return data.encode("utf-8")
    el = problem(entry, media, display_name, weight)
    if attempts:
        el.set("max_attempts", str(attempts))
    return etree.tostring(el, encoding="UTF-8", xml_declaration=False, pretty_print=True)


def _plain_problem(q, display_name: str, weight: float, attempts: int) -> str | None:
    """problem()'s file as a string, for a question whose texts are all plain_xhtml(); else None."""
    kind = type(q)
    if q.media or kind not in (SingleChoice, MultipleResponse, TrueFalse, TextEntry):
        return None
    stem = plain_xhtml(q.stem, inline=True)
    if stem is None:
        return None
    solution = ""
    if q.feedback:
        feedback = plain_xhtml(q.feedback)
        if feedback is None:
            return None
        solution = ('<solution><div class="detailed-solution"><p>Giải thích</p>'
                    f"{feedback}</div></solution>")
    if kind is TrueFalse:
        tag, attrs = "multiplechoiceresponse", ""
        body = ('<choicegroup type="MultipleChoice">'
                f'<choice correct="{"true" if q.answer else "false"}">{TRUE_FALSE[0]}</choice>'
                f'<choice correct="{"false" if q.answer else "true"}">{TRUE_FALSE[1]}</choice>'
                "</choicegroup>")
    elif kind is TextEntry:
        accepted = q.accepted()
        if any(NOT_XML.search(a) for a in accepted):
            return None
        tag = "stringresponse"
        attrs = f' answer="{escape_attr(accepted[0])}" type="{"cs" if q.case_sensitive else "ci"}"'
        body = "".join(f'<additional_answer answer="{escape_attr(a)}"/>' for a in accepted[1:]) + \
            f'<textline size="{max(20, max(map(len, q.answers)) + 5)}"/>'
    else:
        single, attrs = kind is SingleChoice, ""
        hint = "<choicehint>" if single else '<choicehint selected="true">'
        choices = []
        for o in q.options:
            text = plain_xhtml(o.text, inline=True)
            if text is None:
                return None
            choice = f'<choice correct="{"true" if o.correct else "false"}">{text}'
            if o.feedback:
                said = plain_xhtml(o.feedback, inline=True)
                if said is None:
                    return None
                choice += f"{hint}{said}</choicehint>"
            choices.append(choice + "</choice>")
        if single:
            tag = "multiplechoiceresponse"
            group = ('<choicegroup type="MultipleChoice" '
                     f'shuffle="{"true" if q.shuffle else "false"}">')
            body = group + "".join(choices) + "</choicegroup>"
        else:
            tag = "choiceresponse"
            body = "<checkboxgroup>" + "".join(choices) + "</checkboxgroup>"
    if NOT_XML.search(display_name):
        return None
    head = (f'<problem display_name="{escape_attr(display_name)}" markdown="null" '
            f'weight="{_number(weight)}"')
    if attempts:
        head += f' max_attempts="{attempts}"'
    # <problem> holds only elements, so lxml indents its child; the response holds text (the
    # label's line break), so nothing inside it is indented.
    return (f"{head}>\n  <{tag}{attrs}><label>{stem}</label>\n{body}{solution}</{tag}>\n"
            "</problem>\n")


def _dropdown(root: etree._Element, label: str, options: list[str], correct: str) -> None:
    resp = etree.SubElement(root, "optionresponse")
    _inline(resp, "label", label)
    inp = etree.SubElement(resp, "optioninput")
    for text in options:
        etree.SubElement(inp, "option", {"correct": "True" if text == correct else "False"}
                         ).text = text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _plain(text: str) -> str:
    """Inline Markdown as sanitised XHTML text, for the drag-and-drop block's HTML fields."""
    root = inline_fragment(text)
    return (root.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in root)


# Zones are stacked rows of the block's background (Open edX places them by pixels).
ZONE_WIDTH, ZONE_HEIGHT, ZONE_GAP = 560, 56, 8
UNUSED_ZONE = "Không ghép với mục nào"


def zone_count(q) -> int:
    """Drop zones of an ordering or matching question as a drag-and-drop block."""
    return len(q.items) if isinstance(q, Ordering) else len(q.pairs) + len(q.distractors)


def zone_rows_height(count: int) -> int:
    """Height in pixels of the background that holds `count` zone rows."""
    return count * (ZONE_HEIGHT + ZONE_GAP) - ZONE_GAP


def drag_and_drop(entry: QuestionEntry, display_name: str, background: str,
                  weight: float = 1) -> etree._Element:
    """An ordering or matching question as a <drag-and-drop-v2> block in assessment mode.

    Zones are the positions (ordering) or the left-hand items (matching); draggable items are
    the answers, shown in `display_order`. Every item goes to exactly one zone, so nothing can be
    picked twice; the block scores the share of items placed right, times `weight`. A matching
    distractor belongs in a "Không ghép" zone: the block counts a decoy left in the bank as
    right, so an empty answer would otherwise score above zero.
    `background` is the URL of a picture of the zone rows (`zone_rows_height` tall); without one
    the block shows its own sample triangle.
    """
    q = entry.q
    if isinstance(q, Ordering):
        zone_titles = [f"Vị trí {i + 1}" for i in range(len(q.items))]
        answers = [(text, [i]) for i, text in enumerate(q.items)]
    else:
        zone_titles = [p.left for p in q.pairs] + [UNUSED_ZONE] * len(q.distractors)
        answers = [(p.right, [i]) for i, p in enumerate(q.pairs)]
        unused = list(range(len(q.pairs), len(zone_titles)))
        answers += [(d, unused) for d in q.distractors]
    zones = [{"uid": f"z{i + 1}", "title": _plain(t), "description": "",
              "x": 0, "y": i * (ZONE_HEIGHT + ZONE_GAP), "width": ZONE_WIDTH,
              "height": ZONE_HEIGHT, "align": "left"} for i, t in enumerate(zone_titles)]
    order = display_order(q.id, [text for text, _ in answers])
    items = []
    for n, i in enumerate(order):
        text, targets = answers[i]
        items.append({"displayName": _plain(text), "imageURL": "", "imageDescription": "",
                      "id": n, "zones": [f"z{z + 1}" for z in targets],
                      "feedback": {"correct": "", "incorrect": ""}})
    data = {"zones": zones, "items": items, "feedback": {"start": "", "finish": ""},
            "targetImg": background, "targetImgDescription": "", "displayLabels": True,
            "displayBorders": True,
            "explanation": markdown_to_xhtml(q.feedback) if q.feedback else ""}
    attrs = {"display_name": display_name, "mode": "assessment", "weight": _number(weight),
             "question_text": markdown_to_xhtml(q.stem), "show_question_header": "false",
             "max_items_per_zone": "1",
             "data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
    return etree.Element("drag-and-drop-v2", attrs)
