import pytest

from apps.catalog.models import Category


@pytest.mark.django_db
def test_paths_follow_moves_of_a_subtree():
    tools = Category.objects.create(name="Tools")
    hand = Category.objects.create(name="Hand tools", parent=tools)
    saws = Category.objects.create(name="Saws", parent=hand)
    other = Category.objects.create(name="Garden")
    assert saws.depth == 2 and saws.path.startswith(hand.path)
    hand.parent = other
    hand.save()
    saws.refresh_from_db()
    assert saws.path.startswith(other.path) and saws.depth == 2
    assert set(other.descendants_and_self()) == {other, hand, saws}
    assert list(saws.ancestors()) == [other, hand]
