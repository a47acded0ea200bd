"""National-scale data for benchmarks: villages, cadres, teams, training, field days, cases and ratings.

Built on the official tree (34 provinces, 3,321 communes) with realistic skew: some communes are much
busier than others, land dominates complaints, the year has seasons, recent cases are still open and
about one answer in seven is late. Rows are written in bulk (COPY on PostgreSQL, batched inserts on
SQLite) with ids assigned here, so a million-row table loads in seconds and foreign keys need no
lookups. Deterministic for a given seed.
"""

import csv
import datetime
import io
import math
import random
from collections import defaultdict

from django.db import connection, models, transaction
from django.utils import timezone

from danvan.cadres.models import Attendance, Cadre, Course, FieldDay, Team, TeamMembership
from danvan.cases.codes import ALPHABET, PREFIXES
from danvan.cases.models import Case, CaseEvent, CaseRating, Field
from danvan.core.text import fold, natural_key
from danvan.engagement.models import Reception
from danvan.engagement.services import match_keys
from danvan.units.choices import UnitKind
from danvan.units.models import Unit, full_name_key

FULL = {"villages": 60_000, "cadres": 300_000, "cases": 2_000_000, "receptions": 100_000}
YEARS = 3

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Rơ Châm", "Ksor", "Siu", "Y"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]  # fmt: skip
# Field mix of what citizens raise (land first, as the domain notes say), and of each kind.
FIELD_WEIGHTS = {"dat_dai": 30, "moi_truong": 10, "giao_thong_xay_dung": 12, "an_sinh_xa_hoi": 10, "y_te": 5,
                 "giao_duc": 4, "an_ninh_trat_tu": 8, "chinh_sach_che_do": 8, "hanh_chinh_thai_do": 6,
                 "tham_nhung_tieu_cuc": 2, "khac": 5}  # fmt: skip
KIND_WEIGHTS = {"phan_anh": 58, "kien_nghi": 22, "khieu_nai": 15, "to_cao": 5}
SEASON = [0.8, 0.7, 1.0, 1.05, 1.1, 1.1, 1.05, 1.1, 1.05, 1.1, 1.1, 0.95]
SUBJECTS = {
    "dat_dai": [
        "tranh chấp ranh giới đất",
        "cấp giấy chứng nhận quyền sử dụng đất chậm",
        "bồi thường giải phóng mặt bằng",
    ],
    "moi_truong": ["khói bụi từ cơ sở sản xuất", "rác thải tồn đọng", "nước thải chảy ra kênh"],
    "giao_thong_xay_dung": ["đường liên thôn hư hỏng", "xây dựng lấn chiếm hành lang", "cầu dân sinh xuống cấp"],
    "an_sinh_xa_hoi": ["chậm chi trả trợ cấp", "xét hộ nghèo chưa đúng", "hỗ trợ nhà ở"],
    "y_te": ["trạm y tế thiếu thuốc", "thái độ phục vụ ở trạm y tế"],
    "giao_duc": ["trường học xuống cấp", "các khoản thu đầu năm học"],
    "an_ninh_trat_tu": ["tụ tập gây mất trật tự ban đêm", "trộm cắp tài sản"],
    "chinh_sach_che_do": ["chế độ người có công", "bảo hiểm y tế"],
    "hanh_chinh_thai_do": ["giải quyết thủ tục chậm", "cán bộ gây khó khăn"],
    "tham_nhung_tieu_cuc": ["thu tiền sai quy định", "lạm dụng chức vụ"],
    "khac": ["kiến nghị khác của người dân"],
}


class Writer:
    """Bulk rows into one model's table: PostgreSQL COPY, or batched INSERT elsewhere."""

    BATCH = 50_000

    def __init__(self, model, columns):
        self.model = model
        self.table = model._meta.db_table
        self.columns = columns
        self.rows = []
        self.count = 0

    def add(self, *values):
        self.rows.append(values)
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with connection.cursor() as cursor:
            cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                for row in self.rows:
                    writer.writerow(["\\N" if v is None else v for v in row])
                buffer.seek(0)
                sql = f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
                with cursor.cursor.copy(sql) as copy:
                    while data := buffer.read(1 << 20):
                        copy.write(data)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})",  # noqa: S608  # nosec B608
                    self.rows,
                )
        self.count += len(self.rows)
        self.rows = []


def _next_id(model):
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _reset_sequences(*models_):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",  # noqa: S608  # nosec B608
                [table],
            )


def _code(n):
    body = ""
    for _i in range(5):
        n, r = divmod(n, len(ALPHABET))
        body = ALPHABET[r] + body
    return body


class Generator:
    def __init__(self, *, scale=1.0, seed=2026, today=None, progress=None, events=True):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311  (benchmark data, not secrets)
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda step, done, total: None)
        self.events = events
        self.now = timezone.now()
        self.stats = {}

    # --- helpers ---
    def lognormal_weights(self, n, sigma=0.8):
        return [self.rng.lognormvariate(0, sigma) for _i in range(n)]

    def name(self):
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def day_between(self, start, end):
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    # --- the steps ---
    def run(self):
        with transaction.atomic():
            self.villages()
            self.cadres()
            self.teams()
            self.training()
            self.field_days()
            self.cases()
            self.receptions()
            _reset_sequences(
                Unit,
                Cadre,
                Team,
                TeamMembership,
                Course,
                Attendance,
                FieldDay,
                Case,
                CaseEvent,
                CaseRating,
                Reception,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.stats

    def villages(self):
        communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, is_active=True).order_by("path"))
        if not communes:
            raise ValueError("Chưa có xã, phường: chạy manage.py load_units trước.")
        self.communes = communes
        target = max(len(communes), round(FULL["villages"] * self.scale))
        weights = self.lognormal_weights(len(communes), 0.5)
        total = sum(weights)
        writer = Writer(Unit, ["id", "path", "depth", "numchild", "kind", "division_type", "code", "name", "name_folded",
                                "name_sort", "full_name_folded", "is_remote", "is_active", "note", "created_at",
                                "updated_at"])  # fmt: skip
        pk = _next_id(Unit)
        self.villages_of = {}
        numchild = []
        for index, commune in enumerate(communes):
            count = max(1, round(target * weights[index] / total))
            ward = commune.division_type.lower().startswith("phường")
            label = "Tổ dân phố" if ward else "Thôn"
            remote = not ward and self.rng.random() < 0.15
            start = commune.numchild + 1
            ids = []
            for step in range(start, start + count):
                name = f"{label} {step}"
                writer.add(pk, Unit._get_path(commune.path, commune.depth + 1, step), commune.depth + 1, 0,
                           UnitKind.VILLAGE, label.lower(), f"{commune.code}-{step:03d}", name, fold(name),
                           natural_key(name), full_name_key(name) + commune.full_name_folded.lstrip(), remote, True, "",
                           self.now, self.now)  # fmt: skip
                ids.append(pk)
                pk += 1
            self.villages_of[commune.pk] = ids
            numchild.append((commune.pk, commune.numchild + count))
            if index % 200 == 0:
                self.progress("villages", index, len(communes))
        writer.flush()
        for commune_pk, n in numchild:
            Unit.objects.filter(pk=commune_pk).update(numchild=n)
        self.stats["villages"] = writer.count
        self.provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
        self.province_of = {}
        by_path = {p.path: p for p in self.provinces}
        for commune in communes:
            self.province_of[commune.pk] = by_path[commune.path[: 2 * Unit.steplen]]

    def cadres(self):
        r = self.rng
        target = round(FULL["cadres"] * self.scale)
        writer = Writer(Cadre, ["id", "unit_id", "code", "full_name", "full_name_folded", "gender", "birth_year",
                                 "ethnicity", "religion", "phone", "education", "professional_level",
                                 "professional_field", "theory_level", "is_party_member", "photo", "started_on",
                                 "left_on", "note", "created_at", "updated_at"])  # fmt: skip
        pk = _next_id(Cadre)
        self.first_cadre = pk
        # Roughly 4 of every 5 cadres sit on village teams; the rest are commune and province staff.
        village_share = 0.8
        villages = [v for ids in self.villages_of.values() for v in ids]
        village_commune = {v: c for c, ids in self.villages_of.items() for v in ids}
        per_village = max(1, round(target * village_share / len(villages)))
        per_commune = max(2, round(target * (1 - village_share) * 0.95 / len(self.communes)))
        per_province = max(2, round(target * (1 - village_share) * 0.05 / len(self.provinces)))
        self.staff = defaultdict(list)  # unit id -> cadre ids (commune and province staff)
        self.members = defaultdict(list)  # village id -> cadre ids
        self.cadre_unit = {}
        self.left = set()

        def one(unit_id):
            nonlocal pk
            name = self.name()
            started = datetime.date(r.randint(1995, 2025), r.randint(1, 12), 1)
            left = None
            if r.random() < 0.04:
                left = self.day_between(max(started, datetime.date(2024, 1, 1)), self.today)
                self.left.add(pk)
            writer.add(pk, unit_id, f"SC{pk:07d}", name, fold(name), r.choice(("nam", "nu")), r.randint(1960, 2000),
                       "01" if r.random() < 0.85 else r.choice(("02", "03", "04", "05", "06", "07", "08", "10", "19")),
                       "khong", "", r.choice(("thcs", "thpt", "thpt", "thpt")),
                       r.choice(("chua_dao_tao", "trung_cap", "dai_hoc", "dai_hoc")), "",
                       r.choice(("chua_dao_tao", "so_cap", "trung_cap", "cao_cap")), r.random() < 0.7, "", started,
                       left, "", self.now, self.now)  # fmt: skip
            self.cadre_unit[pk] = unit_id
            pk += 1
            return pk - 1

        for index, village in enumerate(villages):
            for _i in range(per_village):
                self.members[village].append(one(village))
            if index % 5000 == 0:
                self.progress("cadres", index, len(villages) + len(self.communes))
        for commune in self.communes:
            for _i in range(max(1, round(per_commune * r.uniform(0.6, 1.4)))):
                self.staff[commune.pk].append(one(commune.pk))
        for province in self.provinces:
            for _i in range(per_province):
                self.staff[province.pk].append(one(province.pk))
        writer.flush()
        self.village_commune = village_commune
        self.stats["cadres"] = writer.count

    def teams(self):
        r = self.rng
        teams = Writer(Team, ["id", "unit_id", "kind", "name", "established_on", "decision"])
        seats = Writer(TeamMembership, ["id", "team_id", "cadre_id", "role", "start", "end", "end_reason"])
        team_pk, seat_pk = _next_id(Team), _next_id(TeamMembership)
        founded = datetime.date(2025, 7, 15)

        def team(unit_id, kind, name, members):
            nonlocal team_pk, seat_pk
            teams.add(team_pk, unit_id, kind, name, founded, "")
            for index, cadre in enumerate(m for m in members if m not in self.left):
                role = "truong" if index == 0 else "pho" if index == 1 else "thanh_vien"
                seats.add(seat_pk, team_pk, cadre, role, founded, None, "")
                seat_pk += 1
            team_pk += 1

        for commune in self.communes:
            if r.random() < 0.97:
                team(commune.pk, "khoi", f"Khối dân vận {commune.name}", self.staff[commune.pk][:9])
            for village in self.villages_of[commune.pk]:
                if r.random() < 0.95:
                    team(village, "to", "Tổ dân vận", self.members[village])
        teams.flush()
        seats.flush()
        self.stats["teams"], self.stats["team seats"] = teams.count, seats.count

    def training(self):
        r = self.rng
        courses = Writer(Course, ["id", "unit_id", "title", "title_folded", "level", "start", "end", "hours", "topics",
                                  "format", "venue", "created_at"])  # fmt: skip
        attendance = Writer(Attendance, ["id", "course_id", "cadre_id", "result", "certificate_no", "year"])
        course_pk, seat_pk = _next_id(Course), _next_id(Attendance)
        cadres_by_province = defaultdict(list)
        for cadre, unit in self.cadre_unit.items():
            commune = self.village_commune.get(unit, unit)
            province = self.province_of.get(commune)
            cadres_by_province[(province or self._province_by_id(unit)).pk].append(cadre)
        first_year = self.today.year - YEARS + 1
        for p_index, province in enumerate(self.provinces):
            pool = cadres_by_province[province.pk]
            rate = r.uniform(0.35, 0.8)  # share of the province's cadres trained each year
            for year in range(first_year, self.today.year + 1):
                last = (
                    datetime.date(year, 12, 31) if year < self.today.year else self.today - datetime.timedelta(days=1)
                )
                trained = r.sample(pool, round(len(pool) * rate * (last.timetuple().tm_yday / 365)))
                size = 60
                for offset in range(0, len(trained), size):
                    start = self.day_between(datetime.date(year, 1, 10), last - datetime.timedelta(days=3))
                    title = f"Bồi dưỡng công tác dân vận năm {year} – lớp {offset // size + 1}"
                    courses.add(course_pk, province.pk, title, fold(title), "cap_nhat", start,
                                start + datetime.timedelta(days=2), 16, "", "tap_trung", "", self.now)  # fmt: skip
                    for cadre in trained[offset : offset + size]:
                        result = "dat" if r.random() < 0.93 else "khong_dat"
                        attendance.add(seat_pk, course_pk, cadre, result, "", year)
                        seat_pk += 1
                    course_pk += 1
            self.progress("training", p_index, len(self.provinces))
        courses.flush()
        attendance.flush()
        self.stats["courses"], self.stats["attendances"] = courses.count, attendance.count

    def _province_by_id(self, unit_id):
        return next(p for p in self.provinces if p.pk == unit_id)

    def field_days(self):
        """A year of field days for commune and province staff, 0 to 6 a month, busier in some communes."""
        r = self.rng
        writer = Writer(FieldDay, ["id", "cadre_id", "date", "village_id", "purpose", "people_met", "issues_heard",
                                   "created_at"])  # fmt: skip
        pk = _next_id(FieldDay)
        month_starts = []
        day = self.today.replace(day=1)
        for _i in range(12):
            month_starts.append(day)
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        province_villages = defaultdict(list)
        for commune in self.communes:
            province_villages[self.province_of[commune.pk].pk].extend(self.villages_of[commune.pk])
        for index, (unit_id, cadres) in enumerate(self.staff.items()):
            villages = self.villages_of.get(unit_id) or province_villages[unit_id]
            zeal = r.uniform(0.8, 5.0)
            for cadre in cadres:
                if cadre in self.left:
                    continue
                for start in month_starts:
                    last = min(
                        self.today,
                        (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
                        - datetime.timedelta(days=1),
                    )
                    days = min(last.day, max(0, round(r.gauss(zeal, 1.2))))
                    for d in sorted(r.sample(range(1, last.day + 1), days)):
                        writer.add(pk, cadre, start.replace(day=d), r.choice(villages), "Nắm tình hình nhân dân",
                                   r.randint(3, 40), "", self.now)  # fmt: skip
                        pk += 1
            if index % 500 == 0:
                self.progress("field days", index, len(self.staff))
        writer.flush()
        self.stats["field days"] = writer.count

    def cases(self):
        """Cases over the last three years with their events and, for a third of the answered, a rating."""
        r = self.rng
        target = round(FULL["cases"] * self.scale)
        fields = {f.code: f.pk for f in Field.objects.all()}
        field_codes = [c for c in FIELD_WEIGHTS if c in fields]
        field_w = [FIELD_WEIGHTS[c] for c in field_codes]
        kinds, kind_w = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        weights = self.lognormal_weights(len(self.communes), 1.0)
        province_boost = {p.pk: r.lognormvariate(0, 0.4) for p in self.provinces}
        weights = [w * province_boost[self.province_of[c.pk].pk] for w, c in zip(weights, self.communes, strict=True)]
        total_w = sum(weights)
        start = self.today - datetime.timedelta(days=365 * YEARS - 1)
        days = (self.today - start).days + 1
        day_w = [SEASON[(start + datetime.timedelta(days=i)).month - 1] * (1 + 0.15 * i / days) for i in range(days)]
        cum_days = list(_cumulative(day_w))
        case_cols = ["id", "code", "kind", "round", "field_id", "content", "content_folded", "place_id", "unit_id",
                     "channel", "petitioner_name", "petitioner_phone", "petitioner_address", "on_behalf", "signers",
                     "complexity", "is_remote", "status", "received_on", "due_on", "resolve_due", "answered_on",
                     "created_at"]  # fmt: skip
        cases = Writer(Case, case_cols)
        events = Writer(CaseEvent, ["id", "case_id", "event", "day", "at", "note", "data"])
        ratings = Writer(
            CaseRating, ["id", "case_id", "unit_id", "timeliness", "attitude", "result", "comment", "created_at"]
        )
        pk, event_pk, rating_pk = _next_id(Case), _next_id(CaseEvent), _next_id(CaseRating)
        serial = defaultdict(int)
        channels = ["truc_tuyen"] * 5 + ["tiep_dan"] * 3 + ["duong_day_nong", "co_so", "thu", "doi_thoai"]
        done = 0
        for index, commune in enumerate(self.communes):
            count = _share(target, weights[index], total_w, r)
            province = self.province_of[commune.pk]
            villages = self.villages_of[commune.pk]
            speed = r.uniform(0.6, 1.6)  # how quickly this commune answers
            for _i in range(count):
                kind = r.choices(kinds, kind_w)[0]
                field = r.choices(field_codes, field_w)[0]
                received = start + datetime.timedelta(days=_pick(cum_days, r.random() * cum_days[-1]))
                unit = province.pk if (field == "tham_nhung_tieu_cuc" or r.random() < 0.04) else commune.pk
                serial[(kind, received.year)] += 1
                code = f"{PREFIXES[kind]}-{received.year}-{_code(serial[(kind, received.year)])}"
                subject = r.choice(SUBJECTS[field])
                content = f"Người dân phản ánh về {subject} tại {commune.name}, đề nghị cơ quan có thẩm quyền xem xét."
                age = (self.today - received).days
                accepted = received + datetime.timedelta(days=r.randint(1, 12))
                status, due_on, resolve_due, answered = "tiep_nhan", None, None, None
                steps = [("tiep_nhan", received)]
                if accepted <= self.today and r.random() < 0.97:
                    steps.append(("thu_ly", accepted))
                    resolve_due = accepted + datetime.timedelta(days=30)
                    took = int(r.expovariate(1 / (18 * speed))) + 3
                    answered = accepted + datetime.timedelta(days=took)
                    if answered > self.today:
                        answered = None
                        status = "thu_ly"
                        due_on = resolve_due
                    else:
                        status = "da_tra_loi"
                        steps.append(("tra_loi", answered))
                        closed = answered + datetime.timedelta(days=r.randint(5, 30))
                        if closed <= self.today:
                            status = "ket_thuc"
                            steps.append(("ket_thuc", closed))
                elif accepted > self.today or age < 20:
                    due_on = received + datetime.timedelta(days=14)
                else:
                    status = "khong_thu_ly"
                    steps.append(("khong_thu_ly", accepted))
                signers = 1 if r.random() < 0.93 else r.randint(2, 40)
                named = kind in ("khieu_nai", "to_cao") or r.random() < 0.6
                cases.add(pk, code, kind, 1, fields[field], content, fold(content), r.choice(villages), unit,
                          r.choice(channels), self.name() if named else "", f"09{r.randrange(10**8):08d}" if named else "",
                          "", False, signers, 0, False, status, received, due_on, resolve_due, answered,
                          self.now)  # fmt: skip
                if self.events:
                    for event, day in steps:
                        at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
                        events.add(event_pk, pk, event, day, at, "", "{}")
                        event_pk += 1
                if answered is not None and r.random() < 0.33:
                    base = 4.3 if (answered <= resolve_due) else 3.0
                    marks = [min(5, max(1, round(r.gauss(base, 0.9)))) for _m in range(3)]
                    rated = datetime.datetime.combine(
                        min(self.today, answered + datetime.timedelta(days=r.randint(0, 10))),
                        datetime.time(10),
                        tzinfo=datetime.UTC,
                    )
                    ratings.add(rating_pk, pk, unit, *marks, "", rated)
                    rating_pk += 1
                pk += 1
                done += 1
            if index % 100 == 0:
                self.progress("cases", done, target)
        cases.flush()
        events.flush()
        ratings.flush()
        self.stats["cases"], self.stats["case events"], self.stats["ratings"] = cases.count, events.count, ratings.count

    def receptions(self):
        """A year of each reception register: every commune's and province's, skewed like the cases (the seeds
        count about 2,900 visits a year in one province), with delegations and repeat visits."""
        r = self.rng
        target = round(FULL["receptions"] * self.scale)
        fields = [f.pk for f in Field.objects.all()]
        writer = Writer(Reception, ["id", "unit_id", "number", "received_at", "location", "kind", "is_online",
                                    "official_id", "citizen_name", "citizen_name_folded", "id_number", "phone",
                                    "address", "id_key", "phone_key", "people", "representatives", "case_kind",
                                    "field_id", "place_id", "content", "handled_before", "handling", "forwarded_to",
                                    "follow_up", "note", "previous_id", "is_repeat", "created_at"])  # fmt: skip
        pk = _next_id(Reception)
        units = [(c.pk, self.villages_of[c.pk], self.province_of[c.pk].pk) for c in self.communes]
        units += [(p.pk, [c.pk for c in self.communes if self.province_of[c.pk].pk == p.pk], p.pk)
                  for p in self.provinces]  # fmt: skip
        boost = {p.pk: r.lognormvariate(0, 0.5) for p in self.provinces}
        weights = [w * boost[province] for w, (_u, _places, province) in zip(self.lognormal_weights(len(units), 0.9),
                                                                             units, strict=True)]  # fmt: skip
        total_w = sum(weights)
        start = self.today - datetime.timedelta(days=364)
        kinds = ["thuong_xuyen"] * 8 + ["lanh_dao_dinh_ky", "lanh_dao_dot_xuat"]
        case_kinds = ["kien_nghi"] * 4 + ["khieu_nai"] * 3 + ["phan_anh"] * 2 + ["to_cao"]
        for index, (unit_id, places, _province) in enumerate(units):
            staff = [c for c in self.staff.get(unit_id, ()) if c not in self.left]
            if not staff or not places:
                continue
            count = _share(target, weights[index], total_w, r)
            moments = sorted(
                timezone.make_aware(
                    datetime.datetime.combine(
                        self.day_between(start, self.today),
                        datetime.time(r.choice((8, 9, 10, 14, 15)), r.choice((0, 30))),
                    )
                )  # fmt: skip
                for _i in range(count)
            )
            seen = []
            for number, moment in enumerate(moments, start=1):
                case_kind = r.choice(case_kinds)
                previous = r.choice(seen) if seen and case_kind != "to_cao" and r.random() < 0.12 else None
                if previous is not None:
                    name, id_number, phone = previous[1], previous[2], previous[3]
                else:
                    name, id_number, phone = (
                        self.name(),
                        f"0{r.randint(10**10, 10**11 - 1)}",
                        f"09{r.randint(10**7, 10**8 - 1)}",
                    )
                id_key, phone_key = match_keys(id_number, phone)
                people = r.randint(5, 40) if r.random() < 0.05 else 1
                handling = r.choice(("thu_ly", "thu_ly", "huong_dan", "chuyen_don"))
                secret = case_kind == "to_cao"
                subject = r.choice(SUBJECTS[r.choice(list(SUBJECTS))])
                writer.add(pk, unit_id, number, moment, "Trụ sở tiếp công dân", r.choice(kinds), r.random() < 0.03,
                           r.choice(staff), "" if secret else name, "" if secret else fold(name),
                           "" if secret else id_number, "" if secret else phone,
                           "" if secret else "Thôn, tổ dân phố của người dân", id_key, phone_key, people,
                           f"{name}" if people > 1 and not secret else "", case_kind, r.choice(fields), r.choice(places),
                           f"Công dân trình bày về {subject}, đề nghị cơ quan có thẩm quyền xem xét, giải quyết.",
                           "UBND cấp xã" if previous else "", handling,
                           "Cơ quan chuyên môn cấp tỉnh" if handling == "chuyen_don" else "", "", "",
                           previous[0] if previous else None, previous is not None, self.now)  # fmt: skip
                if previous is None and not secret:
                    seen.append((pk, name, id_number, phone))
                pk += 1
            if index % 500 == 0:
                self.progress("receptions", index, len(units))
        writer.flush()
        self.stats["receptions"] = writer.count


def _cumulative(values):
    total = 0
    for v in values:
        total += v
        yield total


def _pick(cumulative, x):
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _share(total, weight, total_weight, rng):
    exact = total * weight / total_weight
    whole = math.floor(exact)
    return whole + (1 if rng.random() < exact - whole else 0)


def generate(**options):
    if Case.objects.exists() or Cadre.objects.exists():
        raise ValueError(
            "Cơ sở dữ liệu đã có vụ việc hoặc cán bộ; hãy sinh dữ liệu quy mô lớn trên một cơ sở dữ liệu riêng, trống."
        )
    return Generator(**options).run()
