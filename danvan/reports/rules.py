"""Permissions of the reports module asked by the menu, as ``rules`` predicates."""

import rules

from danvan.core import scoping


@rules.predicate
def views_somewhere(user):
    """Dashboards, scorecards and reports open on the top of the user's scope (``unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


rules.add_perm("reports.view_dashboard", views_somewhere)
