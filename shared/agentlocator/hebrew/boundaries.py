"""Where a Hebrew word starts and ends inside a regex.

Python's ``\\b`` is no help here: a Hebrew prefix letter (ב, ל, ה, ו…) is glued to the word,
and a hyphen ("ב-10", "תל-אביב") or a closing quote or period follows words people write.
"""

from __future__ import annotations

# A word starts at the start of the text or after a space or a hyphen.
WORD_START = r"(?:^|(?<=[\s\-]))"
# A word ends at the end of the text or before a space, a hyphen, a period or a quote.
WORD_END = r"(?=$|[\s\-.'\"])"
