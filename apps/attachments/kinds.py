"""The kinds of record files may be attached to, and who may do what with them.

Named by label, like the audit app's tracked models: this app sits below catalog,
inventory and purchasing (it imports none of them), and their detail pages link to its
URLs by name (`attachments:record_attachments` with the record's label and pk).

Who may see a record's files: whoever may see the record (its view permission).
Who may add and delete them: whoever may edit the record (its change permission):
parts and locations → managers and admins; suppliers and orders → purchasers, managers
and admins (apps/accounts/roles.py).
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


def attachable_models() -> list[type[models.Model]]:
    found = []
    for label in LABELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found
