"""Hebrew text of billing: plan names, invoice labels, notices to the office (logical order)."""

from __future__ import annotations

PLATFORM_NAME_HE = "AgentLocator — לאה"

PLAN_NAMES: dict[str, str] = {
    "basic": "בסיסי",
    "pro": "מקצועי",
    "office": "משרד",
}

STATUS_LABELS: dict[str, str] = {
    "trialing": "תקופת ניסיון",
    "active": "פעיל",
    "past_due": "תשלום באיחור",
    "suspended": "מושעה",
    "cancelled": "בוטל",
}

# Sent to the office's owner (email or WhatsApp) when the state machine says so.
NOTICES: dict[str, str] = {
    "payment_failed": "החיוב החודשי נכשל. נא לעדכן אמצעי תשלום בעמוד החיוב כדי להמשיך בשירות.",
    "payment_retry": "ניסיון חיוב נוסף נכשל. נא לעדכן אמצעי תשלום בעמוד החיוב.",
    "suspension_warning": "השירות יושעה בעוד יומיים אם התשלום לא יוסדר.",
    "suspended": "השירות הושעה. לאה ממשיכה לרשום הודעות מהמתקשרים, אך לא קובעת פגישות.",
    "cancelled": "המנוי בוטל. תודה שהייתם איתנו.",
    "reactivated": "התשלום התקבל והשירות חזר לפעול במלואו.",
}
# Recorded for the platform's staff, not the office.
OPERATOR_NOTICES: dict[str, str] = {
    "amount_mismatch": "התקבל תשלום בסכום שאינו מחיר התוכנית: לא הופקה חשבונית, יש לבדוק ידנית.",
    "standing_order_missing": "החיוב הראשון בוצע אך הוראת הקבע לא נוצרה: יש ליצור אותה ידנית.",
    "refund_mismatch": (
        "התקבל החזר כספי שעולה על יתרת החשבונית: לא הופקה חשבונית מס זיכוי, יש לבדוק."
    ),
}

# Invoice-receipt (חשבונית מס קבלה) and credit note labels.
INVOICE_TITLE = "חשבונית מס קבלה"
CREDIT_NOTE_TITLE = "חשבונית מס זיכוי"
INVOICE_NUMBER = "מספר"
INVOICE_DATE = "תאריך"
ISSUER = "המנפיק"
CUSTOMER = "לכבוד"
COMPANY_NUMBER = "ח.פ / ע.מ"
DESCRIPTION = "תיאור"
NET = "סכום לפני מע״מ"
VAT = "מע״מ {percent}%"
TOTAL = "סה״כ לתשלום"
PAID_BY = "שולם באמצעות"
REFERS_TO = "בגין חשבונית"
SUBSCRIPTION_LINE = "מנוי חודשי לשירות לאה — תוכנית {plan} ({period})"
ORIGINAL_DOCUMENT = "מקור"
PROVIDER_NAMES = {"paypal": "PayPal", "tranzila": "כרטיס אשראי (טרנזילה)"}

# Signature block printed under a signed contract.
SIGNED_BY = "נחתם על ידי"
SIGNED_AT = "מועד החתימה"
SIGNED_FROM = "נחתם מכתובת"
DOCUMENT_HASH = "טביעת המסמך (SHA-256)"
CONSENT = "אני מאשר/ת שקראתי את ההסכם ואני מסכים/ה לתנאיו, וכי הקלדת שמי מהווה חתימה."

# API refusals (reason code → sentence), merged into the API's Hebrew messages.
REASONS: dict[str, str] = {
    "business_number": "מספר ח.פ / ע.מ אינו תקין",
    "signup_exists": "כבר קיימת הרשמה לחשבון הזה",
    "email": "יש להתחבר עם כתובת דוא״ל כדי להירשם",
    "no_number": "אין כרגע מספר טלפון פנוי למשרד חדש; נחזור אליכם בהקדם",
    "no_signup": "יש להתחיל בהרשמה",
    "contract_not_signed": "יש לקרוא ולחתום על ההסכם לפני התשלום",
    "contract_changed": "ההסכם השתנה מאז שנפתח: נא לקרוא אותו שוב ולחתום",
    "consent_required": "יש לאשר את תנאי ההסכם",
    "billing_suspended": "השירות מושעה עד להסדרת התשלום: ניתן רק לצפות בנתונים",
    "already_paid": "התשלום כבר התקבל",
    "signing_link": "קישור החתימה אינו תקף",
    "invoice_link": "קישור החשבונית אינו תקף או שפג תוקפו",
    "already_signed": "ההסכם כבר נחתם",
    "office_details": "חסרים פרטי העסק (ח.פ / ע.מ וכתובת) להסכם",
    "license_format": "מספר רישיון תיווך: 4 עד 8 ספרות, כפי שמופיע ברישיון",
    "fee_choice": "דמי תיווך: יש לבחור אחוז מהעסקה או סכום קבוע (אחד מהשניים)",
    "fee_bounds": "דמי תיווך: אחוז בין 0.1 ל־10, או סכום קבוע בין 1 ל־1,000,000 ₪",
    "fee_terms_length": "תנאי התשלום: עד 300 תווים",
    "clause_length": "כל סעיף נוסף: בין 5 ל־600 תווים",
    "clause_count": "עד 10 סעיפים נוספים",
    "template_name": "שם התבנית: בין 2 ל־80 תווים",
    "exclusivity_days": "תקופת בלעדיות: בין 0 ל־365 ימים",
    "client_id": "מספר תעודת הזהות אינו תקין (9 ספרות עם ספרת ביקורת)",
    "client_id_required": "יש להזין מספר תעודת זהות כדי לחתום",
    "no_active_template": "אין תבנית פעילה: יש לשמור תבנית ולהפעיל אותה קודם",
    "contract_cancelled": "ההסכם בוטל על ידי המשרד",
    "contract_closed": "לא ניתן לשנות הסכם שכבר נחתם או בוטל",
    "template_version": "הגרסה המבוקשת של התבנית אינה קיימת",
    "card_change": "הבקשה לעדכון אמצעי התשלום אינה תקפה",
    "card_change_used": "אמצעי התשלום כבר עודכן בבקשה הזו",
    "card_change_expired": "פג תוקף הבקשה לעדכון אמצעי התשלום: נא להתחיל מחדש",
    "card_change_cancelled": "המנוי בוטל: אין אמצעי תשלום לעדכן",
    "card_change_unavailable": "לא ניתן לעדכן כעת את אמצעי התשלום: נא לפנות לתמיכה",
    "card_change_not_approved": "ספק התשלומים לא אישר את השינוי: אמצעי התשלום הקודם נשאר בתוקף",
    "card_index": "מספר העסקה מטרנזילה חסר או אינו תקין",
}

SIGNED_AT_FORMAT = "%d/%m/%Y בשעה %H:%M"  # shown in Asia/Jerusalem

# Sent to a client (WhatsApp) with the link to sign an office's contract.
SIGNING_INVITATION = "שלום {client}, מצורף הסכם התיווך מ{office} לעיון ולחתימה: {url}"

# Sent to a lead right after Leah booked a viewing (WhatsApp, or SMS for a caller).
BOOKING_SIGNING_INVITATION = (
    "שלום{client}, לפני הפגישה ב{office}: לפי חוק המתווכים יש לחתום על הזמנת שירותי תיווך. "
    "לעיון ולחתימה (כולל מספר ת.ז.): {url}"
)
# Leah's one sentence about it, said or written at the end of the booking turn.
BOOKING_SIGNING_MENTION = "שלחתי לך גם קישור לחתימה על הזמנת שירותי התיווך, כדאי לחתום לפני הפגישה."
# Printed in the client line when the client types the ת.ז. on the signing page.
CLIENT_ID_AT_SIGNING = "יוזן בעת החתימה"
SIGNER_ID = "ת.ז. החותם"
EXTRA_CLAUSES_HEADING = "תנאים נוספים"

# Sent to the office owner (SMS) when an invoice or a credit note is issued.
INVOICE_SENT = "AgentLocator: חשבונית מס קבלה מס׳ {number} על סך {total} ₪ הופקה. להורדה: {url}"
CREDIT_NOTE_SENT = (
    "AgentLocator: חשבונית מס זיכוי מס׳ {number} על סך {total} ₪ הופקה. להורדה: {url}"
)

# E-mail to the office owner: each invoice-receipt / credit note (PDF attached) and each notice.
EMAIL_SIGNATURE = "בברכה,\nצוות AgentLocator — לאה"
INVOICE_EMAIL_SUBJECT = "חשבונית מס קבלה מס׳ {number} — AgentLocator"
CREDIT_NOTE_EMAIL_SUBJECT = "חשבונית מס זיכוי מס׳ {number} — AgentLocator"
EMAIL_GREETING = "שלום {name},"
INVOICE_EMAIL_BODY = (
    "מצורפת חשבונית מס קבלה מס׳ {number} מיום {date} על סך {total} ₪ כולל מע״מ.\n{description}"
)
CREDIT_NOTE_EMAIL_BODY = (
    "מצורפת חשבונית מס זיכוי מס׳ {number} מיום {date} על סך {total} ₪ כולל מע״מ, "
    "בגין חשבונית מס׳ {refers_to}.\nהסכום יוחזר לאמצעי התשלום שבו שילמתם."
)
EMAIL_BILLING_PAGE = "כל החשבוניות ופרטי המנוי בעמוד החיוב: {url}"
NOTICE_EMAIL_SUBJECTS: dict[str, str] = {
    "payment_failed": "החיוב החודשי נכשל — נא לעדכן אמצעי תשלום",
    "payment_retry": "ניסיון חיוב נוסף נכשל — נא לעדכן אמצעי תשלום",
    "suspension_warning": "השירות יושעה בעוד יומיים",
    "suspended": "השירות הושעה עד להסדרת התשלום",
    "cancelled": "המנוי בוטל",
    "reactivated": "התשלום התקבל — השירות חזר לפעול",
}
NOTICE_EMAIL_ACTION = "לתשלום או להחלפת כרטיס: {url}"
# SMS (when BILLING_SMS_FROM is set): the notice and the billing page link.
NOTICE_SMS = "AgentLocator: {text} {url}"

# Refunds made by the platform's staff (``agentlocator billing refund``), Hebrew and English.
REFUND_REFUSALS: dict[str, tuple[str, str]] = {
    "over_refund": (
        "סכום הזיכוי גדול מהיתרה שטרם זוכתה בחשבונית (נותרו {left} ₪)",
        "the refund exceeds what is left to refund on this invoice ({left} ILS left)",
    ),
    "fully_refunded": (
        "החשבונית כבר זוכתה במלואה: לא ניתן לזכות אותה שוב",
        "the invoice has already been refunded in full: it cannot be refunded again",
    ),
    "not_an_invoice": (
        "ניתן לזכות רק חשבונית מס קבלה, לא חשבונית מס זיכוי",
        "only an invoice-receipt can be refunded, not a credit note",
    ),
    "other_business": (
        "החשבונית אינה של העסק הזה",
        "the invoice belongs to another business",
    ),
    "refund_in_progress": (
        "זיכוי של החשבונית הזו כבר בתהליך; נסו שוב בעוד רגע",
        "a refund of this invoice is already in progress; try again in a moment",
    ),
    "amount": (
        "סכום הזיכוי אינו תקין (למשל 100.00)",
        "the refund amount is not a positive amount in shekels (e.g. 100.00)",
    ),
}
