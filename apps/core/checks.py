"""System checks of the deployment settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links in emails need the site's address; without it they would come from the
    request's Host header, which the client chooses."""
    if getattr(settings, "SITE_URL", ""):
        return []
    return [
        Warning(
            "SITE_URL is not set: password-reset links cannot name the site.",
            hint="Set SITE_URL, e.g. https://stock.example.com (or a plain ALLOWED_HOSTS name).",
            id="core.W001",
        )
    ]
