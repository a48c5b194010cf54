"""The kinds of record files may be attached to, and who may do what with them.

Named by label, like the audit app's tracked models: this app sits below catalog,
inventory and purchasing (it imports none of them), and their detail pages link to its
URLs by name (`attachments:record_attachments` with the record's label and pk).

Who may see a record's files: whoever may see the record (its view permission).
Who may add and delete them: whoever may edit the record (its change permission):
parts and locations → managers and admins; suppliers and orders → purchasers, managers
and admins (apps/accounts/roles.py). On an order, whoever receives its deliveries
(clerks too) may also attach files, the delivery note being one, and delete their own.
"""

from django.apps import apps
from django.db import models
from django.http import Http404

LABELS = (
    "catalog.part",
    "inventory.location",
    "purchasing.supplier",
    "purchasing.purchaseorder",
)


def model_for(label: str) -> type[models.Model]:
    """The model a label names; 404 for anything that takes no attachments."""
    if label not in LABELS:
        raise Http404("Files cannot be attached to this kind of record.")
    return apps.get_model(label)


def label_of(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def view_permission(model) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def change_permission(model) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


# Permissions besides the change permission that let a user attach files to a record.
ATTACH_ALSO = {"purchasing.purchaseorder": "purchasing.receive_purchaseorder"}


def may_attach(user, model) -> bool:
    also = ATTACH_ALSO.get(label_of(model))
    return user.has_perm(change_permission(model)) or bool(also and user.has_perm(also))


def may_delete(user, attachment, model) -> bool:
    """The record's editors; a user who may only attach, their own files."""
    if user.has_perm(change_permission(model)):
        return True
    return attachment.uploaded_by_id == user.pk and may_attach(user, model)


def attachable_models() -> list[type[models.Model]]:
    found = []
    for label in LABELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found
