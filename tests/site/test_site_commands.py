"""`qbank serve`: stops with diagnostics before serving a project that has errors."""

from __future__ import annotations

from click.testing import CliRunner
from site_fixture import make_site_project

from qbank.site.commands import serve


def test_serve_refuses_a_project_with_errors(tmp_path):
    root = make_site_project(tmp_path, {"handbooks/tro-giup.md": "---\norder: 2\n---\n"})
    run = CliRunner().invoke(serve, [str(root), "--lang", "en"])
    assert run.exit_code == 1
    assert "handbooks/tro-giup.md:2:1: error[QB0202] missing required key 'title'" in run.stderr


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
