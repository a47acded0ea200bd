"""Vietnamese text helpers: normalisation and diacritic folding.

Stored text is NFC without bidirectional controls or invisible characters (``clean``); names are also trimmed
with inner whitespace collapsed (``normalize``). Search runs on a *folded* copy: NFC,
lower case, diacritics removed and đ/Đ mapped to d, whitespace collapsed. "Đắk Lắk"
and "dak  lak" fold to the same key, so a search typed without diacritics finds the
right record.
"""

import re
import unicodedata

from django.db import models

_WHITESPACE = re.compile(r"\s+")
# The characters with Unicode's Bidi_Control property: embeddings and overrides (U+202A–U+202E),
# isolates (U+2066–U+2069) and the invisible marks (U+200E, U+200F, U+061C). Vietnamese never needs
# them; in a stored name or text they can make what is shown differ from what was typed
# ("Trojan Source"), e.g. a name that reads backwards in a list or an export.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Invisible characters that only make two names that look alike differ (and miss each other in a
# search): the zero-width space, the word joiner, a byte-order mark, the soft hyphen, the Mongolian
# vowel separator. Removed from every stored text. The zero-width joiners (U+200C, U+200D), which
# join emoji in free text, are removed from names only (``normalize``) and from search keys.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060\ufeff]")
_JOINERS = re.compile("[\u200c\u200d]")


def clean(text):
    """Return ``text`` in NFC with bidirectional controls and invisible characters removed; line breaks and
    spacing are kept.

    Every stored text goes through it (``core.apps`` cleans each text field before a save);
    names go through ``normalize``, which also collapses whitespace.
    """
    if text is None:
        return ""
    # Controls out first: one between a letter and its mark would otherwise keep the pair apart.
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", _BIDI_CONTROLS.sub("", str(text))))


_TEXT_FIELDS = {}


def _text_attnames(model):
    """The attribute names of ``model``'s text and JSON columns, cached per model."""
    if model not in _TEXT_FIELDS:
        kinds = (models.CharField, models.TextField, models.JSONField)
        _TEXT_FIELDS[model] = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
    return _TEXT_FIELDS[model]


def _clean_value(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: _clean_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_value(item) for item in value]
    return value


def clean_stored_text(sender, instance, raw=False, **kwargs):
    """``pre_save`` receiver (connected in ``CoreConfig.ready`` for the project's models): every text
    field of ``instance``, and every string inside its JSON fields, goes through ``clean``, whichever
    form, service or command wrote it."""
    if raw:  # fixtures load rows as they were dumped
        return
    for name in _text_attnames(sender):
        value = getattr(instance, name)
        if isinstance(value, (str, dict, list)):
            setattr(instance, name, _clean_value(value))


def normalize(text):
    """Return ``clean(text)`` with surrounding whitespace removed and inner runs collapsed (names, titles)."""
    return _WHITESPACE.sub(" ", _JOINERS.sub("", clean(text))).strip()


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


_DIGITS = re.compile(r"\d+")
NATURAL_DIGITS = 10


def natural_key(text):
    """The sort key of a name with numbers: folded, each run of digits zero-padded to ten places.

    "Thôn 2" sorts before "Thôn 10" ("thon 0000000002" < "thon 0000000010") with a plain ``ORDER BY``
    on SQLite and PostgreSQL alike; stored in ``name_sort`` columns.
    """
    return _DIGITS.sub(lambda m: m.group().lstrip("0").rjust(NATURAL_DIGITS, "0"), fold(text))


_WORD_SEPARATORS = re.compile(r"[\s,;.()\-–/]+")


def words(text):
    """The folded words of ``text`` (commas, dots, brackets and dashes separate words too)."""
    return [word for word in _WORD_SEPARATORS.split(fold(text)) if word]


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
