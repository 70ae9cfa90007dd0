"""Numbers as sources write them: '1,980', '28.4', 'six', 'a third', 'half', 'three-quarters'."""

from __future__ import annotations

import re

WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
FRACTIONS = {"half": 50.0, "a half": 50.0, "a third": 33.3, "a quarter": 25.0, "three-quarters": 75.0,
             "two-thirds": 66.7, "three quarters": 75.0, "two thirds": 66.7}  # fmt: skip

_WORD = "|".join(sorted(WORDS, key=lambda s: (-len(s), s)))
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    rf"|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine))"
    rf"|(?:{_WORD})"
)
"""A regex (no groups) for a number written in digits or words."""


def to_number(text: str) -> float | None:
    """The value of a number written in digits or words, or ``None``."""
    text = text.strip().lower()
    if re.fullmatch(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if text in WORDS:
        return float(WORDS[text])
    if "-" in text:
        tens, _, unit = text.partition("-")
        if tens in WORDS and unit in WORDS:
            return float(WORDS[tens] + WORDS[unit])
    if text in FRACTIONS:
        return FRACTIONS[text]
    return None
