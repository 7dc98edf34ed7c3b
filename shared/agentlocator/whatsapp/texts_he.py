"""Hebrew text the WhatsApp channel itself sends (Leah's own words come from the brain).

Stored in logical order; WhatsApp renders right to left by itself.
"""

from __future__ import annotations

# A message with only media (a photo of a listing, a voice note) and no text: what Leah is
# told the caller sent, so she can answer naturally.
MEDIA_ONLY_PLACEHOLDER = "[הלקוח שלח קובץ מדיה]"

# Template variable fallback: the approved template greets the lead by the business's name.
TEMPLATE_FALLBACK_NAME = "לקוח/ה יקר/ה"

# Leah produced nothing (should not happen): a polite holding line rather than silence.
EMPTY_REPLY_FALLBACK = "קיבלתי, תודה! נחזור אליך בהקדם."
