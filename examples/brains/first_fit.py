#!/usr/bin/env python3
"""An external LayerX brain in plain Python (standard library only): first fit in node-name order.

It registers itself, heartbeats, long-polls its pending work, and places each pending task on the first node
(in name order) that is ready and has room, which packs nodes one after another; none of LayerX's built-in
strategies does that. Every plan is stamped with the task revisions it read; LayerX refuses a step computed on
stale versions and says why, and the brain simply reads its work again and retries.

    python3 examples/brains/first_fit.py --server http://127.0.0.1:7470 --token "$(cat TOKEN_FILE)"

Jobs with `brain: first-fit` are placed by it; with --types batch it also takes every batch job that names no brain.
--step shows each plan and waits for Enter before submitting it (to watch a brain work, or to race it by hand).

Several servers (LayerX on etcd) are given as a comma-separated --server list: when the one in use stops answering,
the brain goes on with the next. A new leader does not know the brain yet (registrations live in the leader), so a
404 on its work or a 409 on its plan means: register again, then go on.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request


class Unregistered(Exception):
    """The server in use does not know this brain (a new leader): register again."""


class Api:
    def __init__(self, servers, token):
        self.servers = [s.strip().rstrip("/") for s in servers.split(",") if s.strip()]
        self.at = 0
        self.token = token

    def call(self, method, path, body=None, timeout=70):
        """One request; on a server that cannot be reached or answers 503, the next server, with a growing pause."""
        data = None if body is None else json.dumps(body).encode()
        pause = 0.1
        while True:
            req = urllib.request.Request(self.servers[self.at] + path, data=data, method=method)
            req.add_header("Authorization", "Bearer " + self.token)
            if data is not None:
                req.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:
                    raw = resp.read()
                    return json.loads(raw) if raw else None
            except urllib.error.HTTPError as e:
                detail = e.read().decode(errors="replace")
                if e.code in (404, 409) and "/brains/" in path and method != "PUT":
                    raise Unregistered(detail)
                if e.code != 503:
                    raise SystemExit(f"{method} {path}: HTTP {e.code}: {detail}")
                why = f"HTTP 503: {detail}"
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                why = str(e)
            print(f"{self.servers[self.at]} did not answer ({why}); trying again", file=sys.stderr, flush=True)
            self.at = (self.at + 1) % len(self.servers)
            time.sleep(pause)
            pause = min(2.0, pause * 2)


def fits(free, need):
    return all(free.get(k, 0) >= need.get(k, 0) for k in ("cpu", "memory", "disk"))


def take(free, need):
    for k in ("cpu", "memory", "disk"):
        free[k] = free.get(k, 0) - need.get(k, 0)


def first_fit(work, refused):
    """One place step per pending task that fits somewhere; `refused` holds (task, node) pairs LayerX turned down."""
    nodes = sorted((n for n in work["nodes"] if n["state"] == "ready"), key=lambda n: n["name"])
    free = {n["name"]: dict(n["free"]) for n in nodes}
    steps = []
    for job in work["jobs"]:
        for task in job["pending"]:
            target = task.get("target")
            for node in nodes:
                name = node["name"]
                if (target and name != target) or (task["id"], name) in refused:
                    continue
                if fits(free[name], task["resources"]):
                    take(free[name], task["resources"])
                    steps.append({"type": "place", "task": task["id"], "revision": task["revision"], "node": name})
                    break
    return steps


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", default=os.environ.get("LAYERX_ADDR", "http://127.0.0.1:7470"),
                   help="the server, or several comma-separated (LayerX on etcd)")
    p.add_argument("--token", default=os.environ.get("LAYERX_TOKEN"))
    p.add_argument("--name", default="first-fit")
    p.add_argument("--ttl", type=int, default=15, help="seconds LayerX waits for a heartbeat before it takes the work back")
    p.add_argument("--types", default="", help="comma-separated job types to serve besides jobs that name this brain")
    p.add_argument("--step", action="store_true", help="show each plan and wait for Enter before submitting it")
    args = p.parse_args()
    if not args.token:
        raise SystemExit("a token is needed: --token or LAYERX_TOKEN (layerx token create --role brain --name NAME)")
    api = Api(args.server, args.token)
    registration = {"types": [t for t in args.types.split(",") if t], "ttl": f"{args.ttl}s"}
    beat_every = max(1.0, args.ttl / 3)
    last_beat = 0.0
    after = 0
    refused = set()
    while True:
        if time.monotonic() - last_beat >= beat_every:
            api.call("PUT", f"/v1/brains/{args.name}", registration)
            last_beat = time.monotonic()
        wait = max(1, int(beat_every - (time.monotonic() - last_beat)))
        try:
            work = api.call("GET", f"/v1/brains/{args.name}/work?after={after}&wait={wait}s")
            steps = first_fit(work, refused)
            if not steps:
                after = work["revision"]
                continue
            print(f"planned {len(steps)} steps at revision {work['revision']}", flush=True)
            if args.step:
                sys.stdin.readline()
            verdicts = api.call("POST", f"/v1/brains/{args.name}/plans", {"steps": steps})["verdicts"]
        except Unregistered as e:
            print(f"registering again: {e}", flush=True)
            last_beat = 0.0
            after = 0
            continue
        accepted = sum(1 for v in verdicts if v["accepted"])
        print(f"accepted {accepted} of {len(steps)}", flush=True)
        for v in verdicts:
            if not v["accepted"]:
                step = steps[v["step"]]
                print(f"refused {step['task']} on {step['node']}: {v['code']}: {v['detail']}", flush=True)
                if v["code"] != "stale":
                    refused.add((step["task"], step["node"]))
        after = 0  # read again at once: retry what was refused on fresh versions


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
