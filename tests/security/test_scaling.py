"""Several app servers behind a load balancer share sessions, cache and rate-limit counters."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3y-for-the-scaling-tests-" + "x7Qp!z" * 8


def production_settings(monkeypatch, **env):
    monkeypatch.setenv("DJANGO_SECRET_KEY", SECRET)
    monkeypatch.setenv("SITE_URL", "https://toolkit.example.org")
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # base.py reads REDIS_URL when imported: import it afresh (the original comes back after).
    monkeypatch.delitem(sys.modules, "toolkit_site.settings.base")
    production = runpy.run_module("toolkit_site.settings.production")
    return vars(sys.modules["toolkit_site.settings.base"]), production


def test_without_redis_production_keeps_cache_and_sessions_in_the_database(monkeypatch):
    _base, settings = production_settings(monkeypatch)
    assert settings["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")
    assert settings["SESSION_ENGINE"] == "toolkit_site.sessions"


def test_with_redis_url_cache_and_sessions_are_shared_through_redis(monkeypatch):
    base, settings = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/0")
    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    # Sessions survive a Redis restart: written to the database, read through the cache.
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert base["CACHES"] == settings["CACHES"]


def _run(code, env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_two_processes_share_a_login_session_and_rate_limit_counters(tmp_path):
    """What one app server writes, another one reads: no per-process memory."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toolkit_site.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "SITE_URL": "https://toolkit.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
    first = _run(
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.core.cache import cache;"
        "cache.set('allauth:rl:login:203.0.113.9', [1.0, 2.0], 60);"
        "s = SessionStore(); s['_auth_user_id'] = '42'; s.create(); print(s.session_key)",
        env,
    )
    second = _run(
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.core.cache import cache;"
        f"print(SessionStore('{first}').get('_auth_user_id'),"
        " len(cache.get('allauth:rl:login:203.0.113.9') or []))",
        env,
    )
    assert second == "42 2"


def test_the_redis_cache_keeps_one_client_per_connection_pool():
    """Django's backend wraps its pool in a new client on every call; ours keeps one (built
    without connecting: redis-py connects on the first command)."""
    from toolkit_site.cache import RedisCache

    cache = RedisCache("redis://cache.internal:6379/0", {})
    client = cache._cache.get_client("a-key")
    assert cache._cache.get_client("another-key") is client
    assert cache._cache.get_client("a-key", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
