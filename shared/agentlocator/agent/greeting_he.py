"""Leah's greeting, in Hebrew. Apart from replies_he so the voice webhook, which sends the
opening line with the stream, imports these strings and nothing else (no calendar, no engine).

The greeting is an opening that depends on the business only (played the moment the call starts,
pre-rendered) and a follow-up for this caller (computed while the opening plays).
"""

GREETING_OPENING = "שלום, כאן לאה מ{business}."
GREETING_ASK = "איך אפשר לעזור?"
GREETING_RETURNING = "{name}, טוב לשמוע ממך שוב. במה אפשר לעזור היום?"
GREETING_WITH_MEETING = "{name}יש לך פגישה איתנו {slot}. במה אפשר לעזור?"
