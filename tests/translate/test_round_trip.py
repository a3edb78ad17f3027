"""Translators' round trip: lesson → PO → (scripted translation) → lesson, site page, handout.

The translations here are placeholder text marked "[thử nghiệm]": no made-up minority-language
text is ever written, here or in the repository's content.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import polib
import pypdf
import pytest
from click.testing import CliRunner

import qbank
from qbank.cli import main
from qbank.site.pages import plan_site
from qbank.source.files import read_text, split_front_matter
from qbank.translate.po import export, import_files
from qbank.translate.segments import cut
from qbank.translate.status import rows

from helpers import REPO, found, write_project

MARK = "[thử nghiệm] "
LESSON = """\
---
id: bai
title: Bài học thử
skills: ["4.2"]
summary: Tóm tắt bài học thử.
---

# Bài học thử

Đoạn mở đầu có [Cổng Dịch vụ công](https://dichvucong.gov.vn "Cổng") và mã `OTP`.
Dòng thứ hai của đoạn, viết   cách nhau.

## Các bước

1. Mở ứng dụng **VNeID**.
2. Chọn *Đăng nhập*  
   rồi nhập mật khẩu.
   - Ý lồng bên trong.

> Lời nhắc trong khung trích dẫn
> kéo dài hai dòng.

![Màn hình đăng nhập](<../media/man hinh.png>)

| Việc      | Cách làm        |
|:----------|----------------:|
| Gửi hồ sơ | Bấm nút **Gửi** |
| 100%      | `mã`            |

```
mã không dịch
```

Đoạn cuối cùng.
"""
LESSON_PATH = "courses/khoa/lessons/01-bai.md"
TRANSLATION = "courses/khoa/lessons/01-bai.tmm.md"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dd6a1d0000000049454e44ae426082")


@pytest.fixture
def project_root(tmp_path):
    write_project(tmp_path, {LESSON_PATH: LESSON,
                             "courses/khoa/media/man hinh.png": PNG})
    (tmp_path / LESSON_PATH).write_text(LESSON, encoding="utf-8")  # exactly, not dedented
    return tmp_path


def _export(root: Path) -> Path:
    project = qbank.load_project(root)
    written = export(project, "tmm", root / "dist/translate/tmm", ["khoa"])
    assert [p.relative_to(root / "dist/translate/tmm").as_posix() for p in written] == [
        "khoa/01-bai.po", "question_banks/chung.po"]
    return written[0]


def _translate(po_path: Path, edit=lambda entry: MARK + entry.msgid) -> None:
    """The translator's work, scripted: every msgstr filled in."""
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = edit(entry)
    po.save()


def _import(root: Path, *paths: Path, reviewer: str | None = None):
    return import_files(qbank.load_project(root), list(paths), reviewer=reviewer)


def _body(path: Path) -> str:
    text, _ = read_text(path)
    fm, _ = split_front_matter(text, path)
    return fm.body


# --- layout ----------------------------------------------------------------------------------

def test_identity_translation_rebuilds_the_lesson_byte_for_byte(project_root):
    po_path = _export(project_root)
    _translate(po_path, lambda e: e.msgid)
    result = _import(project_root, po_path)
    assert result.ok, [d.message("en") for d in result.diagnostics]
    assert _body(project_root / TRANSLATION) == _body(project_root / LESSON_PATH)


def test_every_lesson_of_the_repository_rebuilds_from_its_segments_byte_for_byte():
    lessons = sorted((REPO / "courses").glob("*/lessons/*.md"))
    assert len(lessons) > 20
    for path in lessons:
        body = _body(path)
        layout = cut(body)
        assert layout.rebuild(lambda slot: slot.text) == body, path.name
        assert layout.slots, path.name


def test_translated_lesson_keeps_the_authors_layout(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path).ok
    text = (project_root / TRANSLATION).read_text(encoding="utf-8")
    assert "\n1. [thử nghiệm] Mở ứng dụng **VNeID**.\n" in text
    # a hard break and the nested list keep their place and indentation
    assert "2. [thử nghiệm] Chọn *Đăng nhập*  \n   rồi nhập mật khẩu.\n   - [thử nghiệm] Ý lồng" \
        in text
    assert "> [thử nghiệm] Lời nhắc trong khung trích dẫn\n> kéo dài hai dòng.\n" in text
    assert "|:----------|----------------:|\n" in text
    assert "| [thử nghiệm] Gửi hồ sơ | [thử nghiệm] Bấm nút **Gửi** |" in text
    assert "| 100%      | `mã`            |" in text  # nothing to translate: untouched
    assert "```\nmã không dịch\n```" in text
    assert text.startswith('---\ntitle: "[thử nghiệm] Bài học thử"\nsource_hash: "')


# --- placeholders ----------------------------------------------------------------------------

def test_links_images_and_code_reach_translators_as_placeholders(project_root):
    po = polib.pofile(str(_export(project_root)))
    ids = {e.msgid for e in po}
    assert "Đoạn mở đầu có <1>Cổng Dịch vụ công</1> và mã {2}.\n" \
           "Dòng thứ hai của đoạn, viết   cách nhau." in ids
    assert not any("dichvucong" in i or "man hinh" in i for i in ids)
    assert all(re.fullmatch(r"bai:(title|summary|heading|paragraph|item|cell):[0-9a-f]{12}",
                            e.msgctxt) for e in po)
    assert po.metadata["Language"] == "tmm" and po.metadata["X-Qbank-Lesson"] == "bai"
    # an image's description is translated, its path is not
    assert "<1>Màn hình đăng nhập</1>" in ids


def test_a_translator_may_move_placeholders_within_the_sentence(project_root):
    po_path = _export(project_root)

    def reorder(entry):
        if entry.msgid.startswith("Đoạn mở đầu"):
            return "{2} [thử nghiệm] trước, rồi <1>cổng [thử nghiệm]</1>."
        return ""
    _translate(po_path, reorder)
    assert _import(project_root, po_path).ok
    text = (project_root / TRANSLATION).read_text(encoding="utf-8")
    assert '`OTP` [thử nghiệm] trước, rồi [cổng [thử nghiệm]](https://dichvucong.gov.vn ' \
           '"Cổng").' in text


def test_broken_placeholders_are_reported_at_the_entry_and_nothing_is_written(project_root):
    po_path = _export(project_root)

    def breaks(entry):
        if entry.msgid.startswith("Đoạn mở đầu"):
            return "[thử nghiệm] không còn liên kết {2}"
        return MARK + entry.msgid
    _translate(po_path, breaks)
    line = next(n for n, text in enumerate(po_path.read_text().split("\n"), 1)
                if text.startswith("msgctxt") and ":paragraph:" in text)
    result = _import(project_root, po_path)
    assert not result.ok
    assert found(result.diagnostics, "QB1405") == [("01-bai.po", line, 1)]
    [d] = [d for d in result.diagnostics if d.code.id == "QB1405"]
    assert d.message().endswith("giữ chỗ: thiếu <1>, </1>")
    assert d.message("en").endswith("placeholders: missing <1>, </1>")
    assert not (project_root / TRANSLATION).exists()


# --- review ----------------------------------------------------------------------------------

def test_a_reviewed_segment_is_never_overwritten_by_an_unreviewed_one(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path, reviewer="Người thẩm định").ok
    text = (project_root / TRANSLATION).read_text(encoding="utf-8")
    assert "status: reviewed" in text and 'reviewer: "Người thẩm định"' in text

    again = _export(project_root)
    po = polib.pofile(str(again))
    assert all(e.msgstr.startswith(MARK) for e in po)  # the translation so far travels along
    assert all(e.tcomment == "đã thẩm định: Người thẩm định" for e in po)
    _translate(again, lambda e: e.msgstr.replace(MARK, "[thử nghiệm 2] "))
    result = _import(project_root, again)
    assert result.ok
    assert len(found(result.diagnostics, "QB1409")) == len(po)
    assert (project_root / TRANSLATION).read_text(encoding="utf-8") == text

    # with a reviewer's name the new translation replaces it
    assert _import(project_root, again, reviewer="Người thẩm định").ok
    assert "[thử nghiệm 2] Đoạn cuối cùng." in (project_root / TRANSLATION).read_text()


def test_fuzzy_entries_are_kept_but_not_published(project_root):
    po_path = _export(project_root)
    po = polib.pofile(str(po_path))
    for e in po:
        e.msgstr = MARK + e.msgid
        if e.msgid == "Đoạn cuối cùng.":
            e.flags.append("fuzzy")
    po.save()
    assert _import(project_root, po_path).ok
    assert "\nĐoạn cuối cùng.\n" in (project_root / TRANSLATION).read_text()
    row, bank = rows(qbank.load_project(project_root), "tmm")[0]
    assert row.counts["fuzzy"] == 1 and row.counts["untranslated"] == 0


# --- staleness, site and handout -------------------------------------------------------------

def test_changing_one_paragraph_makes_exactly_that_segment_stale(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path, reviewer="Người thẩm định").ok
    project = qbank.load_project(project_root)
    row, bank = rows(project, "tmm")[0]
    assert (row.lesson, bank.lesson) == ("bai", "chung")
    assert row.counts == {"reviewed": row.total, "translated": 0, "fuzzy": 0, "stale": 0,
                          "untranslated": 0}
    page = plan_site(project).page("nguoi-dan/khoa/bai/tmm.md")
    assert "[thử nghiệm] Đoạn cuối cùng." in page.html and "qb-vi-mark" not in page.html

    source = project_root / LESSON_PATH
    source.write_text(LESSON.replace("Đoạn cuối cùng.", "Đoạn cuối đã sửa."), encoding="utf-8")
    project = qbank.load_project(project_root)
    row, bank = rows(project, "tmm")[0]
    assert (row.lesson, bank.lesson) == ("bai", "chung")
    assert row.counts["stale"] == 1 and row.counts["reviewed"] == row.total - 1
    last = LESSON.split("\n").index("Đoạn cuối cùng.") + 1
    diags = qbank.check(project)
    assert found(diags, "QB0620") == [("01-bai.md", last, 1)]
    # the translation is tracked per segment: no whole-file "run qbank stamp" (the simplified
    # version, written by hand, still is)
    assert found(diags, "QB0601") == [("01-bai.simple.md", 3, 14)]

    page = plan_site(project).page("nguoi-dan/khoa/bai/tmm.md")
    assert ('<span class="qb-vi" lang="vi">Đoạn cuối đã sửa.<small class="qb-vi-mark"> '
            "(chưa dịch)</small></span>") in page.html
    assert page.html.count("qb-vi-mark") == 1
    assert "[thử nghiệm] Lời nhắc trong khung trích dẫn" in page.html
    assert "1 đoạn chưa được dịch" in page.html

    # the next export offers the old translation as a fuzzy suggestion beside the old text
    po = polib.pofile(str(_export(project_root)))
    [stale] = [e for e in po if e.msgid == "Đoạn cuối đã sửa."]
    assert "fuzzy" in stale.flags and stale.previous_msgid == "Đoạn cuối cùng."
    assert stale.msgstr == MARK + "Đoạn cuối cùng."


def test_unreviewed_segments_stay_in_vietnamese_when_only_reviewed_ones_are_published(
        project_root):
    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path).ok  # no reviewer
    project = qbank.load_project(project_root)
    page = plan_site(project).page("nguoi-dan/khoa/bai/tmm.md")
    assert "[thử nghiệm]" not in page.html and "chờ thẩm định" in page.html
    yaml_path = project_root / "qbank.yaml"
    yaml_path.write_text(yaml_path.read_text() + "site: {translations: all}\n")
    page = plan_site(qbank.load_project(project_root)).page("nguoi-dan/khoa/bai/tmm.md")
    assert "[thử nghiệm] Đoạn cuối cùng." in page.html


def test_the_handout_of_an_imported_translation_contains_its_text(project_root):
    from qbank.site.build import build_handouts

    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path, reviewer="Người thẩm định").ok
    result = build_handouts(qbank.load_project(project_root), project_root / "handouts")
    assert result.ok
    [pdf] = [p for p in result.files if p.name.endswith(".tmm.pdf")]
    words = "".join("".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())
    assert "".join("[thử nghiệm] Lời nhắc trong khung trích dẫn".split()) in words


# --- bad PO files ----------------------------------------------------------------------------

def _header(po_path: Path, name: str, value: str) -> None:
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(re.sub(rf'"{name}: [^"]*\\n"', f'"{name}: {value}\\\\n"', text),
                       encoding="utf-8")


def test_a_po_file_for_another_lesson_is_refused(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    _header(po_path, "X-Qbank-Lesson", "bai-khac")
    result = _import(project_root, po_path)
    [(name, line, _)] = found(result.diagnostics, "QB1401")
    assert po_path.read_text().split("\n")[line - 1].startswith('"X-Qbank-Lesson: bai-khac')
    assert not (project_root / TRANSLATION).exists()


def test_an_entry_copied_from_another_lesson_is_refused(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    text = po_path.read_text().replace('msgctxt "bai:heading:', 'msgctxt "bai-khac:heading:', 1)
    po_path.write_text(text)
    result = _import(project_root, po_path)
    assert found(result.diagnostics, "QB1402") and not result.ok
    assert not (project_root / TRANSLATION).exists()


def test_an_edited_vietnamese_msgid_is_refused(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    po_path.write_text(po_path.read_text().replace('msgid "Đoạn cuối cùng."',
                                                   'msgid "Đoạn cuối."'))
    result = _import(project_root, po_path)
    assert found(result.diagnostics, "QB1403") and not result.ok


def test_an_entry_whose_lesson_text_changed_since_export_is_skipped(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    (project_root / LESSON_PATH).write_text(LESSON.replace("Đoạn cuối cùng.", "Đoạn khác."))
    result = _import(project_root, po_path)
    assert result.ok and len(found(result.diagnostics, "QB1404")) == 1
    assert "\nĐoạn khác.\n" in (project_root / TRANSLATION).read_text()


def test_a_po_file_in_another_encoding_is_refused_with_its_position(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    text = po_path.read_text(encoding="utf-8")
    po_path.write_bytes(text.replace("charset=UTF-8", "charset=UTF-8").encode("cp1258",
                                                                              "replace"))
    result = _import(project_root, po_path)
    [(_, line, col)] = found(result.diagnostics, "QB1406")
    assert line == 1 and col > 1  # the header comment's first Vietnamese letter
    po_path.write_text(text.replace("charset=UTF-8", "charset=CP1258"), encoding="utf-8")
    result = _import(project_root, po_path)
    [(_, line, _)] = found(result.diagnostics, "QB1407")
    assert "charset=CP1258" in text.replace("charset=UTF-8", "charset=CP1258").split("\n")[
        line - 1]
    assert not (project_root / TRANSLATION).exists()


def test_a_file_that_is_not_a_qbank_po_file_is_refused(project_root):
    bad = project_root / "hong.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    [d] = _import(project_root, bad).diagnostics
    assert d.code.id == "QB1408"
    assert d.message() == f"không đọc được tệp PO: sai cú pháp PO ở dòng {d.pos.line}"
    assert "Syntax error" in d.message("en")  # polib's words, in the English message only
    other = project_root / "khac.po"
    other.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert found(_import(project_root, other).diagnostics, "QB1410")


def test_an_untranslated_po_file_writes_nothing(project_root):
    po_path = _export(project_root)
    result = _import(project_root, po_path)
    assert result.ok and found(result.diagnostics, "QB1411")
    assert not (project_root / TRANSLATION).exists()


def test_a_broken_segment_record_is_reported_by_check(project_root):
    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path).ok
    record = project_root / "courses/khoa/lessons/01-bai.tmm.segments.yaml"
    record.write_text("lesson: [\n", encoding="utf-8")
    diags = qbank.check(qbank.load_project(project_root))
    assert found(diags, "QB1420") == [("01-bai.tmm.segments.yaml", 1, 1)]


# --- command line ----------------------------------------------------------------------------

def test_command_line_round_trip(project_root):
    runner = CliRunner()
    out = project_root / "po"
    r = runner.invoke(main, ["translate", "export", "--lang", "tmm", "--project",
                             str(project_root), "--out", str(out)])
    assert r.exit_code == 0, r.output
    po_path = out / "khoa" / "01-bai.po"
    _translate(po_path)
    r = runner.invoke(main, ["translate", "import", str(po_path), "--project", str(project_root),
                             "--reviewer", "Người thẩm định"])
    assert r.exit_code == 0, r.output
    assert "đã thẩm định" in r.output
    r = runner.invoke(main, ["translate", "status", "--project", str(project_root)])
    assert r.exit_code == 0
    head, line, bank = r.output.strip().split("\n")
    assert head.split()[:6] == ["bài", "học", "/", "ngân", "hàng", "ngôn"]
    assert line.split()[:2] == ["bai", "tmm"] and line.split()[-3:] == ["0", "0", "0"]
    assert bank.split() == ["chung", "tmm", "6", "0", "0", "0", "0", "6"]


def test_command_line_refuses_vietnamese_as_a_target_and_broken_files(project_root):
    runner = CliRunner()
    r = runner.invoke(main, ["translate", "export", "--lang", "vi", "--project",
                             str(project_root)])
    assert r.exit_code == 2 and "QB1400" in r.output
    bad = project_root / "hong.po"
    bad.write_bytes(b'msgid ""\nmsgstr "X: \xe9"\n')
    r = runner.invoke(main, ["translate", "import", str(bad), "--project", str(project_root)])
    assert r.exit_code == 1 and "QB1406" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["translate", "import", str(bad), "--project", str(project_root),
                             "--format", "json"])
    assert r.exit_code == 1
    assert [d["code"] for d in json.loads(r.stdout)] == ["QB1406"]


@pytest.mark.parametrize("code", ["vi", "vie", "simple"])
def test_vietnamese_under_any_code_is_not_a_translation_language(project_root, code):
    r = CliRunner().invoke(main, ["translate", "export", "--lang", code, "--project",
                                  str(project_root)])
    assert r.exit_code == 2 and "QB1400" in r.output
    po_path = _export(project_root)
    _translate(po_path)
    po = polib.pofile(str(po_path))
    po.metadata["Language"] = code
    po.save()
    result = _import(project_root, po_path)
    assert found(result.diagnostics, "QB1400") and not result.ok
    assert not list((project_root / "courses/khoa/lessons").glob("*.segments.yaml"))

def test_repository_ships_no_invented_translation():
    lessons = (REPO / "courses").glob("*/lessons/*.*.md")
    assert all(p.name.endswith(".simple.md") for p in lessons)
    assert not list((REPO / "courses").glob("*/lessons/*.segments.yaml"))


# --- XLIFF 1.2 -------------------------------------------------------------------------------

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def test_xliff_round_trip_gives_the_same_lesson_as_po(project_root):
    from lxml import etree

    written = export(qbank.load_project(project_root), "tmm", project_root / "xl", ["khoa"],
                     fmt="xliff")
    assert [p.name for p in written] == ["01-bai.xlf", "chung.xlf"]
    tree = etree.parse(str(written[0]))
    file = tree.getroot().find(XLIFF + "file")
    assert (tree.getroot().get("version"), file.get("original"), file.get("target-language")) \
        == ("1.2", LESSON_PATH, "tmm")
    units = file.findall(f"{XLIFF}body/{XLIFF}trans-unit")
    link = next(u for u in units if ":paragraph:" in u.get("id")
                and u.find(XLIFF + "source").text.startswith("Đoạn mở đầu"))
    codes = [(etree.QName(c).localname, c.get("id")) for c in link.find(XLIFF + "source")]
    assert codes == [("bpt", "1"), ("ept", "1"), ("ph", "2")]  # tags a CAT tool protects
    for unit in units:  # the CAT tool's work, scripted: target = marked copy of the source
        target = etree.SubElement(unit, XLIFF + "target", state="translated")
        source = unit.find(XLIFF + "source")
        target.text = MARK + (source.text or "")
        for child in source:
            target.append(copy.deepcopy(child))  # with the text after it
    tree.write(str(written[0]), xml_declaration=True, encoding="UTF-8")
    result = _import(project_root, written[0], reviewer="Người thẩm định")
    assert result.ok, [d.message("en") for d in result.diagnostics]
    text = (project_root / TRANSLATION).read_text(encoding="utf-8")
    assert (f"{MARK}Đoạn mở đầu có [Cổng Dịch vụ công](https://dichvucong.gov.vn \"Cổng\") và mã "
            "`OTP`.") in text
    assert "| [thử nghiệm] Gửi hồ sơ | [thử nghiệm] Bấm nút **Gửi** |" in text


def test_a_broken_xliff_file_is_reported_at_its_line(project_root):
    bad = project_root / "hong.xlf"
    bad.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2">\n<file>\n',
                   encoding="utf-8")
    result = _import(project_root, bad)
    [(name, line, _)] = found(result.diagnostics, "QB1413")
    assert name == "hong.xlf" and line >= 3
    assert result.diagnostics[0].message().startswith(
        f"không đọc được tệp XLIFF: XML không hợp lệ ở dòng {line}, cột ")
    bad.write_text('<?xml version="1.0" encoding="ISO-8859-1"?>\n<xliff/>\n', encoding="utf-8")
    assert found(_import(project_root, bad).diagnostics, "QB1407")
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<xliff/>\n',
                   encoding="utf-8")
    assert found(_import(project_root, bad).diagnostics, "QB1413")


def test_command_line_names_an_unknown_course(project_root):
    for command in ("export", "status"):
        r = CliRunner().invoke(main, ["translate", command, "--lang", "tmm", "--course", "khong",
                                      "--project", str(project_root)])
        assert r.exit_code == 2 and "không có khóa học 'khong'. Có: khoa" in r.output


def test_build_with_a_language_puts_the_reviewed_lesson_translation_in_the_packages(
        project_root):
    import tarfile

    po_path = _export(project_root)
    _translate(po_path)
    assert _import(project_root, po_path, reviewer="Người thẩm định").ok
    r = CliRunner().invoke(main, ["build", str(project_root), "--only", "olx,json", "--lang",
                                  "tmm"])
    assert r.exit_code == 0, r.output
    [bundle] = (project_root / "dist/tmm").glob("khoa-*/")
    course = json.loads((bundle / "course.json").read_text(encoding="utf-8"))
    assert MARK + "Bài học thử" in json.dumps(course, ensure_ascii=False)
    with tarfile.open(next((bundle / "olx").glob("*.tar.gz"))) as tar:
        html = "".join(tar.extractfile(m).read().decode("utf-8") for m in tar.getmembers()
                       if m.name.startswith("course/html/") and m.name.endswith(".html"))
    assert MARK + "Lời nhắc trong khung trích dẫn" in html
    assert "dichvucong.gov.vn" in html  # links restored from the Vietnamese source


def test_a_partly_translated_lesson_is_reviewed_when_all_its_translated_segments_are(
        project_root):
    po_path = _export(project_root)
    _translate(po_path, lambda e: MARK + e.msgid if ":heading:" in e.msgctxt else "")
    assert _import(project_root, po_path, reviewer="Người thẩm định").ok
    text = (project_root / TRANSLATION).read_text(encoding="utf-8")
    assert "status: reviewed" in text and "\nĐoạn cuối cùng.\n" in text
    page = plan_site(qbank.load_project(project_root)).page("nguoi-dan/khoa/bai/tmm.md")
    assert "đã được thẩm định bởi Người thẩm định" in page.html
    assert "<h2 id=" in page.html and f">{MARK}Các bước</h2>" in page.html
    assert page.html.count("qb-vi-mark") == len(cut(LESSON.split("---\n", 2)[2]).slots) - 2
