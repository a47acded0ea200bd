"""Import of cadres, their posts and team seats from one spreadsheet; import of course attendance.

One row is one person in one unit, optionally with a post (chức danh) held in
that unit and a seat (vai trò) on the unit's block or team. A person with two
posts takes two rows that agree on the personal columns. A person is matched
to an existing record by "Mã cán bộ" when given, otherwise by unit, name and
year of birth, so importing the same file twice changes nothing.

All-or-nothing: every row is checked first; any error means nothing is written
and the report lists row, column and reason. Writes go in batches with
multi-row inserts (``core/bulk.py``) so 100,000 rows fit in memory and in time (see bench/).
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from danvan.core import bulk, scoping
from danvan.core.imports import ImportReport, TableError, read_table
from danvan.core.jobs import job_start
from danvan.core.models import Job, JobStatus
from danvan.core.text import compact_phone, fold, normalize
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import services, validators
from .choices import (
    ETHNICITY_NAMES,
    KINH,
    AttendanceResult,
    Education,
    Gender,
    ProfessionalLevel,
    Religion,
    TeamKind,
    TeamRole,
    TheoryLevel,
    Title,
    choice_code,
    ethnicity_code,
    team_role_code,
    title_code,
)
from .models import Appointment, Attendance, Cadre, Team, TeamMembership
from .rules import may, require

BATCH = 2000

CADRE_COLUMNS = {
    "code": ["Mã cán bộ", "Ma can bo", "Mã CB"],
    "full_name": ["Họ và tên", "Họ tên"],
    "gender": ["Giới tính"],
    "birth_year": ["Năm sinh"],
    "ethnicity": ["Dân tộc"],
    "religion": ["Tôn giáo"],
    "phone": ["Số điện thoại", "Điện thoại"],
    "education": ["Giáo dục phổ thông", "Trình độ học vấn", "Học vấn"],
    "professional_level": ["Trình độ chuyên môn", "Chuyên môn"],
    "professional_field": ["Chuyên ngành"],
    "theory_level": ["Lý luận chính trị", "LLCT"],
    "party": ["Đảng viên"],
    "party_joined_on": ["Ngày vào Đảng"],
    "unit_code": ["Mã đơn vị"],
    "title": ["Chức danh", "Chức vụ"],
    "team_role": ["Vai trò trong khối, tổ dân vận", "Vai trò khối/tổ dân vận", "Vai trò"],
    "start": ["Từ ngày", "Ngày bắt đầu"],
}
CADRE_REQUIRED = ["full_name", "gender", "birth_year", "unit_code"]
TEMPLATE_HEADER = [names[0] for names in CADRE_COLUMNS.values()]
TEMPLATE_EXAMPLES = [
    ["", "Rơ Châm H'Bút", "Nữ", 1984, "Gia-rai", "Không", "0912345678", "Trung học phổ thông", "Đại học",
     "Công tác xã hội", "Trung cấp", "có", "03/02/2008", "23575", "Phó Chủ tịch Ủy ban MTTQ", "Thành viên", "01/07/2025"],
    ["", "Nguyễn Văn Hùng", "Nam", 1976, "Kinh", "Không", "0987654321", "Trung học phổ thông", "Đại học",
     "Luật", "Cao cấp", "có", "19/05/2001", "23575", "Phó Bí thư thường trực Đảng ủy", "Trưởng", "01/07/2025"],
    ["", "Ksor Y Phun", "Nam", 1969, "Gia-rai", "Tin lành", "", "Trung học cơ sở", "Chưa qua đào tạo",
     "", "Sơ cấp", "có", "", "23575-001", "Bí thư Chi bộ", "Trưởng", "01/07/2025"],
]  # fmt: skip

# The personal columns, in the order they are kept per person.
PERSONAL = [
    "full_name", "gender", "birth_year", "ethnicity", "religion", "phone", "education", "professional_level",
    "professional_field", "theory_level", "is_party_member", "party_joined_on",
]  # fmt: skip
_YES = {"co", "x", "1", "true", "yes", "dung", "dang vien"}
_NO = {"", "khong", "0", "false", "no", "sai"}
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def labels():
    return {key: names[0] for key, names in CADRE_COLUMNS.items()}


def parse_date(text):
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or an ISO date; None when empty; ValueError otherwise."""
    text = normalize(text)
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?", text)
    if match:
        return datetime.date(*(int(g) for g in match.groups()))
    raise ValueError(text)


def parse_year(text):
    text = normalize(text)
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(float(text))
    date = parse_date(text)  # a full birth date is accepted, its year kept
    if date is None:
        raise ValueError(text)
    return date.year


@lru_cache(maxsize=4096)
def _choice(kind, text):
    choices = {
        "gender": Gender.choices + [("nam", "male"), ("nu", "female"), ("nu", "nu")],
        "religion": Religion.choices + [("khong", "")],
        "education": Education.choices + [("thpt", "12/12"), ("thcs", "9/12"), ("tieu_hoc", "5/12")],
        "professional_level": ProfessionalLevel.choices + [("chua_dao_tao", "")],
        "theory_level": TheoryLevel.choices + [("chua_dao_tao", "")],
        "result": AttendanceResult.choices + [("dat", "hoan thanh"), ("kha_gioi", "gioi"), ("kha_gioi", "kha")],
    }[kind]
    return choice_code(choices, text) if text else _default(kind)


def _default(kind):
    return {
        "gender": "",
        "religion": Religion.NONE,
        "education": Education.UPPER_SECONDARY,
        "professional_level": ProfessionalLevel.NONE,
        "theory_level": TheoryLevel.NONE,
        "result": AttendanceResult.PASSED,
    }[kind]


_ethnicity = lru_cache(maxsize=512)(ethnicity_code)
_title = lru_cache(maxsize=512)(title_code)
_team_role = lru_cache(maxsize=64)(team_role_code)


# The import's columns for the model fields the shared checks (``validators``) name.
_COLUMN_OF = {"is_party_member": "party"}


def _parse_row(number, row, report, names, this_year):
    """Check one row; return (personal tuple, code, unit code, title, team role, start) or None.

    Cells are read here (a date typed dd/mm/yyyy, "có"/"không", a label of a list); what the values must
    satisfy is checked by the same functions the cadre form and services call (``validators``), and each
    problem is reported on the row and the column of its field, in the order of the columns.
    """
    found = {}  # column key -> message (the first problem of each column)

    def problem(key, message):
        found.setdefault(_COLUMN_OF.get(key, key), message)

    full_name = normalize(row.get("full_name"))
    gender = _choice("gender", fold(row.get("gender", "")))
    if not gender:
        problem("gender", _("Ghi “Nam” hoặc “Nữ”."))
    birth_year = None
    try:
        birth_year = parse_year(row.get("birth_year", ""))
    except ValueError:
        problem("birth_year", _("Năm sinh phải là số có 4 chữ số, ví dụ 1980."))
    raw = row.get("ethnicity", "")
    ethnicity = _ethnicity(raw) if raw else KINH
    if not ethnicity:
        problem("ethnicity", _("Không có dân tộc “%(v)s” trong danh mục 54 dân tộc.") % {"v": raw})
    values = {}
    for key, message in (
        ("religion", _("Không có tôn giáo “%(v)s” trong danh mục.")),
        ("education", _("Ghi một trong: Tiểu học, Trung học cơ sở, Trung học phổ thông.")),
        (
            "professional_level",
            _("Ghi một trong: Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ."),
        ),
        ("theory_level", _("Ghi một trong: Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao cấp, Cử nhân.")),
    ):
        raw = row.get(key, "")
        values[key] = _choice(key, fold(raw))
        if not values[key]:
            problem(key, message % {"v": raw} if "%(v)s" in message else message)
    phone = compact_phone(row.get("phone", ""))
    if phone.endswith(".0"):
        phone = phone[:-2]
    if phone and phone.isdigit() and len(phone) == 9:
        phone = "0" + phone  # a spreadsheet drops the leading zero of a number cell
    flag = fold(row.get("party", ""))
    if flag in _YES:
        is_party_member = True
    elif flag in _NO:
        is_party_member = False
    else:
        is_party_member = False
        problem("party", _("Chỉ ghi “có” hoặc “không”."))
    joined = None
    try:
        joined = parse_date(row.get("party_joined_on", ""))
    except ValueError:
        problem("party_joined_on", _("Ngày phải viết dạng dd/mm/yyyy, ví dụ 19/05/2001."))
    unit_code = normalize(row.get("unit_code", ""))
    if not unit_code:
        problem("unit_code", _("Không được để trống."))
    raw = row.get("title", "")
    title = _title(raw) if raw else ""
    if raw and not title:
        problem("title", _("Không có chức danh “%(v)s” trong danh mục (xem tệp mẫu).") % {"v": raw})
    raw = row.get("team_role", "")
    team_role = _team_role(raw) if raw else ""
    if raw and not team_role:
        problem("team_role", _("Ghi “Trưởng”, “Phó” hoặc “Thành viên”."))
    start = None
    try:
        start = parse_date(row.get("start", ""))
    except ValueError:
        problem("start", _("Ngày phải viết dạng dd/mm/yyyy, ví dụ 01/07/2025."))
    code = normalize(row.get("code", ""))
    if len(code) > 30:
        problem("code", _("Mã cán bộ dài quá 30 ký tự."))
    checked = {"full_name": full_name, "birth_year": birth_year, "phone": phone, "is_party_member": is_party_member,
               "party_joined_on": joined}  # fmt: skip
    for key, message in {**validators.cadre_errors(checked), **validators.start_day_errors(start, "start")}.items():
        problem(key, message)
    if found:
        for key in CADRE_COLUMNS:
            if key in found:
                report.add_error(number, names[key], found[key])
        return None
    personal = (
        full_name, gender, birth_year, ethnicity, values["religion"], phone, values["education"],
        values["professional_level"], normalize(row.get("professional_field", ""))[:200], values["theory_level"],
        is_party_member, joined,
    )  # fmt: skip
    return personal, code, unit_code, title, team_role, start


def _count_rows(data, name):
    """A cheap estimate of the rows, for the progress bar: lines of a CSV, or the sheet size an .xlsx records.

    Only the head of the first sheet's XML is read (its ``<dimension ref="A1:Q100001">``); a file
    without one gives 0 and the bar then follows the rows read so far.
    """
    if name.lower().endswith(".csv"):
        return max(0, data.count(b"\n"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
            if not sheets:
                return 0
            with archive.open(sheets[0]) as sheet:
                head = sheet.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError):  # the reader reports an unreadable file properly later
        return 0
    match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return int(match.group(1)) if match else 0


class _Named:
    """A file-like object with a name, for read_table."""

    def __init__(self, data, name):
        self.data, self.name = data, name

    def read(self):
        return self.data


# --- the web flow: a background check of the file, then its import once confirmed ------------------

IMPORT_JOB = "cadres.import"  # the job kind (``jobs.run_cadres_import``): params ``commit``, ``name``, ``source``


class NotConfirmable(Exception):
    """The job is not a finished check of a cadre file without errors: there is nothing to confirm."""


def import_check_start(*, acting_user, unit: Unit, name: str, data: bytes) -> Job:
    """Start the background check of an uploaded cadre file (nothing is written but the job)."""
    require("cadres.manage", acting_user, unit)
    return job_start(
        kind=IMPORT_JOB, title=_("Kiểm tra tệp cán bộ “%(name)s”") % {"name": name}, unit=unit, acting_user=acting_user,
        params={"commit": False, "name": name}, file_name=name, data=data,
    )  # fmt: skip


def import_confirmable(checked: Job) -> bool:
    """Whether ``checked`` is a check of a cadre file that finished without errors."""
    return (
        checked.kind == IMPORT_JOB
        and checked.status == JobStatus.DONE
        and not checked.params.get("commit")
        and not checked.result.get("error_count")
    )


def import_confirm(*, acting_user, checked: Job) -> Job:
    """Start the import of the file ``checked`` found clean; return that import's job.

    Confirming again (a second click, another tab) starts nothing: the import already started is
    returned, unless it failed, which may be confirmed again. The check's row is locked first, so two
    confirmations at the same moment cannot both start one. Raises :class:`NotConfirmable` for a job
    that is not a clean, finished check.
    """
    if not import_confirmable(checked):
        raise NotConfirmable(checked.pk)
    require("cadres.manage", acting_user, checked.unit)
    with transaction.atomic():
        Job.objects.select_for_update().filter(pk=checked.pk).first()
        already = (
            Job.objects.filter(kind=IMPORT_JOB, params__source=checked.pk).exclude(status=JobStatus.FAILED).first()
        )
        if already is not None:
            return already
        with checked.input_file.open("rb") as handle:
            data = handle.read()
        name = checked.params.get("name", "")
        return job_start(
            kind=IMPORT_JOB, title=_("Nhập tệp cán bộ “%(name)s”") % {"name": name}, unit=checked.unit,
            acting_user=acting_user, params={"commit": True, "name": name, "source": checked.pk},
            file_name=checked.params.get("name", "can-bo.xlsx"), data=data,
        )  # fmt: skip


def cadres_import(*, data, name, acting_user, commit=True, progress=None, preview_limit=200) -> ImportReport:
    """Check (and with ``commit`` write) the cadre spreadsheet ``data``; return an :class:`ImportReport`.

    The steps: read and check each row on its own (:func:`_read_rows`, with the checks the cadre form
    and services share), read what the database already holds for those rows (:func:`_load_known`),
    match each row to a person and check the rows against one another and the database (:func:`_plan`),
    count and preview the outcome (:func:`_report_plan`), and only when no row failed, write it all in
    one transaction (:func:`_write_plan`). The report also carries ``appointments``, ``seats`` and
    ``teams`` (records added).
    """
    report = ImportReport()
    report.appointments = report.seats = report.teams = 0
    progress = progress or (lambda done, total, stage="": None)
    names = labels()
    parsed = _read_rows(data, name, report, names, progress)
    if parsed is None:
        return report
    known = _load_known(parsed, acting_user)
    plan = _plan(parsed, known, acting_user, report, names, progress)
    _report_plan(plan, known, report, preview_limit)
    if report.errors or not commit:
        return report
    _write_plan(plan, known, acting_user, progress)
    report.committed = True
    return report


def _read_rows(data, name, report, names, progress):
    """Read the file and check each row by itself; the rows that passed as (row number, parsed tuple), or
    None when the file itself cannot be read or holds no row (the report says why)."""
    this_year = timezone.localdate().year
    estimate = _count_rows(data, name)
    stage = _("Đọc và kiểm tra từng dòng")
    parsed = []
    try:
        for number, row in read_table(_Named(data, name), CADRE_COLUMNS, CADRE_REQUIRED):
            report.total += 1
            item = _parse_row(number, row, report, names, this_year)
            if item is not None:
                parsed.append((number, item))
            if report.total % 500 == 0:
                progress(report.total, max(estimate, report.total), stage)
    except TableError as exc:
        report.add_error(0, _("Tệp"), str(exc))
        return None
    if not report.total:
        report.add_error(0, _("Tệp"), _("Tệp không có dòng dữ liệu nào."))
        return None
    return parsed


@dataclass
class _Known:
    """What the database holds for the rows of the file, read in batches of 500 keys."""

    units: dict  # unit code -> unit the user manages
    existing_by_code: dict  # cadre code -> cadre
    existing_by_key: dict  # (unit id, folded name, birth year) -> cadres at work
    teams: dict  # unit id -> live team
    live_seats: dict  # (team id, cadre id) -> role
    heads: dict  # team id -> head cadre
    live_posts: set  # (cadre id, unit id, title)


def _load_known(parsed, acting_user):
    # Units: every code must name a unit the user manages.
    codes = {item[2] for _n, item in parsed}
    units = {}
    code_list = list(codes)
    for i in range(0, len(code_list), 500):
        for unit in Unit.objects.filter(code__in=code_list[i : i + 500]).only(
            "id", "path", "code", "kind", "name", "is_active", "depth"
        ):
            if may("cadres.manage", acting_user, unit):
                units[unit.code] = unit

    # Existing cadres: by code, and by (unit, name, year) in the units of the file.
    given_codes = list({item[1] for _n, item in parsed if item[1]})
    existing_by_code = {}
    for i in range(0, len(given_codes), 500):
        for cadre in Cadre.objects.filter(code__in=given_codes[i : i + 500]).select_related("unit"):
            existing_by_code[cadre.code] = cadre
    existing_by_key = {}
    unit_ids = [u.pk for u in units.values()]
    for i in range(0, len(unit_ids), 500):
        for cadre in Cadre.objects.filter(unit__in=unit_ids[i : i + 500], left_on__isnull=True).select_related("unit"):
            existing_by_key.setdefault((cadre.unit_id, cadre.full_name_folded, cadre.birth_year), []).append(cadre)

    # Teams of the units that get seats, with their live seats and heads.
    seat_unit_ids = list({units[item[2]].pk for _n, item in parsed if item[4] and item[2] in units})
    teams = {}
    for i in range(0, len(seat_unit_ids), 500):
        for team in Team.objects.filter(unit__in=seat_unit_ids[i : i + 500], dissolved_on__isnull=True):
            teams[team.unit_id] = team
    live_seats = {}
    heads = {}
    team_ids = [t.pk for t in teams.values()]
    for i in range(0, len(team_ids), 500):
        for seat in TeamMembership.objects.filter(team__in=team_ids[i : i + 500], end__isnull=True).select_related(
            "cadre"
        ):
            live_seats[(seat.team_id, seat.cadre_id)] = seat.role
            if seat.role == TeamRole.HEAD:
                heads[seat.team_id] = seat.cadre
    matched_ids = [c.pk for c in existing_by_code.values()] + [c.pk for same in existing_by_key.values() for c in same]
    live_posts = set()
    for i in range(0, len(matched_ids), 500):
        live_posts.update(
            Appointment.objects.filter(cadre__in=matched_ids[i : i + 500], end__isnull=True).values_list(
                "cadre", "unit", "title"
            )
        )

    return _Known(units, existing_by_code, existing_by_key, teams, live_seats, heads, live_posts)


@dataclass
class _Plan:
    """What the file would change: each person once, the posts and seats to add."""

    people: dict  # key -> {"row", "personal", "unit", "existing"}
    posts: list  # (key, unit, title, start)
    seats: list  # (key, unit, role, start)
    new_people: list
    changed: list


def _plan(parsed, known, acting_user, report, names, progress):
    """Match each row to a person (by code, or by unit, name and year of birth) and check the rows against
    one another and against what is stored; a row that fails is reported and left out."""
    units, existing_by_code, existing_by_key = known.units, known.existing_by_code, known.existing_by_key
    teams, live_seats, heads, live_posts = known.teams, known.live_seats, known.heads, known.live_posts
    today = timezone.localdate()
    stage = _("Đối chiếu với dữ liệu đã có")
    people = {}  # key -> {"row", "personal", "unit", "existing"}
    posts = []  # (key, unit, title, start)
    seats = []  # (key, unit, role, start)
    planned_posts = set()
    planned_heads = {}
    planned_seats = set()
    for index, (number, item) in enumerate(parsed, start=1):
        personal, code, unit_code, title, team_role, start = item
        unit = units.get(unit_code)
        if unit is None:
            report.add_error(
                number,
                names["unit_code"],
                _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được quản lý.") % {"code": unit_code},
            )
            continue
        if not unit.is_active:
            report.add_error(
                number, names["unit_code"], _("Đơn vị “%(name)s” đã ngừng hoạt động.") % {"name": unit.name}
            )
            continue
        if code:
            key = ("code", code)
            existing = existing_by_code.get(code)
            if existing is not None and not may("cadres.change_cadre", acting_user, existing):
                report.add_error(number, names["code"], _("Mã cán bộ “%(code)s” đã được dùng.") % {"code": code})
                continue
            if existing is not None and existing.unit_id != unit.pk:
                report.add_error(
                    number,
                    names["unit_code"],
                    _("Cán bộ mã “%(code)s” thuộc %(unit)s; chuyển đơn vị trên trang hồ sơ cán bộ.")
                    % {"code": code, "unit": existing.unit.name},
                )
                continue
        else:
            key = ("person", unit.pk, fold(personal[0]), personal[2])
            namesakes = existing_by_key.get(key[1:], [])
            if len(namesakes) > 1:
                report.add_error(
                    number,
                    names["full_name"],
                    _("Đơn vị có %(n)d cán bộ cùng họ tên, năm sinh; ghi mã cán bộ để chỉ rõ người nào.")
                    % {"n": len(namesakes)},
                )
                continue
            existing = namesakes[0] if namesakes else None
        known = people.get(key)
        if known is None:
            people[key] = {"row": number, "personal": personal, "unit": unit, "existing": existing}
        elif known["personal"] != personal or known["unit"].pk != unit.pk:
            report.add_error(
                number,
                names["full_name"],
                _("Cùng người với dòng %(row)d nhưng thông tin cá nhân hoặc đơn vị khác nhau.") % {"row": known["row"]},
            )
            continue
        start = start or today
        if existing is not None and existing.left_on and (title or team_role):
            # A re-imported file must not hand new posts or seats to someone who has left.
            report.add_error(
                number,
                names["title"] if title else names["team_role"],
                _("%(name)s đã thôi công tác từ %(d)s.")
                % {"name": existing.full_name, "d": f"{existing.left_on:%d/%m/%Y}"},
            )
            continue
        if title:
            post_key = (key, unit.pk, title)
            held = existing is not None and (existing.pk, unit.pk, title) in live_posts
            if post_key in planned_posts:
                report.add_error(number, names["title"], _("Chức danh này đã ghi ở một dòng trước."))
                continue
            planned_posts.add(post_key)
            if not held:
                posts.append((key, unit, title, start))
        if team_role:
            if unit.kind not in (UnitKind.COMMUNE, UnitKind.VILLAGE):
                report.add_error(
                    number, names["team_role"], _("Khối dân vận ở cấp xã, tổ dân vận ở thôn; đơn vị này không có.")
                )
                continue
            team = teams.get(unit.pk)
            seat_key = (key, unit.pk)
            if seat_key in planned_seats:
                report.add_error(number, names["team_role"], _("Người này đã có vai trò trong tổ ở một dòng trước."))
                continue
            planned_seats.add(seat_key)
            current_role = live_seats.get((team.pk, existing.pk)) if team and existing else None
            if current_role and current_role != team_role:
                report.add_error(
                    number,
                    names["team_role"],
                    _("Đang giữ vai trò “%(role)s”; đổi vai trò trên trang của khối, tổ.")
                    % {"role": TeamRole(current_role).label},
                )
                continue
            if team_role == TeamRole.HEAD and not current_role:
                head = heads.get(team.pk) if team else None
                if head is not None and (existing is None or head.pk != existing.pk):
                    report.add_error(
                        number, names["team_role"], _("Đã có trưởng là %(name)s.") % {"name": head.full_name}
                    )
                    continue
                if unit.pk in planned_heads:
                    report.add_error(
                        number,
                        names["team_role"],
                        _("Dòng %(row)d đã ghi trưởng cho đơn vị này.") % {"row": planned_heads[unit.pk]},
                    )
                    continue
                planned_heads[unit.pk] = number
            if not current_role:
                seats.append((key, unit, team_role, start))
        if index % 2000 == 0:
            progress(index, len(parsed), stage)

    new_people = [p for p in people.values() if p["existing"] is None]
    changed = [p for p in people.values() if p["existing"] is not None and _personal_of(p["existing"]) != p["personal"]]
    return _Plan(people, posts, seats, new_people, changed)


def _report_plan(plan, known, report, preview_limit):
    """The counts and the row-by-row preview of what the import adds, updates and leaves unchanged."""
    people, posts, seats, new_people, changed = plan.people, plan.posts, plan.seats, plan.new_people, plan.changed
    teams = known.teams
    report.created = len(new_people)
    report.updated = len(changed)
    report.unchanged = len(people) - len(new_people) - len(changed)
    report.appointments = len(posts)
    report.seats = len(seats)
    report.teams = len({unit.pk for _k, unit, _r, _s in seats if unit.pk not in teams})
    for person in list(people.values())[:preview_limit]:
        report.preview.append(
            {
                "row": person["row"],
                "name": person["personal"][0],
                "birth_year": person["personal"][2],
                "unit": person["unit"].name,
                "action": _("thêm mới")
                if person["existing"] is None
                else (_("cập nhật") if person in changed else _("không đổi")),
            }
        )


def _write_plan(plan, known, acting_user, progress):
    """Write the plan in one transaction: new people, changed people, posts, new teams, seats."""
    people, posts, seats, new_people, changed = plan.people, plan.posts, plan.seats, plan.new_people, plan.changed
    teams = dict(known.teams)
    reason = _("Nhập danh sách cán bộ từ tệp")
    stage = _("Ghi vào cơ sở dữ liệu")
    steps = len(new_people) + len(changed) + len(posts) + len(seats) or 1
    written = 0
    with transaction.atomic():
        ids = {key: p["existing"].pk for key, p in people.items() if p["existing"] is not None}
        # New people given a code in the file take it; skip those codes when generating the others'.
        taken = {k[1] for k, p in people.items() if p["existing"] is None and k[0] == "code"}
        wanted = sum(1 for k, p in people.items() if p["existing"] is None and k[0] != "code")
        codes_iter = iter([c for c in services.next_codes(wanted + len(taken)) if c not in taken][:wanted])
        key_of = {id(p): key for key, p in people.items()}
        for i in range(0, len(new_people), BATCH):
            chunk = new_people[i : i + BATCH]
            objects = []
            for person in chunk:
                key = key_of[id(person)]
                cadre = _cadre_from(person["personal"], person["unit"])
                cadre.code = key[1] if key[0] == "code" else next(codes_iter)
                objects.append(cadre)
            created = bulk.insert_objects(Cadre, objects)
            bulk.insert_history(Cadre, created, user=acting_user, reason=reason)
            for person, cadre in zip(chunk, created, strict=True):
                ids[key_of[id(person)]] = cadre.pk
            written += len(chunk)
            progress(written, steps, stage)
        for i in range(0, len(changed), BATCH):
            objects = []
            for person in changed[i : i + BATCH]:
                cadre = person["existing"]
                _apply_personal(cadre, person["personal"])
                cadre.updated_at = timezone.now()
                objects.append(cadre)
            Cadre.objects.bulk_update(objects, [*_PERSONAL_FIELDS, "full_name_folded", "updated_at"], batch_size=BATCH)
            bulk.insert_history(Cadre, objects, user=acting_user, reason=reason, history_type="~")
            written += len(objects)
            progress(written, steps, stage)
        for i in range(0, len(posts), BATCH):
            objects = [
                Appointment(cadre_id=ids[key], unit=unit, title=title, start=start)
                for key, unit, title, start in posts[i : i + BATCH]
            ]
            created = bulk.insert_objects(Appointment, objects)
            bulk.insert_history(Appointment, created, user=acting_user, reason=reason)
            written += len(objects)
            progress(written, steps, stage)
        # New teams, established on the earliest start of their seats: one pass, then batches.
        first_start = {}
        for _key, unit, _role, start in seats:
            if unit.pk not in teams and (unit.pk not in first_start or start < first_start[unit.pk][1]):
                first_start[unit.pk] = (unit, start)
        new_teams = [
            Team(
                unit=unit,
                kind=TeamKind.BLOCK if unit.kind == UnitKind.COMMUNE else TeamKind.TEAM,
                name=services.team_default_name(unit),
                established_on=start,
            )
            for unit, start in first_start.values()
        ]
        for i in range(0, len(new_teams), BATCH):
            created = bulk.insert_objects(Team, new_teams[i : i + BATCH])
            bulk.insert_history(Team, created, user=acting_user, reason=reason)
        teams.update((team.unit_id, team) for team in new_teams)
        for i in range(0, len(seats), BATCH):
            objects = [
                TeamMembership(
                    team=teams[unit.pk], cadre_id=ids[key], role=role, start=max(start, teams[unit.pk].established_on)
                )
                for key, unit, role, start in seats[i : i + BATCH]
            ]
            created = bulk.insert_objects(TeamMembership, objects)
            bulk.insert_history(TeamMembership, created, user=acting_user, reason=reason)
            written += len(objects)
            progress(written, steps, stage)


_PERSONAL_FIELDS = [
    "full_name", "gender", "birth_year", "ethnicity", "religion", "phone", "education", "professional_level",
    "professional_field", "theory_level", "is_party_member", "party_joined_on",
]  # fmt: skip


def _personal_of(cadre):
    return tuple(getattr(cadre, name) for name in _PERSONAL_FIELDS)


def _apply_personal(cadre, personal):
    for name, value in zip(_PERSONAL_FIELDS, personal, strict=True):
        setattr(cadre, name, value)
    cadre.full_name_folded = fold(cadre.full_name)


def _cadre_from(personal, unit):
    cadre = Cadre(unit=unit)
    _apply_personal(cadre, personal)
    now = timezone.now()
    cadre.created_at = cadre.updated_at = now
    return cadre


def template_workbook():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cán bộ"
    sheet.append(TEMPLATE_HEADER)
    for row in TEMPLATE_EXAMPLES:
        sheet.append(row)
    for index, width in enumerate((12, 26, 9, 9, 12, 12, 14, 20, 18, 20, 16, 10, 14, 12, 32, 22, 12), start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    gender = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=False)
    sheet.add_data_validation(gender)
    gender.add("C2:C100000")
    help_sheet = workbook.create_sheet("Hướng dẫn")
    help_sheet.column_dimensions["A"].width = 34
    help_sheet.column_dimensions["B"].width = 90
    for row in [
        ("Cột", "Cách ghi"),
        ("Mã cán bộ", "Để trống với người mới; ghi mã (CB…) để cập nhật người đã có."),
        (
            "Họ và tên, Giới tính, Năm sinh, Mã đơn vị",
            "Bắt buộc. Mã đơn vị là mã xã (5 chữ số), mã thôn (xã-số) hoặc mã tỉnh.",
        ),
        ("Dân tộc", "Tên một trong 54 dân tộc; để trống là Kinh."),
        ("Tôn giáo", ", ".join(str(label) for _c, label in Religion.choices)),
        ("Giáo dục phổ thông", ", ".join(str(label) for _c, label in Education.choices)),
        ("Trình độ chuyên môn", ", ".join(str(label) for _c, label in ProfessionalLevel.choices)),
        ("Lý luận chính trị", ", ".join(str(label) for _c, label in TheoryLevel.choices)),
        ("Đảng viên", "có hoặc không; Ngày vào Đảng dạng dd/mm/yyyy."),
        (
            "Chức danh",
            "Chức danh giữ ở đơn vị trên dòng; người giữ hai chức danh ghi hai dòng giống nhau ở các cột cá nhân.",
        ),
        (
            "Vai trò trong khối, tổ dân vận",
            "Trưởng, Phó hoặc Thành viên của khối dân vận (xã) hay tổ dân vận (thôn) của đơn vị.",
        ),
        ("Từ ngày", "Ngày bắt đầu giữ chức danh, vai trò (dd/mm/yyyy); để trống là ngày nhập."),
        ("", ""),
        ("Danh mục chức danh", "; ".join(str(label) for _c, label in Title.choices)),
        ("Danh mục dân tộc", ", ".join(ETHNICITY_NAMES)),
    ]:
        help_sheet.append(row)
    return workbook


# --- attendance ------------------------------------------------------------------------

ATTENDANCE_COLUMNS = {
    "code": ["Mã cán bộ"],
    "full_name": ["Họ và tên", "Họ tên"],
    "birth_year": ["Năm sinh"],
    "unit_code": ["Mã đơn vị"],
    "result": ["Kết quả"],
    "certificate_no": ["Số chứng chỉ", "Số giấy chứng nhận"],
}


def attendance_import(*, course, data, name, acting_user, commit=True):
    """Attendance list of ``course``: each row names a cadre by code, or by name, year of birth and unit."""
    report = ImportReport()
    names = {key: value[0] for key, value in ATTENDANCE_COLUMNS.items()}
    if not may("cadres.change_course", acting_user, course):
        report.add_error(0, _("Tệp"), _("Bạn không quản lý lớp này."))
        return report
    rows = []
    try:
        for number, row in read_table(_Named(data, name), ATTENDANCE_COLUMNS, ["result"]):
            rows.append((number, row))
    except TableError as exc:
        report.add_error(0, _("Tệp"), str(exc))
        return report
    report.total = len(rows)
    if not rows:
        report.add_error(0, _("Tệp"), _("Tệp không có dòng dữ liệu nào."))
        return report
    visible = Cadre.objects.for_user(acting_user, scoping.MANAGE).select_related("unit")
    by_code = {c.code: c for c in visible.filter(code__in=[r.get("code", "") for _n, r in rows if r.get("code")])}
    unit_codes = {r.get("unit_code", "") for _n, r in rows if not r.get("code")}
    by_key = {}
    for cadre in visible.filter(unit__code__in=unit_codes):
        by_key.setdefault((cadre.unit.code, cadre.full_name_folded, cadre.birth_year), []).append(cadre)
    existing = {a.cadre_id: a for a in Attendance.objects.filter(course=course)}
    seen = {}
    planned = []
    for number, row in rows:
        result = _choice("result", fold(row.get("result", "")))
        if not result:
            report.add_error(
                number, names["result"], _("Ghi một trong: Đạt, Khá giỏi, Không đạt, Vắng, Chưa đánh giá.")
            )
            continue
        code = row.get("code", "")
        cadre = None
        if code:
            cadre = by_code.get(code)
            if cadre is None:
                report.add_error(
                    number, names["code"], _("Không có cán bộ mã “%(code)s” trong phạm vi của bạn.") % {"code": code}
                )
                continue
        else:
            try:
                year = parse_year(row.get("birth_year", ""))
            except ValueError:
                report.add_error(number, names["birth_year"], _("Ghi mã cán bộ, hoặc họ tên, năm sinh và mã đơn vị."))
                continue
            found = by_key.get((row.get("unit_code", ""), fold(row.get("full_name", "")), year), [])
            if len(found) != 1:
                report.add_error(
                    number,
                    names["full_name"],
                    _("Không tìm thấy cán bộ này ở đơn vị đã ghi.")
                    if not found
                    else _("Có %(n)d cán bộ cùng tên, năm sinh; ghi mã cán bộ.") % {"n": len(found)},
                )
                continue
            cadre = found[0]
        if cadre.pk in seen:
            report.add_error(number, names["full_name"], _("Trùng với dòng %(row)d.") % {"row": seen[cadre.pk]})
            continue
        seen[cadre.pk] = number
        current = existing.get(cadre.pk)
        certificate = normalize(row.get("certificate_no", ""))[:60]
        action = _("thêm mới")
        if current is not None:
            action = (
                _("không đổi") if (current.result, current.certificate_no) == (result, certificate) else _("cập nhật")
            )
        planned.append((cadre, result, certificate, current))
        report.preview.append(
            {"row": number, "name": cadre.full_name, "birth_year": cadre.birth_year, "unit": cadre.unit.name, "action": action,
             "result": AttendanceResult(result).label}
        )  # fmt: skip
    if report.errors or not commit:
        return report
    with transaction.atomic():
        for cadre, result, certificate, current in planned:
            if current is not None and (current.result, current.certificate_no) == (result, certificate):
                report.unchanged += 1
                continue
            attendance = current or Attendance(course=course, cadre=cadre)
            attendance.result, attendance.certificate_no = result, certificate
            attendance._history_user = acting_user
            attendance._change_reason = _("Nhập danh sách học viên từ tệp")
            attendance.save()
            if current is None:
                report.created += 1
            else:
                report.updated += 1
    report.committed = True
    return report
