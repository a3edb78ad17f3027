"""Questions through the same round trip: one PO file per bank; `qbank build --lang CODE` gives
packages with the reviewed translations and the same ids, keys and scoring.

Translations are placeholder text marked "[thử nghiệm]", never invented minority-language text.
"""

from __future__ import annotations

import json

import polib
import pytest
from click.testing import CliRunner

import qbank
from qbank.cli import main
from qbank.translate.po import export, import_files

from helpers import found, write_project

MARK = "[thử nghiệm] "
BANK = """
questions:
  - id: q-mot
    type: single_choice
    stem: Mã OTP gửi qua [tin nhắn](https://example.org/otp) dùng để làm gì?
    options:
      - {text: Xác thực giao dịch, correct: true, feedback: Đúng vậy.}
      - {text: Đăng ký thuê bao}
    skills: ["4.2"]
    level: 1
    feedback: Mã chỉ dùng một lần.
  - id: q-hai
    type: true_false
    stem: Có thể cho người khác biết mã OTP.
    answer: false
    skills: ["4.2"]
    level: 2
  - id: q-ba
    type: text_entry
    stem: "Mã xác thực gửi qua tin nhắn gọi là mã ____."
    answers: [OTP]
    skills: ["4.2"]
    level: 1
"""


@pytest.fixture
def root(tmp_path):
    write_project(tmp_path, {"question_banks/chung/cau-hoi.yaml": BANK})
    return tmp_path


def _bank_po(root):
    written = export(qbank.load_project(root), "hnj", root / "po")
    return next(p for p in written if p.name == "chung.po")


def _fill(po_path, edit=lambda e: MARK + e.msgid):
    po = polib.pofile(str(po_path))
    for e in po:
        e.msgstr = edit(e)
    po.save()


def test_a_bank_exports_one_entry_per_text_and_keeps_answers_out(root):
    po = polib.pofile(str(_bank_po(root)))
    contexts = [e.msgctxt.rsplit(":", 1)[0] for e in po]
    assert contexts == ["chung:q-mot:stem", "chung:q-mot:feedback", "chung:q-mot:options.0.text",
                        "chung:q-mot:options.0.feedback", "chung:q-mot:options.1.text",
                        "chung:q-hai:stem", "chung:q-ba:stem"]
    assert po.metadata["X-Qbank-Bank"] == "chung"
    stem = po[0]
    assert stem.msgid == "Mã OTP gửi qua <1>tin nhắn</1> dùng để làm gì?"
    assert stem.occurrences == [("question_banks/chung/cau-hoi.yaml", "4")]


def test_build_with_a_language_has_reviewed_translations_and_the_same_keys(root):
    po_path = _bank_po(root)
    _fill(po_path, lambda e: "" if e.msgctxt.startswith("chung:q-hai") else MARK + e.msgid)
    result = import_files(qbank.load_project(root), [po_path], reviewer="Người thẩm định")
    assert result.ok and result.written == [root / "question_banks/chung.hnj.segments.yaml"]
    diags = qbank.check(qbank.load_project(root))  # the record is not taken for questions
    assert not [d for d in diags if d.severity == "error"] and not found(diags, "QB0620")

    runner = CliRunner()
    for args in (["build", str(root), "--only", "json"],
                 ["build", str(root), "--only", "json", "--lang", "hnj"]):
        r = runner.invoke(main, args)
        assert r.exit_code == 0, r.output
    vi = json.loads(next((root / "dist").glob("khoa-*/questions.json")).read_text())
    hnj = json.loads(next((root / "dist/hnj").glob("khoa-*/questions.json")).read_text())
    by_id = {q["id"]: q for q in hnj["questions"]}
    assert [q["id"] for q in hnj["questions"]] == [q["id"] for q in vi["questions"]]
    mot = by_id["q-mot"]
    assert mot["stem"] == MARK + "Mã OTP gửi qua [tin nhắn](https://example.org/otp) dùng để " \
                                 "làm gì?"
    assert [o["correct"] for o in mot["options"]] == [True, False]
    assert mot["options"][0] == {"text": MARK + "Xác thực giao dịch", "correct": True,
                                 "feedback": MARK + "Đúng vậy."}
    assert by_id["q-hai"]["stem"] == "Có thể cho người khác biết mã OTP."  # not translated
    assert by_id["q-hai"]["answer"] is False
    assert by_id["q-ba"]["answers"] == ["OTP"]  # a text-entry key stays as written
    for q in hnj["questions"]:
        same = {k: v for k, v in q.items() if k not in ("stem", "feedback", "options",
                                                          "stem_html", "feedback_html")}
        assert same == {k: v for k, v in next(x for x in vi["questions"]
                                              if x["id"] == q["id"]).items() if k in same}


def test_unreviewed_question_translations_stay_out_of_packages(root):
    po_path = _bank_po(root)
    _fill(po_path)
    assert import_files(qbank.load_project(root), [po_path]).ok  # no reviewer
    r = CliRunner().invoke(main, ["build", str(root), "--only", "json", "--lang", "hnj"])
    assert r.exit_code == 0, r.output
    hnj = json.loads(next((root / "dist/hnj").glob("khoa-*/questions.json")).read_text())
    assert not any(MARK in json.dumps(q, ensure_ascii=False) for q in hnj["questions"])


def test_a_changed_stem_is_stale_at_its_line_in_the_bank(root):
    po_path = _bank_po(root)
    _fill(po_path)
    assert import_files(qbank.load_project(root), [po_path], reviewer="Người thẩm định").ok
    bank = root / "question_banks/chung/cau-hoi.yaml"
    bank.write_text(BANK.lstrip("\n").replace("Có thể cho người khác", "Được phép cho người khác"),
                    encoding="utf-8")
    diags = qbank.check(qbank.load_project(root))
    assert found(diags, "QB0620") == [("cau-hoi.yaml", 13, 11)]


def test_a_po_file_for_an_unknown_bank_is_refused(root):
    po_path = _bank_po(root)
    _fill(po_path)
    text = po_path.read_text(encoding="utf-8").replace("X-Qbank-Bank: chung", "X-Qbank-Bank: khac")
    po_path.write_text(text, encoding="utf-8")
    result = import_files(qbank.load_project(root), [po_path])
    assert found(result.diagnostics, "QB1412") and not result.ok
    assert not (root / "question_banks/chung.hnj.segments.yaml").exists()


def test_build_refuses_an_invalid_translation_code(root):
    r = CliRunner().invoke(main, ["build", str(root), "--lang", "Thai"])
    assert r.exit_code == 2 and "QB1400" in r.output
