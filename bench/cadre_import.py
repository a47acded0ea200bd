"""Benchmark: import of a 100,000-row cadre spreadsheet (.xlsx).

Target (issue: "imports … 100,000 rows"): at least 2,000 rows/s on SQLite, end to
end (reading, checking, writing), with the import's process under 500 MB at its
peak. Builds a fresh database (SQLite file, or PostgreSQL when DATABASE_URL names
one), loads the official unit tree and adds villages to enough communes, writes
an .xlsx in the layout of the import template (one row per person and post, with
block and team seats), then runs the check-only pass and the writing pass, each
in a fresh child process so its peak memory is its own, and prints each
figure beside its target. The file is saved the way Excel saves one (text in
the shared-strings table, the sheet's size written); ``--openpyxl-raw`` keeps
it as openpyxl's write-only mode writes it, which is slower to read.

    .venv/bin/python bench/cadre_import.py
    .venv/bin/python bench/cadre_import.py --rows 5000
    .venv/bin/python bench/cadre_import.py --openpyxl-raw
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_cadres .venv/bin/python bench/cadre_import.py

The database named by DATABASE_URL is dropped and created again: its name must
contain "bench".
"""

import argparse
import datetime
import math
import multiprocessing
import os
import random
import re
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("DEBUG", "0")  # as in production: no SQL log kept in memory
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

ROWS_TARGET = 2000  # rows per second
MEMORY_TARGET = 500  # MB at the peak
USERNAME = "bench.quantri"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Cao", "Lương", "Tạ"]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Đình", "Trọng", "Anh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Diệu", "Bích"]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Phong", "Hiếu", "Trung",
              "Bình", "Khánh", "Lâm", "Toàn", "Thịnh", "Quý", "Vinh", "Tài", "Đạt", "Hòa", "An", "Phúc"]  # fmt: skip
GIVEN_FEMALE = ["Lan", "Hoa", "Hương", "Mai", "Hằng", "Nga", "Thảo", "Linh", "Trang", "Yến", "Nhung", "Hạnh",
                "Loan", "Phương", "Vân", "Huyền", "Thủy", "Dung", "Oanh", "Tuyết", "Hiền", "Liên"]  # fmt: skip
# Names of the Central Highlands (Jrai, Bahnar, Ê-đê) and the northern mountains (Tày, Thái, Mường, HMông).
MINORITY = [
    ("Gia-rai", ["Ksor", "Rơ Châm", "Siu", "Rah Lan", "Rơ Mah", "Kpă", "Nay"], ["Y", "H'"],
     ["Phun", "Blơng", "Thoa", "Nhi", "Kly", "Bút", "Djăm", "Hyơn", "Lếch", "Hnao"]),
    ("Ba-na", ["Đinh", "Đinh Văn", "A", "Y"], ["", ""], ["Nhá", "Blu", "Hyên", "Thứ", "Brin", "Tơ", "Yơn"]),
    ("Ê-đê", ["Y", "H'"], ["", ""], ["Moan", "Niê", "Bkrông", "Kđăm", "Êban", "Mlô", "Ktla"]),
    ("Tày", ["Hoàng", "Nông", "Lục", "Bế", "Hà"], ["Văn", "Thị"], ["Pảo", "Slao", "Khầu", "Páo", "Thìn", "Nhất"]),
    ("Thái", ["Lò", "Cầm", "Lường", "Quàng", "Vì"], ["Văn", "Thị"], ["Ún", "Bun", "Piệng", "Xuân", "Hương"]),
    ("Mường", ["Bùi", "Quách", "Đinh", "Hà"], ["Văn", "Thị"], ["Thềnh", "Mun", "Khoa", "Thao", "Nịnh"]),
    ("HMông", ["Giàng", "Sùng", "Vàng", "Thào", "Lý", "Mùa"], ["A", "Seo", "Thị"], ["Páo", "Chứ", "Dế", "Mỷ", "Sử"]),
]  # fmt: skip
RELIGIONS = [("Không", 80), ("Phật giáo", 9), ("Công giáo", 6), ("Tin lành", 3), ("Cao Đài", 1),
             ("Phật giáo Hòa Hảo", 1)]  # fmt: skip
EDUCATION = [("Trung học phổ thông", 88), ("Trung học cơ sở", 10), ("Tiểu học", 2)]
PROFESSIONAL = [("Đại học", 50), ("Trung cấp", 15), ("Cao đẳng", 8), ("Thạc sĩ", 5), ("Sơ cấp", 4),
                ("Chưa qua đào tạo", 18)]  # fmt: skip
FIELDS = ["Luật", "Quản lý nhà nước", "Công tác xã hội", "Kinh tế nông nghiệp", "Sư phạm", "Xây dựng Đảng",
          "Hành chính học", "Kế toán", "Quản trị kinh doanh", "Chính trị học"]  # fmt: skip
THEORY = [("Trung cấp", 45), ("Sơ cấp", 25), ("Cao cấp", 10), ("Cử nhân", 2), ("Chưa qua đào tạo", 18)]
PREFIXES = ["090", "091", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
            "081", "082", "083", "084", "085", "070", "076", "077", "078", "079", "056", "058"]  # fmt: skip
VILLAGE_NAMES = [("Plei Ơi", "plei"), ("Plei Kép", "plei"), ("Làng Kon Sơ Lăl", "làng"), ("Buôn Đôn", "buôn"),
                 ("Bản Phiêng", "bản"), ("Bản Nà Lừa", "bản"), ("Làng Mới", "làng"), ("Thôn An Thành", "thôn"),
                 ("Thôn Vĩnh Phú", "thôn"), ("Thôn Tân Hòa", "thôn"), ("Thôn Phú Lộc", "thôn"), ("Ấp Mỹ Thạnh", "ấp"),
                 ("Xóm Xuân Sơn", "xóm"), ("Thôn Hòa Bình", "thôn"), ("Xóm Đông Lâm", "xóm"), ("Ấp Trung Hậu", "ấp")]  # fmt: skip


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def peak_mb():
    """This process's peak resident memory in MB.

    On Linux a child started by fork and exec inherits in ``ru_maxrss`` what its parent
    held at the fork, so the high-water mark of its own image (VmHWM) is read instead.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def number(value):
    return f"{value:,.0f}".replace(",", ".")


def verdict(ok):
    return "đạt" if ok else "KHÔNG ĐẠT"


# --- database and units ----------------------------------------------------------------


def throwaway_database():
    """Create and migrate the database named by DATABASE_URL itself (not ``test_…``), so a child process finds it."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Cơ sở dữ liệu “{name}” sẽ bị xóa và tạo lại: tên phải chứa “bench”, ví dụ danvan_bench_cadres.")
    connection.settings_dict["TEST"]["NAME"] = name
    return setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())


def build_units(rows, rng):
    """The official tree, and villages in enough communes for ``rows`` rows; return the communes with villages."""
    from danvan.units import services
    from danvan.units.choices import UnitKind
    from danvan.units.models import Unit

    services.units_load_official()
    wanted = max(1, math.ceil(rows / 70))  # about 84 rows a commune; some to spare
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"))
    random.Random(7).shuffle(provinces)
    communes = []
    for province in provinces:
        communes += Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path).order_by("path")
        if len(communes) >= wanted:
            break
    communes = communes[:wanted]
    result = []
    for commune in communes:
        count = rng.randint(6, 14)
        if commune.division_type == "phường":
            items = [{"name": f"Tổ dân phố {n}", "division_type": "tổ dân phố"} for n in range(1, count + 1)]
        else:
            items = [{"name": f"Thôn {n}", "division_type": "thôn"} for n in range(1, count // 2 + 1)]
            for name, kind in rng.sample(VILLAGE_NAMES, k=count - len(items)):
                items.append({"name": name, "division_type": kind})
        villages = services.villages_add_many(commune=commune, items=items, reason="Dữ liệu đo tốc độ")
        result.append((commune, villages))
    return result


# --- the spreadsheet ---------------------------------------------------------------------


class People:
    """Makes people with personal columns that pass the import's checks, unique by unit, name and birth year."""

    def __init__(self, rng, today):
        self.rng, self.today, self.taken = rng, today, set()
        from danvan.core.text import fold

        self.fold = fold

    def name(self, female):
        rng = self.rng
        if rng.random() < 0.15:
            ethnicity, family, middle, given = rng.choice(MINORITY)
            middle = rng.choice(middle)
            if middle == "Thị" and not female:
                middle = "Văn"
            if middle == "Văn" and female:
                middle = "Thị"
            parts = [rng.choice(family), middle, rng.choice(given)]
            parts = [("H'" if female else "Y") if part in ("Y", "H'") else part for part in parts]
            return " ".join(p for p in parts if p).replace("H' ", "H'"), ethnicity
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        if rng.random() < 0.3:
            given = f"{rng.choice(MIDDLE_FEMALE[3:] if female else MIDDLE_MALE[2:])} {given}"
        return f"{rng.choice(FAMILY)} {middle} {given}", rng.choice(["Kinh", "Kinh", ""])

    def make(self, unit_code, female=None, ages=(24, 62)):
        rng, this_year = self.rng, self.today.year
        female = rng.random() < 0.4 if female is None else female
        while True:
            full_name, ethnicity = self.name(female)
            birth_year = this_year - rng.randint(*ages)
            key = (unit_code, self.fold(full_name), birth_year)
            if key not in self.taken:
                self.taken.add(key)
                break
        party = rng.random() < 0.7
        joined = ""
        if party:
            joined_year = min(birth_year + rng.randint(19, 38), this_year - 1)
            joined = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{joined_year}"
        phone = "" if rng.random() < 0.1 else rng.choice(PREFIXES) + f"{rng.randint(0, 9999999):07d}"
        professional = pick(rng, PROFESSIONAL)
        return {
            "full_name": full_name,
            "gender": "Nữ" if female else "Nam",
            "birth_year": birth_year,
            "ethnicity": ethnicity,
            "religion": pick(rng, RELIGIONS),
            "phone": phone,
            "education": pick(rng, EDUCATION),
            "professional_level": professional,
            "professional_field": "" if professional == "Chưa qua đào tạo" else rng.choice(FIELDS),
            "theory_level": pick(rng, THEORY),
            "party": "có" if party else "không",
            "party_joined_on": joined,
            "unit_code": unit_code,
        }

    def start(self):
        if self.rng.random() < 0.6:
            return "01/07/2025"  # the two-level structure began then; many posts date from it
        day = self.today - datetime.timedelta(days=self.rng.randint(1, 2400))
        return f"{day:%d/%m/%Y}"


def commune_rows(people, commune, villages):
    """The block of the commune (about 12 rows) and the team of each village (about 8 rows each)."""
    from danvan.cadres.choices import TeamRole, Title

    rng = people.rng
    head, deputy, member = (str(role.label) for role in (TeamRole.HEAD, TeamRole.DEPUTY, TeamRole.MEMBER))
    code = commune.code
    block = [
        (Title.STANDING_DEPUTY_SECRETARY, head),
        (Title.FRONT_CHAIR, deputy),
        (Title.FRONT_VICE_CHAIR, member),
        (Title.FARMERS_CHAIR, member),
        (Title.WOMEN_CHAIR, member),
        (Title.YOUTH_SECRETARY, member),
        (Title.VETERANS_CHAIR, member),
        (Title.UNION_CHAIR, member),
        (Title.PEOPLES_COMMITTEE_VICE_CHAIR, member),
        (Title.PARTY_SECRETARY, ""),
        (Title.PEOPLES_COUNCIL_CHAIR, ""),
        (Title.CIVIL_SERVANT, ""),
        (Title.CIVIL_SERVANT, None),  # a civil servant recorded without a post
    ]
    for title, role in block:
        person = people.make(code, female=True if title == Title.WOMEN_CHAIR else None, ages=(26, 60))
        yield {**person, "title": str(title.label) if role is not None else "", "team_role": role or "",
               "start": people.start()}  # fmt: skip
        if title == Title.PEOPLES_COMMITTEE_VICE_CHAIR and rng.random() < 0.5:
            # a second post of the same person: a second row agreeing on the personal columns
            yield {**person, "title": str(Title.PARTY_COMMITTEE_MEMBER.label), "team_role": "", "start": "01/07/2025"}
    for village in villages:
        code = village.code
        secretary = people.make(code, ages=(30, 68))
        yield {**secretary, "title": str(Title.CELL_SECRETARY.label), "team_role": head, "start": people.start()}
        if rng.random() < 0.4:
            yield {**secretary, "title": str(Title.VILLAGE_HEAD.label), "team_role": "", "start": people.start()}
        else:
            yield {**people.make(code), "title": str(Title.VILLAGE_HEAD.label), "team_role": member,
                   "start": people.start()}  # fmt: skip
        yield {**people.make(code), "title": str(Title.FRONT_COMMITTEE_HEAD.label), "team_role": deputy,
               "start": people.start()}  # fmt: skip
        for _n in range(rng.randint(2, 4)):
            yield {**people.make(code), "title": str(Title.BRANCH_HEAD.label), "team_role": member,
                   "start": people.start()}  # fmt: skip
        for _n in range(rng.randint(0, 2)):
            yield {**people.make(code, ages=(45, 80)), "title": str(Title.RESPECTED_RESIDENT.label),
                   "team_role": rng.choice([member, ""]), "start": people.start()}  # fmt: skip


def write_workbook(path, rows, places):
    """Write ``rows`` data rows (write-only, so the generator itself stays small) in the template's layout."""
    from openpyxl import Workbook

    from danvan.cadres.imports import CADRE_COLUMNS, TEMPLATE_HEADER

    keys = list(CADRE_COLUMNS)
    assert [CADRE_COLUMNS[k][0] for k in keys] == TEMPLATE_HEADER
    people = People(random.Random(2026), datetime.date.today())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cán bộ")
    sheet.append(TEMPLATE_HEADER)
    written = 0
    for commune, villages in places:
        for row in commune_rows(people, commune, villages):
            sheet.append([row.get(key) or None for key in keys])
            written += 1
            if written == rows:
                break
        if written == rows:
            break
    workbook.save(path)
    return written


INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>')


def save_as_excel_does(path, rows, columns):
    """Rewrite the write-only workbook the way Excel (or LibreOffice) saves a sheet.

    openpyxl's write-only mode stores each text inline in its cell and leaves out the
    sheet's size; Excel keeps text once in the shared-strings table and writes
    ``<dimension ref="A1:Q100001"/>``. A reader pays for the difference: inline text
    is slower to parse, and without the size it walks the whole sheet once more.
    """
    from openpyxl.utils import get_column_letter

    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    strings = {}

    def shared(match):
        index = strings.setdefault(match.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index)

    cells = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members:
            if name == "xl/worksheets/sheet1.xml":
                assert b"<dimension" not in content
                size = f'<dimension ref="A1:{get_column_letter(columns)}{rows + 1}"/>'.encode()
                content = content.replace(b"</sheetPr>", b"</sheetPr>" + size, 1)
                content, cells = INLINE.subn(shared, content)
            elif name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                    b'sharedStrings" Target="sharedStrings.xml" Id="rIdStrings"/></Relationships>',
                )
            target.writestr(name, content)
        table = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (cells, len(strings))
            + table
            + b"</sst>",
        )


# --- the child process -----------------------------------------------------------------


def run_import(path, commit, answer):
    """In a fresh process: read the file, note the memory, import, note the peak; send the figures back."""
    import openpyxl  # noqa: F401  (loaded by every worker; not part of one import's cost)

    from danvan.accounts.models import User
    from danvan.cadres.imports import cadres_import

    data = Path(path).read_bytes()
    user = User.objects.get(username=USERNAME)
    baseline = peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    report = cadres_import(data=data, name="danh_sach_can_bo.xlsx", acting_user=user, commit=commit)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    answer.send(
        {
            "elapsed": elapsed,
            "cpu": cpu,
            "baseline": baseline,
            "peak": peak_mb(),
            "total": report.total,
            "created": report.created,
            "appointments": report.appointments,
            "seats": report.seats,
            "teams": report.teams,
            "committed": report.committed,
            "errors": [(e.row, e.column, e.message) for e in report.errors[:5]],
            "error_count": len(report.errors),
        }
    )
    connections.close_all()


def in_child(path, commit):
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: its peak memory is the import's own
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=run_import, args=(str(path), commit, send))
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        process.join()
        sys.exit(f"Tiến trình con dừng với mã {process.exitcode} (xem lỗi ở trên).")
    process.join()
    return result


def show(label, result):
    rate = result["total"] / result["elapsed"]
    print(f"{label:<48} {result['elapsed']:8.1f} s   {number(result['total'])} dòng, "
          f"{result['cpu']:.1f} s CPU của tiến trình Python")  # fmt: skip
    print(f"  {'tốc độ':<46} {number(rate):>8} dòng/s   mục tiêu ≥ {number(ROWS_TARGET)} dòng/s   "
          f"{verdict(rate >= ROWS_TARGET)}")  # fmt: skip
    print(f"  {'bộ nhớ đỉnh của tiến trình':<46} {result['peak']:8.0f} MB       mục tiêu < {MEMORY_TARGET} MB        "
          f"{verdict(result['peak'] < MEMORY_TARGET)}")  # fmt: skip
    print(f"  {'  trước khi nhập (Django, tệp đã đọc)':<46} {result['baseline']:8.0f} MB")
    print(f"  {'  tăng thêm do nhập':<46} {result['peak'] - result['baseline']:8.0f} MB")
    if result["error_count"]:
        print(f"  CÓ {result['error_count']} LỖI, ví dụ: {result['errors']}")


def main():
    parser = argparse.ArgumentParser(description="Đo tốc độ nhập danh sách cán bộ từ Excel.")
    parser.add_argument("--rows", type=int, default=100_000, help="số dòng dữ liệu (mặc định 100000)")
    parser.add_argument(
        "--openpyxl-raw",
        action="store_true",
        help="giữ tệp đúng như openpyxl write-only ghi: chữ nằm ngay trong ô, không ghi cỡ trang (<dimension>)",
    )
    args = parser.parse_args()

    old = throwaway_database()
    try:
        from danvan.accounts.models import User
        from danvan.cadres.imports import TEMPLATE_HEADER
        from danvan.cadres.models import Appointment, Cadre, Team, TeamMembership

        print(f"Cơ sở dữ liệu: {connection.vendor}")
        started = time.perf_counter()
        places = build_units(args.rows, random.Random(52))
        User.objects.create_superuser(USERNAME, password=None, full_name="Quản trị đo tốc độ")
        villages = sum(len(v) for _c, v in places)
        print(f"Chuẩn bị: cây đơn vị chính thức, {len(places)} xã có {number(villages)} thôn, tổ dân phố "
              f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "danh_sach_can_bo.xlsx"
            started = time.perf_counter()
            rows = write_workbook(path, args.rows, places)
            if not args.openpyxl_raw:
                save_as_excel_does(path, rows, len(TEMPLATE_HEADER))
            kind = (
                "như openpyxl write-only ghi" if args.openpyxl_raw else "như Excel lưu (chuỗi dùng chung, có cỡ trang)"
            )
            print(f"Tệp Excel {kind}: {number(rows)} dòng, {path.stat().st_size / 2**20:.1f} MB "
                  f"(tạo trong {time.perf_counter() - started:.1f} s)")  # fmt: skip
            connections.close_all()  # the children open their own connections

            check = in_child(path, commit=False)
            show("kiểm tra (không ghi)", check)
            write = in_child(path, commit=True)
            show("nhập và ghi (đọc + kiểm tra + ghi)", write)
        print(
            f"Đã ghi: {number(Cadre.objects.count())} cán bộ, {number(Appointment.objects.count())} chức danh, "
            f"{number(TeamMembership.objects.count())} chỗ trong {number(Team.objects.count())} khối, tổ"
        )
        if not write["committed"]:
            print("KHÔNG ĐẠT: tệp không được ghi.")
        connections.close_all()
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
