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
    **BILLING_REASONS,
}


def message_for(status: int, reason: str | None = None, field: str | None = None) -> str:
    if reason and reason in BY_REASON:
        return BY_REASON[reason]
    if status == 400 and field:
        return FIELD_INVALID.format(field=field)
    return BY_STATUS.get(status, BY_STATUS[500])
