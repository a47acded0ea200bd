"""A periodic report written out: Word laid out as a Vietnamese administrative document, Excel with one
sheet per table, and PDF.

The three share one outline (headings, paragraphs, numbered tables) built from the report's sections
and the officer's text, so they always say the same thing. The Word layout follows Decree
30/2020/NĐ-CP: A4, margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right; Times New Roman;
the issuing body at top left with the number and symbol below it, the national motto at top right
with the place and date, the title centred, body text at 14 pt justified, the recipients at bottom
left and the signature block at bottom right; page numbers from the second page, centred at the top.
"""

import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.core.fonts import FONTS
from danvan.core.numbers import fmt
from danvan.core.sections import parent_of
from danvan.core.text import xml_safe

# fontTools reports every subsetting step at INFO level; the PDF writer needs none of it.
logging.getLogger("fontTools").setLevel(logging.WARNING)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# The free-text parts every report has, after the sections drafted from the data.
CLOSING = (
    ("_assessment", "ĐÁNH GIÁ CHUNG", "Ưu điểm; hạn chế, nguyên nhân"),
    ("_tasks", "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "Những việc trọng tâm kỳ tới"),
    ("_proposals", "ĐỀ XUẤT, KIẾN NGHỊ", "Với cấp trên, với các cơ quan liên quan"),
)


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table"
    text: str = ""
    table: object = None
    number: int = 0


safe = xml_safe  # text a Word, Excel or PDF file can hold


def cell_text(value, column):
    if isinstance(value, bool) or not isinstance(value, int | float) and value is not None:
        return safe(value)
    return fmt(value, column.fmt)


def outline(report, results):
    """The report's body as blocks, numbered the way administrative reports are (I., 1., Bảng 1)."""
    blocks = [Block("h1", f"{ROMAN[0]}. " + _("KẾT QUẢ THỰC HIỆN").upper())]
    texts = report.texts or {}
    table_no = 0
    for index, result in enumerate(results, start=1):
        blocks.append(Block("h2", f"{index}. {result.title}"))
        if result.sentences:
            blocks.append(Block("p", " ".join(result.sentences)))
        for paragraph in _paragraphs(texts.get(result.key, "")):
            blocks.append(Block("p", paragraph))
        for table in result.tables:
            if not table.rows:
                continue
            table_no += 1
            blocks.append(Block("table", table.title, table, table_no))
    for number, (key, heading, _hint) in enumerate(CLOSING, start=2):
        blocks.append(Block("h1", f"{ROMAN[number - 1]}. {_(heading)}"))
        paragraphs = _paragraphs(texts.get(key, ""))
        blocks.extend(Block("p", p) for p in paragraphs or ["…"])
    return blocks


def _paragraphs(text):
    return [safe(line).strip() for line in (text or "").splitlines() if safe(line).strip()]


def _date_line(report, day):
    place = report.place_name or report.unit.name
    return _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d") % {"place": place, "d": day.day, "m": day.month,
                                                                   "y": day.year}  # fmt: skip


def _issuer_lines(report):
    parent = parent_of(report.unit)
    lines = []
    if parent is not None and parent.depth > 1:
        lines.append(parent.name.upper())
    lines.append(report.unit.name.upper())
    return lines


# --- Word -----------------------------------------------------------------------------------


def build_docx(report, results, day):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)

    # Page number, centred at the top, from the second page.
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(13)

    def para(text="", *, bold=False, italic=False, size=14, align=None, indent=False, underline=False, after=6):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(after)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        if text:
            r = p.add_run(safe(text))
            r.bold, r.italic, r.underline = bold, italic, underline
            r.font.size = Pt(size)
        return p

    def in_cell(cell, text, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=False):
        p = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(safe(text))
        r.bold, r.italic, r.underline = bold, italic, underline
        r.font.size = Pt(size)
        r.font.name = "Times New Roman"
        return p

    # Heading: the issuing body and number on the left, the national motto and date on the right.
    top = doc.add_table(rows=1, cols=2)
    top.autofit = False
    left, right = top.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    lines = _issuer_lines(report)
    for line in lines[:-1]:
        in_cell(left, line, size=13)
    in_cell(left, lines[-1], bold=True, size=13)
    in_cell(left, "*", size=13)
    in_cell(left, _("Số: %(s)s") % {"s": report.symbol or "…"}, size=13)
    in_cell(right, MOTTO, bold=True, size=13)
    in_cell(right, MOTTO_LINE, bold=True, size=14, underline=True)
    in_cell(right, "")
    in_cell(right, _date_line(report, day), italic=True, size=14)

    para(after=0)
    para(_("BÁO CÁO"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(report.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    for block in outline(report, results):
        if block.kind == "h1" or block.kind == "h2":
            para(block.text, bold=True, indent=True)
        elif block.kind == "p":
            para(block.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        else:
            table = block.table
            para(_("Bảng %(n)d. %(t)s") % {"n": block.number, "t": table.title}, italic=True, size=13, after=3)
            grid = doc.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
                in_cell(cell, str(column.label), bold=True, size=12)
            rows = [(row.cells, False) for row in table.rows]
            if table.total:
                rows.append((table.total, True))
            for values, strong in rows:
                cells = grid.add_row().cells
                for i, (cell, value, column) in enumerate(zip(cells, values, table.columns, strict=True)):
                    align = WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.RIGHT
                    in_cell(cell, cell_text(value, column) if i else str(value), bold=strong, size=12, align=align)
            para(after=3)

    # Recipients on the left, the signature on the right.
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    in_cell(left, _("Nơi nhận:"), bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in _paragraphs(report.recipients) or [_("- Lưu.")]:
        in_cell(left, line if line.startswith("-") else f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    in_cell(right, (report.signer_title or _("THỦ TRƯỞNG ĐƠN VỊ")).upper(), bold=True, size=14)
    for _i in range(3):
        in_cell(right, "")
    in_cell(right, report.signer_name or "", bold=True, size=14)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- Excel -----------------------------------------------------------------------------------


def build_xlsx(report, results):
    """One sheet per table (with its title and the period), plus a first sheet of the headline figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _("Tổng hợp")[:31]
    bold = Font(bold=True)
    summary.append(_xl(summary, [report.unit.name, report.title]))
    summary.append([])
    summary.append(_xl(summary, [_("Mục"), _("Chỉ tiêu"), _("Kỳ này"), _("Cùng kỳ năm trước")]))
    for cell in summary[3]:
        cell.font = bold
    for result in results:
        for figure in result.figures:
            summary.append(_xl(summary, [result.title, figure.label, figure.value, figure.previous]))
    used = {summary.title}
    number = 0
    for result in results:
        for table in result.tables:
            if not table.rows:
                continue
            number += 1
            name = _sheet_name(f"{number}. {table.title}", used)
            sheet = book.create_sheet(name)
            sheet.append(_xl(sheet, [f"{_('Bảng')} {number}. {result.title} – {table.title}"]))
            sheet["A1"].font = bold
            sheet.append(_xl(sheet, [report.unit.name, report.period.label]))
            sheet.append(_xl(sheet, [c.label for c in table.columns]))
            for cell in sheet[3]:
                cell.font = bold
            for row in table.rows:
                sheet.append(_xl(sheet, row.cells))
            if table.total:
                sheet.append(_xl(sheet, table.total))
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            for i, column in enumerate(table.columns, start=1):
                fmt_code = {"pct": "0.0", "score": "0.00"}.get(column.fmt, "#,##0")
                for (cell,) in sheet.iter_rows(min_row=4, min_col=i, max_col=i):
                    if isinstance(cell.value, int | float):
                        cell.number_format = fmt_code
            sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xl(sheet, values):
    """A row as every Excel file of the product writes it (``core.exports.cell_value``); empty cells stay empty."""
    from danvan.core.exports import cell_value

    return [None if value is None else cell_value(sheet, value) for value in values]


def _sheet_name(title, used):
    bad = "[]:*?/\\"
    base = "".join(" " if ch in bad else ch for ch in title)[:31].strip()
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


# --- PDF -------------------------------------------------------------------------------------


def build_pdf(report, results, day):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Writer(FPDF):
        """Every piece of text goes through the one cleaning step (``safe``), whatever block writes it."""

        def multi_cell(self, w, h=None, text="", *args, **kwargs):
            return super().multi_cell(w, h, safe(text), *args, **kwargs)

    pdf = Writer(format="A4", unit="mm")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
    pdf.set_title(safe(report.title))
    pdf.set_author(safe(report.unit.name))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = width * 0.42, width * 0.58
    y = pdf.get_y()
    pdf.set_font("Serif", "", 10)
    for index, line in enumerate(_issuer_lines(report)):
        pdf.set_font("Serif", "B" if index == len(_issuer_lines(report)) - 1 else "", 10)
        pdf.multi_cell(left_w, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 10)
    pdf.multi_cell(left_w, 5, _("Số: %(s)s") % {"s": report.symbol or "…"}, align="C", new_x="LMARGIN", new_y="NEXT")
    bottom_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, y)
    pdf.set_font("Serif", "B", 10)
    pdf.multi_cell(right_w, 5, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(right_w, 5, MOTTO_LINE, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "I", 11)
    pdf.multi_cell(right_w, 7, _date_line(report, day), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), bottom_left) + 6)
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(width, 7, _("BÁO CÁO"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 7, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in outline(report, results):
        if block.kind in ("h1", "h2"):
            pdf.set_font("Serif", "B", 12)
            pdf.multi_cell(width, 6.5, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "p":
            pdf.set_font("Serif", "", 12)
            pdf.multi_cell(width, 6.5, "      " + block.text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            table = block.table
            pdf.set_font("Serif", "I", 10)
            pdf.multi_cell(width, 5.5, _("Bảng %(n)d. %(t)s") % {"n": block.number, "t": table.title},
                           new_x="LMARGIN", new_y="NEXT")  # fmt: skip
            pdf.set_font("Serif", "", 9)
            first = 0.34 if len(table.columns) > 3 else 0.5
            rest = (1 - first) / max(1, len(table.columns) - 1)
            widths = [first] + [rest] * (len(table.columns) - 1)
            aligns = ["LEFT"] + ["RIGHT"] * (len(table.columns) - 1)
            with pdf.table(col_widths=[w * 100 for w in widths], text_align=aligns, line_height=5, align="LEFT",
                           headings_style=FontFace(emphasis="BOLD")) as grid:  # fmt: skip
                grid.row([safe(c.label) for c in table.columns])
                for row in table.rows:
                    grid.row(
                        [
                            cell_text(v, c) if i else safe(v)
                            for i, (v, c) in enumerate(zip(row.cells, table.columns, strict=True))
                        ]
                    )
                if table.total:
                    grid.row([cell_text(v, c) if i else safe(v) for i, (v, c) in enumerate(zip(table.total, table.columns, strict=True))],
                             style=FontFace(emphasis="BOLD"))  # fmt: skip
            pdf.ln(3)
    pdf.ln(6)
    y = pdf.get_y()
    pdf.set_font("Serif", "B", 10)
    pdf.multi_cell(left_w, 5, _("Nơi nhận:"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 9)
    for line in _paragraphs(report.recipients) or [_("- Lưu.")]:
        pdf.multi_cell(left_w, 4.5, line if line.startswith("-") else f"- {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + left_w, y)
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(
        right_w, 6, (report.signer_title or _("THỦ TRƯỞNG ĐƠN VỊ")).upper(), align="C", new_x="LEFT", new_y="NEXT"
    )
    pdf.ln(18)
    pdf.set_x(pdf.l_margin + left_w)
    pdf.multi_cell(right_w, 6, report.signer_name or "", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
