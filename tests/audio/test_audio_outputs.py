"""An audio version with its transcript, built into the site, a handout, OLX, JSON and QTI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import zipfile

import pytest
from audio_project import GOOD, audio_block, audio_project, lesson_hash
from lxml import etree
from lxml import html as lhtml

import qbank
from qbank.site.build import build_handouts, build_site

SITE_URL = "https://cam-nang.example.org/thu/"
HANDBOOKS = {
    "handbooks/index.md": "---\ntitle: Cẩm nang thử\n---\n\nTrang chủ thử.\n",
    "handbooks/nguoi-dan/index.md": "---\ntitle: Cẩm nang cho người dân\n---\n\nGiới thiệu.\n",
    "mkdocs.yml": ("site_name: Cẩm nang thử\n" f"site_url: {SITE_URL}\n"
                   "docs_dir: handbooks\ntheme: {name: material, language: vi, font: false}\n"
                   "plugins:\n  - qbank:\n      languages: [mtq]\n  - search\n  - offline\n"),
}
PAGE = "nguoi-dan/khoa/bai/mtq.html"


def _project(root):
    from helpers import write_project

    audio_project(root, lesson_audio=audio_block(transcript="01-bai.md", language="vi",
                                                 source_hash=lesson_hash()))
    return write_project(root, HANDBOOKS, base=False)


@pytest.fixture(scope="module")
def project_root(tmp_path_factory):
    return _project(tmp_path_factory.mktemp("audio-outputs"))


@pytest.fixture(scope="module")
def site(project_root):
    result = build_site(qbank.load_project(project_root), project_root / "site")
    assert result.ok, [d.message("en") for d in result.diagnostics]
    return result.out


def test_audio_only_version_page_plays_the_recording_over_the_simplified_text(site):
    tree = lhtml.fromstring((site / PAGE).read_text(encoding="utf-8"))
    [audio] = tree.xpath("//figure[@class='qb-audio']/audio")
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    assert audio.get("lang") == "mtq"
    [source] = audio.xpath("source")
    assert source.get("type") == "audio/mpeg"
    played = (site / PAGE).parent / source.get("src")
    assert played.read_bytes() == GOOD.read_bytes()  # the file itself, copied into the site
    caption = tree.xpath("string(//figure[@class='qb-audio']/figcaption)")
    assert caption == ("Nghe bài này (tiếng Mường, 3 giây), người đọc: Người đọc thử "
                       "(dữ liệu kiểm thử)")
    article = tree.xpath("string(//article)")
    assert "Bài này có bản nghe tiếng Mường" in article
    assert "Ngắn gọn." in article  # the transcript: the simplified Vietnamese text
    [text] = tree.xpath("//article//p[contains(., 'Ngắn gọn.')]")
    assert not any(a.get("lang") == "mtq" for a in text.iterancestors())
    assert tree.xpath("string(//article//h1)").startswith("Bài học (bản nghe thử)")
    assert "Bản nghe đã được thẩm định bởi Người thẩm định thử." in article
    switcher = tree.xpath("string(//nav[@class='qb-versions'])")
    assert "Mường" in switcher and "chưa dịch" not in switcher


def test_full_lesson_page_plays_its_own_vietnamese_reading(site):
    tree = lhtml.fromstring((site / "nguoi-dan/khoa/bai/index.html").read_text(encoding="utf-8"))
    [audio] = tree.xpath("//figure[@class='qb-audio']/audio")
    assert audio.get("lang") == "vi"
    assert "tiếng Việt" in tree.xpath("string(//figure[@class='qb-audio']/figcaption)")


def test_handout_of_the_audio_version_has_a_qr_code_to_its_page(project_root, tmp_path):
    result = build_handouts(qbank.load_project(project_root), tmp_path / "handouts")
    assert result.ok
    pdf = tmp_path / "handouts" / "nguoi-dan" / "bai.mtq.pdf"
    assert pdf.is_file()
    import pypdf

    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages)
    assert SITE_URL + PAGE in "".join(text.split())
    # The QR code is drawn as vector paths (hundreds of line segments), absent without audio.
    drawn = pypdf.PdfReader(str(pdf)).pages[0].get_contents().get_data()
    plain = pypdf.PdfReader(str(pdf.with_name("bai.simple.pdf"))).pages[0].get_contents()
    assert drawn.count(b" l\n") > 100 and b" l\n" not in plain.get_data()
    zbarimg, pdftoppm = shutil.which("zbarimg"), shutil.which("pdftoppm")
    if os.environ.get("QBANK_REQUIRE_BROWSER") == "1":  # CI and the README's command 2
        assert zbarimg and pdftoppm, "scripts/setup-system.sh installs zbar-tools, poppler-utils"
    if zbarimg and pdftoppm:  # Debian zbar-tools, poppler-utils: read it as a phone would
        subprocess.run([pdftoppm, "-r", "200", "-png", "-singlefile", str(pdf),
                        str(tmp_path / "page")], check=True)
        read = subprocess.run([zbarimg, "-q", "--raw", str(tmp_path / "page.png")],
                              capture_output=True, text=True).stdout.strip()
        assert read == SITE_URL + PAGE


def test_olx_html_component_carries_the_players(project_root, tmp_path):
    out = tmp_path / "dist"
    qbank.build(qbank.load_project(project_root), out, ["olx"])
    [tgz] = list(out.rglob("*.tar.gz"))
    with tarfile.open(tgz) as tar:
        names = tar.getnames()
        html = tar.extractfile(next(n for n in names if n.endswith("bai-van-ban.html"))).read()
        root = etree.fromstring(b"<div>" + html + b"</div>")
        sources = root.xpath("//audio/source/@src")
        assert len(sources) == 2 and all(s.startswith("/static/") for s in sources)
        for src in sources:
            data = tar.extractfile(next(n for n in names if n.endswith(src))).read()
            assert data == GOOD.read_bytes()


def test_json_and_qti_list_the_recordings_as_media(project_root, tmp_path):
    out = tmp_path / "dist"
    qbank.build(qbank.load_project(project_root), out, ["json", "qti30"])
    [course_json] = list(out.rglob("course.json"))
    doc = json.loads(course_json.read_text(encoding="utf-8"))
    [lesson] = doc["lessons"]
    audio = lesson["audio"]
    assert (audio["language"], audio["transcript"], audio["duration_seconds"]) == \
        ("vi", "courses/khoa/lessons/01-bai.md", 3)
    assert audio["file"].startswith("media/") and audio["media_type"] == "audio/mpeg"
    [mtq] = [v for v in lesson["variants"] if v["kind"] == "mtq"]
    assert mtq["audio"]["language"] == "mtq" and mtq["audio"]["up_to_date"] is True
    assert mtq["audio"]["transcript"] == "courses/khoa/lessons/01-bai.simple.md"
    import jsonschema

    schema = json.loads((course_json.parent / doc["$schema"]).read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert (course_json.parent / mtq["audio"]["file"]).read_bytes() == GOOD.read_bytes()
    [qti] = list(out.rglob("qti30/*.zip"))
    with zipfile.ZipFile(qti) as z:
        manifest = z.read("imsmanifest.xml").decode()
        mp3s = [n for n in z.namelist() if n.endswith(".mp3")]
        assert mp3s and all(n in manifest for n in mp3s)
