from django.conf import settings


def site(request):
    context = {"SITE_NAME": settings.DANVAN_SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .models import Notification

        context["UNREAD_NOTIFICATIONS"] = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return context
