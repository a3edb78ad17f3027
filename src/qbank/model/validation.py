"""Validate plain data against a model and turn pydantic's errors into positioned diagnostics."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from qbank.diagnostics import Diagnostic, code
from qbank.source.yamlpos import SourceMap
from qbank.vietnamese import slugify

SCHEMA = code(
    "QB0200", "schema", "error", "giá trị không hợp lệ ở '{key}': {detail}",
    "invalid value at '{key}': {detail}")
UNKNOWN_KEY = code(
    "QB0201", "unknown-key", "error", "khóa không hợp lệ '{key}'", "unknown key '{key}'",
    "Các khóa được phép: {allowed}.", "Allowed keys: {allowed}.")
MISSING_KEY = code(
    "QB0202", "missing-key", "error", "thiếu trường bắt buộc '{key}'",
    "missing required key '{key}'")
UNKNOWN_TYPE = code(
    "QB0203", "unknown-question-type", "error", "loại câu hỏi không hợp lệ '{value}'",
    "unknown question type '{value}'", "Các loại được phép: {allowed}.",
    "Allowed types: {allowed}.")
BAD_CHOICE = code(
    "QB0204", "invalid-choice", "error", "giá trị '{value}' không hợp lệ cho '{key}'",
    "invalid value '{value}' for '{key}'", "Giá trị được phép: {allowed}.",
    "Allowed values: {allowed}.")
BAD_ID = code(
    "QB0205", "invalid-id", "error", "mã định danh (id) không hợp lệ '{value}'",
    "invalid id '{value}'",
    "Id chỉ gồm chữ thường không dấu, số và dấu gạch ngang, tối đa 64 ký tự, ví dụ '{suggest}'.",
    "Ids use lowercase ASCII letters, digits and hyphens, at most 64 characters, e.g. '{suggest}'.")
EMPTY = code(
    "QB0206", "empty-value", "error", "'{key}' không được để trống", "'{key}' must not be empty")
TOO_FEW = code(
    "QB0207", "too-few-items", "error", "'{key}' cần ít nhất {min} mục (hiện có {actual})",
    "'{key}' needs at least {min} item(s) (has {actual})")
OUT_OF_RANGE = code(
    "QB0208", "out-of-range", "error", "giá trị {value} của '{key}' ngoài khoảng cho phép ({limit})",
    "value {value} of '{key}' is out of range ({limit})")
BAD_FORMAT = code(
    "QB0209", "invalid-format", "error", "giá trị '{value}' của '{key}' sai định dạng",
    "value '{value}' of '{key}' has an invalid format", "Định dạng đúng: {pattern}.",
    "Expected format: {pattern}.")
WRONG_TYPE = code(
    "QB0210", "wrong-type", "error", "'{key}' phải là {expected_vi}", "'{key}' must be {expected_en}")

_TYPE_NAMES = {
    "string": ("văn bản", "text"),
    "int": ("số nguyên", "an integer"),
    "float": ("số", "a number"),
    "bool": ("true hoặc false", "true or false"),
    "list": ("danh sách (các dòng bắt đầu bằng '- ')", "a list ('- ' items)"),
    "dict": ("một khối các dòng 'tên: giá trị' thụt lề bên dưới", "a mapping of key: value"),
    "model": ("một khối các dòng 'tên: giá trị' thụt lề bên dưới", "a mapping of key: value"),
    "date": ("ngày dạng YYYY-MM-DD", "a date YYYY-MM-DD"),
}


def _unwrap(tp):
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
            else:
                return tp
        else:
            return tp


def _tag_map(tp) -> dict[str, type[BaseModel]]:
    """For a union of models told apart by a Literal `type`, {tag: model}."""
    out = {}
    for arg in get_args(tp):
        arg = _unwrap(arg)
        if isinstance(arg, type) and issubclass(arg, BaseModel) and "type" in arg.model_fields:
            for lit in get_args(_unwrap(arg.model_fields["type"].annotation)):
                out[lit] = arg
    return out


def _walk(tp, loc: tuple) -> tuple[tuple, Any]:
    """Map pydantic's error location to a data path, and the type found at its end."""
    path: list = []
    for part in loc:
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            tags = _tag_map(tp)
            if part in tags:
                tp = tags[part]
                continue
            tp = None
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            tp = field.annotation if field else None
        elif origin in (list, tuple, set):
            args = get_args(tp)
            tp = args[0] if args else None
        elif origin is dict:
            args = get_args(tp)
            tp = args[1] if len(args) == 2 else None
        else:
            tp = None
        path.append(part)
    return tuple(path), _unwrap(tp)


def _key_name(path: tuple) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[") or "(gốc)"


def _short(value: Any) -> str:
    s = str(value)
    return s if len(s) <= 60 else s[:57] + "…"


def _diagnostic(err: dict, root_type, smap: SourceMap, prefix: tuple) -> Diagnostic:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path, found_type = _walk(root_type, err["loc"])
    full = prefix + path
    key = _key_name(path)
    value = err.get("input")
    pos = smap.position(full)

    if kind == "extra_forbidden":
        parent_path, parent = _walk(root_type, err["loc"][:-1])
        allowed = sorted(parent.model_fields) if isinstance(parent, type) and issubclass(
            parent, BaseModel) else []
        return UNKNOWN_KEY.at(smap.position(full, key=True), key=path[-1],
                              allowed=", ".join(allowed)).suggest(path[-1], allowed)
    if kind == "missing":
        return MISSING_KEY.at(smap.position(full[:-1]), key=path[-1] if path else key)
    if kind == "union_tag_not_found":
        return MISSING_KEY.at(pos, key=ctx.get("discriminator", "type").strip("'"))
    if kind == "union_tag_invalid":
        allowed = [t.strip("'") for t in str(ctx.get("expected_tags", "")).split(", ")]
        return UNKNOWN_TYPE.at(smap.position(full + ("type",)), value=ctx.get("tag"),
                               allowed=", ".join(allowed)).suggest(ctx.get("tag"), allowed)
    if kind in ("literal_error", "enum"):
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ")
                   .split(", ")]
        return BAD_CHOICE.at(pos, value=_short(value), key=key,
                             allowed=", ".join(allowed)).suggest(value, allowed)
    if kind == "qbank_id":
        return BAD_ID.at(pos, value=_short(value), suggest=slugify(str(value)))
    if kind in ("qbank_blank", "string_too_short"):
        return EMPTY.at(pos, key=key)
    if kind == "too_short":
        return TOO_FEW.at(pos, key=key, min=ctx.get("min_length"), actual=ctx.get("actual_length"))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        op = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">",
              "less_than": "<"}[kind]
        limit = next(iter(ctx.values()), "")
        return OUT_OF_RANGE.at(pos, value=_short(value), key=key, limit=f"{op} {limit}")
    if kind == "string_pattern_mismatch":
        return BAD_FORMAT.at(pos, value=_short(value), key=key, pattern=ctx.get("pattern", ""))
    base = kind.split("_")[0]
    if base in _TYPE_NAMES or kind in ("model_attributes_type",):
        vi, en = _TYPE_NAMES.get(base, _TYPE_NAMES["model"])
        return WRONG_TYPE.at(pos, key=key, expected_vi=vi, expected_en=en)
    return SCHEMA.at(pos, key=key, detail=err.get("msg", kind))


_ADAPTERS: dict[Any, TypeAdapter] = {}


def validate(model, data: Any, smap: SourceMap, prefix: tuple = ()) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` (found at `prefix` in the file of `smap`) as `model`.

    Returns the model instance, or None with one diagnostic per problem.
    """
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    try:
        return adapter.validate_python(data), []
    except ValidationError as e:
        return None, [_diagnostic(err, model, smap, prefix) for err in e.errors()]
