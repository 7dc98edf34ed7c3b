"""Contract templates, Hebrew, versioned. A signed contract keeps its template id and version,
so changing a template never changes what someone already signed: add a new version instead.

Placeholders are ``{name}`` fields filled by ``contracts.render``; numbers, dates, ₪ amounts and
English names are inserted in logical order and laid out by the PDF renderer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    title: str
    preamble: str
    clauses: tuple[tuple[str, str], ...]  # (heading, body)


SERVICE_CONTRACT_V1 = Template(
    title="הסכם שירות — לאה, סוכנת AI לנדל״ן",
    preamble=(
        'הסכם זה נערך ביום {date} בין {platform_name} (להלן: "הספק") לבין {business_name}, '
        'ח.פ / ע.מ {business_number}, מ{business_address} (להלן: "הלקוח").'
    ),
    clauses=(
        (
            "השירות",
            "הספק יעמיד ללקוח את לאה: מענה לשיחות טלפון והודעות WhatsApp בעברית, "
            "רישום פניות במערכת ה-CRM וקביעת פגישות ביומן המשרד.",
        ),
        (
            "התוכנית והמחיר",
            "תוכנית {plan_name}: {net} ₪ לחודש בתוספת מע״מ {vat_percent}% "
            "({vat} ₪), סה״כ {total} ₪ לחודש. החיוב חודשי ומתחדש מאליו.",
        ),
        ("תקופת ניסיון", "{trial_days} ימי ניסיון ללא חיוב מיום ההרשמה."),
        (
            "אי תשלום",
            "חיוב שנכשל יחודש בימים {retry_days}. לאחר {grace_days} ימים ללא תשלום "
            "יושעה השירות; גם בזמן ההשעיה לאה תמשיך לרשום הודעות מהמתקשרים. "
            "לאחר {suspended_days} ימי השעיה יבוטל המנוי.",
        ),
        ("ביטול", "הלקוח רשאי לבטל בכל עת מעמוד החיוב; הביטול ייכנס לתוקף בסוף תקופת החיוב."),
        (
            "פרטיות",
            "הקלטות שיחות נמחקות אוטומטית לאחר {retention_days} ימים. "
            "המידע נשמר בשרתי Google Cloud באזור ישראל (me-west1).",
        ),
        ("חשבוניות", "על כל תשלום תונפק חשבונית מס קבלה ותישלח בדוא״ל או ב-WhatsApp."),
    ),
)

BROKERAGE_AGREEMENT_V1 = Template(
    title="הזמנת שירותי תיווך (הסכם תיווך)",
    preamble=(
        "לפי חוק המתווכים במקרקעין, התשנ״ו-1996, ותקנות המתווכים במקרקעין (פרטי הזמנה בכתב), "
        "התשנ״ז-1996. נערך ביום {date}."
    ),
    clauses=(
        (
            "המתווך",
            "{broker_name}, רישיון תיווך מס׳ {license_number}, מטעם {business_name} "
            "(ח.פ / ע.מ {business_number}), {business_address}.",
        ),
        ("הלקוח", "{client_name}, ת.ז. {client_id}, טלפון {client_phone}."),
        ("סוג העסקה", "{deal_type_he}."),
        ("הנכס", "{property_address}."),
        (
            "דמי התיווך",
            "{fee_terms} בתוספת מע״מ כדין. דמי התיווך ישולמו רק אם המתווך היה הגורם "
            "היעיל שהביא להתקשרות הצדדים בהסכם מחייב.",
        ),
        ("בלעדיות", "{exclusivity}"),
        ("הצהרת הלקוח", "הלקוח מאשר כי המתווך הציג לו את הנכס וכי קרא הזמנה זו והסכים לתנאיה."),
    ),
)

TEMPLATES: dict[tuple[str, int], Template] = {
    ("service", 1): SERVICE_CONTRACT_V1,
    ("brokerage", 1): BROKERAGE_AGREEMENT_V1,
}
LATEST_VERSION: dict[str, int] = {"service": 1, "brokerage": 1}

DEAL_TYPES_HE = {"buy": "קנייה", "rent": "שכירות", "sell": "מכירה", "let": "השכרה"}
PROPERTY_TYPES_HE = {
    "apartment": "דירה", "garden_apartment": "דירת גן", "penthouse": "פנטהאוז",
    "house": "בית פרטי", "commercial": "נכס מסחרי", "land": "קרקע",
}  # fmt: skip
ROOMS = "{rooms} חדרים"
# The property line of an agreement Leah sends: what the lead asked for, as far as known.
WANTED_PROPERTY = "{parts} (לפי בקשת הלקוח; הנכס המדויק יוצג בפגישה)"
UNKNOWN_PROPERTY = "נכס שיוצג ללקוח בפגישה שנקבעה"
CLIENT_NAME_AT_SIGNING = "הלקוח (שמו יוזן בעת החתימה)"
NO_EXCLUSIVITY = "ללא בלעדיות."
EXCLUSIVITY = "בלעדיות למשך {days} ימים (עד {until})."
