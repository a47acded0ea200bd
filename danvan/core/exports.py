"""Excel downloads: every list in the product can be exported with the same helper."""

import datetime
import io

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return str(value)


def xlsx_response(filename, sheets):
    """An .xlsx attachment; ``sheets`` is a list of ``(title, header, rows)`` (rows: iterables of cells).

    Dates are written as dd/mm/yyyy text, booleans as có/không.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        widths = [min(60, max(10, len(str(h)) + 2)) for h in header]
        for index, width in enumerate(widths):
            sheet.column_dimensions[
                chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)
            ].width = width
        from openpyxl.cell import WriteOnlyCell

        heading = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = Font(bold=True)
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
