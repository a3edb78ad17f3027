"""Languages of the site and handouts: codes, names, scripts. Configuration, not facts.

The defaults below are what qbank shows when qbank.yaml has no `languages:` entry for a code;
an entry with the same code replaces the default whole. They are not decisions: which Thái
variety and tag Thanh Hóa's readers use (`tyr` Tai Daeng and `tmm` Tai Thanh are candidates;
`blt` Tai Dam is doubtful for the province), which Mông orthography, and whether Mường gets a
written version at all are for the province's reviewers (docs/formats.md, "Languages").
Mường (`mtq`) has no script in use: its versions are recordings (`script: null`).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from qbank.config import Language

TAI_VIET = "Tavt"

DEFAULTS: tuple[Language, ...] = (
    Language(code="vi", name="tiếng Việt", name_en="Vietnamese", script="Latn"),
    Language(code="mtq", name="tiếng Mường", name_en="Muong", script=None,
             notes="Chưa có chữ viết thống nhất ở Thanh Hóa: dùng bản nghe."),
    Language(code="tyr", name="tiếng Thái (Tày Đeng)", name_en="Tai Daeng", script=TAI_VIET,
             notes="Ứng viên cho tiếng Thái ở Thanh Hóa; chờ người thẩm định của tỉnh quyết định."),
    Language(code="tmm", name="tiếng Thái (Tày Thanh)", name_en="Tai Thanh", script=TAI_VIET,
             notes="Ứng viên cho tiếng Thái ở Thanh Hóa; chờ người thẩm định của tỉnh quyết định."),
    Language(code="blt", name="tiếng Thái Đen", name_en="Tai Dam", script=TAI_VIET,
             notes="Thái Đen vùng Tây Bắc; chưa chắc đúng với Thanh Hóa."),
    Language(code="twh", name="tiếng Thái Trắng", name_en="Tai Dón", script=TAI_VIET),
    Language(code="hnj", name="tiếng Mông (Hmong Njua)", name_en="Hmong Njua", script="Latn",
             notes="Chưa xác định nhóm Mông và lối chữ (chữ Mông Việt Nam hay RPA)."),
    Language(code="mww", name="tiếng Mông (Hmong Daw)", name_en="Hmong Daw", script="Latn",
             notes="Chưa xác định nhóm Mông và lối chữ (chữ Mông Việt Nam hay RPA)."),
    Language(code="tou", name="tiếng Thổ", name_en="Tho", script=None),
    Language(code="ium", name="tiếng Dao (Iu Mien)", name_en="Iu Mien", script="Latn"),
    Language(code="mji", name="tiếng Dao (Kim Mun)", name_en="Kim Mun", script="Latn"),
    Language(code="kjg", name="tiếng Khơ Mú", name_en="Khmu", script=None),
)

_current: ContextVar[dict[str, Language] | None] = ContextVar("qbank_languages", default=None)


def table(config=None) -> dict[str, Language]:
    """Every known language by code: the defaults, replaced by qbank.yaml's own entries."""
    out = {lang.code: lang for lang in DEFAULTS}
    for lang in getattr(config, "languages", None) or []:
        out[lang.code] = lang
    return out


@contextlib.contextmanager
def using(config):
    """Names looked up while building a project's pages come from its qbank.yaml."""
    token = _current.set(table(config))
    try:
        yield
    finally:
        _current.reset(token)


def get(code: str) -> Language | None:
    return (_current.get() or table()).get(code)


def name(code: str, lang: str = "vi") -> str:
    found = get(code)
    if found is None:
        return code
    return (found.name_en or code) if lang == "en" else found.name


def script(code: str) -> str | None:
    found = get(code)
    return found.script if found is not None else None
