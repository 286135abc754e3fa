#!/usr/bin/env python3
"""Rule B4 computed by a reference reader (PyPI `icalendar` + `recurring-ical-events`),
to cross-check what `guichet ical import` blocks:

    python3 -m venv /tmp/icvenv && /tmp/icvenv/bin/pip install icalendar recurring-ical-events
    /tmp/icvenv/bin/python scripts/ical-reference.py FILE.ics YYYY-MM-DD

prints the nights as a JSON list. Europe/Paris is the provider's zone; floating times
are local; our own UIDs (…@guichet) are ignored; nights from today to 730 days ahead.
"""
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

PARIS = ZoneInfo("Europe/Paris")


def local_date(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(PARIS).date()
    return value


def main():
    path, today = sys.argv[1], dt.date.fromisoformat(sys.argv[2])
    last = today + dt.timedelta(days=730)
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    nights = set()
    query = recurring_ical_events.of(cal, components=["VEVENT"])
    for event in query.between(today - dt.timedelta(days=400), last + dt.timedelta(days=2)):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(event.get("UID", "")).strip().lower().endswith("@guichet"):
            continue
        start = event["DTSTART"].dt
        end = event["DTEND"].dt if "DTEND" in event else None
        if end is None and "DURATION" in event:
            end = start + event["DURATION"].dt
        first = local_date(start)
        if isinstance(start, dt.datetime):
            after = local_date(end) if end is not None else first
            if after <= first:
                after = first + dt.timedelta(days=1)
        else:
            after = local_date(end) if end is not None else first + dt.timedelta(days=1)
            if after <= first:
                after = first + dt.timedelta(days=1)
        night = max(first, today)
        while night < after and night <= last:
            nights.add(night)
            night += dt.timedelta(days=1)
    print(json.dumps(sorted(n.isoformat() for n in nights)))


main()
