#!/usr/bin/env python3
"""A Mesos framework in 100 lines: the v1 scheduler HTTP API, JSON, the Python standard library only.

It subscribes to LayerX's Mesos API (layerx server --mesos-api 127.0.0.1:5050), launches --tasks tasks on the
offers it gets, acknowledges every status update, and tears itself down once every task reached --until.

    python3 examples/mesos/framework.py --url http://127.0.0.1:5050/api/v1/scheduler --tasks 3
"""
import argparse
import http.client
import json
import sys
import urllib.parse

TERMINAL = {"TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED"}


def records(stream):
    """The RecordIO stream: each event is its length in bytes, a newline, then that many bytes of JSON."""
    while True:
        size = stream.readline()
        if not size:
            return
        yield json.loads(stream.read(int(size)))


class Framework:
    def __init__(self, url, tasks, command, until):
        self.url = urllib.parse.urlparse(url)
        self.wanted, self.command, self.until = tasks, command, until
        self.launched, self.states = 0, {}
        self.framework_id = self.stream_id = None

    def call(self, body):
        """Every call but SUBSCRIBE names the framework and carries the stream id; LayerX answers 202."""
        body["framework_id"] = {"value": self.framework_id}
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port)
        conn.request("POST", self.url.path, json.dumps(body),
                     {"Content-Type": "application/json", "Mesos-Stream-Id": self.stream_id})
        reply = conn.getresponse()
        if reply.status != 202:
            sys.exit(f"{body['type']} refused: {reply.status} {reply.read().decode()}")
        conn.close()

    def on_offers(self, offers):
        for offer in offers:
            tasks = []
            while self.launched < self.wanted:
                self.launched += 1
                tasks.append({
                    "name": f"hello-{self.launched}", "task_id": {"value": f"hello-{self.launched}"},
                    "agent_id": offer["agent_id"], "command": {"value": self.command},
                    "resources": [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.1}},
                                  {"name": "mem", "type": "SCALAR", "scalar": {"value": 32}}]})
            if tasks:
                print(f"launching {len(tasks)} task(s) on {offer['hostname']}", flush=True)
                self.call({"type": "ACCEPT", "accept": {"offer_ids": [offer["id"]], "operations": [
                    {"type": "LAUNCH", "launch": {"task_infos": tasks}}]}})
            else:  # nothing left to run: do not offer me this node for a minute
                self.call({"type": "DECLINE", "decline": {"offer_ids": [offer["id"]], "filters": {"refuse_seconds": 60}}})

    def on_update(self, status):
        task, state = status["task_id"]["value"], status["state"]
        self.states[task] = state
        print(f"{task} {state} {status.get('message', '')}".rstrip(), flush=True)
        if "uuid" in status:  # updates with a uuid are resent until acknowledged
            self.call({"type": "ACKNOWLEDGE", "acknowledge": {
                "agent_id": status["agent_id"], "task_id": status["task_id"], "uuid": status["uuid"]}})

    def done(self):
        return len(self.states) == self.wanted and all(
            s == self.until or s in TERMINAL for s in self.states.values())

    def run(self):
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port)
        conn.request("POST", self.url.path, json.dumps({"type": "SUBSCRIBE", "subscribe": {
            "framework_info": {"user": "root", "name": "hello-layerx", "failover_timeout": 0}}}),
                     {"Content-Type": "application/json", "Accept": "application/json"})
        reply = conn.getresponse()
        if reply.status != 200:
            sys.exit(f"SUBSCRIBE refused: {reply.status} {reply.read().decode()}")
        self.stream_id = reply.getheader("Mesos-Stream-Id")
        for event in records(reply):
            kind = event["type"]
            if kind == "SUBSCRIBED":
                self.framework_id = event["subscribed"]["framework_id"]["value"]
                print(f"subscribed as {self.framework_id}", flush=True)
            elif kind == "OFFERS":
                self.on_offers(event["offers"]["offers"])
            elif kind == "UPDATE":
                self.on_update(event["update"]["status"])
            elif kind == "ERROR":
                sys.exit("error from the master: " + event["error"]["message"])
            if self.done():
                self.call({"type": "TEARDOWN"})  # kills what still runs
                print("all tasks reached " + self.until + "; torn down", flush=True)
                return 0 if all(s == self.until for s in self.states.values()) else 1
        return 1


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:5050/api/v1/scheduler")
    p.add_argument("--tasks", type=int, default=3)
    p.add_argument("--command", default="echo hello from LayerX")
    p.add_argument("--until", default="TASK_FINISHED", help="the state every task must reach (e.g. TASK_RUNNING)")
    a = p.parse_args()
    sys.exit(Framework(a.url, a.tasks, a.command, a.until).run())
