"""iCalendar invitations (RFC 5545) that Outlook and others accept."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

TZ = ZoneInfo("Europe/Amsterdam")


def uitnodiging(*, uid: str, start: datetime, duur_minuten: int, titel: str, locatie: str, beschrijving: str,
                organisator: str, deelnemers: list[str], stamp: datetime, sequence: int = 0) -> bytes:
    """`start` is Europe/Amsterdam wall time (naive or aware)."""
    start = start if start.tzinfo else start.replace(tzinfo=TZ)
    cal = Calendar()
    cal.add("prodid", "-//IJmond Werkt!//werkpad//NL")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=duur_minuten))
    ev.add("summary", titel)
    ev.add("location", locatie)
    ev.add("description", beschrijving)
    ev.add("sequence", sequence)
    ev.add("organizer", vCalAddress(f"mailto:{organisator}"))
    for d in deelnemers:
        a = vCalAddress(f"mailto:{d}")
        a.params["ROLE"] = "REQ-PARTICIPANT"
        a.params["RSVP"] = "TRUE"
        ev.add("attendee", a, encode=False)
    cal.add_component(ev)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
