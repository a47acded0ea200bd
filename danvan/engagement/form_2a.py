"""The citizen-reception statistics of the periodic report, in the categories of Form 2a (the Government
Inspectorate's reporting forms; shared domain facts §9): regular reception and leaders' reception, each by
visits, people, cases old and new, and delegations (number, people, cases old and new); then the content of the
cases by kind (complaints by field, denunciations, feedback and petitions).

The headings are data: ``COLUMNS`` lists ``(code, heading)`` in the order of the annex, and a deployment whose
province files another version of the annex sets ``DANVAN_RECEPTION_FORM_COLUMNS`` to its own list (any of the
codes below, in any order, with its own headings). The report writes one line per column of the form (an A4
page holds the twenty-odd columns no other way), with the figure of the period and of the same period a year
earlier.

Codes (``<group>`` is ``thuong_xuyen`` for regular reception, ``lanh_dao`` for leaders' scheduled and
unscheduled reception, ``tong`` for both):

- ``<group>.luot`` visits, ``<group>.nguoi`` people, ``<group>.vu_cu`` / ``<group>.vu_moi`` cases old / new;
- ``<group>.doan`` delegations, ``<group>.doan_nguoi`` their people, ``<group>.doan_vu_cu`` /
  ``<group>.doan_vu_moi`` their cases old / new;
- ``khieu_nai`` complaints; ``khieu_nai.<field code>`` complaints of one field (``cases.Field``: ``dat_dai``,
  ``chinh_sach_che_do``…); ``khieu_nai.con_lai`` the complaints of every field not named by another
  ``khieu_nai.<field code>`` column of the list (unclassified ones included), so the parts add up;
- ``to_cao`` denunciations; ``phan_anh`` feedback; ``kien_nghi`` petitions; ``phan_anh_kien_nghi`` both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from danvan.cases.choices import CaseKind

from .choices import ReceptionKind

GROUPS = ("thuong_xuyen", "lanh_dao", "tong")
MEASURES = ("luot", "nguoi", "vu_cu", "vu_moi", "doan", "doan_nguoi", "doan_vu_cu", "doan_vu_moi")
REST = "con_lai"
KINDS = {"to_cao": (CaseKind.DENUNCIATION,), "phan_anh": (CaseKind.FEEDBACK,), "kien_nghi": (CaseKind.PETITION,),
         "phan_anh_kien_nghi": (CaseKind.FEEDBACK, CaseKind.PETITION)}  # fmt: skip
COMPLAINTS = "khieu_nai"

COLUMNS: list[tuple[str, Any]] = [
    ("thuong_xuyen.luot", _("Tiếp thường xuyên: số lượt")),
    ("thuong_xuyen.nguoi", _("Tiếp thường xuyên: số người")),
    ("thuong_xuyen.vu_cu", _("Tiếp thường xuyên: vụ việc cũ")),
    ("thuong_xuyen.vu_moi", _("Tiếp thường xuyên: vụ việc mới phát sinh")),
    ("thuong_xuyen.doan", _("Tiếp thường xuyên, đoàn đông người: số đoàn")),
    ("thuong_xuyen.doan_nguoi", _("Tiếp thường xuyên, đoàn đông người: số người")),
    ("thuong_xuyen.doan_vu_cu", _("Tiếp thường xuyên, đoàn đông người: vụ việc cũ")),
    ("thuong_xuyen.doan_vu_moi", _("Tiếp thường xuyên, đoàn đông người: vụ việc mới phát sinh")),
    ("lanh_dao.luot", _("Lãnh đạo tiếp định kỳ, đột xuất: số lượt")),
    ("lanh_dao.nguoi", _("Lãnh đạo tiếp định kỳ, đột xuất: số người")),
    ("lanh_dao.vu_cu", _("Lãnh đạo tiếp định kỳ, đột xuất: vụ việc cũ")),
    ("lanh_dao.vu_moi", _("Lãnh đạo tiếp định kỳ, đột xuất: vụ việc mới phát sinh")),
    ("lanh_dao.doan", _("Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: số đoàn")),
    ("lanh_dao.doan_nguoi", _("Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: số người")),
    ("lanh_dao.doan_vu_cu", _("Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: vụ việc cũ")),
    ("lanh_dao.doan_vu_moi", _("Lãnh đạo tiếp định kỳ, đột xuất, đoàn đông người: vụ việc mới phát sinh")),
    ("khieu_nai", _("Nội dung: khiếu nại (số vụ việc)")),
    ("khieu_nai.dat_dai", _("Khiếu nại: lĩnh vực đất đai")),
    ("khieu_nai.chinh_sach_che_do", _("Khiếu nại: chính sách, chế độ")),
    ("khieu_nai.con_lai", _("Khiếu nại: lĩnh vực khác")),
    ("to_cao", _("Nội dung: tố cáo (số vụ việc)")),
    ("phan_anh_kien_nghi", _("Nội dung: phản ánh, kiến nghị, khác (số vụ việc)")),
]

_CODE = re.compile(r"^(?:(?:thuong_xuyen|lanh_dao|tong)\.[a-z_]+|khieu_nai(?:\.[a-z0-9_-]+)?|[a-z_]+)$")


def valid_code(code: str) -> bool:
    if code in KINDS or code == COMPLAINTS:
        return True
    head, _dot, tail = code.partition(".")
    if head in GROUPS:
        return tail in MEASURES
    return head == COMPLAINTS and bool(tail) and _CODE.match(code) is not None


def columns() -> list[tuple[str, Any]]:
    """The form's ``(code, heading)`` list: the deployment's ``DANVAN_RECEPTION_FORM_COLUMNS``, else ``COLUMNS``.
    A code the figures do not know stops the report with the code named rather than print a wrong line."""
    found = getattr(settings, "DANVAN_RECEPTION_FORM_COLUMNS", None) or COLUMNS
    out = []
    for item in found:
        code, heading = item
        if not valid_code(str(code)):
            raise ImproperlyConfigured(
                f"DANVAN_RECEPTION_FORM_COLUMNS: unknown code {code!r} (see danvan/engagement/form_2a.py)"
            )
        out.append((str(code), heading))
    return out


def measures(rows: Iterable[dict[str, Any]], fields: dict[int, str], codes: Sequence[str]) -> dict[str, int]:
    """``{code: figure}`` for ``codes``, from the grouped register rows of ``figures.reception_counts``;
    ``fields`` maps a field's id to its code."""
    out: dict[str, int] = defaultdict(int)
    named = {
        code.partition(".")[2] for code in codes if code.startswith(f"{COMPLAINTS}.") and code != f"{COMPLAINTS}.{REST}"
    }
    for row in rows:
        groups = ("lanh_dao" if row["kind"] in (ReceptionKind.LEADER_SCHEDULED, ReceptionKind.LEADER_UNSCHEDULED)
                  else "thuong_xuyen", "tong")  # fmt: skip
        age = "vu_cu" if row["is_repeat"] else "vu_moi"
        for group in groups:
            out[f"{group}.luot"] += row["visits"]
            out[f"{group}.nguoi"] += row["people"]
            out[f"{group}.{age}"] += row["visits"]
            out[f"{group}.doan"] += row["delegations"]
            out[f"{group}.doan_nguoi"] += row["delegation_people"]
            out[f"{group}.doan_{age}"] += row["delegations"]
        kind = row["case_kind"]
        for code, kinds in KINDS.items():
            if kind in kinds:
                out[code] += row["visits"]
        if kind == CaseKind.COMPLAINT:
            out[COMPLAINTS] += row["visits"]
            field_code = fields.get(row["field"]) if row["field"] is not None else None
            if field_code is not None and field_code in named:
                out[f"{COMPLAINTS}.{field_code}"] += row["visits"]
            else:
                out[f"{COMPLAINTS}.{REST}"] += row["visits"]
    return {code: out.get(code, 0) for code in codes}
