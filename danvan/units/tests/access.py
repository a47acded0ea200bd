"""The unit pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

from danvan.core.tests.sweep import own, record
from danvan.units import services

VILLAGE = "Thôn Plei Ốp Kênh Mười Hai"


def build(world):
    village = services.villages_add_many(commune=world.target, items=[{"name": VILLAGE, "division_type": "thôn"}])[0]
    # Unit names are public (the official list, the citizen's place picker): not a marker.
    return {"unit": world.target, "own_village": village}


def entries(r):
    unit, village = r["unit"].pk, r["own_village"].pk
    return {
        "units:browse": own("/don-vi/", f"/don-vi/?q={VILLAGE}", get_only=True, note="the visitor's own units"),
        "units:options": own(f"/don-vi/chon/?q={VILLAGE}", get_only=True, note="the picker lists the visitor's units"),
        "units:villages_template": own("/don-vi/mau-nhap-thon.xlsx", get_only=True, note="an empty template"),
        "units:detail": record(f"/don-vi/{unit}/", f"/don-vi/{village}/", get_only=True),
        "units:edit": record(f"/don-vi/{village}/sua/", post={"name": "Tên Bị Đổi", "division_type": "thôn"}),
        "units:deactivate": record(
            f"/don-vi/{village}/ngung-hoat-dong/", post={"on_date": "01/01/2026", "reason": "Sáp nhập"}
        ),  # fmt: skip
        "units:reactivate": record(f"/don-vi/{village}/hoat-dong-lai/"),
        "units:village_add": record(f"/don-vi/{unit}/them-thon/", post={"name": "Thôn Mới", "division_type": "thôn"}),
        "units:villages_import": record(f"/don-vi/{unit}/nhap-thon/", post={"action": "confirm", "token": "x"}),
        "units:export": record(f"/don-vi/{unit}/xuat-excel/", get_only=True),
    }
