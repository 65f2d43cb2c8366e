"""Quantities in a sentence: "1,300 troops", "about 100", "over 5,000", "188 km", "$200".

Quantities belong to claims, and at import time there are none yet, so
these are computed again whenever a sentence is shown or a claim is made
from it; nothing here touches the database.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

ABOUT = "about"
EXACT = "exact"
OVER = "over"
AT_LEAST = "at_least"
UP_TO = "up_to"
UNDER = "under"
RANGE = "range"


@dataclass(frozen=True)
class QuantitySuggestion:
    start: int
    end: int
    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str

    def as_dict(self):
        return {
            "text": self.text,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a hundred": 100, "a thousand": 1000, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# A vague amount is no number: "dozens" is not 24. It is kept as the range
# the word can mean (two dozen up to what the next word would name), with the
# qualifier "range", so a claim of "dozens of soldiers" is never read as a count.
_VAGUE = {
    "dozens": ("24", "99"),
    "scores": ("40", "99"),
    "hundreds": ("200", "999"),
    "thousands": ("2000", "9999"),
    "tens of thousands": ("20000", "99999"),
    "hundreds of thousands": ("200000", "999999"),
    "millions": ("2000000", "999999999"),
}
_QUALIFIERS = {
    "about": ABOUT, "around": ABOUT, "approximately": ABOUT, "roughly": ABOUT, "some": ABOUT,
    "nearly": ABOUT, "almost": ABOUT, "close to": ABOUT, "an estimated": ABOUT,
    "estimated": ABOUT, "approx.": ABOUT, "c.": ABOUT, "circa": ABOUT,
    "over": OVER, "more than": OVER, "above": OVER, "in excess of": OVER,
    "at least": AT_LEAST, "no fewer than": AT_LEAST, "no less than": AT_LEAST,
    "up to": UP_TO, "as many as": UP_TO, "as much as": UP_TO,
    "under": UNDER, "fewer than": UNDER, "less than": UNDER, "below": UNDER,
}  # fmt: skip
_UNITS = {
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "m": "m", "meters": "m", "metres": "m", "meter": "m", "metre": "m",
    "mm": "mm", "cm": "cm", "mi": "miles", "miles": "miles", "mile": "miles",
    "kg": "kg", "kilograms": "kg", "t": "tonnes", "tonne": "tonnes", "tonnes": "tonnes",
    "ton": "tons", "tons": "tons", "%": "%", "percent": "%", "per cent": "%",
    "km2": "km²", "km²": "km²", "sq km": "km²", "hectares": "ha", "ha": "ha",
    "km/h": "km/h", "mph": "mph", "knots": "knots", "dollars": "USD", "euros": "EUR",
}  # fmt: skip
_COLLECTIVE = {"people", "police", "personnel", "staff", "children", "men", "women", "infantry"}
# Words that end a unit ("200 tanks with", "30,000 fighters and").
_STOPWORDS = frozenset(
    """of and or the a an to in on at from with by for that which who whom more less than is
    are was were be been being have has had will would can could may might should must as so
    but not no each per this these those its it their his her our your into onto over under
    about between against during since until before after""".split()  # noqa: SIM905
)


def _one_of(words):
    """A pattern matching any of `words`, the longest first, written as a trie.

    The same matches, in the same order of preference, as the words joined
    by "|" longest first (two words matching at one place are a prefix of
    each other, and the longer is tried first here too), but the regex
    engine reads each character once instead of trying every word in turn
    at every position of the text: a sentence is scanned several times faster.
    """
    trie = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node):
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = _one_of(_WORD_VALUES)
_SCALE = r"(?:[ \u00a0](?P<scale>hundred|thousand|million|billion)\b)?"
_QUALIFIER = _one_of(_QUALIFIERS)
_CURRENCY = r"(?P<currency>US[ \u00a0]?\$|\$|USD[ \u00a0]?|€|£)[ \u00a0]?"
_VAGUE_RE = _one_of(_VAGUE)

_QUANTITY = re.compile(
    rf"""
    (?:(?P<qualifier>{_QUALIFIER})[ \u00a0]+)?
    (?:
        (?P<vague>{_VAGUE_RE})[ \u00a0]+of\b
      |
        (?:{_CURRENCY})?
        (?P<number>{_NUMBER}|\b(?:{_WORDS})\b)
        (?:[ \u00a0]?(?:–|—|-|to)[ \u00a0]?(?P<number_max>{_NUMBER}|\b(?:{_WORDS})\b))?
        {_SCALE}
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Every quantity holds a digit, a number word or a vague amount: a sentence
# with none of them is skipped without running _QUANTITY at each position.
_HINT = re.compile(rf"\d|{_VAGUE_RE}|\b(?:{_WORDS})\b", re.IGNORECASE)
_WORD = re.compile(r"[ \u00a0]+(?P<word>(?:[^\W\d_]\.){2,}|[^\W\d_][\w'’/²-]*|%)")
# Words between a number and what it counts: "500 more soldiers", "500 U.S. troops".
_BEFORE_UNIT = frozenset("more additional extra further other new fresh".split())  # noqa: SIM905
_GLUED_UNIT = re.compile(r"(?P<word>mm|cm|km|kg|m|t)\b|(?P<percent>%)")
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()  # noqa: SIM905
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _value(text):
    text = text.lower().replace(",", "")
    if text in _WORD_VALUES:
        return Decimal(_WORD_VALUES[text])
    return Decimal(text)


def _previous_word(text, start):
    match = re.search(r"([^\W\d_][\w.-]*)[ \u00a0]+$", text[max(0, start - 40) : start])
    return match.group(1) if match else ""


def _is_sentence_start(text, start):
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?:;“"(['


def _unit_after(text, position):
    """(unit, end) for the words after a number: "km", "APC", "artillery pieces" or ""."""
    if glued := _GLUED_UNIT.match(text, position):
        return _UNITS.get((glued["word"] or "%").lower()), glued.end()
    words = []
    cursor = position
    while len(words) < 4 and (match := _WORD.match(text, cursor)):
        words.append((match["word"], match.end()))
        cursor = match.end()
    if not words:
        return "", position
    first, first_end = words[0]
    two = f"{first} {words[1][0]}".lower() if len(words) > 1 else ""
    if two in _UNITS:
        return _UNITS[two], words[1][1]
    if first.lower() in _UNITS:
        return _UNITS[first.lower()], first_end
    unit_words, end = [], position
    for word, word_end in words:
        bare = word.rstrip("'’")
        if word.lower() in _BEFORE_UNIT and not unit_words:
            continue
        if word.lower() in _STOPWORDS or word.lower() in _MONTHS:
            break
        if bare.isupper() and bare.rstrip("s").isalpha() and len(bare) >= 2 and not unit_words:
            # An acronym (APC, IFVs) is the unit unless a noun follows it.
            unit_words, end = [word], word_end
            continue
        if word[0].isupper() or not word.isalpha():
            if unit_words:
                break
            continue  # a name between number and noun: "5,000 Islamic State fighters"
        unit_words = [w for w in unit_words if not w.isupper()] + [word]
        end = word_end
        # A plural noun ends the unit: "small trucks", not "fighters rebuffed".
        if len(unit_words) == 2 or word.lower().endswith("s") or word.lower() in _COLLECTIVE:
            break
    if unit_words and unit_words[-1].lower().endswith("ed") and not unit_words[-1].isupper():
        # "over 5,000 died": a verb, not what was counted.
        unit_words = unit_words[:-1]
        end = position if not unit_words else end
    if unit_words and len(unit_words) == 1 and unit_words[0].lower() in _UNITS:
        return _UNITS[unit_words[0].lower()], end
    return " ".join(unit_words), end


def _not_a_count(text, match):
    """Why a number is a name, a date or a designation rather than an amount, else ""."""
    number, qualified = match["number"], bool(match["qualifier"])
    number_start, number_end = match.start("number"), match.end("number")
    before = text[number_start - 1] if number_start else ""
    after = text[number_end : number_end + 1]
    glued_before = before.isalpha() or (before != "" and before in "-_/")
    glued_after = after.isalpha() and number[0].isdigit()
    if (glued_before or glued_after) and not _GLUED_UNIT.match(text, number_end):
        return "part of a name: M117, X-8, 101st, 4x4s"
    following = text[match.end() : match.end() + 20].lstrip(" \u00a0").split(" ")[0]
    if following.rstrip(",.;)").lower() in _MONTHS:
        return "a date: 15 February"
    if match["currency"] or not number[0].isdigit() or qualified:
        return ""
    previous = _previous_word(text, match.start())
    if previous.lower() in _MONTHS:
        return "a date: February 15"
    if previous[:1].isupper() and not _is_sentence_start(text, match.start() - len(previous) - 1):
        return "a designation: Regiment 800, Phantom 3"
    capitalized = following[:1].isupper() and not following.rstrip(",.;)").isupper()
    if number.isdigit() and int(number) < 1000 and capitalized:
        return "a unit's number: the 104 Airborne Brigade"
    return ""


def _amount(match):
    """(value, value_max, qualifier) of a matched number or range."""
    if match["vague"]:
        value, value_max = _VAGUE[match["vague"].lower()]
        return Decimal(value), Decimal(value_max), RANGE
    scale = _SCALES[match["scale"].lower()] if match["scale"] else 1
    value = _value(match["number"]) * scale
    value_max = _value(match["number_max"]) * scale if match["number_max"] else None
    if value_max is not None and value_max <= value:
        value_max = None  # "15-20" read backwards is not a range
    if value_max is not None:
        return value, value_max, RANGE
    qualifier = _QUALIFIERS[match["qualifier"].lower()] if match["qualifier"] else EXACT
    return value, None, qualifier


def suggest_quantities(text, offset=0):
    """Quantities in `text`; offsets are into text, plus `offset` (the sentence's start)."""
    found = []
    if not _HINT.search(text):
        return found
    for match in _QUANTITY.finditer(text):
        if not match["vague"] and _not_a_count(text, match):
            continue
        value, value_max, qualifier = _amount(match)
        end = match.end() if match["number_max"] is None or value_max else match.end("number")
        if match["currency"]:
            currency = match["currency"]
            unit = "USD" if "$" in currency or "USD" in currency else currency.strip()
        else:
            unit, end = _unit_after(text, end)
        if not unit and not match["vague"] and not match["qualifier"]:
            if not match["number"][0].isdigit():
                continue  # "one" with nothing counted is not a quantity
            if _YEAR.fullmatch(match["number"]):
                continue  # "in 2016"
        found.append(
            QuantitySuggestion(
                start=match.start() + offset,
                end=end + offset,
                text=text[match.start() : end],
                value=value,
                value_max=value_max,
                unit=unit,
                qualifier=qualifier,
            )
        )
    return found
