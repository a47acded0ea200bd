"""The module's addresses, one list per page module (``views/<x>.py`` declares its own ``urlpatterns``)."""

from .views import awards, evaluations, followups, practices, replication, rubrics, showcase

app_name = "emulation"

urlpatterns = [
    *practices.urlpatterns,
    *rubrics.urlpatterns,
    *evaluations.urlpatterns,
    *awards.urlpatterns,
    *followups.urlpatterns,
    *replication.urlpatterns,
    *showcase.urlpatterns,
]
