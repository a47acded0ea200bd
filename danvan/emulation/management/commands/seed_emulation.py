"""Demo "Dân vận khéo" data for Gia Lai: the province's settings and two rubric versions; models and exemplars at
Phường Pleiku, Phường Hội Phú, a village team of Pleiku, the province and a dozen other communes, in every stage
and field; councils that scored them (one spread flagged for discussion, one still open for the demo's leader to
score); recognitions of the last three years with yearly follow-ups, a few models at risk, a commendation conference, and a
model of Pleiku replicated in Hội Phú, a village and a commune of Đắk Lắk. Safe to run again (it does nothing when
the demo's models exist)."""

import datetime
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.emulation import services
from danvan.emulation.choices import AwardForm, Level, Recipient, Step, Vitality
from danvan.emulation.models import Practice, Scoresheet
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

PROVINCE, PLEIKU, HOIPHU, DAKLAK_COMMUNE = "52", "23575", "23586", "24175"

# (kind, field, name, content, area, target group, [(indicator, measure, baseline, target)], people)
MODELS = [
    (
        "mo_hinh",
        "van_hoa_xa_hoi",
        "Hiến đất mở rộng đường bê tông liên tổ dân phố",
        "Họp dân từng đoạn đường, tổ dân vận đến từng hộ vận động; công khai diện tích, cây trồng mỗi hộ hiến; "
        "Nhà nước hỗ trợ xi măng, Nhân dân góp ngày công.",
        "Tổ dân phố 1 và 2",
        "Các hộ hai bên tuyến đường",
        [("Diện tích đất hiến", "m²", 0, 1250), ("Chiều dài đường được mở rộng", "km", 0, 1.2)],
        190,
    ),
    (
        "mo_hinh",
        "kinh_te",
        "Tổ hợp tác trồng cà phê sạch liên kết tiêu thụ",
        "Hội Nông dân vận động các hộ vào tổ hợp tác, ký hợp đồng bao tiêu với doanh nghiệp, tập huấn quy trình "
        "canh tác theo tiêu chuẩn 4C.",
        "Các làng đồng bào Jrai",
        "Hộ trồng cà phê",
        [("Số hộ tham gia tổ hợp tác", "hộ", 12, 60), ("Diện tích đạt chứng nhận", "ha", 0, 45)],
        240,
    ),
    (
        "mo_hinh",
        "quoc_phong_an_ninh",
        "Tổ tự quản an ninh trật tự và camera giám sát do dân góp",
        "Mỗi tổ dân phố lập tổ tự quản; Nhân dân góp tiền lắp camera tại các ngã ba, kết nối với Công an phường.",
        "Các tổ dân phố giáp chợ",
        "Người dân và tiểu thương",
        [("Số camera được lắp đặt", "chiếc", 0, 24), ("Số vụ trộm cắp trong năm", "vụ", 18, 4)],
        3200,
    ),
    (
        "mo_hinh",
        "xay_dung_he_thong_chinh_tri",
        "Mỗi tháng một việc làm cụ thể vì dân của chi bộ",
        "Chi bộ chọn mỗi tháng một việc dân cần nhất, phân công đảng viên phụ trách, báo cáo kết quả tại sinh hoạt "
        "chi bộ và niêm yết công khai.",
        "Các chi bộ khu dân cư",
        "Đảng viên và Nhân dân khu dân cư",
        [("Số việc đã hoàn thành", "việc", 0, 12), ("Tỷ lệ hộ hài lòng", "%", 60, 90)],
        1500,
    ),
    (
        "mo_hinh",
        "van_hoa_xa_hoi",
        "Phân loại rác tại nguồn, đổi rác tái chế lấy quà",
        "Hội Phụ nữ hướng dẫn các hộ phân loại rác; mỗi tháng một phiên đổi rác tái chế lấy cây xanh, nhu yếu phẩm.",
        "Toàn phường",
        "Hộ gia đình và trường học",
        [("Số hộ phân loại rác tại nguồn", "hộ", 40, 600), ("Lượng rác tái chế thu gom", "tấn", 0, 8)],
        2100,
    ),
    (
        "mo_hinh",
        "kinh_te",
        "Nuôi bò sinh sản giúp hộ nghèo đồng bào dân tộc thiểu số thoát nghèo",
        "Mặt trận vận động doanh nghiệp tặng bò giống; hộ nhận bò cam kết giao bê con đầu tiên cho hộ nghèo khác.",
        "Các làng vùng sâu",
        "Hộ nghèo, cận nghèo",
        [("Số hộ thoát nghèo", "hộ", 0, 30), ("Số bò giống được trao", "con", 0, 40)],
        160,
    ),
    (
        "mo_hinh",
        "xay_dung_he_thong_chinh_tri",
        "Cán bộ phường trực nhóm Zalo tiếp nhận phản ánh của dân",
        "Mỗi tổ dân phố có nhóm Zalo do cán bộ phường phụ trách trực; phản ánh được chuyển bộ phận xử lý trong 24 giờ.",
        "Các tổ dân phố",
        "Người dân có điện thoại thông minh",
        [("Số phản ánh được trả lời đúng hạn", "phản ánh", 0, 300)],
        4200,
    ),
    (
        "mo_hinh",
        "quoc_phong_an_ninh",
        "Cựu chiến binh giúp đỡ thanh niên chậm tiến hoàn lương",
        "Mỗi hội viên cựu chiến binh nhận kèm một thanh niên chậm tiến, giới thiệu việc làm, phối hợp gia đình.",
        "Các khu dân cư",
        "Thanh niên chậm tiến, người sau cai nghiện",
        [("Số thanh niên có việc làm ổn định", "người", 0, 15)],
        45,
    ),
]
EXEMPLARS = [
    (
        "dien_hinh",
        "van_hoa_xa_hoi",
        "Già làng vận động con cháu hiến đất xây trường mẫu giáo",
        "Già làng Rơ Mah Blơn",
        "Vận động 14 hộ trong dòng họ hiến 2.300 m² đất xây điểm trường mẫu giáo của làng.",
        [("Diện tích đất vận động hiến", "m²", 0, 2300)],
        120,
    ),
    (
        "dien_hinh",
        "kinh_te",
        "Chi hội trưởng phụ nữ giúp hội viên vay vốn làm kinh tế",
        "Bà Nguyễn Thị Thu Hà",
        "Lập tổ tiết kiệm, bảo lãnh cho hội viên vay vốn chính sách, hướng dẫn cách làm ăn.",
        [("Số hội viên được vay vốn", "người", 5, 40)],
        80,
    ),
]
CRITERIA_V1 = [
    ("Giải quyết vấn đề bức xúc, cấp thiết ở cơ sở", 3, 10), ("Thu hút nhiều lực lượng cùng tham gia", 2, 10),
    ("Hiệu quả thiết thực, kiểm chứng được bằng chỉ tiêu", 3, 10), ("Được Nhân dân đồng tình, ủng hộ", 2, 10),
]  # fmt: skip
CRITERIA_V2 = [
    *CRITERIA_V1,
    ("Bền vững và khả năng nhân rộng", 2, 5),
]


def _photo(seed, name="anh-mo-hinh.png"):
    """A small landscape picture (sky, hills, a road) drawn here, as an uploaded PNG."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (640, 400), (140 + rng.randint(0, 60), 190, 235))
    draw = ImageDraw.Draw(image)
    for i in range(4):
        y = 180 + 40 * i + rng.randint(-20, 20)
        draw.ellipse((rng.randint(-200, 300), y, rng.randint(400, 900), 520), fill=(40 + 30 * i, 120 + 20 * i, 60))
    draw.polygon([(300, 400), (340, 400), (330, 230), (322, 230)], fill=(120, 120, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class Demo:
    def __init__(self, out):
        self.out = out
        self.rng = random.Random(2026)
        users = {u.username: u for u in User.objects.filter(is_active=True)}
        self.province_admin, self.leader = users["quantri.gialai"], users["lanhdao.gialai"]
        self.national_admin, self.officer = users["quantri"], users["canbo.pleiku"]
        self.reception_officer, self.sibling_officer = users["tiepdan.pleiku"], users["canbo.hoiphu"]
        self.team_member = users.get("tdv.pleiku")
        self.province = Unit.objects.get(code=PROVINCE)
        self.pleiku, self.hoiphu = Unit.objects.get(code=PLEIKU), Unit.objects.get(code=HOIPHU)
        self.village = Unit.objects.filter(path__startswith=self.pleiku.path, kind=UnitKind.VILLAGE).order_by("code")[0]
        self.n = 0
        self.today = timezone.localdate()
        self.Y = self.today.year

    def day(self, year, month, dd):
        """A date of the demo's calendar: as written for past years; this year's moved into the months before today
        (in the same order), so nothing the demo records lies in the future whatever day it runs."""
        date = datetime.date(year, month, dd)
        if year < self.Y:
            return date
        return self.today - (datetime.date(year, 12, 31) - date) - datetime.timedelta(days=20)

    def register(self, unit, user, spec, year, origin=None, holder=""):
        if origin is not None:
            return services.practice_replicate(
                acting_user=user, origin=origin, unit=unit, year=year, start_on=self.day(year, 2, 15),
                evaluation_on=self.day(year, 11, 30), forces=self.forces(unit),
                people_reached=origin.people_reached // 2,
            )  # fmt: skip
        kind, field, name, *rest = spec
        if kind == "dien_hinh":
            holder, content, indicators, people = rest
            area, target = unit.name, "Người dân trong làng, tổ dân phố"
        else:
            content, area, target, indicators, people = rest
        self.n += 1
        rows = [{"name": n, "measure": m, "baseline": str(b), "target": str(t), "higher_is_better": t > b}
                for n, m, b, t in indicators]  # fmt: skip
        values = {
            "kind": kind, "field": field, "name": name, "year": year, "holder": holder,
            "holder_public": bool(holder) and self.n % 2 == 0, "situation":
            f"Trước khi có mô hình, {area.lower()} còn nhiều khó khăn; người dân nhiều lần kiến nghị tại các buổi "
            "tiếp xúc cử tri và đối thoại.", "goals": "Giải quyết dứt điểm vấn đề người dân bức xúc; kết quả đo "
            "bằng các chỉ tiêu kiểm chứng dưới đây.", "content": content, "area": f"{area}, {unit.name}",
            "target_group": target, "money": self.rng.choice([0, 45_000_000, 120_000_000, 350_000_000]),
            "person_days": self.rng.randint(50, 900), "contributions": "Nhân dân góp ngày công và vật liệu",
            "start_on": self.day(year, 2, 15), "evaluation_on": self.day(year, 11, 30),
            "people_reached": people, "sustainability": "Có quy chế tự quản, kinh phí duy trì hằng năm do dân góp.",
            "replicability": "Áp dụng được ở các khu dân cư có điều kiện tương tự.",
        }  # fmt: skip
        milestones = [{"date": self.day(year, 6, 30), "title": "Sơ kết 6 tháng, đo các chỉ tiêu"}]
        return services.practice_register(
            acting_user=user, unit=unit, forces=self.forces(unit), indicators=rows, milestones=milestones, **values
        )

    @staticmethod
    def forces(unit):
        return [
            {"role": "chu_tri", "name": f"Ban Thường trực Ủy ban MTTQ {unit.name}", "duty": "Chủ trì, theo dõi"},
            {"role": "phoi_hop", "name": "Hội Phụ nữ, Hội Nông dân, Đoàn Thanh niên", "duty": "Vận động hội viên"},
            {"role": "tham_gia", "name": "Nhân dân khu dân cư", "duty": "Góp công, góp đất, giám sát"},
        ]

    def advance(self, practice, user, upto, year):
        """Walk a registration through the unit's steps up to ``upto`` (a Step)."""
        plan = [(Step.SHORTLIST, 3, 1), (Step.LAUNCH, 3, 20), (Step.MONITOR, 7, 1)]
        for step, month, day in plan:
            values = None
            if step == Step.MONITOR:
                values = {i.pk: i.baseline + (i.target - i.baseline) * 6 / 10 for i in practice.indicators.all()}
            services.practice_step(
                acting_user=user, practice=practice, step=step, date=self.day(year, month, day), values=values
            )
            if step == upto:
                return practice
        return practice

    def evaluate(self, practice, opener, council, evaluators, year, *, spread=False, send=True):
        evaluation = services.evaluation_open(
            acting_user=opener, practice=practice, council=council, evaluators=evaluators,
            opened_on=self.day(year, 11, 20),
        )  # fmt: skip
        if not send:
            return evaluation
        for n, sheet in enumerate(Scoresheet.objects.filter(evaluation=evaluation).select_related("evaluator")):
            marks = {}
            for criterion in evaluation.rubric.criteria.all():
                top = criterion.scale_max
                low = 0.3 if spread and n == 0 else 0.7
                marks[criterion.pk] = round(top * self.rng.uniform(low, low + 0.25))
            services.sheet_submit(acting_user=sheet.evaluator, sheet=sheet, marks=marks, comment="")
        note = "Hội đồng đã trao đổi, thống nhất đánh giá theo kết quả kiểm chứng thực tế." if spread else ""
        return services.evaluation_close(
            acting_user=opener, evaluation=evaluation, note=note, closed_on=self.day(year, 11, 26)
        )

    def recognise(self, evaluation, year, number):
        return services.decision_record(
            acting_user=self.leader, evaluation=evaluation, outcome="cong_nhan", number=f"{number}/QĐ-UBMTTQ",
            date=self.day(year, 12, 10), signer="Phạm Thị Tố Hải",
        )  # fmt: skip

    def follow_up(self, practice, user, year, vitality, factor):
        share = Decimal(str(factor))
        values = {i.pk: max(0, i.baseline + (i.target - i.baseline) * share) for i in practice.indicators.all()}
        files = [] if vitality == Vitality.STOPPED else [_photo(practice.pk * 10 + year)]
        return services.follow_up_record(
            acting_user=user, practice=practice, done_on=self.day(year, 12, 12), vitality=vitality,
            values={pk: round(v, 2) for pk, v in values.items()}, files=files,
            note="Phúc tra tại cơ sở, đo lại các chỉ tiêu, lấy ý kiến người dân.",
        )  # fmt: skip


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu phong trào “Dân vận khéo” cho tỉnh Gia Lai."

    def handle(self, *args, **options):
        demo = Demo(self.stdout)
        if Practice.objects.filter(unit__path__startswith=demo.province.path).exists():
            self.stdout.write("Dữ liệu mẫu “Dân vận khéo” đã có.")
            return
        with transaction.atomic():
            counts = self.build(demo)
        self.stdout.write(
            "Dân vận khéo mẫu: %(n)d mô hình, điển hình; %(r)d được công nhận; %(a)d khen thưởng." % counts
        )

    def build(self, d):
        pa, leader = d.province_admin, d.leader
        services.setting_save(acting_user=pa, province=d.province, follow_up_months=12, spread_limit=20)
        v1 = services.rubric_save(
            acting_user=pa, province=d.province, name="Tiêu chí bình xét mô hình “Dân vận khéo” tỉnh Gia Lai",
            effective_from=d.day(d.Y - 3, 1, 1),
            criteria=[{"name": n, "weight": w, "scale_max": s, "order": i,
                       "guidance": "Chấm theo kết quả kiểm chứng tại cơ sở và ý kiến người dân."}
                      for i, (n, w, s) in enumerate(CRITERIA_V1, 1)],
        )  # fmt: skip
        services.rubric_publish(acting_user=pa, rubric=v1)
        v2 = services.rubric_new_version(acting_user=pa, rubric=v1, effective_from=d.day(d.Y, 1, 1))
        v2 = services.rubric_save(
            acting_user=pa, province=d.province, rubric=v2, name=f"Tiêu chí bình xét mô hình “Dân vận khéo” (sửa đổi {d.Y})",
            effective_from=d.day(d.Y, 1, 1),
            criteria=[{"name": n, "weight": w, "scale_max": s, "order": i, "guidance": ""}
                      for i, (n, w, s) in enumerate(CRITERIA_V2, 1)],
        )  # fmt: skip
        services.rubric_publish(acting_user=pa, rubric=v2)

        officer = d.officer
        council_pleiku = [d.reception_officer, leader, pa]
        recognised = []
        # Phường Pleiku: one registration in every stage of the procedure this year, older ones recognised.
        this_year = d.Y
        specs = MODELS + EXEMPLARS
        stages = [None, Step.SHORTLIST, Step.LAUNCH, Step.MONITOR]
        for i, upto in enumerate(stages):
            p = d.register(d.pleiku, officer, specs[i + 4], this_year)
            if upto:
                d.advance(p, officer, upto, this_year)
        p = d.advance(d.register(d.pleiku, officer, specs[1], this_year), officer, Step.MONITOR, this_year)
        d.evaluate(p, officer, d.pleiku, council_pleiku, this_year, send=False)  # open: the leader's sheet waits
        p = d.advance(d.register(d.pleiku, officer, specs[2], this_year), officer, Step.MONITOR, this_year)
        d.evaluate(p, officer, d.pleiku, council_pleiku, this_year, spread=True)  # evaluated, decision to come
        p = d.advance(d.register(d.pleiku, officer, specs[3], this_year), officer, Step.MONITOR, this_year)
        services.practice_step(acting_user=officer, practice=p, step=Step.MONITOR, date=d.day(d.Y, 9, 1),
                               values={i.pk: i.baseline for i in p.indicators.all()})  # fmt: skip
        ev = d.evaluate(p, officer, d.pleiku, council_pleiku, this_year)
        services.decision_record(
            acting_user=leader, evaluation=ev, outcome="khong_cong_nhan", date=d.day(d.Y, 11, 28),
            reason="Chỉ tiêu chưa đạt so với đăng ký; đề nghị tiếp tục xây dựng, đăng ký lại năm sau.",
        )  # fmt: skip

        # The road model of Pleiku, recognised three years ago, followed up every year, replicated three times.
        road = d.advance(d.register(d.pleiku, officer, specs[0], d.Y - 3), officer, Step.MONITOR, d.Y - 3)
        d.recognise(d.evaluate(road, officer, d.pleiku, council_pleiku, d.Y - 3), d.Y - 3, 112)
        d.follow_up(road, officer, d.Y - 2, Vitality.ACTIVE, 1.1)
        d.follow_up(road, officer, d.Y - 1, Vitality.ACTIVE, 1.3)
        recognised.append(road)
        copy = d.advance(d.register(d.hoiphu, d.sibling_officer, None, d.Y - 2, origin=road), d.sibling_officer,
                         Step.MONITOR, d.Y - 2)  # fmt: skip
        d.recognise(d.evaluate(copy, d.sibling_officer, d.hoiphu, [leader, pa], d.Y - 2), d.Y - 2, 87)
        d.follow_up(copy, d.sibling_officer, d.Y - 1, Vitality.ACTIVE, 1.0)
        recognised.append(copy)
        if d.team_member is not None:
            d.register(d.village, d.team_member, None, d.Y, origin=copy)
        far = Unit.objects.filter(code=DAKLAK_COMMUNE).first()
        if far is not None:
            d.register(far, d.national_admin, None, d.Y - 1, origin=road)

        # A village team's own registration.
        if d.team_member is not None:
            d.register(d.village, d.team_member, EXEMPLARS[0], this_year, holder="")

        # The province's own model and a dozen communes' models recognised in the last three years, some not lasting.
        communes = list(Unit.objects.filter(path__startswith=d.province.path, kind=UnitKind.COMMUNE)
                        .exclude(pk__in=[d.pleiku.pk, d.hoiphu.pk]).order_by("code")[:12])  # fmt: skip
        fates = [  # (year recognised, follow-ups as (year, vitality, share of the way to the target))
            (d.Y - 3, [(d.Y - 2, Vitality.ACTIVE, 1.0), (d.Y - 1, Vitality.ACTIVE, 1.1)]),
            (d.Y - 3, [(d.Y - 2, Vitality.ACTIVE, 0.9), (d.Y - 1, Vitality.WEAKENING, 0.7)]),
            (d.Y - 3, [(d.Y - 2, Vitality.WEAKENING, 0.5), (d.Y - 1, Vitality.STOPPED, -0.2)]),
            (d.Y - 3, []),  # never followed up: overdue for two years
            (d.Y - 2, [(d.Y - 1, Vitality.ACTIVE, 1.2)]),
            (d.Y - 2, [(d.Y - 1, Vitality.ACTIVE, -0.1)]),  # an indicator fell below its baseline
            (d.Y - 2, [(d.Y - 1, Vitality.ACTIVE, 1.0)]),
            (d.Y - 1, []),
            (d.Y - 1, []),
            (d.Y - 1, []),
            (d.Y - 2, [(d.Y - 1, Vitality.WEAKENING, 0.4)]),
            (d.Y - 3, [(d.Y - 2, Vitality.ACTIVE, 1.0), (d.Y - 1, Vitality.ACTIVE, 1.0)]),
        ]
        for i, (commune, (year, follow_ups)) in enumerate(zip(communes, fates, strict=False)):
            spec = specs[(i + 1) % len(specs)]
            holder = spec[3] if spec[0] == "dien_hinh" else ""
            p = d.advance(d.register(commune, pa, spec, year, holder=holder), pa, Step.MONITOR, year)
            d.recognise(d.evaluate(p, pa, commune, [leader, d.national_admin], year), year, 40 + i)
            for fy, vitality, factor in follow_ups:
                d.follow_up(p, pa, fy, vitality, factor)
            recognised.append(p)
        prov = d.advance(d.register(d.province, pa, MODELS[3], d.Y - 2), pa, Step.MONITOR, d.Y - 2)
        d.recognise(d.evaluate(prov, pa, d.province, [leader, d.national_admin], d.Y - 2), d.Y - 2, 1532)
        recognised.append(prov)

        # Photos on the showcase for the recognised models.
        for p in recognised:
            services.evidence_add(acting_user=d.national_admin, practice=p, files=[_photo(p.pk)], is_public=True,
                                  note="Ảnh mô hình tại cơ sở")  # fmt: skip

        # The province's commendation conference of last year and its awards.
        conference = services.conference_save(
            acting_user=pa, unit=d.province, name=f"Hội nghị biểu dương điển hình “Dân vận khéo” tỉnh Gia Lai năm {d.Y - 1}",
            held_on=d.day(d.Y - 1, 12, 20), decision_number="2150/QĐ-UBND", decision_on=d.day(d.Y - 1, 12, 15),
            signer="Rơ Mah Thị Kim Phượng",
        )  # fmt: skip
        awards = 0
        for p in recognised[:6]:
            individual = p.kind == "dien_hinh"
            services.award_save(
                acting_user=pa, unit=d.province, conference=conference,
                recipient_kind=Recipient.INDIVIDUAL if individual else Recipient.COLLECTIVE,
                recipient=p.holder if individual else f"Ban Công tác Mặt trận {p.unit.name}",
                recipient_detail=p.unit.name, form=AwardForm.MERIT, level=Level.PROVINCE,
                decision_number="2150/QĐ-UBND", decision_on=d.day(d.Y - 1, 12, 15), practices=[p],
                achievement=f"Có thành tích xuất sắc xây dựng mô hình “{p.name}”",
            )  # fmt: skip
            awards += 1
        return {
            "n": Practice.objects.filter(unit__path__startswith=d.province.path).count(),
            "r": len(recognised),
            "a": awards,
        }
