"""One assessmentItem per question, in QTI 2.1 vocabulary.

Scoring is all-or-nothing (1 point) for every type, text entry excepted (a mapping of accepted
answers). Standard response-processing templates are used when a question has no feedback;
with feedback, explicit processing does the same scoring and also sets FEEDBACK so that the
explanation (and a chosen option's own feedback) is shown as modal feedback.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from qbank.export.identifiers import choice_id, display_order, xml_id
from qbank.export.media import MediaSet
from qbank.export.qti.xml import (
    NS21,
    SCHEMA_LOCATION_21,
    XML_LANG,
    XSI,
    E,
    base,
    outcome,
    set_outcome,
    value,
    var,
)
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
from qbank.version import __version__

TEMPLATE_21 = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
EXPLANATION = "EXPLANATION"
TRUE_FALSE_LABELS = {"vi": ("Đúng", "Sai"), "en": ("True", "False")}
_BLANK = re.compile(r"_{3,}")

INTERACTION = {SingleChoice: "choiceInteraction", MultipleResponse: "choiceInteraction",
               TrueFalse: "choiceInteraction", TextEntry: "textEntryInteraction",
               Ordering: "orderInteraction", Matching: "matchInteraction"}


@dataclass
class BuiltItem:
    identifier: str
    href: str  # path inside the package
    root: etree._Element
    media: list[str]  # package paths of the media it uses
    interaction: str


def build_item(entry: QuestionEntry, media: MediaSet, lang: str = "vi") -> BuiltItem:
    q = entry.q
    rewrite = media.rewriter(entry.path.parent, prefix="../")
    body = E("itemBody")
    stem = fragment(q.stem, rewrite, NS21)
    for m in q.media:
        name = media.add(m.src, entry.path.parent)
        if name:
            stem.append(E("p", None, E("img", {"src": f"../{name}", "alt": m.alt})))

    declarations, interaction, correct_choices = _interaction(q, lang, rewrite)
    if interaction.tag == f"{{{NS21}}}textEntryInteraction":
        _place_inline(stem, interaction)
    else:
        stem.append(interaction)
    body.text = stem.text
    for child in list(stem):
        body.append(child)

    root = E("assessmentItem", {
        "identifier": xml_id(q.id), "title": _title(q.stem), "adaptive": "false",
        "timeDependent": "false", "toolName": "qbank", "toolVersion": __version__})
    root.set(XML_LANG, lang)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION_21)
    for d in declarations:
        root.append(d)
    root.append(_template(("SCORE",), lambda: outcome("SCORE", "float", default=0)))
    root.append(_template(("MAXSCORE",), lambda: outcome("MAXSCORE", "float", default=1)))
    option_feedback = [(choice_id(i), o.feedback) for i, o in enumerate(getattr(q, "options", []))
                       if o.feedback]
    has_feedback = bool(q.feedback or option_feedback)
    if has_feedback:
        root.append(_template(("FEEDBACK",), lambda: outcome("FEEDBACK", "identifier",
                                                             "multiple")))
    root.append(body)
    mapped = isinstance(q, TextEntry)
    root.append(_template(("processing", mapped, has_feedback, bool(option_feedback)),
                          lambda: _processing(mapped, has_feedback, bool(option_feedback))))
    if q.feedback:
        root.append(_modal(EXPLANATION, "Giải thích" if lang == "vi" else "Explanation",
                           q.feedback, entry, media))
    for ident, text in option_feedback:
        root.append(_modal(ident, None, text, entry, media))
    used = sorted(_media_in(root, media))
    return BuiltItem(xml_id(q.id), f"items/{xml_id(q.id)}.xml", root, used,
                     INTERACTION[type(q)])


def _media_in(root: etree._Element, media: MediaSet) -> set[str]:
    found = set()
    for img in root.iter(f"{{{NS21}}}img"):
        src = img.get("src", "").removeprefix("../")
        if src in media.files:
            found.add(src)
    return found


def _title(stem: str) -> str:
    text = re.sub(r"[*_`#>\[\]()!]", "", _BLANK.sub("…", " ".join(stem.split())))
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


def _response(cardinality: str, base_type: str, correct: list[str]) -> etree._Element:
    decl = E("responseDeclaration", {"identifier": "RESPONSE", "cardinality": cardinality,
                                     "baseType": base_type})
    decl.append(E("correctResponse", None, *[value(v) for v in correct]))
    return decl


def _choice(identifier: str, text: str, tag: str = "simpleChoice", rewrite=None,
            **attrs) -> etree._Element:
    el = E(tag, {"identifier": identifier, **attrs})
    content = inline_fragment(text, rewrite, namespace=NS21)
    el.text = content.text
    for child in list(content):
        el.append(child)
    return el


def _interaction(q, lang: str, rewrite=None):
    """(declarations, interaction element, correct choice ids)."""
    shuffle = "true" if getattr(q, "shuffle", False) else "false"
    if isinstance(q, ChoiceQuestion):
        keys = [choice_id(i) for i in q.keys]
        single = isinstance(q, SingleChoice)
        decl = _response("single" if single else "multiple", "identifier", keys)
        inter = E("choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": shuffle,
                                        "maxChoices": 1 if single else 0})
        for i, o in enumerate(q.options):
            inter.append(_choice(choice_id(i), o.text, rewrite=rewrite))
        return [decl], inter, keys
    if isinstance(q, TrueFalse):
        yes, no = TRUE_FALSE_LABELS.get(lang, TRUE_FALSE_LABELS["vi"])
        key = "TRUE" if q.answer else "FALSE"
        inter = E("choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false",
                                        "maxChoices": 1},
                  E("simpleChoice", {"identifier": "TRUE"}, text=yes),
                  E("simpleChoice", {"identifier": "FALSE"}, text=no))
        return [_response("single", "identifier", [key])], inter, [key]
    if isinstance(q, TextEntry):
        decl = _response("single", "string", [q.answers[0]])
        mapping = E("mapping", {"defaultValue": 0, "lowerBound": 0, "upperBound": 1})
        for key in q.accepted():
            mapping.append(E("mapEntry", {"mapKey": key, "mappedValue": 1,
                                          "caseSensitive": "true" if q.case_sensitive
                                          else "false"}))
        decl.append(mapping)
        longest = max(len(a) for a in q.answers)
        inter = E("textEntryInteraction", {"responseIdentifier": "RESPONSE",
                                           "expectedLength": max(longest + 5, 10)})
        return [decl], inter, []
    if isinstance(q, Ordering):
        order = [f"I{i + 1}" for i in range(len(q.items))]
        inter = E("orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"})
        for i in display_order(q.id, q.items):  # never in key order, even unshuffled
            inter.append(_choice(order[i], q.items[i]))
        return [_response("ordered", "identifier", order)], inter, []
    if isinstance(q, Matching):
        pairs = [f"L{i + 1} R{i + 1}" for i in range(len(q.pairs))]
        inter = E("matchInteraction", {"responseIdentifier": "RESPONSE", "shuffle": shuffle,
                                       "maxAssociations": len(q.pairs)})
        left = E("simpleMatchSet")
        right = E("simpleMatchSet")
        rights = [(f"R{i + 1}", p.right) for i, p in enumerate(q.pairs)]
        rights += [(f"D{i + 1}", d) for i, d in enumerate(q.distractors)]
        for i, p in enumerate(q.pairs):
            left.append(_choice(f"L{i + 1}", p.left, "simpleAssociableChoice", matchMax="1"))
        for i in display_order(q.id, [text for _, text in rights]):  # not in key order
            right.append(_choice(rights[i][0], rights[i][1], "simpleAssociableChoice",
                                 matchMax="1"))
        inter.append(left)
        inter.append(right)
        return [_response("multiple", "directedPair", pairs)], inter, []
    raise TypeError(f"no QTI mapping for {type(q).__name__}")


_TEMPLATES: dict[tuple, etree._Element] = {}


def _template(key: tuple, make) -> etree._Element:
    """A copy of a part that is the same in many items (outcomes, response processing): lxml
    copies a subtree faster than it builds one element by element."""
    el = _TEMPLATES.get(key)
    if el is None:
        el = _TEMPLATES[key] = make()
    return deepcopy(el)


def _processing(mapped: bool, has_feedback: bool, option_feedback: bool) -> etree._Element:
    if not has_feedback:
        name = "map_response" if mapped else "match_correct"
        return E("responseProcessing", {"template": TEMPLATE_21 + name})
    if mapped:
        condition = E("responseCondition", None,
                      E("responseIf", None, E("isNull", None, var("RESPONSE")),
                        set_outcome("SCORE", base("float", 0))),
                      E("responseElse", None,
                        set_outcome("SCORE", E("mapResponse", {"identifier": "RESPONSE"}))))
    else:
        condition = E("responseCondition", None,
                      E("responseIf", None,
                        E("match", None, var("RESPONSE"), E("correct", {"identifier": "RESPONSE"})),
                        set_outcome("SCORE", base("float", 1))),
                      E("responseElse", None, set_outcome("SCORE", base("float", 0))))
    shown = E("multiple", None, base("identifier", EXPLANATION))
    if option_feedback:
        shown.append(var("RESPONSE"))
    return E("responseProcessing", None, condition, set_outcome("FEEDBACK", shown))


def _modal(identifier: str, title: str | None, text: str, entry: QuestionEntry,
           media: MediaSet) -> etree._Element:
    el = E("modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": identifier,
                             "showHide": "show", "title": title})
    content = fragment(text, media.rewriter(entry.path.parent, prefix="../"), NS21)
    el.text = content.text
    for child in list(content):
        el.append(child)
    return el


def _place_inline(stem: etree._Element, interaction: etree._Element) -> None:
    """Put a text-entry box where the stem has a blank (___), or in a paragraph of its own."""
    for el in stem.iter():
        for attr in ("text", "tail"):
            text = getattr(el, attr)
            if el is stem and attr == "tail":
                continue
            match = _BLANK.search(text or "")
            if not match or (attr == "text" and el.tag.split("}")[-1] not in
                             ("p", "li", "td", "th", "em", "strong", "span")):
                continue
            before, after = text[:match.start()], text[match.end():]
            setattr(el, attr, before)
            interaction.tail = after
            if attr == "text":
                el.insert(0, interaction)
            else:
                parent = el.getparent()
                if parent.tag.split("}")[-1] not in ("p", "li", "td", "th", "em", "strong",
                                                      "span"):
                    setattr(el, attr, text)
                    interaction.tail = None
                    continue
                parent.insert(parent.index(el) + 1, interaction)
            return
    stem.append(E("p", None, interaction))
