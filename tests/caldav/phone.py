#!/usr/bin/env python3
"""A phone's task app, played by Python's `caldav` package, for closeout's tests.

    phone.py URL [--user U --password P] list
    phone.py URL ... complete UID YYYY-MM-DD   (completed at 17:00 UTC that day)
    phone.py URL ... reopen UID
    phone.py URL ... due UID YYYY-MM-DD
    phone.py URL ... delete UID
    phone.py URL ... summary UID TEXT          (a change closeout does not take in)
    phone.py URL ... make-events-calendar      (a calendar at URL that takes events only)

`list` prints one JSON object per to-do: uid, summary, status, due, completed, related_to,
and the X-CLOSEOUT-KIND property.
"""

import argparse
import datetime
import json
import sys

import caldav


def day(text):
    return datetime.date.fromisoformat(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("action")
    p.add_argument("args", nargs="*")
    a = p.parse_args()
    client = caldav.DAVClient(url=a.url, username=a.user, password=a.password)
    if a.action == "make-events-calendar":
        body = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                '<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
                '</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>')
        r = client.request(a.url, "MKCALENDAR", body, {"Content-Type": "application/xml"})
        return 0 if r.status == 201 else 1
    cal = client.calendar(url=a.url)
    if a.action == "list":
        for todo in cal.todos(include_completed=True):
            c = todo.icalendar_component
            due = c.get("due")
            completed = c.get("completed")
            related = c.get("related-to")
            print(json.dumps({
                "uid": str(c.get("uid")),
                "summary": str(c.get("summary", "")),
                "status": str(c.get("status", "")),
                "due": due.dt.isoformat() if due is not None else None,
                "completed": completed.dt.isoformat() if completed is not None else None,
                "related_to": str(related) if related is not None else None,
                "kind": str(c.get("x-closeout-kind", "")),
                "alarms": len(todo.icalendar_component.subcomponents),
            }))
        return 0
    todo = cal.todo_by_uid(a.args[0])
    c = todo.icalendar_component
    if a.action == "complete":
        when = datetime.datetime.combine(day(a.args[1]), datetime.time(17, 0),
                                         tzinfo=datetime.timezone.utc)
        todo.complete(completion_timestamp=when)
    elif a.action == "reopen":
        todo.uncomplete()
    elif a.action == "due":
        c.pop("due", None)
        c.add("due", day(a.args[1]))
        bump(c)
        todo.save()
    elif a.action == "summary":
        c.pop("summary", None)
        c.add("summary", a.args[1])
        bump(c)
        todo.save()
    elif a.action == "delete":
        todo.delete()
    else:
        print(f"unknown action {a.action}", file=sys.stderr)
        return 2
    return 0


def bump(c):
    """What an app does when it saves an edit: a newer LAST-MODIFIED and SEQUENCE."""
    c.pop("last-modified", None)
    c.add("last-modified", datetime.datetime.now(datetime.timezone.utc))
    seq = int(c.get("sequence", 0))
    c.pop("sequence", None)
    c.add("sequence", seq + 1)


if __name__ == "__main__":
    sys.exit(main())
