"""Validate plain data against a model and turn pydantic's errors into positioned diagnostics."""

from __future__ import annotations

import copy
import difflib
import os
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
CHOICE_ANSWER = code(
    "QB0212", "choice-answer-key", "error",
    "câu hỏi nhiều phương án không dùng 'answer': đánh dấu phương án đúng bằng 'correct: true'",
    "choice questions have no 'answer': mark the right option with 'correct: true'",
    "Xóa dòng 'answer' và thêm 'correct: true' dưới phương án đúng{which_vi}.",
    "Remove the 'answer' line and add 'correct: true' under the right option{which_en}.")
TRUE_FALSE_ANSWER = code(
    "QB0213", "true-false-answer", "error",
    "'answer' của câu đúng/sai phải là true (Đúng) hoặc false (Sai), không phải '{value}'",
    "a true/false 'answer' must be true or false, not '{value}'",
    "Ghi 'answer: true' nếu nhận định là Đúng, 'answer: false' nếu Sai.",
    "Write 'answer: true' if the statement is right, 'answer: false' if it is wrong.")
NOT_STAMPED = code(
    "QB0214", "variant-not-stamped", "error",
    "bản giản lược/bản dịch chưa ghi mã phiên bản của bài gốc ('source_hash')",
    "the simplified version or translation does not record its source's version ('source_hash')",
    "Chạy 'qbank stamp {file}': lệnh ghi mã của bài gốc hiện tại vào tệp này.",
    "Run 'qbank stamp {file}': it records the current source lesson's hash in this file.")

_WORDS_TRUE = {"đúng", "dung", "true", "yes", "có", "co", "đ", "d", "1"}
_WORDS_FALSE = {"sai", "false", "no", "không", "khong", "s", "0"}

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


def _diagnostic(err: dict, root_type, smap: SourceMap, prefix: tuple, data=None) -> Diagnostic:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path, found_type = _walk(root_type, err["loc"])
    full = prefix + path
    key = _key_name(path)
    value = err.get("input")
    pos = smap.position(full)

    if kind == "extra_forbidden":
        parent_path, parent = _walk(root_type, err["loc"][:-1])
        if path[-1] == "answer" and isinstance(parent, type) and "options" in getattr(
                parent, "model_fields", {}):
            return _choice_answer(smap.position(full, key=True), value,
                                  _get(data, parent_path + ("options",)))
        allowed = sorted(parent.model_fields) if isinstance(parent, type) and issubclass(
            parent, BaseModel) else []
        return UNKNOWN_KEY.at(smap.position(full, key=True), key=path[-1],
                              allowed=", ".join(allowed)).suggest(path[-1], allowed)
    if kind == "missing":
        if path and path[-1] == "source_hash" and getattr(root_type, "__name__", "") == \
                "VariantMeta":
            return NOT_STAMPED.at(smap.position(full[:-1]), file=_shown_path(smap.path))
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
    if kind.startswith("bool") and path and path[-1] == "answer":
        d = TRUE_FALSE_ANSWER.at(pos, value=_short(value))
        word = str(value).strip().casefold()
        if word in _WORDS_TRUE or word in _WORDS_FALSE:
            right = "true" if word in _WORDS_TRUE else "false"
            d.with_hint(f"Có phải ý bạn là 'answer: {right}'?", f"Did you mean 'answer: {right}'?")
        else:
            close = difflib.get_close_matches(word, ["true", "false"], n=1, cutoff=0.6)
            if close:
                d.with_hint(f"Có phải ý bạn là 'answer: {close[0]}'?",
                            f"Did you mean 'answer: {close[0]}'?")
        return d
    if base in _TYPE_NAMES or kind in ("model_attributes_type",):
        vi, en = _TYPE_NAMES.get(base, _TYPE_NAMES["model"])
        return WRONG_TYPE.at(pos, key=key, expected_vi=vi, expected_en=en)
    return SCHEMA.at(pos, key=key, detail=err.get("msg", kind))


def _shown_path(path) -> str:
    """A file as the author would type it in a command: relative to the working folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def _option_index(answer, options) -> int | None:
    """Which option an `answer: B` (or 2, or the option's text) names, if any."""
    if not isinstance(options, list):
        return None
    text = str(answer).strip()
    if len(text) == 1 and text.isalpha() and "A" <= text.upper() <= "Z":
        i = ord(text.upper()) - ord("A")
    elif text.isdigit():
        i = int(text) - 1
    else:
        texts = [str(o.get("text", "")).strip() if isinstance(o, dict) else "" for o in options]
        i = texts.index(text) if text in texts else -1
    return i if 0 <= i < len(options) else None


def _choice_answer(pos, answer, options) -> Diagnostic:
    i = _option_index(answer, options)
    which_vi = which_en = ""
    if i is not None:
        text = options[i].get("text", "") if isinstance(options[i], dict) else ""
        letter = chr(ord("A") + i)
        which_vi = f" (phương án {letter}: '{_short(text)}')"
        which_en = f" (option {letter}: '{_short(text)}')"
    return CHOICE_ANSWER.at(pos, which_vi=which_vi, which_en=which_en)


def _get(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# --- Recovery: validate what can be validated around a bad key -----------------------------

def _misspelt(errors) -> dict[tuple, tuple]:
    """{location of an unknown key: location of the missing key it is a misspelling of}.
    The unknown key's "did you mean" says it all; "missing 'title'" would only repeat it."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    out = {}
    for e in errors:
        loc = tuple(e["loc"])
        if e["type"] != "extra_forbidden" or not isinstance(loc[-1], str):
            continue
        siblings = [m[-1] for m in missing if m[:-1] == loc[:-1] and isinstance(m[-1], str)]
        close = difflib.get_close_matches(loc[-1], siblings, n=1, cutoff=0.6)
        if close and loc[:-1] + (close[0],) not in out.values():
            out[loc] = loc[:-1] + (close[0],)
    return out


def _field(model_type, key):
    if isinstance(model_type, type) and issubclass(model_type, BaseModel) and isinstance(key, str):
        return model_type.model_fields.get(key)
    return None


def _repair(data, errors, root_type) -> bool:
    """Change `data` in place so that the errors' parts are left out or given a stand-in;
    False when an error cannot be worked around."""
    deletions: list[tuple] = []
    for err in errors:
        kind, loc = err["type"], tuple(err["loc"])
        path, found = _walk(root_type, loc)
        key = path[-1] if path else None
        if kind == "extra_forbidden":
            if key == "answer":
                _apply_answer(data, path[:-1])
            deletions.append(path)
            continue
        if kind.startswith("bool") and key == "answer":
            word = str(_get(data, path)).strip().casefold()
            if word in _WORDS_TRUE or word in _WORDS_FALSE:
                _set(data, path, word in _WORDS_TRUE)
                continue
        if kind == "missing":
            if found is str and key != "source_hash" and _set(data, path, "?", create=True):
                continue
            loc, path = loc[:-1], path[:-1]
        # The nearest enclosing list item or optional key is left out.
        for n in range(len(loc), 0, -1):
            sub_path, _ = _walk(root_type, loc[:n])
            _, parent = _walk(root_type, loc[:n - 1])
            field = _field(parent, loc[n - 1])
            if isinstance(loc[n - 1], int) or (field is not None and not field.is_required()):
                deletions.append(sub_path)
                break
        else:
            return False
    # Deepest and last first, so that earlier indices stay valid.
    for path in sorted(set(deletions), key=lambda p: [(0, x) if isinstance(x, int) else (1, str(x))
                                                      for x in p], reverse=True):
        container = _get(data, path[:-1])
        try:
            del container[path[-1]]
        except (KeyError, IndexError, TypeError):
            pass
    return True


def _set(data, path, value, create: bool = False) -> bool:
    container = _get(data, path[:-1])
    if isinstance(container, dict) and (create or path[-1] in container):
        container[path[-1]] = value
        return True
    if isinstance(container, list) and isinstance(path[-1], int) and path[-1] < len(container):
        container[path[-1]] = value
        return True
    return False


def _apply_answer(data, question_path) -> bool:
    """`answer: B` on a choice question: mark option B correct, as the author meant."""
    question = _get(data, question_path)
    if not isinstance(question, dict):
        return False
    options = question.get("options")
    i = _option_index(question.get("answer"), options)
    if i is None or not isinstance(options[i], dict):
        return False
    options[i]["correct"] = True
    return True


_ADAPTERS: dict[Any, TypeAdapter] = {}


def validate(model, data: Any, smap: SourceMap, prefix: tuple = (),
             recover: bool = False) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` (found at `prefix` in the file of `smap`) as `model`.

    Returns the model instance, or None with one diagnostic per problem. With `recover`, a
    value with errors is still returned when leaving out the bad keys or list items (or
    filling a missing title) makes it valid, so that the rest of the project can be checked
    around it; the diagnostics are those of the original data.
    """
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    try:
        return adapter.validate_python(data), []
    except ValidationError as e:
        errors = e.errors()
    renames = _misspelt(errors)
    diags = [_diagnostic(err, model, smap, prefix, data) for err in errors
             if not (err["type"] == "missing" and tuple(err["loc"]) in renames.values())]
    if not recover:
        return None, diags
    fixed = copy.deepcopy(data)
    for wrong, right in renames.items():  # `titel:` is the missing `title:`
        wrong_path, _ = _walk(model, wrong)
        right_path, _ = _walk(model, right)
        _set(fixed, right_path, _get(fixed, wrong_path), create=True)
    errors = [e for e in errors if not (e["type"] == "missing"
                                        and tuple(e["loc"]) in renames.values())]
    for _ in range(4):
        if not _repair(fixed, errors, model):
            return None, diags
        try:
            return adapter.validate_python(fixed), diags
        except ValidationError as e:
            errors = e.errors()
    return None, diags

