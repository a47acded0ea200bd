"""Object permissions of the cadre module, as ``rules`` predicates for views and templates."""

import rules

from danvan.core import scoping

from . import services


@rules.predicate
def can_manage_unit_cadres(user, unit):
    return services.can_manage(user, unit)


@rules.predicate
def can_log_field_day(user, cadre):
    return cadre is not None and (
        services.can_enter(user, cadre.unit) or (cadre.user_id is not None and cadre.user_id == user.pk)
    )


@rules.predicate
def can_record_review(user, unit):
    return unit is not None and (
        scoping.path_in_scope(user, unit.path, scoping.APPROVE) or services.can_manage(user, unit)
    )


@rules.predicate
def can_set_rules(user, unit):
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE_USERS)


@rules.predicate
def views_somewhere(user):
    """The cadre pages open on the top of the user's scope (``units.selectors.unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


rules.add_perm("cadres.view_overview", views_somewhere)
rules.add_perm("cadres.manage", can_manage_unit_cadres)
rules.add_perm("cadres.log_field_day", can_log_field_day)
rules.add_perm("cadres.record_review", can_record_review)
rules.add_perm("cadres.set_rules", can_set_rules)
