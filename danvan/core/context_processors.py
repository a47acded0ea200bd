from django.conf import settings


def site(request):
    context = {"SITE_NAME": settings.DANVAN_SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .models import Notification

        # Counted once per request: panels rendered inside a page run the context processors again.
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = Notification.objects.filter(user=user, read_at__isnull=True).count()
        context["UNREAD_NOTIFICATIONS"] = request._unread_notifications
    return context
