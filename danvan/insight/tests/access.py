"""The insight pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

from danvan.cases.models import Field
from danvan.core.tests.sweep import own, record, unit_page


def build(world):
    return {}


def entries(r):
    case, village = r["feedback"], r["own_village"]
    return {
        "insight:registry": own(
            "/phan-tich/mo-hinh/",
            posts=[{"action": "train"}, {"action": "activate", "version": 0}],
            note="the model registry is national; training needs the national administrator",
        ),  # fmt: skip
        "insight:suggestion": own(
            f"/phan-tich/goi-y/?content=Bãi rác tự phát bốc mùi hôi thối gần chợ&place_code={village.code}",
            get_only=True,
            note="a suggestion for the visitor's own typing; the unit only inside their scope",
        ),  # fmt: skip
        "insight:case_decide": record(
            f"/phan-tich/vu-viec/{case.pk}/",
            posts=[{"action": "field", "field": Field.objects.get(code="dat_dai").pk}, {"action": "urgent"}],
        ),
        "insight:warnings": unit_page(f"/phan-tich/canh-bao/?unit={case.unit_id}", get_only=True),
        "insight:opinions": own(
            "/phan-tich/gop-y/",
            post={"opinions": "Đường làng lầy lội.\nCảm ơn cán bộ."},
            note="sorts the visitor's own text",
        ),  # fmt: skip
    }
