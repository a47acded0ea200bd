"""The text engine's normalisation: one form for the many ways Vietnamese is typed."""

import unicodedata

import pytest

from danvan.insight import text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hoà bình", "hòa bình"),
        ("Khoẻ mạnh", "Khỏe mạnh"),
        ("thuý, THUỶ", "thúy, THỦY"),
        ("hoạ sĩ", "họa sĩ"),
        ("quý khách", "quý khách"),  # qu is the onset: the tone stays on y
        ("hoàn thành", "hoàn thành"),  # a closed syllable keeps its tone where it is
        ("tuyển dụng", "tuyển dụng"),
        ("hòa", "hòa"),
        ("  nhiều   khoảng  trắng\n", "nhiều khoảng trắng"),
    ],
)
def test_one_tone_placement_and_clean_spaces(typed, expected):
    assert text.normalize(typed) == expected


def test_decomposed_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Nước thải chảy ra suối")
    assert text.normalize(decomposed) == "Nước thải chảy ra suối"
    assert unicodedata.is_normalized("NFC", text.normalize(decomposed))


def test_folding_makes_typed_without_diacritics_equal():
    assert text.folded("Đường vào thôn bị SẠT LỞ") == text.folded("duong vao thon bi sat lo")
    assert text.folded("hoà giải") == text.folded("hòa giải") == "hoa giai"


def test_syllables_and_words():
    assert text.syllables("Nước thải, cá chết!") == ["nước", "thải", "cá", "chết"]
    assert "nước_thải" in text.words("Xưởng xả nước thải ra suối")
