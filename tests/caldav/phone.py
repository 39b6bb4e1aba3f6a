#!/usr/bin/env python3
"""A phone's task app, played by Python's `caldav` package, for closeout's tests.

    phone.py URL [--user U --password P]

reads one command a line on standard input and answers each with one line on standard output
(`ok`, or for `list` a JSON array), so that a test pays for Python's start-up once:

    list                        every to-do: uid, summary, status, due, completed, related_to,
                                kind (X-CLOSEOUT-KIND) and the number of alarms
    complete UID YYYY-MM-DD     completed at 17:00 UTC that day
    reopen UID
    due UID YYYY-MM-DD
    delete UID
    cancel UID                  cancelled (STATUS:CANCELLED)
    bare-complete UID YYYY-MM-DD
                                completed, saved by an app that keeps no X- property
    summary UID TEXT            a change closeout does not take in
    add UID PARENT|none TEXT    a new to-do, under the to-do PARENT (RELATED-TO) or under none
    make-events-calendar        a calendar at URL that takes events only

A failed command answers `error: ...`. The process exits at the end of its input, or after
120 seconds whatever happens, so that a test never waits on it for ever.
"""

import argparse
import datetime
import json
import os
import sys
import threading

import caldav


def day(text):
    return datetime.date.fromisoformat(text)


def run(client, url, action, args):
    if action == "make-events-calendar":
        body = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                '<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
                '</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>')
        r = client.request(url, "MKCALENDAR", body, {"Content-Type": "application/xml"})
        if r.status != 201:
            raise RuntimeError(f"MKCALENDAR answered {r.status}")
        return "ok"
    cal = client.calendar(url=url)
    if action == "list":
        found = []
        for todo in cal.todos(include_completed=True):
            c = todo.icalendar_component
            due = c.get("due")
            completed = c.get("completed")
            related = c.get("related-to")
            found.append({
                "uid": str(c.get("uid")),
                "summary": str(c.get("summary", "")),
                "status": str(c.get("status", "")),
                "due": due.dt.isoformat() if due is not None else None,
                "completed": completed.dt.isoformat() if completed is not None else None,
                "related_to": str(related) if related is not None else None,
                "kind": str(c.get("x-closeout-kind", "")),
                "alarms": len(c.subcomponents),
            })
        return json.dumps(found)
    if action == "add":
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        related = f"RELATED-TO:{args[1]}\r\n" if args[1] != "none" else ""
        cal.save_todo(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test phone//EN\r\n"
            f"BEGIN:VTODO\r\nUID:{args[0]}\r\nDTSTAMP:{stamp}\r\n"
            f"SUMMARY:{' '.join(args[2:])}\r\n{related}STATUS:NEEDS-ACTION\r\n"
            "END:VTODO\r\nEND:VCALENDAR\r\n")
        return "ok"
    todo = cal.todo_by_uid(args[0])
    c = todo.icalendar_component
    if action == "complete":
        when = datetime.datetime.combine(day(args[1]), datetime.time(17, 0),
                                         tzinfo=datetime.timezone.utc)
        todo.complete(completion_timestamp=when)
    elif action == "reopen":
        todo.uncomplete()
    elif action == "due":
        c.pop("due", None)
        c.add("due", day(args[1]))
        bump(c)
        todo.save()
    elif action == "summary":
        c.pop("summary", None)
        c.add("summary", " ".join(args[1:]))
        bump(c)
        todo.save()
    elif action == "delete":
        todo.delete()
    elif action == "cancel":
        c.pop("status", None)
        c.add("status", "CANCELLED")
        bump(c)
        todo.save()
    elif action == "bare-complete":
        for name in [k for k in c.keys() if k.upper().startswith("X-")]:
            c.pop(name, None)
        when = datetime.datetime.combine(day(args[1]), datetime.time(17, 0),
                                         tzinfo=datetime.timezone.utc)
        todo.complete(completion_timestamp=when)
    else:
        raise RuntimeError(f"unknown command {action}")
    return "ok"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("--user")
    p.add_argument("--password")
    a = p.parse_args()
    threading.Timer(120, lambda: os._exit(3)).start()
    client = caldav.DAVClient(url=a.url, username=a.user, password=a.password, timeout=30)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            answer = run(client, a.url, words[0], words[1:])
        except Exception as e:  # the test reads it and fails with it
            answer = f"error: {type(e).__name__}: {e}"
        print(answer, flush=True)
    os._exit(0)


def bump(c):
    """What an app does when it saves an edit: a newer LAST-MODIFIED and SEQUENCE."""
    c.pop("last-modified", None)
    c.add("last-modified", datetime.datetime.now(datetime.timezone.utc))
    seq = int(c.get("sequence", 0))
    c.pop("sequence", None)
    c.add("sequence", seq + 1)


if __name__ == "__main__":
    sys.exit(main())
