from django.conf import settings


def site(request):
    """What every page needs: the languages for the switcher and the user's communities for navigation."""
    user = getattr(request, "user", None)
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "user_is_verified": bool(user and user.is_authenticated and user.resident_id),
    }
