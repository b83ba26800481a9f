"""The decision words, as named, verbose patterns compiled once.

Each trigger says which status it announces and where its show is:
  left   - the show comes before it ("'Evil' renewed at Paramount+")
  right  - the show follows it ("Netflix has canceled Partner Track")
  verb   - a past-tense verb that is active after a network ("CBS renewed X")
           and passive otherwise ("X renewed for a third season")

Finding them in a sentence (the words each trigger needs, their automaton and
`find_triggers`) is `trigger_search`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cliffhanger.extraction.lexicon import network_surface_map
from cliffhanger.model import Status

_AUX = (
    r"(?:(?:has|have|had)\s+(?:(?:officially|also|now|quietly|reportedly|just|already|"
    r"finally|been)\s+)*|(?:is|are|was|were|will\s+be|would\s+be)\s+(?:(?:officially|"
    r"being|now|also|reportedly)\s+)*|(?:gets?|got|getting)\s+)?"
)
_AUX = _AUX.replace(
    r"|(?:gets?|got|getting)\s+)?",
    r"|(?:could|might|may|would|should|must|will|can)\s+(?:(?:soon|still|also|now)\s+)?be\s+"
    r"|(?:is|are|was|were)\s+(?:rumou?red|expected|said|reported|set|likely|poised|tipped|"
    r"believed|understood)\s+to\s+be\s+"
    r"|(?:gets?|got|getting)\s+)?",
)
_AUX_NO_GET = _AUX.replace(r"|(?:gets?|got|getting)\s+", "")
_ADV = r"(?:(?:officially|quietly|reportedly|also|now|formally|finally|just|been|swiftly)\s+)*"
_ADV_ACTIVE = _ADV.replace("|been", "")
_NETWORK_ALT = "|".join(
    re.escape(f) for f in sorted(network_surface_map(), key=len, reverse=True) if f[:1].isupper()
)
_CANCEL = r"(?:cancell?ed|axed|scrapped|nixed|shelved|canned)"
_APOS = r"[’']"


@dataclass(frozen=True)
class Trigger:
    """A decision pattern: its name, the status it announces and where its show is."""

    name: str
    status: Status
    where: str
    pattern: re.Pattern[str]
    strength: float  # how sure the words alone make the decision (0..1)
    bare: bool = True  # may the show be an unquoted title? (not for words people share)


def _t(
    name: str, status: Status, where: str, regex: str, strength: float, bare: bool = True
) -> Trigger:
    flags = re.IGNORECASE | re.VERBOSE
    return Trigger(name, status, where, re.compile(regex, flags), strength, bare)


CAN, REN, FIN, ORD, REV = (
    Status.CANCELED,
    Status.RENEWED,
    Status.FINAL_SEASON,
    Status.ORDERED,
    Status.REVIVED,
)

TRIGGERS: tuple[Trigger, ...] = (
    # -- canceled --------------------------------------------------------------------
    _t(
        "cancel-active",
        CAN,
        "right",
        rf"""\b(?:cancels|axes|scraps|nixes|cans|
        (?:has|have|had)\s+(?:{_ADV_ACTIVE}){_CANCEL}|pull(?:s|ed)?\s+the\s+plug\s+on|
        (?:decided|opted|chose|elected)\s+not\s+to\s+(?:renew|move\s+forward\s+with)|
        (?:will|won{_APOS}t|will\s+not|did\s+not|didn{_APOS}t)\s+(?:be\s+)?renew(?:ing)?|
        declined\s+to\s+renew|(?:could|might|may|would|should|will|to)\s+(?:soon\s+)?(?:cancel|axe)\b|cancel(?=\s+['‘"“])|(?:won{_APOS}t|will\s+not|is\s+not\s+going\s+to|decided\s+not\s+to|
        (?:has\s+)?opted\s+not\s+to)\s+bring\s+back|(?:has\s+)?decided\s+against\s+(?:a|an|another)\s+
        (?:\w+\s+)?(?:season|installment|series)\s+of|(?:has\s+|have\s+)?(?:given|gave|gives)\s+the\s+(?:boot|axe|ax|chop)\s+to|passe[sd]\s+on\s+(?:renewing|(?:a|an|another)\s+(?:\w+\s+)?season\s+of)|
        (?:is|are|was|isn{_APOS}t|aren{_APOS}t)\s+not\s+moving\s+forward\s+with|
        (?:won{_APOS}t|will\s+not)\s+(?:be\s+)?mov(?:e|ing)\s+forward\s+with)\b""",
        0.95,
    ),
    _t(
        "cancel-dropped",
        CAN,
        "network-right",
        r"""\b(?:dropped|ditched|dumped|let\s+go\s+of|parted\s+ways\s+with)\b""",
        0.8,
        bare=False,
    ),
    _t("cancel-verb", CAN, "verb", rf"\b{_AUX_NO_GET}{_ADV}{_CANCEL}\b", 0.95),
    _t(
        "cancel-no-next",
        CAN,
        "left",
        rf"""\b(?:won{_APOS}t|will\s+not|is\s+not\s+going\s+to|
        isn{_APOS}t\s+going\s+to)\s+(?:get|have|receive|be\s+getting|see)\s+(?:a|an)\s+
        (?:\w+\s+season|season\s+\d{{1,2}})\b""",
        0.85,
    ),
    _t(
        "cancel-chop",
        CAN,
        "left",
        r"""\b(?:has\s+)?(?:also\s+)?(?:gotten|got|gets|get|been\s+given|
        given|getting|received|receives)\s+the\s+(?:chop|axe|ax|boot|hook|ax)\b""",
        0.9,
    ),
    _t(
        "cancel-not-return",
        CAN,
        "left",
        rf"""\b(?:won{_APOS}t|will\s+not|is\s+not|isn{_APOS}t)\s+
        (?:be\s+)?(?:returning|return|coming\s+back|back)\b(?!\s+to\s+(?:work|set|filming|host))""",
        0.85,
        bare=False,
    ),
    _t(
        "cancel-done",
        CAN,
        "left",
        r"""\b(?:is|are)\s+(?:officially\s+)?(?:done|over|finished)\s+
        (?=after\s+(?:\w+|\d+)\s+seasons?)""",
        0.8,
    ),
    _t("cancel-not-forward", CAN, "left", r"""\b(?:is\s+|are\s+)?not\s+moving\s+forward\b""", 0.85),
    _t(
        "cancel-casualty",
        CAN,
        "left",
        r"""\b(?:is|are|was|were)\s+(?:also\s+)?among\s+the\s+
        (?:casualties|cancell?ations|shows\s+(?:axed|cancell?ed))\b""",
        0.85,
    ),
    _t(
        "cancel-ending-after",
        FIN,  # "ending after three seasons": the end is announced, not who chose it
        "left",
        r"""\b(?:is\s+)?(?:officially\s+)?ending\s+after\s+
        (?=\d|one|two|three|four|five|six|seven|eight|nine|ten)""",
        0.8,
    ),
    # -- final season ----------------------------------------------------------------
    _t(
        "final-end-with",
        FIN,
        "left",
        r"""\b(?:will|to|set\s+to|is\s+set\s+to|is\s+going\s+to|
        is|are|officially)?\s*(?:end|ending|ends|ended|wrap|wrapping|wraps|wrapped|conclude|
        concluding|concludes|concluded|come\s+to\s+an\s+end)\s+(?:up\s+)?(?:its\s+run\s+)?
        (?:with|after)\s+(?=(?:its\s+|the\s+|a\s+)?(?:upcoming\s+|forthcoming\s+|current\s+|next\s+|
        new\s+)?(?:\w+\s+(?:season|series)|season\s+\w+|\w+\s+and\s+(?:final|last)\s+(?:season|series)|
        \w+\s+seasons|\d+\s+seasons))""",
        0.95,
    ),
    _t(
        "final-will-be-last",
        FIN,
        "last",
        r"""\b(?:will|would|is\s+going\s+to)\s+be\s+(?:its|their|
        the(?:\s+show[’']s|\s+series[’'])?)\s+(?:last|final)(?:\s+season|\s+one)?\b""",
        0.85,
    ),
    _t(
        "final-and-final",
        FIN,
        "either",
        r"""\b(?:(?:gets?|got|getting|lands?|landed|scores?|scored|earns?|earned|receives?|
        received|nabs?|nabbed)\s+(?:(?:a|an|its|their)\s+)?)?(?:\w+)\s+and\s+(?:final|last)\s+
        season\b""",
        0.9,
    ),
    _t(
        "final-season-noun",
        FIN,
        "either",
        r"""\b(?:final|last)\s+season\b(?!\s+(?:of\s+)?
        (?:for\s+the\s+network|before))""",
        0.75,
    ),
    _t("final-airs-last", FIN, "left", r"\bairs?\s+(?:its\s+)?(?:final|last)\s+episodes?\b", 0.7),
    _t(
        "final-order",
        FIN,
        "right",
        r"""\bfinal[- ]season\s+(?:order|renewal|pickup|pick-up)\s+
        (?:to|for)\b""",
        0.85,
    ),
    _t(
        "final-end-active",
        FIN,
        "network-right",
        r"""\b(?:decided|decides|opted|chose|plans?|
        planned)\s+to\s+(?:end|conclude|wrap\s+up)\b""",
        0.85,
    ),
    _t("final-series-finale", FIN, "left", r"\bseries\s+finale\b", 0.6),
    _t("final-final-episodes", FIN, "left", r"\bfinal\s+episodes?\b", 0.55),
    _t(
        "final-decision",
        FIN,
        "sentence",
        r"""\b(?:decision|decided|plans?)\s+to\s+end\s+
        (?:the\s+series|the\s+show|it|their\s+show)\b""",
        0.7,
    ),
    # -- revived ---------------------------------------------------------------------
    _t(
        "revive-noun",
        REV,
        "left",
        r"""\brevival(?:\s+series)?\s+(?:is\s+)?(?:officially\s+)?
        (?:ordered|greenlit|green-lit|gets|got|lands|landed|set|confirmed|official|happening|
        a\s+go|picked\s+up|moving\s+forward|in\s+the\s+works\s+at)\b""",
        0.9,
    ),
    _t("revive-verb", REV, "verb", rf"\b{_AUX_NO_GET}{_ADV}(?:revived|rescued|resurrected)\b", 0.9),
    _t(
        "revive-active",
        REV,
        "network-right",
        r"""\b(?:revives|revived|rescues|rescued|resurrects|
        resurrected|(?:has|have)\s+(?:revived|rescued|saved|resurrected))\b""",
        0.9,
    ),
    _t(
        "revive-return-after",
        REV,
        "left",
        r"""\b(?:to\s+return|returns?|returning|is\s+coming\s+
        back|comes\s+back|will\s+return)\s+(?:to\s+\w+\s+)?after\s+(?:a\s+)?(?:\d+|\w+)[- ]year
        \s+(?:hiatus|absence|break|gap)""",
        0.85,
    ),
    _t(
        "revive-return-series",
        REV,
        "left",
        r"""\b(?:to\s+return|returns|returning|will\s+return)\s+
        (?:in|as|with)\s+(?:a\s+)?(?:new\s+)?(?:series|revival)\b""",
        0.8,
    ),
    _t("revive-new-home", REV, "left", r"\b(?:finds?|found)\s+(?:a\s+)?new\s+home\b", 0.85),
    _t(
        "revive-picked-up-by",
        REV,
        "left",
        r"""\b(?:picked\s+up|saved|rescued)\s+by\s+(?=[\w+ ]+\s+
        (?:after|following)\s+(?:its\s+)?(?:\w+\s+)?cancell?ation)""",
        0.9,
    ),
    # -- renewed ---------------------------------------------------------------------
    _t(
        "renew-active",
        REN,
        "right",
        rf"""\b(?:renews|(?:has|have|had)\s+{_ADV_ACTIVE}renewed)\b""",
        0.95,
    ),
    _t(
        "renew-picked-up",
        REN,
        "network-right",
        r"""\b(?:picked|picks)\s+(?:up\b(?!\s+(?:by|from|where|after|the\s+(?:story|thread)))|
        (?=(?:it|them|the\s+(?:[\w-]+\s+){0,3}?(?:series|show|drama|comedy))\s+up\b))""",
        0.85,
    ),
    _t(
        "renew-bring-back",
        REN,
        "network-right",
        r"""\b(?:brings?|bringing|brought)\s+back\b""",
        0.85,
    ),
    _t("renew-renewals-to", REN, "right", r"""\b(?:early\s+|quick\s+)?renewals?\s+to\b""", 0.85),
    _t(
        "renew-acquired",
        REN,
        "network-right",
        r"""\b(?:acquires|acquired|(?:has|have)\s+acquired)\b(?!\s+(?:the\s+)?(?:streaming\s+|global\s+
        |u\.s\.\s+|international\s+)?(?:rights|a\s+stake|the\s+company|the\s+studio))""",
        0.75,
        bare=False,
    ),
    _t("renew-verb", REN, "verb", rf"\b{_AUX}{_ADV}renewed\b", 0.95),
    _t(
        "renew-gets",
        REN,
        "left",
        r"""\b(?:gets?|got|scores?|scored|lands?|landed|earns?|earned|
        nabs?|nabbed|receives?|received|secures?|secured|grabs?|snags?)\s+(?:an?\s+)?
        (?:early\s+|speedy\s+|quick\s+|swift\s+|surprise\s+|official\s+)?
        (?:(?:season\s+\d+|\w+\s+season|\d+\w*\s+season|two-season|multi-season|
        \w+-season)\s+)?(?:renewal|pickup|pick-up)\b""",
        0.9,
    ),
    _t(
        "renew-gets-season",
        REN,
        "left",
        r"""\b(?:gets?|got|scores?|lands?|earns?|nabs?|receives?|
        secures?|to\s+get|will\s+get|is\s+getting|getting)\s+(?:a\s+|an\s+|its\s+)?
        (?:\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|
        tenth|eleventh|twelfth|\w+teenth|twentieth)\s+(?:season|series)\b""",
        0.85,
    ),
    _t(
        "renew-set-for",
        REN,
        "left",
        r"""\b(?:is\s+)?set\s+for\s+(?:a\s+|an\s+)?(?:\d{1,2}(?:st|nd|rd|th)|
        second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+season\b""",
        0.85,
    ),
    _t(
        "renew-return-for",
        REN,
        "left",
        r"""\b(?:will\s+(?:be\s+)?return(?:ing)?|to\s+return|
        is\s+returning|returning|returns|is\s+coming\s+back|coming\s+back|will\s+be\s+back|
        is\s+back)\s+for\s+(?=(?:a|an|its)\s+\w+\s+season|season\s+\d)""",
        0.8,
        bare=False,
    ),
    _t(
        "renew-returning-at",
        REN,
        "left",
        r"""\b(?:is\s+)?(?:returning|coming\s+back)\s+(?:to|at)\s+
        (?=(?:the\s+)?[A-Z])""",
        0.7,
        bare=False,
    ),
    _t(
        "renew-season-confirmed",
        REN,
        "season",
        r"""\b(?:season|series)\s+(?P<n>\d{1,2})\s+
        (?:(?:is|has\s+been)\s+)?(?:officially\s+)?(?:confirmed|announced|greenlit|green-lit|
        ordered|happening|is\s+official|a\s+go)\b
        (?!\s+(?:for|at)\s+(?:the\s+)?(?:San\s+Diego\s+)?(?:Comic-?Con|SDCC|D23|NYCC|panel|
        convention|festival|expo))""",
        0.85,
    ),
    _t(
        "renew-season-of-announced",
        REN,
        "season-of",
        r"""\b(?:season|series)\s+(?P<n>\d{1,2})\s+
        of\s+""",
        0.8,
    ),
    _t(
        "renew-orders-season",
        REN,
        "right",
        r"""\b(?:orders?|ordered|greenlights?|greenlit|
        confirms?|confirmed|announces?|announced)\s+(?:a\s+)?(?:\w+\s+season|season\s+\d{1,2})
        \s+(?:of|for)\b""",
        0.9,
    ),
    _t(
        "renew-gives",
        REN,
        "right",
        r"""\b(?:gives?|gave|handed|hands)\s+(?=[^.]{0,60}?\s+(?:an?\s+)?
        (?:\w+\s+season\s+(?:renewal|order|pickup)|season\s+\d{1,2}\s+(?:renewal|order)|
        renewal))""",
        0.9,
    ),
    # -- ordered ---------------------------------------------------------------------
    _t(
        "order-active",
        ORD,
        "right",
        r"""\b(?:orders|(?:has|have)\s+ordered|ordered(?=\s+(?!to\s)[^.;]{1,80}?\bto\s+series\b)|greenlights|
        (?:has|have)\s+greenlit|green-lights|commissions|(?:has|have)\s+commissioned|
        gives?\s+(?:a\s+)?(?:straight-to-series\s+|series\s+|formal\s+)order\s+to|
        (?:has|have)\s+given\s+(?:a\s+)?(?:straight-to-series\s+|series\s+)order\s+to)\b""",
        0.9,
    ),
    _t(
        "order-verb",
        ORD,
        "verb",
        rf"""\b{_AUX_NO_GET}{_ADV}(?:ordered\s+(?:straight\s+)?to\s+series|
        greenlit|green-lit|green-lighted|greenlighted|commissioned|
        ordered(?=\s+(?:at|by|for\s+(?:a\s+)?series)\b))\b""",
        0.85,
    ),
    _t(
        "order-gets",
        ORD,
        "left",
        r"""\b(?:gets?|got|lands?|landed|scores?|scored|receives?|
        received|nabs?|wins?)\s+(?:a\s+|an\s+)?(?:straight-to-series\s+|full\s+|formal\s+|
        official\s+|\d+-episode\s+|(?:\w+[ -]){0,2})?(?:series\s+order|greenlight|green\s+light|
        go-ahead)\b""",
        0.9,
    ),
    _t(
        "order-announce",
        ORD,
        "right",
        r"""\b(?:announces?|announced|unveils?|unveiled|sets?|
        lands?|landed|orders?)\s+(?=(?:[\w+-]+\s+){0,4}?(?:series|show|docuseries|spinoff|
        spin-off|prequel|sequel)\b|['‘"“][^'’"”]{1,60}['’"”]\s+(?:['‘"“][^'’"”]{1,60}['’"”]\s+)?
        (?:series|spinoff|spin-off|prequel|sequel|docuseries)\b)""",
        0.8,
    ),
    _t(
        "order-adapted",
        ORD,
        "left",
        r"""\bto\s+be\s+adapted\s+(?:for\s+tv|as\s+(?:a\s+)?(?:tv\s+)?
        series|into\s+(?:a\s+)?(?:tv\s+)?series)\b""",
        0.7,
    ),
    _t(
        "order-noun",
        ORD,
        "left",
        r"""(?<![Pp]ilot\s)\b(?:(?:series|anime|show)\s+(?:is\s+)?
        (?:officially\s+)?(?:ordered|greenlit|green-lit|announced|confirmed|a\s+go)|
        (?:series|show)\s+(?:lands|set|coming)\s+(?:at|to)|straight-to-series\s+order)\b""",
        0.8,
    ),
    _t("order-tv-series", ORD, "left", r"\bis\s+getting\s+a\s+(?:tv\s+)?(?:series|show)\b", 0.7),
)
