"""The reception register printed and exported in the layout of Form 03 (Circular 04/2021/TT-TTCP): twelve
columns, columns 8–10 under one heading "Hướng xử lý"; Excel, and PDF on A4 landscape.

A denunciation's row names the denouncer by pseudonym only and carries no ID number or address: the
identity is in the sealed store of its case.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases.choices import CaseKind
from danvan.core.exports import cell_value
from danvan.core.fonts import FONTS
from danvan.core.text import xml_safe

from .choices import Handling

if TYPE_CHECKING:
    from danvan.units.models import Unit

    from .models import Reception

Progress = Callable[..., None]
TICK = "x"


def columns() -> list[str]:
    """The twelve headings, in order (columns 8–10 are the three handling choices)."""
    return [
        _("STT"), _("Ngày tiếp"), _("Họ tên, địa chỉ"), _("CMND, CCCD, hộ chiếu"), _("Nội dung vụ việc"),
        _("Loại đơn, số người"), _("Cơ quan đã giải quyết"), _("Thụ lý giải quyết"),
        _("Trả lại đơn và hướng dẫn"), _("Chuyển đơn đến cơ quan có thẩm quyền"), _("Theo dõi kết quả giải quyết"),
        _("Ghi chú"),
    ]  # fmt: skip


def row_cells(reception: Reception) -> list[str]:
    """One register row as the twelve cells' text."""
    local = timezone.localtime(reception.received_at)
    if reception.case_kind == CaseKind.DENUNCIATION:
        denouncer = getattr(reception.case, "denouncer", None) if reception.case_id else None
        who = str(denouncer.pseudonym) if denouncer is not None else _("Người tố cáo (bảo mật)")
        id_number = ""
    else:
        who = reception.citizen_name + (f"\n{reception.address}" if reception.address else "")
        id_number = reception.id_number
    kind = str(reception.get_case_kind_display())
    if reception.people > 1:
        kind += "\n" + _("%(n)s người") % {"n": reception.people}
    if reception.is_repeat and reception.case_kind != CaseKind.DENUNCIATION:
        kind += "\n" + _("vụ việc cũ")
    follow = reception.follow_up + (f"\n{reception.case.code}" if reception.case_id else "")
    return [
        str(reception.number), f"{local:%d/%m/%Y %H:%M}", who, id_number, reception.content, kind,
        reception.handled_before, TICK if reception.handling == Handling.ACCEPTED else "",
        TICK if reception.handling == Handling.GUIDED else "",
        (TICK + (f" {reception.forwarded_to}" if reception.forwarded_to else ""))
        if reception.handling == Handling.FORWARDED else "",
        follow, reception.note,
    ]  # fmt: skip


# A cell of the printed register holds at most this many characters (a page holds about 40 lines of a column);
# the Excel file keeps the whole text.
PRINT_CHARS = 900


def _short(text: str) -> str:
    return text if len(text) <= PRINT_CHARS else text[: PRINT_CHARS - 1].rstrip() + "…"


class _Wrapper:
    """Breaks a cell's text into the lines that fit its width, measuring each word once (fpdf's own line
    breaking measures every character of every cell again, which made a province's year take half a minute)."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.widths: dict[str, float] = {}
        self.space = pdf.get_string_width(" ")

    def width(self, text: str) -> float:
        found = self.widths.get(text)
        if found is None:
            found = self.widths[text] = self.pdf.get_string_width(text)
        return found

    def lines(self, text: str, room: float) -> list[str]:
        result: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split():
                size = self.width(word)
                if size > room:  # a word longer than the cell: cut it where it overflows
                    if line:
                        result.append(line)
                        line, used = "", 0.0
                    piece = ""
                    for char in word:
                        if self.width(piece + char) > room and piece:
                            result.append(piece)
                            piece = ""
                        piece += char
                    line, used = piece, self.width(piece)
                elif not line:
                    line, used = word, size
                elif used + self.space + size <= room:
                    line, used = f"{line} {word}", used + self.space + size
                else:
                    result.append(line)
                    line, used = word, size
            result.append(line)
        return result if any(result) else [""]


def _title(unit: Unit, year: int) -> str:
    return _("SỔ TIẾP CÔNG DÂN NĂM %(year)s — %(unit)s") % {"year": year, "unit": unit.name.upper()}


def register_xlsx(unit: Unit, year: int, rows: Iterable[Reception], total: int, progress: Progress) -> bytes:
    """The register as an Excel workbook: a title line, the two heading rows of Form 03, then the rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Sổ tiếp công dân"))
    widths = [6, 14, 28, 15, 50, 16, 22, 10, 12, 22, 30, 18]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    heads = columns()

    def bold(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=xml_safe(value))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        return cell

    sheet.append([bold(_title(unit, year))])
    sheet.append([bold(h) if i < 7 or i > 9 else bold(_("Hướng xử lý") if i == 7 else "") for i, h in enumerate(heads)])
    sheet.append([bold("") if i < 7 or i > 9 else bold(h) for i, h in enumerate(heads)])
    sheet.append([bold(f"({n})") for n in range(1, 13)])
    wrap = Alignment(wrap_text=True, vertical="top")
    for done, reception in enumerate(rows, start=1):
        cells = []
        for value in row_cells(reception):
            found = cell_value(sheet, value)  # text Excel would read as a formula comes back as a typed cell
            cell = found if isinstance(found, Cell) else WriteOnlyCell(sheet, value=found)
            cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
        if done % 500 == 0:
            progress(done, total, _("Ghi tệp Excel"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_pdf(unit: Unit, year: int, rows: Iterable[Reception], total: int, progress: Progress) -> bytes:
    """The register on A4 landscape, the heading row repeated on every page."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4", unit="mm")
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.set_title(xml_safe(_title(unit, year)))
    pdf.set_author(xml_safe(unit.name))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    shares = [4, 8, 14, 9, 24, 9, 10, 5, 6, 10, 14, 7]
    widths = [width * s / sum(shares) for s in shares]
    heads = columns()
    line = 3.6

    def block(x: float, y: float, w: float, h: float, text: str, wrap: _Wrapper) -> None:
        """A heading cell: its frame, and its text centred in it."""
        pdf.rect(x, y, w, h)
        lines = wrap.lines(xml_safe(text), w - 1)
        top = y + (h - len(lines) * line) / 2
        for n, piece in enumerate(lines):
            pdf.text(x + (w - wrap.width(piece)) / 2, top + (n + 0.78) * line, piece)

    def heading() -> None:
        pdf.set_font("Serif", "B", 6.5)
        wrap = _Wrapper(pdf)
        x, y = pdf.l_margin, pdf.get_y()
        high = 6 * line
        for index, (w, text) in enumerate(zip(widths, heads, strict=True)):
            if not 7 <= index <= 9:
                block(x + sum(widths[:index]), y, w, high, text, wrap)
        block(x + sum(widths[:7]), y, sum(widths[7:10]), high / 3, _("Hướng xử lý"), wrap)
        for index in range(7, 10):
            block(x + sum(widths[:index]), y + high / 3, widths[index], high * 2 / 3, heads[index], wrap)
        pdf.set_font("Serif", "", 6)
        for n, w in enumerate(widths, start=1):
            block(x + sum(widths[: n - 1]), y + high, w, line, f"({n})", wrap)
        pdf.set_xy(x, y + high + line)
        pdf.set_font("Serif", "", 7)

    pdf.add_page()
    pdf.set_font("Serif", "B", 12)
    pdf.cell(width, 7, xml_safe(_title(unit, year)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    heading()
    bottom = pdf.h - pdf.b_margin
    pdf.set_font("Serif", "", 7)
    wrap = _Wrapper(pdf)
    for done, reception in enumerate(rows, start=1):
        cells = [
            wrap.lines(xml_safe(_short(text)), w - 1) for w, text in zip(widths, row_cells(reception), strict=True)
        ]
        high = max(1, *(len(lines) for lines in cells)) * line
        if pdf.get_y() + high > bottom:
            pdf.add_page()
            heading()
        y = pdf.get_y()
        for index, (w, lines) in enumerate(zip(widths, cells, strict=True)):
            x = pdf.l_margin + sum(widths[:index])
            pdf.rect(x, y, w, high)
            for n, text in enumerate(lines):
                shift = (w - 1 - wrap.width(text)) / 2 if index in (0, 7, 8) else 0
                pdf.text(x + 0.5 + shift, y + (n + 0.78) * line, text)
        pdf.set_xy(pdf.l_margin, y + high)
        if done % 200 == 0:
            progress(done, total, _("Ghi tệp PDF"))
    return bytes(pdf.output())
