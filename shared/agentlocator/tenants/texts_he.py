"""Hebrew for what provisioning can refuse (the sign-up screens show these)."""

from __future__ import annotations

# TenantSpec field → its Hebrew name, for "400 naming the field in Hebrew".
FIELD_LABELS_HE: dict[str, str] = {
    "business_id": "מזהה המשרד",
    "name": "שם המשרד",
    "owner": "בעל/ת המשרד",
    "owner.email": "האימייל של בעל/ת המשרד",
    "owner.uid": "המשתמש של בעל/ת המשרד",
    "owner.display_name": "השם של בעל/ת המשרד",
    "timezone": "אזור הזמן",
    "hours": "שעות הפעילות",
    "meeting_minutes": "אורך פגישה",
    "agents": "הסוכנים",
    "voice_numbers": "מספרי הטלפון",
    "whatsapp_numbers": "מספרי הוואטסאפ",
    "greeting": "ברכת הפתיחה",
    "tts_voice": "הקול",
    "after_hours_mode": "מענה מחוץ לשעות הפעילות",
    "recording_retention_days": "ימי שמירת הקלטות",
}
INVALID_FIELD_HE = "הערך בשדה {label} אינו תקין"
NUMBER_TAKEN_HE = "המספר {number} כבר משויך למשרד אחר"
OWNER_TAKEN_HE = "המשתמש {email} כבר משויך למשרד אחר"


def invalid_field_he(field: str) -> str:
    label = FIELD_LABELS_HE.get(field) or FIELD_LABELS_HE.get(field.split(".")[0], field)
    return INVALID_FIELD_HE.format(label=label)
