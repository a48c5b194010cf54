"""The shared cache (Redis) and what the site does without it; sessions in the database."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from apps.core.cache import TolerantRedisCache
from apps.core.response_cache import data_version

ROOT = Path(django_settings.BASE_DIR)


def settings_in_subprocess(env: dict, expression: str) -> str:
    """Evaluates `expression` in project.settings loaded fresh with `env`."""
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    code = f"import project.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_local_memory_cache_by_default_and_sessions_in_the_database():
    assert settings_in_subprocess({}, "s.CACHES['default']['BACKEND']").endswith("LocMemCache")
    assert settings_in_subprocess({}, "s.SESSION_ENGINE") == "django.contrib.sessions.backends.db"


def test_redis_from_cache_url_or_redis_url():
    for name in ("CACHE_URL", "REDIS_URL"):
        backend = settings_in_subprocess(
            {name: "redis://127.0.0.1:6390/0"}, "s.CACHES['default']['BACKEND']"
        )
        assert backend == "apps.core.cache.TolerantRedisCache"
    # Sessions stay in the database even with a shared cache.
    engine = settings_in_subprocess({"CACHE_URL": "redis://127.0.0.1:6390/0"}, "s.SESSION_ENGINE")
    assert engine == "django.contrib.sessions.backends.db"


def test_an_unknown_cache_url_is_refused():
    with pytest.raises(subprocess.CalledProcessError):
        settings_in_subprocess({"CACHE_URL": "memcached://x"}, "1")


# --- against a private redis-server ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def make_cache(port: int) -> TolerantRedisCache:
    return TolerantRedisCache(
        f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "t", "OPTIONS": {"down_seconds": 0.2}}
    )


def test_redis_down_reads_as_misses_and_writes_are_dropped(redis_server):
    cache = make_cache(redis_server.port)
    cache.set("page", {"body": b"x"})
    cache.set("counter", 1, None)
    assert cache.get("page") == {"body": b"x"}
    assert cache.incr("counter") == 2

    redis_server.stop()
    assert cache.get("page", "default") == "default"
    assert cache.set("page", "new") is False
    assert cache.incr("counter") == 1  # the delta: nothing raised
    assert cache.get_many(["page", "counter"]) == {}
    assert cache.delete("page") is False

    redis_server.start()  # empty, as a restarted cache is
    time.sleep(0.3)  # past down_seconds: the next call tries Redis again
    cache.set("after", "ok")
    assert cache.get("after") == "ok"


def test_after_an_outage_with_lost_writes_the_cache_is_cleared(redis_server):
    """A counter bumped while Redis was unreachable must not come back with its old value."""
    cache = make_cache(redis_server.port)
    cache.set("location-version", 7, None)
    # Unreachable for this process only (the server keeps its data): a wrong port.
    cache._cache._pools.clear()
    cache._cache._servers = [f"redis://127.0.0.1:{free_port()}/0"]
    cache.incr("location-version")  # lost
    cache._cache._pools.clear()
    cache._cache._servers = [f"redis://127.0.0.1:{redis_server.port}/0"]
    time.sleep(0.3)
    assert cache.get("location-version") is None  # cleared, not the stale 7


@pytest.fixture
def dead_redis_cache(settings, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    settings.RESPONSE_CACHE = True
    settings.ROOT_URLCONF = "apps.core.tests.shared_state_urls"
    yield caches["default"]


def test_pages_answer_without_redis(dead_redis_cache, make_user):
    assert data_version() is not None
    client = Client()
    client.force_login(make_user("ana", role="viewer"))
    for _ in range(3):
        response = client.get("/cached/")
        assert response.status_code == 200
        assert response.content == b"page for ana"


def test_database_limits_from_the_environment():
    env = {
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "DB_LOCK_TIMEOUT": "5s",
        "DB_STATEMENT_TIMEOUT": "15000",
    }
    options = settings_in_subprocess(env, "s.DATABASES['default']['OPTIONS']['options']")
    assert options == "-c jit=off -c lock_timeout=5s -c statement_timeout=15000"
    # Off unless set (manage.py commands: migrations, seeding and backups run long).
    options = settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@127.0.0.1:5432/x"},
        "s.DATABASES['default']['OPTIONS']['options']",
    )
    assert options == "-c jit=off"
    with pytest.raises(subprocess.CalledProcessError):
        settings_in_subprocess({**env, "DB_LOCK_TIMEOUT": "5; drop"}, "1")


def test_the_web_process_turns_the_database_limits_on():
    code = "s.DATABASES['default']['OPTIONS']['options'], s.REQUEST_DEADLINE"
    env = {
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "DJANGO_SETTINGS_MODULE": "project.settings",
    }
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DB_") and k != "REQUEST_DEADLINE"
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import project.wsgi, project.settings as s; print({code})"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "lock_timeout=5s" in result.stdout and "statement_timeout=15s" in result.stdout
    assert "25.0" in result.stdout
