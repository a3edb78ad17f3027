"""Open edX's own CAPA code under the minimal settings of tests/openedx/settings.py."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openedx.settings")

import django  # noqa: E402

django.setup()
