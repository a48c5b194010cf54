"""Scannable codes drawn on the server as SVG: QR (segno, the default) or Code 128
(python-barcode encodes, this module draws the bars).

The SVG is meant to be inlined in a page under the strict CSP: presentation attributes
only (fill, stroke), no ``style`` attribute, no script. Sizes come from the caller's CSS:
the SVG has a viewBox and no width/height of its own, and keeps its aspect ratio.
What a code says (the payload) is decided in apps/inventory/selectors/codes.py, which the
scan endpoint also reads.
"""

from html import escape

import barcode
import segno

from apps.core.errors import DomainError
from apps.inventory.selectors.codes import batch_code, location_code, part_code

QR = "qr"
CODE128 = "code128"
SYMBOLOGIES = {QR: "QR code", CODE128: "Code 128"}
# Code 128 quiet zone (modules) each side: at least 10 by the standard.
CODE128_QUIET = 10
QR_BORDER = 2  # modules; the label's margin adds to it


class CodeError(DomainError):
    """A payload the symbology cannot carry (Code 128: ASCII only)."""


def code_svg(payload: str, *, symbology: str = QR, title: str = "") -> str:
    """An inline <svg> carrying `payload`."""
    if not payload:
        raise CodeError("Nothing to encode.")
    label = escape(title or payload)
    if symbology == CODE128:
        return _code128_svg(payload, label)
    qr = segno.make(payload, error="m", micro=False)
    width, _ = qr.symbol_size(scale=1, border=QR_BORDER)
    paths = []
    for y, row in enumerate(qr.matrix_iter(scale=1, border=QR_BORDER)):
        x = 0
        while x < width:
            if row[x]:
                run = x
                while run < width and row[run]:
                    run += 1
                paths.append(f"M{x} {y}h{run - x}v1h-{run - x}z")
                x = run
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {width}" '
        f'class="code code-qr" role="img" aria-label="QR code {label}" '
        f'shape-rendering="crispEdges"><rect width="{width}" height="{width}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(paths)}"/></svg>'
    )


def _code128_svg(payload: str, label: str) -> str:
    try:
        payload.encode("ascii")
    except UnicodeEncodeError as error:
        raise CodeError("Code 128 carries ASCII only; use a QR code.") from error
    modules = barcode.get("code128", payload).build()[0]
    width = len(modules) + 2 * CODE128_QUIET
    height = max(12, round(width * 0.25))
    bars = []
    x = 0
    while x < len(modules):
        if modules[x] == "1":
            run = x
            while run < len(modules) and modules[run] == "1":
                run += 1
            bars.append(f"M{x + CODE128_QUIET} 0h{run - x}v{height}h-{run - x}z")
            x = run
        else:
            x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="code code-128" role="img" aria-label="Code 128 {label}" '
        f'preserveAspectRatio="none" shape-rendering="crispEdges">'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(bars)}"/></svg>'
    )


def payload_for(record) -> str:
    """The code of a part, a location or a stock record (batch: ``SKU|BATCH``)."""
    kind = record._meta.model_name
    if kind == "part":
        return part_code(record)
    if kind == "location":
        return location_code(record)
    if kind == "stockitem":
        if record.batch:
            return batch_code(sku=record.part.sku, batch=record.batch)
        return part_code(record.part)
    raise TypeError(f"No code for {kind}.")
