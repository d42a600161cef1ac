"""Load for `make bench` and `make scale-check`: gunicorn, wrk or a Python load generator,
and the mixed run (several signed-in clients reading and writing at once)."""

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("report.lua")


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def cookie_header(cookies):
    """A Cookie header for ``cookies`` ({name: value}), as a browser sends them back."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def load_wrk(url, concurrency, duration, cookie):
    command = ["wrk", f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{duration}s"]
    command += ["--timeout", "30s", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie_header(cookie)}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    stats = json.loads(line.removeprefix("BENCH_JSON "))
    stats["rps"] = round(stats["requests"] / stats["duration_s"], 1)
    return stats


def load_python(url, concurrency, duration, cookie):
    """A small fallback load generator: one thread and connection per client."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie_header(cookie)} if cookie else {}
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
    """gunicorn on `port` with the environment's settings (or `env`), stopped on exit."""

    def __init__(self, port, workers, *, env=None, log="bench-gunicorn.log"):
        self.port, self.workers, self.process = port, workers, None
        self.env, self.log = env or os.environ.copy(), ROOT / "var" / log

    def __enter__(self):
        binary = Path(sys.executable).with_name("gunicorn")
        log = open(self.log, "w")  # noqa: SIM115
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
            env=self.env,
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
        raise SystemExit(f"gunicorn did not start; see {self.log}")

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
    headers = {"Cookie": cookie_header(cookie)} if cookie else {}
    for _n in range(6):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}; see var/bench-gunicorn.log")


# --- Signed-in clients that read and write ----------------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: [(action, {name: [values]})], as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._fields, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((attrs.get("action") or "", self._fields))
        elif self._fields is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._fields.setdefault(attrs["name"], [])
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            value = attrs.get("value")
            self._fields.setdefault(attrs["name"], []).append(default if value is None else value)
        elif tag == "select":
            self._select = attrs["name"]
            self._fields.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields[self._select].append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._fields[self._textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._fields is not None:
            value = self._fields[self._textarea][0]
            # A browser drops the line break that opens a textarea (Django writes one).
            self._fields[self._textarea][0] = value + (
                data.removeprefix("\n") if not value else data
            )


def post_form(html, field):
    """The fields of the page's POST form that has `field` (KeyError if none)."""
    parser = FormParser()
    parser.feed(html)
    for _action, fields in parser.forms:
        if field in fields:
            return {name: values for name, values in fields.items() if values}
    raise KeyError(f"no POST form with a {field!r} field")


class Client:
    """One signed-in browser on a keep-alive connection: its cookies, nothing else.

    It names the site by host only (no port), as browsers do behind the one address that
    every app server of a site answers for.
    """

    def __init__(self, base, cookies):
        parts = urlsplit(base)
        self.host, self.port, self.cookies = parts.hostname, parts.port, dict(cookies)
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method, path, data=None):
        """(status, body, milliseconds); redirects are not followed."""
        headers = {
            "Host": self.host,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # gunicorn closed a kept-alive connection: reconnect
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def close(self):
        self.connection.close()


def latency_stats(latencies, errors, elapsed):
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
    }


class MixedRecord:
    """What one or more rounds of a mixed run measured: latencies, failures, time spent."""

    def __init__(self):
        self.latencies = {"read": [], "write": []}
        self.errors = {"read": 0, "write": 0}
        self.by_kind, self.errors_by_kind = {}, {}
        self.by_read = {}  # latencies of each page read
        self.failures = []  # the first failing requests, to say what went wrong
        self.elapsed = 0.0
        self.next_write = {}  # per client, where its writers go on in the next round

    def stats(self):
        """Read and write statistics; under "write_kinds" those of each kind of write and under
        "read_paths" those of each page read."""
        stats = {
            kind: latency_stats(self.latencies[kind], self.errors[kind], self.elapsed)
            for kind in self.latencies
        }
        stats["write_kinds"] = {
            kind: latency_stats(latencies, self.errors_by_kind.get(kind, 0), self.elapsed)
            for kind, latencies in sorted(self.by_kind.items())
        }
        stats["read_paths"] = {
            path: latency_stats(latencies, 0, self.elapsed)
            for path, latencies in sorted(self.by_read.items())
        }
        stats["failures"] = sorted(set(self.failures))[:10]
        return stats


def mixed_run(base, *, clients, duration, reads, writers, write_share, seed=1, record=None):
    """`clients` signed-in clients in threads for `duration` seconds, each request a read of
    one of `reads` (paths) or, with probability `write_share`, the next of its writers.

    `writers` is one list per client of callables `write(client, n) -> (path, data)`; a write
    counts as an error unless it redirects (a saved form). Adds what it measured to `record`
    (a MixedRecord, new if not given) and returns it.
    """
    record = record or MixedRecord()
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def run(index, client, own_writers):
        rng = random.Random(seed + index)
        mine = {"read": [], "write": []}
        mine_by_kind, mine_by_read, failed_by_kind, failures = {}, {}, {}, []
        failed = {"read": 0, "write": 0}
        n = record.next_write.get(index, 0)
        while time.monotonic() < deadline:
            if own_writers and rng.random() < write_share:
                writer = own_writers[n % len(own_writers)]
                path, data = writer(client, n)
                n += 1
                status, _body, ms = client.request("POST", path, data)
                mine["write"].append(ms)
                mine_by_kind.setdefault(writer.__name__, []).append(ms)
                if status not in (301, 302, 303):
                    failed["write"] += 1
                    failed_by_kind[writer.__name__] = failed_by_kind.get(writer.__name__, 0) + 1
                    failures.append(f"POST {path} {status}")
            else:
                path = rng.choice(reads)
                status, _body, ms = client.request("GET", path)
                mine["read"].append(ms)
                mine_by_read.setdefault(path, []).append(ms)
                if status != 200:
                    failed["read"] += 1
                    failures.append(f"GET {path} {status}")
        with lock:
            record.next_write[index] = n
            record.failures.extend(failures)
            for kind in mine:
                record.latencies[kind].extend(mine[kind])
                record.errors[kind] += failed[kind]
            for path, latencies in mine_by_read.items():
                record.by_read.setdefault(path, []).extend(latencies)
            for kind, latencies in mine_by_kind.items():
                record.by_kind.setdefault(kind, []).extend(latencies)
                record.errors_by_kind[kind] = record.errors_by_kind.get(
                    kind, 0
                ) + failed_by_kind.get(kind, 0)

    started = time.monotonic()
    threads = [
        threading.Thread(target=run, args=(i, client, writers[i] if writers else []))
        for i, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    record.elapsed += time.monotonic() - started
    return record
