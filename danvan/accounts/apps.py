import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("danvan.accounts.lockout")


def _log_refused_while_locked(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning("login refused while locked out: user %r from %s", username, ip_address)


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self):
        from axes.signals import user_locked_out

        user_locked_out.connect(_log_refused_while_locked, dispatch_uid="danvan-login-locked-log")
