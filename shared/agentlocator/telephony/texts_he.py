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

# A person was asked for (words or 0): Leah says this before the stream closes.
HANDOFF_CONNECTING = "בשמחה, אני מעבירה אותך לנציג. רק רגע."
# Ringing the agent / waiting in the conference.
HANDOFF_PLEASE_HOLD = "מעבירה אותך כעת לנציג, נא להמתין."
# Nobody answered: voicemail after this line.
HANDOFF_NO_ANSWER = (
    "הנציגים שלנו לא זמינים כרגע. השאירו בבקשה הודעה אחרי הצליל, ונחזור אליכם בהקדם."
)
# Nobody answered, and the business sends the caller back to Leah.
HANDOFF_BACK_TO_LEAH = "הנציגים לא זמינים כרגע, אז אני כאן איתך."
# Out of hours: a callback instead of a transfer.
HANDOFF_CLOSED = "המשרד סגור כרגע, אז רשמתי בקשה שנציג יחזור אליכם בשעות הפעילות. תודה ולהתראות."
# What the agent hears before a warm transfer joins them with the caller. {summary}.
HANDOFF_WHISPER = "לאה מעבירה אליך פונה. {summary} להתחברות לשיחה הקישו על מקש כלשהו."
# The agent pressed a key after the caller had already left (hung up, or went to voicemail).
HANDOFF_AGENT_TOO_LATE = "הפונה כבר לא על הקו. נוצרה משימה לחזור אליו. תודה."
# The stream ended without a handoff request (the media service failed): apologise.
HANDOFF_STREAM_LOST = TECHNICAL_DIFFICULTY

# The note on the callback task a handoff leaves (staff read it in the CRM).
CALLBACK_NOTE_CLOSED = "ביקש/ה לדבר עם נציג מחוץ לשעות הפעילות."
CALLBACK_NOTE_NO_ANSWER = "ביקש/ה לדבר עם נציג, ואף אחד לא ענה. השאיר/ה הודעה קולית."
CALLBACK_NOTE_BACK_TO_LEAH = "ביקש/ה לדבר עם נציג, ואף אחד לא ענה. חזר/ה לשיחה עם לאה."
