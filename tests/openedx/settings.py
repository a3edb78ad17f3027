"""The least Django settings Open edX's CAPA code (PyPI xblocks-contrib) needs to parse, render
and grade problems: its templates (an installed app) and the settings it reads."""

SECRET_KEY = "qbank-tests-only"
DEBUG = False
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
INSTALLED_APPS = ["xblocks_contrib.problem.capa"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES: dict = {}
FEATURES: dict = {}
