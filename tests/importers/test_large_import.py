"""A large import is split into bank files that `qbank check` accepts."""

from __future__ import annotations

import qbank
from qbank.importers import import_files
from qbank.source.files import MAX_BYTES

from helpers import found, write_project


def _source(n: int) -> str:
    return "\n".join(
        f"Câu {i}: Câu hỏi số {i}: nên làm gì khi nhận được tin nhắn lạ có đường liên kết?\n"
        "A. Bấm vào đường liên kết ngay để xem\nB. Không bấm, hỏi lại cơ quan qua kênh chính thức\n"
        "C. Gửi mã OTP cho người nhắn\nD. Chuyển tiếp cho bạn bè\nĐáp án: B\n"
        "Giải thích: Tin nhắn lạ có thể là lừa đảo; kiểm tra qua kênh chính thức trước.\n"
        for i in range(1, n + 1))


def test_ten_thousand_questions_land_in_files_check_accepts(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "ngan-hang-lon.txt"
    source.write_text(_source(10_000), encoding="utf-8")
    result = import_files([source], "lon", tmp_path, skills=["4.2"])
    assert result.ok
    files = sorted((tmp_path / "question_banks/lon").iterdir())
    assert len(files) > 1
    assert [f.name for f in files] == [f"ngan-hang-lon-{k:03d}.yaml"
                                       for k in range(1, len(files) + 1)]
    assert all(f.stat().st_size < MAX_BYTES for f in files)
    assert sum(f.stat().st_size for f in files) > MAX_BYTES  # one file would have been refused
    [note] = [d for d in result.diagnostics if d.code.id == "QB1130"]
    assert note.message() == (f"10000 câu hỏi được chia thành {len(files)} tệp "
                              f"(ngan-hang-lon-001.yaml … {files[-1].name}) để mỗi tệp dưới "
                              "1024 KiB")
    assert result.files[0].targets == files
    project = qbank.load_project(tmp_path)
    diags = qbank.check(project)
    assert not qbank.has_errors(diags)
    assert not found(diags, "QB0113")
    questions = [e.q for f in [project.banks["lon"]] for e in f.questions]
    assert len(questions) == 10_000
    # Source order is kept across the parts.
    assert [q.stem.split(":")[0] for q in questions[:2]] == ["Câu hỏi số 1", "Câu hỏi số 2"]
    assert questions[-1].stem.startswith("Câu hỏi số 10000:")
    assert files[1].read_text(encoding="utf-8").splitlines()[2].startswith(
        f"# Phần 2/{len(files)}")


def test_reimport_of_a_smaller_file_removes_the_old_parts(tmp_path):
    write_project(tmp_path, {})
    source = tmp_path / "ngan-hang-lon.txt"
    source.write_text(_source(3_000), encoding="utf-8")
    first = import_files([source], "lon", tmp_path, skills=["4.2"])
    assert len(first.files[0].targets) > 1
    source.write_text(_source(3), encoding="utf-8")
    refused = import_files([source], "lon", tmp_path, skills=["4.2"])
    assert found(refused.diagnostics, "QB1105")  # parts of the earlier import: not overwritten
    assert found(refused.diagnostics, "QB1118") == []  # its own earlier questions are not "taken"
    again = import_files([source], "lon", tmp_path, skills=["4.2"], force=True)
    assert again.ok
    assert [p.name for p in (tmp_path / "question_banks/lon").iterdir()] == ["ngan-hang-lon.yaml"]
    project = qbank.load_project(tmp_path)
    assert len(project.banks["lon"].questions) == 3
    assert not qbank.has_errors(qbank.check(project))
