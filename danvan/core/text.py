"""Vietnamese text helpers: normalisation and diacritic folding.

Stored text is NFC. Search runs on a *folded* copy: NFC, lower case, diacritics
removed and đ/Đ mapped to d, whitespace collapsed. "Đắk Lắk" and "dak  lak" fold
to the same key, so a search typed without diacritics finds the right record.
"""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalize(text):
    """Return ``text`` in NFC with surrounding whitespace removed and inner runs collapsed."""
    if text is None:
        return ""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold(text):
    """Return the search key of ``text``: lower case, no diacritics, đ→d.

    Steps: normalise, lower-case, map đ to d (it is a separate letter, not a
    base letter with a combining mark), decompose (NFD) and drop combining marks.
    """
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def compact_phone(text):
    """A phone number as stored and searched: spaces, dots, dashes and brackets removed."""
    return _PHONE_SEPARATORS.sub("", str(text or ""))
