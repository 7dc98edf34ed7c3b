"""Hebrew wording of a call's summary (what staff read on the call and the agent gets by message).

Text in logical order; numbers, phones and times stay left-to-right inside it.
"""

from __future__ import annotations

WANTS = "מה מבוקש: {details}."
SAID = 'הפונה אמר/ה: "{line}".'
NOTHING_CAPTURED = "לא נמסרו פרטים בשיחה."
MEETING = "נקבעה פגישה ל-{when}."
NEXT_CALLBACK = "הצעד הבא: לחזור לפונה, ביקש/ה שיחזרו אליו/ה."
NEXT_HANDOFF = "הצעד הבא: הפונה ביקש/ה לדבר עם נציג/ה, לחזור אליו/ה."
NEXT_CONTACT = "הצעד הבא: ליצור קשר ולקבוע פגישה."
WHEN_FORMAT = "%d.%m.%Y בשעה %H:%M"

# The LLM's instructions: the same three parts, short, in Hebrew.
LLM_INSTRUCTIONS = (
    "סכם/י בעברית, בשניים-שלושה משפטים קצרים, שיחת טלפון בין לאה (העוזרת הדיגיטלית של משרד "
    "התיווך) לבין פונה: מה הפונה מחפש/ת, הפרטים שנמסרו, והפגישה שנקבעה או הצעד הבא. "
    "בלי פתיח ובלי סיום, רק הסיכום."
)

# The message the assigned agent gets after a call (SMS or WhatsApp).
AGENT_CALL_NOTICE = "לאה: שיחה מ-{phone}{name}.\n{summary}"
AGENT_NAME_SUFFIX = " ({name})"

# The messages the agent gets at once, on any channel (voice or WhatsApp).
AGENT_MEETING_NOTICE = "לאה: נקבעה פגישה עם {phone}{name} ל-{when}."
AGENT_CALLBACK_NOTICE = "לאה: {phone}{name} ביקש/ה שיחזרו אליו/ה{reason}."
AGENT_CALLBACK_REASON = " ({reason})"
AGENT_HOT_LEAD_NOTICE = "לאה: ליד חם! {phone}{name}: {details}. כדאי לחזור אליו/ה היום."
