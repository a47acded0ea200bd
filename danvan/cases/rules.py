"""Permissions of the cases module, as ``rules`` predicates for views and templates."""

import rules

from danvan.core import scoping


@rules.predicate
def sees_cases_somewhere(user):
    """The officers' case list opens for anyone who may view some unit (``units.selectors.unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


rules.add_perm("cases.list_cases", sees_cases_somewhere)
