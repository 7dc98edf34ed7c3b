"""The caller's name: "קוראים לי דני", "שמי מיכל לוי", "my name is Dan", or a bare answer.

A bare answer counts as a name only when it is short, has no digits, and contains no word the
engine understands for something else (yes/no, cities, deal words…), so "כן" or "בסדר" never
becomes a name.
"""

from __future__ import annotations

import re

from agentlocator.hebrew.cities import find_cities
from agentlocator.hebrew.first_names import COMMON_FIRST_NAMES
from agentlocator.hebrew.numbers import word_value

_CUES = [
    r"שם:",  # a form-like "שם: עומר" on WhatsApp
    r"name:",
    r"קוראים לי",
    r"שמי הוא",
    r"שמי",
    r"השם שלי(?: הוא| זה)?",
    r"השם(?: הוא)?",
    r"my name is",
    r"my name's",
    r"name's",
    r"name is",
    r"this is",
    r"i am",
    r"i'm",
    r"im",
    r"מדבר(?:ת)?",
    r"מדברים עם",
    r"כאן",
    r"זה",
    r"אני",
]
_CUE_RE = re.compile(rf"(?:^|(?<=\s))(?:ו|ה)?(?:{'|'.join(_CUES)}) (\S+)(?: (\S+))?")
# Words that follow "אני"/"זה"/"כאן" without being a name.
STOP_WORDS = set(
    """
    מחפש מחפשת מחפשים רוצה רוצים מעוניין מעוניינת מעוניינים צריך צריכה צריכים גר גרה גרים
    מתקשר מתקשרת פונה פונים לא כן בסדר זמין זמינה יכול יכולה חושב חושבת מבין מבינה שמח שמחה
    מוכר מוכרת קונה שוכר שוכרת משכיר משכירה בעל בעלת עם רק גם עדיין כבר אשמח מתעניין מתעניינת
    פנוי פנויה עובד עובדת נמצא נמצאת בא באה מגיע מגיעה חוזר חוזרת טוב טובה מעולה אוקיי אוקי
    היום מחר ממש מאוד סתם רציתי רוצה לשאול שואל שואלת תודה שלום היי הי הלו בוקר ערב אחי
    הייתי אהיה יש אין מה מי איך למה מתי איפה כמה זה זאת הוא היא אנחנו הם הן את אתה אתם אני
    לקנות לשכור למכור להשכיר דירה בית נכס פגישה הבעלים בעלים של מהמשרד מדבר מדברת מתלבט
    מתלבטת לגמרי די קצת עוד בטח ברור נכון סליחה אוקיי יודע יודעת מכיר מכירה התקשרתי פניתי
    ראיתי שמעתי מבקש מבקשת ממליץ מתכנן מתכננת הולך הולכת נשוי נשואה זוג משפחה סטודנט סטודנטית
    אה אהה אממ אמ הממ בעצם אוקי יאללה נו אז לאה תקציב בערך עד בסביבות מקסימום אפשר האפשרות
    הראשון הראשונה השני השנייה האחרון האופציה ביום מחר מחרתיים שבוע
    looking want wanted interested calling here fine good ok okay not just a an the
    from with in at interested buying selling renting hello hi yes no sure thanks
    """.split()
)
# Spoken fillers and openers that come before an answer ("אממ, דני", "כן בעצם דני").
SPOKEN_FILLERS = {
    "כן", "בטח", "טוב", "אז", "נו", "אה", "אהה", "אממ", "אמ", "אם", "הממ", "בעצם", "אוקיי", "אוקי",
    "אוקייי", "יאללה", "טוב,", "ok", "okay", "so", "um", "uh", "uhm", "well", "yes", "yeah",
    "שלום", "היי", "הי", "הלו",
}  # fmt: skip
_FILLERS = SPOKEN_FILLERS | {"שמי", "זה", "אני", "name's", "i'm", "im", "it's", "השם", "שלי"}
_WORD_OK = re.compile(r"^[\u05d0-\u05ea'a-z-]{2,}$")


def _clean(word: str) -> str:
    return word.strip("-'\".,;:!?")


def name_from_cue(text: str, blocked: set[str]) -> str | None:
    """A name introduced by a cue ("קוראים לי X", "אני X"); ``blocked`` are known keywords."""
    for match in _CUE_RE.finditer(text):
        cue = match.group(0).split(" ")[0]
        first = _clean(match.group(1))
        second = _clean(match.group(2) or "")
        if not _WORD_OK.match(first) or first in STOP_WORDS or first in blocked:
            continue
        weak_cue = cue.lstrip("וה") in ("אני", "זה", "כאן", "im", "i") or cue == "this"
        if weak_cue and first not in COMMON_FIRST_NAMES:
            continue
        if (
            second
            and _WORD_OK.match(second)
            and second not in STOP_WORDS
            and second not in blocked
            and not (second[0] == "ו" and (second[1:] in STOP_WORDS or len(second) < 4))
            and not _is_city_or_number(second)
            and not _CONTENT_WORD.match(second)
            and not _city_starts_at(text, match.start(2))
        ):
            return _title(f"{first} {second}")
        return _title(first)
    return None


_CONTENT_WORD = re.compile(
    r"^[ובלמהש]?(?:דיר|בית|בתים|חדר|מיליון|מליון|אלף|שקל|תקציב|קנ|לקנ|שכ|לשכ|מכ|למכ|פגיש|מחר|"
    r"היום|פנטה|מגרש|משרד|apartment|house|room|budget|rent|buy|sell)"
)


def _city_starts_at(text: str, position: int) -> bool:
    """ "דני בפתח תקווה": the word after the name opens a city name."""
    found = find_cities(text[position:])
    return bool(found) and found[0].start == 0


def _is_city_or_number(word: str) -> bool:
    return bool(find_cities(word)) or word_value(word) is not None


def trailing_known_name(raw: str) -> str | None:
    """A common first name alone between commas or full stops ("…3 מיליון. נעמה",
    "יש לי דירה למכירה, אה דני, בהרצליה")."""
    segments = re.split(r"[.,;!?]", raw)
    if len(segments) < 2:
        return None
    for segment in segments:
        words = strip_fillers(segment.strip().lower()).split()
        if len(words) == 1 and words[0] in COMMON_FIRST_NAMES and words[0] not in STOP_WORDS:
            return _title(words[0])
    return None


def bare_name(text: str, blocked: set[str]) -> str | None:
    """The whole answer as a name ("דני כהן", "שמי דני"); None if it looks like anything else."""
    tokens = [_clean(t) for t in text.split() if _clean(t)]
    while tokens and tokens[0] in _FILLERS:
        tokens = tokens[1:]
    if not 1 <= len(tokens) <= 3:
        return None
    if any(not _WORD_OK.match(t) or t in STOP_WORDS or t in blocked for t in tokens):
        return None
    return _title(" ".join(tokens[:2]))


_SPEAKING = re.compile(r"^(?:כן |שלום |היי |הי |הלו )?(\S+)(?: (\S+))? (?:מדבר|מדברת|here)(?=$|\s)")


def name_before_speaking(text: str) -> str | None:
    """ "דוד מדבר", "שלום, רונית לוי מדברת"."""
    m = _SPEAKING.match(text)
    if not m:
        return None
    words = [w for w in (m.group(1), m.group(2)) if w]
    if any(not _WORD_OK.match(w) or w in STOP_WORDS for w in words):
        return None
    return _title(" ".join(words))


def strip_fillers(text: str) -> str:
    tokens = text.split()
    while tokens and _clean(tokens[0]) in SPOKEN_FILLERS:
        tokens = tokens[1:]
    return " ".join(tokens)


def leading_known_name(text: str) -> str | None:
    """A common first name opening the message ("דני, מחפש דירה…", "כן, דני")."""
    tokens = strip_fillers(text).split()
    if tokens and _clean(tokens[0]) in COMMON_FIRST_NAMES and _clean(tokens[0]) not in STOP_WORDS:
        return _title(_clean(tokens[0]))
    return None


def _title(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] if w.isascii() else w for w in name.split())


# Words that follow "אני"/"זה"/"זאת" at the start of a message without being a name.
_NOT_A_NAME = set(
    """
    בדיוק פשוט באמת גם עדיין שוב עכשיו אומרת אומר נשמע נשמעת יותר פחות הכל הכול כל משנה מתאים
    מתאימה בקשר לגבי עבור הפעם ממש חשוב חשובה בטוח בטוחה צודק צודקת מקווה מקווים זוכר זוכרת
    שמח שמחה מנסה מנסים יכולה מבקשת קצר ארוך דחוף חוזר אחרי לפני אותו אותה כזה כזאת נכון ככה
    אמור אמורה לבד יחד איתך איתכם שם פה כאן הזה הזאת טעות אפשרי בעייתי מסובך קשה קל זמני קבוע
    משקיע משקיעה משקיעים מתווך מתווכת קבלן יזם יזמית עורך עורכת רופא רופאה שמאי אדריכל אדריכלית
    מהנדס מהנדסת דייר דיירת דיירים תושב תושבת גרוש גרושה אלמן אלמנה פנסיונר פנסיונרית חייל חיילת
    אבא אמא הורה הורים סבא סבתא אח אחות השכן השכנה לקוח לקוחה לקוחות חבר חברה חברים
    """.split()
)
_OPENING = re.compile(r"^(?:ו|ה)?(אני|זה|זאת|זו|כאן)$")


def _plausible_name_word(word: str) -> bool:
    if not _WORD_OK.match(word) or word in STOP_WORDS or word in _NOT_A_NAME:
        return False
    if word in COMMON_FIRST_NAMES:
        return True
    return not (_CONTENT_WORD.match(word) or word_value(word) is not None or find_cities(word))


def introduced_name(raw: str) -> str | None:
    """A name the caller opens with: "שלום, אני סבטלנה, …", "זאת אולגה", "זה דני כהן, …",
    "אני פאינה ואני מחפשת…", "דמיטרי פה". Any plausible word counts, on the list or not: the
    cue at the start of the message and the pause after the name say it is one."""
    segments = [s.split() for s in re.split(r"[.,;!?]", raw.strip().lower())]
    segments = [[_clean(w) for w in strip_fillers(" ".join(s)).split()] for s in segments]
    segments = [s for s in segments if s]
    if not segments:
        return None
    words = segments[0]
    if len(words) >= 2 and words[-1] in ("פה", "מדבר", "מדברת", "here"):
        candidates = words[:-1]
    elif _OPENING.match(words[0]) and len(words) >= 2:
        rest = words[1:]
        joined = next((i for i, w in enumerate(rest) if w in ("ואני", "ואנחנו")), None)
        if joined is not None:
            rest = rest[:joined]
        candidates = rest
    else:
        return None
    if not 1 <= len(candidates) <= 2 or not all(_plausible_name_word(w) for w in candidates):
        return None
    return _title(" ".join(candidates))
