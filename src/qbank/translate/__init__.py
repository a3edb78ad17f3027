"""Translators' round trip: lessons and question banks out to gettext PO files and back.

qbank cuts a lesson into segments with markdown-it-py's block source lines (``segments``),
protects links, images and code as numbered placeholders (``placeholders``), writes one PO file
per lesson and per bank (``po``), and on import rebuilds the translation in the author's layout
with a per-segment record of what was translated from which Vietnamese text (``store``), so a
changed paragraph falls back to Vietnamese alone (``view``) and is reported (``rules``).
No GPL code is involved: polib (MIT) reads and writes PO.
"""
