"""Citizen-ID structure and repairs, and the masks every output uses."""

from __future__ import annotations

from qbank.people import cccd
from qbank.people.masking import mask_email, mask_id, mask_name, mask_username


def test_parse_reads_province_sex_and_birth_year():
    got = cccd.parse("038185004321")
    assert (got.province, got.sex, got.birth_year) == ("038", "nữ", 1985)
    assert cccd.parse("038201009876").birth_year == 2001
    assert cccd.parse("038201009876").sex == "nam"
    assert cccd.parse("039190112233") is None  # no province 039
    assert cccd.parse("038590112233") is None  # century digit 5: born after 2100
    assert cccd.parse("03819011223") is None


def test_read_id_repairs_only_what_is_safe():
    r = cccd.read_id(38092555111, stored_as_number=True)
    assert (r.number, r.fixes, r.ok) == ("038092555111", ["leading-zero"], True)
    r = cccd.read_id("038 095.246 810")
    assert (r.number, r.fixes, r.ok) == ("038095246810", ["separators"], True)
    assert cccd.read_id("173456789").problem == "old-card"
    assert cccd.read_id("03809012345X").problem == "format"
    assert cccd.read_id("0380901234").problem == "format"
    assert cccd.read_id(None).problem == "missing"
    assert cccd.read_id("038790123456").problem == "century"
    # 11 digits typed as text whose first two make a province once a zero is added
    assert cccd.read_id("38090123456").number == "038090123456"


def test_masks():
    assert mask_id("038090123456") == "038•••••3456"
    assert mask_id("173456789") == "17•••••89"
    assert mask_email("an.nv@example.gov.vn") == "an•••@example.gov.vn"
    assert mask_name("Nguyễn Văn An") == "N. V. An"
    assert mask_username("038185004322") == "038•••••4322"
    assert mask_username("nguoi_hoc") == "nguoi_hoc"
