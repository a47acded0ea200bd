"""Permissions of the insight pages, as ``rules`` predicates asked by the views and the menu."""

import rules

from danvan.core import scoping


@rules.predicate
def views_somewhere(user):
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_somewhere(user):
    return scoping.holds_anywhere(user, scoping.ENTER)


@rules.predicate
def manages_users_somewhere(user):
    return scoping.holds_anywhere(user, scoping.MANAGE_USERS)


# Early warnings of the units one sees; sorting a batch of opinions is data entry; the model registry is
# for administrators (training and switching models: national administrators only, services.may_train).
rules.add_perm("insight.view_warnings", views_somewhere)
rules.add_perm("insight.sort_opinions", enters_somewhere)
rules.add_perm("insight.view_registry", manages_users_somewhere)
