"""manage.py check_stock: silent success when the books balance, non-zero exit when not."""

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockItem
from apps.inventory.services.stock import stock_receive
from apps.inventory.tests.factories import make_location

pytestmark = pytest.mark.django_db


def test_check_stock_passes_then_reports_each_mismatch(capsys):
    part = make_part(unit="m")  # 4.5 m
    item = stock_receive(
        part=part, location=make_location(), quantity=Decimal("4.5"), user=None
    ).stock_item
    call_command("check_stock")
    assert "matches the ledger" in capsys.readouterr().out

    StockItem.objects.filter(pk=item.pk).update(
        quantity=Decimal(5)
    )  # changed behind the ledger's back
    with pytest.raises(CommandError, match="2 mismatch"):
        call_command("check_stock")
    out = capsys.readouterr().out
    assert re.search(rf"stock record {item.pk}: recorded 5\.000, ledger says 4\.50*\n", out)
    assert f"part {part.pk}: recorded 4.500" in out
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=Decimal(5))
    with pytest.raises(CommandError, match="1 mismatch"):
        call_command("check_stock")


def test_check_stock_exit_status():
    """Through the real command line: exit status 1 on a mismatch."""
    part = make_part()
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=Decimal(3))
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "check_stock"])
    assert exit_info.value.code == 1
