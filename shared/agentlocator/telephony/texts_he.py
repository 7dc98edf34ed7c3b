"""Hebrew lines callers hear from TwiML ``<Say>`` (one module so wording is edited in one place).

Text is stored in logical order; Twilio's he-IL voice reads it right to left by itself.
"""

from __future__ import annotations

SAY_LANGUAGE = "he-IL"

# A number we route nowhere: short, polite, no business name (we do not know whose it was).
UNKNOWN_NUMBER = "שלום, המספר שחייגתם אינו זמין כרגע. תודה ולהתראות."

# After hours, when the business chose voicemail. {business} is the business's display name.
VOICEMAIL_PROMPT = (
    "שלום, הגעתם ל{business}. המשרד סגור כעת. "
    "השאירו בבקשה הודעה עם שמכם ומה אתם מחפשים אחרי הצליל, ונחזור אליכם בהקדם."
)
# Caller id withheld: Leah keeps every conversation on the caller's phone, so ask for it.
WITHHELD_CALLER_PROMPT = (
    "שלום, הגעתם ל{business}. המספר שלכם חסוי, ולכן לא נוכל לחזור אליכם אוטומטית. "
    "השאירו בבקשה אחרי הצליל את שמכם, מספר טלפון ומה אתם מחפשים, ונחזור אליכם בהקדם."
)
VOICEMAIL_THANKS = "תודה, ההודעה נשמרה. נחזור אליכם בהקדם. להתראות."

# Something broke on our side while answering: better than Twilio's English "application error".
TECHNICAL_DIFFICULTY = "שלום, יש לנו תקלה זמנית. אנא נסו להתקשר שוב בעוד כמה דקות. תודה."
