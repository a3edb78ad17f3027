"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest

import qbank

from helpers import write_project


@pytest.fixture
def project_at(tmp_path):
    """project_at(files) -> (project, diagnostics) for a small project with `files` changed."""

    def make(files: dict | None = None, base: bool = True):
        write_project(tmp_path, files or {}, base)
        project = qbank.load_project(tmp_path)
        return project, qbank.check(project)

    return make
