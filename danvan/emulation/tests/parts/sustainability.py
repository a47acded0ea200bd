"""The sustainability pages in the access sweep: a model of Phường Pleiku recognised more than a year ago (kept off
the public showcase, so that no one outside Pleiku may copy it or read its name), followed up once with a
photo; the at-risk list and the 1–3 year figure of Pleiku, the model's follow-ups page and its replicate page."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.core.tests.sweep import record, unit_page
from danvan.emulation import schedule, services
from danvan.emulation.choices import Level, Step, Vitality

NAME = "Tổ tự quản đường hoa Plei Ốp không công khai"
NOTE = "Phúc tra Plei Ốp: tổ tự quản họp hằng tháng, hai hộ chưa dời hàng rào."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORCES = [{"role": "chu_tri", "name": "Ban Công tác Mặt trận tổ dân phố Plei Ốp"}]
INDICATORS = [{"name": "Diện tích đất hiến Plei Ốp", "measure": "m²", "baseline": "0", "target": "800"}]


def build(world, records):
    officer, unit = world.owner, world.target
    today = timezone.localdate()
    start = today - datetime.timedelta(days=420)
    practice = services.practice_register(
        acting_user=officer, unit=unit, forces=FORCES, indicators=INDICATORS, kind="mo_hinh", field="van_hoa_xa_hoi",
        year=start.year, name=NAME, situation="Đường hẹp, thiếu cây xanh.", goals="Mở rộng đường, trồng hoa.",
        content="Họp dân, vận động hiến đất, chia đoạn cho từng hộ chăm sóc.", area="Tổ dân phố Plei Ốp",
        target_group="30 hộ dân", start_on=start, evaluation_on=start + datetime.timedelta(days=30), showcase=False,
    )  # fmt: skip
    recognised_on = start + datetime.timedelta(days=30)
    for step in (Step.SHORTLIST, Step.LAUNCH, Step.MONITOR, Step.EVALUATE):
        services.move(practice, step, actor=officer, date=recognised_on)
    services.move(
        practice, Step.RECOGNISE, actor=officer, date=recognised_on, recognised_on=recognised_on,
        recognised_level=Level.COMMUNE, vitality=Vitality.ACTIVE,
        next_follow_up_on=schedule.next_due(unit, recognised_on),
    )  # fmt: skip
    indicator = practice.indicators.get()
    follow_up = services.follow_up_record(
        acting_user=officer, practice=practice, done_on=today - datetime.timedelta(days=20), vitality=Vitality.WEAKENING,
        values={indicator.pk: "420"}, note=NOTE, files=[SimpleUploadedFile("anh.png", PNG, content_type="image/png")],
    )  # fmt: skip
    world.mark(NAME, NOTE)
    return {"sustain_practice": practice, "sustain_follow_up": follow_up}


def entries(r):
    practice = r["sustain_practice"]
    unit, pk, indicator = practice.unit_id, practice.pk, practice.indicators.get().pk
    follow_up = {"done_on": timezone.localdate().strftime("%d/%m/%Y"), "vitality": "hoat_dong",
                 f"value_{indicator}": "500", "note": "Ghi thử từ ngoài phạm vi."}  # fmt: skip
    copy = {"unit": unit, "year": timezone.localdate().year, "start_on": "01/12/2026", "evaluation_on": "30/11/2027",
            "lead": "Ban Công tác Mặt trận ở đơn vị khác", f"baseline_{indicator}": "10"}  # fmt: skip
    return {
        "emulation:at_risk": unit_page(f"/dan-van-kheo/co-nguy-co/?unit={unit}", get_only=True),
        "emulation:sustainability": unit_page(f"/dan-van-kheo/ben-vung/?unit={unit}", get_only=True),
        "emulation:follow_up": record(f"/dan-van-kheo/{pk}/phuc-tra/", post=follow_up),
        "emulation:replicate": record(f"/dan-van-kheo/{pk}/nhan-rong/", post=copy),
    }
