"""HUONG-DAN-NOP.md (and .html) in each bundle: which file goes where, step by step, in
Vietnamese, for the person who receives the bundle rather than the author who built it.

Written after the format writers, from the files actually in the bundle (a build with --only
json gets a guide about JSON only). The .html is the same Markdown through the project's
renderer (raw HTML never passes), in a page that needs no network. Same sources, same bytes.
"""

from __future__ import annotations

import html
from pathlib import Path

from qbank.export.registry import CourseBuild
from qbank.render.markdown import render

GUIDE = "HUONG-DAN-NOP"

_CSS = """body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;max-width:48rem;
margin:1rem auto;padding:0 1rem;line-height:1.55;color:#1a1a1a}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.35rem .5rem;
text-align:left;vertical-align:top}code{background:#f2f2f2;padding:0 .2rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
@media print{body{max-width:none;margin:0}h2{break-after:avoid}}"""


def _course_key(ctx: CourseBuild) -> tuple[str, str, str]:
    course = ctx.course.course
    org = course.org or ctx.project.config.organization.code
    return org, course.code or ctx.course.id, course.run or course.version


def guide_markdown(ctx: CourseBuild, folder: Path) -> str:
    """The guide for the bundle in `folder` (its files already written)."""
    cid = ctx.course.id
    course = ctx.course.course
    has = lambda rel: (folder / rel).exists()  # noqa: E731
    olx, library = f"olx/{cid}.tar.gz", f"olx/{cid}-library.tar.gz"
    qti30, qti21 = f"qti30/{cid}.zip", f"qti21/{cid}.zip"
    org, code, run = _course_key(ctx)
    out = [f"# Hướng dẫn nộp gói khóa học “{course.title}”", "",
           f"Gói `{cid}` phiên bản {course.version}, do `qbank build` tạo từ kho nội dung của "
           f"{ctx.project.config.organization.name}. Không sửa tay các tệp trong gói: muốn đổi "
           "nội dung thì sửa kho nội dung rồi chạy lại `qbank build`.", "",
           "## Tệp nào dùng vào việc gì", "",
           "| Tệp | Dùng để | Người dùng |", "|---|---|---|"]
    if has(olx):
        out.append(f"| `{olx}` | **Tệp cần tải lên** nền tảng Open edX (Bình dân học vụ số): cả "
                   "khóa học, bài học, câu hỏi sau từng bài và bài kiểm tra cuối khóa. "
                   "Chỉ tải lên tệp này. | quản trị khóa học trên nền tảng |")
    if has(library):
        out.append(f"| `{library}` | Không bắt buộc: thư viện câu hỏi (Legacy Library) để dùng lại "
                   "trong khóa học khác. Khóa học ở trên không cần tệp này. | quản trị nền tảng |")
    if has(qti30):
        out.append(f"| `{qti30}` | Gói IMS QTI 3.0 cho hệ thống học tập khác nhận chuẩn QTI. "
                   "| quản trị hệ thống khác |")
    if has(qti21):
        out.append(f"| `{qti21}` | Cùng nội dung theo QTI 2.1, cho hệ thống chỉ nhận QTI 2.x. "
                   "| quản trị hệ thống khác |")
    if has("course.json"):
        out.append("| `course.json`, `questions.json`, `schema/` | Dữ liệu JSON (có JSON Schema) "
                   "để nối với phần mềm khác. | lập trình viên |")
    if has("review.html"):
        out.append("| `review.html` | Bản thẩm định để đọc và in (A4): mọi câu hỏi với đáp án, "
                   "giải thích, kỹ năng, ô ký. | người thẩm định, người phê duyệt |")
    out.append("| `MANIFEST.json` | Danh sách mọi tệp với kích thước và mã SHA-256, để kiểm tra "
               "gói còn nguyên. | người nhận gói |")
    if has(olx):
        out += ["", "## Tải khóa học lên Open edX Studio", "",
                "1. Đăng nhập Studio bằng tài khoản có quyền quản trị khóa học.",
                "2. Nếu khóa học chưa có: bấm **New Course** và điền đúng các giá trị sau để mã "
                f"khóa học trùng với gói: Organization `{org}`, Course Number `{code}`, "
                f"Course Run `{run}`. Nếu đã có: mở khóa học đó.",
                "3. Vào **Tools → Import**.",
                f"4. Bấm **Choose a File to Import**, chọn tệp `{olx}` (giữ nguyên, không giải "
                "nén), rồi bấm **Replace my course with the one above**. Nội dung khóa học hiện "
                "có được thay bằng nội dung trong gói.",
                "5. Chờ các bước tải lên, giải nén, kiểm tra và cập nhật chạy xong, rồi bấm "
                "**View Updated Outline**.",
                "6. Xem lại: các chương, bài học, câu hỏi sau từng bài và bài kiểm tra cuối khóa; "
                "dùng **Preview** để làm thử một lần.",
                "7. Khi có phiên bản mới của gói, làm lại từ bước 3. Mã của bài học và câu hỏi "
                "không đổi giữa các phiên bản, nên kết quả của người học được giữ."]
    if has(library):
        out += ["", "## Thư viện câu hỏi (không bắt buộc)", "",
                "Chỉ cần khi muốn dùng lại câu hỏi của khóa này trong khóa học khác:",
                "",
                "1. Trong Studio, tạo thư viện (Legacy Library) với Organization "
                f"`{org}` và Library Code `{code}-LIB`.",
                f"2. Mở thư viện → **Tools → Import** → chọn `{library}`."]
    if has(qti30) or has(qti21):
        which = " hoặc ".join(f"`{p}`" for p in (qti30, qti21) if has(p))
        out += ["", "## Hệ thống học tập khác (QTI)", "",
                f"1. Gửi {which} cho người quản trị hệ thống (giữ nguyên tệp .zip).",
                "2. Trong hệ thống đó, dùng chức năng nhập gói IMS QTI / IMS Content Package; "
                "chọn QTI 2.1 khi hệ thống không nhận QTI 3.0.",
                "3. Gói có câu hỏi (`items/`), bài kiểm tra sau từng bài và bài kiểm tra cuối "
                "khóa (`tests/`), ảnh (`media/`) và `imsmanifest.xml`. Bài kiểm tra cuối khóa "
                "tự chọn ngẫu nhiên câu hỏi cho mỗi người học theo từng phần."]
    if has("review.html"):
        out += ["", "## Thẩm định", "",
                "1. Mở `review.html` bằng trình duyệt (không cần mạng).",
                "2. In khổ A4 (Ctrl+P) hoặc lưu thành PDF để gửi người thẩm định.",
                "3. Người thẩm định ghi ý kiến và ký vào ô cuối bản in. Muốn góp ý theo từng câu "
                "trong bảng tính, tác giả chạy `qbank export xlsx` trong kho nội dung."]
    out += ["", "## Kiểm tra gói còn nguyên", "",
            "`MANIFEST.json` ghi mã SHA-256 của từng tệp. Trên máy có lệnh `sha256sum`, chạy "
            "`sha256sum <tệp>` trong thư mục gói và so với mã trong `MANIFEST.json`."]
    return "\n".join(out) + "\n"


def guide_html(markdown: str, title: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<main>\n{render(markdown)}</main>\n</body>\n</html>\n")


def write_guide(ctx: CourseBuild, folder: Path) -> list[Path]:
    """Write HUONG-DAN-NOP.md and .html into the bundle folder."""
    text = guide_markdown(ctx, folder)
    md, page = folder / f"{GUIDE}.md", folder / f"{GUIDE}.html"
    md.write_text(text, encoding="utf-8")
    page.write_text(guide_html(text, f"Hướng dẫn nộp gói {ctx.course.id}"), encoding="utf-8")
    return [md, page]
