"""(to be written)"""

urlpatterns: list = []


def panel(request, practice):
    """The part of a registration's page this module adds: ``{"template": …, **context}``, or None."""
    return None
