"""The notices page: the user's own preferences and what was sent to them (managers:
to everyone), "send now" and a preview of today's emails for managers."""

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import PUBLIC, permission_required
from apps.core.exports import FORMATS, export_response
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment
from apps.core.listing import offset_page, ordering_for, parse_list_params
from apps.notices import selectors
from apps.notices.forms import PreferenceForm
from apps.notices.services.preferences import notice_preference_save
from apps.notices.services.sending import low_stock_message, overdue_message
from apps.notices.tasks import send_notices_now

MANAGE = "notices.manage_notices"
SENT_SORTS = {"sent": "sent_at", "kind": "kind", "day": "day"}


def _initial(preference) -> dict:
    return {
        "low_stock": preference.low_stock,
        "overdue_orders": preference.overdue_orders,
        "categories": list(preference.categories.all()) if preference.pk else [],
    }


@require_http_methods(["GET", "POST"])
@permission_required(*PUBLIC)
def notice_list(request):
    user = request.user
    may_manage = user.has_perm(MANAGE)
    everyone = may_manage and request.GET.get("who") == "all"
    if request.method == "POST":
        form = PreferenceForm(request.POST, user=user)
        if form.is_valid():
            notice_preference_save(
                user=user,
                low_stock=form.cleaned_data["low_stock"],
                overdue_orders=form.cleaned_data["overdue_orders"],
                categories=form.cleaned_data["categories"],
            )
            return redirect_after_write(
                request, reverse("notices:notice_list"), "Your notice settings are saved."
            )
        status, fragment = 422, "preferences"
    else:
        form = PreferenceForm(initial=_initial(selectors.preference_for(user)), user=user)
        status, fragment = 200, "sent"
    listing = offset_page(
        request,
        selectors.sent_notices(user=None if everyone else user),
        sorts=SENT_SORTS,
        default_sort="-sent",
    )
    context = {
        "form": form,
        "listing": listing,
        "everyone": everyone,
        "may_manage": may_manage,
        "has_email": bool(user.email),
        "send_at": selectors.send_at_text(),
    }
    return render_page_or_fragment(
        request, "notices/notice_list.html", context, fragment=fragment, status=status
    )


@require_GET
@permission_required(*PUBLIC)
def notice_export(request):
    """The notices the page lists (sent to me; `who=all`: to everyone, for managers), in
    its sort, as a file."""
    file_format = request.GET.get("format") or "csv"
    if file_format not in FORMATS:
        raise BadRequest("Choose csv or xlsx.")
    everyone = request.user.has_perm(MANAGE) and request.GET.get("who") == "all"
    sort = parse_list_params(request)["sort"] or "-sent"
    notices = selectors.sent_notices(user=None if everyone else request.user).order_by(
        *ordering_for(sort, SENT_SORTS)
    )

    def rows():
        yield ["Sent", "Notice", "Day", "To", "Email", "Subject", "Items"]
        for notice in notices.iterator(chunk_size=2000):
            yield [
                notice.sent_at,
                notice.get_kind_display(),
                notice.day,
                notice.user.get_username(),
                notice.email,
                notice.subject,
                notice.item_count,
            ]

    return export_response(rows(), filename="notices", file_format=file_format)


@require_POST
@permission_required(MANAGE)
def notice_send_now(request):
    """Today's notices not sent yet, queued for the worker now."""
    result = send_notices_now.enqueue()
    if result.is_finished and result.return_value is not None:
        text = f"Today's notices: {result.return_value}."
    else:
        text = "Today's notices are being sent by the worker; each goes once a day at most."
    return redirect_after_write(request, reverse("notices:notice_list") + "?who=all", text)


@require_GET
@permission_required(MANAGE)
def notice_preview(request):
    """Today's emails as the signed-in manager would get them (all categories when they
    chose none), sent to nobody."""
    preference = selectors.preference_for(request.user)
    categories = list(preference.categories.all()) if preference.pk else []
    today = timezone.localdate()
    messages = [
        ("Low-stock digest", low_stock_message(request.user, day=today, categories=categories)),
        ("Overdue orders", overdue_message(request.user, day=today)),
    ]
    template = "notices/notice_preview.html"
    if is_fragment_request(request):
        template += "#previews"
    return render(request, template, {"messages_": messages, "day": today})
