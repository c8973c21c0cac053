"""The public shell: home, community directory and page, open-data index, health check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from auyl.core.permissions import can
from auyl.territory import selectors
from auyl.territory.models import Community
from auyl.web.navigation import community_sections


@require_GET
def home(request):
    return render(request, "web/home.html", {
        "featured": selectors.communities(active_only=True)[:12],
        "oblasts": selectors.oblasts(),
    })


@require_GET
def communities(request):
    search = request.GET.get("q", "").strip()[:100]
    within = request.GET.get("in", "").strip()[:9]
    if within and not within.isdigit():
        within = ""
    page = Paginator(selectors.communities(search=search, within=within), 50).get_page(request.GET.get("page"))
    return render(request, "web/communities.html", {"page": page, "q": search, "within": within,
                                                     "oblasts": selectors.oblasts()})


@require_GET
def community(request, code: str):
    try:
        item = selectors.community_by_code(code)
    except Community.DoesNotExist:
        raise Http404 from None
    sections = []
    for section in community_sections():
        if section.officials_only and not can(request.user, "change", item):
            continue
        try:
            sections.append((section.title, reverse(section.url_name, kwargs={"code": code})))
        except NoReverseMatch:
            continue
    return render(request, "web/community.html", {
        "community": item,
        "settlements": selectors.settlements_of(item),
        "sections": sections,
    })


@require_GET
def open_data(request):
    return render(request, "web/open_data.html")


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 otherwise. No personal data, no auth."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
