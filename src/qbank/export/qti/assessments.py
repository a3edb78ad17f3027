"""Tests: one per lesson checkpoint, and the final test with QTI's own random selection.

The final test keeps every pool question in its section and lets the delivery platform draw
`select` of them per learner (`selection`) in a random order (`ordering`). SCORE sums the items
presented; PASS compares it with the pass threshold as a share of the questions drawn.
Test-level attempts are not a QTI concept: they travel in course.json and the OLX export.
"""

from __future__ import annotations

from qbank.export.identifiers import checkpoint_id, xml_id
from qbank.export.qti.parts import base, outcome, set_outcome
from qbank.export.qti.serialise import Node, node
from qbank.model.course import Final
from qbank.resolve.project import CourseEntry, Project
from qbank.version import __version__


def _test(identifier: str, title: str, *parts) -> Node:
    return node("assessmentTest", {"identifier": identifier, "title": title, "toolName": "qbank",
                                   "toolVersion": __version__}, *parts)


def _item_ref(qid: str) -> Node:
    return node("assessmentItemRef", {"identifier": xml_id(qid),
                                      "href": f"../items/{xml_id(qid)}.xml"})


def _total_score() -> Node:
    return node("sum", None, node("testVariables", {"variableIdentifier": "SCORE"}))


def checkpoint_tests(project: Project, course: CourseEntry, lang: str = "vi"):
    """(identifier, href, root, item ids, title) for each checkpoint of the course."""
    for cp in course.course.checkpoints:
        lesson = course.lesson(cp.after)
        title = lesson.meta.title if lesson else cp.after
        ident = xml_id(checkpoint_id(cp.after))
        qids = [qid for qid in cp.questions if qid in project.questions]
        test_title = f"Kiểm tra nhanh: {title}" if lang == "vi" else f"Checkpoint: {title}"
        part = node("testPart", {"identifier": "P1", "navigationMode": "linear",
                                 "submissionMode": "individual"},
                    node("itemSessionControl", {"showFeedback": "true", "allowReview": "true"}),
                    node("assessmentSection", {"identifier": "S1", "title": title,
                                               "visible": "true"},
                         *[_item_ref(qid) for qid in qids]))
        root = _test(ident, test_title, outcome("SCORE", "float", default=0), part,
                     node("outcomeProcessing", None, set_outcome("SCORE", _total_score())))
        yield ident, f"tests/{ident}.xml", root, qids, test_title


def final_test(project: Project, course: CourseEntry, threshold: float | None,
               time_limit: int | None):
    """(identifier, href, root, item ids, title) of the course's final test."""
    final: Final = course.course.final
    ident = xml_id(final.id)
    total = sum(s.select for s in final.sections)
    declarations = [outcome("SCORE", "float", default=0),
                    outcome("MAXSCORE", "float", default=total)]
    if threshold is not None:
        declarations.append(outcome("PASS", "boolean", default="false"))
    if time_limit:
        declarations.append(node("timeLimits", {"maxTime": time_limit * 60}))
    qids: list[str] = []
    sections = []
    for section in final.sections:
        pool = [entry.id for entry in project.pool(section.pool)]
        qids += pool
        sections.append(node("assessmentSection", {
            "identifier": xml_id(section.id), "title": section.title or section.id,
            "visible": "true"},
            node("selection", {"select": section.select}),
            node("ordering", {"shuffle": "true" if final.shuffle else "false"}),
            *[_item_ref(qid) for qid in pool]))
    part = node("testPart", {"identifier": "P1", "navigationMode": "nonlinear",
                             "submissionMode": "simultaneous"},
                node("itemSessionControl", {"maxAttempts": 1, "showFeedback": "false",
                                            "allowReview": "true"}), *sections)
    processing = node("outcomeProcessing", None, set_outcome("SCORE", _total_score()),
                      set_outcome("PASS", node("gte", None, _total_score(), base(
                          "float", round(total * threshold / 100, 4))))
                      if threshold is not None else None)
    root = _test(ident, final.title, *declarations, part, processing)
    return ident, f"tests/{ident}.xml", root, qids, final.title
