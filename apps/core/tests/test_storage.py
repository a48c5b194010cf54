"""Issue 12, item 24: upload names normalised so every stored file can be served."""

import pytest

from apps.core.storage import safe_upload_name


@pytest.mark.parametrize(
    "name,stored",
    [
        (".hidden.png", "hidden.png"),
        (".png", "upload.png"),
        ("..png", "upload.png"),
        ("my photo.JPG", "my_photo.jpg"),
        ("___x.gif", "x.gif"),
        ("a.b.c.PNG", "a.b.c.png"),
        ("../../etc/passwd", "passwd"),
        ("normal.webp", "normal.webp"),
    ],
)
def test_issue12_item24_upload_names_are_normalised(name, stored):
    assert safe_upload_name(name) == stored
