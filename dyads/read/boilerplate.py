"""Which lines of a page are web boilerplate: navigation, share bars, pitches, footers.

Each line is judged by several signals, in the spirit of jusText and trafilatura
(which already drops links-heavy blocks of HTML by link density):

- **sentence-likeness**: a line of 12 words or more that ends like a sentence and is
  mostly lower case is prose; prose is kept unless it opens with a call to action
  and sells something ("Subscribe to our newsletter ...");
- **length**: the interface strings ("Skip to main content", "Share", "Advertisement",
  "Most read") are short lines that say nothing else;
- **link-bar shape**: three or more short items between separators (`|`, `·`, `›`, `>`),
  or a row of section names ("Home World Politics Business");
- **what it sells**: a price per week or month next to an offer word, a call to action
  (subscribe, sign up, log in, follow us) next to a pitch word (newsletter, inbox, access);
- **footers and banners**: "Copyright 2024 ...", "© ...", "All rights reserved", cookie consent;
- **position**: after a "Related" or "More from" heading, the list of headlines that follows;
- **repetition**: a short line that is not a sentence and comes back three times in the page.

Repetition *across* documents is deliberately not a signal: it would make a document's
coding depend on which documents came before it, and a resumed run must code exactly
as an uninterrupted one. Every check walks the words of one line once: linear time,
no backtracking regular expression over unbounded text.
"""

from __future__ import annotations

from collections import Counter

_END = (".", "?", "!", '"', "”", "’", "'", ")")
_SEPARATORS = str.maketrans({c: "|" for c in "|·•›»>"})
_STRIP = " \t*•·|>-–—:.,!?()[]"

_UI = {
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "skip to main navigation",
    "skip navigation",
    "jump to content",
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "sponsored content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share article",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "comments",
    "comment",
    "show comments",
    "related",
    "related stories",
    "related articles",
    "related coverage",
    "related content",
    "related news",
    "related topics",
    "related reading",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "top stories",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "read more",
    "see more",
    "watch more",
    "read also",
    "see also",
    "read next",
    "watch next",
    "up next",
    "more stories",
    "follow us",
    "menu",
    "search",
    "close",
    "home",
    "sign in",
    "log in",
    "login",
    "log out",
    "register",
    "subscribe",
    "subscribe now",
    "sign up",
    "newsletter",
    "newsletters",
    "back to top",
    "accept",
    "accept cookies",
    "accept all cookies",
    "manage cookies",
    "cookie settings",
    "listen to this article",
    "loading",
}
_LIST_HEADINGS = (
    "related",
    "more from",
    "more on",
    "more stories",
    "read more",
    "see also",
    "most read",
    "top stories",
)
_UI_PREFIXES = (
    "share on ",
    "share via ",
    "follow us on ",
    "follow us ",
    "read more ",
    "more from ",
    "more on ",
    "see also ",
)
_NAV_WORDS = {
    "home",
    "world",
    "news",
    "latest",
    "politics",
    "business",
    "economy",
    "markets",
    "opinion",
    "sport",
    "sports",
    "tech",
    "technology",
    "science",
    "health",
    "culture",
    "arts",
    "entertainment",
    "lifestyle",
    "travel",
    "video",
    "videos",
    "podcasts",
    "podcast",
    "live",
    "local",
    "national",
    "international",
    "weather",
    "climate",
    "more",
    "menu",
    "search",
    "u.s.",
    "us",
    "uk",
    "europe",
    "asia",
    "africa",
    "americas",
    "middle",
    "east",
    "region",
    "regions",
    "newsletters",
    "subscribe",
    "login",
    "contact",
    "about",
    "photos",
    "media",
    "audio",
    "features",
    "analysis",
    "investigations",
    "games",
    "education",
    "&",
    "and",
}
_CTA_STARTS = (
    "subscribe",
    "sign up",
    "signup",
    "register",
    "log in",
    "login",
    "sign in",
    "follow us",
    "click here",
    "download our",
    "download the",
    "get the",
    "get our",
    "get unlimited",
    "get full",
    "get access",
    "join our",
    "join us",
    "become a member",
    "become a subscriber",
    "support our",
    "support independent",
    "try it",
    "start your",
    "already a subscriber",
    "already have an account",
    "don't miss",
    "don’t miss",
    "want more",
    "create an account",
    "create a free account",
    "enjoy unlimited",
    "unlock",
    "continue reading",
    "keep reading",
    "to continue reading",
    "you have reached",
    "you've reached",
    "this article is for subscribers",
    "this content is for subscribers",
)
_PITCH = (
    "newsletter",
    "subscription",
    "subscrib",
    "inbox",
    "unlimited",
    "access",
    "account",
    " app",
    "trial",
    "per week",
    "per month",
    "a week",
    "a month",
    "/month",
    "/week",
    "offer",
    "member",
    "free articles",
    "paywall",
    "premium",
    "follow us",
    "facebook",
    "twitter",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
)
_OFFER = (
    "unlimited",
    "trial",
    "cancel anytime",
    "cancel at any time",
    "subscribe",
    "subscription",
    "subscriber",
    "special offer",
    "introductory offer",
    "digital access",
    "full access",
)
_BANNER_STARTS = (
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "we and our partners use cookies",
    "by continuing to use",
    "by continuing to browse",
    "by using this site",
    "by using our site",
    "by using this website",
    "by clicking",
)
_PERIODS = ("per week", "per month", "per year", "a week", "a month", "a year", "/week", "/month", "/year", "/mo")
_LONGEST = 1000  # characters: no boilerplate line is longer (the longest cookie banners are ~400)
_REPORTING = (" said", " says", " told", " according to", " announced", " stated", " reported")


def _key(line: str) -> str:
    return " ".join(line.lower().strip(_STRIP).split())


def sentence_like(line: str, words: list[str]) -> bool:
    """Prose: 12 words or more, ending like a sentence, mostly lower-case words."""
    if len(words) < 12 or not line.rstrip().endswith(_END):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= 0.5 * len(words)


def _nav_bar(line: str) -> bool:
    """Three or more short items between separators, or a row of section names."""
    bar = line.replace(" / ", " | ").translate(_SEPARATORS)
    items = [i.strip() for i in bar.split("|")]
    items = [i for i in items if i]
    if len(items) >= 3 and bar.count("|") >= 2:
        if all(len(i.split()) <= 4 and not i.endswith(_END[:3]) for i in items):
            return True
    words = line.lower().split()
    if len(words) >= 4 and not line.rstrip().endswith(_END[:3]):
        nav = sum(1 for w in words if w.strip(",.") in _NAV_WORDS)
        if nav >= 3 and nav >= 0.7 * len(words) and all(w[:1].isupper() or w == "&" for w in line.split()):
            return True
    return False


def _starts(low: str, phrases: tuple[str, ...]) -> bool:
    """The line opens with one of the phrases as whole words."""
    head = " ".join(w.strip(",.:;!?") for w in low.split()[:8]) + " "
    return any(head.startswith(p + " ") for p in phrases)


def _pitch(low: str, n_words: int) -> bool:
    """A call to action that sells, or a cookie banner (not reported speech)."""
    if n_words > 40 or any(r in low for r in _REPORTING):
        return False
    if _starts(low, _CTA_STARTS) and any(p in low for p in _PITCH):
        return True
    return "cookie" in low and _starts(low, _BANNER_STARTS)


def _priced(low: str) -> bool:
    """A price per period next to an offer word: "$1 a week for unlimited access"."""
    priced = any(c in low for c in "$£€") and any(p in low for p in _PERIODS)
    return priced and any(o in low for o in _OFFER) and not any(r in low for r in _REPORTING)


def _footer(low: str, words: list[str]) -> bool:
    """A copyright line, "All rights reserved", or a cookie banner."""
    n = len(words)
    if n <= 20 and "all rights reserved" in low:
        return True
    if n <= 20 and (low.startswith(("©", "(c)", "copyright ©", "copyright (c)"))):
        return True
    if n <= 20 and low.startswith("copyright") and len(words) > 1:
        second = words[1].strip(",.").lower()
        if second.isdigit() or second.startswith(("©", "(c)")) or (n <= 6 and not low.endswith(_END[:3])):
            return True
    if "cookie" in low and n <= 45 and not any(r in low for r in _REPORTING):
        return any(w in low for w in ("accept", "consent", "we use", "this site uses", "cookie policy", "settings"))
    return False


def is_boilerplate(line: str) -> bool:
    """True when one line, on its own, is interface text rather than article text."""
    if len(line) > _LONGEST:  # a block of text that long is never page furniture
        return False
    low = " ".join(line.lower().split())
    words = line.split()
    key = _key(line)
    if not key:
        return False
    if key in _UI or (len(words) <= 8 and key.startswith(_UI_PREFIXES) and not line.rstrip().endswith(_END[:3])):
        return True
    if _pitch(low, len(words)):
        return True
    if sentence_like(line, words):
        return False
    return _nav_bar(line) or _footer(low, words) or _priced(low)


class LineFilter:
    """Per-line decisions for one page's lines (stripped): `filter(i)` is True when line i is dropped."""

    def __init__(self, lines: list[str]) -> None:
        counts = Counter(_key(ln) for ln in lines if ln and len(ln) < 200 and len(ln.split()) <= 8)
        self.drop: list[bool] = []
        in_list = False
        for line in lines:
            if not line:
                in_list = False
                self.drop.append(False)
                continue
            words = line.split() if len(line) < 200 else []
            if is_boilerplate(line):
                key = _key(line)
                in_list = key.startswith(_LIST_HEADINGS) and len(words) <= 6
                self.drop.append(True)
                continue
            if in_list and not line.rstrip().endswith(_END[:3] + ('"', "”")):  # headlines under "Related"
                self.drop.append(True)
                continue
            in_list = False
            repeated = 0 < len(words) <= 8 and counts[_key(line)] >= 3 and not line.rstrip().endswith(_END[:3])
            self.drop.append(repeated)

    def __call__(self, i: int) -> bool:
        return self.drop[i]
