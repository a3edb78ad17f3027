"""One assessmentItem per question, in QTI 2.1 vocabulary.

Scoring is all-or-nothing (1 point) for every type, text entry excepted (a mapping of accepted
answers). Standard response-processing templates are used when a question has no feedback;
with feedback, explicit processing does the same scoring and also sets FEEDBACK so that the
explanation (and a chosen option's own feedback) is shown as modal feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from qbank.export.identifiers import choice_id, display_order, xml_id
from qbank.export.media import MediaSet
from qbank.export.qti.parts import base, outcome, set_outcome, value, var
from qbank.export.qti.serialise import Markup, Node, document, escaped, fixed, node
from qbank.export.qti.xml import TEMPLATE_21
from qbank.model.question import (
    ChoiceQuestion,
    Matching,
    MultipleResponse,
    Ordering,
    SingleChoice,
    TextEntry,
    TrueFalse,
)
from qbank.render.xhtml import fragment, markdown_to_xhtml, to_markup
from qbank.resolve.project import QuestionEntry
from qbank.version import __version__

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
    root: Node
    media: list[str]  # package paths of the media it uses
    interaction: str
    title: str
    lang: str

    def xml(self, version: str) -> bytes:
        """The item file in QTI "2.1" or "3.0"."""
        return document(self.root, version, self.lang)


def build_item(entry: QuestionEntry, media: MediaSet, lang: str = "vi") -> BuiltItem:
    q = entry.q
    used: set[str] = set()
    base_rewrite = media.rewriter(entry.path.parent, prefix="../")

    def rewrite(src: str) -> str | None:
        new = base_rewrite(src)
        if new:
            used.add(new.removeprefix("../"))
        return new

    def xhtml(value: str, inline: bool = False) -> Markup:
        return Markup(markdown_to_xhtml(value, rewrite, inline))

    body: list = []
    for m in q.media:
        name = media.add(m.src, entry.path.parent)
        if name:
            used.add(name)
            body.append(node("p", None, node("img", {"src": f"../{name}", "alt": m.alt})))
    declarations, interaction = _interaction(q, lang, xhtml)
    if isinstance(q, TextEntry):
        body[:0] = _stem_with_blank(q.stem, rewrite, interaction)
    else:
        body.insert(0, xhtml(q.stem))
        body.append(interaction)

    option_feedback = [(choice_id(i), o.feedback) for i, o in enumerate(getattr(q, "options", []))
                       if o.feedback]
    has_feedback = bool(q.feedback or option_feedback)
    parts = [*declarations, _SCORE, _MAXSCORE]
    if has_feedback:
        parts.append(_FEEDBACK)
    parts.append(node("itemBody", None, *body))
    parts.append(_processing(isinstance(q, TextEntry), has_feedback, bool(option_feedback)))
    if q.feedback:
        parts.append(node("modalFeedback", {
            "outcomeIdentifier": "FEEDBACK", "identifier": EXPLANATION, "showHide": "show",
            "title": "Giải thích" if lang == "vi" else "Explanation"}, xhtml(q.feedback)))
    for ident, said in option_feedback:
        parts.append(node("modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": ident,
                                            "showHide": "show"}, xhtml(said)))
    title = _title(q.stem)
    ident = xml_id(q.id)
    root = node("assessmentItem", {
        "identifier": ident, "title": title, "adaptive": "false", "timeDependent": "false",
        "toolName": "qbank", "toolVersion": __version__}, *parts)
    return BuiltItem(ident, f"items/{ident}.xml", root, sorted(used & set(media.files)),
                     INTERACTION[type(q)], title, lang)


def _title(stem: str) -> str:
    text = re.sub(r"[*_`#>\[\]()!]", "", _BLANK.sub("…", " ".join(stem.split())))
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


_SCORE = fixed(outcome("SCORE", "float", default=0))
_MAXSCORE = fixed(outcome("MAXSCORE", "float", default=1))
_FEEDBACK = fixed(outcome("FEEDBACK", "identifier", "multiple"))


def _response(cardinality: str, base_type: str, correct: list[str], *more) -> Node:
    return node("responseDeclaration", {"identifier": "RESPONSE", "cardinality": cardinality,
                                        "baseType": base_type},
                node("correctResponse", None, *[value(v) for v in correct]), *more)


def _interaction(q, lang: str, xhtml) -> tuple[list[Node], Node]:
    """(declarations, interaction)."""
    shuffle = "true" if getattr(q, "shuffle", False) else "false"
    if isinstance(q, ChoiceQuestion):
        keys = [choice_id(i) for i in q.keys]
        single = isinstance(q, SingleChoice)
        return [_response("single" if single else "multiple", "identifier", keys)], node(
            "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": shuffle,
                                  "maxChoices": 1 if single else 0},
            *[node("simpleChoice", {"identifier": choice_id(i)}, xhtml(o.text, True))
              for i, o in enumerate(q.options)])
    if isinstance(q, TrueFalse):
        yes, no = TRUE_FALSE_LABELS.get(lang, TRUE_FALSE_LABELS["vi"])
        key = "TRUE" if q.answer else "FALSE"
        return [_response("single", "identifier", [key])], node(
            "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false",
                                  "maxChoices": 1},
            node("simpleChoice", {"identifier": "TRUE"}, escaped(yes)),
            node("simpleChoice", {"identifier": "FALSE"}, escaped(no)))
    if isinstance(q, TextEntry):
        case = "true" if q.case_sensitive else "false"
        mapping = node("mapping", {"defaultValue": 0, "lowerBound": 0, "upperBound": 1},
                       *[node("mapEntry", {"mapKey": key, "mappedValue": 1,
                                           "caseSensitive": case}) for key in q.accepted()])
        longest = max(len(a) for a in q.answers)
        return [_response("single", "string", [q.answers[0]], mapping)], node(
            "textEntryInteraction", {"responseIdentifier": "RESPONSE",
                                     "expectedLength": max(longest + 5, 10)})
    if isinstance(q, Ordering):
        order = [f"I{i + 1}" for i in range(len(q.items))]
        return [_response("ordered", "identifier", order)], node(
            "orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"},
            *[node("simpleChoice", {"identifier": order[i]}, xhtml(q.items[i], True))
              for i in display_order(q.id, q.items)])  # never in key order, even unshuffled
    if isinstance(q, Matching):
        pairs = [f"L{i + 1} R{i + 1}" for i in range(len(q.pairs))]
        rights = [(f"R{i + 1}", p.right) for i, p in enumerate(q.pairs)]
        rights += [(f"D{i + 1}", d) for i, d in enumerate(q.distractors)]
        choice = lambda ident, value: node(  # noqa: E731
            "simpleAssociableChoice", {"identifier": ident, "matchMax": "1"}, xhtml(value, True))
        left = node("simpleMatchSet", None,
                    *[choice(f"L{i + 1}", p.left) for i, p in enumerate(q.pairs)])
        right = node("simpleMatchSet", None,
                     *[choice(*rights[i]) for i in display_order(q.id, [t for _, t in rights])])
        return [_response("multiple", "directedPair", pairs)], node(
            "matchInteraction", {"responseIdentifier": "RESPONSE", "shuffle": shuffle,
                                 "maxAssociations": len(q.pairs)}, left, right)
    raise TypeError(f"no QTI mapping for {type(q).__name__}")


def _processing(mapped: bool, has_feedback: bool, option_feedback: bool) -> Node:
    key = (mapped, has_feedback, option_feedback)
    found = _PROCESSING.get(key)
    if found is None:
        found = _PROCESSING[key] = fixed(_make_processing(*key))
    return found


_PROCESSING: dict[tuple, Node] = {}


def _make_processing(mapped: bool, has_feedback: bool, option_feedback: bool) -> Node:
    if not has_feedback:
        name = "map_response" if mapped else "match_correct"
        return node("responseProcessing", {"template": TEMPLATE_21 + name})
    if mapped:
        condition = node("responseCondition", None,
                         node("responseIf", None, node("isNull", None, var("RESPONSE")),
                              set_outcome("SCORE", base("float", 0))),
                         node("responseElse", None,
                              set_outcome("SCORE", node("mapResponse", {"identifier": "RESPONSE"}))))
    else:
        condition = node("responseCondition", None,
                         node("responseIf", None,
                              node("match", None, var("RESPONSE"),
                                   node("correct", {"identifier": "RESPONSE"})),
                              set_outcome("SCORE", base("float", 1))),
                         node("responseElse", None, set_outcome("SCORE", base("float", 0))))
    shown = node("multiple", None, base("identifier", EXPLANATION),
                 var("RESPONSE") if option_feedback else None)
    return node("responseProcessing", None, condition, set_outcome("FEEDBACK", shown))


_SLOT = "qbank-interaction"  # marks where the text-entry box goes while the stem is a tree


def _stem_with_blank(stem: str, rewrite, interaction: Node) -> list:
    """The stem's content with the text-entry box where the stem has a blank (___), or in a
    paragraph of its own: XHTML before it, the interaction, XHTML after it."""
    root = fragment(stem, rewrite)
    _place_inline(root, etree.Element(_SLOT))
    before, after = to_markup(root).split(f"<{_SLOT}/>")
    return [Markup(before), interaction, Markup(after)]


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
    etree.SubElement(stem, "p").append(interaction)
