"""Links between cases about the same matter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import rules as permissions
from ..choices import CaseKind, LinkReason
from ..models import CaseLink

if TYPE_CHECKING:
    from danvan.accounts.models import User

    from ..models import Case


def case_link(*, case: Case, other: Case | None, acting_user: User, reason: str, note: str = "") -> CaseLink:
    """Link two cases about the same matter; each page then shows the other."""

    permissions.require("cases.link", acting_user, case)
    if other is None or not permissions.may("cases.link_with", acting_user, other):
        raise ValidationError({"other": _("Không có vụ việc mã này trong phạm vi bạn được xem.")})
    if other.pk == case.pk:
        raise ValidationError({"other": _("Không liên kết vụ việc với chính nó.")})
    if reason not in LinkReason.values or reason == LinkReason.SECOND_ROUND:
        raise ValidationError({"reason": _("Chọn lý do liên kết.")})
    if CaseKind.DENUNCIATION in (case.kind, other.kind):
        # A link shows each case on the other's page: a named case linked to a denunciation would tell
        # every viewer who probably denounced. Denunciations link only with each other, by those who
        # may read both identities (as their near-duplicates are proposed).
        if case.kind != other.kind:
            raise ValidationError({"other": _("Tố cáo chỉ được liên kết với tố cáo khác, để giữ bí mật người tố cáo.")})
        if not permissions.may_see_duplicates(acting_user, [case, other]):
            raise PermissionDenied
    first, second = sorted((case, other), key=lambda c: c.pk)
    if CaseLink.objects.filter(Q(first=case, second=other) | Q(first=other, second=case)).exists():
        raise ValidationError({"other": _("Hai vụ việc đã được liên kết.")})
    return CaseLink.objects.create(
        first=first, second=second, reason=reason, note=(note or "")[:255], created_by=acting_user
    )
