"""Names with numbers sort naturally everywhere; search matches a place with the names above it."""

import datetime
import importlib
import re

import pytest
from django.apps import apps

from danvan.core.text import natural_key
from danvan.units import services
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

# Added out of order, so the tree's own order (the path) does not give the answer by chance.
NAMES = ["Tổ dân phố 10", "Tổ dân phố 2", "Tổ dân phố 11", "Tổ dân phố 1A", "Tổ dân phố 3", "Tổ dân phố 21"]
NATURAL = ["Tổ dân phố 1", "Tổ dân phố 1A", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 10", "Tổ dân phố 11",
           "Tổ dân phố 21"]  # fmt: skip


@pytest.fixture
def numbered(tree):
    return services.villages_add_many(
        commune=tree["pleiku"], items=[{"name": n, "division_type": "tổ dân phố"} for n in NAMES]
    )


def order_in(html, names):
    """The names in the order they first appear in ``html`` (each as a whole name)."""
    found = {name: m.start() for name in names if (m := re.search(re.escape(name) + r"(?![\w])", html))}
    return sorted(found, key=found.get)


def test_the_key_pads_numbers_so_plain_text_order_is_natural():
    assert sorted(["Thôn 10", "Thôn 2", "Thôn 1"], key=natural_key) == ["Thôn 1", "Thôn 2", "Thôn 10"]
    assert natural_key("Tổ dân phố 007") == natural_key("to dan pho 7") == "to dan pho 0000000007"


def test_the_database_orders_villages_naturally(numbered, tree):
    below = Unit.objects.filter(path__startswith=tree["pleiku"].path, kind=UnitKind.VILLAGE).natural()
    assert list(below.values_list("name", flat=True)) == NATURAL


def test_the_commune_page_lists_its_villages_naturally(numbered, login, personas, tree):
    html = login(personas["commune_officer"]).get(f"/don-vi/{tree['pleiku'].pk}/").content.decode()
    assert order_in(html, NATURAL) == NATURAL


def test_the_pickers_offer_villages_naturally(numbered, login, personas, client):
    public = client.get("/phan-anh/noi-xay-ra/", {"q": "to dan pho"}).content.decode()
    assert order_in(public, NATURAL) == NATURAL
    staff = login(personas["commune_officer"]).get("/don-vi/chon/", {"q": "to dan pho", "perm": "manage"})
    assert order_in(staff.content.decode(), NATURAL) == NATURAL


def test_the_team_list_and_the_field_day_villages_are_natural(numbered, login, personas, tree):
    from danvan.cadres import services as cadre_services
    from danvan.cadres.models import Cadre

    officer = personas["commune_officer"]
    for village in sorted(numbered, key=lambda v: v.name):  # created in text order
        cadre_services.team_create(acting_user=officer, unit=village, established_on=datetime.date(2026, 1, 5))
    client = login(officer)
    teams = client.get("/can-bo/khoi-to/", {"unit": tree["pleiku"].pk}).content.decode().split('data-testid="teams"')[1]
    shown = [n for n in NATURAL if n != "Tổ dân phố 1"]  # Tổ dân phố 1 has no team
    assert order_in(teams, shown) == shown
    cadre = Cadre.objects.create(code="CB001234", full_name="Nguyễn Thị Thu Hà", unit=tree["pleiku"],
                                 gender="nu", birth_year=1985)  # fmt: skip
    form = client.get(f"/can-bo/{cadre.pk}/ngay-co-so/them/").content.decode()
    assert order_in(form, NATURAL) == NATURAL


def test_search_matches_the_names_above_and_numbers_whole(numbered, tree):
    found = list(Unit.objects.all().search("to dan pho 1 pleiku").values_list("name", flat=True))
    assert found == ["Tổ dân phố 1"]
    assert set(Unit.objects.all().search("1a pleiku").values_list("name", flat=True)) == {"Tổ dân phố 1A"}
    assert not Unit.objects.all().search("to dan pho 1 hoi phu").exists()
    assert set(Unit.objects.all().search("pleiku gia lai").values_list("kind", flat=True)) == {"xa", "thon"}
    first = Unit.objects.all().search("pleiku").ranked("pleiku").first()
    assert first == tree["pleiku"]


def test_renaming_a_commune_carries_into_the_search_of_its_villages(numbered, tree, personas):
    services.unit_update(
        unit=tree["pleiku"], acting_user=personas["province_admin"], name="Phường Pleiku Mới",
        division_type="phường", is_remote=False,
    )  # fmt: skip
    assert list(Unit.objects.all().search("to dan pho 2 pleiku moi").values_list("name", flat=True)) == ["Tổ dân phố 2"]
    divisions = [{"code": 52, "name": "Gia Lai Mới", "division_type": "tỉnh",
                  "wards": [{"code": 23575, "name": "Phường Pleiku", "division_type": "phường"}]}]  # fmt: skip
    services.units_load_official(divisions=divisions)
    village = Unit.objects.get(name="Tổ dân phố 3")
    assert village.full_name_folded == " to dan pho 3 phuong pleiku gia lai moi "
    assert village.name_sort == natural_key("Tổ dân phố 3")


def test_the_migration_fills_the_keys_of_units_already_loaded(numbered, tree):
    expected = dict(Unit.objects.values_list("pk", "full_name_folded"))
    sorts = dict(Unit.objects.values_list("pk", "name_sort"))
    Unit.objects.update(name_sort="", full_name_folded="")
    migration = importlib.import_module("danvan.units.migrations.0002_unit_name_sort_full_name_folded")
    migration.fill(apps, None)
    assert dict(Unit.objects.values_list("pk", "full_name_folded")) == expected
    assert dict(Unit.objects.values_list("pk", "name_sort")) == sorts
    assert Unit.objects.get(name="Tổ dân phố 10").full_name_folded == " to dan pho 10 phuong pleiku gia lai "
