"""The user's own API tokens: the list, creating one (its secret shown once), revoking."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.api.forms import TokenForm
from apps.api.models import ApiToken
from apps.api.selectors import tokens_of
from apps.api.services.tokens import TokenError, api_token_create, api_token_revoke
from apps.core.access import PUBLIC, permission_required
from apps.core.htmx import is_fragment_request, render_page_or_fragment

TEMPLATE = "api/token_list.html"


def _page(request, *, form=None, new_secret=None, new_token=None, status=200):
    context = {
        "form": form or TokenForm(),
        "tokens": list(tokens_of(request.user)),
        "new_secret": new_secret,
        "new_token": new_token,
        "docs_url": reverse("api:docs"),
    }
    return render_page_or_fragment(request, TEMPLATE, context, fragment="tokens", status=status)


@require_http_methods(["GET", "POST"])
@permission_required(*PUBLIC)
def token_list(request):
    """GET: the list. POST: a new token, whose secret this response shows, once."""
    if request.method == "GET":
        return _page(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            created = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except TokenError as error:
            form.add_error("name" if error.field == "name" else None, error.message)
        else:
            return _page(request, new_secret=created.secret, new_token=created.token, status=201)
    return _page(request, form=form, status=422)


@require_POST
@permission_required(*PUBLIC)
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, user=request.user)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    if is_fragment_request(request):
        response = _page(request)
        return response
    return redirect("api:token_list")
