"""Dates, times and figures shown to people on the unit and user pages and in the commands' output:
dd/mm/yyyy, "dd/mm/yyyy HH:MM", 1.234 (whatever the chosen language); ids in links stay plain."""

import io
import re

from django.template.loader import render_to_string
from django.utils import translation

from conftest import localised_numbers
from danvan.core.progress import ProgressBar
from danvan.units.choices import UnitKind
from danvan.units.services import LoadResult

DATE_TIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")
TIME_FIRST = re.compile(r"\b\d{2}:\d{2} \d{2}/\d{2}/\d{4}\b")


def test_the_history_of_a_unit_and_of_a_user_writes_the_date_then_the_time(login, personas, tree):
    client = login(personas["province_admin"])
    target = personas["sibling_officer"]
    client.post(f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "lock", "reason": "Nghỉ công tác"})
    client.post(f"/don-vi/{tree['village'].pk}/sua/", {"name": "Tổ dân phố 1", "division_type": "tổ dân phố"})
    for url in (
        f"/tai-khoan/nguoi-dung/{target.pk}/",
        f"/don-vi/{tree['village'].pk}/",
        f"/don-vi/{tree['gialai'].pk}/",
    ):
        html = client.get(url).content.decode()
        assert not TIME_FIRST.search(html), url
        assert localised_numbers(html) == [], url
    assert DATE_TIME.search(client.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode())


class Child:
    name, division_type, code, is_remote, is_active = "Xã Ia Grai", "xã", "23590", False, True
    commune_count, village_count = 1234, 12345

    def get_absolute_url(self):
        return "/don-vi/2134/"


def test_counts_on_a_unit_page_use_the_vietnamese_separator_in_either_language():
    class Page:
        object_list = [Child()]
        has_other_pages = False

    class Nation:
        kind = UnitKind.NATION

    for language in ("vi", "en"):
        with translation.override(language):
            html = render_to_string("units/_children.html", {"page": Page(), "unit": Nation(), "UnitKind": UnitKind})
        assert ">1.234<" in html and ">12.345<" in html, language
        assert 'href="/don-vi/2134/"' in html


def test_the_commands_write_figures_the_vietnamese_way():
    result = LoadResult(provinces_created=34, communes_created=3321, communes_updated=1200)
    assert str(result) == "Tỉnh: thêm 34, cập nhật 0. Xã: thêm 3.321, cập nhật 1.200."
    out = io.StringIO()
    bar = ProgressBar("Đơn vị", stream=out, force=True)
    bar(1734, 3321)
    assert re.search(r" 1\.734/3\.321  \d+,\d s$", out.getvalue())
