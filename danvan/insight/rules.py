"""Permissions of the insight module, as named ``rules`` permissions built on ``core.scoping``.

The services require them (``require``) before they write; views, the menu and templates only ask
(``may`` or ``user.has_perm``). Nothing here writes.

| permission | object | who |
|---|---|---|
| ``insight.view_warnings`` | — | anyone who may view some unit (the early warnings of the units they see) |
| ``insight.suggest`` | — | anyone who may enter cases somewhere (the suggestion beside the text being typed) |
| ``insight.sort_opinions`` | — | anyone who may enter data somewhere (sorting a batch of opinions) |
| ``insight.view_registry`` | — | administrators of some unit (the list of trained models) |
| ``insight.train_models`` | — | the national administrators: the models serve the whole deployment |
| ``insight.decide_case`` | a case | whoever works on the handling unit's cases ("manage" right over it): confirm the field, say whether the flag was right, settle a near-duplicate |
| ``insight.see_duplicate_pair`` | (case, other case) | never across the seal (a denunciation with a case that is not one); a pair of denunciations only to who may read both identities (``cases.read_identity``); other pairs to all who see both cases |

The scheduled runs (the spike test, the near-duplicate sweep, training from the command line) act for
no one and ask nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.cases import rules as case_rules
from danvan.cases.choices import CaseKind
from danvan.core import permissions, scoping
from danvan.units.models import Unit

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.cases.models import Case


@rules.predicate
def views_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.ENTER)


@rules.predicate
def manages_users_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.MANAGE_USERS)


@rules.predicate
def manages_the_whole_tree(user: User) -> bool:
    root = Unit.objects.filter(depth=1).first()
    return bool(user.is_superuser or (root and scoping.path_in_scope(user, root.path, scoping.MANAGE_USERS)))


@rules.predicate
def manages_handling_unit(user: User, case: Case | None) -> bool:
    return case is not None and scoping.path_in_scope(user, case.unit.path, scoping.MANAGE)


@rules.predicate
def may_see_pair(user: User, pair: tuple[Case, Case]) -> bool:
    case, other = pair
    sealed = (case.kind == CaseKind.DENUNCIATION, other.kind == CaseKind.DENUNCIATION)
    if sealed[0] != sealed[1]:
        return False
    return not sealed[0] or case_rules.may_see_duplicates(user, [case, other])


rules.add_perm("insight.view_warnings", views_somewhere)
rules.add_perm("insight.suggest", enters_somewhere)
rules.add_perm("insight.sort_opinions", enters_somewhere)
rules.add_perm("insight.view_registry", manages_users_somewhere)
rules.add_perm("insight.train_models", manages_the_whole_tree)
rules.add_perm("insight.decide_case", manages_handling_unit)
rules.add_perm("insight.see_duplicate_pair", may_see_pair)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
