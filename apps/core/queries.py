"""Query pieces several apps build the same way."""

from django.db.models import Aggregate, Field, Manager, OuterRef, QuerySet, Subquery


def per_outer_row(
    rows: QuerySet | Manager,
    *,
    per: str,
    value: Aggregate,
    output_field: Field | None = None,
    **filters,
) -> Subquery:
    """`value` (an aggregate: `Sum("quantity")`, `Count("pk")`) over the `rows` that belong
    to the outer query's row (`per` is their foreign key to it), as a correlated subquery:
    a part's stock, an order's total, a supplier's open orders. None where no row belongs:
    wrap it in Coalesce for a 0."""
    return Subquery(
        rows.filter(**{per: OuterRef("pk")}, **filters)
        .order_by()
        .values(per)
        .annotate(total=value)
        .values("total"),
        output_field=output_field,
    )
