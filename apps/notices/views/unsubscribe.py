"""The unsubscribe link of every notice email: works without signing in (the signed
token names the user), asks for one click (a POST: mail scanners that follow links
change nothing), and a second click is harmless."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.notices.services.preferences import notices_unsubscribe, unsubscribe_user_id


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id = unsubscribe_user_id(token)
    if user_id is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    context = {"token": token}
    if request.method == "POST":
        context["done"] = True
        context["changed"] = notices_unsubscribe(user_id=user_id)
    return render(request, "notices/unsubscribe.html", context)
