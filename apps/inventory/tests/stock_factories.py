"""Builders for the stock-work tests: parts, locations and users (stock comes from services)."""

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.catalog.models import Category, Part
from apps.inventory.models import Location

_numbers = itertools.count(1)


def make_category() -> Category:
    return Category.objects.create(name=f"Stock category {next(_numbers)}")


def make_part(sku=None, **fields) -> Part:
    number = next(_numbers)
    fields.setdefault("name", f"Stock part {number}")
    fields.setdefault("category", make_category())
    return Part.objects.create(sku=sku or f"SW-{number:05d}", **fields)


def make_location(code=None, parent=None, **fields) -> Location:
    code = code or f"L{next(_numbers)}"
    return Location.objects.create(code=code, name=fields.pop("name", f"Place {code}"), parent=parent, **fields)


def make_user(username=None, role=None):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_numbers)}", password="a-long-test-password"
    )
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
        user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    return user


def D(value) -> Decimal:
    return Decimal(str(value))
