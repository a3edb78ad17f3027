"""Language codes and names are configuration (qbank.yaml `languages:`), with documented
defaults: the switcher, notices and handouts use what the province's reviewers decided."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner
from lxml import html as lhtml
from site_fixture import FILES, make_site_project

import qbank
from qbank.cli import main
from qbank.languages import DEFAULTS, name
from qbank.site.pages import plan_site

CONFIGURED = textwrap.dedent(FILES["qbank.yaml"]) + """languages:
  - code: tyr
    name: tiếng Thái (tên thử của bộ kiểm thử)
    name_en: Test Thai name
    script: Tavt
    notes: Tên thử, không phải quyết định của người thẩm định.
"""
# Test data only: a placeholder, not a translation.
PLACEHOLDER = """---
title: Trang thử (không phải bản dịch)
source_hash: '000000000000'
review: draft
---

Văn bản giữ chỗ của bộ kiểm thử, không phải bản dịch.
"""


def _switcher(page) -> list[str]:
    tree = lhtml.fromstring(page.html)
    return [" ".join(li.text_content().split())
            for li in tree.xpath("//nav[@class='qb-versions']//li")]


def test_site_languages_and_names_come_from_qbank_yaml(tmp_path):
    root = make_site_project(tmp_path, {
        "qbank.yaml": CONFIGURED,
        "courses/khoa/lessons/02-lua-dao.tyr.md": PLACEHOLDER})
    plan = plan_site(qbank.load_project(root))  # no languages from mkdocs: qbank.yaml's
    assert plan.languages == ["tyr"]
    page = plan.page("nguoi-dan/khoa/lua-dao/index.md")
    assert _switcher(page)[-1] == "Thái (tên thử của bộ kiểm thử) (tyr)"
    assert name("tyr") == "tiếng Thái (Tày Đeng)"  # the default again once the site is planned


def test_defaults_name_the_candidates_and_leave_the_choice_open(tmp_path):
    codes = {lang.code: lang for lang in DEFAULTS}
    assert {"mtq", "tyr", "tmm", "blt", "hnj"} <= set(codes)
    assert codes["mtq"].script is None and codes["tmm"].script == "Tavt"
    root = make_site_project(tmp_path)
    plan = plan_site(qbank.load_project(root), ["tmm"])
    page = plan.page("nguoi-dan/khoa/lua-dao/tmm.md")
    assert "Thái (Tày Thanh) (tmm) – chưa dịch" in _switcher(page)
    assert "Bài này chưa có bản dịch tiếng Thái (Tày Thanh)" in page.html


def test_a_bad_script_code_is_a_clear_error(tmp_path):
    root = make_site_project(tmp_path, {
        "qbank.yaml": CONFIGURED.replace("script: Tavt", "script: thai")})
    r = CliRunner().invoke(main, ["check", str(root)])
    assert r.exit_code == 1
    assert "languages[0].script" in r.stdout and "thai" in r.stdout
