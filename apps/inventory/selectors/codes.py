"""What a scanned code names: a part, a location, or a part's batch.

The code formats (docs/labels.md), the same for QR and Code 128:
- a part: its barcode if it has one, else its SKU;
- a location: its code;
- a batch (stock of a part kept per batch/lot): ``SKU|BATCH``, the part's SKU and the
  batch joined by a vertical bar. A SKU may itself hold a bar: every split is tried
  against the SKUs in one query.
A plain SKU, barcode or location code is tried first, so ``A|B`` is the part whose SKU
is ``A|B`` when there is one.
"""

from dataclasses import dataclass

from django.db.models.functions import Lower

from apps.catalog.models import Part
from apps.inventory.models import Location
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.parts import part_for_code

BATCH_SEPARATOR = "|"
# Longest code a scan accepts: a SKU (64), the bar and a batch (64).
CODE_MAX_LENGTH = 129


@dataclass(frozen=True)
class ScannedCode:
    part: Part | None = None
    location: Location | None = None
    batch: str = ""


def part_code(part: Part) -> str:
    return part.barcode or part.sku


def location_code(location: Location) -> str:
    return location.code


def batch_code(*, sku: str, batch: str) -> str:
    return f"{sku}{BATCH_SEPARATOR}{batch}" if batch else sku


def code_resolve(code: str) -> ScannedCode | None:
    """The record a scanned code names, or None. At most four queries."""
    code = (code or "").strip()[:CODE_MAX_LENGTH]
    if not code:
        return None
    part = part_for_code(code)
    if part is not None:
        return ScannedCode(part=part)
    location = location_for_code(code)
    if location is not None:
        return ScannedCode(location=location)
    if BATCH_SEPARATOR not in code:
        return None
    splits = {}
    for at, char in enumerate(code):
        if char == BATCH_SEPARATOR and 0 < at < len(code) - 1:
            splits[code[:at].lower()] = code[at + 1 :]
    if not splits:
        return None
    by_sku = {
        p.sku.lower(): p
        for p in Part.objects.annotate(sku_lower=Lower("sku")).filter(sku_lower__in=list(splits))
    }
    # The longest SKU that matches wins (a SKU holding a bar beats its prefix).
    for sku in sorted(splits, key=len, reverse=True):
        if sku in by_sku:
            return ScannedCode(part=by_sku[sku], batch=splits[sku])
    return None
