"""The registrations' pages and the public showcase in the site-wide access sweep: two registrations of Phường
Pleiku (one only registered, one monitored, with a private photo and a document), and every address of
``views/practices.py`` and ``views/showcase.py``."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.core.tests.sweep import public, record, unit_page
from danvan.emulation import services
from danvan.emulation.choices import Step
from danvan.units.models import Unit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64

# Only registered: nothing of it is ever public.
REGISTERED_NAME = "Tổ tự quản thắp sáng hẻm 12 Plei Ốp"
REGISTERED_CONTENT = "Mỗi hộ hẻm 12 Plei Ốp góp một bóng đèn, tổ tự quản thay phiên bật tắt và sửa chữa."
# Monitored (the council's part may recognise it, and its name, content and indicators then are public): only
# what never leaves the staff's pages is a marker.
MONITORED_NAME = "Hiến đất mở rộng hẻm 7 Plei Ốp"
SITUATION = "Hẻm 7 Plei Ốp chỉ rộng 1,5 mét, xe chữa cháy không vào được, ba hộ còn chưa đồng thuận."
GOALS = "Mở rộng hẻm 7 Plei Ốp lên 4 mét, tiêu chí: 100% hộ ký biên bản hiến đất."
DUTY = "Gặp riêng từng hộ chưa đồng thuận ở hẻm 7 Plei Ốp để vận động"
CONTRIBUTIONS = "Doanh nghiệp Plei Ốp tài trợ 40 bao xi măng"
PHOTO_NOTE = "Ảnh nội bộ buổi họp tổ hẻm 7 Plei Ốp"
DOCUMENT_NOTE = "Biên bản hiến đất có chữ ký các hộ hẻm 7 Plei Ốp"


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fields(**over):
    """A registration's fields as the service takes them."""
    year = timezone.localdate().year
    base = {
        "kind": "mo_hinh", "field": "van_hoa_xa_hoi", "year": year, "name": MONITORED_NAME, "situation": SITUATION,
        "goals": GOALS, "content": "Họp dân, cán bộ Mặt trận đến từng hộ, công khai diện tích hiến.",
        "area": "Hẻm 7, phường Pleiku", "target_group": "31 hộ hai bên hẻm", "money": 120_000_000,
        "person_days": 300, "contributions": CONTRIBUTIONS, "start_on": datetime.date(year, 1, 10),
        "evaluation_on": datetime.date(year, 12, 20), "people_reached": 140,
    }  # fmt: skip
    return base | over


FORCES = [
    {"role": "chu_tri", "name": "Ban Công tác Mặt trận khu dân cư hẻm 7", "duty": DUTY},
    {"role": "phoi_hop", "name": "Chi hội Cựu chiến binh", "duty": "Đo đạc, cắm mốc"},
]
INDICATORS = [{"name": "Chiều rộng hẻm sau mở rộng", "measure": "m", "baseline": "1,5", "target": "4"}]


def registration_post(unit=None, **over):
    """What the registration form sends for a valid registration (with its management forms): one lead force,
    one indicator, one milestone and empty rows."""
    year = timezone.localdate().year
    data = {
        "kind": "mo_hinh", "field": "kinh_te", "year": str(year), "name": "Tổ hợp tác trồng cà phê sạch",
        "situation": "Giá cà phê bấp bênh, nông dân bán lẻ bị ép giá.", "goals": "20 hộ vào tổ hợp tác.",
        "content": "Vận động hộ trồng theo quy trình sạch, bán chung.", "area": "Phường Pleiku",
        "target_group": "Hộ trồng cà phê", "money": "50.000.000", "person_days": "100", "contributions": "",
        "start_on": f"01/02/{year}", "evaluation_on": f"30/12/{year}", "people_reached": "80",
        "sustainability": "", "replicability": "", "showcase": "on",
        "forces-TOTAL_FORMS": "4", "forces-INITIAL_FORMS": "0",
        "forces-0-role": "chu_tri", "forces-0-name": "Hội Nông dân phường", "forces-0-duty": "Chủ trì vận động",
        "indicators-TOTAL_FORMS": "3", "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Số hộ vào tổ hợp tác", "indicators-0-measure": "hộ", "indicators-0-baseline": "0",
        "indicators-0-target": "20", "indicators-0-higher_is_better": "1",
        "indicators-1-higher_is_better": "1", "indicators-2-higher_is_better": "1",
        "milestones-TOTAL_FORMS": "3", "milestones-INITIAL_FORMS": "0",
        "milestones-0-date": f"15/03/{year}", "milestones-0-title": "Ra mắt tổ hợp tác",
    }  # fmt: skip
    if unit is not None:
        data["unit"] = str(unit.pk)
    return data | over


def build(world, records):
    officer, unit = world.owner, world.target
    registered = services.practice_register(
        acting_user=officer, unit=unit, forces=FORCES, indicators=INDICATORS,
        **fields(name=REGISTERED_NAME, content=REGISTERED_CONTENT, situation=SITUATION + " Đèn đường."),
    )  # fmt: skip
    monitored = services.practice_register(
        acting_user=officer, unit=unit, forces=FORCES, indicators=INDICATORS,
        milestones=[{"date": fields()["start_on"] + datetime.timedelta(days=30), "title": "Họp dân lần 1"}],
        **fields(),
    )  # fmt: skip
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=monitored, step=step)
    width = monitored.indicators.get()
    services.practice_step(acting_user=officer, practice=monitored, step=Step.MONITOR, values={width.pk: "2,5"})
    photo = services.evidence_add(acting_user=officer, practice=monitored, files=[png()], note=PHOTO_NOTE)[0]
    document = services.evidence_add(acting_user=officer, practice=monitored, files=[pdf()], note=DOCUMENT_NOTE)[0]
    world.mark(REGISTERED_NAME, REGISTERED_CONTENT, SITUATION, GOALS, DUTY, CONTRIBUTIONS, PHOTO_NOTE, DOCUMENT_NOTE)
    return {
        "practice_registered": registered, "practice_monitored": monitored, "practice_photo": photo,
        "practice_document": document,
    }  # fmt: skip


def entries(r):
    registered, monitored = r["practice_registered"], r["practice_monitored"]
    unit = registered.unit_id
    practices = f"/dan-van-kheo/mo-hinh/{registered.pk}/", f"/dan-van-kheo/mo-hinh/{monitored.pk}/"
    width = monitored.indicators.get()
    steps = [
        {"step": "chon", "date": ""}, {"step": "theo_doi", f"value_{width.pk}": "3"},
        {"step": "khong_cong_nhan", "note": "Không công nhận từ ngoài phạm vi."},
    ]  # fmt: skip
    edit = registration_post(name="Tên sửa từ ngoài phạm vi")
    photo, document = r["practice_photo"].pk, r["practice_document"].pk
    province = Unit.objects.get(path=registered.unit.ancestor_paths()[0])
    return {
        "emulation:practices": unit_page(
            f"/dan-van-kheo/?unit={unit}", f"/dan-van-kheo/?unit={unit}&q=hem&stage=theo_doi", get_only=True
        ),
        "emulation:practice_add": unit_page(
            f"/dan-van-kheo/dang-ky/?unit={unit}", post=registration_post(registered.unit)
        ),
        "emulation:practice": record(*practices, get_only=True),
        "emulation:practice_edit": record(*(f"{url}sua/" for url in practices), post=edit),
        "emulation:practice_step": record(*(f"{url}buoc/" for url in practices), posts=steps),
        "emulation:evidence_add": record(*(f"{url}minh-chung/" for url in practices), post={"note": "Ảnh lạ"}),
        "emulation:evidence_file": record(
            f"/dan-van-kheo/minh-chung/{photo}/", f"/dan-van-kheo/minh-chung/{document}/", get_only=True
        ),
        "emulation:evidence_publish": record(f"/dan-van-kheo/minh-chung/{photo}/cong-khai/", post={"is_public": "on"}),
        "emulation:showcase": public(
            "/dan-van-kheo/cong-khai/",
            "/dan-van-kheo/cong-khai/?q=hem+plei+op",
            f"/dan-van-kheo/cong-khai/?province={province.pk}&commune={unit}&field=van_hoa_xa_hoi",
            get_only=True,
            note="recognised models their unit did not withhold: name, unit, field, content, "
            "indicators and the photos chosen; these two are not recognised and do not appear",
        ),  # fmt: skip
        "emulation:showcase_practice": public(
            *(f"/dan-van-kheo/cong-khai/{p.pk}/" for p in (registered, monitored)),
            get_only=True,
            note="a recognised model's public page; a registration not recognised is a 404",
        ),  # fmt: skip
        "emulation:showcase_photo": public(
            f"/dan-van-kheo/cong-khai/anh/{photo}/",
            f"/dan-van-kheo/cong-khai/anh/{document}/",
            get_only=True,
            note="a photo published with a model on the showcase; a private one is a 404",
        ),  # fmt: skip
    }
