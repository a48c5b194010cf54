import pytest

from apps.floor.tests.factories import make_floor, make_tool_shelf


@pytest.fixture
def tools(make_user):
    return make_tool_shelf(make_user)


@pytest.fixture
def floor(db):
    return make_floor()
