import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT
