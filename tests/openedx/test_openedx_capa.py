"""The OLX export tried where it lands: Open edX's own CAPA code (PyPI xblocks-contrib, the
ProblemBlock's parser, renderer and grader) on every problem of the repository's courses, the
final test's pools as the LMS draws them, and in-video quizzes as the invideoquiz XBlock finds
their parts."""

from __future__ import annotations

import gettext
import json
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import fs.memoryfs
import invideoquiz
import pytest
from django.template.loader import get_template
from lxml import etree, html
from xblock.test.toy_runtime import ToyRuntime
from xblocks_contrib.problem.capa.capa_problem import LoncapaProblem, LoncapaSystem

import qbank
from qbank.export.bundle import build as build_bundles
from qbank.model.question import (
    Matching,
    MultipleResponse,
    Ordering,
    SingleChoice,
    TextEntry,
    TrueFalse,
)
from qbank.render.xhtml import fragment

from helpers import REPO

COURSES = sorted(p.parent.name for p in (REPO / "courses").glob("*/course.yaml"))


class _Block:
    """What LoncapaProblem asks of its host ProblemBlock: a location and runtime.publish."""

    location = "block-v1:TEST+COURSE+RUN+type@problem+block@p"

    def __init__(self):
        self.runtime = self
        self.events = []

    def publish(self, block, event_type, data):
        self.events.append(event_type)


def _system() -> LoncapaSystem:
    return LoncapaSystem(
        ajax_url="/handler", anonymous_student_id="learner", cache=None,
        can_execute_unsafe_code=lambda: False, get_python_lib_zip=lambda: None, DEBUG=False,
        i18n=gettext.NullTranslations(),
        render_template=lambda name, context: get_template(name).render(context),
        resources_fs=fs.memoryfs.MemoryFS(), seed=1, xqueue=None)


def _problem(xml: bytes, seed: int = 1) -> LoncapaProblem:
    return LoncapaProblem(xml.decode("utf-8"), id="p", capa_system=_system(),
                          capa_block=_Block(), seed=seed)


@dataclass
class Course:
    """One exported course, walked like Open edX's importer walks the OLX tree."""

    root: Path
    problems: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # url -> (qid, xml)
    pools: list[tuple[str, int, list[str]]] = field(default_factory=list)  # tag, max_count, urls
    units: list[list[tuple[str, str]]] = field(default_factory=list)  # [(tag, url_name)]
    quizzes: list[tuple[int, dict, str]] = field(default_factory=list)  # unit, timemap, video
    org: str = ""
    code: str = ""
    run: str = ""

    def read(self, tag: str, url: str) -> etree._Element:
        return etree.parse(str(self.root / tag / f"{url}.xml")).getroot()

    def key(self, tag: str, url: str) -> str:
        return f"block-v1:{self.org}+{self.code}+{self.run}+type@{tag}+block@{url}"


def _walk(root: Path) -> Course:
    course = Course(root)
    top = etree.parse(str(root / "course.xml")).getroot()
    course.org, course.code, course.run = top.get("org"), top.get("course"), top.get("url_name")
    for chapter in course.read("course", course.run):
        for seq in course.read("chapter", chapter.get("url_name")):
            for vert in course.read("sequential", seq.get("url_name")):
                unit = []
                for child in course.read("vertical", vert.get("url_name")):
                    tag, url = child.tag, child.get("url_name")
                    unit.append((tag, url))
                    if tag in ("library_content", "itembank"):
                        block = course.read(tag, url)
                        course.pools.append((tag, int(block.get("max_count")),
                                             [c.get("url_name") for c in block]))
                    if tag == "invideoquiz":
                        block = course.read(tag, url)
                        course.quizzes.append((len(course.units), json.loads(
                            block.get("timemap")), block.get("video_id")))
                course.units.append(unit)
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The repository's courses built once; {course id: Course} with each problem's question."""
    out = tmp_path_factory.mktemp("openedx")
    project = qbank.load_project(REPO)
    result = build_bundles(project, out / "dist", ["olx"], cache=False)  # this code, no cache
    assert result.ok, [d.message("en") for d in result.diagnostics if d.severity == "error"]
    courses = {}
    for entry in project.courses:
        folder = out / entry.id
        with tarfile.open(out / f"dist/{entry.id}-{entry.course.version}/olx/{entry.id}.tar.gz"
                          ) as tar:
            tar.extractall(folder, filter="data")
        course = _walk(folder / "course")
        # the writer's url_names: "<lesson>--<q>" (checkpoints), "<lesson>-q<n>-<q>" (in the
        # video), "<section>--<q>" (final pools)
        for path in sorted((folder / "course/problem").glob("*.xml")):
            url = path.stem
            qid = url.split("--", 1)[1] if "--" in url else re.sub(r"^.*?-q\d+-", "", url, count=1)
            assert qid in project.questions, url
            course.problems[url] = (qid, path.read_bytes())
        courses[entry.id] = (course, project)
    return courses


def _answers(p: LoncapaProblem) -> list[str]:
    return [aid for responder in p.responders.values() for aid in responder.answer_ids]


def _key_and_wrong(q, ids: list[str]) -> tuple[dict, list[dict], dict]:
    """The qbank key as Open edX input values; wrong answers (each a single wrong option, or
    every position wrong); a blank submission."""
    if isinstance(q, (SingleChoice, TrueFalse)):
        (aid,) = ids
        keys = [0 if q.answer else 1] if isinstance(q, TrueFalse) else q.keys
        count = 2 if isinstance(q, TrueFalse) else len(q.options)
        return ({aid: f"choice_{keys[0]}"},
                [{aid: f"choice_{i}"} for i in range(count) if i not in keys], {aid: ""})
    if isinstance(q, MultipleResponse):
        (aid,) = ids
        return ({aid: [f"choice_{i}" for i in q.keys]},
                [{aid: [f"choice_{i}"]} for i in range(len(q.options)) if i not in q.keys],
                {aid: []})
    if isinstance(q, TextEntry):
        (aid,) = ids
        return ({aid: q.answers[0]}, [{aid: "không biết"}], {aid: ""})
    if isinstance(q, Ordering):
        texts = list(q.items)
    else:
        texts = [p.right for p in q.pairs]
    assert len(ids) == len(texts)
    shifted = texts[1:] + texts[:1]  # every position answered with another position's item
    return (dict(zip(ids, texts, strict=True)), [dict(zip(ids, shifted, strict=True))],
            dict.fromkeys(ids, ""))


def _possible(xml: bytes, p: LoncapaProblem) -> float:
    """Points a problem is worth in the gradebook: ProblemBlock's `weight` field when set,
    else CAPA's max score (ProblemBlock.get_progress; weighted_score in lms grades)."""
    weight = etree.fromstring(xml).get("weight")
    return float(weight) if weight is not None else float(p.get_max_score())


def _points(xml: bytes, answers: dict) -> float:
    p = _problem(xml)
    score = p.calculate_score(p.grade_answers(answers))
    return score["score"] * _possible(xml, p) / score["total"]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


@pytest.mark.parametrize("course_id", COURSES)
def test_every_problem_scores_the_qbank_key_full_and_wrong_or_blank_zero(built, course_id):
    course, project = built[course_id]
    assert course.problems
    for url, (qid, xml) in course.problems.items():
        q = project.questions[qid].q
        p = _problem(xml)
        key, wrong, blank = _key_and_wrong(q, _answers(p))
        worth = _possible(xml, p)
        assert worth == 1, url
        assert _points(xml, key) == worth, url
        for answers in wrong:
            assert _points(xml, answers) == 0, (url, answers)
        assert _points(xml, blank) == 0, url
        if isinstance(q, TextEntry):
            for accepted in q.accepted():
                assert _points(xml, {_answers(p)[0]: accepted}) == worth, (url, accepted)


@pytest.mark.parametrize("course_id", COURSES)
def test_every_input_is_named_by_its_question(built, course_id):
    """Rendered by Open edX, each input has an accessible name: the stem's question sentence
    (its <legend> or <label>), or the position / left-hand item of a dropdown."""
    course, project = built[course_id]
    for url, (qid, xml) in course.problems.items():
        q = project.questions[qid].q
        p = _problem(xml)
        page = html.fromstring(p.get_html())
        stem = _text(fragment(q.stem))
        expected = ([f"Vị trí {i + 1}" for i in range(len(q.items))] if isinstance(q, Ordering)
                    else [_text(fragment(pair.left)) for pair in q.pairs]
                    if isinstance(q, Matching) else None)
        for n, aid in enumerate(_answers(p)):
            named = page.xpath(f'//legend[@id="{aid}-legend"] | //label[@for="input_{aid}"]')
            assert named, (url, aid)
            name = _text(named[0])
            if expected is None:
                assert name and name in stem, (url, name)
            else:
                assert name == expected[n], (url, name)


@pytest.mark.parametrize("course_id", COURSES)
def test_possible_total_is_the_same_whatever_is_drawn(built, course_id):
    course, project = built[course_id]
    assert course.pools
    total = 0.0
    for tag, count, urls in course.pools:
        assert tag == "library_content"
        worth = {_possible(course.problems[u][1], _problem(course.problems[u][1])) for u in urls}
        assert worth == {1.0}, urls  # any `count` of them: the same points
        assert len(urls) >= count
        total += count
    sections = next(e for e in project.courses if e.id == course_id).course.final.sections
    assert total == sum(s.select for s in sections)


INVIDEOQUIZ_JS = Path(invideoquiz.__file__).parent / "public/js/src/invideoquiz.js"


def _xblock_matches(key: str, ident: str) -> bool:
    """invideoquiz.js (openedx/xblock-in-video-quiz): `setUpStudentView` takes a component for
    the video, or for a question, when `component.data('id').indexOf(id) !== -1`: a substring
    of the component's usage key."""
    return ident in key


def test_the_xblock_still_matches_ids_by_substring():
    """The rule above is the installed XBlock's: every id test in its script is an indexOf."""
    script = INVIDEOQUIZ_JS.read_text(encoding="utf-8")
    assert re.search(r"data\('id'\)\.indexOf\(videoId\) !== -1", script)
    assert re.search(r"\.indexOf\(componentId\) !== -1", script)
    assert "data('id') ==" not in script


def _xblock_config(xml: bytes) -> tuple[str, dict]:
    """(video id, timemap) as the invideoquiz XBlock's student view hands them to its script."""
    runtime = ToyRuntime()
    block = runtime.get_block(runtime.parse_xml_string(xml.decode("utf-8")))
    fragment_ = block.student_view({})
    config = "".join(r.data for r in fragment_.resources if r.kind == "text")
    video = re.search(r"var videoId = '([^']*)';", config).group(1)
    timemap = json.loads(re.search(r"JSON\.parse\(`(.*?)`\)", config, re.S).group(1))
    return video, timemap


def _check_quiz_unit(course: Course, unit: list[tuple[str, str]], timemap: dict, video: str):
    keys = {url: course.key(tag, url) for tag, url in unit}
    assert [u for u, k in keys.items() if _xblock_matches(k, video)] == [video]
    for second, problem_id in timemap.items():
        assert [u for u, k in keys.items() if _xblock_matches(k, problem_id)] == [problem_id], (
            second)


BANK = """
questions:
  - {id: otp, type: true_false, stem: OTP là mật khẩu dùng một lần?, skills: ["4.2"], level: 1,
     answer: true}
  - {id: otp-2, type: true_false, stem: Có được đọc mã OTP cho người lạ?, skills: ["4.2"],
     level: 1, answer: false}
  - {id: bai-video, type: true_false, stem: Video có phụ đề?, skills: ["4.2"], level: 1,
     answer: true}
"""
LESSON = """---
id: bai
title: Bài học có video
skills: ["4.2"]
video:
  youtube_id: abcdefghijk
  quiz:
    - {at: 30, question: otp-2}
    - {at: 10, question: otp}
    - {at: 50, question: bai-video}
---

Nội dung bài học.
"""
COURSE = """
id: khoa
title: Khóa học thử
audience: nguoi-dan
code: KHOA
run: "2026"
start: 2026-01-01
end: 2026-12-31
lessons: [lessons/01-bai.md]
"""


def test_question_ids_that_contain_one_another_stay_apart(tmp_path, project_at):
    """Question ids where one contains another ('otp', 'otp-2') and a question named like the
    video: the old names made invideoquiz.js match the wrong component, or none."""
    project, _ = project_at({"question_banks/them/cau-hoi.yaml": BANK,
                             "courses/khoa/course.yaml": COURSE,
                             "courses/khoa/lessons/01-bai.md": LESSON})
    result = qbank.build(project, tmp_path / "dist", ["olx"])
    assert result.ok, [d.message("en") for d in result.diagnostics]
    with tarfile.open(tmp_path / "dist/khoa-1.0/olx/khoa.tar.gz") as tar:
        tar.extractall(tmp_path / "olx", filter="data")
    course = _walk(tmp_path / "olx/course")
    [(index, timemap, video)] = course.quizzes
    [quiz] = [url for tag, url in course.units[index] if tag == "invideoquiz"]
    assert _xblock_config((tmp_path / f"olx/course/invideoquiz/{quiz}.xml").read_bytes()) == (
        video, timemap)
    assert sorted(timemap) == ["10", "30", "50"]
    _check_quiz_unit(course, course.units[index], timemap, video)
    for problem_id in timemap.values():  # each question still parses and grades in Open edX
        xml = (tmp_path / f"olx/course/problem/{problem_id}.xml").read_bytes()
        p = _problem(xml)
        assert _possible(xml, p) == 1 and xml.count(b"max_attempts") == 0
