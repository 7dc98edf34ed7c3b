"""Hebrew error messages the web app shows to people (one place, logical order).

Keys are error kinds; ``detail`` keys refine them for the cases staff actually meet.
"""

from __future__ import annotations

from agentlocator.billing.texts_he import REASONS as BILLING_REASONS

BY_STATUS: dict[int, str] = {
    400: "אחד הפרטים שנשלחו אינו תקין",
    401: "יש להתחבר מחדש",
    403: "אין לך הרשאה לבצע פעולה זו",
    404: "הפריט המבוקש לא נמצא",
    405: "הפעולה אינה נתמכת",
    409: "הפעולה מתנגשת במצב הקיים",
    500: "אירעה תקלה, נסו שוב בעוד רגע",
    502: "ספק התשלומים אינו זמין כרגע, נסו שוב בעוד רגע",
}

FIELD_INVALID = "השדה {field} אינו תקין"
BODY_NOT_JSON = "גוף הבקשה אינו JSON תקין"
PHONE_INVALID = "מספר הטלפון אינו תקין"
DUPLICATE_LEAD = "כבר קיים ליד עם מספר הטלפון הזה"
SLOT_TAKEN = "השעה הזו כבר תפוסה"
STATUS_IN_USE = "הסטטוס בשימוש: יש לבחור לאן להעביר את הלידים שלו"
DEFAULT_STATUS_LOCKED = "לא ניתן למחוק את סטטוס ברירת המחדל"
STATUS_LABEL_TAKEN = "כבר קיים סטטוס בשם הזה"
OWN_ROLE_LOCKED = "לא ניתן לשנות את ההרשאה של עצמך או להסיר את עצמך"
USER_IN_OTHER_BUSINESS = "לא ניתן להוסיף את המשתמש הזה לעסק"
APPOINTMENT_CANCELLED = "הפגישה בוטלה ולא ניתן להזיז אותה"
BUSINESS_REQUIRED = "יש לבחור עסק"
MERGE_SELF = "לא ניתן למזג ליד עם עצמו"
OWNER_ONLY = "רק בעלים יכולים לשנות בעלים או למנות בעלים"
NO_RECORDING = "להקלטה של השיחה הזו אין קובץ להשמעה"
UNKNOWN_AGENT = "הנציג שנבחר אינו קיים בעסק"
CSV_NO_PHONE_COLUMN = "בקובץ אין עמודת טלפון"
CSV_UNREADABLE = "לא ניתן לקרוא את הקובץ: יש לשמור אותו כ־CSV עם שורת כותרות"
CSV_TOO_MANY_ROWS = "הקובץ ארוך מדי: עד 2,000 שורות בכל ייבוא"

# Exception "reason" codes the API raises → the sentence shown for them.
BY_REASON: dict[str, str] = {
    "duplicate_lead": DUPLICATE_LEAD,
    "slot_taken": SLOT_TAKEN,
    "status_in_use": STATUS_IN_USE,
    "default_status": DEFAULT_STATUS_LOCKED,
    "status_label_taken": STATUS_LABEL_TAKEN,
    "own_role": OWN_ROLE_LOCKED,
    "user_in_other_business": USER_IN_OTHER_BUSINESS,
    "appointment_cancelled": APPOINTMENT_CANCELLED,
    "business_required": BUSINESS_REQUIRED,
    "phone": PHONE_INVALID,
    "body": BODY_NOT_JSON,
    "merge_self": MERGE_SELF,
    "owner_only": OWNER_ONLY,
    "no_recording": NO_RECORDING,
    "unknown_agent": UNKNOWN_AGENT,
    "csv_no_phone": CSV_NO_PHONE_COLUMN,
    "csv_unreadable": CSV_UNREADABLE,
    "csv_too_many_rows": CSV_TOO_MANY_ROWS,
    **BILLING_REASONS,
}


def message_for(status: int, reason: str | None = None, field: str | None = None) -> str:
    if reason and reason in BY_REASON:
        return BY_REASON[reason]
    if status == 400 and field:
        return FIELD_INVALID.format(field=field_label(field))
    return BY_STATUS.get(status, BY_STATUS[500])


# Field names as people see them on the forms (API field codes → Hebrew).
FIELD_LABELS: dict[str, str] = {
    "phone": "טלפון",
    "name": "שם",
    "deal_type": "סוג עסקה",
    "property_type": "סוג נכס",
    "rooms": "חדרים",
    "city": "עיר",
    "area": "אזור",
    "budget": "תקציב",
    "timing": "מועד",
    "email": "אימייל",
    "tags": "תגיות",
    "assigned_agent_id": "נציג מטפל",
    "agents": "נציגים",
    "agent_id": "נציג",
    "assignee_id": "אחראי",
    "status_id": "סטטוס",
    "note": "הערה",
    "add_note": "הערה",
    "text": "טקסט",
    "notes": "הערות",
    "title": "כותרת",
    "due_at": "מועד לביצוע",
    "due_before": "מועד לביצוע",
    "done": "בוצע",
    "lead_id": "ליד",
    "duplicate_id": "הליד הכפול",
    "start": "שעת התחלה",
    "end": "שעת סיום",
    "meeting_minutes": "משך פגישה (דקות)",
    "hours": "שעות פעילות",
    "greeting": "ברכת פתיחה",
    "tts_voice": "קול",
    "after_hours_mode": "מענה מחוץ לשעות הפעילות",
    "label": "שם הסטטוס",
    "color": "צבע",
    "role": "הרשאה",
    "display_name": "שם לתצוגה",
    "csv": "קובץ",
    "q": "חיפוש",
    "limit": "כמות בעמוד",
    "cursor": "עמוד",
    "created_from": "נוצר מ",
    "created_to": "נוצר עד",
    "move_to": "סטטוס יעד",
    "day": "יום",
    "days": "ימים",
    "X-Business-Id": "עסק",
    "body": "גוף הבקשה",
    "active": "פעיל",
    "address": "כתובת",
    "against": "גרסה להשוואה",
    "broker_name": "שם המתווך",
    "change_id": "בקשת עדכון אמצעי התשלום",
    "nonce": "קוד האימות של הבקשה",
    "transaction_index": "מספר העסקה",
    "business_number": "ח.פ / ע.מ",
    "invoice_number": "מספר חשבונית",
    "channel": "ערוץ",
    "client_id": "ת.ז. הלקוח",
    "client_name": "שם הלקוח",
    "client_phone": "טלפון הלקוח",
    "close": "שעת סגירה",
    "consent": "הסכמה",
    "exclusivity_days": "תקופת בלעדיות (ימים)",
    "fee_fixed_agorot": "דמי תיווך (סכום קבוע)",
    "fee_percent": "דמי תיווך (אחוז)",
    "fee_terms": "תנאי תשלום דמי התיווך",
    "extra_clauses": "סעיפים נוספים",
    "template_id": "תבנית",
    "version": "גרסה",
    "send_after_booking": "שליחת הסכם תיווך אחרי קביעת פגישה",
    "id": "מזהה",
    "ids": "מזהים",
    "include_cancelled": "כולל מבוטלות",
    "license_number": "מספר רישיון תיווך",
    "office_address": "כתובת המשרד",
    "office_business_number": "ח.פ / ע.מ של המשרד",
    "open": "שעת פתיחה",
    "order": "סדר",
    "pdf_sha256": "טביעת המסמך",
    "plan_id": "מסלול",
    "property_address": "כתובת הנכס",
    "provider": "אמצעי תשלום",
    "sort": "מיון",
    "source": "מקור",
    "state": "מצב",
    "status": "סטטוס",
    "tag": "תגית",
    "typed_name": "שם החותם",
    "update_existing": "עדכון קיימים",
    "wants_callback": "ביקש שיחזרו אליו",
}
DAY_NAMES: dict[str, str] = {
    "sun": "ראשון", "mon": "שני", "tue": "שלישי", "wed": "רביעי", "thu": "חמישי",
    "fri": "שישי", "sat": "שבת",
}  # fmt: skip
HOURS_CLOSE_AFTER_OPEN = "שעת הסגירה ביום {day} חייבת להיות אחרי הפתיחה"
HOURS_TIME = "שעות פעילות ביום {day}: יש לכתוב שעה בפורמט 09:00"

# Pydantic error types → "<field>: <what is wrong>" (ctx values fill the braces).
BY_ERROR_TYPE: dict[str, str] = {
    "missing": "{label}: שדה חובה",
    "less_than_equal": "{label}: עד {le}",
    "less_than": "{label}: פחות מ־{lt}",
    "greater_than_equal": "{label}: לפחות {ge}",
    "greater_than": "{label}: יותר מ־{gt}",
    "multiple_of": "{label}: מספר שלם או חצי",
    "int_parsing": "{label}: יש להזין מספר שלם",
    "int_from_float": "{label}: יש להזין מספר שלם",
    "int_type": "{label}: יש להזין מספר שלם",
    "float_parsing": "{label}: יש להזין מספר",
    "float_type": "{label}: יש להזין מספר",
    "bool_parsing": "{label}: יש לבחור כן או לא",
    "bool_type": "{label}: יש לבחור כן או לא",
    "string_too_long": "{label}: עד {max_length} תווים",
    "string_too_short": "{label}: שדה חובה",
    "too_long": "{label}: עד {max_length} פריטים",
    "too_short": "{label}: לפחות {min_length} פריטים",
    "literal_error": "{label}: יש לבחור מהרשימה",
    "enum": "{label}: יש לבחור מהרשימה",
    "string_pattern_mismatch": "{label}: הערך אינו בפורמט הנכון",
    "datetime_parsing": "{label}: תאריך ושעה אינם תקינים",
    "datetime_from_date_parsing": "{label}: תאריך ושעה אינם תקינים",
    "timezone_aware": "{label}: חסר אזור זמן",
    "date_parsing": "{label}: תאריך אינו תקין",
    "date_from_datetime_parsing": "{label}: תאריך אינו תקין",
    "extra_forbidden": "השדה {label} אינו מוכר",
    "string_type": "{label}: יש להזין טקסט",
    "list_type": "{label}: יש לשלוח רשימה",
    "dict_type": "{label}: הערך אינו תקין",
}


def field_label(field: str) -> str:
    """A dotted field path in Hebrew: ``hours.fri.0.close`` → ``שעות פעילות (שישי)``."""
    parts = field.split(".")
    if parts[0] == "hours" and len(parts) > 1 and parts[1] in DAY_NAMES:
        return f"{FIELD_LABELS['hours']} ({DAY_NAMES[parts[1]]})"
    for part in reversed(parts):
        if part in FIELD_LABELS:
            return FIELD_LABELS[part]
    return FIELD_LABELS.get(parts[-1], parts[-1])


def validation_message(field: str, error_type: str, ctx: dict[str, object] | None) -> str:
    """The Hebrew sentence for one pydantic error on ``field`` (a dotted path)."""
    parts = field.split(".")
    if parts[0] == "hours" and len(parts) >= 2 and parts[1] in DAY_NAMES:
        day = DAY_NAMES[parts[1]]
        if parts[-1] == "close" and error_type == "value_error":
            return HOURS_CLOSE_AFTER_OPEN.format(day=day)
        if parts[-1] in ("open", "close"):
            return HOURS_TIME.format(day=day)
    template = BY_ERROR_TYPE.get(error_type)
    if template is None:
        return FIELD_INVALID.format(field=field_label(field))
    values = {key: _plain(value) for key, value in (ctx or {}).items()}
    try:
        return template.format(label=field_label(field), **values)
    except (KeyError, IndexError):
        return FIELD_INVALID.format(field=field_label(field))


def _plain(value: object) -> object:
    """20.0 → 20 in sentences people read."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# CSV import/export: column headers people use (Hebrew first; English accepted) and values.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "phone": ("טלפון", "נייד", "מספר טלפון", "phone", "mobile", "tel"),
    "name": ("שם", "שם מלא", "name", "full name"),
    "city": ("עיר", "city"),
    "area": ("אזור", "שכונה", "area"),
    "rooms": ("חדרים", "rooms"),
    "budget": ("תקציב", "budget"),
    "deal_type": ("סוג עסקה", "deal type", "deal_type"),
    "property_type": ("סוג נכס", "property type", "property_type"),
    "timing": ("מועד", "timing"),
    "email": ("אימייל", "דוא״ל", "דואל", "מייל", "email", "e-mail"),
    "tags": ("תגיות", "tags"),
}
EXPORT_HEADERS: dict[str, str] = {
    "phone": "טלפון", "name": "שם", "status": "סטטוס", "sources": "מקור", "city": "עיר",
    "area": "אזור", "rooms": "חדרים", "budget": "תקציב", "deal_type": "סוג עסקה",
    "property_type": "סוג נכס", "timing": "מועד", "email": "אימייל", "tags": "תגיות",
    "agent": "נציג מטפל", "created_at": "נוצר", "last_contact_at": "קשר אחרון",
}  # fmt: skip
DEAL_TYPES_HE: dict[str, str] = {
    "buy": "קנייה", "rent": "שכירות", "sell": "מכירה", "let": "השכרה",
}  # fmt: skip
PROPERTY_TYPES_HE: dict[str, str] = {
    "apartment": "דירה", "garden_apartment": "דירת גן", "penthouse": "פנטהאוז",
    "house": "בית פרטי", "commercial": "מסחרי", "land": "קרקע",
}  # fmt: skip
SOURCES_HE: dict[str, str] = {
    "voice": "טלפון", "whatsapp": "וואטסאפ", "manual": "ידני", "import": "ייבוא",
}  # fmt: skip
CSV_PHONE_REQUIRED = "טלפון: שדה חובה"
