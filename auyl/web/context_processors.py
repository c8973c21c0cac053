from django.conf import settings


def site(request):
    """What every page needs: the languages for the switcher and the user's communities for navigation."""
    user = getattr(request, "user", None)
    from django.urls import NoReverseMatch, reverse

    from auyl.web.navigation import nav_links_for

    links = []
    for link in nav_links_for(user) if user is not None else []:
        try:
            links.append((link.title, reverse(link.url_name)))
        except NoReverseMatch:
            continue
    return {
        "NAV_LINKS": links,
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "user_is_verified": bool(user and user.is_authenticated and user.resident_id),
    }
