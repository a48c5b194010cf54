"""The camera scan page (docs/floor.md): the phone's camera reads QR and Code 128 codes
(the browser's BarcodeDetector where it exists, else the vendored @zxing/library) and a
keyboard-wedge scanner types into the same page; either way the code goes to the scan
endpoint (`/scan/?code=…&to=floor`).

The camera is allowed by Permissions-Policy on this page alone (`camera=(self)`; every
other page keeps `camera=()`). The Content-Security-Policy is the site's, unchanged: the
fallback decoder is plain JavaScript from our own static files (no eval, no WebAssembly,
no worker), so it needs nothing more than `script-src 'self'`.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.access import permission_required

CAMERA_POLICY = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


@require_GET
@permission_required("inventory.move_stock")
def floor_camera(request):
    response = render(request, "floor/camera.html")
    # Set here; the security middleware only fills in headers a view left unset.
    response["Permissions-Policy"] = CAMERA_POLICY
    return response
