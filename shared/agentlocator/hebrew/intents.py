"""What the caller wants from this message beyond lead details: yes/no, a meeting, a choice
among the offered slots, cancel, reschedule, a human, a price question, other people's data."""

from __future__ import annotations

import re
from dataclasses import dataclass

_B = r"(?:^|(?<=[\s\-]))"
_E = r"(?=$|[\s\-.'\"])"


def _any(patterns: str) -> re.Pattern[str]:
    return re.compile(rf"{_B}(?:{patterns}){_E}")


YES = _any(
    r"כן|כין|כ ן|בטח|בסדר|מתאים|מתאים לי|מעולה|סגור|סגרנו|אוקיי|אוקי|אוקיי|אוקייי|אוקיי,|"
    r"ok|okay|yes|yep|yeah|sure|נשמע טוב|אחלה|טוב|יאללה|בשמחה|פיקס|perfect|great|good|fine|"
    r"מצוין|מצויין|נהדר|בדיוק|נכון|תקבעי|קבעי|תרשמי|לקבוע|works|בוודאי|ודאי|הולך|זורם|יופי"
)
NO = _any(r"לא|no|nope|לא מתאים|לא טוב|לא יכול|לא יכולה|לא מסתדר|not|אין מצב")
NOT_INTERESTED = re.compile(
    r"לא מעוניי?ן|לא מעוניינת|לא מעוניינים|לא רלוונטי|לא רלבנטי|תורידו אותי|תוריד אותי|"
    r"תורידי אותי|הסירו אותי|אל תתקשרו|אל תתקשר|אל תתקשרי|תפסיקו|not interested|no thanks|"
    r"remove me|stop calling|don't call|טעות במספר|טעיתי במספר|wrong number|כבר מצאתי|כבר קניתי|"
    r"כבר שכרתי|כבר מכרתי|לא מחפש|לא מחפשת|לא צריך כלום|לא צריכה כלום|לא תודה|לא, תודה|"
    r"חבל על הזמן|אין לי עניין|לא מתעניין|לא מתעניינת|תמחקו|למחוק אותי|אין צורך|"
    r"לא בשבילי|לא צריך תודה|לא צריכה תודה|התחרטתי|התחרטנו"
)
STRONG_NOT_INTERESTED = re.compile(
    r"תורידו אותי|תוריד אותי|תורידי אותי|הסירו אותי|אל תתקשרו|אל תתקשר|אל תתקשרי|תפסיקו|"
    r"remove me|stop calling|don't call|טעות במספר|טעיתי במספר|wrong number|תמחקו|למחוק אותי|"
    r"לא מעוניי?ן בכלום|בכלל לא מעוניי?ן|ממש לא מעוניי?ן|כבר מצאתי|כבר קניתי|כבר שכרתי|כבר מכרתי|"
    # The deal itself is off ("לא מוכר כרגע", "החלטנו לא למכור"): not just this meeting.
    r"לא (?:מוכר|מוכרת|מוכרים|משכיר|משכירה|משכירים|קונה|קונים|שוכר|שוכרת|שוכרים|מחפש|מחפשת|"
    r"מחפשים)(?: את \S+)? (?:כרגע|יותר|בינתיים|בסוף|עכשיו)|"
    r"החלט(?:תי|נו) (?:בסוף )?לא (?:למכור|לקנות|להשכיר|לשכור|לעבור)|"
    r"ירד(?:תי|נו) מ(?:זה|הרעיון|העניין|הנושא)|"
    r"כבר לא (?:רלוונטי|רלבנטי|מעוניי?ן|מעוניינת|מעוניינים|מחפש|מחפשת|מחפשים|צריך|צריכה)"
)
# "לא רוצה להגיד", "בלי שמות": the caller keeps their name to themselves, which is fine.
NAME_DECLINED = re.compile(
    r"(?:לא רוצה|לא רוצים|מעדי(?:ף|פה|פים) לא|לא מוכנ\S*) (?:להגיד|לומר|למסור|להזדהות|לתת)|"
    r"בלי (?:שם|שמות)(?=$|\s)|למה (?:צריך|צריכה|צריכים) (?:את )?(?:ה)?שם|"
    r"לא משנה (?:ה)?שם|(?:ה)?שם (?:לא חשוב|לא משנה)|rather not say|no names"
)
# "150 מטר", "קומה 3 עם מעלית": the caller describes the property (no lead field holds it).
PROPERTY_DETAILS = re.compile(
    r"\d+\s?(?:מטר|מ\"ר|מר|sqm|m2)(?=$|\s)|(?:^|\s)(?:ב|ו)?קומה \S+|מעלית|מרפסת|משופצ|חניה|חנייה|"
    r"ממ\"ד|מחסן|מרוהט|נוף לים|גינה"
)
# "מה יש מחר?", "מתי אפשר?": a question about free times, answered with times, not a booking.
AVAILABILITY_QUESTION = re.compile(
    r"מה יש(?! (?:לכם|לך|לכן|בשוק|למכירה|להשכרה))|מה פנוי|מה פתוח|מה זמין|מתי אפשר|מתי יש|"
    r"מתי פנוי|איזה (?:שעות|מועדים|ימים|זמנים)|אילו (?:שעות|מועדים|ימים)|מה הכי מוקדם|"
    r"מה האפשרויות|what's free|what do you have|when can"
)
HUMAN = re.compile(
    r"נציג|נציגה|בן אדם|בן-אדם|אדם אמיתי|סוכן אמיתי|לדבר עם (?:סוכן|סוכנת|מישהו|מישהי|מנהל|"
    r"מתווך|מתווכת|אדם|איש)|\bhuman\b|real person|representative|someone real|"
    r"שיחזרו אלי|שיחזור אלי|שתחזור אלי|תחזרו אלי|יחזרו אלי|שיתקשרו אלי|שיתקשר אלי|"
    r"תתקשרו אלי|call me back|\bcallback\b|מישהו יחזור|מישהו שיחזור"
)
CANCEL = re.compile(r"לבטל|ביטול|תבטלי|תבטל|מבטל|מבטלת|\bcancel")
RESCHEDULE = re.compile(
    r"להזיז|תזיזי|לשנות את (?:ה)?(?:פגישה|מועד|שעה|יום|זמן)|לשנות מועד|לדחות|תדחי|להקדים|"
    r"לקבוע מחדש|מועד אחר|זמן אחר|שעה אחרת|יום אחר|\breschedule|move (?:the|my) meeting|"
    r"change (?:the|my) (?:time|meeting|appointment)|במקום (?:זה|ב|ל)|לא אוכל להגיע|לא אוכל לבוא|"
    r"לא יכול להגיע|לא יכולה להגיע|לא יסתדר לי|לא מסתדר לי|לא מתאים לי|לא נוח לי|"
    r"עדיף (?:ב|ל)?(?:יום|שעה|מחר|מחרתיים)|doesn't work for me"
)
MEETING = re.compile(
    r"פגישה|פגישת|להיפגש|נפגש|ניפגש|לקבוע|לבוא|להגיע|לראות את|לראות דירה|לראות נכס|סיור|"
    r"meeting|appointment|\bmeet\b|schedule|\bbook\b|פנוי|פנויה|פנויים|זמין|זמינה|מתי אפשר|"
    r"יש לכם זמן|יש זמן|תור|מועד|מועדים|זמנים|\bslot"
)
PRICE_QUESTION = re.compile(
    r"כמה עולה|כמה עולות|כמה זה עולה|כמה עולים|מה המחיר|מה המחירים|כמה שווה|מחירי|"
    r"how much|what(?:'s| is) the price|יש לכם (?:דירה|דירות|נכס|נכסים|משהו|בית|בתים)|"
    r"מה יש לכם|איזה (?:דירות|נכסים)|יש משהו|יש דירה|כתובת של|איפה הדירה|כמה מטר|כמה מ\"ר|"
    r"מה הגודל|באיזו קומה|יש חניה|יש מעלית|עמלה|דמי תיווך|do you have|"
    # A figure for one's own property: "כמה אפשר לבקש?", "רק מספר בערך", "הערכת מחיר".
    r"כמה (?:אפשר|כדאי|צריך) לבקש|כמה לבקש|כמה (?:היא|הוא|זה) שווה|הערכה של (?:ה)?מחיר|"
    r"הערכת (?:מחיר|שווי)|מספר בערך|סכום בערך|שווי (?:ה)?שוק|מה השווי"
)
_MEETING_OWN_WORDS = (
    r"מחר|מחרתיים|היום|אתמול|ה?יום|השבוע|שבוע|ב?שעה|ה-?\d|\d|ה?ראשון|ה?שני|ה?שלישי|ה?רביעי|"
    r"ה?חמישי|ה?שישי|הבוקר|הערב|אחר הצהריים|אחרי הצהריים"
)
OTHER_LEADS = re.compile(
    r"לקוחות אחרים|לקוח אחר|פונים אחרים|פונה אחר|מי עוד|מי התקשר|מי פנה|מי קבע|הטלפון של|"
    r"המספר של|מספר הטלפון של|פרטים של|הפרטים של|רשימת (?:ה)?לקוחות|רשימת (?:ה)?פונים|"
    r"other (?:clients|customers|leads|callers)|who else|someone else's|השכן|השכנה|"
    r"מה (?:הוא|היא|הם) (?:ביקש|ביקשה|חיפש|חיפשה|חיפשו)|איזה לקוחות|הלקוחות שלכם|"
    r"הלידים|לידים|מי הלקוח|מי עוד מתעניין|כמה אנשים|היומן של|כל הלקוחות|"
    # "הפגישה של דני" asks about someone; "הפגישה שלי" / "של מחר" / "של יום רביעי" do not.
    rf"פגישות? של(?!י{_E}|נו{_E}| (?:{_MEETING_OWN_WORDS}))|"
    r"תני לי את (?:ה)?(?:מספר|טלפון|פרטים)|database|מאגר|הלקוח הקודם|הלקוחה הקודמת|"
    r"\bleads\b|client list|customer list|other people"
)
WHO_ARE_YOU = re.compile(
    r"מי את|מי זאת|מי מדברת|את בוט|את רובוט|את אמיתית|בינה מלאכותית|are you a bot|who are you|"
    r"are you human|are you real"
)
HOURS_QUESTION = re.compile(
    r"שעות (?:ה)?פתיחה|מתי אתם פתוחים|מתי המשרד פתוח|עד מתי אתם|אתם פתוחים|אתם עובדים|"
    r"opening hours|when are you open"
)
GOODBYE = _any(
    r"ביי|להתראות|יום טוב|ערב טוב|לילה טוב|שבוע טוב|bye|goodbye|תודה רבה|תודה|thanks|thank you|"
    r"זהו|זה הכל|זה הכול|that's all|נתראה|שיהיה"
)
NEGATED_MEETING = re.compile(
    r"לא (?:צריך|צריכה|רוצה|מעוניי?ן|מעוניינת) (?:ב)?(?:פגישה|להיפגש|לקבוע)|בלי פגישה|"
    r"no meeting|don't want (?:a|to) meet"
)
# "לא משנה" answers a question with "any": not a "no", not a misunderstanding.
NO_PREFERENCE = re.compile(
    r"לא משנה|לא ממש משנה|לא חשוב|לא אכפת לי|אין לי העדפה|אין העדפה|בלי העדפה|גמיש|גמישה|"
    r"פתוח לכל|פתוחה לכל|מה שיש|כל דבר|לא יודע|לא יודעת|עוד לא יודע|עוד לא יודעת|לא בטוח|"
    r"לא בטוחה|עוד לא החלטתי|doesn't matter|no preference|don't know|not sure|flexible"
)
_CHOICES: list[tuple[int, str]] = [
    (
        0,
        r"הראשון|הראשונה|האפשרות הראשונה|האופציה הראשונה|first|1st|option 1|אופציה 1|"
        r"אפשרות 1|אופציה ראשונה|אפשרות ראשונה|הקודם|המוקדם|המוקדמת|הכי מוקדם|הראשונה מביניהן|"
        r"לא משנה|מה שנוח|מתי שנוח|כל מועד|כל אחד|whatever|any of them|doesn't matter",
    ),
    (
        1,
        r"השני|השנייה|השניה|האפשרות השנייה|האופציה השנייה|second|2nd|option 2|אופציה 2|"
        r"אפשרות 2|אופציה שנייה|אפשרות שנייה",
    ),
    (2, r"השלישי|השלישית|האפשרות השלישית|third|3rd|option 3|אופציה 3|אפשרות 3"),
    (-1, r"האחרון|האחרונה|last|המאוחר|המאוחרת|הכי מאוחר"),
]


@dataclass(frozen=True)
class Intents:
    yes: bool = False
    no: bool = False
    not_interested: bool = False
    strong_not_interested: bool = False
    human: bool = False
    cancel: bool = False
    reschedule: bool = False
    meeting: bool = False
    no_meeting: bool = False
    price_question: bool = False
    other_leads: bool = False
    goodbye: bool = False
    who_are_you: bool = False
    hours_question: bool = False
    no_preference: bool = False
    declines_name: bool = False
    asks_availability: bool = False
    describes_property: bool = False
    choice: int | None = None


_AGREEMENT_WORDS = set(
    """
    כן כין בטח בסדר מתאים לי מעולה סגור סגרנו אוקיי אוקי אוקייי ok okay yes yep yeah sure נשמע
    טוב אחלה יאללה בשמחה פיקס perfect great good fine מצוין מצויין נהדר בדיוק נכון תקבעי קבעי
    תרשמי works בוודאי ודאי הולך זורם יופי בבקשה תודה רבה זה את זה please thanks thank you that
    one it sounds אה אממ בעצם אז נו
    """.split()
)


def only_agreement(text: str) -> bool:
    """True for "כן", "אוקיי מתאים לי", "סגור, תודה": agreement and nothing else, so a
    "yes" that comes with other content ("כן, דני") does not pick a meeting slot."""
    words = [w.strip("'\".,!?") for w in text.split()]
    return bool(words) and all(w in _AGREEMENT_WORDS for w in words if w)


def read_intents(text: str) -> Intents:
    choice = None
    for index, pattern in _CHOICES:
        m = re.search(rf"{_B}(?:ב|ל|את |את ה)?(?:{pattern}){_E}", text)
        weekday_word = re.search(
            r"(?:יום|ביום|שבוע|חודש|בשבוע) (?:ה)?(?:שני|השני|ראשון|השלישי)", text
        )
        if m and not weekday_word:
            choice = index
            break
    not_interested = bool(NOT_INTERESTED.search(text))
    other_leads = bool(OTHER_LEADS.search(text))
    if other_leads:
        choice = None  # "הלקוח הקודם" is a question about someone else, not "the earlier slot"
    asks_availability = bool(AVAILABILITY_QUESTION.search(text))
    if asks_availability:
        choice = None  # "מה הכי מוקדם?" asks for the earliest time; it picks nothing yet
    return Intents(
        yes=bool(YES.search(text)),
        no=bool(NO.search(text)),
        not_interested=not_interested,
        strong_not_interested=bool(STRONG_NOT_INTERESTED.search(text)),
        human=bool(HUMAN.search(text)),
        cancel=bool(CANCEL.search(text)),
        reschedule=bool(RESCHEDULE.search(text)),
        meeting=bool(MEETING.search(text)),
        no_meeting=bool(NEGATED_MEETING.search(text)),
        price_question=bool(PRICE_QUESTION.search(text)),
        other_leads=other_leads,
        goodbye=bool(GOODBYE.search(text)),
        who_are_you=bool(WHO_ARE_YOU.search(text)),
        hours_question=bool(HOURS_QUESTION.search(text)),
        no_preference=bool(NO_PREFERENCE.search(text)),
        declines_name=bool(NAME_DECLINED.search(text)),
        asks_availability=asks_availability,
        describes_property=bool(PROPERTY_DETAILS.search(text)),
        choice=choice,
    )
