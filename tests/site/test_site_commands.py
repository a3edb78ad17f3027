"""`qbank serve`: stops with diagnostics before serving a project that has errors."""

from __future__ import annotations

from click.testing import CliRunner
from site_fixture import make_site_project

from qbank.site.commands import serve


def test_serve_error_page_lists_a_projects_errors_in_vietnamese(tmp_path):
    # `qbank serve` keeps running on errors and shows this page (tests/site/test_serve.py).
    import qbank
    from qbank.site.plugin import ContentErrors, error_page, plan_project

    root = make_site_project(tmp_path, {"handbooks/tro-giup.md": "---\norder: 2\n---\n"})
    try:
        plan_project(root)
    except ContentErrors as e:
        page = error_page(e.errors, e.root, "vi")
    else:
        raise AssertionError("no errors")
    assert "<h1>Nội dung đang có lỗi</h1>" in page
    assert "<code>handbooks/tro-giup.md:2:1</code> [QB0202] thiếu trường bắt buộc &#x27;title" \
        in page
    assert qbank.load_project(root) is not None


def test_serve_outside_a_project_is_a_usage_error(tmp_path):
    run = CliRunner().invoke(serve, [str(tmp_path)])
    assert run.exit_code == 2
    assert "QB0100" in run.stderr


def test_build_only_site_and_handouts_through_the_cli(tmp_path):
    from qbank.cli import main

    root = make_site_project(tmp_path / "kho", {})
    out = tmp_path / "ra"
    run = CliRunner().invoke(main, ["build", str(root), "--only", "site,handouts,json",
                                    "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert (out / "site" / "index.html").is_file()
    assert sorted(p.name for p in (out / "handouts").glob("*.pdf"))
    assert list(out.glob("*/questions.json"))
    assert f"đã tạo {out / 'site'}" in run.stderr


def test_build_site_of_a_project_with_errors_writes_nothing(tmp_path):
    from qbank.cli import main

    root = make_site_project(tmp_path / "kho", {"handbooks/tro-giup.md": "---\norder: 2\n---\n"})
    run = CliRunner().invoke(main, ["build", str(root), "--only", "site"])
    assert run.exit_code == 1
    assert "handbooks/tro-giup.md:2:1: lỗi[QB0202]" in run.stdout
    assert not (root / "site").exists()
