"""(to be written) The registrations: list, registration form, page, steps, evidence."""

from django.urls import path

from . import awards, evaluations, followups, replication

# The modules whose ``panel(request, practice)`` adds a part to a registration's page, in the page's order.
PANELS = (evaluations, awards, followups, replication)

urlpatterns: list = [
    path("", lambda request: None, name="practices"),
]
