"""Pages of the cadre module, one module per sub-domain. Thin: fetch through the scope, ask ``rules``,
read through ``selectors``, write through ``services`` with ``core.forms.submit`` (form → service →
errors → redirect); the Excel downloads are built in ``cadres.exports``.

Every record is fetched through ``for_user``/``get_scoped_or_404``; the unit a page is about comes from
``?unit=<id>`` and is itself scoped. The names below are those ``cadres/urls.py`` routes to.
"""

from .appointments import appointment_add, appointment_end
from .cadres import (
    cadre_create,
    cadre_detail,
    cadre_edit,
    cadre_leave,
    cadre_list,
    cadre_options,
    cadre_photo,
    overview,
)
from .field_days import field_day_add, field_days
from .imports import cadre_import, cadre_import_confirm, cadre_template
from .organisations import organisation_detail, organisation_list, organisation_member_end
from .reviews import review, review_detail
from .teams import seat_add, seat_end, seat_role, team_create, team_detail, team_list, team_rules
from .training import course_create, course_detail, course_edit, course_list, coverage

__all__ = [
    "appointment_add", "appointment_end", "cadre_create", "cadre_detail", "cadre_edit", "cadre_import",
    "cadre_import_confirm", "cadre_leave", "cadre_list", "cadre_options", "cadre_photo", "cadre_template",
    "course_create", "course_detail", "course_edit", "course_list", "coverage", "field_day_add", "field_days",
    "organisation_detail", "organisation_list", "organisation_member_end", "overview", "review", "review_detail",
    "seat_add", "seat_end", "seat_role", "team_create", "team_detail", "team_list", "team_rules",
]  # fmt: skip
