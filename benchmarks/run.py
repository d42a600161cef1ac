"""`make bench`: how fast the site is with a large organisation, on the production stack.

1. Creates the PostgreSQL database if missing (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/bench), migrates, loads the toolkit and checklists and
   seeds a large organisation once (benchmarks/seed.py; --reseed starts from an empty database).
2. Counts the SQL queries of each main page, on a small dialogue and on the large one.
3. Measures exports (CSV, XLSX, whole-dialogue JSON) of 2,000 and 20,000 stakeholders — time
   and peak Python memory —, an import of 2,000 rows and the toolkit's full-text search.
   Times each workspace page cold (the first view after a real change) with its queries then,
   and new search queries of several kinds in each language.
4. Starts gunicorn with the production settings (plus a benchmark-only ceiling view) and loads
   each page with wrk (or a small Python load generator when wrk is missing) at 1, 8 and 32
   concurrent clients: latency p50/p95/p99 and throughput, and throughput as a share of the
   ceiling's; toolkit pages anonymous and signed in. Then 8 signed-in clients read workspace
   pages, alone and with 10 % writes (benchmarks/workspace.py).

Prints a table and writes everything to var/bench.json. Environment: BENCH_DURATION (seconds
per measurement, default 5), BENCH_WORKERS (gunicorn workers, default 3), BENCH_PORT, REDIS_URL
(use Redis for cache and sessions instead of the database).
"""

import argparse
import io
import json
import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.data import data_measurements  # noqa: E402 (after the path above)
from benchmarks.load import (  # noqa: E402
    Gunicorn,
    ensure_wrk,
    free_port,
    load_python,
    load_wrk,
    warm,
)
from benchmarks.report import TARGET_CONCURRENCY, print_table, targets  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
CONCURRENCY = (1, 8, 32)
OUTPUT = ROOT / "var" / "bench.json"


def configure_environment():
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ.setdefault("SITE_URL", "http://127.0.0.1")
    os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("TRUSTED_PROXY_COUNT", "0")  # no proxy in front of gunicorn here


def ensure_database(url, *, reseed):
    """Create the database if missing (drop it first with --reseed)."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        if reseed:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    connection.close()


def prepare():
    import django
    from django.core.management import call_command

    django.setup()
    from benchmarks import seed

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_toolkit", verbosity=0, stdout=io.StringIO())
    call_command("load_checklists", verbosity=0, stdout=io.StringIO())
    if not seed.is_seeded():
        print("seeding the large organisation (takes a minute)…")
        started = time.perf_counter()
        seed.seed()
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    # Every run starts from an empty cache. What earlier runs left (parts kept under older
    # releases and revisions) would fill the database cache towards its MAX_ENTRIES, and a
    # part stored in the middle of a measurement would then also cull it: queries that are
    # the cache's upkeep, not the page's.
    from django.core.cache import cache
    from django.db import connection

    cache.clear()
    # Fresh planner statistics and no dead rows, as autovacuum keeps them on a running site
    # (a database for tests may run without it): without statistics PostgreSQL plans for
    # empty tables, and the rows of earlier runs' cache would weigh on this one's.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- Pages ----------------------------------------------------------------------------------


def pages(objects):
    """The main page types: (name, group, path on the large data, path on the small data)."""
    from django.db.models import Count
    from django.urls import reverse

    from content.models import Chapter, Part, Tool

    def workspace(name, dialogue, **kwargs):
        return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk, **kwargs})

    def richest(queryset, *related):
        """The object with the most related rows, so both sizes exercise every query."""
        counts = {f"n_{name}": Count(name, distinct=True) for name in related}
        return queryset.annotate(**counts).order_by(*[f"-{k}" for k in counts], "pk").first()

    rows = []
    part = Part.objects.filter(published=True).order_by("order").first()
    chapter = Chapter.objects.filter(published=True, part=part).order_by("order").first()
    tool = Tool.objects.filter(published=True).order_by("order").first()
    for name, path in (
        ("toolkit: home", "/en/"),
        ("toolkit: index", reverse("content:toolkit")),
        ("toolkit: part", part.get_absolute_url()),
        ("toolkit: chapter", chapter.get_absolute_url()),
        ("toolkit: tool list", reverse("content:tool-list")),
        ("toolkit: tool", tool.get_absolute_url()),
        ("toolkit: search", reverse("content:search") + "?q=stakeholder"),
        ("toolkit: search (ar)", "/ar/toolkit/search/?q=%D8%A3%D8%B5%D8%AD%D8%A7%D8%A8"),
    ):
        rows.append({"name": name, "group": "toolkit", "large": path, "small": path})
        if name in ("toolkit: chapter", "toolkit: tool", "toolkit: index"):
            rows.append(
                {
                    "name": f"{name} (signed in)",
                    "group": "toolkit signed in",
                    "large": path,
                    "small": path,
                }
            )

    big, small = objects["big"], objects["small"]
    rows.append(
        {
            "name": "workspace: my dialogues",
            "group": "workspace",
            "large": reverse("dialogues:home"),
            "small": reverse("dialogues:home"),
        }
    )
    rows.append(
        {
            "name": "workspace: organisation",
            "group": "workspace",
            "large": objects["organisation"].get_absolute_url(),
            "small": objects["organisation"].get_absolute_url(),
        }
    )
    per_dialogue = [
        ("overview", "dialogue-detail", {}),
        ("stakeholder register", "stakeholder-list", {}),
        ("power–interest grid", "stakeholder-grid", {}),
        (
            "stakeholder",
            "stakeholder-detail",
            {"pk": lambda d: richest(d.stakeholders, "interactions", "labels").pk},
        ),
        ("checklists", "checklist", {}),
        ("meetings", "meeting-list", {}),
        (
            "meeting",
            "meeting-detail",
            {"pk": lambda d: richest(d.meetings, "commitments", "agenda_items").pk},
        ),
        ("commitments", "commitment-list", {}),
        (
            "commitment",
            "commitment-detail",
            {"pk": lambda d: richest(d.commitments, "updates", "stakeholders").pk},
        ),
        ("members", "members", {}),
        ("activity", "activity", {}),
        ("printable plan", "plan-print", {}),
    ]
    for label, name, extra in per_dialogue:

        def path(dialogue, name=name, extra=extra):
            return workspace(name, dialogue, **{k: f(dialogue) for k, f in extra.items()})

        rows.append(
            {
                "name": f"workspace: {label}",
                "group": "workspace",
                "large": path(big),
                "small": path(small),
            }
        )
    return rows


def count_queries(rows, user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for row in rows:
        row["queries"] = {}
        for size in ("small", "large"):
            client.get(row[size])  # warm caches the way a running site has them
            with CaptureQueriesContext(connection) as context:
                response = client.get(row[size])
            if response.status_code != 200:
                raise SystemExit(f"{row[size]} answered {response.status_code}")
            row["queries"][size] = len(context.captured_queries)
        # One request at a time, in process: what the page costs without any queueing.
        timings = []
        for _n in range(5):
            started = time.perf_counter()
            client.get(row["large"])
            timings.append((time.perf_counter() - started) * 1000)
        row["single_request_ms"] = round(statistics.median(timings), 1)
    # What a signed-in browser sends back: its session, and the CSRF cookie that the pages'
    # forms (the header's log-out button) gave it.
    return {name: morsel.value for name, morsel in client.cookies.items()}


# --- Load -----------------------------------------------------------------------------------


def run_load(rows, cookie, *, loader, duration, port):
    base = f"http://127.0.0.1:{port}"
    load = load_wrk if loader == "wrk" else load_python
    ceiling = {}
    if not rows:  # only the mixed run (--only mixed): no page to compare with the ceiling
        return ceiling
    for concurrency in CONCURRENCY:
        ceiling[str(concurrency)] = load(f"{base}/bench/ceiling/", concurrency, duration, None)
    print(f"  ceiling: {ceiling[str(TARGET_CONCURRENCY)]['rps']} req/s at {TARGET_CONCURRENCY}")
    for row in rows:
        url = base + row["large"]
        session = None if row["group"] == "toolkit" else cookie
        warm(url, session)
        row["load"] = {}
        for concurrency in CONCURRENCY:
            stats = load(url, concurrency, duration, session)
            stats["share_of_ceiling"] = round(stats["rps"] / ceiling[str(concurrency)]["rps"], 3)
            row["load"][str(concurrency)] = stats
        at = row["load"][str(TARGET_CONCURRENCY)]
        print(f"  {row['name']}: {at['rps']} req/s, p95 {at['p95_ms']} ms")
    return ceiling


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="start from an empty database")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 3)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 0)))
    parser.add_argument(
        "--skip-data", action="store_true", help="pages only: no export, import, search runs"
    )
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains this text"
    )
    args = parser.parse_args()

    load_average = os.getloadavg()
    configure_environment()
    (ROOT / "var").mkdir(exist_ok=True)
    ensure_database(os.environ["DATABASE_URL"], reseed=args.reseed)
    prepare()

    from django import get_version
    from django.db import connection

    from benchmarks import seed, workspace

    objects = seed.objects()
    rows = [row for row in pages(objects) if args.only in row["name"]]
    print("counting queries…")
    cookie = count_queries(rows, objects["user"])
    print("workspace pages cold…")
    workspace.cold_pages(rows, objects)
    if args.skip_data:
        data = {"exports": [], "import": None, "search": []}
    else:
        print("measuring exports, import and search…")
        data = data_measurements(objects)
    loader = ensure_wrk()
    print(f"loading pages with {loader or 'the Python load generator'}…")
    port = args.port or free_port()
    with Gunicorn(port, args.workers):
        ceiling = run_load(rows, cookie, loader=loader, duration=args.duration, port=port)
        if not args.only or args.only in "workspace: mixed run":
            print("mixed run: 8 signed-in clients, read-only then with writes…")
            data["mixed"] = workspace.mixed_runs(
                objects,
                f"http://127.0.0.1:{port}",
                cookie,
                duration=max(args.duration, workspace.MIXED_SECONDS),
            )
    checks = targets(rows, data)
    print_table(rows, ceiling, data, checks)
    report = {
        "meta": {
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_average,
            "load_average_at_end": os.getloadavg(),
            "python": platform.python_version(),
            "django": get_version(),
            "database": f"PostgreSQL {connection.pg_version // 10000}",
            "cache_and_sessions": "Redis" if os.environ.get("REDIS_URL") else "database",
            "gunicorn_workers": args.workers,
            "seconds_per_measurement": args.duration,
            "load_generator": loader or "python",
            "concurrency": list(CONCURRENCY),
        },
        "ceiling": ceiling,
        "pages": rows,
        **data,
        "targets": checks,
    }
    OUTPUT.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nwritten to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
