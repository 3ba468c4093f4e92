"""Requests per second and latency of ``POST /api/check`` on one uvicorn worker.

Starts the app (bundled policy, demo trust) with uvicorn in a child process on
a free loopback port, then sends text-only posts from this process with a few
keep-alive connections in threads. Bounded by a request count and a time limit.

    .venv/bin/python bench/web_check_bench.py [--requests 3000] [--seconds 60] [--clients 8]
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

import httpx

from postguard.demo import demo_posts


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000, help="requests to send (after warm-up)")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop after this long anyway")
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive connections")
    args = ap.parse_args()

    bodies = [
        {"text": p["text"], "school": p["school"], "platform": p["platform"], "images": 0}
        for p in demo_posts()
    ]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, POSTGUARD_TODAY="2026-11-24")
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "postguard.web.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    try:
        _wait_healthy(url, proc)
        with httpx.Client(base_url=url) as warm:
            for i in range(50):
                warm.post("/api/check", json=bodies[i % len(bodies)]).raise_for_status()

        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        counter = iter(range(args.requests))
        stop_at = time.monotonic() + args.seconds

        def client() -> None:
            nonlocal errors
            with httpx.Client(base_url=url, timeout=30.0) as http:
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
    result = {
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
        f"POST /api/check, one uvicorn worker, {args.clients} clients on loopback, "
        f"{len(bodies)} text-only demo posts cycled"
    )
    print(
        f"{n} requests in {elapsed:.1f} s: {result['requests_per_second']} req/s; "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms; "
        f"{errors} errors"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
