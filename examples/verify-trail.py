#!/usr/bin/env python3
"""Verify an exported Steward audit trail, without Steward.

    python3 verify-trail.py TRAIL.jsonl [CHECKPOINT ...]

TRAIL.jsonl is what `steward audit export` writes; each CHECKPOINT is a file written by
`steward audit checkpoint` (or by tick into the `checkpoints:` folder). Written from
docs/trail-format.md alone, with Python's standard library only: it checks every entry's
hash, the chain, seq, the Merkle root at each checkpoint's size and at its previous
checkpoint's size, and warns about entries dated backwards. A trail in chains (a `chain`
key on every line, version 3 checkpoints) is checked chain by chain, each from its own
genesis hash, and against every chain's size and root each checkpoint states.

Python's standard library has no Ed25519, so this script does NOT check checkpoint
signatures: it says so, and `steward audit verify --key FILE.pub` is the way to check them.

Exit status: 0 the trail verified; 1 it did not (each problem printed); 3 a file could
not be read; 64 wrong usage.
"""

import hashlib
import json
import sys

TAG = b"steward-trail-v1"
KEYS = ["seq", "at", "time", "instance", "definition", "event", "fromState", "toState",
        "person", "account", "host", "engineVersion", "details", "previousHash", "hash"]
TEXT_FIELDS = ["instance", "definition", "event", "fromState", "toState", "person",
               "account", "host", "engineVersion", "details", "previousHash"]
GENESIS = "0" * 64
EMPTY_ROOT = hashlib.sha256(b"").digest()
CHAIN_TAG = b"steward-trail-chain"
CHAINS_TAG = b"steward-trail-chains"
MOST_CHAINS = 4096  # trail_chains: is 1 to 4096


def genesis(chain):
    """The previousHash of a chain's first entry: 64 zeros for chain 0, else the hex SHA-256
    of "steward-trail-chain" and the chain as 4 bytes big-endian."""
    if chain == 0:
        return GENESIS
    return hashlib.sha256(CHAIN_TAG + chain.to_bytes(4, "big")).hexdigest()


def chains_root(heads):
    """The root a version 3 checkpoint states: the Merkle root over one leaf per chain,
    SHA-256(0x00, "steward-trail-chains", chain (4 bytes), size (8 bytes), the chain's root)."""
    tree = Tree()
    for chain, (size, root) in enumerate(heads):
        tree.append(leaf_hash(CHAINS_TAG + chain.to_bytes(4, "big") + size.to_bytes(8, "big") + bytes.fromhex(root)))
    return tree.root().hex()


class Malformed(Exception):
    """A line or file that does not have the documented form."""


def canonical_bytes(entry):
    """The tag, seq and at (8 bytes each, big-endian two's complement), then each text
    field as a 4-byte big-endian length and its UTF-8 bytes."""
    out = bytearray(TAG)
    out += entry["seq"].to_bytes(8, "big", signed=True)
    out += entry["at"].to_bytes(8, "big", signed=True)
    for name in TEXT_FIELDS:
        data = entry[name].encode("utf-8")
        out += len(data).to_bytes(4, "big") + data
    return bytes(out)


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Tree:
    """The RFC 9162 Merkle tree, kept as the roots of its perfect subtrees."""

    def __init__(self):
        self.size = 0
        self.peaks = []

    def append(self, leaf):
        node, remaining = leaf, self.size
        while remaining & 1:
            node = node_hash(self.peaks.pop(), node)
            remaining >>= 1
        self.peaks.append(node)
        self.size += 1

    def root(self):
        if not self.peaks:
            return EMPTY_ROOT
        node = self.peaks[-1]
        for left in reversed(self.peaks[:-1]):
            node = node_hash(left, node)
        return node


def iso8601(ms):
    """`at` as the export writes `time`: UTC, milliseconds, e.g. 2026-11-02T01:00:00.000Z."""
    days, ms_of_day = divmod(ms, 86_400_000)
    # Days since 1970-01-01 to a proleptic Gregorian date (the civil-from-days algorithm).
    z = days + 719_468
    era = (z if z >= 0 else z - 146_096) // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    if year < 0:
        year_text = "-%04d" % -year
    elif year > 9999:
        year_text = "+%d" % year
    else:
        year_text = "%04d" % year
    seconds, millis = divmod(ms_of_day, 1000)
    return "%s-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        year_text, month, day, seconds // 3600, seconds // 60 % 60, seconds % 60, millis)


def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise Malformed("the key '%s' appears twice" % key)
        seen[key] = value
    return seen


def read_entry(raw):
    """One exported line (bytes, without its newline) as an entry, or Malformed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("not valid utf-8")
    if not text:
        raise Malformed("empty line")
    try:
        entry = json.loads(text, object_pairs_hook=no_duplicates)
    except ValueError as error:
        raise Malformed("not valid json: %s" % error)
    if not isinstance(entry, dict):
        raise Malformed("expected a json object")
    unknown = sorted(set(entry) - set(KEYS) - {"chain"})
    if unknown:
        raise Malformed("unknown key '%s'" % unknown[0])
    if "chain" in entry and (type(entry["chain"]) is not int or not 0 <= entry["chain"] < 2**32):
        raise Malformed("'chain' must be a non-negative integer")
    for key in KEYS:
        if key not in entry:
            raise Malformed("missing key '%s'" % key)
    for key in ("seq", "at"):
        if type(entry[key]) is not int or not -2**63 <= entry[key] < 2**63:
            raise Malformed("'%s' must be an integer" % key)
    for key in KEYS[2:]:
        if not isinstance(entry[key], str):
            raise Malformed("'%s' must be a string" % key)
        try:
            entry[key].encode("utf-8")
        except UnicodeEncodeError:
            raise Malformed("'%s' holds a lone surrogate" % key)
    if entry["time"] != iso8601(entry["at"]):
        raise Malformed("'time' %s does not match 'at' %d" % (entry["time"], entry["at"]))
    return entry


def decimal(text, negative=False):
    """A canonical decimal integer (no leading zeros, '-' only when allowed), or None."""
    digits = text[1:] if negative and text.startswith("-") else text
    if not digits.isdigit() or not digits.isascii() or (len(digits) > 1 and digits[0] == "0"):
        return None
    if text == "-0":
        return None
    return int(text)


def is_hash(text):
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def read_checkpoint(path):
    """A checkpoint file (version 1, 2 or 3) as a dict, or Malformed naming the line."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("%s: not valid utf-8" % path)
    if not text.endswith("\n"):
        raise Malformed("%s: a checkpoint must end with a newline" % path)
    lines = text[:-1].split("\n")
    body_lines = {"steward-trail-checkpoint v1": 5, "steward-trail-checkpoint v2": 7,
                  "steward-trail-checkpoint v3": 7}.get(lines[0])
    if body_lines is None:
        raise Malformed("%s: line 1: not a Steward checkpoint" % path)

    def fail(line, message):
        raise Malformed("%s: line %d: %s" % (path, line, message))

    heads = None
    if lines[0].endswith("v3"):
        # Line 8: the number of chains K (at least 2); then one line "<chain> <size> <root>" each.
        count = decimal(lines[7]) if len(lines) > 7 else None
        if count is None or count < 2:
            fail(8, "expected the number of chains, at least 2")
        heads = []
        for chain in range(count):
            parts = lines[8 + chain].split(" ") if len(lines) > 8 + chain else []
            if len(parts) != 3 or parts[0] != str(chain) or decimal(parts[1]) is None or not is_hash(parts[2]):
                fail(9 + chain, "expected '%d <size> <root>'" % chain)
            heads.append((decimal(parts[1]), parts[2]))
        body_lines = 8 + count
    if len(lines) < body_lines + 1:
        raise Malformed("%s: line %d: the checkpoint ends early" % (path, len(lines) + 1))

    if not lines[1] or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in lines[1]):
        fail(2, "origin must be one non-empty line")
    size = decimal(lines[2])
    if size is None:
        fail(3, "tree size must be a decimal number")
    if not is_hash(lines[3]):
        fail(4, "root must be 64 lower-case hex digits")
    created = decimal(lines[4], negative=True)
    if created is None:
        fail(5, "created time must be a decimal number")
    checkpoint = {"path": path, "size": size, "root": lines[3], "created": created,
                  "previous": None, "signed": False, "chains": heads}
    if heads is not None:
        if sum(head[0] for head in heads) != size:
            fail(3, "tree size must be the sum of the chains' sizes")
        if chains_root(heads) != lines[3]:
            fail(4, "root must be the Merkle root over the chains' lines")
    if body_lines >= 7:
        previous = decimal(lines[5])
        if previous is None or previous > size:
            fail(6, "the previous size must be a decimal number no larger than the size")
        if not is_hash(lines[6]):
            fail(7, "the previous root must be 64 lower-case hex digits")
        checkpoint["previous"] = (previous, lines[6])
    if lines[body_lines]:
        fail(body_lines + 1, "expected a blank line after the body")
    if len(lines) == body_lines + 2:
        parts = lines[body_lines + 1].split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or not (len(parts[1]) == 8 and all(c in "0123456789abcdef" for c in parts[1])):
            fail(body_lines + 2, "expected a signature line")
        checkpoint["signed"] = True
        checkpoint["key"] = parts[1]
    elif len(lines) > body_lines + 2:
        fail(body_lines + 3, "unexpected text after the signature line")
    return checkpoint


def is_chained(trail_path):
    """True when the export's first line names its chain (a trail in chains)."""
    try:
        with open(trail_path, "rb") as handle:
            first = handle.readline().rstrip(b"\r\n")
        return "chain" in json.loads(first.decode("utf-8"))
    except (OSError, ValueError, TypeError):
        return False


def open_trail(trail_path):
    """The exported trail opened for reading, or None after saying why it cannot be."""
    try:
        return open(trail_path, "rb")
    except OSError as error:
        print("steward: error: cannot read '%s': %s" % (trail_path, error.strerror), file=sys.stderr)
        return None


def numbered_lines(handle):
    """Each line with its number from 1, without its line ending (LF or CRLF)."""
    for number, raw in enumerate(handle, start=1):
        raw = raw[:-1] if raw.endswith(b"\n") else raw
        yield number, raw[:-1] if raw.endswith(b"\r") else raw


def verify(trail_path, checkpoints):
    """Prints what was found and proven; returns the exit status."""
    if is_chained(trail_path) or any(checkpoint["chains"] is not None for checkpoint in checkpoints):
        return verify_chains(trail_path, checkpoints)
    claims = []
    for checkpoint in checkpoints:
        name = "the checkpoint %s" % checkpoint["path"]
        claims.append((checkpoint["size"], checkpoint["root"], name))
        if checkpoint["previous"] is not None:
            size, root = checkpoint["previous"]
            claims.append((size, root, "the previous checkpoint that %s names" % checkpoint["path"]))
    claims.sort(key=lambda claim: claim[0])
    tree = Tree()
    previous_hash = GENESIS
    previous_at = None
    warnings = []
    problem = None

    def check_claims():
        while claims and claims[0][0] <= tree.size:
            size, root, name = claims.pop(0)
            if tree.root().hex() != root:
                return "the first %d entries do not match %s: an entry at or before entry %d was rewritten" % (
                    size, name, size)
        return None

    problem = check_claims()
    handle = open_trail(trail_path)
    if handle is None:
        return 3
    with handle:
        for number, raw in numbered_lines(handle):
            if problem:
                break
            seq = tree.size + 1
            try:
                entry = read_entry(raw)
                if "chain" in entry:
                    raise Malformed("unknown key 'chain': the first line had none")
            except Malformed as error:
                problem = "line %d cannot be read as an entry (where entry %d should be): %s" % (number, seq, error)
                break
            if entry["hash"] != leaf_hash(canonical_bytes(entry)).hex():
                problem = "entry %d was altered: its hash does not match its contents" % seq
            elif entry["seq"] != seq:
                problem = "entry %d is missing or out of place: line %d holds entry %d" % (seq, number, entry["seq"])
            elif entry["previousHash"] != previous_hash:
                problem = "entry %d does not follow entry %d: its previous hash is not that entry's hash" % (seq, seq - 1)
            if problem:
                break
            if previous_at is not None and entry["at"] < previous_at:
                warnings.append("entry %d is dated %s, before entry %d (%s)" % (
                    seq, iso8601(entry["at"]), seq - 1, iso8601(previous_at)))
            previous_at = entry["at"]
            previous_hash = entry["hash"]
            tree.append(bytes.fromhex(entry["hash"]))
            problem = check_claims()
    if not problem and claims:
        size, _, name = claims[-1]
        problem = "the trail ends after entry %d, but %s covers %d entries: entries %d to %d were removed" % (
            tree.size, name, size, tree.size + 1, size)
    if problem:
        print("FAILED: " + problem)
    else:
        print("OK: %d entries, %d checkpoints, root %s" % (tree.size, len(checkpoints), tree.root().hex()))
    for warning in warnings:
        print("warning: " + warning)
    if problem:
        return 1
    if not checkpoints:
        print("warning: not anchored: no checkpoint was given, so this shows only that the trail agrees with "
              "itself; someone who could change the file could have rewritten all of it")
    elif any(checkpoint["signed"] for checkpoint in checkpoints):
        print("signature: not checked: Python's standard library has no Ed25519; "
              "check signatures with 'steward audit verify --key FILE.pub'")
    else:
        print("signature: none: the checkpoints are not signed")
    return 0


def verify_chains(trail_path, checkpoints):
    """A trail in chains: each chain contiguous from seq 1, linked from its own genesis hash,
    and matching the size and root every checkpoint states for it. Prints; returns the status."""
    counts = {len(checkpoint["chains"]) for checkpoint in checkpoints if checkpoint["chains"] is not None}
    problem = None
    if len(counts) > 1:
        problem = "the checkpoints are of different numbers of chains: they are not of one trail"
    chain_count = max(counts) if counts else None
    claims = {}
    for checkpoint in checkpoints:
        name = "the checkpoint %s" % checkpoint["path"]
        if checkpoint["chains"] is None:
            # A checkpoint of one chain (version 1 or 2) speaks of chain 0: a store moved into
            # chains keeps its old trail there.
            claims.setdefault(0, []).append((checkpoint["size"], checkpoint["root"], name))
            if checkpoint["previous"] is not None:
                size, root = checkpoint["previous"]
                claims[0].append((size, root, "the previous checkpoint that %s names" % checkpoint["path"]))
            continue
        for chain, (size, root) in enumerate(checkpoint["chains"]):
            claims.setdefault(chain, []).append((size, root, name))
    for chain_claims in claims.values():
        chain_claims.sort(key=lambda claim: claim[0])
    ordered = sorted(checkpoints, key=lambda checkpoint: checkpoint["size"])
    for earlier, later in zip(ordered, ordered[1:]):
        for chain, (old, new) in enumerate(zip(earlier["chains"] or [], later["chains"] or [])):
            if new[0] < old[0] and not problem:
                problem = "chain %d: %s gives it %d entries, fewer than the %d of %s" % (
                    chain, later["path"], new[0], old[0], earlier["path"])
    for checkpoint in checkpoints:
        if checkpoint["chains"] is None or checkpoint["previous"] is None:
            continue
        size, root = checkpoint["previous"]
        named = [other for other in checkpoints if other["size"] == size]
        if (size == 0 and root != EMPTY_ROOT.hex()) or any(other["root"] != root for other in named):
            problem = problem or "%s names a previous checkpoint of %d entries with another root" % (checkpoint["path"], size)
    heads = []
    warnings = []
    state = {"chain": 0, "tree": Tree(), "previous": genesis(0), "at": None}

    def check_claims():
        pending = claims.get(state["chain"], [])
        while pending and pending[0][0] <= state["tree"].size:
            size, root, name = pending.pop(0)
            if state["tree"].root().hex() != root:
                return "chain %d: the first %d entries do not match %s: an entry at or before entry %d was rewritten" % (
                    state["chain"], size, name, size)
        return None

    def close():
        """Ends the current chain: a checkpoint that covers more of it means entries were removed."""
        pending = claims.get(state["chain"], [])
        problem = check_claims()
        if not problem and pending:
            size, _, name = pending[-1]
            tree = state["tree"]
            problem = "chain %d: the chain ends after entry %d, but %s covers %d entries: entries %d to %d were removed" % (
                state["chain"], tree.size, name, size, tree.size + 1, size)
        heads.append((state["tree"].size, state["tree"].root().hex()))
        return problem

    def start(chain):
        state.update(chain=chain, tree=Tree(), previous=genesis(chain), at=None)

    if not problem:
        problem = check_claims()
    handle = open_trail(trail_path)
    if handle is None:
        return 3
    with handle:
        for number, raw in numbered_lines(handle):
            if problem:
                break
            try:
                entry = read_entry(raw)
                if "chain" not in entry:
                    raise Malformed("missing key 'chain'")
            except Malformed as error:
                problem = "line %d cannot be read as an entry: %s" % (number, error)
                break
            chain = entry["chain"]
            if chain < state["chain"]:
                problem = "chain %d: line %d comes after the entries of chain %d: the trail is not in chain order" % (
                    chain, number, state["chain"])
                break
            if chain >= (chain_count or MOST_CHAINS):
                problem = "chain %d: line %d is in chain %d, but the trail has %s chains" % (
                    chain, number, chain, chain_count or "at most %d" % MOST_CHAINS)
                break
            while state["chain"] < chain and not problem:
                problem = close()
                start(state["chain"] + 1)
            if problem:
                break
            tree = state["tree"]
            seq = tree.size + 1
            where = "chain %d: " % chain
            if entry["hash"] != leaf_hash(canonical_bytes(entry)).hex():
                problem = where + "entry %d was altered: its hash does not match its contents" % seq
            elif entry["seq"] != seq:
                problem = where + "entry %d is missing or out of place: line %d holds entry %d" % (seq, number, entry["seq"])
            elif entry["previousHash"] != state["previous"]:
                problem = where + ("entry 1 does not start the chain: its previous hash is not the chain's genesis hash"
                                   if seq == 1 else "entry %d does not follow entry %d: its previous hash is not that "
                                   "entry's hash" % (seq, seq - 1))
            if problem:
                break
            if state["at"] is not None and entry["at"] < state["at"]:
                warnings.append(where + "entry %d is dated %s, before entry %d (%s)" % (
                    seq, iso8601(entry["at"]), seq - 1, iso8601(state["at"])))
            state["at"] = entry["at"]
            state["previous"] = entry["hash"]
            tree.append(bytes.fromhex(entry["hash"]))
            problem = check_claims()
    if not problem:
        last = max(chain_count or 0, state["chain"] + 1) - 1
        problem = close()
        while not problem and state["chain"] < last:
            start(state["chain"] + 1)
            problem = close()
    if problem:
        print("FAILED: " + problem)
    else:
        print("OK: %d entries in %d chains, %d checkpoints, root %s" % (
            sum(head[0] for head in heads), len(heads), len(checkpoints), chains_root(heads)))
    for warning in warnings:
        print("warning: " + warning)
    if problem:
        return 1
    if not checkpoints:
        print("warning: not anchored: no checkpoint was given, so this shows only that the trail agrees with "
              "itself; someone who could change the file could have rewritten all of it")
    elif any(checkpoint["signed"] for checkpoint in checkpoints):
        print("signature: not checked: Python's standard library has no Ed25519; "
              "check signatures with 'steward audit verify --key FILE.pub'")
    else:
        print("signature: none: the checkpoints are not signed")
    return 0


def main(arguments):
    if not arguments or arguments[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 64 if not arguments else 0
    checkpoints = []
    for path in arguments[1:]:
        try:
            checkpoints.append(read_checkpoint(path))
        except OSError as error:
            print("steward: error: cannot read '%s': %s" % (path, error.strerror), file=sys.stderr)
            return 3
        except Malformed as error:
            print("FAILED: %s" % error)
            return 1
    return verify(arguments[0], checkpoints)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
