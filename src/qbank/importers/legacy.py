"""Vietnamese typed in the legacy 8-bit encodings TCVN3 (ABC) and VNI-Windows, pasted as Unicode.

Documents typed with .VnTime or VNI-Times fonts keep their bytes when copied into Unicode text,
so "Kỹ năng số" arrives as "Kü n¨ng sè" (TCVN3) or "Kyõ naêng soá" (VNI). Both encodings only
use characters of Latin-1, so words holding Unicode-only Vietnamese letters (ạ, ơ, đ, …) are
left alone. Among the rest, a word is converted only when its converted form is a Vietnamese
syllable and it is not one as it stands, and only in runs with clear evidence: correct Unicode
Vietnamese ("Hoà bình", "café") is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# TCVN3 (TCVN 5712:1993, ABC): the byte (shown as its Latin-1 character) → the Vietnamese letter.
# Capitals with tone marks live in separate "H" fonts, so only these capitals exist here.
TCVN3 = dict(zip(
    "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\u00adøõö÷ùýúûüþ®¡¢§£¤¥¦",
    "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĂÂĐÊÔƠƯ",
    strict=True))

# VNI-Windows: a base letter followed by a mark character; a few letters are single characters.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
            "ã": "\u0302\u0303", "ä": "\u0302\u0323"}
_VNI_BREVE = {"ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
              "ü": "\u0306\u0303", "ë": "\u0306\u0323"}
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "î": "ỵ",
               "ñ": "đ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    marks = {b: _VNI_TONES for b in "aeouy"}
    marks["a"] = {**_VNI_TONES, **_VNI_HAT, **_VNI_BREVE}
    marks["e"] = {**_VNI_TONES, **_VNI_HAT}
    marks["o"] = {**_VNI_TONES, **_VNI_HAT}
    for base, accents in marks.items():
        for mark, combining in accents.items():
            for b, m in ((base, mark), (base.upper(), mark.upper()), (base.upper(), mark)):
                table.setdefault(b + m, unicodedata.normalize("NFC", b + combining))
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, combining in _VNI_TONES.items():
            for b, m, u in ((base, mark, letter), (base.upper(), mark.upper(), letter.upper())):
                table[b + m] = unicodedata.normalize("NFC", u + combining)
    for single, letter in _VNI_SINGLE.items():
        table[single] = letter
        table[single.upper()] = letter.upper()
    return table


VNI = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))

ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}

# A "word" here: letters plus every Latin-1 character the legacy encodings use for letters.
_LEGACY_CHARS = "".join(sorted(set(TCVN3) | set("".join(VNI))))
_WORD = re.compile(f"[A-Za-z{re.escape(_LEGACY_CHARS)}\u00c0-\u1ef9]+")
_LATIN1 = re.compile(r"^[\x00-\xff]*$")
_ASCII_LETTER = re.compile("[A-Za-z]")
_BREAK = re.compile("[\"“”'‘’()\\[\\]{}|<>:;]")  # quotes, brackets, table cells end a run

# Vietnamese syllable shape, checked on the letters without their tone mark: an initial, then a
# nucleus that is open (ends in a glide), closed (needs a final consonant) or either.
_INITIAL = "(?:ngh|ng|nh|gh|gi|kh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
_OPEN = ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oeo uôi ươi ươu "
         "uây uyu uya")
_CLOSED = "ă â iê yê uô ươ uyê oă uâ"
_ANY = "a e ê i o ô ơ u ư y oa oe oo uê uy uơ"
_FINAL = "(?:ch|ng|nh|[cmnpt])"


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(f"^{_INITIAL}(?:(?:{_alternatives(_OPEN)})|(?:{_alternatives(_CLOSED)})"
                       f"{_FINAL}|(?:{_alternatives(_ANY)}){_FINAL}?)$")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Latin-1 letters that Vietnamese itself uses: a word made of these and ASCII may be correct text.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def is_syllable(word: str) -> bool:
    """Whether `word` is shaped like one Vietnamese syllable (at most one tone mark)."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONES for c in parts)
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return tones <= 1 and bool(_SYLLABLE.match(bare))


def convert_word(word: str, encoding: str) -> str:
    """One word read as `encoding` ("tcvn3" or "vni"), without any judgement."""
    if encoding == "tcvn3":
        return "".join(TCVN3.get(c, c) for c in word)
    return _VNI_RE.sub(lambda m: VNI[m.group()], word)


@dataclass(frozen=True)
class LegacyRun:
    """A stretch of text recognised as legacy-encoded: [start, end) and its Unicode form."""

    start: int
    end: int
    encoding: str  # "tcvn3" | "vni"
    original: str
    converted: str

    @property
    def encoding_name(self) -> str:
        return ENCODINGS[self.encoding]


def _runs_of_words(line: str):
    """Runs of consecutive words that could be legacy text (Latin-1 only)."""
    run: list[re.Match] = []
    for m in _WORD.finditer(line):
        if run and _BREAK.search(line, run[-1].end(), m.start()):
            yield run
            run = []
        if _LATIN1.match(m.group()):
            run.append(m)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _label(word: str, encoding: str) -> tuple[str, str]:
    """(label, converted): E evident, A ambiguous (valid either way), N unchanged, X invalid."""
    converted = convert_word(word, encoding)
    if converted == word:
        return "N", word
    if not is_syllable(converted):
        return "X", converted
    return ("A" if is_syllable(word) else "E"), converted


def _convertible(labels: list[str], words: list[str]) -> list[bool]:
    """Which words of a run to convert: evident ones, and ambiguous ones between evident ones."""
    # Evidence is a word with a Latin letter too: a lone "×" or "·" is a symbol, not "ì" or "ã".
    evident = sum(lab == "E" and bool(_ASCII_LETTER.search(w))
                  for w, lab in zip(words, labels, strict=True))
    strong = evident == 1 and labels.count("A") + labels.count("X") == 0 and any(
        ord(c) > 127 and c not in _VIETNAMESE_LATIN1
        for w, lab in zip(words, labels, strict=True) if lab == "E" for c in w)
    if not (evident >= 2 and evident > labels.count("X")) and not strong:
        return [False] * len(labels)
    out = [lab == "E" for lab in labels]
    i = 0
    while i < len(labels):
        if labels[i] not in "AN":
            i += 1
            continue
        j = i
        while j < len(labels) and labels[j] in "AN":
            j += 1
        left = "E" if i == 0 else labels[i - 1]
        right = "E" if j == len(labels) else labels[j]
        if left == "E" and right == "E" and (i > 0 or j < len(labels)):
            for k in range(i, j):
                out[k] = labels[k] == "A"
        i = j
    return out


def _find_in_line(line: str, encoding: str):
    for run in _runs_of_words(line):
        words = [m.group() for m in run]
        labelled = [_label(w, encoding) for w in words]
        convert = _convertible([lab for lab, _ in labelled], words)
        chosen = [(m, c) for m, (_, c), yes in zip(run, labelled, convert, strict=True) if yes]
        if not chosen:
            continue
        start, end = chosen[0][0].start(), chosen[-1][0].end()
        piece = new = line[start:end]
        for m, c in reversed(chosen):
            new = new[:m.start() - start] + c + new[m.end() - start:]
        yield start, end, piece, new


def find_legacy(text: str) -> list[LegacyRun]:
    """Every legacy-encoded run in `text`, in order (offsets into `text`).

    TCVN3 is looked for first, VNI in what is left, so one text may hold both."""
    found = []
    offset = 0
    for line in text.splitlines(keepends=True):
        runs = [LegacyRun(offset + s, offset + e, "tcvn3", p, n)
                for s, e, p, n in _find_in_line(line, "tcvn3")]
        rest = line
        for r in runs:
            rest = rest[:r.start - offset] + "\0" * (r.end - r.start) + rest[r.end - offset:]
        runs += [LegacyRun(offset + s, offset + e, "vni", p, n)
                 for s, e, p, n in _find_in_line(rest, "vni")]
        found += sorted(runs, key=lambda r: r.start)
        offset += len(line)
    return found


def fix_text(text: str) -> str:
    """`text` with every clearly legacy-encoded run converted to Unicode; all else unchanged."""
    for run in reversed(find_legacy(text)):
        text = text[:run.start] + run.converted + text[run.end:]
    return text
