"""`qbank import`: question banks departments already have (Excel, Word, plain text, GIFT,
Aiken, QTI packages) → qbank YAML under question_banks/<bank>/, one file per source file.

    result = import_files([Path("ngan-hang.xlsx")], "an-toan", project_root, skills=["4.2"])
    result.diagnostics     # skipped rows with their sheet/row, legacy text converted, …
    result.files           # what was written where, how many questions

Modules are imported lazily: `qbank.importers.legacy` is also used by `qbank check` and
`qbank fix`, which should not pay for openpyxl and python-docx.
"""

from __future__ import annotations

__all__ = ["FileResult", "ImportResult", "import_files", "load_map"]


def __getattr__(name: str):
    """The public names, from qbank.importers.run when first asked for (PEP 562)."""
    if name in __all__:
        from qbank.importers import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
