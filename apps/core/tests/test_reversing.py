"""fast_reverse gives what Django's reverse gives, for every named URL of the project,
under another script prefix and another URL configuration, and falls back to reverse
for anything but whole numbers; the {% url %} builtin renders as Django's tag."""

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from apps.accounts.matrix import walk
from apps.core.reversing import fast_reverse


def _named_routes():
    return [route for route in walk() if route.name]


def test_every_named_url_reverses_as_django_does():
    checked = 0
    for route in _named_routes():
        for numbers in ([7], [0], [123456789012]):
            values = (numbers * len(route.kwargs))[: len(route.kwargs)]
            kwargs = dict(zip(route.kwargs, values, strict=True))
            try:
                expected = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    fast_reverse(route.name, kwargs=kwargs)
                continue
            assert fast_reverse(route.name, kwargs=kwargs) == expected, route.name
            assert fast_reverse(route.name, args=values) == reverse(route.name, args=values)
            checked += 1
    assert checked > 100  # the project has well over 100 named URLs


def test_numbers_as_text_and_other_values():
    assert fast_reverse("catalog:part_detail", args=["42"]) == reverse(
        "catalog:part_detail", args=["42"]
    )
    for bad in (-1, "4a", "", True, None, "٣"):  # "٣": an Arabic-Indic digit
        with pytest.raises(NoReverseMatch):
            reverse("catalog:part_detail", args=[bad])
        with pytest.raises(NoReverseMatch):
            fast_reverse("catalog:part_detail", args=[bad])
    with pytest.raises(NoReverseMatch):
        fast_reverse("catalog:no_such_name", args=[1])
    with pytest.raises(NoReverseMatch):
        fast_reverse("catalog:part_detail", args=[1, 2])


def test_another_script_prefix_is_not_mixed_up_with_the_first():
    first = fast_reverse("catalog:part_detail", args=[5])
    set_script_prefix("/stockroom/")
    try:
        assert fast_reverse("catalog:part_detail", args=[5]) == "/stockroom" + first
        assert fast_reverse("catalog:part_detail", args=[5]) == reverse(
            "catalog:part_detail", args=[5]
        )
    finally:
        clear_script_prefix()
    assert fast_reverse("catalog:part_detail", args=[5]) == first


@override_settings(ROOT_URLCONF="apps.core.tests.reversing_urls")
def test_a_new_url_configuration_is_read_afresh():
    assert fast_reverse("things:thing", args=[3]) == "/elsewhere/things/3/"
    assert fast_reverse("things:by_code", args=["17"]) == "/elsewhere/code/17/"
    assert fast_reverse("things:by_code", args=["AB-1"]) == "/elsewhere/code/AB-1/"


def test_the_url_tag_renders_as_djangos():
    assert "FastURLNode" in repr(
        engines["django"].from_string("{% url 'catalog:part_list' %}").template.nodelist
    )
    source = (
        "{% url 'catalog:part_detail' part %}|{% url 'catalog:part_detail' pk=part %}|"
        "{% url 'catalog:part_list' %}?q={{ q }}|{% url 'catalog:part_detail' 'x' as missing %}"
        "[{{ missing }}]|{% url name part as link %}{{ link }}"
    )
    context = {"part": 9, "q": "a&b", "name": "inventory:location_detail"}
    ours = engines["django"].from_string(source).render(context)
    djangos = Engine().from_string(source).render(Context(context))  # Django's own tag
    assert (
        ours
        == djangos
        == (
            f"{reverse('catalog:part_detail', args=[9])}|{reverse('catalog:part_detail', args=[9])}|"
            f"{reverse('catalog:part_list')}?q=a&amp;b|[]|{reverse('inventory:location_detail', args=[9])}"
        )
    )
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'catalog:part_detail' 'x' %}").render({})
