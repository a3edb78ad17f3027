"""The README's quick start: CI runs its command 2 as written, and scripts/setup-system.sh
installs what the tests need (apt-get, through sudo), says so first, and does nothing when it is
all there. apt, dpkg, sudo and snap are stand-ins here that record how they were called."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

SCRIPT = REPO / "scripts" / "setup-system.sh"
TEST_PACKAGES = {"chromium", "fonts-noto-core", "fonts-dejavu-core", "fonts-sil-taiheritagepro",
                 "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "poppler-utils",
                 "zbar-tools"}
ALL = TEST_PACKAGES | {"python3-venv"}


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readmes_command_2_as_written():
    build, tests = _quick_start()
    ci = [line for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith(("#", "set ", "cd "))]
    assert ci == [tests]
    assert build.startswith("scripts/setup-system.sh --build && ")
    assert tests.startswith("scripts/setup-system.sh && ")
    assert "QBANK_REQUIRE_BROWSER=1 .venv/bin/python -m pytest" in tests
    assert os.access(SCRIPT, os.X_OK) and os.access(REPO / ".ci/run", os.X_OK)


def test_the_package_list_covers_the_tests_needs():
    out = subprocess.run([str(SCRIPT), "--list"], capture_output=True, text=True, check=True)
    assert set(out.stdout.split()) == ALL


STUBS = {
    "id": 'echo "$STUB_UID"',
    "sudo": 'echo "sudo $*" >> "$STUB_LOG"; exec "$@"',
    "apt-get": 'echo "apt-get $*" >> "$STUB_LOG"',
    "dpkg-query": 'for p in $STUB_INSTALLED; do [ "$p" = "${@: -1}" ] && '
                  '{ echo "install ok installed"; exit 0; }; done; exit 1',
    "apt-cache": 'for p in $STUB_UNAVAILABLE; do [ "$p" = "$2" ] && '
                 '{ echo "  Candidate: (none)"; exit 0; }; done; echo "  Candidate: 1.0-1"',
    "snap": 'echo "snap $*" >> "$STUB_LOG"',
}


@pytest.fixture
def run(tmp_path):
    """run(installed, uid=0, unavailable=(), snapd=False, args, env) -> (exit code, output,
    the stand-ins' calls)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "sed", "tr", "cat"):
        (bin_dir / tool).symlink_to(os.path.realpath(shutil.which(tool)))
    (bin_dir / "python3").symlink_to(os.path.realpath(sys.executable))

    def go(installed, uid=0, unavailable=(), snapd=False, args=(), env=None, sudo=True):
        for name, body in STUBS.items():
            path = bin_dir / name
            path.unlink(missing_ok=True)
            if (name == "snap" and not snapd) or (name == "sudo" and not sudo):
                continue
            path.write_text(f"#!/bin/bash\n{body}\n")
            path.chmod(0o755)
        log = tmp_path / "calls.log"
        log.write_text("")
        env = {"PATH": str(bin_dir), "STUB_LOG": str(log), "STUB_UID": str(uid),
               "STUB_INSTALLED": " ".join(installed), "STUB_UNAVAILABLE": " ".join(unavailable),
               **(env or {})}
        out = subprocess.run([str(bin_dir / "bash"), str(SCRIPT), *args], capture_output=True,
                             text=True, env=env)
        return out.returncode, out.stdout + out.stderr, log.read_text().splitlines()

    return go


def test_nothing_is_installed_when_everything_is_there(run):
    code, out, calls = run(ALL, uid=1000)
    assert code == 0 and calls == []
    assert "every system package is already there" in out
    code, out, calls = run(ALL, uid=1000, sudo=False)  # sudo is not even needed then
    assert code == 0 and calls == [], out


def test_without_root_or_sudo_it_says_what_it_needs(run):
    code, out, calls = run(ALL - {"poppler-utils"}, uid=1000, sudo=False)
    assert code == 1 and calls == []
    assert "poppler-utils" in out and "root or sudo is needed to install packages" in out


def test_missing_packages_are_announced_then_installed_through_sudo(run):
    code, out, calls = run(ALL - {"chromium", "poppler-utils"}, uid=1000)
    assert code == 0, out
    assert re.search(r"installing with apt-get \(through sudo\): chromium poppler-utils$", out,
                     re.M)
    assert calls[0] == "sudo apt-get update -q"
    assert calls[-2:] == ["sudo apt-get install -y -q --no-install-recommends chromium "
                          "poppler-utils",
                          "apt-get install -y -q --no-install-recommends chromium poppler-utils"]


def test_build_mode_installs_only_the_python_venv(run):
    code, out, calls = run(set(), uid=0, args=["--build"])
    assert code == 0, out
    assert calls[-1] == "apt-get install -y -q --no-install-recommends python3-venv"


def test_ubuntu_without_snapd_stops_and_says_why(run):
    code, out, calls = run(ALL - {"chromium"}, unavailable=["chromium"])
    assert code == 1
    assert "only as a snap" in out and "QBANK_CHROMIUM" in out
    assert not any("install" in c for c in calls)


def test_ubuntu_with_snapd_installs_the_chromium_snap(run):
    code, out, calls = run(ALL - {"chromium", "fonts-noto-core"}, unavailable=["chromium"],
                           snapd=True)
    assert code == 0, out
    assert "apt-get install -y -q --no-install-recommends fonts-noto-core" in calls
    assert calls[-1] == "snap install chromium"


def test_ubuntu_without_snapd_uses_the_chromium_named_by_qbank_chromium(run, tmp_path):
    chrome = tmp_path / "chrome"
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)
    code, out, calls = run(ALL - {"chromium"}, unavailable=["chromium"],
                           env={"QBANK_CHROMIUM": str(chrome)})
    assert code == 0, out
    assert f"QBANK_CHROMIUM={chrome}" in out and not any("install" in c for c in calls)
