"""Tests: one per lesson checkpoint, and the final test with QTI's own random selection.

The final test keeps every pool question in its section and lets the delivery platform draw
`select` of them per learner (`selection`) in a random order (`ordering`). SCORE sums the items
presented; PASS compares it with the pass threshold as a share of the questions drawn.
Test-level attempts are not a QTI concept: they travel in course.json and the OLX export.
"""

from __future__ import annotations

from lxml import etree

from qbank.export.identifiers import checkpoint_id, xml_id
from qbank.export.qti.xml import SCHEMA_LOCATION_21, XSI, E, base, outcome, set_outcome
from qbank.model.course import Final
from qbank.resolve.project import CourseEntry, Project
from qbank.version import __version__


def _test(identifier: str, title: str) -> etree._Element:
    root = E("assessmentTest", {"identifier": identifier, "title": title, "toolName": "qbank",
                                "toolVersion": __version__})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION_21)
    return root


def _item_ref(qid: str) -> etree._Element:
    return E("assessmentItemRef", {"identifier": xml_id(qid), "href": f"../items/{xml_id(qid)}.xml"})


def _total_score() -> etree._Element:
    return E("sum", None, E("testVariables", {"variableIdentifier": "SCORE"}))


def checkpoint_tests(project: Project, course: CourseEntry, lang: str = "vi"):
    """(identifier, href, root, item ids) for each checkpoint of the course."""
    for cp in course.course.checkpoints:
        lesson = course.lesson(cp.after)
        title = lesson.meta.title if lesson else cp.after
        ident = xml_id(checkpoint_id(cp.after))
        qids = [qid for qid in cp.questions if qid in project.questions]
        root = _test(ident, f"Kiểm tra nhanh: {title}" if lang == "vi" else f"Checkpoint: {title}")
        root.append(outcome("SCORE", "float", default=0))
        part = E("testPart", {"identifier": "P1", "navigationMode": "linear",
                              "submissionMode": "individual"},
                 E("itemSessionControl", {"showFeedback": "true", "allowReview": "true"}))
        section = E("assessmentSection", {"identifier": "S1", "title": title, "visible": "true"})
        for qid in qids:
            section.append(_item_ref(qid))
        part.append(section)
        root.append(part)
        root.append(E("outcomeProcessing", None, set_outcome("SCORE", _total_score())))
        yield ident, f"tests/{ident}.xml", root, qids


def final_test(project: Project, course: CourseEntry, threshold: float | None,
               time_limit: int | None):
    """(identifier, href, root, item ids) of the course's final test."""
    final: Final = course.course.final
    ident = xml_id(final.id)
    root = _test(ident, final.title)
    total = sum(s.select for s in final.sections)
    root.append(outcome("SCORE", "float", default=0))
    root.append(outcome("MAXSCORE", "float", default=total))
    if threshold is not None:
        root.append(outcome("PASS", "boolean", default="false"))
    if time_limit:
        root.append(E("timeLimits", {"maxTime": time_limit * 60}))
    part = E("testPart", {"identifier": "P1", "navigationMode": "nonlinear",
                          "submissionMode": "simultaneous"},
             E("itemSessionControl", {"maxAttempts": 1, "showFeedback": "false",
                                      "allowReview": "true"}))
    qids: list[str] = []
    for section in final.sections:
        el = E("assessmentSection", {"identifier": xml_id(section.id),
                                     "title": section.title or section.id, "visible": "true"},
               E("selection", {"select": section.select}),
               E("ordering", {"shuffle": "true" if final.shuffle else "false"}))
        for entry in project.pool(section.pool):
            el.append(_item_ref(entry.id))
            qids.append(entry.id)
        part.append(el)
    root.append(part)
    processing = E("outcomeProcessing", None, set_outcome("SCORE", _total_score()))
    if threshold is not None:
        processing.append(set_outcome("PASS", E("gte", None, _total_score(),
                                                base("float", round(total * threshold / 100, 4)))))
    root.append(processing)
    return ident, f"tests/{ident}.xml", root, qids
