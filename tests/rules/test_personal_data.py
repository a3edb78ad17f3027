"""Personal data in content is an error, masked in the message; public lines can be allowed."""

from __future__ import annotations

import textwrap

from helpers import BASE_FILES, found

LESSON = "courses/khoa/lessons/01-bai.md"


def lesson(body: str) -> dict:
    return {LESSON: "---\nid: bai\ntitle: Bài học\nskills: ['4.2']\n---\n\n" + body}


def test_ids_phones_and_personal_emails_are_found_and_masked(project_at):
    _, diags = project_at(lesson(
        "Gọi anh An 0912 345 678 hoặc +84 912345678.\n"
        "CCCD 038090123456, CMND 123456789, thư an.nv@gmail.com.\n"
        "Tổng đài 1900 1234, cấp cứu 113, năm 2026, công chức an@thanhhoa.gov.vn.\n"))
    got = [(d.pos.line, d.pos.col, d.args["kind_en"], d.args["masked"]) for d in diags
           if d.code.id == "QB0730"]
    assert got == [(7, 12, "phone number", "091•••5678"), (7, 30, "phone number", "849••••5678"),
                   (8, 6, "citizen-ID number", "038•••••3456"),
                   (8, 25, "old ID number", "123••6789"),
                   (8, 40, "personal e-mail", "an•••@gmail.com")]
    assert all("038090123456" not in d.message() for d in diags)


def test_allow_list_for_public_contact_lines(project_at):
    config = textwrap.dedent(BASE_FILES["qbank.yaml"]) + "privacy:\n  allow: ['0237 3855 555']\n"
    _, diags = project_at(lesson("Đường dây nóng của Sở: 0237 3855 555.\n") |
                          {"qbank.yaml": config})
    assert found(diags, "QB0730") == []


def test_question_text_is_scanned(project_at):
    bank = textwrap.dedent(BASE_FILES["question_banks/chung/cau-hoi.yaml"]).replace(
        "feedback: Vì đúng.", "feedback: Liên hệ chị Bình 0987654321.")
    _, diags = project_at({"question_banks/chung/cau-hoi.yaml": bank})
    assert found(diags, "QB0730") == [("cau-hoi.yaml", 17, 15)]
