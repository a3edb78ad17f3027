"""A final test's blueprint can always be filled: every section draws from a big enough pool."""

from __future__ import annotations

from qbank.diagnostics import code

POOL_TOO_SMALL = code(
    "QB0502", "pool-too-small", "error",
    "phần '{section}' cần chọn {select} câu nhưng nguồn chỉ có {available} câu phù hợp",
    "section '{section}' selects {select} questions but its pool holds only {available}",
    "Nới bộ lọc (banks/skills/levels/tags), thêm câu hỏi có 'use: final', hoặc giảm 'select'.",
    "Widen the filters (banks/skills/levels/tags), add questions with 'use: final', or lower "
    "'select'.")
OVERLAP_TOO_SMALL = code(
    "QB0503", "pools-overlap", "error",
    "các phần của bài kiểm tra cần tổng cộng {select} câu nhưng các nguồn (trùng nhau) chỉ có "
    "{available} câu khác nhau",
    "the test's sections need {select} questions in all but their (overlapping) pools hold only "
    "{available} distinct questions",
    "Cho mỗi phần một nguồn riêng (khác bank hoặc tag).",
    "Give each section its own pool (another bank or tag).")
POOLS_OVERLAP = code(
    "QB0506", "pools-share-questions", "warning",
    "phần '{section}' dùng chung {shared} câu hỏi với phần '{other}': một người học có thể gặp "
    "cùng một câu hai lần",
    "section '{section}' shares {shared} question(s) with section '{other}': a learner may get "
    "the same question twice",
    "Tách nguồn của hai phần bằng bank hoặc tag.", "Separate the two pools by bank or tag.")


def check(project):
    for c in project.courses:
        final = c.course.final
        if final is None:
            continue
        pools = []
        for i, section in enumerate(final.sections):
            pool = {e.id for e in project.pool(section.pool)}
            pools.append(pool)
            if len(pool) < section.select:
                yield POOL_TOO_SMALL.at(c.pos("final", "sections", i, "select"),
                                        section=section.id, select=section.select,
                                        available=len(pool))
        for i, pool in enumerate(pools):
            for j in range(i):
                shared = pool & pools[j]
                if shared:
                    yield POOLS_OVERLAP.at(c.pos("final", "sections", i, "pool"),
                                           section=final.sections[i].id, shared=len(shared),
                                           other=final.sections[j].id)
        union = set().union(*pools)
        total = sum(s.select for s in final.sections)
        if len(union) < total and all(len(p) >= s.select for p, s in zip(pools, final.sections, strict=True)):
            yield OVERLAP_TOO_SMALL.at(c.pos("final", "sections", key=True), select=total,
                                       available=len(union))
