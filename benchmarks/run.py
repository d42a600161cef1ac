"""`make bench`: how fast the site is with a large organisation, on the production stack.

1. Creates the PostgreSQL database if missing (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/bench), migrates, loads the toolkit and checklists and
   seeds a large organisation once (benchmarks/seed.py; --reseed starts from an empty database).
2. Counts the SQL queries of each main page, on a small dialogue and on the large one.
3. Measures exports (CSV, XLSX, whole-dialogue JSON) of 2,000 and 20,000 stakeholders — time
   and peak Python memory —, an import of 2,000 rows and the toolkit's full-text search.
4. Starts gunicorn with the production settings (plus a benchmark-only ceiling view) and loads
   each page with wrk (or a small Python load generator when wrk is missing) at 1, 8 and 32
   concurrent clients: latency p50/p95/p99 and throughput, and throughput as a share of the
   ceiling's.

Prints a table and writes everything to var/bench.json. Environment: BENCH_DURATION (seconds
per measurement, default 5), BENCH_WORKERS (gunicorn workers, default 3), BENCH_PORT, REDIS_URL
(use Redis for cache and sessions instead of the database).
"""

import argparse
import gc
import http.client
import io
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
CONCURRENCY = (1, 8, 32)
LUA = Path(__file__).with_name("report.lua")
OUTPUT = ROOT / "var" / "bench.json"

# Targets from the issue, checked at the end and reported honestly.
MAX_QUERIES = 15
TOOLKIT_SHARE = 0.60
WORKSPACE_P95_MS = 100
TARGET_CONCURRENCY = 8


def configure_environment():
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
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
    # Fresh planner statistics, as autovacuum keeps them on a running site; without them
    # PostgreSQL plans for empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
    return client.cookies["sessionid"].value


# --- Exports, import, search ----------------------------------------------------------------


def measure(function, cleanup=None):
    """Seconds of one run, then peak Python memory (tracemalloc) of a second run."""
    gc.collect()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    if cleanup:
        cleanup()
    gc.collect()
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if cleanup:
        cleanup()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 1024 / 1024, 2), **result}


def data_measurements(objects):
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from content.search import search_toolkit
    from dialogues.models import Label, Stakeholder
    from dialogues.portability import spreadsheet_export as exports
    from dialogues.portability import spreadsheet_import as imports
    from dialogues.portability.export import export_dialogue_stream
    from dialogues.selectors.stakeholders import stakeholders_register
    from dialogues.services.stakeholders import stakeholders_import

    translation.activate("en")
    columns = exports.available_columns(include_contacts=True)
    results = {"exports": [], "import": None, "search": []}

    def csv_export(dialogue):
        def run():
            writer = exports.Writer(columns)
            queryset = stakeholders_register(dialogue)
            size = sum(len(chunk.encode()) for chunk in exports.csv_chunks(writer, queryset))
            return {"bytes": size}

        return run

    def xlsx_export(dialogue):
        def run():
            writer = exports.Writer(columns)
            queryset = stakeholders_register(dialogue)
            output = exports.xlsx_file(writer, queryset, title="Stakeholders")
            size = output.seek(0, 2)
            output.close()
            return {"bytes": size}

        return run

    def json_export(dialogue):
        def run():
            size = sum(len(piece.encode()) for piece in export_dialogue_stream(dialogue))
            return {"bytes": size}

        return run

    for dialogue, count in ((objects["big"], 2000), (objects["huge"], 20000)):
        for file_format, make in (
            ("csv", csv_export),
            ("xlsx", xlsx_export),
            ("json", json_export),
        ):
            row = {"format": file_format, "stakeholders": count, **measure(make(dialogue))}
            results["exports"].append(row)
            print(f"  export {file_format} {count}: {row['seconds']} s, {row['peak_mib']} MiB")

    # Import: the CSV export of the large dialogue's 2,000 stakeholders, into an empty dialogue.
    writer = exports.Writer(columns)
    csv_bytes = "".join(exports.csv_chunks(writer, stakeholders_register(objects["big"]))).encode()
    target, user = objects["import_target"], objects["user"]

    def import_rows():
        upload = SimpleUploadedFile("stakeholders.csv", csv_bytes, "text/csv")
        headers, rows = imports.read_table(upload)
        mapping = imports.guess_mapping(headers)
        checked = imports.validate_rows(dialogue=target, rows=rows, mapping=mapping)
        valid = [row.data for row in checked if row.is_valid]
        created = stakeholders_import(dialogue=target, user=user, rows=valid)
        return {"rows": len(rows), "created": created}

    def empty_target():
        Stakeholder.objects.filter(dialogue=target).delete()
        Label.objects.filter(dialogue=target).delete()

    empty_target()
    results["import"] = measure(import_rows, cleanup=empty_target)
    print(f"  import 2000 rows: {results['import']}")

    for language, query in (
        ("en", "stakeholder"),
        ("en", "power interest grid"),
        ("fr", "acteurs"),
        ("es", "reglas básicas"),
        ("ar", "أصحاب المصلحة"),
    ):
        timings = []
        with translation.override(language):
            for _n in range(30):
                started = time.perf_counter()
                outcome = search_toolkit(query, user=AnonymousUser(), language=language)
                timings.append((time.perf_counter() - started) * 1000)
        results["search"].append(
            {
                "language": language,
                "query": query,
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(percentile(timings, 95), 2),
                "results": len(outcome.results),
            }
        )
    return results


# --- Load -----------------------------------------------------------------------------------


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def load_wrk(url, concurrency, duration, cookie):
    command = ["wrk", f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{duration}s"]
    command += ["--timeout", "30s", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    stats = json.loads(line.removeprefix("BENCH_JSON "))
    stats["rps"] = round(stats["requests"] / stats["duration_s"], 1)
    return stats


def load_python(url, concurrency, duration, cookie):
    """A small fallback load generator: one thread and connection per client."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "duration_s": round(elapsed, 3),
        "non_2xx": errors[0],
        "socket_errors": 0,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else 0.0,
        "max_ms": round(max(latencies), 2) if latencies else 0.0,
        "rps": round(len(latencies) / elapsed, 1),
    }


def ensure_wrk():
    """wrk if installed, or installed with apt when we may; None means the Python fallback."""
    if shutil.which("wrk"):
        return "wrk"
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("installing wrk with apt-get…")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    return "wrk" if shutil.which("wrk") else None


class Gunicorn:
    def __init__(self, port, workers):
        self.port, self.workers, self.process = port, workers, None

    def __enter__(self):
        binary = Path(sys.executable).with_name("gunicorn")
        log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(binary),
                "toolkit_site.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _attempt in range(150):
            if self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/bench/ceiling/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not start; see var/bench-gunicorn.log")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def warm(url, cookie):
    """A few requests first, so every worker has its connections and caches."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    for _n in range(6):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}; see var/bench-gunicorn.log")


def run_load(rows, cookie, *, loader, duration, port):
    base = f"http://127.0.0.1:{port}"
    load = load_wrk if loader == "wrk" else load_python
    ceiling = {}
    for concurrency in CONCURRENCY:
        ceiling[str(concurrency)] = load(f"{base}/bench/ceiling/", concurrency, duration, None)
    print(f"  ceiling: {ceiling[str(TARGET_CONCURRENCY)]['rps']} req/s at {TARGET_CONCURRENCY}")
    for row in rows:
        url = base + row["large"]
        session = cookie if row["group"] == "workspace" else None
        warm(url, session)
        row["load"] = {}
        for concurrency in CONCURRENCY:
            stats = load(url, concurrency, duration, session)
            stats["share_of_ceiling"] = round(stats["rps"] / ceiling[str(concurrency)]["rps"], 3)
            row["load"][str(concurrency)] = stats
        at = row["load"][str(TARGET_CONCURRENCY)]
        print(f"  {row['name']}: {at['rps']} req/s, p95 {at['p95_ms']} ms")
    return ceiling


# --- Report ---------------------------------------------------------------------------------


def targets(rows, data):
    checks = []
    over = [r["name"] for r in rows if max(r["queries"].values()) > MAX_QUERIES]
    growing = [r["name"] for r in rows if r["queries"]["small"] != r["queries"]["large"]]
    checks.append(
        {
            "target": f"every page at most {MAX_QUERIES} queries, the same on small and large data",
            "met": not over and not growing,
            "detail": {"over_limit": over, "not_fixed": growing},
        }
    )
    key = str(TARGET_CONCURRENCY)
    slow_toolkit = [
        f"{r['name']} ({r['load'][key]['share_of_ceiling']:.0%})"
        for r in rows
        if r["group"] == "toolkit" and r["load"][key]["share_of_ceiling"] < TOOLKIT_SHARE
    ]
    checks.append(
        {
            "target": f"toolkit pages at least {TOOLKIT_SHARE:.0%} of the ceiling's throughput "
            f"({TARGET_CONCURRENCY} clients)",
            "met": not slow_toolkit,
            "detail": {"below": slow_toolkit},
        }
    )
    slow_workspace = [
        f"{r['name']} ({r['load'][key]['p95_ms']:.0f} ms)"
        for r in rows
        if r["group"] == "workspace" and r["load"][key]["p95_ms"] >= WORKSPACE_P95_MS
    ]
    checks.append(
        {
            "target": f"workspace pages p95 under {WORKSPACE_P95_MS} ms at {TARGET_CONCURRENCY} "
            f"clients on {os.cpu_count()} cores",
            "met": not slow_workspace,
            "detail": {"above": slow_workspace},
        }
    )
    memory = {}
    for export in data["exports"]:
        memory.setdefault(export["format"], {})[export["stakeholders"]] = export["peak_mib"]
    growth = {
        fmt: round(sizes[20000] / sizes[2000], 2)
        for fmt, sizes in memory.items()
        if 2000 in sizes and 20000 in sizes
    }
    checks.append(
        {
            "target": "exports in constant memory (peak for 20,000 stakeholders under twice "
            "the peak for 2,000)",
            "met": bool(growth) and all(ratio < 2 for ratio in growth.values()),
            "detail": {"peak_ratio_20000_to_2000": growth},
        }
    )
    return checks


def print_table(rows, ceiling, data, checks):
    key = str(TARGET_CONCURRENCY)
    header = (
        f"{'page':34} {'queries':>8} {'alone':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'req/s@1':>8} {'req/s@8':>8} {'req/s@32':>9} {'share@8':>8}"
    )
    print()
    print(f"Latency in ms at {key} concurrent clients; share = throughput / ceiling's throughput")
    print(header)
    print("-" * len(header))
    lines = [("ceiling (minimal view)", None, None, ceiling)]
    lines += [(r["name"], r["queries"], r["single_request_ms"], r["load"]) for r in rows]
    for name, queries, alone, load in lines:
        at = load[key]
        share = at.get("share_of_ceiling", 1.0)
        count = "—" if queries is None else f"{queries['small']}/{queries['large']}"
        alone = "—" if alone is None else f"{alone:.0f}"
        print(
            f"{name[:34]:34} {count:>8} {alone:>6} {at['p50_ms']:7.1f} {at['p95_ms']:7.1f} "
            f"{at['p99_ms']:7.1f} {load['1']['rps']:8.1f} {load['8']['rps']:8.1f} "
            f"{load['32']['rps']:9.1f} {share:8.0%}"
        )
    print()
    print("queries = on a small dialogue / on the large one; alone = one request in process, ms")
    for export in data["exports"]:
        print(
            f"export {export['format']:4} {export['stakeholders']:>6} stakeholders: "
            f"{export['seconds']:6.2f} s, peak {export['peak_mib']:6.1f} MiB, "
            f"{export['bytes'] / 1024 / 1024:.1f} MB"
        )
    imported = data["import"]
    if imported:
        print(
            f"import {imported['rows']} rows: {imported['seconds']:.2f} s, "
            f"peak {imported['peak_mib']:.1f} MiB, {imported['created']} created"
        )
    for search in data["search"]:
        print(
            f"search [{search['language']}] {search['query']!r}: "
            f"p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms"
        )
    print()
    for check in checks:
        print(f"[{'met' if check['met'] else 'NOT MET'}] {check['target']}  {check['detail']}")


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

    from benchmarks import seed

    objects = seed.objects()
    rows = [row for row in pages(objects) if args.only in row["name"]]
    print("counting queries…")
    cookie = count_queries(rows, objects["user"])
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
    checks = targets(rows, data)
    print_table(rows, ceiling, data, checks)
    report = {
        "meta": {
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_average,
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
