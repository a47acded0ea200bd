from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danvan.cases"
    label = "cases"
    verbose_name = _("Phản ánh, kiến nghị, khiếu nại, tố cáo")

    def ready(self):
        from danvan.accounts import twofactor
        from danvan.accounts.signals import credentials_reset, second_factor_enrolled
        from danvan.core.panels import UNIT_PAGE

        from . import services, views

        # Whoever may read a denouncer's identity logs in with a second factor; an administrator's reset
        # of their password or second factor suspends their grants until they enrol again.
        twofactor.require_when(services.holds_identity_grant)
        credentials_reset.connect(services.identity_grants_suspend, dispatch_uid="cases-suspend-identity-grants")
        second_factor_enrolled.connect(services.identity_grants_resume, dispatch_uid="cases-resume-identity-grants")
        UNIT_PAGE.register(views.unit_panel)
