#!/usr/bin/env bash
# Cài các gói hệ thống mà qbank cần trên Debian/Ubuntu (apt-get, qua sudo khi không phải root).
# Installs the system packages qbank needs on Debian/Ubuntu (apt-get, through sudo unless root).
#
#   scripts/setup-system.sh           everything the tests need: Python venv, Chromium (browser
#                                     tests), Pango/HarfBuzz (PDF handouts), fonts, poppler-utils
#   scripts/setup-system.sh --build   only what `qbank check` / `qbank build` need (Python venv)
#   scripts/setup-system.sh --list    print the package list and exit
#
# Says what it installs before installing; does nothing when everything is already there.
# Without apt-get (another distribution, macOS) it lists the packages and leaves them to you.
set -euo pipefail

BUILD_PACKAGES="python3-venv"
TEST_PACKAGES="
    chromium
    fonts-noto-core
    fonts-dejavu-core
    fonts-sil-taiheritagepro
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz-subset0
    poppler-utils
    zbar-tools
"
# chromium: the browser tests (tests/site/test_site_browser.py) drive Debian's Chromium.
# fonts-noto-core, fonts-dejavu-core: Vietnamese diacritics in the site and the PDF handouts.
# fonts-sil-taiheritagepro: Tai Viet script (Thái Đen, blt) for translated pages.
# libpango*, libharfbuzz-subset0: WeasyPrint, which writes the PDF handouts.
# poppler-utils: pdffonts/pdftotext, to inspect a handout by hand.
# zbar-tools: zbarimg reads the handouts' QR codes back, as a phone would.

mode=test
case "${1:-}" in
    "") ;;
    --build) mode=build ;;
    --list) echo $BUILD_PACKAGES $TEST_PACKAGES | tr ' ' '\n'; exit 0 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-system.sh: tùy chọn không hợp lệ '$1' / unknown option '$1' (--build, --list)" >&2
       exit 2 ;;
esac
packages=$BUILD_PACKAGES
[ "$mode" = test ] && packages="$packages $TEST_PACKAGES"

say() { printf 'setup-system: %s\n' "$*"; }

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "cần Python ≥ 3.11 (python3 hiện là: $(python3 --version 2>&1 || echo 'không có'))" \
        "/ qbank needs Python >= 3.11" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    say "máy này không có apt-get: hãy tự cài các gói tương ứng / no apt-get here: install the" \
        "equivalents yourself:" $packages
    exit 0
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
available() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need_root() {  # only asked for when something is to be installed
    [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1 && return 0
    say "cần quyền root hoặc sudo để cài gói / root or sudo is needed to install packages" >&2
    exit 1
}
export DEBIAN_FRONTEND=noninteractive
updated=""
apt_update() {
    [ -n "$updated" ] && return 0
    need_root
    say "apt-get update"
    $SUDO apt-get update -q >/dev/null
    updated=1
}

# Ubuntu has no real `chromium` deb: its `chromium-browser` package only installs the snap.
snap_chromium=""
if [ "$mode" = test ] && ! installed chromium; then
    available chromium || apt_update
    if ! available chromium; then
        packages=${packages/chromium/}
        if [ -n "${QBANK_CHROMIUM:-}" ] && [ -x "$QBANK_CHROMIUM" ]; then
            say "dùng / using QBANK_CHROMIUM=$QBANK_CHROMIUM"
        elif command -v chromium >/dev/null 2>&1 || [ -x /snap/bin/chromium ]; then
            say "dùng Chromium đã có / using the Chromium already installed:" \
                "$(command -v chromium || echo /snap/bin/chromium)"
        elif command -v snap >/dev/null 2>&1 && snap version >/dev/null 2>&1; then
            snap_chromium=1
        else
            say "bản phân phối này (Ubuntu?) chỉ có Chromium dạng snap, mà máy không chạy snapd" \
                "(container, WSL) / this distribution (Ubuntu?) ships Chromium only as a snap" \
                "and snapd is not running here. Cài Chromium cách khác rồi đặt" \
                "QBANK_CHROMIUM=/đường/dẫn/chromium / install Chromium another way and set" \
                "QBANK_CHROMIUM=/path/to/chromium." >&2
            exit 1
        fi
    fi
fi

missing=""
for p in $packages; do
    installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    say "sẽ cài bằng apt-get${SUDO:+ (qua sudo)} / installing with apt-get${SUDO:+ (through sudo)}:$missing"
    apt_update
    need_root
    $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
    say "đã cài / installed:$missing"
fi
if [ -n "$snap_chromium" ]; then
    say "sẽ cài chromium bằng snap${SUDO:+ (qua sudo)}, vì Ubuntu không có gói deb" \
        "/ installing chromium with snap${SUDO:+ (through sudo)}: Ubuntu has no deb of it"
    need_root
    $SUDO snap install chromium
fi
if [ -z "$missing" ] && [ -z "$snap_chromium" ]; then
    say "đã có đủ gói hệ thống, không cài gì / every system package is already there"
fi
