"""Reads about accounts that other modules ask."""

from .models import RoleAssignment, User


def account_controlled_by(account: User, actor: User) -> bool:
    """Whether ``actor`` could have made ``account`` act as they wish: they created it, changed it (its
    password, its second factor, its details: every change is in its history with who made it) or
    granted it a role. Such an account is no second person for ``actor`` (the denouncer's seal)."""
    if account.pk == actor.pk:
        return True
    return (
        User.history.filter(id=account.pk, history_user=actor).exists()
        or RoleAssignment.objects.filter(user=account, granted_by=actor).exists()
    )


def independent(first: User, second: User) -> bool:
    """Whether two accounts are two people as far as the records tell: neither controlled the other."""
    return not (account_controlled_by(first, second) or account_controlled_by(second, first))
