from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class LanguageMiddleware:
    """Vietnamese unless the person chose another language with the selector.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    office computer set up in English would show English pages. Here only the
    language cookie written by the selector (``set_language``) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response the application renders.

    Nearly every page shows personal data (cases and their petitioners, cadres, accounts; the public
    receipt and status pages): neither the browser nor a proxy may keep a copy, and the back button
    after signing out must not show one. Static files are answered by WhiteNoise before this runs and
    keep their long cache. A view that sets its own ``Cache-Control`` keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
