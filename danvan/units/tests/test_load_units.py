from danvan.units import services
from danvan.units.choices import UnitKind
from danvan.units.models import Unit


def test_it_loads_all_34_provinces_and_3321_communes(db):
    services.units_load_official()
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == 3321
    gia_lai = Unit.objects.get(code="52")
    assert gia_lai.name == "Gia Lai"
    assert Unit.objects.get_children_count(gia_lai) == 135
    pleiku = Unit.objects.get(code="23575")
    assert Unit.objects.get_parent(pleiku) == gia_lai
    assert pleiku.division_type == "phường"
    assert Unit.objects.find_problems() == ([], [], [], [], [])  # treebeard's consistency check
    assert Unit.objects.get(code="VN").numchild == 34


def test_it_is_idempotent(db):
    services.units_load_official()
    before = Unit.objects.count()
    result = services.units_load_official()
    assert Unit.objects.count() == before
    assert (result.provinces_created, result.communes_created, result.communes_updated) == (0, 0, 0)


def test_it_updates_a_renamed_unit_and_keeps_the_remote_flag(db):
    divisions = [
        {
            "code": 52,
            "name": "Gia Lai",
            "division_type": "tỉnh",
            "wards": [{"code": 23575, "name": "Phường Pleiku", "division_type": "phường"}],
        }
    ]
    services.units_load_official(divisions=divisions)
    pleiku = Unit.objects.get(code="23575")
    services.units_set_remote(units=[pleiku], is_remote=True)
    divisions[0]["wards"][0]["name"] = "Phường Pleiku Mới"
    result = services.units_load_official(divisions=divisions)
    pleiku.refresh_from_db()
    assert result.communes_updated == 1
    assert pleiku.name == "Phường Pleiku Mới"
    assert pleiku.name_folded == "phuong pleiku moi"
    assert pleiku.is_remote is True
    assert pleiku.history.count() == 3  # created, marked remote, renamed


def test_it_numbers_children_after_existing_ones(tree):
    more = services.villages_add_many(
        commune=tree["pleiku"], items=[{"name": "Tổ dân phố 2", "division_type": "tổ dân phố"}]
    )
    assert more[0].path > tree["village"].path
    assert more[0].code == "23575-002"
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    tree["pleiku"].refresh_from_db()
    assert tree["pleiku"].numchild == 2
