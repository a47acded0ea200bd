import unicodedata

import pytest

from danvan.core.text import fold, normalize


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đắk Lắk", "dak lak"),
        ("Nguyễn Văn An", "nguyen van an"),
        ("  Thành phố   Hồ Chí Minh ", "thanh pho ho chi minh"),
        ("Làng Plei Ơi", "lang plei oi"),
        ("ĐĂK SƠMEI", "dak somei"),
        ("Hòa", "hoa"),
        ("", ""),
    ],
)
def test_it_folds_diacritics_case_and_spacing(text, key):
    assert fold(text) == key


def test_it_folds_decomposed_input_like_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert fold(decomposed) == fold("Nguyễn Văn An")


def test_it_normalizes_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    assert normalize(decomposed) == unicodedata.normalize("NFC", "Đắk Lắk")
    assert normalize(None) == ""
