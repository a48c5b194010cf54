"""The catalog's models."""

from django.urls import reverse

from apps.catalog.tests.factories import make_part


def test_a_part_links_to_its_page(db):
    part = make_part("A-1")
    assert part.get_absolute_url() == reverse("catalog:part_detail", args=[part.pk])
