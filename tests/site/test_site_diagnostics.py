"""Diagnostics of the handbooks and of the site/handout builds, with their positions."""

from __future__ import annotations

import subprocess
import sys

from site_fixture import make_site_project

import qbank
from qbank.site.build import build_site
from qbank.site.handbooks import load_handbooks

from helpers import found


def test_handbook_folder_without_audience_qb1001(tmp_path):
    root = make_site_project(tmp_path, {"handbooks/nguoi-dann/index.md": "---\ntitle: X\n---\n"})
    diags = load_handbooks(qbank.load_project(root)).diagnostics
    assert found(diags, "QB1001") == [("nguoi-dann", 0, 0)]
    d = next(d for d in diags if d.code.id == "QB1001")
    assert "nguoi-dan" in d.hint("vi")


def test_handbook_without_lessons_qb1002(tmp_path):
    root = make_site_project(tmp_path)
    diags = load_handbooks(qbank.load_project(root)).diagnostics
    # qbank.yaml line 4: the second audience (cbcc) has no course.
    assert found(diags, "QB1002") == [("qbank.yaml", 4, 5)]


def test_handbook_listing_unknown_course_qb1003(tmp_path):
    root = make_site_project(tmp_path, {
        "handbooks/cbcc/index.md": "---\ntitle: Cẩm nang cán bộ\ncourses: [khoa, khoaa]\n---\n"})
    project = qbank.load_project(root)
    books = load_handbooks(project)
    assert found(books.diagnostics, "QB1003") == [("index.md", 3, 17)]
    cbcc = next(b for b in books.books if b.audience.id == "cbcc")
    assert [c.id for c in cbcc.courses] == ["khoa"]  # the listed course joins the handbook
    assert found(books.diagnostics, "QB1002") == []


def test_front_page_without_title_is_a_schema_error(tmp_path):
    root = make_site_project(tmp_path, {"handbooks/tro-giup.md": "---\norder: 2\n---\n\nx\n"})
    result = build_site(qbank.load_project(root), tmp_path / "out")
    assert not result.ok
    assert found(result.diagnostics, "QB0202") == [("tro-giup.md", 2, 1)]
    assert not (tmp_path / "out").exists()


def test_bad_mkdocs_config_qb1004_keeps_previous_site(tmp_path):
    root = make_site_project(tmp_path)
    project = qbank.load_project(root)
    assert build_site(project, root / "site").ok
    before = (root / "site" / "index.html").read_bytes()
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: handbooks\ntheme: {name: khong-co}\n"
                                     "plugins: [qbank]\n", encoding="utf-8")
    result = build_site(project, root / "site")
    assert not result.ok
    assert found(result.diagnostics, "QB1004") == [("mkdocs.yml", 0, 0)]
    assert "khong-co" in result.diagnostics[-1].message("vi")
    assert (root / "site" / "index.html").read_bytes() == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_handouts_without_weasyprint_qb1005(tmp_path):
    root = make_site_project(tmp_path)
    code = ("import sys; sys.modules['weasyprint'] = None\n"
            "import qbank\nfrom qbank.site.build import build_handouts\n"
            f"r = build_handouts(qbank.load_project({str(root)!r}), {str(tmp_path / 'pdf')!r})\n"
            "d = [d for d in r.diagnostics if d.code.id == 'QB1005'][0]\n"
            "print(r.ok, d.pos, d.message('vi'))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.startswith("False None không tạo được bản in PDF: thiếu thư viện WeasyPrint")
    assert not (tmp_path / "pdf").exists()
