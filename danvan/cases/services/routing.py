"""Routing rules: where the cases of a place and field go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.units.choices import UnitKind

from .. import rules as permissions
from ..models import RoutingRule

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from ..models import Field


@transaction.atomic
def routing_rule_save(
    *, acting_user: User, unit: Unit, target: Unit, field: Field | None = None, note: str = ""
) -> RoutingRule:
    """Send cases of ``field`` (or every field) about places under ``unit`` to ``target``.

    Administrators of ``unit`` set it; the target must be a unit they administer too.
    """
    permissions.require("cases.routing_rule_change", acting_user, unit)
    permissions.require("cases.routing_rule_change", acting_user, target)
    if not target.is_active:
        raise ValidationError({"target": _("Đơn vị nhận đã ngừng hoạt động.")})
    if target.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):  # cases are handled there, as when reassigned
        raise ValidationError({"target": _("Đơn vị nhận phải là một xã, phường hoặc tỉnh, thành phố.")})
    rule, _created = RoutingRule.objects.update_or_create(
        unit=unit, field=field, defaults={"target": target, "note": note}
    )
    return rule


def routing_rule_delete(*, acting_user: User, rule: RoutingRule) -> None:
    """Remove a routing rule; its unit's administrators may (``cases.routing_rule_change``)."""
    permissions.require("cases.routing_rule_change", acting_user, rule.unit)
    rule.delete()
