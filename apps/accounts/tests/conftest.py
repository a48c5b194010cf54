import pytest


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Password hashing at full strength is most of these tests' time otherwise."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
