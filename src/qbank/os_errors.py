"""Operating-system errors told in Vietnamese as well as in English, for messages about files.

The system's own text (`strerror`) is English; a Vietnamese message names the common causes in
Vietnamese and keeps the system's words only for the rare ones it does not know.
"""

from __future__ import annotations

import errno

VI = {
    errno.EACCES: "không có quyền đọc hoặc ghi", errno.EPERM: "không được phép",
    errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "đã hết dung lượng được cấp",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "không tìm thấy",
    errno.ENOTDIR: "không phải thư mục", errno.EISDIR: "là một thư mục, không phải tệp",
    errno.EEXIST: "đã có", errno.ENOTEMPTY: "thư mục không trống",
    errno.EBUSY: "đang được chương trình khác dùng", errno.ETXTBSY: "đang được dùng",
    errno.ENAMETOOLONG: "tên tệp quá dài", errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EIO: "lỗi đọc ghi trên ổ đĩa", errno.ELOOP: "liên kết tượng trưng vòng lặp",
}


def os_reason(e: OSError) -> tuple[str, str]:
    """(Vietnamese, English) of what went wrong, without the file name."""
    en = e.strerror or str(e) or type(e).__name__
    return VI.get(e.errno, f"lỗi hệ thống ({en})"), en
