"""When a Chinese sentence says an action happened: "今年3月，中共中央印发《方案》" dates the document
issued, "10月25日，国家数据局正式挂牌成立" the body set up (``date``). A date written without its
year takes the document's publication year when that is certain: "今年" (this year), or a month
no later than the month the document was published in."""
from __future__ import annotations

import re

from ..model import LiteralValue, Mention, MentionFact
from .facts import FactMaker
from .surface import VerbHit

DATE = re.compile(r"(?:(?P<year>\d{4})年|(?P<this_year>今年))?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?")
OPENING_MARKS = "《“「"


def action_dates(text: str, offset: int, mentions: list[Mention], verbs: list[VerbHit], maker: FactMaker,
                 published: str | None) -> list[MentionFact]:
    """``text`` is one sentence at document offset ``offset``: each date before a verb of the rule's
    ``properties`` dates what the verb acts on — the name right after it, else the last name before it."""
    properties = set(maker.rules.settings("action-date").option("properties"))
    made: list[MentionFact] = []
    for match in DATE.finditer(text):
        value = _literal(match, published)
        verb = next((v for v in verbs if v.start >= offset + match.end() and v.property in properties), None)
        if value is None or verb is None:
            continue
        dated = _acted_on(text, offset, verb, [m for m in mentions if m.start >= offset + match.end()])
        if dated is not None:
            made += maker.literal(dated, "date", value, "action-date")
    return made


def _acted_on(text: str, offset: int, verb: VerbHit, mentions: list[Mention]) -> Mention | None:
    """The verb's object when a name follows it at once ("印发《方案》"), else its subject, the last
    name before it ("国家数据局正式挂牌成立")."""
    after = next((m for m in mentions if m.start >= verb.end), None)
    if after is not None and not text[verb.end - offset:after.start - offset].strip(OPENING_MARKS):
        return after
    before = [m for m in mentions if m.end <= verb.start]
    return before[-1] if before else None


def _literal(match: re.Match[str], published: str | None) -> LiteralValue | None:
    month, day = int(match["month"]), int(match["day"]) if match["day"] else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    year = match["year"]
    if year is None and published and published[:4].isdigit():
        known_month = int(published[5:7]) if len(published) >= 7 else None
        if match["this_year"] or (known_month is not None and month <= known_month):
            year = published[:4]
    if year is None:
        return None
    if day is not None:
        return LiteralValue(f"{year}-{month:02d}-{day:02d}", "date")
    return LiteralValue(f"{year}-{month:02d}", "gYearMonth")
