"""Demo cases around Phường Pleiku: every kind of step, some overdue, some answered and rated."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from danvan.accounts.choices import Role
from danvan.accounts.models import User
from danvan.cases import services
from danvan.cases.choices import Channel
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
    ("khac", "Đề nghị phường thông báo rõ lịch cắt điện trong tuần để các hộ kinh doanh chủ động."),
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
        staff = {c.pk: list(User.objects.filter(role_assignments__unit=c, role_assignments__role=Role.OFFICER)
                            .order_by("pk")[:2]) for c in communes}  # fmt: skip
        officers = {pk: people[0] if people else None for pk, people in staff.items()}
        # A second officer of the ward (tiepdan.pleiku in the demo) handles and answers the cases left for the
        # citizens to rate in person, so the first, who answered the others, may write those ratings down.
        colleagues = {pk: people[1] if len(people) > 1 else None for pk, people in staff.items()}
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
                    channel=Channel.WEB if n % 3 else Channel.RECEPTION, acting_user=None if n % 3 else officer, on_behalf=n % 3 == 0,
                )  # fmt: skip
                made += 1
                stage = rng.random()
                if stage < 0.2 or officer is None:
                    continue  # still waiting for acceptance (some are overdue)
                accepted = received + datetime.timedelta(days=rng.randint(0, 4))
                if accepted > today:
                    continue
                services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=accepted)
                unrated = 0.45 <= stage <= 0.6  # answered, and the citizen has not rated it online
                handler = colleagues[commune.pk] if unrated and colleagues[commune.pk] else officer
                services.case_assign(case=case, handler=handler, acting_user=officer, day=accepted)
                if stage < 0.45:
                    continue  # being resolved
                answered = accepted + datetime.timedelta(days=rng.randint(3, 28))
                if answered > today:
                    continue
                services.case_record(
                    case=case, event=Event.ANSWER, acting_user=handler, day=answered, note=rng.choice(ANSWERS)
                )
                if stage > 0.6 and (today - answered).days <= services.RATING_DAYS:
                    services.case_rate(
                        case=case, timeliness=rng.randint(3, 5), attitude=rng.randint(3, 5), result=rng.randint(2, 5),
                        comment=rng.choice(["", "Cảm ơn cán bộ phường.", "Giải quyết còn chậm."]),
                    )  # fmt: skip
            officer = officers[communes[0].pk]
            if officer is not None:
                services.denunciation_receive(
                    acting_user=officer, place=communes[0], received_on=today - datetime.timedelta(days=5),
                    content="Tố cáo cán bộ địa chính nhận tiền để làm nhanh hồ sơ cấp giấy chứng nhận.",
                    identity={"name": "Người tố cáo mẫu", "phone": "0900000000"},
                )  # fmt: skip
                made += 1
                made += self._handling_examples(communes[0], officer, today)
                made += self._spike(communes[0], fields.get("dat_dai"), today)
        self.stdout.write(f"Vụ việc mẫu: {made} vụ việc xảy ra ở phường Pleiku và Hội Phú.")

    def _handling_examples(self, commune, officer, today):
        """A group petition with a merged duplicate, a case forwarded with its letter, a second-round complaint."""
        village = Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path).first() or commune
        day = today - datetime.timedelta(days=12)
        text = "Xưởng chế biến cà phê xả nước thải ra suối, cá chết, nước giếng các hộ ven suối có mùi."
        group, _c = services.case_submit(
            kind="kien_nghi", content=text, place=village, channel="tiep_dan", received_on=day, signers=37,
            petitioner_name="Đại diện 37 hộ dân tổ dân phố", petitioner_phone="0905111222", acting_user=officer,
            on_behalf=True,
        )  # fmt: skip
        again, _c = services.case_submit(
            kind="kien_nghi", content=f"{text} Đề nghị kiểm tra gấp.", place=village, received_on=day,
            petitioner_phone="0905111222",
        )  # fmt: skip
        services.case_merge(
            case=again, into=group, acting_user=officer, reason="Cùng nội dung, cùng người gửi", day=day
        )
        services.case_record(case=group, event=Event.ACCEPT, acting_user=officer, day=day)
        elsewhere, _c = services.case_submit(
            kind="phan_anh", content="Trạm thu phí trên quốc lộ thu sai mức phí với xe tải nhỏ của người dân.",
            place=village, received_on=day, petitioner_phone="0905333444",
        )  # fmt: skip
        services.case_forward(
            case=elsewhere, acting_user=officer, recipient="Sở Xây dựng tỉnh Gia Lai", letter_no="58/UBND-TCD",
            letter_date=day + datetime.timedelta(days=2), reason="Không thuộc thẩm quyền của phường",
            day=day + datetime.timedelta(days=2),
        )  # fmt: skip
        first, _c = services.case_submit(
            kind="khieu_nai", content="Khiếu nại quyết định thu hồi đất làm đường vì chưa tính đúng diện tích.",
            place=village, received_on=today - datetime.timedelta(days=60), petitioner_name="Nguyễn Văn Bình",
            petitioner_phone="0905555666", channel="tiep_dan", acting_user=officer, on_behalf=True,
        )  # fmt: skip
        services.case_record(
            case=first, event=Event.ACCEPT, acting_user=officer, day=today - datetime.timedelta(days=55)
        )
        services.case_record(
            case=first, event=Event.ANSWER, acting_user=officer, day=today - datetime.timedelta(days=20),
            note="Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định thu hồi, bổ sung 12 m² bồi thường.",
        )  # fmt: skip
        province_admin = User.objects.filter(username="quantri.gialai").first()
        made = 4
        if province_admin is not None:
            # The complainant told the province's reception desk what they thought of the first round: an
            # officer other than the one who answered writes it down (shown apart, not scored).
            services.case_rate(
                case=first, timeliness=4, attitude=3, result=2, acting_user=province_admin, taken_at="tiep_dan",
                given_on=today - datetime.timedelta(days=3), comment="Không đồng ý với cách đo diện tích.",
            )  # fmt: skip
            services.complaint_second_round(
                first=first, acting_user=province_admin, received_on=today - datetime.timedelta(days=3),
                content="Không đồng ý với quyết định lần đầu vì diện tích bị thu hồi đo sai.",
            )  # fmt: skip
            made += 1
        return made

    def _spike(self, commune, field, today):
        """A week of complaints about one project's land clearance: the early warning has something to show."""
        village = Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path).first() or commune
        texts = [
            "Dự án mở rộng đường vành đai đo đạc thiếu diện tích đất nhà tôi khi kiểm đếm bồi thường.",
            "Giá bồi thường đất vườn ở dự án đường vành đai thấp hơn nhiều so với giá thị trường.",
            "Nhà tôi bị thu hồi đất làm đường nhưng chưa được bố trí tái định cư, đề nghị phường trả lời.",
            "Biên bản kiểm đếm đất của gia đình tôi ghi sai loại đất, đất ở bị ghi thành đất nông nghiệp.",
            "Chúng tôi chưa nhận được quyết định thu hồi đất mà đơn vị thi công đã san ủi vườn cà phê.",
            "Đề nghị công khai phương án bồi thường, hỗ trợ của dự án đường vành đai cho các hộ bị ảnh hưởng.",
            "Ranh giới mốc giải phóng mặt bằng cắm lấn vào đất nhà tôi gần hai mét so với bản đồ địa chính.",
        ]
        for n, content in enumerate(texts):
            services.case_submit(
                kind="kien_nghi", content=content, place=village, field=field,
                received_on=today - datetime.timedelta(days=n % 5), petitioner_phone=f"0912{n:06d}",
            )  # fmt: skip
        return len(texts)
