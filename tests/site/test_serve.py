"""`qbank serve`: prints its address, shows content errors as a Vietnamese page in the browser
and the site again once they are fixed, without restarting (issue #14 §3)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from site_fixture import make_site_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as e:  # a page that is gone: the server's 404 page
        return e.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, what: str, limit: float = 120):
    """Poll until `predicate()` is truthy (the server rebuilds in the background)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"never happened: {what}")


def test_serve_prints_its_address_and_shows_errors_until_they_are_fixed(tmp_path):
    root = make_site_project(tmp_path / "p")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qbank", "serve", str(root), "-a",
                             f"127.0.0.1:{port}"], stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")),
                              daemon=True)
    reader.start()
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(lambda: any(f"Xem trước cẩm nang tại {url}" in s for s in lines), "address")
        _wait_for(lambda: "nguoi-dan/index.html" in _get(url), "the site")
        page = f"{url}nguoi-dan/index.html"
        bank = root / "question_banks/chung/cau-hoi.yaml"
        good = bank.read_text(encoding="utf-8")
        bank.write_text(good.replace("    level: 1\n", "\tlevel: 1\n", 1), encoding="utf-8")
        shown = _wait_for(lambda: (lambda t: t if "Nội dung đang có lỗi" in t else "")(
            _get(page)), "the error page")
        assert "[QB0101]" in shown and "question_banks/chung/cau-hoi.yaml" in shown
        assert 'http-equiv="refresh"' in shown  # the browser asks again by itself
        assert "tab character" not in shown and "Traceback" not in shown
        bank.write_text(good, encoding="utf-8")
        _wait_for(lambda: "Nội dung đang có lỗi" not in (t := _get(page)) and "<nav" in t,
                  "the site back")
        _wait_for(lambda: any("đã hết lỗi" in s for s in lines), "the recovery line")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = "".join(lines)
    assert "Traceback" not in text and "Building documentation" not in text
    assert "lỗi cú pháp YAML" in text
