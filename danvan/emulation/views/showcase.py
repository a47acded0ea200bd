"""The public showcase (no login): recognised models their unit did not withhold, searchable without diacritics,
by field and by place, so that other communes can learn from them. What it shows is decided by
``selectors.showcase``; anything else (a model not recognised, withheld, a photo not published) is a 404."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from danvan.core.text import xml_safe
from danvan.units.choices import UnitKind

from .. import selectors
from ..choices import Field
from ..selectors import showcase as showcase_selectors
from .practices import file_response

PAGE_SIZE = 20


def showcase(request):
    get = request.GET
    province = showcase_selectors.place(get.get("province"), UnitKind.PROVINCE)
    commune = showcase_selectors.place(get.get("commune"), UnitKind.COMMUNE) if province else None
    if commune is not None and not commune.path.startswith(province.path):
        commune = None
    filters = {
        "q": xml_safe(get.get("q", "")).strip()[:100],  # no NUL (PostgreSQL refuses it) nor other controls
        "field": get.get("field", "") if get.get("field") in Field.values else "",
        "province": province.pk if province else "",
        "commune": commune.pk if commune else "",
    }
    rows = selectors.showcase_practices(q=filters["q"], field=filters["field"], place=commune or province)
    page = Paginator(rows, PAGE_SIZE).get_page(get.get("page"))
    showcase_selectors.attach_places(list(page.object_list))
    context = {
        "page": page, "filters": filters, "fields": Field.choices, "provinces": showcase_selectors.provinces(),
        "communes": showcase_selectors.communes(province),
        "query": urlencode({k: v for k, v in filters.items() if v}),
    }  # fmt: skip
    return render(request, "emulation/showcase.html", context)


def showcase_practice(request, pk):
    practice = selectors.showcase_practice(pk)
    if practice is None:
        raise Http404
    # A unit's people are offered to copy it at home; the page itself is the same for everyone.
    can_replicate = request.user.is_authenticated and selectors.replicates_anywhere(request.user)
    return render(request, "emulation/showcase_practice.html", {"practice": practice, "can_replicate": can_replicate})


def showcase_photo(request, pk):
    """A photo published with a model on the showcase; anything else is a 404."""
    photo = selectors.public_photo(pk)
    if photo is None:
        raise Http404
    return file_response(photo, f"dvk-anh-{photo.pk}")


urlpatterns: list = [
    path("cong-khai/", showcase, name="showcase"),
    path("cong-khai/<int:pk>/", showcase_practice, name="showcase_practice"),
    path("cong-khai/anh/<int:pk>/", showcase_photo, name="showcase_photo"),
]
