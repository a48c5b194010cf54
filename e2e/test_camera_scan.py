"""The camera scan page at 390 × 844: Chromium's fake camera plays a video of a part's QR
code (a .y4m made here with segno), the page decodes it and lands on the floor screen
of that part; the page alone allows the camera, and its CSP is the site's.

Desktop Chromium on Linux has no BarcodeDetector, so this exercises the vendored
@zxing/library fallback (the page says which decoder it used)."""

import os

import pytest
import segno
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.labels.codes import payload_for

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)
PHONE = {"width": 390, "height": 844}
WIDTH, HEIGHT = 640, 480


def write_y4m(path, payload: str, frames: int = 10) -> None:
    """A few frames of a QR code, 4:2:0 Y4M (what --use-file-for-fake-video-capture plays)."""
    qr = segno.make(payload, error="m", micro=False)
    modules = qr.symbol_size(scale=1, border=4)[0]
    scale = (HEIGHT - 40) // modules
    code = Image.new("L", (modules * scale, modules * scale), 255)
    for y, row in enumerate(qr.matrix_iter(scale=1, border=4)):
        for x, dark in enumerate(row):
            if dark:
                code.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def camera_phone(browser_type, browser_type_launch_args, tmp_path):
    part = Part.objects.create(
        sku="CAM-1", name="Camera-scanned part", category=Category.objects.create(name="Cam")
    )
    video = tmp_path / "qr.y4m"
    write_y4m(video, payload_for(part))
    args = [
        *browser_type_launch_args.get("args", []),
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(20_000)
    yield part, context.new_page()
    context.close()
    browser.close()


def test_the_camera_reads_a_part_and_opens_its_floor_screen(site, camera_phone):
    part, page = camera_phone
    site.sign_in(page, username="clerk")
    # Which decoder the page can use, kept across the navigation the scan makes.
    page.add_init_script(
        "sessionStorage.setItem('nativeDetector', String('BarcodeDetector' in window))"
    )
    response = page.goto(site.url + reverse("floor:camera"))
    assert "camera=(self)" in response.headers["permissions-policy"]
    csp = response.headers["content-security-policy"]
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp.split("script-src")[1]
    # The page starts the camera itself, decodes a frame and submits the scan form.
    page.wait_for_url(f"**{reverse('floor:part', args=[part.pk])}*")
    expect(page.get_by_role("heading", name="CAM-1")).to_be_visible()
    decoder = (
        "BarcodeDetector" if page.evaluate("sessionStorage.nativeDetector") == "true" else "zxing"
    )
    print(f"\ncamera scan decoded by {decoder}")
    # Every other page keeps the camera off.
    other = page.goto(site.url + reverse("floor:home"))
    assert "camera=()" in other.headers["permissions-policy"]


def test_a_keyboard_wedge_works_on_the_camera_page(site, page):
    Part.objects.create(sku="WEDGE-1", name="Wedge", category=Category.objects.create(name="W"))
    page.set_viewport_size(PHONE)
    site.sign_in(page, username="clerk")
    page.goto(site.url + reverse("floor:camera"))
    box = page.get_by_role("searchbox", name="Scan a code")
    expect(box).to_be_focused()
    page.keyboard.type("WEDGE-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="WEDGE-1")).to_be_visible()
