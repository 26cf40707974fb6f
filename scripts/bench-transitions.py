#!/usr/bin/env python3
"""The review loop of `steward-bench engine-memory`, on pytransitions (transitions 0.9.3).

draft -> review -> (reject) -> draft -> review -> (approve) -> publish -> archive -> done,
one instance after another, timed with perf_counter. Two ways transitions is used:

- machine-per-instance: `Machine(model=doc, ...)` for each instance (the common pattern);
- shared-machine: one Machine, each instance added with `add_model` and removed at `done`.

`auto_transitions=False` (no generated `to_<state>` triggers) makes both cheaper, so the
baseline is the faster transitions, not a handicapped one.

Prints one JSON object: {"version": ..., "instances": N, "per_instance": s, "shared": s}
with the best wall time in seconds of each variant over --repeat runs.
steward-bench calls it; run it by hand with: python3 scripts/bench-transitions.py --instances 20000
"""
import argparse
import json
import sys
import time

try:
    import transitions
    from transitions import Machine
except ImportError:  # steward-bench reports this and carries on without the comparison
    print(json.dumps({"error": "transitions is not installed: pip install transitions==0.9.3"}))
    sys.exit(3)

STATES = ["draft", "review", "publish", "archive", "done"]
TRANSITIONS = [
    {"trigger": "submit", "source": "draft", "dest": "review"},
    {"trigger": "reject", "source": "review", "dest": "draft"},
    {"trigger": "approve", "source": "review", "dest": "publish"},
    {"trigger": "published", "source": "publish", "dest": "archive"},
    {"trigger": "archived", "source": "archive", "dest": "done"},
]


class Document:
    pass


def loop(doc):
    doc.submit()
    doc.reject()
    doc.submit()
    doc.approve()
    doc.published()
    doc.archived()
    assert doc.state == "done"


def per_instance(count):
    start = time.perf_counter()
    for _ in range(count):
        doc = Document()
        Machine(model=doc, states=STATES, transitions=TRANSITIONS, initial="draft", auto_transitions=False)
        loop(doc)
    return time.perf_counter() - start


def shared(count):
    machine = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial="draft", auto_transitions=False)
    start = time.perf_counter()
    for _ in range(count):
        doc = Document()
        machine.add_model(doc)
        loop(doc)
        machine.remove_model(doc)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    best_per, best_shared = float("inf"), float("inf")
    for _ in range(args.repeat):
        best_per = min(best_per, per_instance(args.instances))
        best_shared = min(best_shared, shared(args.instances))
    print(json.dumps({"version": transitions.__version__, "instances": args.instances,
                      "per_instance": best_per, "shared": best_shared}))


if __name__ == "__main__":
    main()
