"""What every `qbank` command shares: the exit codes, a message in the chosen language, and
loading the project or stopping with exit code 2 when there is none."""

from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def say(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def load_or_exit(path, lang: str):
    """The loaded project; outside any project, the diagnostic and exit 2."""
    from qbank.diagnostics import render_text
    from qbank.resolve.load import ProjectNotFound, load_project

    try:
        return load_project(path)
    except ProjectNotFound as e:
        click.echo(render_text([e.diagnostic], None, lang), err=True)
        sys.exit(EXIT_USAGE)
