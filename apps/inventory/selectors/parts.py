"""Catalog parts as inventory finds them: by the SKU or barcode a person types or scans."""

from apps.catalog.models import Part


def part_for_code(code: str) -> Part | None:
    code = (code or "").strip()
    if not code:
        return None
    return (
        Part.objects.filter(sku__iexact=code).first() or Part.objects.filter(barcode=code).first()
    )
