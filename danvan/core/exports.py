"""Excel downloads: every list in the product can be exported with the same helper.

Every value written to a spreadsheet goes through :func:`cell_value` (the report writer's Excel file too):
text cleaned by ``core.text.xml_safe``, and text Excel would read as a formula kept as text.
"""

import datetime
import io

from django.http import HttpResponse
from django.utils import timezone

from .text import xml_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel: text typed by users must never become one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(sheet, value):
    """What to append to ``sheet`` (write-only or not) for ``value``: dates as dd/mm/yyyy text (times in
    Vietnam's time zone), booleans as có/không, numbers as numbers, any other text cleaned, and text that
    Excel would read as a formula as a cell typed text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = xml_safe(value)
    if text.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # kept as text, shown as typed
        return cell
    return text


def xlsx_response(filename, sheets):
    """An .xlsx attachment; ``sheets`` is a list of ``(title, header, rows)`` (rows: iterables of cells).

    Dates are written as dd/mm/yyyy text (times in Vietnam's time zone), booleans as có/không, and
    text that Excel would read as a formula stays text.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for index, label in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, len(str(label)) + 2))
        heading = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=xml_safe(label))
            cell.font = Font(bold=True)
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append([cell_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
