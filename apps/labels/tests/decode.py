"""A real decoder for the tests: the SVG is drawn to pixels by cairosvg (libcairo2) and
read by zxing-cpp, as a scanner would read the printed label."""

import io

import cairosvg
import zxingcpp
from PIL import Image


def decode_svg(svg: str, *, width: int = 600) -> list[tuple[str, str]]:
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=width, background_color="white")
    image = Image.open(io.BytesIO(png)).convert("L")
    # A white margin around it, as on paper.
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image, (40, 40))
    return [(result.format.name, result.text) for result in zxingcpp.read_barcodes(framed)]
