"""Demo citizen reception and dialogue for Gia Lai: a year of the register at Phường Pleiku, Phường Hội Phú and the
province (regular, leaders', delegations, repeat visits, a denunciation), the leaders' schedules with some days
missed, and dialogues at province and commune level with commitments in every status. Safe to run again."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from danvan.accounts.choices import Role
from danvan.accounts.models import User
from danvan.cadres import services as cadre_services
from danvan.cadres.choices import Gender, Title
from danvan.cadres.models import Cadre
from danvan.cases.models import Field
from danvan.core import calendar
from danvan.engagement import schedules, services
from danvan.engagement.choices import Handling, Pattern, ReceptionKind, SessionStatus
from danvan.engagement.models import Reception, Session
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

PROVINCE, COMMUNES = "52", ["23575", "23586"]  # Gia Lai; Phường Pleiku, Phường Hội Phú
# The provincial heads the demo's cadre list does not have (the reception and dialogue duties name them).
PROVINCE_HEADS = [
    ("Rơ Mah Thị Kim Phượng", Gender.FEMALE, 1969, Title.PEOPLES_COMMITTEE_CHAIR),
    ("Hồ Văn Niên Gia Lai", Gender.MALE, 1967, Title.PARTY_SECRETARY),
]
MATTERS = [
    (
        "dat_dai",
        "khieu_nai",
        "Khiếu nại việc đo đạc, cấp giấy chứng nhận quyền sử dụng đất vườn sai diện tích so với thực tế.",
    ),
    ("dat_dai", "kien_nghi", "Kiến nghị xem xét mức bồi thường, hỗ trợ khi thu hồi đất làm đường vành đai phía Đông."),
    (
        "moi_truong",
        "phan_anh",
        "Phản ánh cơ sở chế biến cà phê xả nước thải ra suối, gây mùi hôi cho các hộ dân xung quanh.",
    ),
    (
        "giao_thong_xay_dung",
        "kien_nghi",
        "Kiến nghị sửa chữa đoạn đường bê tông liên tổ bị sụt lún, mùa mưa ngập nước.",
    ),
    ("an_sinh_xa_hoi", "kien_nghi", "Đề nghị xem xét đưa hộ gia đình vào danh sách hộ cận nghèo năm nay."),
    (
        "chinh_sach_che_do",
        "khieu_nai",
        "Khiếu nại việc chưa được hưởng chế độ trợ cấp người có công theo hồ sơ đã nộp.",
    ),
    (
        "hanh_chinh_thai_do",
        "phan_anh",
        "Phản ánh thủ tục đăng ký biến động đất đai tại bộ phận một cửa kéo dài quá hẹn.",
    ),
    ("an_ninh_trat_tu", "phan_anh", "Phản ánh tình trạng tụ tập, gây ồn ào ban đêm tại khu vực chợ tạm."),
]
DENUNCIATION = "Tố cáo cán bộ địa chính phường nhận tiền của người dân để hợp thức hóa phần đất lấn chiếm ven suối."
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Rơ Mah", "Ksor", "Siu", "Đinh", "Huỳnh", "Võ"]
GIVEN = ["Văn Hùng", "Thị Mai", "Văn Thắng", "Thị Hạnh", "H'Blơng", "Y Bih", "Văn Lộc", "Thị Thu Trang", "Quang Vinh"]


def _officer(unit):
    return (
        User.objects.filter(role_assignments__unit=unit, role_assignments__role__in=[Role.OFFICER, Role.ADMIN],
                            role_assignments__is_active=True).order_by("role_assignments__role", "pk").first()
    )  # fmt: skip


def _holder(unit, title):
    return Cadre.objects.filter(
        appointments__unit=unit, appointments__title=title, appointments__end__isnull=True, left_on__isnull=True
    ).first()


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu tiếp công dân, lịch tiếp, đối thoại và cam kết cho Gia Lai (chạy lại không nhân đôi)."

    def handle(self, *args, **options):
        province = Unit.objects.filter(code=PROVINCE).first()
        communes = list(Unit.objects.filter(code__in=COMMUNES).order_by("code"))
        if province is None or len(communes) < len(COMMUNES):
            self.stdout.write("Chưa có đơn vị của vùng mẫu; bỏ qua tiếp công dân mẫu.")
            return
        if Reception.objects.filter(unit__in=[province, *communes]).exists():
            self.stdout.write("Dữ liệu tiếp công dân mẫu đã có.")
            return
        rng = random.Random(2614)  # noqa: S311  (demo data, not secrets)
        self.denounced = False
        with transaction.atomic():
            self._province_heads(province)
            days = sum(self._schedules(unit, rng) for unit in [province, *communes])
            made = sum(self._register(unit, rng) for unit in [province, *communes])
            promises = self._dialogues(province, communes)
        self.stdout.write(f"Đã ghi {made} lượt tiếp công dân, {days} buổi tiếp của lãnh đạo và {promises} cam kết mẫu.")

    def _province_heads(self, province):
        admin = _officer(province)
        for name, gender, born, title in PROVINCE_HEADS:
            if _holder(province, title) is None:
                cadre = cadre_services.cadre_create(
                    acting_user=admin, unit=province, full_name=name, gender=gender, birth_year=born
                )
                cadre_services.appointment_add(
                    acting_user=admin, cadre=cadre, unit=province, title=title, start=datetime.date(2025, 7, 1)
                )

    def _schedules(self, unit, rng):
        """The leaders' standing schedules and what became of each planned day over the year: mostly held, some
        missed, a few delegated to a deputy while that was still allowed (before 1 July 2026)."""
        officer = _officer(unit)
        if unit.kind == UnitKind.PROVINCE:
            plans = [(Title.PEOPLES_COMMITTEE_CHAIR, Pattern.DAY_OF_MONTH, "15"),
                     (Title.PARTY_SECRETARY, Pattern.DAY_OF_MONTH, "20"),
                     (Title.PROPAGANDA_MOBILISATION_HEAD, Pattern.DAY_OF_MONTH, "5")]  # fmt: skip
            deputy = _holder(unit, Title.PROPAGANDA_MOBILISATION_DEPUTY)
        else:
            plans = [(Title.PEOPLES_COMMITTEE_CHAIR, Pattern.WEEKDAY, "5"),
                     (Title.PARTY_SECRETARY, Pattern.DAY_OF_MONTH, "10, 25")]  # fmt: skip
            deputy = _holder(unit, Title.PEOPLES_COMMITTEE_VICE_CHAIR)
        today = timezone.localdate()
        start = today - datetime.timedelta(days=364)
        recorded = 0
        for title, pattern, days in plans:
            leader = _holder(unit, title)
            if leader is None or officer is None:
                continue
            schedule = services.schedule_save(
                acting_user=officer, unit=unit, leader=leader, title=title, pattern=pattern, days=days,
                starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 30),
                place=f"Trụ sở tiếp công dân {unit.name}", valid_from=start,
            )  # fmt: skip
            for planned in schedules.planned_dates(schedule, start, today - datetime.timedelta(days=1)):
                luck = rng.random()
                if luck < 0.08:
                    continue  # nothing recorded: counted as missed
                status = SessionStatus.HELD
                if luck < 0.16:
                    status = SessionStatus.MISSED
                elif luck < 0.24 and deputy is not None and planned.date < datetime.date(2026, 7, 1):
                    status = SessionStatus.DELEGATED
                services.session_record(
                    acting_user=officer, unit=unit, leader=leader, title=title, date=planned.date, status=status,
                    deputy=deputy if status == SessionStatus.DELEGATED else None, schedule=schedule,
                )  # fmt: skip
                recorded += 1
        return recorded

    def _dialogues(self, province, communes):
        """A dialogue at the province and at each demo ward, each answer's promises in every state: open, in
        progress, kept on time and late, not kept with a reason, overdue, and one with weighted sub-commitments."""

        today = timezone.localdate()
        made = 0
        for unit in [province, *communes]:
            days_ago, post, role, topic, published, questions = DIALOGUES[unit.code]
            officer, chair = _officer(unit), _holder(unit, post)
            staff = _holder(unit, Title.CIVIL_SERVANT) or _holder(unit, Title.SPECIALIST)
            if officer is None or chair is None:
                continue
            day = today - datetime.timedelta(days=days_ago)
            dialogue = services.dialogue_record(
                acting_user=officer, unit=unit, date=day, chair=chair, chair_role=role, topic=topic,
                location=f"Hội trường {unit.name}",
                participants={"nong_dan": 60, "phu_nu": 35, "cuu_chien_binh": 12, "thanh_nien": 20, "khac": 8},
                summary="Người chủ trì kết luận, giao các cơ quan thực hiện các nội dung đã trả lời và báo cáo kết quả.",
            )  # fmt: skip
            for content, asker, answer, promises in questions:
                question = services.question_save(
                    acting_user=officer, dialogue=dialogue, content=content, asker=asker, asker_public=bool(asker),
                    answer=answer, answered_by=chair.full_name,
                )  # fmt: skip
                for text, due_in, state in promises:
                    made += self._promise(officer, unit, staff, question, day, text, due_in, state, today)
            if published:
                leader = User.objects.filter(role_assignments__unit=province, role_assignments__role=Role.ADMIN).first()
                services.dialogue_publish(acting_user=leader, dialogue=dialogue, published=True)
        return made

    def _promise(self, officer, unit, owner, question, day, text, due_in, state, today):
        """One promise from an answer, brought to ``state``; the parent gets three weighted sub-commitments."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        due = day + datetime.timedelta(days=due_in)
        commitment = services.commitment_make(
            acting_user=officer, unit=unit, content=text, due_on=due, owner=owner, source="doi_thoai",
            question=question, made_on=day,
        )  # fmt: skip
        if state == "parent":
            parts = [("Khảo sát, lập hồ sơ sửa chữa", 1, "kept"), ("Bố trí vốn trong kế hoạch năm", 2, "kept"),
                     ("Thi công sửa chữa mặt đường", 5, 40)]  # fmt: skip
            for content, weight, outcome in parts:
                child = services.commitment_make(
                    acting_user=officer, unit=unit, content=content, due_on=due, parent=commitment, weight=weight,
                    source="doi_thoai", question=question, made_on=day,
                )  # fmt: skip
                if outcome == "kept":
                    services.commitment_close(acting_user=officer, commitment=child, kept=True,
                                              day=min(today, day + datetime.timedelta(days=30)))  # fmt: skip
                else:
                    services.commitment_progress(acting_user=officer, commitment=child, progress=outcome)
            return 4
        if state in ("in_progress", "overdue"):
            services.commitment_progress(
                acting_user=officer, commitment=commitment, progress=45 if state == "in_progress" else 20
            )
            services.evidence_add(acting_user=officer, commitment=commitment, note="Ảnh hiện trường",
                                  files=[SimpleUploadedFile("hien-truong.png", PNG, content_type="image/png")])  # fmt: skip
        elif state == "kept_on_time":
            services.commitment_close(acting_user=officer, commitment=commitment, kept=True,
                                      day=min(today, due - datetime.timedelta(days=3)))  # fmt: skip
        elif state == "kept_late":
            services.commitment_close(acting_user=officer, commitment=commitment, kept=True,
                                      day=min(today, due + datetime.timedelta(days=12)))  # fmt: skip
        elif state == "not_kept":
            services.commitment_close(acting_user=officer, commitment=commitment, kept=False,
                                      reason="Danh sách còn khiếu nại, chờ rà soát lại trước khi niêm yết.")  # fmt: skip
        return 1

    def _register(self, unit, rng):
        """About a year of the unit's register: on most working days one or more visits."""
        officer = _officer(unit)
        staff = (
            Cadre.objects.filter(unit=unit, left_on__isnull=True, appointments__title__in=[Title.CIVIL_SERVANT,
                                 Title.SPECIALIST]).order_by("code").first()
        )  # fmt: skip
        chair = _holder(unit, Title.PEOPLES_COMMITTEE_CHAIR)
        if officer is None or staff is None:
            return 0
        fields = {f.code: f for f in Field.objects.all()}
        villages = list(Unit.objects.filter(path__startswith=unit.path, kind=UnitKind.VILLAGE)[:20]) or [unit]
        if unit.kind == UnitKind.PROVINCE:
            villages = list(Unit.objects.filter(path__startswith=unit.path, kind=UnitKind.COMMUNE)[:30])
        today = timezone.localdate()
        held = {
            s.date: s.leader
            for s in Session.objects.filter(unit=unit, status=SessionStatus.HELD).select_related("leader")
        }
        day, made, people = today - datetime.timedelta(days=364), 0, []
        while day < today:
            busy = day in held or rng.random() < (0.35 if unit.kind == UnitKind.PROVINCE else 0.6)
            if calendar.is_working_day(day) and busy:
                for _visit in range(rng.choice((1, 1, 1, 2))):
                    made += self._visit(unit, officer, staff, chair, day, rng, fields, villages, people, held)
            day += datetime.timedelta(days=1)
        return made

    def _visit(self, unit, officer, staff, chair, day, rng, fields, villages, people, held):
        again = people and rng.random() < 0.15
        previous = rng.choice(people) if again else None
        if previous is not None:
            name, id_number, phone, field, kind, text = (
                previous.citizen_name, previous.id_number, previous.phone, previous.field_id, previous.case_kind,
                previous.content,
            )  # fmt: skip
            field = fields_by_pk(fields).get(field)
        else:
            code, kind, text = rng.choice(MATTERS)
            field = fields.get(code)
            name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            id_number, phone = f"064{rng.randint(100_000_000, 999_999_999)}", f"09{rng.randint(10_000_000, 99_999_999)}"
        group = rng.random() < 0.06
        on_duty = held.get(day)
        scheduled = on_duty is not None and rng.random() < 0.6
        leader = scheduled or (chair is not None and rng.random() < 0.05)
        # One denunciation in the demo, at Phường Pleiku: its officer (canbo.pleiku) receives it and so signs in with a
        # second factor, as the demo's other denunciation already asks of them.
        denounce = previous is None and unit.code == COMMUNES[0] and not self.denounced and rng.random() < 0.05
        self.denounced = self.denounced or denounce
        handling = rng.choice([Handling.ACCEPTED, Handling.ACCEPTED, Handling.GUIDED, Handling.FORWARDED])
        reception, _created = services.reception_record(
            acting_user=officer, unit=unit, received_at=_at(day, rng.choice((8, 9, 10, 14, 15)), rng.choice((0, 15, 30))),
            location=f"Trụ sở tiếp công dân {unit.name}", official=(on_duty if scheduled else chair) if leader else staff,
            kind=ReceptionKind.LEADER_SCHEDULED if scheduled else (
                ReceptionKind.LEADER_UNSCHEDULED if leader else ReceptionKind.REGULAR),
            content=DENUNCIATION if denounce else text, case_kind="to_cao" if denounce else kind,
            place=rng.choice(villages), field=field, handling=Handling.ACCEPTED if denounce else handling,
            citizen_name=name, id_number=id_number, phone=phone, address=f"Tổ dân phố {rng.randint(1, 12)}, {unit.name}",
            people=rng.randint(5, 30) if group else 1,
            representatives=f"{name}\n{rng.choice(SURNAMES)} {rng.choice(GIVEN)}" if group else "",
            forwarded_to="Sở Nông nghiệp và Môi trường" if handling == Handling.FORWARDED else "",
            handled_before="UBND phường" if previous is not None else "", previous=previous,
            follow_up="Đã có văn bản trả lời công dân." if rng.random() < 0.5 else "",
        )  # fmt: skip
        if (
            not denounce
            and reception.handling == Handling.ACCEPTED
            and reception.case_id is None
            and rng.random() < 0.5
        ):
            services.reception_to_case(reception=reception, acting_user=officer)
        if not denounce and previous is None:
            people.append(reception)
        return 1


DIALOGUES = {
    # unit code: (days ago, chair's post, chair's role, topic, published, [(question, asker, answer, promises)])
    PROVINCE: (
        95,
        Title.PEOPLES_COMMITTEE_CHAIR,
        "chu_tich",
        "Đối thoại với nông dân về giá cà phê, hồ tiêu và chuyển đổi cây trồng",
        True,
        [
            (
                "Giá phân bón tăng cao, đề nghị tỉnh có chính sách hỗ trợ nông dân vay vốn ưu đãi.",
                "Nguyễn Văn Hùng",
                "Tỉnh sẽ làm việc với Ngân hàng Chính sách xã hội mở gói vay ưu đãi cho hộ trồng cà phê.",
                [("Mở gói vay ưu đãi cho hộ trồng cà phê tái canh", 60, "kept_on_time")],
            ),
            (
                "Đường vào vùng nguyên liệu xuống cấp, xe chở nông sản không vào được mùa mưa.",
                "",
                "Sở Xây dựng khảo sát và đưa vào kế hoạch sửa chữa năm sau.",
                [("Sửa chữa đường vào vùng nguyên liệu cà phê", 200, "parent")],
            ),
            (
                "Đề nghị hỗ trợ giống và kỹ thuật chuyển đổi sang trồng sầu riêng.",
                "Ksor H'Blơng",
                "Trung tâm khuyến nông mở lớp tập huấn và hỗ trợ một phần giống.",
                [("Mở 10 lớp tập huấn kỹ thuật trồng sầu riêng", 30, "kept_late")],
            ),
        ],
    ),
    "23575": (
        40,
        Title.PARTY_SECRETARY,
        "bi_thu",
        "Đối thoại với nhân dân về chỉnh trang đô thị và an ninh trật tự",
        True,
        [
            (
                "Hẻm 27 ngập nước mỗi khi mưa lớn, đề nghị phường làm lại rãnh thoát nước.",
                "Trần Thị Mai",
                "Phường bố trí kinh phí làm lại rãnh thoát nước trong quý I.",
                [("Làm lại rãnh thoát nước hẻm 27", 120, "in_progress")],
            ),
            (
                "Tình trạng thanh niên tụ tập chạy xe lạng lách ban đêm ở đường ven hồ.",
                "",
                "Công an phường tăng cường tuần tra, lập chốt vào các tối cuối tuần.",
                [
                    ("Lập chốt tuần tra tối thứ Sáu, thứ Bảy ở đường ven hồ", 20, "kept_on_time"),
                    ("Lắp camera an ninh ở đường ven hồ", 10, "overdue"),
                ],
            ),
            (
                "Đề nghị công khai danh sách hộ được hỗ trợ sửa nhà.",
                "Rơ Mah Y Bih",
                "Phường sẽ niêm yết công khai tại nhà văn hóa các tổ dân phố.",
                [("Niêm yết danh sách hộ được hỗ trợ sửa nhà", 15, "not_kept")],
            ),
        ],
    ),
    "23586": (
        20,
        Title.PEOPLES_COMMITTEE_CHAIR,
        "chu_tich",
        "Đối thoại về thu gom rác thải và vệ sinh môi trường",
        False,
        [
            (
                "Xe thu gom rác đến không đúng giờ, rác ùn ứ ở đầu hẻm.",
                "",
                "Phường làm việc với công ty môi trường để thống nhất lại lịch thu gom.",
                [("Thống nhất và công bố lịch thu gom rác mới", 25, "open")],
            ),
        ],
    ),
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00"
    b"\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def fields_by_pk(fields):
    return {f.pk: f for f in fields.values()}
