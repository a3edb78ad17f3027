"""`qbank report progress --history`: each month's counts are kept as a snapshot with no
personal data, and the trend per unit is printed and written against the target."""

from __future__ import annotations

import json

from click.testing import CliRunner
from people_files import SAMPLE_RESULTS, SAMPLE_ROSTER

from qbank.people.commands import report


def _run(tmp_path, results, month, *extra):
    return CliRunner().invoke(report, [
        "progress", "--roster", str(SAMPLE_ROSTER), "--results", str(results), "--month", month,
        "--target", "40", "--out", str(tmp_path / f"bao-cao-{month}"), "--history",
        str(tmp_path / "lich-su"), *extra])


def test_two_months_give_a_trend(tmp_path):
    october = tmp_path / "thang-10.csv"
    lines = SAMPLE_RESULTS.read_text(encoding="utf-8").splitlines()
    # in October An had not passed yet: one completion fewer
    october.write_text("\n".join([lines[0], lines[1].replace(",Y,N,", ",N,N,"), *lines[2:]])
                       + "\n", encoding="utf-8")
    first = _run(tmp_path, october, "2026-10")
    assert first.exit_code == 0, first.output
    second = _run(tmp_path, SAMPLE_RESULTS, "2026-11")
    assert second.exit_code == 0, second.output
    snapshots = sorted(p.name for p in (tmp_path / "lich-su").iterdir())
    assert snapshots == ["2026-10.json", "2026-11.json"]
    data = json.loads((tmp_path / "lich-su/2026-11.json").read_text(encoding="utf-8"))
    assert data["units"] == {"Sở Nội vụ": {"on_roster": 10, "enrolled": 5, "completed": 3}}
    raw = (tmp_path / "lich-su/2026-10.json").read_text(encoding="utf-8")
    assert "@" not in raw and "038" not in raw  # aggregates only
    assert "Xu hướng tỷ lệ hoàn thành (chỉ tiêu 40 %)" in second.stdout
    trend = second.stdout.split("Xu hướng tỷ lệ hoàn thành")[1].splitlines()
    assert trend[1].split() == ["Đơn", "vị", "10/2026", "11/2026"]
    assert trend[2].startswith("Sở Nội vụ") and trend[2].endswith("    20,0 %    30,0 %")
    md = (tmp_path / "bao-cao-2026-11/xu-huong.md").read_text(encoding="utf-8")
    assert "| Đơn vị | 10/2026 | 11/2026 |" in md
    assert "| Sở Nội vụ | 20,0 % | 30,0 % |" in md  # under the 40 % target: no ✔
    assert "gửi trước ngày 25/11" in md


def test_history_needs_a_month(tmp_path):
    res = CliRunner().invoke(report, ["progress", "--roster", str(SAMPLE_ROSTER), "--results",
                                      str(SAMPLE_RESULTS), "--history", str(tmp_path)])
    assert res.exit_code == 2 and "--history cần --month" in res.output
