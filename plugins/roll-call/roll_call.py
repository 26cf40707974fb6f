#!/usr/bin/env python3
"""roll-call: a Steward process plug-in (protocol 1) that counts who is present.

Steward writes one JSON request line on standard input; this program answers on standard
output with JSON lines only (hello, log, result). Anything for people goes to standard error.
"""
import csv
import io
import json
import os
import sys

NAME = "roll-call"
VERSION = "1.0.0"
HERE = os.path.dirname(os.path.realpath(__file__))
YES = {"yes", "y", "true", "1", "present", "是", "到", "出席"}
NO = {"no", "n", "false", "0", "absent", "否", "缺", "缺席"}


def send(frame):
    sys.stdout.write(json.dumps(frame, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(kind, message, retryable=False):
    send({"type": "result", "ok": False, "error": {"kind": kind, "message": message, "retryable": retryable}})
    sys.exit(0)


class BadMembers(Exception):
    pass


def members_text(members):
    """The CSV itself when it holds a line break, else a file of this plug-in's folder."""
    if "\n" in members:
        return members
    if members.startswith("/") or ".." in members.split("/"):
        raise BadMembers("'%s' must be a file of the plug-in's folder, named relative to it" % members)
    path = os.path.realpath(os.path.join(HERE, members))
    if not path.startswith(HERE + os.sep):
        raise BadMembers("'%s' leads out of the plug-in's folder" % members)
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except OSError as e:
        raise BadMembers("cannot read '%s': %s" % (members, e.strerror))


def count(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "name" not in rows[0] or "present" not in rows[0]:
        raise BadMembers("the CSV needs a header line 'name,present' and one line per member")
    present, absent = [], []
    for number, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        mark = (row.get("present") or "").strip().lower()
        if not name:
            raise BadMembers("line %d has no name" % number)
        if mark in YES:
            present.append(name)
        elif mark in NO:
            absent.append(name)
        else:
            raise BadMembers("line %d: '%s' is neither yes nor no" % (number, mark))
    return present, absent


def main():
    request = json.loads(sys.stdin.readline())
    send({"type": "hello", "protocol": 1, "name": NAME, "version": VERSION})
    given = request.get("with", {})
    try:
        present, absent = count(members_text(str(given.get("members", ""))))
    except BadMembers as e:
        fail("bad-members", str(e))
    output = {"present": len(present), "absent": len(absent), "total": len(present) + len(absent),
              "absent_names": absent}
    quorum = given.get("quorum")
    if quorum is not None:
        output["quorum_met"] = len(present) >= int(quorum)
    send({"type": "log", "level": "info", "message": "%d of %d present" % (len(present), output["total"])})
    send({"type": "result", "ok": True, "output": output})


if __name__ == "__main__":
    main()
