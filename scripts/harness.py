"""What scripts/crash-loop and scripts/faults share: the binary, a scratch project, the checks of a store.

Both run a built `steward` against a project in a temporary folder, as cron and people would,
and read the store afterwards with Python's own sqlite3 (read-only) to see what was left.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys

ROSTER = """\
people:
  ann:  { name: Ann, account: ann }
  bob:  { name: Bob, account: bob }
  cat:  { name: Cat, account: cat }
  dan:  { name: Dan, account: dan }
  eve:  { name: Eve, account: eve }
roles:
  voters: { title: Voters, members: [ann, bob, cat, dan, eve] }
admins: [ann]
"""

CONFIG = """\
store: .steward/steward.db
roster: roster.yaml
workflows: workflows/
calendars: calendars/
plugins: plugins/
timezone: Asia/Shanghai
identity: declared
allow_shell: false
ledger: ledger/
outbox: outbox/
clock: manual
"""

T0 = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.timezone.utc)


def stamp(minutes):
    """STEWARD_NOW for `minutes` after T0."""
    return (T0 + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_arguments(parser):
    """The parsed arguments; bad usage exits 64 (as steward does), --help 0."""
    try:
        return parser.parse_args()
    except SystemExit as e:
        sys.exit(64 if e.code else 0)


def private_binary(given, script, folder):
    """A copy of the steward binary in `folder`: a rebuild of .build during a run must not swap it."""
    candidates = [given, os.environ.get("STEWARD_BINARY")]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates += [os.path.join(root, ".build", "debug", "steward"), os.path.join(root, ".build", "release", "steward")]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            copy = os.path.join(folder, "steward")
            shutil.copy2(path, copy)
            return copy
    sys.exit("%s: no steward binary; run 'swift build' or give --binary PATH" % script)


class Project:
    """A project folder: steward.yaml, the roster and `files` ({"workflows/x.yaml": text}); its store appears with the first start."""

    def __init__(self, binary, folder, files):
        self.binary = binary
        self.root = folder
        for name, text in [("steward.yaml", CONFIG), ("roster.yaml", ROSTER)] + sorted(files.items()):
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}

    @property
    def db(self):
        return os.path.join(self.root, ".steward", "steward.db")

    def moved(self, folder):
        """The same project copied to `folder` (a fresh copy of a prepared state)."""
        shutil.copytree(self.root, folder, symlinks=True)
        copy = Project.__new__(Project)
        copy.binary, copy.root, copy.env = self.binary, folder, self.env
        return copy

    def spawn(self, args, now, prefix=(), **streams):
        env = dict(self.env, STEWARD_NOW=now)
        streams.setdefault("stdout", subprocess.PIPE)
        streams.setdefault("stderr", subprocess.PIPE)
        return subprocess.Popen(list(prefix) + [self.binary] + args, cwd=self.root, env=env, **streams)

    def run(self, args, now, prefix=(), **streams):
        """(exit code, standard output, standard error); a code below 0 is the signal that ended it."""
        p = self.spawn(args, now, prefix, **streams)
        out, err = p.communicate()
        return p.returncode, (out or b"").decode("utf-8", "replace"), (err or b"").decode("utf-8", "replace")

    def connect(self):
        return sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)

    def started(self, workflow, now):
        """Starts an instance and returns its id; stops the script if that fails."""
        code, out, err = self.run(["start", workflow, "--as", "ann"], now)
        if code != 0:
            sys.exit("cannot start an instance of %s: %s%s" % (workflow, out, err))
        return started_id(out)


def started_id(out):
    """The instance id in `start`'s line `started ID: states`."""
    return out.split()[1].rstrip(":")


def store_problems(project, now, replay=True):
    """What is wrong with the store as a whole: PRAGMA integrity_check, seq contiguity, `audit verify --replay`."""
    problems = []
    db = project.connect()
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
        seqs = [r[0] for r in db.execute("SELECT seq FROM trail ORDER BY seq")]
    finally:
        db.close()
    if rows != ["ok"]:
        problems.append("integrity_check: %s" % rows[:5])
    if seqs != list(range(1, len(seqs) + 1)):
        problems.append("trail seq is not contiguous")
    if replay:
        code, out, err = project.run(["audit", "verify", "--replay"], now)
        if code != 0:
            problems.append("audit verify --replay exited %d: %s%s" % (code, out.strip(), err.strip()))
    return problems
