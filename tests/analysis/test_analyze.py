"""`qbank analyze` on reports written the way openedx-platform writes them, for a course qbank
built: planted items of every flag kind are flagged and no clean one is; older and newer
releases, translated CAPA columns, truncated reports, other courses and wrong files are handled
with clear messages.

The reports are generated from the built OLX tarball itself (block keys from its url_names,
columns in its order), as the platform would after importing it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tarfile

import pytest
import yaml
from click.testing import CliRunner
from helpers import write_project
from lxml import etree

import qbank
from qbank.analysis.commands import analyze_command
from qbank.analysis.run import analyze

LEARNERS = [f"0380900000{i:02d}" for i in range(20)]  # usernames are ID numbers, as in Thanh Hóa


def _choice(qid, stem, n=3):
    opts = "\n".join(f"      - {{text: 'Phương án {chr(65 + i)} của {qid}'"
                     f"{', correct: true' if i == 0 else ''}}}" for i in range(n))
    return (f"  - id: {qid}\n    type: single_choice\n    stem: {stem}\n    options:\n{opts}\n"
            f"    skills: ['4.2']\n    level: 2\n    feedback: Giải thích.\n")


BANK = "questions:\n" + "".join([
    _choice("q-tot-mot", "Câu tốt thứ nhất?"),
    _choice("q-tot-hai", "Câu tốt thứ hai?"),
    _choice("q-tot-ba", "Câu tốt thứ ba?"),
    _choice("q-kho", "Câu rất khó?"),
    _choice("q-nguoc", "Câu phân biệt ngược?"),
    _choice("q-chet", "Câu có phương án thừa?", n=4),
    _choice("q-nham", "Câu gây nhầm lẫn?"),
    _choice("q-it", "Câu ít người làm?"),
]) + """  - id: q-de
    type: true_false
    stem: Câu rất dễ.
    answer: true
    skills: ['4.2']
    level: 1
    feedback: Giải thích.
"""

FILES = {
    "question_banks/chung/cau-hoi.yaml": BANK,
    "courses/khoa/course.yaml": """
        id: khoa
        title: Khóa học
        audience: nguoi-dan
        lessons: [lessons/01-bai.md]
        checkpoints:
          - {after: bai, questions: [q-tot-mot]}
        final:
          id: kiem-tra
          sections:
            - {id: phan, select: 9, pool: {banks: [chung]}}
        """,
}

# (question, learner index -> picked option index): who answered what
def _answer(qid: str, i: int) -> int | None:
    wrong = 1 + i % 2  # B or C
    if qid.startswith("q-tot"):
        return 0 if i >= 8 else wrong
    if qid == "q-kho":
        return 0 if i >= 18 else wrong
    if qid == "q-nguoc":  # the weak learners get it right
        return 0 if i < 10 else wrong
    if qid == "q-chet":  # D is never picked
        return 0 if i >= 6 else wrong
    if qid == "q-nham":  # B beats the key
        return 0 if i >= 13 else (1 if i < 9 else 2)
    if qid == "q-de":
        return 0
    if qid == "q-it":
        return 0 if i < 5 else None
    raise AssertionError(qid)


EXPECTED_FLAGS = {
    "q-de": {"too-easy"}, "q-kho": {"too-hard", "distractor-beats-key"},
    "q-nguoc": {"negative-discrimination"},
    "q-chet": {"dead-distractor"}, "q-nham": {"distractor-beats-key"},
    "q-tot-mot": set(), "q-tot-hai": set(), "q-tot-ba": set(), "q-it": set(),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("proj"), FILES)
    project = qbank.load_project(root)
    result = qbank.build(project, root / "dist", ["olx"])
    assert result.ok, [d.message() for d in result.diagnostics if d.severity == "error"]
    tarball = next((root / "dist").glob("khoa-*/olx/khoa.tar.gz"))
    return root, _read_olx(tarball)


def _read_olx(tarball):
    """What the platform gets from the export: course key and, in course order, every
    problem's (url_name, display name, graded) and the question it shows."""
    files = {}
    with tarfile.open(tarball) as tar:
        for m in tar.getmembers():
            if m.isfile():
                files[m.name] = tar.extractfile(m).read()
    course = etree.fromstring(files["course/course.xml"])
    key = f"{course.get('org')}+{course.get('course')}+{course.get('url_name')}"
    problems = []

    def walk(tag, url, graded):
        el = etree.fromstring(files[f"course/{tag}/{url}.xml"])
        if tag == "problem":
            stem = etree.tostring(el, method="text", encoding="unicode")
            qid = next(q for q in EXPECTED_FLAGS if _stem(q) in stem)
            problems.append((url, el.get("display_name"), graded, qid))
            return
        graded = graded or el.get("graded") == "true"
        for child in el:
            if isinstance(child.tag, str) and child.get("url_name"):
                walk(child.tag, child.get("url_name"), graded)

    walk("course", course.get("url_name"), False)
    return {"key": key, "problems": problems,
            "format": next(etree.fromstring(v).get("format") for k, v in files.items()
                           if k.startswith("course/sequential/")
                           and etree.fromstring(v).get("graded") == "true")}


def _stem(qid):
    return next(q["stem"] for q in yaml.safe_load(BANK)["questions"] if q["id"] == qid)


def _state(qid: str, picked: int | None, url: str) -> dict:
    answer_id = f"{url.replace('-', '')}_2_1"
    correct = picked == 0
    if qid == "q-de":
        value = "choice_0"
    else:
        value = f"choice_{picked}"
    return {"correct_map": {answer_id: {"correctness": "correct" if correct else "incorrect",
                                        "npoints": None, "msg": "", "hint": "",
                                        "hintmode": None, "queuestate": None,
                                        "answervariable": None}},
            "student_answers": {answer_id: value}, "input_state": {answer_id: {}},
            "attempts": 1, "seed": 1, "done": True,
            "score": {"raw_earned": 1 if correct else 0, "raw_possible": 1},
            "last_submission_time": "2026-11-20T03:14:15Z"}


def responses_csv(olx, *, release="new", key=None, learners=LEARNERS, translated=False) -> str:
    """A problem responses report as ProblemResponses._build_student_data writes it."""
    key = key or olx["key"]
    capa = (["Câu trả lời", "Mã câu trả lời", "Câu hỏi", "Đáp án đúng"] if translated
            else ["Answer", "Answer ID", "Correct Answer", "Question"])
    if release == "new":
        header = ["username", "title", "location", *capa, "block_key", "state"]
    else:  # before block_key and the correct answer column
        header = ["username", "title", "location", "Answer", "Answer ID", "Question", "state"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for url, title, graded, qid in olx["problems"]:
        if not graded:
            continue
        for i, user in enumerate(learners):
            picked = _answer(qid, i % 20)
            if picked is None:
                continue
            state = json.dumps(_state(qid, picked, url))
            row = {"username": user, "title": title,
                   "location": f"Khóa học > Bài kiểm tra cuối khóa > {title}",
                   "block_key": f"block-v1:{key}+type@problem+block@{url}", "state": state}
            capa_values = [f"Phương án {chr(65 + picked)}", f"{url}_2_1", f"{title}?",
                           "Phương án A"]
            values = [row.get(h, "") for h in header]
            for j, h in enumerate(header):
                if h in capa:
                    values[j] = capa_values[capa.index(h)]
            if release != "new":
                values = [row["username"], title, row["location"], capa_values[0],
                          capa_values[1], capa_values[2], state]
            w.writerow(values)
    return out.getvalue()


def problem_grades_csv(olx, release="new") -> str:
    """A problem grade report as ProblemGradeReport writes it (columns in course order)."""
    graded = [p for p in olx["problems"] if p[2]]
    head = ["Student ID", "Email", "Username"] + (["Enrollment Status"] if release == "new"
                                                   else []) + ["Grade"]
    for _, title, _, _ in graded:
        name = f"{olx['format']} 1: Bài kiểm tra cuối khóa - {title}"
        head += [f"{name} (Earned)", f"{name} (Possible)"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(head)
    for i, user in enumerate(LEARNERS):
        row = [100 + i, f"hv{i}@example.gov.vn", user] + (["enrolled"] if release == "new"
                                                           else []) + [0.5]
        for _, _, _, qid in graded:
            picked = _answer(qid, i)
            row += (["Not Attempted", 1.0] if picked is None else
                    [1.0 if picked == 0 else 0.0, 1.0])
        w.writerow(row)
    return out.getvalue()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _flags(result):
    return {it.id: set(it.flags) for it in result.items}


@pytest.mark.parametrize("translated", [False, True], ids=["english", "vietnamese-capa"])
def test_planted_items_are_flagged_and_clean_ones_are_not(built, tmp_path, translated):
    root, olx = built
    path = _write(tmp_path, "student_state.csv", responses_csv(olx, translated=translated))
    result = analyze(qbank.load_project(root), [path])
    assert [d.code.id for d in result.diagnostics] == []
    assert _flags(result) == EXPECTED_FLAGS
    by_id = {it.id: it for it in result.items}
    assert by_id["q-tot-mot"].n == 20 and by_id["q-tot-mot"].p == pytest.approx(0.6)
    assert by_id["q-nguoc"].discrimination < 0 < by_id["q-tot-hai"].discrimination
    assert [(o.id, o.picked) for o in by_id["q-chet"].options] == [
        ("A", 14), ("B", 3), ("C", 3), ("D", 0)]
    assert by_id["q-it"].n == 5 and by_id["q-it"].flags == []  # under 15 respondents
    assert result.learners == 20 and result.course == "khoa"


def test_older_release_without_block_keys_maps_by_title(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "old.csv", responses_csv(olx, release="old"))
    result = analyze(qbank.load_project(root), [path], course_id="khoa")
    assert _flags(result) == EXPECTED_FLAGS


@pytest.mark.parametrize("release", ["new", "old"])
def test_problem_grade_report_alone_gives_difficulty(built, tmp_path, release):
    root, olx = built
    path = _write(tmp_path, "grades.csv", problem_grades_csv(olx, release))
    result = analyze(qbank.load_project(root), [], problem_grades=path, course_id="khoa")
    assert [d.code.id for d in result.diagnostics] == []
    flags = _flags(result)
    # no option counts without the responses report: the distractor flags cannot be raised
    assert flags["q-de"] == {"too-easy"} and "too-hard" in flags["q-kho"]
    assert flags["q-nguoc"] == {"negative-discrimination"}
    assert all(not flags[q] for q in ("q-tot-mot", "q-tot-hai", "q-tot-ba", "q-chet", "q-it"))


def test_json_output_shape(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                               "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) >= {"items", "skipped"}
    item = next(i for i in data["items"] if i["id"] == "q-chet")
    assert {k for k in item} >= {"id", "bank", "n", "p", "discrimination", "options", "flags"}
    assert item["flags"] == ["dead-distractor"] and item["bank"] == "chung"
    assert item["options"][3] == {"id": "D", "text": "Phương án D của q-chet", "correct": False,
                                  "picked": 0}


def test_report_of_another_course_is_refused(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "other.csv", responses_csv(olx, key="SOYTE+khac+2026"))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path)])
    assert res.exit_code == 1
    assert "lỗi[QB1311] báo cáo của khóa học course-v1:SOYTE+khac+2026, không phải của 'khoa'" \
        in res.output


def test_wrong_kind_of_file(built, tmp_path):
    root, olx = built
    grades = _write(tmp_path, "grade_report.csv", problem_grades_csv(olx))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(grades)])
    assert res.exit_code == 1 and "lỗi[QB1302]" in res.output
    assert ("tệp này là báo cáo điểm từng câu (Problem Grade Report), không phải báo cáo câu trả "
            "lời (Problem Responses)") in res.output
    assert "Traceback" not in res.output


def test_truncated_report_is_warned(built, tmp_path):
    root, olx = built
    many = [f"hv{i:05d}" for i in range(700)]  # 700 learners, 9 graded problems: > 5,000 rows
    text = responses_csv(olx, learners=many)
    lines = text.splitlines(keepends=True)
    path = _write(tmp_path, "big.csv", "".join(lines[:5001]))  # the platform stops at 5,000
    result = analyze(qbank.load_project(root), [path])
    assert [(d.code.id, d.pos.line) for d in result.diagnostics] == [("QB1303", 5001)]
    assert "đúng giới hạn của nền tảng: có thể đã bị cắt bớt" in result.diagnostics[0].message()


def test_unmapped_rows_are_reported_not_fatal(built, tmp_path):
    root, olx = built
    text = responses_csv(olx)
    extra = f"'0380900000099',Khảo sát,Khóa học > Khảo sát,,,,,block-v1:{olx['key']}+type@" \
            "problem+block@khao-sat-tu-them,\"{\"\"attempts\"\": 1}\"\n"
    path = _write(tmp_path, "r.csv", text + extra)
    result = analyze(qbank.load_project(root), [path])
    assert [d.code.id for d in result.diagnostics] == ["QB1312"]
    assert result.skipped[0]["block_key"].endswith("block@khao-sat-tu-them")
    assert _flags(result) == EXPECTED_FLAGS


@pytest.mark.parametrize("content,reason", [
    (b"", "tệp rỗng"), (b"\xff\xfe\x00u\x00s", "không phải UTF-8"),
    ("username,state\nan,{broken\n".encode(), None)])
def test_bad_files_get_diagnostics(built, tmp_path, content, reason):
    root, _ = built
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                               "--course", "khoa"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    if reason:
        assert "QB1301" in res.output and reason in res.output
    else:
        assert "QB1304" in res.output and "QB1314" in res.output


def test_saved_analysis_shows_in_check_until_the_question_changes(tmp_path):
    root = write_project(tmp_path, FILES)
    project = qbank.load_project(root)
    assert qbank.build(project, root / "dist", ["olx"]).ok
    olx = _read_olx(next((root / "dist").glob("khoa-*/olx/khoa.tar.gz")))
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path), "--save",
                                               "--month", "2026-11"])
    assert res.exit_code == 0, res.output
    assert (root / "analysis/khoa/2026-11.json").is_file()
    diags = qbank.check(qbank.load_project(root))
    info = {(d.code.id, d.message()) for d in diags if d.code.id.startswith("QB132")}
    assert ("QB1320", "câu quá dễ trong kết quả 2026-11: 100 % trả lời đúng, 20 người") in info
    assert ("QB1323", "trong kết quả 2026-11, không ai chọn phương án nhiễu D (20 người)") in info
    assert ("QB1324", "trong kết quả 2026-11, phương án sai B được chọn nhiều hơn đáp án "
            "(20 người)") in info
    assert ("QB1321", "câu quá khó trong kết quả 2026-11: chỉ 10 % trả lời đúng, 20 người") in info
    assert any(c == "QB1322" and "người học tốt lại hay sai (r = -" in m for c, m in info)
    negative = next(d for d in diags if d.code.id == "QB1322")
    r_vi = negative.message("vi").split("r = ")[1].split(",")[:2]
    r_en = negative.message("en").split("r = ")[1].split(",")[0]
    assert r_vi[0].startswith("-0") and "." not in r_vi[0] + r_vi[1]  # -0,xx in Vietnamese
    assert r_en.startswith("-0.") and r_en.replace("-0.", "").isdigit()  # -0.xx in English
    dead = next(d for d in diags if d.code.id == "QB1323")
    assert dead.pos.path.name == "cau-hoi.yaml" and dead.pos.line == BANK.splitlines().index(
        "  - id: q-chet") + 1
    review = _review(root)
    assert "Kết quả trên nền tảng (11/2026): 20 người trả lời, 100 % đúng" in review
    chet = review.split('id="q-chet"')[1].split("</section>")[0]
    assert "số người chọn: A: 14 · B: 3 · C: 3 · D: 0" in chet
    assert "cần xem lại: phương án nhiễu không ai chọn" in chet
    # the author rewrites the dead distractor: the old figures no longer apply to it
    bank = root / "question_banks/chung/cau-hoi.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("Phương án D của q-chet",
                                                             "Một nhầm lẫn thường gặp"),
                    encoding="utf-8")
    after = {d.code.id for d in qbank.check(qbank.load_project(root))}
    assert "QB1323" not in after and "QB1320" in after
    chet = _review(root).split('id="q-chet"')[1].split("</section>")[0]
    assert "(số liệu của phiên bản trước của câu hỏi)" in chet


def _review(root) -> str:
    """review.html with its markup kept but whitespace collapsed, as a reader sees it."""
    out = root / "dist-review"
    assert qbank.build(qbank.load_project(root), out, ["review"]).ok
    html = next(out.glob("khoa-*/review.html")).read_text(encoding="utf-8")
    return re.sub(r"</?(strong|em)>", "", " ".join(html.split()))


def test_thresholds_come_from_qbank_yaml(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    project = qbank.load_project(root)
    stricter = project.config.analysis.model_copy(update={"min_respondents": 25})
    result = analyze(project, [path], thresholds=stricter)
    assert all(not it.flags for it in result.items)  # 20 learners < 25
    config = root / "qbank.yaml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(original + "analysis: {too_easy: 0.5, min_respondents: 10}\n",
                          encoding="utf-8")
        res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                                   "--format", "json"])
        flags = {i["id"]: i["flags"] for i in json.loads(res.stdout)["items"]}
        assert "too-easy" in flags["q-tot-mot"]  # p = 0.6 > 0.5
    finally:
        config.write_text(original, encoding="utf-8")


def test_unknown_course_bad_cells_and_unmatched_columns(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                               "--course", "khong-co"])
    assert res.exit_code == 1 and "lỗi[QB1310]" in res.output and "khong-co" in res.output
    text = problem_grades_csv(olx).splitlines()
    head = text[0].replace("Câu rất khó? (Earned)", "Câu đã bị xóa? (Earned)").replace(
        "Câu rất khó? (Possible)", "Câu đã bị xóa? (Possible)")
    row = text[1].split(",")
    row[5] = "abc"
    grades = _write(tmp_path, "g.csv", "\n".join([head, ",".join(row), *text[2:]]) + "\n")
    result = analyze(qbank.load_project(root), [], problem_grades=grades, course_id="khoa")
    assert sorted(d.code.id for d in result.diagnostics) == ["QB1305", "QB1313"]
    assert "Câu đã bị xóa?" in next(d for d in result.diagnostics
                                    if d.code.id == "QB1313").message()
    assert "q-kho" not in {it.id for it in result.items}


def test_unreadable_saved_analysis_is_a_warning(tmp_path):
    root = write_project(tmp_path, FILES)
    bad = root / "analysis/khoa/2026-10.json"
    bad.parent.mkdir(parents=True)
    bad.write_text("{không phải json", encoding="utf-8")
    diags = qbank.check(qbank.load_project(root))
    assert [(d.code.id, d.pos.path.name) for d in diags if d.code.id == "QB1325"] == [
        ("QB1325", "2026-10.json")]
    assert [d.message() for d in diags if d.code.id == "QB1325"] == [
        "không đọc được kết quả phân tích: không phải JSON hợp lệ (dòng 1)"]
    bad.write_text("[]", encoding="utf-8")  # JSON, but not what --save writes: no crash
    diags = qbank.check(qbank.load_project(root))
    assert [d.message() for d in diags if d.code.id == "QB1325"] == [
        "không đọc được kết quả phân tích: tệp không đúng định dạng do 'qbank analyze --save' "
        "ghi"]


def test_skills_by_unit_with_rosters(built, tmp_path):
    from openpyxl import Workbook

    root, olx = built
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và Tên", "Email", "Số căn cước Công dân", "Phòng/ban", "Đơn vị"])
    for i in range(16):
        unit = "Sở Y tế" if i < 10 else "Sở Nội vụ"
        ws.append([i + 1, f"Người Thứ {i}", f"hv{i}@example.gov.vn",
                   LEARNERS[i] if i != 12 else "038090999999", "Văn phòng", unit])
    roster = tmp_path / "danh-sach.xlsx"
    wb.save(roster)
    responses = _write(tmp_path, "r.csv", responses_csv(olx))
    # learner 12's roster number differs from the username: the grade report's e-mail joins them
    grades = _write(tmp_path, "grade_report.csv", "Student ID,Email,Username,Grade\n" + "".join(
        f"{100 + i},hv{i}@example.gov.vn,{u},0.5\n" for i, u in enumerate(LEARNERS)))
    res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(responses),
                                               "--roster", str(roster), "--grades", str(grades),
                                               "--format", "json"])
    assert res.exit_code == 0, res.output
    table = json.loads(res.stdout)["skills_by_unit"]
    assert table["units"] == [{"name": "Sở Nội vụ", "learners": 6},
                              {"name": "Sở Y tế", "learners": 10},
                              {"name": "(ngoài danh sách)", "learners": 4}]
    skill = table["skills"][0]
    assert skill["code"] == "4.2"
    # Sở Y tế holds learners 0–9: weaker on every item but q-nguoc and q-de
    assert skill["by_unit"]["Sở Y tế"]["rate"] < skill["by_unit"]["Sở Nội vụ"]["rate"]
    assert "038090" not in res.stdout and "hv1@" not in res.stdout  # no personal data
    md = CliRunner().invoke(analyze_command, [str(root), "--responses", str(responses),
                                              "--roster", str(roster), "--format", "md"]).stdout
    assert "## Kết quả theo kỹ năng và đơn vị" in md and "| Kỹ năng | Sở Nội vụ (5 người) |" in md


def test_out_folder_files_for_reviewers_are_deterministic(built, tmp_path):
    from openpyxl import load_workbook

    root, olx = built
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        res = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                                   "--out", str(out)])
        assert res.exit_code == 0, res.output
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["phan-tich-khoa.json", "phan-tich-khoa.md",
                                  "phan-tich-khoa.svg", "phan-tich-khoa.xlsx"]
    ws = load_workbook(tmp_path / "a/phan-tich-khoa.xlsx")["Câu hỏi"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["q-kho"][3:5] == (20, 0.1) and "quá khó" in rows["q-kho"][7]
    svg = (tmp_path / "a/phan-tich-khoa.svg").read_text(encoding="utf-8")
    # q-de and q-it have no discrimination (everyone right): no dot; the four flagged ones in red
    assert svg.count("<circle") == 7 and svg.count('fill="#c0392b"') == 4
    md = (tmp_path / "a/phan-tich-khoa.md").read_text(encoding="utf-8")
    assert "| `q-chet` | chung | 20 | 70 % | 0,60 | A✔:14 B:3 C:3 D:0 | phương án nhiễu" in md


def test_terminal_text_in_english_on_request(built, tmp_path):
    root, olx = built
    path = _write(tmp_path, "r.csv", responses_csv(olx))
    vi = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path)]).stdout
    en = CliRunner().invoke(analyze_command, [str(root), "--responses", str(path),
                                              "--lang", "en"]).stdout
    assert "⚠ quá khó" in vi and "0,10" in vi and "too-hard" not in vi
    assert "⚠ too-hard" in en and "0.10" in en and "quá" not in en
