"""A small project for the site tests: two audiences, a lesson about scams with a simplified
version and a (test-only, clearly labelled) translation into blt, and hnj without one."""

from __future__ import annotations

from pathlib import Path

from helpers import BASE_FILES, write_project

LESSON = """---
id: lua-dao
title: Nhận diện lừa đảo trực tuyến
skills: ["4.2"]
---

# Nhận diện lừa đảo trực tuyến

## Dấu hiệu

Kẻ gian giục chuyển tiền gấp và đòi mã OTP. Thanh Hóa có nhiều vụ như vậy.
"""
SIMPLE = """---
title: Cẩn thận lừa đảo
source_hash: '000000000000'
---

# Cẩn thận lừa đảo

Không chuyển tiền cho người lạ.
"""
# Test data only: marked as a draft machine translation, never shipped.
TRANSLATION = """---
title: Bản dịch thử nghiệm
source_hash: '000000000000'
review: draft
machine_translated: true
---

# Bản dịch thử nghiệm

Văn bản thử nghiệm của bộ kiểm thử, không phải bản dịch thật.
"""
MKDOCS = """site_name: Cẩm nang thử
docs_dir: handbooks
theme: {name: material, language: vi, font: false}
plugins:
  - qbank:
      languages: [blt, hnj]
  - search
  - offline
"""
FILES = {
    # The draft test translation is shown (with its status) only when every translation is.
    "qbank.yaml": BASE_FILES["qbank.yaml"] + "site: {translations: all}\n",
    "courses/khoa/course.yaml": """
        id: khoa
        title: Khóa học
        audience: nguoi-dan
        lessons: [lessons/01-bai.md, lessons/02-lua-dao.md]
        """,
    "courses/khoa/lessons/02-lua-dao.md": LESSON,
    "courses/khoa/lessons/02-lua-dao.blt.md": TRANSLATION,
    "handbooks/index.md": "---\ntitle: Cẩm nang thử\n---\n\nTrang chủ thử.\n",
    "handbooks/tro-giup.md": "---\ntitle: Tìm người giúp đỡ\norder: 2\n---\n\n"
                             "Hỏi Tổ công nghệ số cộng đồng.\n",
    "handbooks/nguoi-dan/index.md": "---\ntitle: Cẩm nang cho người dân\n---\n\nGiới thiệu.\n",
    "mkdocs.yml": MKDOCS,
}


def make_site_project(root: Path, extra: dict | None = None) -> Path:
    from qbank.source.stamp import stamp_variant

    write_project(root, FILES | (extra or {}))
    simple = root / "courses/khoa/lessons/02-lua-dao.simple.md"
    simple.write_text(SIMPLE, encoding="utf-8")
    stamp_variant(simple)
    return root


LESSON_DIR = "nguoi-dan/khoa/lua-dao"
