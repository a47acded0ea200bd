from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "danvan.insight"
    verbose_name = _("Phân tích ý kiến người dân")

    def ready(self):
        from danvan.cases import panels
        from danvan.cases.signals import case_received
        from danvan.core.panels import HOME

        from . import (
            jobs,  # noqa: F401  (registers the training job)
            selectors,
            services,
            views,
        )

        case_received.connect(services.on_case_received, dispatch_uid="insight-read-case")
        panels.register(views.case_panel)
        panels.CASE_LIST.register(
            prepare=selectors.with_insight, attention=selectors.flagged_q, flagged=selectors.is_flagged
        )
        panels.RECEPTION.register(views.suggestion_url)
        HOME.register(views.home_panel)
