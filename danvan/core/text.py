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


def _fold_table():
    """Each precomposed Latin letter with marks (À…ỹ) mapped to its base letter, and đ to d."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base != chr(code) and len(base) == 1:
            table[code] = base.lower()
    return table


_FOLD = _fold_table()


def fold(text):
    """Return the search key of ``text``: lower case, no diacritics, đ→d.

    Steps: normalise, lower-case, map đ to d (it is a separate letter, not a
    base letter with a combining mark), drop the marks. Vietnamese letters go
    through one translation table; anything left with combining marks (other
    scripts) is decomposed and stripped the long way.
    """
    text = normalize(text).lower().translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def compact_phone(text):
    """A phone number as stored and searched: spaces, dots, dashes and brackets removed."""
    return _PHONE_SEPARATORS.sub("", str(text or ""))


# Characters XML 1.0 does not allow (text pasted from word processors carries \x0b, \x0c…); a PDF font
# has no glyph for them either, and PostgreSQL refuses \x00 in text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """``text`` as every file writer puts it (Excel, Word, PDF, CSV), and as pasted text is stored: the
    control characters those files cannot hold replaced by spaces (tab and line breaks are kept).

    The one cleaning step for written text: ``core/exports.py`` (every Excel list) and the report writers
    (``reports/documents.py``) call it for each piece of text they write.
    """
    return _NOT_XML.sub(" ", str(text if text is not None else ""))
