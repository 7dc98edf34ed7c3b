"""Hebrew texts the caller receives about a meeting (SMS). Times are local, numbers LTR."""

from __future__ import annotations

CONFIRMATION = "שלום{name}, נקבעה לך פגישה ב{business} ב-{when}.{address}\nלהוספה ליומן: {ics_url}"
REMINDER = "תזכורת: מחר, {when}, פגישה ב{business}.{address}\nלהוספה ליומן: {ics_url}"
# A meeting moved or cancelled (by staff or by Leah): the lead is told once per change.
MOVED = "שלום{name}, הפגישה שלך ב{business} הועברה ל-{when}.{address}\nלעדכון היומן: {ics_url}"
CANCELLED = (
    "שלום{name}, הפגישה שלך ב{business} ב-{when} בוטלה. "
    "לקביעת מועד חדש אפשר להתקשר אלינו או לכתוב לנו בוואטסאפ."
)
# ... and the meeting's agent. {phone}{name} as in the other agent notices; {before} the old time.
AGENT_MOVED = "לאה: הפגישה עם {phone}{name} הועברה ל-{when}{before}."
AGENT_MOVED_FROM = " (במקום {before})"
AGENT_CANCELLED = "לאה: הפגישה עם {phone}{name} ב-{when} בוטלה."
ADDRESS = " הכתובת: {address}."
NAME = " {name}"
WHEN_FORMAT = "%d.%m.%Y בשעה %H:%M"
ICS_SUMMARY = "פגישה ב{business}"
