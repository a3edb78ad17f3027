"""The CI templates `qbank init` writes: their commands run on a new repository, and the GitLab
Code Quality report they upload has the shape GitLab documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from qbank.cli import main

# GitLab's documented Code Quality report format
# (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): a JSON array of
# issues, each with description, check_name, fingerprint, severity (info, minor, major, critical,
# blocker) and location.path + location.lines.begin.
GITLAB_CODE_QUALITY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^/"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}
BIN = Path(sys.executable).parent


def _init(target: Path) -> None:
    """A new repository as a department has it once it has made the sample course its own."""
    r = CliRunner().invoke(main, ["init", str(target), "--org-name", "Sở Y tế", "--org-code",
                                  "SYT"])
    assert r.exit_code == 0, r.output
    # The author's first step: the sample course gets the department's own id (the build
    # refuses to publish 'khoa-hoc-mau', QB0741).
    course = target / "courses/khoa-hoc-mau/course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "id: khoa-hoc-mau", "id: an-toan-tai-khoan", 1), encoding="utf-8")


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(["bash", "-eo", "pipefail", "-c", line], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_gitlab_report_matches_gitlabs_documented_shape(tmp_path):
    _init(tmp_path / "r")
    bank = tmp_path / "r/question_banks/ngan-hang-mau/cau-hoi.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("    level: 2\n",
                                                             "    level: 2\n    feedbak: x\n"),
                    encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(tmp_path / "r"), "--format", "gitlab"])
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    by_code = {i["check_name"]: i for i in report}
    assert by_code["QB0201"]["severity"] == "major"
    assert by_code["QB0201"]["location"]["path"] == "question_banks/ngan-hang-mau/cau-hoi.yaml"
    assert by_code["QB0201"]["location"]["lines"]["begin"] > 1
    assert "feedbak" in by_code["QB0201"]["description"]
    # A problem without a file (the policy note) still has a path and a line GitLab accepts.
    assert by_code["QB0508"]["severity"] == "info"
    assert len({i["fingerprint"] for i in report}) == len(report)
    again = CliRunner().invoke(main, ["check", str(tmp_path / "r"), "--format", "gitlab"])
    assert again.stdout == r.stdout


def test_gitlab_fingerprint_survives_a_moved_line(tmp_path):
    _init(tmp_path / "r")
    bank = tmp_path / "r/question_banks/ngan-hang-mau/cau-hoi.yaml"
    text = bank.read_text(encoding="utf-8").replace("    level: 2\n", "    level: 2\n    feedbak: x\n")
    bank.write_text(text, encoding="utf-8")
    first = json.loads(CliRunner().invoke(main, ["check", str(tmp_path / "r"), "--format",
                                                 "gitlab"]).stdout)
    bank.write_text(text.replace("questions:\n", "questions:\n\n\n"), encoding="utf-8")
    second = json.loads(CliRunner().invoke(main, ["check", str(tmp_path / "r"), "--format",
                                                  "gitlab"]).stdout)
    f1 = {i["check_name"]: i for i in first}["QB0201"]
    f2 = {i["check_name"]: i for i in second}["QB0201"]
    assert f2["location"]["lines"]["begin"] == f1["location"]["lines"]["begin"] + 2
    assert f1["fingerprint"] == f2["fingerprint"]


def _commands(steps: list[str]) -> list[str]:
    """The template's shell lines, without the one that installs qbank (already installed)."""
    return [s for s in steps if not s.startswith("pip install")]


def test_github_workflow_commands_run_on_a_new_repository(tmp_path):
    _init(tmp_path / "r")
    workflow = yaml.safe_load((tmp_path / "r/.github/workflows/qbank.yml").read_text("utf-8"))
    assert set(workflow[True]) >= {"push", "pull_request"}  # YAML 1.1 reads `on` as true
    jobs = workflow["jobs"]
    runs = {name: _commands([s["run"] for s in job.get("steps", []) if "run" in s])
            for name, job in jobs.items()}
    assert runs["check"] == ["qbank check --format github"]
    for line in runs["check"] + runs["build"]:
        done = _run(line, tmp_path / "r")
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    uploads = {s["uses"].split("@")[0]: s["with"]["path"] for s in jobs["build"]["steps"]
               if "uses" in s and "with" in s and "path" in s["with"]}
    assert (tmp_path / "r" / uploads["actions/upload-artifact"]).is_dir()
    built = list((tmp_path / "r/dist").glob("an-toan-tai-khoan-*/olx/an-toan-tai-khoan.tar.gz"))
    assert built, "no course tarball in the uploaded folder"
    assert (tmp_path / "r" / uploads["actions/upload-pages-artifact"] / "index.html").is_file()


def test_github_workflow_check_step_annotates_and_fails_on_errors(tmp_path):
    _init(tmp_path / "r")
    bank = tmp_path / "r/question_banks/ngan-hang-mau/cau-hoi.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("level: 2", "level: 9"), "utf-8")
    done = _run("qbank check --format github", tmp_path / "r")
    assert done.returncode == 1
    assert "::error file=question_banks/ngan-hang-mau/cau-hoi.yaml,line=" in done.stdout


@pytest.mark.parametrize("broken", [False, True])
def test_gitlab_ci_commands_run_on_a_new_repository(tmp_path, broken):
    _init(tmp_path / "r")
    root = tmp_path / "r"
    ci = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["default"]["before_script"][0].startswith("pip install")
    if broken:
        bank = root / "question_banks/ngan-hang-mau/cau-hoi.yaml"
        bank.write_text(bank.read_text(encoding="utf-8").replace("level: 2", "level: 9"), "utf-8")
    check = ci["qbank-check"]
    results = [_run(line, root) for line in _commands(check["script"])]
    report = root / check["artifacts"]["reports"]["codequality"]
    issues = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    assert check["artifacts"]["when"] == "always"  # the report is kept when the job fails
    if broken:
        assert results[-1].returncode == 1
        assert any(i["severity"] == "major" for i in issues)
        return
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert not any(i["severity"] == "major" for i in issues)
    for job in ("qbank-build", "pages"):
        for line in _commands(ci[job]["script"]):
            done = _run(line, root)
            assert done.returncode == 0, (line, done.stderr)
        for path in ci[job]["artifacts"]["paths"]:
            assert (root / path).exists(), path
    assert (root / "public/index.html").is_file()
    assert list((root / "dist").glob("an-toan-tai-khoan-*/olx/an-toan-tai-khoan.tar.gz"))
