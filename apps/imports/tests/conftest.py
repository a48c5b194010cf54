import pytest


@pytest.fixture(autouse=True)
def import_files(settings, tmp_path):
    """Uploaded files of a test go to its own folder."""
    settings.IMPORT_FILES_ROOT = tmp_path / "imports"
    return settings.IMPORT_FILES_ROOT
