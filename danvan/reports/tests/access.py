"""The reports pages in the site-wide access sweep (see ``danvan/core/tests/sweep.py``)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from danvan.core.periods import Period
from danvan.core.tests.sweep import record, unit_page
from danvan.reports import services
from danvan.reports.models import Inspection, LeadershipDocument, ReportFile

DOCUMENT = "Kế hoạch thực hiện Dân vận khéo ở tổ dân phố Plei Ốp năm 2026"
TOPIC = "Giám sát việc tiếp dân của tổ dân phố Plei Ốp quý II"


def build(world):
    unit, officer = world.target, world.owner
    year = timezone.localdate().year
    report, _created = services.report_create(unit=unit, period=Period("nam", year), acting_user=officer)
    report_file = ReportFile(report=report, format="pdf", size=8, created_by=officer)
    report_file.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4"), save=True)
    document = LeadershipDocument.objects.create(
        unit=unit, kind="ke_hoach", number="08-KH/ĐU", issued_on=datetime.date(year, 1, 10), issuer="Đảng ủy phường",
        title=DOCUMENT,
    )  # fmt: skip
    document.file.save("van-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    inspection = Inspection.objects.create(
        unit=unit, kind="giam_sat", topic=TOPIC, started_on=datetime.date(year, 1, 4), organisations=3
    )
    world.mark(DOCUMENT, TOPIC)
    return {"report": report, "report_file": report_file, "leadership_document": document, "inspection": inspection,
            "province": world.tree["gialai"]}  # fmt: skip


def entries(r):
    unit = r["report"].unit_id
    period = f"unit={unit}&ky=nam&nam={r['report'].year}"
    texts = {"action": "save", "text__assessment": "Sửa bởi người ngoài"}
    return {
        "reports:dashboard": unit_page(f"/tong-hop/?{period}", f"/tong-hop/?{period}&lam-moi=1", get_only=True),
        "reports:scorecards": unit_page(
            f"/tong-hop/xep-hang/?{period}", f"/tong-hop/xep-hang/?{period}&format=xlsx", get_only=True
        ),  # fmt: skip
        "reports:weights": unit_page(
            f"/tong-hop/xep-hang/trong-so/?unit={r['province'].pk}",
            post={"satisfaction": 100, "on_time": 0, "training": 0, "field_days": 0},
        ),  # fmt: skip
        "reports:reports": unit_page(f"/tong-hop/bao-cao/?unit={unit}", post={"ky": "nam", "nam": r["report"].year}),
        "reports:report": record(
            f"/tong-hop/bao-cao/{r['report'].pk}/",
            posts=[texts, {"action": "submit"}, {"action": "files"}, {"action": "return", "return_note": "x"}],
        ),  # fmt: skip
        "reports:report_file": record(f"/tong-hop/bao-cao/tep/{r['report_file'].pk}/", get_only=True),
        "reports:documents": unit_page(
            f"/tong-hop/van-ban/?unit={unit}", f"/tong-hop/van-ban/?unit={unit}&format=xlsx", get_only=True
        ),  # fmt: skip
        "reports:document_add": unit_page(
            f"/tong-hop/van-ban/them/?unit={unit}",
            post={
                "kind": "ke_hoach",
                "number": "9-KH",
                "issued_on": "01/01/2026",
                "issuer": "X",
                "title": "Văn bản mới",
            },
        ),  # fmt: skip
        "reports:document_edit": record(
            f"/tong-hop/van-ban/{r['leadership_document'].pk}/", post={"title": "Tên Bị Đổi"}
        ),
        "reports:document_file": record(f"/tong-hop/van-ban/{r['leadership_document'].pk}/tep/", get_only=True),
        "reports:inspections": unit_page(
            f"/tong-hop/kiem-tra-giam-sat/?unit={unit}",
            f"/tong-hop/kiem-tra-giam-sat/?unit={unit}&format=xlsx",
            get_only=True,
        ),  # fmt: skip
        "reports:inspection_add": unit_page(
            f"/tong-hop/kiem-tra-giam-sat/them/?unit={unit}",
            post={"kind": "giam_sat", "topic": "Mới", "started_on": "01/01/2026"},
        ),  # fmt: skip
        "reports:inspection_edit": record(f"/tong-hop/kiem-tra-giam-sat/{r['inspection'].pk}/", post={"topic": "Đổi"}),
    }
