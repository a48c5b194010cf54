"""A record's files: the list with its upload form, a download, a delete.

`/attachments/<label>/<pk>/` is a page of its own and, for HTMX, the section the four
detail pages load (the part's Attachments tab; a section on the location, supplier and
order pages). Seeing the files needs the record's view permission, adding and deleting
them its change permission (apps/attachments/kinds.py).
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from apps.attachments import files, kinds, selectors, services
from apps.attachments.forms import AttachmentForm
from apps.attachments.models import Attachment
from apps.core.access import forbidden, permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment
from apps.core.views.media import MEDIA_CSP, media_path

# Shown in the browser: only images (the types the media view also serves inline).
INLINE_TYPES = {"image/png", "image/jpeg", "image/webp"}


def _record(label: str, pk: int):
    model = kinds.model_for(label)
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record.")
    return model, record


def _section(request, *, model, record, form=None, status=200, saved=False):
    label = kinds.label_of(model)
    rows = list(selectors.record_attachments(record))
    for row in rows:
        row.type_label = files.type_label(row.media_type)
        row.can_delete = kinds.may_delete(request.user, row, model)
    context = {
        "record": record,
        "label": label,
        "kind": model._meta.verbose_name,
        "rows": rows,
        "can_change": kinds.may_attach(request.user, model),
        "form": form or AttachmentForm(max_size_label=services.max_size_label()),
        "action": reverse("attachments:record_attachments", args=[label, record.pk]),
        "back_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else None,
        "oob_messages": saved,
    }
    return render_page_or_fragment(
        request, "attachments/attachments.html", context, fragment="attachments", status=status
    )


@require_http_methods(["GET", "POST"])
@permission_required()  # plus the record's view (GET) or change (POST) permission, below
def record_attachments(request, label: str, pk: int):
    model, record = _record(label, pk)
    if not request.user.has_perm(kinds.view_permission(model)):
        return forbidden(request)
    if request.method == "GET":
        return _section(request, model=model, record=record)
    if not kinds.may_attach(request.user, model):
        return forbidden(request)
    form = AttachmentForm(request.POST, request.FILES, max_size_label=services.max_size_label())
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                record=record,
                upload=form.cleaned_data["file"],
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except services.AttachmentError as error:
            form.add_error("file", error.message)
        else:
            message = f"{attachment.name} attached."
            if not is_fragment_request(request):
                return redirect_after_write(request, request.path, message)
            messages.success(request, message)
            return _section(request, model=model, record=record, saved=True)
    return _section(request, model=model, record=record, form=form, status=422)


def _attachment_or_404(pk: int) -> Attachment:
    try:
        return selectors.attachment_get(pk)
    except Attachment.DoesNotExist:
        raise Http404("No such attachment.") from None


@require_GET
@permission_required()  # plus the view permission of the record the file is attached to
def attachment_download(request, pk: int):
    """The file, for whoever may see its record. Images are shown inline, everything else
    is a download; neither is ever run (sandbox CSP, nosniff), as the media view does.

    Behind Nginx (MEDIA_ACCEL_REDIRECT) Nginx sends the file from its internal location
    with these headers; otherwise Django sends it."""
    attachment = _attachment_or_404(pk)
    model = attachment.content_type.model_class()
    if model is None or not request.user.has_perm(kinds.view_permission(model)):
        return forbidden(request)
    full = media_path(attachment.file.name)
    if full is None:
        raise Http404("The file is missing.")
    content_type = attachment.media_type
    inline = content_type in INLINE_TYPES
    if not inline and content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(attachment.file.name)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Security-Policy"] = MEDIA_CSP
        response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=attachment.name
    )
    patch_cache_control(response, private=True, max_age=3600)
    return response


@require_http_methods(["GET", "POST"])
@permission_required()  # plus the change permission of the record the file is attached to
def attachment_delete(request, pk: int):
    """GET: the confirmation page (without JavaScript); POST: delete. From the list, HTMX
    asks to confirm (hx-confirm) and swaps the section afterwards."""
    attachment = _attachment_or_404(pk)
    model = attachment.content_type.model_class()
    if model is None or not kinds.may_delete(request.user, attachment, model):
        return forbidden(request)
    label = kinds.label_of(model)
    section_url = reverse("attachments:record_attachments", args=[label, attachment.object_id])
    if request.method == "GET":
        return render_page_or_fragment(
            request,
            "attachments/confirm_delete.html",
            {"attachment": attachment, "cancel_url": section_url},
            fragment="confirm",
        )
    services.attachment_delete(attachment=attachment)
    message = f"{attachment.name} deleted."
    record = model._default_manager.filter(pk=attachment.object_id).first()
    if not is_fragment_request(request) or record is None:
        return redirect_after_write(request, section_url, message)
    messages.success(request, message)
    return _section(request, model=model, record=record, saved=True)
