"""The steps of a periodic report, as one table: in which states each action may be taken, the state it
leads to, and the permission it needs. The services check a step with ``check``; the report page shows
the buttons of ``actions_for``.

| action | from | to | permission |
|---|---|---|---|
| ``save`` | draft, returned | (unchanged) | ``reports.write_report`` |
| ``submit`` | draft, returned | submitted | ``reports.write_report`` |
| ``return`` | submitted | returned | ``reports.review_report`` |

A draft is started by ``reports.write`` over the unit (``services.report_create``). The national
report is sent to no one: ``submit`` also needs a unit above (``services.report_submit``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import ReportStatus


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple  # the states the action may be taken in
    target: str | None  # the state it leads to (None: the state does not change)
    permission: str
    refusal: str  # said when the report is in another state


STEPS = {
    step.action: step
    for step in (
        Step("save", (ReportStatus.DRAFT, ReportStatus.RETURNED), None, "reports.write_report",
             _("Báo cáo đã gửi cấp trên, không sửa được; đề nghị cấp trên trả lại nếu cần bổ sung.")),
        Step("submit", (ReportStatus.DRAFT, ReportStatus.RETURNED), ReportStatus.SUBMITTED, "reports.write_report",
             _("Báo cáo đã được gửi.")),
        Step("return", (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, "reports.review_report",
             _("Chỉ trả lại báo cáo đã gửi.")),
    )
}  # fmt: skip


def check(action, user, report):
    """Require the step's permission (``PermissionDenied``), then its state (``ValidationError``);
    returns the step."""
    step = STEPS[action]
    rules.require(step.permission, user, report)
    if report.status not in step.sources:
        raise ValidationError(step.refusal)
    return step


def allowed(action, user, report):
    step = STEPS[action]
    return report.status in step.sources and rules.may(step.permission, user, report)


def actions_for(user, report):
    """The actions ``user`` may take on ``report`` now, for the page's buttons."""
    return {action for action in STEPS if allowed(action, user, report)}
