from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.DANVAN_SITE_NAME}
