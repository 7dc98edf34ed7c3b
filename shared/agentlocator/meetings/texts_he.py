"""Hebrew texts the caller receives about a meeting (SMS). Times are local, numbers LTR."""

from __future__ import annotations

CONFIRMATION = "שלום{name}, נקבעה לך פגישה ב{business} ב-{when}.{address}\nלהוספה ליומן: {ics_url}"
REMINDER = "תזכורת: מחר, {when}, פגישה ב{business}.{address}\nלהוספה ליומן: {ics_url}"
ADDRESS = " הכתובת: {address}."
NAME = " {name}"
WHEN_FORMAT = "%d.%m.%Y בשעה %H:%M"
ICS_SUMMARY = "פגישה ב{business}"
