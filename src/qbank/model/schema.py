"""JSON Schemas of the source files, for editors (completion, red underlines) and tools."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from qbank.config import Config
from qbank.framework.model import Framework
from qbank.model.course import Course
from qbank.model.lesson import LessonMeta, VariantMeta
from qbank.model.question import BankFile

SCHEMAS = {
    "qbank": (Config, "qbank.yaml"),
    "course": (Course, "courses/<course-id>/course.yaml"),
    "question-bank": (BankFile, "question_banks/<bank-id>/*.yaml"),
    "lesson": (LessonMeta, "front matter of courses/<course-id>/lessons/NN-slug.md"),
    "variant": (VariantMeta, "front matter of NN-slug.simple.md and NN-slug.<lang>.md"),
    "framework": (Framework, "a skill framework file"),
}

SCHEMA_BASE = "https://qbank.invalid/schema/"


def schema_for(name: str) -> dict:
    model, describes = SCHEMAS[name]
    schema = TypeAdapter(model).json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{name}.schema.json",
            "description": f"qbank source file: {describes}", **schema}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out / f"{name}.schema.json"
        text = json.dumps(schema_for(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
