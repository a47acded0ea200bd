"""Demo leadership documents, inspections and periodic reports for Gia Lai (run again: nothing doubles)."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.periods import Period
from danvan.reports import services
from danvan.reports.models import Inspection, LeadershipDocument
from danvan.units.models import Unit

PROVINCE, WARD, SIBLING = "52", "23575", "23586"
DOCUMENTS = [
    # unit, kind, number, days ago, issuer, title
    (PROVINCE, "nghi_quyet", "05-NQ/TU", 300, "Ban Chấp hành Đảng bộ tỉnh",
     "Về tăng cường công tác dân vận của hệ thống chính trị trong tình hình mới"),
    (PROVINCE, "ke_hoach", "112-KH/BTGDVTU", 250, "Ban Tuyên giáo và Dân vận Tỉnh ủy",
     "Thực hiện phong trào thi đua “Dân vận khéo” năm nay"),
    (PROVINCE, "chuong_trinh", "18-CTr/TU", 200, "Ban Thường vụ Tỉnh ủy",
     "Chương trình hành động thực hiện Quy chế công tác dân vận của hệ thống chính trị"),
    (PROVINCE, "huong_dan", "07-HD/BTGDVTU", 120, "Ban Tuyên giáo và Dân vận Tỉnh ủy",
     "Hướng dẫn kiện toàn khối dân vận xã, phường và tổ dân vận thôn, tổ dân phố"),
    (WARD, "ke_hoach", "24-KH/ĐU", 180, "Đảng ủy phường Pleiku", "Tiếp xúc, đối thoại với Nhân dân về giải phóng mặt bằng"),
    (WARD, "cong_van", "31-CV/ĐU", 45, "Đảng ủy phường Pleiku", "Tăng cường nắm tình hình dư luận về đất đai"),
    (SIBLING, "chi_thi", "02-CT/ĐU", 150, "Đảng ủy phường Hội Phú", "Nâng cao trách nhiệm tiếp dân của người đứng đầu"),
]  # fmt: skip
INSPECTIONS = [
    # unit, kind, topic, days ago, target, organisations, people, follow-up, due in days (None: done)
    (PROVINCE, "kiem_tra", "Kiểm tra việc thực hiện Quy chế dân vận ở cơ sở", 160, WARD, 6, 14,
     "Kiện toàn tổ dân vận ở 2 tổ dân phố còn thiếu tổ trưởng", -20),
    (PROVINCE, "giam_sat", "Giám sát giải quyết khiếu nại về đất đai", 90, SIBLING, 4, 9,
     "Trả lời dứt điểm 3 đơn khiếu nại quá hạn", 15),
    (WARD, "giam_sat", "Giám sát tiếp công dân của người đứng đầu", 60, None, 5, 5, "", None),
    (SIBLING, "kiem_tra", "Kiểm tra thực hiện dân chủ ở cơ sở tại các tổ dân phố", 30, None, 8, 0,
     "Niêm yết công khai quyết toán quỹ tổ dân phố", None),
]  # fmt: skip


class Command(BaseCommand):
    help = "Tạo văn bản lãnh đạo, cuộc kiểm tra, giám sát và báo cáo định kỳ mẫu cho tỉnh Gia Lai."

    def handle(self, *args, **options):
        units = {u.code: u for u in Unit.objects.filter(code__in=[PROVINCE, WARD, SIBLING])}
        if len(units) < 3:
            self.stdout.write("Chưa có đơn vị của vùng mẫu; bỏ qua báo cáo mẫu.")
            return
        if LeadershipDocument.objects.filter(unit__in=units.values()).exists():
            self.stdout.write("Văn bản, báo cáo mẫu đã có.")
            return
        today = timezone.localdate()
        admin = User.objects.filter(username="quantri.gialai").first()
        with transaction.atomic():
            for code, kind, number, days, issuer, title in DOCUMENTS:
                LeadershipDocument.objects.create(unit=units[code], kind=kind, number=number, issuer=issuer, title=title,
                                                  issued_on=today - datetime.timedelta(days=days), created_by=admin)  # fmt: skip
            for code, kind, topic, days, target, orgs, people, follow_up, due in INSPECTIONS:
                start = today - datetime.timedelta(days=days)
                Inspection.objects.create(
                    unit=units[code], kind=kind, topic=topic, started_on=start, ended_on=start + datetime.timedelta(days=5),
                    target=units.get(target), organisations=orgs, people=people, follow_up=follow_up,
                    findings="Đơn vị đã triển khai đầy đủ; một số nội dung còn chậm." if follow_up else "Thực hiện tốt.",
                    follow_up_due=today + datetime.timedelta(days=due) if due is not None else None,
                    follow_up_done_on=start + datetime.timedelta(days=20) if follow_up and due is None else None,
                    created_by=admin,
                )  # fmt: skip
        made = self._reports(units, today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Báo cáo mẫu: {len(DOCUMENTS)} văn bản, {len(INSPECTIONS)} cuộc kiểm tra, giám sát, {made} báo cáo."
            )
        )

    def _reports(self, units, today):
        """Last month's report: Hội Phú has sent it, Pleiku's is a draft."""
        last = today.replace(day=1) - datetime.timedelta(days=1)
        period = Period("thang", last.year, last.month)
        made = 0
        for code, username, send in ((SIBLING, "canbo.hoiphu", True), (WARD, "canbo.pleiku", False)):
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            report, _created = services.report_create(unit=units[code], period=period, acting_user=user)
            services.report_save(report=report, acting_user=user, header={"symbol": "08-BC/KDV", "signer_name": user.get_full_name(),
                                 "signer_title": "Trưởng khối dân vận", "recipients": "Ban Tuyên giáo và Dân vận Tỉnh ủy\nLưu"},
                                 texts={"_assessment": "Các tổ dân vận nắm tình hình sát; tiếp nhận, giải quyết phản ánh kịp thời hơn.",
                                        "_tasks": "Tập trung đối thoại về giải phóng mặt bằng; kiện toàn các tổ còn thiếu người.",
                                        "_proposals": "Đề nghị tỉnh mở lớp bồi dưỡng kỹ năng đối thoại cho tổ dân vận."})  # fmt: skip
            if send:
                services.report_submit(report=report, acting_user=user)
            made += 1
        return made
