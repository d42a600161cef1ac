import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    return _python("manage.py", *args, **env)


def _python(*args, **env):
    """Python in the project, under the production settings and ``env``."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "toolkit_site.settings.production"}
    environment.pop("DJANGO_SECRET_KEY", None)
    # Browser tests allow sync ORM calls in their own process; production never does.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deployment_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="k3y-for-the-deploy-check-" + "x7Qp!z" * 8,
        SITE_URL="https://toolkit.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_emailed_links_follow_the_port_make_run_serves():
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    plan = subprocess.run(
        [shutil.which("make"), "-n", "run", "PORT=8411"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    ).stdout
    serve = next(line for line in plan.splitlines() if "runserver" in line)
    assert serve.startswith("PORT=8411 ") and serve.endswith("127.0.0.1:8411")
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "toolkit_site.settings.local",
            "PORT": "8411",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8411", shown.stderr


def test_production_refuses_to_start_without_a_site_url():
    result = _manage("check", DJANGO_SECRET_KEY="k3y-" + "x7Qp!z" * 8)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_the_database_cache_keeps_as_many_entries_as_configured():
    show = "from django.conf import settings; print(settings.CACHES['default']['OPTIONS'])"
    env = {"DJANGO_SECRET_KEY": "x" * 50, "SITE_URL": "https://toolkit.example.org"}
    default = _manage("shell", "-c", show, REDIS_URL="", **env)
    assert default.returncode == 0, default.stderr
    assert "'MAX_ENTRIES': 5000" in default.stdout
    configured = _manage("shell", "-c", show, REDIS_URL="", CACHE_MAX_ENTRIES="20000", **env)
    assert "'MAX_ENTRIES': 20000" in configured.stdout


def test_the_wsgi_entry_point_loads_the_views_and_freezes_them_out_of_full_collections():
    """gunicorn's workers start with the URLconf and its views loaded and frozen, so that the
    garbage collector's full passes (during some request) do not walk all of them."""
    script = (
        "import gc, sys; import toolkit_site.wsgi; "
        "print(gc.get_freeze_count(), 'dialogues.views' in sys.modules)"
    )
    result = _python(
        "-c",
        script,
        DJANGO_SECRET_KEY="k3y-for-the-wsgi-check-" + "x7Qp!z" * 8,
        SITE_URL="https://toolkit.example.org",
    )
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"
