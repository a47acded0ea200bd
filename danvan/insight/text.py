"""The Vietnamese text engine: normalisation, tone placement, folding, syllables and words.

Citizens write with and without diacritics, with the tone mark on either vowel of "oa", "oe",
"uy" ("hoà" and "hòa", "thuý" and "thúy"), in NFC or decomposed form, in capitals, with typos. Every
model and every comparison first brings a text to one form: NFC, the tone on the first vowel of
those pairs in an open syllable (the traditional placement: hòa, khỏe, thủy), whitespace collapsed.
"""

import re
import unicodedata

from danvan.core.text import fold

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_PAIRS = ("oa", "oe", "uy")


def _place_tone(word):
    """Move the tone of an open "oa", "oe", "uy" syllable to its first vowel (hoà → hòa, thuý → thủy)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONES]
    if len(tones) != 1:
        return word
    letters = []  # (base letter, its non-tone marks)
    for ch in decomposed:
        if unicodedata.combining(ch):
            if ch not in TONES and letters:
                letters[-1][1].append(ch)
        else:
            letters.append((ch, []))
    base = "".join(letter for letter, _marks in letters).lower()
    if len(base) < 2 or base[-2:] not in _PAIRS or any(marks for _l, marks in letters[-2:]):
        return word
    if base[-2:] == "uy" and base[-3:-2] == "q":  # "quy": qu is the onset, the tone stays on y
        return word
    target = len(letters) - 2
    rebuilt = []
    for index, (letter, marks) in enumerate(letters):
        rebuilt.append(letter + "".join(marks) + (tones[0] if index == target else ""))
    return unicodedata.normalize("NFC", "".join(rebuilt))


def normalize(text):
    """NFC, one tone placement, whitespace collapsed; case and punctuation are kept."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _WORD.sub(lambda m: _place_tone(m.group(0)), text)
    return _SPACES.sub(" ", text).strip()


def features_text(text):
    """What the word features read: normalised and lower-cased."""
    return normalize(text).lower()


def folded(text):
    """Normalised, lower case, without diacritics: what a text written without them also gives."""
    return fold(normalize(text))


def syllables(text):
    return _WORD.findall(features_text(text))


def words(text):
    """Vietnamese words (pyvi's segmenter), joined by "_" inside a word: "nước_thải"."""
    from pyvi import ViTokenizer

    return [w for w in ViTokenizer.tokenize(features_text(text)).split() if _WORD.search(w)]
