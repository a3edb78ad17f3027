"""Fixtures shared by every test module."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import qbank

from helpers import write_project

# Property tests explore new inputs on every developer run; in CI (CI=true) they replay the same
# derandomized examples, and no example fails for being slow on a busy two-core machine.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def project_at(tmp_path):
    """project_at(files) -> (project, diagnostics) for a small project with `files` changed."""

    def make(files: dict | None = None, base: bool = True):
        write_project(tmp_path, files or {}, base)
        project = qbank.load_project(tmp_path)
        return project, qbank.check(project)

    return make
