"""Requests per second and latency of ``POST /api/check`` on one uvicorn worker.

Creates a database (a fresh SQLite file, and/or a fresh schema on PostgreSQL),
migrates it, loads the demo trust and a trust-wide staff user, starts the app
(bundled policy, demo trust) with uvicorn in a child process on a free loopback
port, signs in through the sign-in form, then sends text-only posts from this
process with a few keep-alive connections in threads, each request carrying the
session cookie and the CSRF header. Every check is recorded in the database
(post, check, two audit events), as in service. Bounded by a request count and
a time limit.

    .venv/bin/python bench/web_check_bench.py [--database sqlite|postgresql|both]
        [--requests 3000] [--seconds 60] [--clients 8]

PostgreSQL: ``POSTGUARD_TEST_POSTGRES_URL`` or postgresql://postgres@127.0.0.1:5432/test.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
from sqlalchemy import text

from postguard.auth.roles import Role
from postguard.demo import demo_posts
from postguard.store import make_engine, normalise_url, upgrade
from postguard.store.rosters import find_trust
from postguard.store.testing import postgres_url
from postguard.web.database import WebDatabase
from postguard.web.testing import form_token
from postguard.workflows.demo import DEMO_TRUST, seed_demo
from postguard.workflows.users import create_user

BENCH_USER = "bench@demo.postguard.example.org"
BENCH_PASSWORD = "a bench password 1234"
SECRET = "bench-secret-key-" + "x" * 24


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become healthy")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, migrated database with the demo trust and the bench user; yields its URL."""
    if kind == "sqlite":
        with TemporaryDirectory(prefix="postguard-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            _prepare(url)
            yield url
        return
    schema = f"postguard_bench_{os.getpid()}"
    admin = make_engine(postgres_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = postgres_url().update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        shown = url.render_as_string(hide_password=False)
        _prepare(shown)
        yield shown
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _prepare(url: str) -> None:
    engine = make_engine(normalise_url(url))
    upgrade(engine)
    db = WebDatabase.for_engine(engine)
    with db.writing() as session:
        seed_demo(session, actor="bench", secret_key=SECRET)
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        create_user(
            session, trust, BENCH_USER, actor="bench", secret_key=SECRET,
            password=BENCH_PASSWORD, grants=((Role.STAFF, None),),
        )  # fmt: skip
    engine.dispose()


def sign_in(url: str) -> tuple[dict[str, str], str]:
    """Sign in through the form; the session cookie and the CSRF token."""
    with httpx.Client(base_url=url) as c:
        page = c.get("/signin")
        form = {"email": BENCH_USER, "password": BENCH_PASSWORD}
        r = c.post("/signin", data=form | {"csrf_token": form_token(page.text)})
        assert r.status_code == 303, r.text
        token = c.get("/api/session").json()["csrf_token"]
        return dict(c.cookies), str(token)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000, help="requests to send (after warm-up)")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop after this long anyway")
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive connections")
    ap.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = ap.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    results = []
    for kind in kinds:
        with database(kind) as db_url:
            results.append(run(args, kind, db_url))
    print(json.dumps(results))


def run(args: argparse.Namespace, kind: str, db_url: str) -> dict[str, object]:

    bodies = [
        {"text": p["text"], "school": p["school"], "platform": p["platform"], "images": 0}
        for p in demo_posts()
    ]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        POSTGUARD_TODAY="2026-11-24",
        POSTGUARD_DATABASE_URL=db_url,
        POSTGUARD_SECRET_KEY=SECRET,
    )
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "postguard.web.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    try:
        _wait_healthy(url, proc)
        cookies, token = sign_in(url)
        headers = {"X-CSRF-Token": token}
        with httpx.Client(base_url=url, cookies=cookies, headers=headers) as warm:
            for i in range(50):
                warm.post("/api/check", json=bodies[i % len(bodies)]).raise_for_status()

        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        counter = iter(range(args.requests))
        stop_at = time.monotonic() + args.seconds

        def client() -> None:
            nonlocal errors
            with httpx.Client(base_url=url, timeout=30.0, cookies=cookies, headers=headers) as http:
                for i in counter:
                    if time.monotonic() > stop_at:
                        return
                    t0 = time.perf_counter()
                    r = http.post("/api/check", json=bodies[i % len(bodies)])
                    dt = time.perf_counter() - t0
                    with lock:
                        if r.status_code == 200:
                            latencies.append(dt)
                        else:
                            errors += 1

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(10)

    n = len(latencies)
    result: dict[str, object] = {
        "database": kind,
        "requests": n,
        "errors": errors,
        "clients": args.clients,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(n / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "posts": len(bodies),
        "cpus": os.cpu_count(),
    }
    print(
        f"POST /api/check on {kind}, signed in, every check recorded; one uvicorn worker, "
        f"{args.clients} clients on loopback, {len(bodies)} text-only demo posts cycled"
    )
    print(
        f"{n} requests in {elapsed:.1f} s: {result['requests_per_second']} req/s; "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms; "
        f"{errors} errors"
    )
    return result


if __name__ == "__main__":
    main()
