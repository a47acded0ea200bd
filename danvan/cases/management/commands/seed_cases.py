"""Demo cases around Phường Pleiku: every kind of step, some overdue, some answered and rated."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.cases import services
from danvan.cases.models import Case, Field
from danvan.cases.workflow import Event
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

AREA = ["23575", "23586"]  # Phường Pleiku, Phường Hội Phú (the demo officers' wards)
TEXTS = [
    ("dat_dai", "Hàng xóm xây tường rào lấn sang đất nhà tôi khoảng nửa mét, đề nghị phường đo đạc lại ranh giới."),
    ("moi_truong", "Bãi rác tự phát ở cuối hẻm bốc mùi, ruồi nhặng nhiều, ảnh hưởng sức khỏe các hộ xung quanh."),
    ("giao_thong_xay_dung", "Đường bê tông đầu tổ dân phố bị nứt vỡ, mùa mưa đọng nước, xe máy hay bị ngã."),
    ("an_sinh_xa_hoi", "Mẹ tôi 82 tuổi nhưng chưa được nhận trợ cấp người cao tuổi, đề nghị xem xét hồ sơ."),
    ("y_te", "Trạm y tế phường thường hết thuốc hạ sốt cho trẻ em, người dân phải mua ở ngoài."),
    ("giao_duc", "Trường tiểu học thu thêm tiền học thêm buổi chiều, phụ huynh chưa rõ khoản này theo quy định nào."),
    ("an_ninh_trat_tu", "Nhóm thanh niên tụ tập chạy xe lạng lách vào ban đêm ở đường ven hồ, gây mất an ninh."),
    ("chinh_sach_che_do", "Gia đình có công với cách mạng chưa được hỗ trợ sửa nhà như đã đăng ký năm ngoái."),
    ("hanh_chinh_thai_do", "Cán bộ một cửa hẹn trả hồ sơ ba lần vẫn chưa có kết quả, thái độ chưa niềm nở."),
    ("khac", "Đèn chiếu sáng ở ngã ba tổ dân phố hỏng hơn một tháng nay, buổi tối rất tối."),
]
ANSWERS = [
    "Phường đã kiểm tra thực địa, làm việc với các bên và có văn bản trả lời.",
    "Đã chỉ đạo đơn vị chuyên môn khắc phục xong, đề nghị người dân tiếp tục phản ánh nếu còn tồn tại.",
    "Hồ sơ đã được bổ sung và chuyển cấp có thẩm quyền giải quyết; kết quả sẽ thông báo trong tháng.",
]


class Command(BaseCommand):
    help = "Tạo vụ việc mẫu quanh phường Pleiku (chạy lại không nhân đôi)."

    def handle(self, *args, **options):
        communes = list(Unit.objects.filter(code__in=AREA))
        if len(communes) < len(AREA):
            self.stdout.write("Chưa có đơn vị của vùng mẫu; bỏ qua vụ việc mẫu.")
            return
        if Case.objects.filter(unit__in=communes).exists():
            self.stdout.write("Vụ việc mẫu đã có.")
            return
        officers = {c.pk: User.objects.filter(role_assignments__unit=c, role_assignments__role="officer").first()
                    for c in communes}  # fmt: skip
        rng = random.Random(2026)  # noqa: S311  (demo data, not secrets)
        today = timezone.localdate()
        fields = {f.code: f for f in Field.objects.all()}
        made = 0
        with transaction.atomic():
            for n in range(40):
                commune = communes[n % len(communes)]
                officer = officers[commune.pk]
                villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path)[:12])
                place = rng.choice(villages) if villages else commune
                code, text = TEXTS[n % len(TEXTS)]
                received = today - datetime.timedelta(days=rng.randint(1, 75))
                kind = "khieu_nai" if n % 9 == 0 else ("kien_nghi" if n % 4 == 0 else "phan_anh")
                case, _created = services.case_submit(
                    kind=kind, content=text, place=place, field=fields.get(code), received_on=received,
                    petitioner_name="Nguyễn Văn Bình" if kind == "khieu_nai" else "",
                    petitioner_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    channel="web" if n % 3 else "tiep_dan", entered_by=None if n % 3 else officer, on_behalf=n % 3 == 0,
                )  # fmt: skip
                made += 1
                stage = rng.random()
                if stage < 0.2 or officer is None:
                    continue  # still waiting for acceptance (some are overdue)
                accepted = received + datetime.timedelta(days=rng.randint(0, 4))
                if accepted > today:
                    continue
                services.case_record(case=case, event=Event.ACCEPT, actor=officer, day=accepted)
                if stage < 0.45:
                    continue  # being resolved
                answered = accepted + datetime.timedelta(days=rng.randint(3, 28))
                if answered > today:
                    continue
                services.case_record(
                    case=case, event=Event.ANSWER, actor=officer, day=answered, note=rng.choice(ANSWERS)
                )
                if stage > 0.6 and (today - answered).days <= services.RATING_DAYS:
                    services.case_rate(
                        case=case, timeliness=rng.randint(3, 5), attitude=rng.randint(3, 5), result=rng.randint(2, 5),
                        comment=rng.choice(["", "Cảm ơn cán bộ phường.", "Giải quyết còn chậm."]),
                    )  # fmt: skip
            officer = officers[communes[0].pk]
            if officer is not None:
                services.denunciation_receive(
                    entered_by=officer, place=communes[0], received_on=today - datetime.timedelta(days=5),
                    content="Tố cáo cán bộ địa chính nhận tiền để làm nhanh hồ sơ cấp giấy chứng nhận.",
                    identity={"name": "Người tố cáo mẫu", "phone": "0900000000"},
                )  # fmt: skip
                made += 1
        self.stdout.write(f"Vụ việc mẫu: {made} vụ việc ở phường Pleiku và Hội Phú.")
