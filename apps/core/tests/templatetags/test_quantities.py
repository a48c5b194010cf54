from decimal import Decimal

from apps.core.templatetags.quantities import qty, signed_qty


def test_quantities_are_written_as_people_write_them():
    assert qty(Decimal("100.000")) == "100"  # Decimal.normalize() says "1E+2"
    assert qty(Decimal("12.500")) == "12.5"
    assert qty(Decimal("-0.250")) == "-0.25"
    assert qty(None) == ""
    assert signed_qty(Decimal("5.000")) == "+5"
    assert signed_qty(Decimal("-5.000")) == "-5"
