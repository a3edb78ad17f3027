"""Assessment policy (Phụ lục II of Decision 757): reported as "not set", never invented."""

from __future__ import annotations

from qbank.diagnostics import code

FINAL_UNSET = code(
    "QB0507", "final-value-unset", "warning",
    "bài kiểm tra cuối khóa chưa đặt '{key}' (cả trong khóa học và trong 'policy' của qbank.yaml)",
    "the final test has no '{key}' (neither in the course nor in qbank.yaml's 'policy')",
    "Đặt giá trị do đơn vị quyết định trong 'final', hoặc giá trị chung trong 'policy'.",
    "Set the unit's own value under 'final', or a shared one under 'policy'.")
POLICY_UNSET = code(
    "QB0508", "policy-unset", "info",
    "chưa đặt các giá trị đánh giá theo Phụ lục II QĐ 757: {keys}",
    "assessment values of Phụ lục II (Decision 757) not set: {keys}",
    "Phụ lục II chưa được công bố đầy đủ; điền vào 'policy' khi có văn bản chính thức.",
    "Phụ lục II's values were not available; fill in 'policy' once the official text is known.")
COUNT_MISMATCH = code(
    "QB0509", "question-count-mismatch", "warning",
    "bài kiểm tra chọn {total} câu, khác số câu theo quy định ({expected})",
    "the test selects {total} questions, not the {expected} the policy requires",
    "Điều chỉnh 'select' của các phần cho tổng bằng {expected}.",
    "Adjust the sections' 'select' so that they add up to {expected}.")

_FINAL_KEYS = ("pass_threshold", "time_limit_minutes", "attempts")


def check(project):
    config = project.config
    if config is None:
        return
    policy = config.policy
    unset = [k for k, v in policy.model_dump().items() if v is None]
    if unset:
        yield POLICY_UNSET.at(project.config_src.pos("policy", key=True) if "policy" in
                              config.model_fields_set else project.config_src.pos(),
                              keys=", ".join(unset))
    for c in project.courses:
        final = c.course.final
        if final is None:
            continue
        for key in _FINAL_KEYS:
            if getattr(final, key) is None and getattr(policy, key) is None:
                yield FINAL_UNSET.at(c.pos("final"), key=key)
        total = sum(s.select for s in final.sections)
        if policy.question_count is not None and total != policy.question_count:
            yield COUNT_MISMATCH.at(c.pos("final", "sections", key=True), total=total,
                                    expected=policy.question_count)
