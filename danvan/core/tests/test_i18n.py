"""Interface language: Vietnamese by default, English when the selector's cookie asks for it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOGIN_URL = "/dang-nhap/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_serves_the_login_page_in_vietnamese_as_utf8_by_default(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "charset=utf-8" in response["Content-Type"].lower()
    assert response["Content-Language"] == "vi"
    page = response.content.decode("utf-8")
    assert "Đăng nhập" in page
    assert "Log in" not in page


def test_it_shows_the_login_page_in_english_when_the_language_cookie_says_en(english, db):
    response = english.get(LOGIN_URL)

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode("utf-8")
    assert "Log in" in page
    assert "Đăng nhập" not in page
    assert "Tên đăng nhập" not in page


def test_it_ignores_a_language_cookie_for_a_language_it_does_not_offer(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(LOGIN_URL)

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode("utf-8")


def test_it_shows_the_home_page_in_english_to_a_logged_in_user(english, personas):
    english.force_login(personas["commune_officer"])

    response = english.get("/")

    assert response.status_code == 200
    page = response.content.decode("utf-8")
    assert "Home" in page
    assert "Trang chủ" not in page
    assert "Mobilisation officer" in page


CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


def _entries(path):
    """The entries of a .po file as dicts (flags, msgctxt, msgid, msgid_plural, msgstr[n]), header left out.

    Enough of the format for what ``makemessages`` writes: comments, one keyword per field, and
    continuation lines of quoted text; obsolete (``#~``) entries are skipped.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := _FIELD.match(line):
                key = match.group(1).replace("msgstr", "msgstr[0]") if match.group(1) == "msgstr" else match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def _label(entry):
    return entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}|{entry['msgid']}"


def test_the_english_catalogue_has_no_fuzzy_or_untranslated_entry():
    """A new or changed Vietnamese string needs its English: run makemessages, translate, compile."""
    entries = _entries(CATALOGUE / "django.po")

    assert len(entries) > 1000
    fuzzy = [_label(e) for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    forms = ("msgstr[0]", "msgstr[1]")
    untranslated = [_label(e) for e in entries if not all(e.get(k) for k in forms[: 2 if "msgid_plural" in e else 1])]
    assert not untranslated, f"entries without English: {untranslated}"


def test_the_compiled_english_catalogue_matches_the_po_file():
    """django.mo is what Django reads: it must be compiled from the current django.po (msgfmt)."""
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for e in _entries(CATALOGUE / "django.po"):
        if "msgid_plural" in e:
            found = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            wanted = [e["msgstr[0]"], e["msgstr[1]"]]
        elif "msgctxt" in e:
            found, wanted = compiled.pgettext(e["msgctxt"], e["msgid"]), e["msgstr[0]"]
        else:
            found, wanted = compiled.gettext(e["msgid"]), e["msgstr[0]"]
        if found != wanted:
            stale.append(_label(e))
    assert not stale, f"django.mo is older than django.po for: {stale[:10]}"


@pytest.mark.parametrize(
    "url, in_english, in_vietnamese",
    [
        ("/", "Feedback and petitions to the local authorities", "Phản ánh, kiến nghị với chính quyền cơ sở"),
        ("/", "Staff login", "Cán bộ đăng nhập"),
        ("/phan-anh/gui/", "How your personal data is used", "Thông tin cá nhân của bạn được dùng thế nào"),
    ],
)
def test_it_shows_the_public_pages_in_english(english, db, url, in_english, in_vietnamese):
    response = english.get(url)

    assert response.status_code == 200
    page = response.content.decode("utf-8")
    assert in_english in page
    assert in_vietnamese not in page


def test_it_shows_the_two_factor_page_in_english(english, personas):
    english.force_login(personas["commune_officer"])

    page = english.get("/tai-khoan/xac-thuc-hai-buoc/").content.decode("utf-8")

    assert "Turn on two-factor authentication" in page
    assert "Xác thực hai bước" not in page
