"""Reading spreadsheets for all-or-nothing imports with a row-by-row report.

An import first reads and validates every row, collecting :class:`RowError`
entries (row number as the user sees it in the file, column header, reason in
Vietnamese). Only when no row failed does the caller write anything, inside one
transaction. Headers are matched on their folded form, so "Mã xã", "ma xa" and
"MÃ XÃ" are the same column.
"""

import csv
import io
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text import fold, normalize

logger = logging.getLogger(__name__)
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class TableError(Exception):
    """The file as a whole cannot be read (wrong format, missing columns)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self):
        return not self.errors

    def add_error(self, row, column, message):
        self.errors.append(RowError(row=row, column=column, message=message))


def _rows_from_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file; its messages are English
        logger.info("unreadable xlsx: %s", exc)
        raise TableError(
            _("Không đọc được tệp Excel. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi tải lên lại.")
        ) from exc
    sheet = workbook.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if value is None else value for value in values]
    workbook.close()


def _rows_from_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("Tệp CSV phải được lưu với mã UTF-8.")) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def read_table(uploaded, columns, required):
    """Yield ``(row_number, {key: text})`` for each non-empty data row.

    ``columns`` maps a key to the header labels accepted for it; ``required``
    lists the keys whose column must be present. Raises :class:`TableError`
    for an unreadable file or missing columns.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read()
    if len(data) > MAX_IMPORT_BYTES:
        raise TableError(_("Tệp quá lớn (tối đa 20 MB)."))
    if not data:
        raise TableError(_("Tệp rỗng."))
    if name.endswith(".xlsx"):
        rows = _rows_from_xlsx(data)
    elif name.endswith(".csv"):
        rows = _rows_from_csv(data)
    else:
        raise TableError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))

    header = None
    for number, raw in enumerate(rows, start=1):
        cells = [normalize(value) for value in raw]
        if header is None:
            if not any(cells):
                continue
            labels = {fold(label): key for key, accepted in columns.items() for label in accepted}
            header = {}
            for index, cell in enumerate(cells):
                key = labels.get(fold(cell))
                if key and key not in header:
                    header[key] = index
            missing = [columns[key][0] for key in required if key not in header]
            if missing:
                raise TableError(_("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})
            continue
        if not any(cells):
            continue
        yield number, {key: (cells[index] if index < len(cells) else "") for key, index in header.items()}
    if header is None:
        raise TableError(_("Tệp không có dòng tiêu đề."))
