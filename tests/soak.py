#!/usr/bin/env python3
"""Soak `orgadm serve`: run it for a while under mixed load, then check it.

Not a CI test (it runs for minutes): run it by hand before a release,

    cargo build --release
    python3 tests/soak.py --minutes 10                  # SQLite
    python3 tests/soak.py --minutes 10 --store postgres # a throwaway cluster

Load, all at once on 127.0.0.1:
  - SCIM: a client creating, patching (name, active, roles) and deleting
    users, and adding and removing group members, as an identity provider;
  - CLI writers: `orgadm user add/edit/remove` and `group manage` on the
    store, beside the server;
  - reads: `wrk` (Debian's package) on GET /api/v1/check and
    GET /api/v1/people/EMAIL with a `check` and a `read` token, in rounds.

Then the invariants: at least one active org-admin, normalized emails
unique, `orgadm audit verify` clean; and the report: requests served,
errors, p50/p99 latency of each load, and the server's RSS and open file
descriptors after warm-up and at the end (they should be flat). Exits 1 if
an invariant fails or a load saw unexpected errors.

Uses only Python's standard library, the orgadm binary and wrk.
"""

import argparse
import glob
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ADMIN = "admin@example.com"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Env:
    """An isolated HOME, config and data folder, like the tests'."""

    def __init__(self, binary, db):
        self.dir = tempfile.mkdtemp(prefix="orgadm-soak-")
        self.bin = binary
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.path.join(self.dir, "home"),
            "XDG_CONFIG_HOME": os.path.join(self.dir, "config"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "NO_COLOR": "1",
        }
        if db:
            self.env["ORGADM_DB"] = db

    def run(self, *args, check=True):
        p = subprocess.run(
            [self.bin, *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if check and p.returncode != 0:
            raise SystemExit(f"orgadm {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
        return p


class PgCluster:
    """A throwaway PostgreSQL cluster from Debian's package."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise SystemExit("no PostgreSQL: apt-get install postgresql")
        self.bin = bins[-1]
        self.dir = tempfile.mkdtemp(prefix="orgadm-soak-pg-")
        self.port = free_port()
        data = os.path.join(self.dir, "data")
        user = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        if user:
            shutil.chown(self.dir, "postgres")
        self.user = user
        subprocess.run(
            user + [f"{self.bin}/initdb", "-D", data, "-U", "orgadm", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            user
            + [
                f"{self.bin}/pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"), "-w",
                "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        self.data = data
        self.url = f"postgresql://orgadm@127.0.0.1:{self.port}/postgres"

    def stop(self):
        subprocess.run(
            self.user + [f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class Tally:
    def __init__(self, name):
        self.name = name
        self.ok = 0
        self.errors = {}
        self.latencies = []
        self.rounds = []
        self.lock = threading.Lock()

    def record(self, seconds, error=None):
        with self.lock:
            if error is None:
                self.ok += 1
            else:
                self.errors[error] = self.errors.get(error, 0) + 1
            self.latencies.append(seconds)

    def line(self):
        if self.rounds:
            p50 = statistics.median(r[0] for r in self.rounds) * 1000
            p99 = max(r[1] for r in self.rounds) * 1000
            errs = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "none"
            return (f"{self.name}: {self.ok} ok in {len(self.rounds)} rounds, errors {errs}; "
                    f"p50 {p50:.1f} ms (median of rounds), p99 {p99:.1f} ms (worst round)")
        lat = sorted(self.latencies)
        if lat:
            p50 = lat[len(lat) // 2] * 1000
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
            pct = f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        else:
            pct = "no requests"
        errs = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "none"
        return f"{self.name}: {self.ok} ok, errors {errs}; {pct}"


def scim_load(base, token, stop, tally):
    """An identity provider: create, patch, deactivate, delete users; move
    them in and out of a group."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}

    def call(method, path, body=None, expect=(200, 201, 204)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, out = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, out = e.code, e.read()
        except Exception as e:  # a reset or a timeout: an error, not a crash of the soak
            tally.record(time.monotonic() - t0, type(e).__name__)
            return None
        tally.record(time.monotonic() - t0, None if status in expect else f"HTTP {status}")
        return json.loads(out) if out and status in (200, 201) else None

    group = call("POST", "/scim/v2/Groups", {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": f"Soak {random.randrange(10**9)}",
    })
    gid = group and group.get("id")
    n = 0
    while not stop.is_set():
        n += 1
        email = f"scim{n}-{random.randrange(10**9)}@example.com"
        u = call("POST", "/scim/v2/Users", {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": email, "active": True,
            "name": {"givenName": "Soak", "familyName": str(n)},
            "emails": [{"value": email, "type": "work", "primary": True}],
        })
        if not u:
            continue
        uid = u["id"]
        patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
        call("PATCH", f"/scim/v2/Users/{uid}", dict(patch, Operations=[
            {"op": "replace", "path": "name.givenName", "value": "Soaked"}]))
        call("GET", f"/scim/v2/Users?filter=userName%20eq%20%22{email}%22")
        if gid:
            call("PATCH", f"/scim/v2/Groups/{gid}", dict(patch, Operations=[
                {"op": "add", "path": "members", "value": [{"value": uid}]}]))
            call("PATCH", f"/scim/v2/Groups/{gid}", dict(patch, Operations=[
                {"op": "remove", "path": f'members[value eq "{uid}"]'}]))
        call("PATCH", f"/scim/v2/Users/{uid}", dict(patch, Operations=[
            {"op": "replace", "value": {"active": False}}]))
        if n % 2:
            call("DELETE", f"/scim/v2/Users/{uid}")


def cli_load(env, stop, tally):
    """An admin's scripts beside the server: add, edit, move, remove."""
    n = 0
    while not stop.is_set():
        n += 1
        email = f"cli{n}-{random.randrange(10**9)}@example.com"
        steps = [
            ["user", "add", "--email", email, "--name", f"Cli {n}", "--role", "user", "--no-email"],
            ["user", "edit", email, "--add-role", "finance-admin"],
            ["group", "manage", "Everyone", "--add", email, "--yes"],
            ["user", "list", "--search", "cli", "--json"],
            ["user", "remove", email, "--yes"],
        ]
        for args in steps:
            t0 = time.monotonic()
            p = env.run(*args, check=False)
            tally.record(time.monotonic() - t0, None if p.returncode == 0 else f"exit {p.returncode}")


def wrk_round(url, token, seconds, tally):
    """One round of wrk; its request count, errors and percentiles."""
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}", url],
        capture_output=True, text=True,
    ).stdout
    m = re.search(r"(\d+) requests in", out)
    reqs = int(m.group(1)) if m else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2)
        return v / 1e6 if unit == "us" else v / 1e3 if unit == "ms" else v

    with tally.lock:
        tally.ok += reqs - errors
        if errors:
            tally.errors["non-2xx or socket"] = tally.errors.get("non-2xx or socket", 0) + errors
        p50, p99 = pct("50"), pct("99")
        if p50 is not None and p99 is not None:
            tally.rounds.append((p50, p99))
    return out


def proc_stats(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss // 1024, fds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/orgadm"))
    ap.add_argument("--people", type=int, default=1000, help="people seeded before the load")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        raise SystemExit(f"{a.bin} is missing: run `cargo build --release`")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    pg = PgCluster() if a.store == "postgres" else None
    env = Env(a.bin, pg.url if pg else None)
    try:
        env.run("init", "--admin", ADMIN, "--name", "Soak Admin", "--org", "Soak")
        env.run("group", "create", "Everyone", "--role", "user")
        seed = os.path.join(env.dir, "seed.toml")
        with open(seed, "w") as f:
            f.write('[[group]]\nname = "Everyone"\nroles = ["user"]\n\n')
            f.write(f'[[user]]\nemail = "{ADMIN}"\nname = "Soak Admin"\nroles = ["org-admin"]\n\n')
            for i in range(a.people):
                f.write(f'[[user]]\nemail = "p{i}@example.com"\nname = "Person {i}"\ngroups = ["Everyone"]\n\n')
        env.run("apply", seed, "--no-email", "--yes")
        scim_token = env.run("scim", "token", "create", "soak").stdout.strip().splitlines()[-1]
        check_token = env.run("token", "create", "soak-check", "--scope", "check", "--expires-in", "1d").stdout.strip().splitlines()[-1]
        read_token = env.run("token", "create", "soak-read", "--scope", "read", "--expires-in", "1d").stdout.strip().splitlines()[-1]

        port = free_port()
        log = open(os.path.join(env.dir, "serve.log"), "w")
        server = subprocess.Popen([a.bin, "serve", "--listen", f"127.0.0.1:{port}"],
                                  env=env.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)

        stop = threading.Event()
        tallies = {k: Tally(k) for k in ["SCIM writes", "CLI writes", "wrk check", "wrk people"]}
        threads = [
            threading.Thread(target=scim_load, args=(base, scim_token, stop, tallies["SCIM writes"])),
            threading.Thread(target=cli_load, args=(env, stop, tallies["CLI writes"])),
        ]
        for t in threads:
            t.start()
        total = a.minutes * 60
        warm = min(30, total / 5)
        t0 = time.monotonic()
        start_stats = None
        rnd = 0
        while time.monotonic() - t0 < total:
            if start_stats is None and time.monotonic() - t0 >= warm:
                start_stats = proc_stats(server.pid)
            rnd += 1
            left = total - (time.monotonic() - t0)
            secs = max(1, int(min(20, left)))
            if rnd % 2:
                wrk_round(f"{base}/api/v1/check?email=p{rnd % a.people}%40example.com&capability=billing",
                          check_token, secs, tallies["wrk check"])
            else:
                wrk_round(f"{base}/api/v1/people/p{rnd % a.people}%40example.com",
                          read_token, secs, tallies["wrk people"])
        start_stats = start_stats or proc_stats(server.pid)
        end_stats = proc_stats(server.pid)
        stop.set()
        for t in threads:
            t.join()
        server.terminate()
        code = server.wait(timeout=30)

        failures = []
        admins = json.loads(env.run("user", "list", "--role", "org-admin", "--json").stdout)
        if not any(p.get("status") == "active" for p in admins):
            failures.append("no active org-admin")
        people = json.loads(env.run("user", "list", "--json").stdout)
        emails = [p["email"].lower() for p in people]
        if len(emails) != len(set(emails)):
            failures.append("two people share an email")
        verify = env.run("audit", "verify", check=False)
        if verify.returncode != 0:
            failures.append(f"audit verify: {verify.stderr.strip()}")
        if code != 0:
            failures.append(f"serve exited {code} on SIGTERM")
        errors = sum(sum(t.errors.values()) for t in tallies.values())

        print(f"orgadm soak: {a.minutes:g} min on {a.store}, {a.people} people seeded, {len(people)} at the end")
        for t in tallies.values():
            print("  " + t.line())
        print(f"  serve RSS {start_stats[0]} MB after warm-up, {end_stats[0]} MB at the end; "
              f"open fds {start_stats[1]} -> {end_stats[1]}")
        print(f"  invariants: {'held' if not failures else '; '.join(failures)}; unexpected errors: {errors}")
        return 1 if failures or errors else 0
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(env.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
