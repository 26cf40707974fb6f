#!/usr/bin/env python3
"""mail-folder: a Steward delivery channel (process plug-in, protocol 1).

Reads one request line on stdin, writes one mail per notice to <outbox>/mail/<id>.eml and
answers with JSON frames on stdout: hello, log lines, one result. The file name and the
Message-ID come from the operation key, so the same notice handed over again (a retry, a
call after a crash) finds its mail already there and writes nothing twice.

Standard library only. MAIL_FROM sets the From address (default
"Steward <steward@localhost>").
"""
import email.errors
import email.policy
import email.utils
import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage

NAME = "mail-folder"
VERSION = "1.0.0"


class Refused(Exception):
    """A request this plug-in cannot carry out; trying again will not help."""


def frame(value):
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def log(level, message):
    frame({"type": "log", "level": level, "message": message})


def result_error(kind, message, retryable):
    frame({"type": "result", "ok": False, "error": {"kind": kind, "message": message, "retryable": retryable}})


def text(arguments, name, required=True):
    value = arguments.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise Refused(f"'{name}' must be text")
    return value


def people(arguments):
    to = arguments.get("to")
    if not isinstance(to, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in to):
        raise Refused("'to' must be a list of people, each {id, name, email?, phone?}")
    return to


def mail(request):
    arguments = request.get("with")
    if not isinstance(arguments, dict):
        raise Refused("the request has no 'with'")
    to = people(arguments)
    subject = text(arguments, "subject")
    body = text(arguments, "body", required=False)
    notice = text(arguments, "notice")
    operation = request.get("operation_key") or notice
    outbox = (request.get("places") or {}).get("outbox")
    if not isinstance(outbox, str) or not outbox:
        raise Refused("the request names no outbox folder in 'places'")

    digest = hashlib.sha256(operation.encode("utf-8")).hexdigest()[:32]
    message_id = f"<{digest}@steward.invalid>"
    name = f"mail/{digest}.eml"
    folder = os.path.join(outbox, "mail")
    path = os.path.join(folder, f"{digest}.eml")

    addressed = [p for p in to if isinstance(p.get("email"), str) and p["email"]]
    skipped = [p["id"] for p in to if p not in addressed]
    for person in skipped:
        log("warn", f"{person} has no email in the roster: not in the mail")
    output = {"message_id": message_id, "skipped": skipped}
    if not addressed:
        log("warn", "nobody to write to: no one of 'to' has an email")
        return output
    output["file"] = name
    if os.path.exists(path):
        log("info", f"{name} is there already (notice {notice})")
        return output

    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = os.environ.get("MAIL_FROM") or "Steward <steward@localhost>"
    try:
        message["To"] = [Address(display_name=p.get("name") or p["id"], addr_spec=p["email"]) for p in addressed]
    except (ValueError, IndexError, email.errors.MessageError) as error:
        raise Refused(f"an email of 'to' is not a mail address: {error}")
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = message_id
    message["X-Steward-Notice"] = notice
    # Base64 keeps a Chinese body intact through mail systems that take 7-bit text only.
    message.set_content(body, charset="utf-8", cte="7bit" if body.isascii() else "base64")
    write_whole(folder, path, message.as_bytes())
    log("info", f"wrote {name} to {len(addressed)} of {len(to)}")
    return output


def write_whole(folder, path, data):
    """The file appears under its name only whole: a temporary name, synced, then renamed."""
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def main():
    frame({"type": "hello", "protocol": 1, "name": NAME, "version": VERSION})
    try:
        request = json.loads(sys.stdin.readline())
        if not isinstance(request, dict):
            raise Refused("the request is not a JSON object")
        output = mail(request)
    except json.JSONDecodeError as error:
        result_error("bad-request", f"the request is not JSON: {error}", False)
    except Refused as error:
        result_error("bad-request", str(error), False)
    except OSError as error:
        result_error("io", f"the mail could not be written: {error.strerror or error}", True)
    else:
        frame({"type": "result", "ok": True, "output": output})


if __name__ == "__main__":
    main()
