#!/usr/bin/env python3
"""Which title sources give the expected title, page by page, and how far any fixed rule gets.

    python3 Benchmarks/title-sources.py [CORPUS] [--predictions DIR] [--pages] [--misses]

CORPUS is a Fundus-format corpus (NAME.html beside NAME.json with "expected"."title") or a
WCXB-format one (ground-truth/NNNN.json with "ground_truth"."title" beside html/NNNN.html.gz;
the publisher is the host, as `kabar eval --half` splits it); default $KABAR_CORPUS/fundus when
KABAR_CORPUS is set, else ../shared/corpus/fundus. Python standard library only (html.parser,
json, gzip).

For each page it collects the candidate title sources (below), each one string or absent, and
records which equal the expected title the way `kabar eval` compares titles (white space folded,
NFC, otherwise exact). Then it prints:

  (a) the oracle rate: some source equals the expected title;
  (b) the best rate of any fixed priority order (the first source present is taken), found
      exactly by dynamic programming over the sets of sources already placed, and the same for
      a majority vote over any set of sources with any tie order;
  (c) the rate of Kabar's current rule, re-implemented on these sources (a vote of og:title, the
      JSON-LD headline unless truncated and the h1; the shorter when one is the other plus a
      site tail), and, with --predictions DIR (from `kabar eval --save-predictions DIR`), the
      rate of Kabar's real output, on all pages and per half, as `kabar eval` compares titles
      and (for information) strictly: white space and NFC only, typographic quotes, the
      ellipsis, dashes and a final ". ? !" counting;
  (d) leave-one-publisher-out cross-validation: the best order (and the best vote) chosen on the
      other publishers, scored on the held-out one, summed over publishers; also the halves A/B
      of `kabar eval --half` (order chosen on one half, scored on the other).

--pages prints every page's matching sources; --misses only the pages the best order misses.
"""
import gzip
import html
import itertools
import json
import os
import re
import sys
import unicodedata
from html.parser import HTMLParser

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "Report", "BackgroundNewsArticle",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen"}
SKIPPED = {"script", "style", "noscript", "template", "svg"}
FURNITURE_TAGS = {"nav", "footer", "aside"}
KICKER_WORDS = {
    "kicker", "overline", "dachzeile", "spitzmarke", "topline", "eyebrow", "roofline", "supertitle",
    "pretitle", "overtitle", "surtitre", "antetitulo", "occhiello", "nadtytul", "topic",
}
SCREEN_READER = ["sr-only", "sr_only", "visually-hidden", "visuallyhidden", "offscreen", "a11y-hidden", "screen-reader", "screenreader"]
SEPARATORS = [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " / ", " ~ ", " * ", "｜", "："]
TIGHT = {"｜", "："}
DASHES = {" - ", " – ", " — "}

# The sources, in the order they are listed in the tables.
SOURCES = [
    ("ld", "JSON-LD headline of the article object"),
    ("ld_strip", "the JSON-LD headline without a site name (Kabar's strip)"),
    ("ld_name", "JSON-LD name of the article object"),
    ("og", "og:title as written"),
    ("og_strip", "og:title without a site name (Kabar's strip)"),
    ("twitter", "twitter:title as written"),
    ("meta_title", "<meta name=title>, dc.title, dcterms.title, parsely-title, sailthru.title"),
    ("itemprop", "text of the first element with itemprop=headline"),
    ("h1", "the first h1 outside nav/footer/aside, read without a kicker set inside it"),
    ("h1_full", "that h1 with the kicker inside it (only when it has one)"),
    ("h1_last", "the last h1 outside nav/footer/aside (only when there are several)"),
    ("kicker_h1", "a kicker element just before the h1 + ': ' + the h1 (only when there is one)"),
    ("title", "<title> as written"),
    ("title_strip", "<title> without a site name (Kabar's strip)"),
    ("title_cut", "<title> without its last separator part, whatever it is"),
]
NAMES = [s for s, _ in SOURCES]
# Sources that are readings of the same element or tag ("alone" counts families).
FAMILY = {"ld": "ld", "ld_strip": "ld", "ld_name": "ld", "og": "og", "og_strip": "og", "twitter": "twitter", "meta_title": "meta",
          "itemprop": "itemprop", "h1": "h1", "h1_full": "h1", "h1_last": "h1", "kicker_h1": "h1",
          "title": "title", "title_strip": "title", "title_cut": "title"}


def strict(s):
    """White space (and U+200B) folded, trimmed, NFC: the comparison of `kabar eval` before
    typewriter spellings were read as the same title."""
    if s is None:
        return None
    s = s.replace("\u200b", " ")
    return unicodedata.normalize("NFC", " ".join(s.split()))


TYPEWRITER = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                            "\u201e": '"', "\u201f": '"', "\u2026": "...", "\u2010": "-", "\u2011": "-", "\u2012": "-",
                            "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def fold(s):
    """The comparison of `kabar eval` (`Scorer.titleKey`): `strict`, typographic marks in their
    typewriter spelling, no final ".", "?" or "!"."""
    if s is None:
        return None
    return strict(s).translate(TYPEWRITER).rstrip(".?! ")


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def names(self):
        return ((self.attrs.get("class") or "") + " " + (self.attrs.get("id") or "")).lower()

    def hidden(self):
        a = self.attrs
        style = (a.get("style") or "").replace(" ", "").lower()
        return "hidden" in a or a.get("aria-hidden") == "true" or "display:none" in style or "visibility:hidden" in style

    def is_kicker(self):
        return any(w in KICKER_WORDS for w in re.split(r"[^a-z0-9]+", self.names()) if w)

    def is_screen_reader(self):
        n = self.names()
        return any(s in n for s in SCREEN_READER)

    def text(self, kicker=True):
        """Visible text; without kicker-named and screen-reader parts when kicker=False."""
        out = []

        def walk(n):
            for c in n.children:
                if isinstance(c, str):
                    out.append(c)
                elif c.tag in SKIPPED or c.hidden():
                    continue
                elif not kicker and (c.is_screen_reader() or c.is_kicker()):
                    continue
                else:
                    if c.tag == "br":
                        out.append(" ")
                    walk(c)
        walk(self)
        return " ".join("".join(out).split())

    def has_kicker(self):
        stack = list(self.children)
        while stack:
            c = stack.pop()
            if isinstance(c, Node):
                if c.is_kicker():
                    return True
                stack.extend(c.children)
        return False

    def in_furniture(self):
        n = self.parent
        while n is not None:
            if n.tag in FURNITURE_TAGS or n.hidden():
                return True
            n = n.parent
        return False

    def iter(self):
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed([c for c in n.children if isinstance(c, Node)]))


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.stack = [self.root]
        self.title = None
        self.in_title = False
        self.scripts = []  # JSON-LD script texts
        self.in_ld = False
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v if v is not None else "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower().strip()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
            return
        if tag == "title" and self.title is None and not any(n.tag == "svg" for n in self.stack):
            self.in_title, self.title = True, ""
        if tag == "script" and "ld+json" in (a.get("type") or "").lower():
            self.in_ld = True
            self.scripts.append("")
        node = Node(tag, a, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_ld = False
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_ld:
            self.scripts[-1] += data
        self.stack[-1].children.append(data)


def jsonld_objects(scripts):
    out = []

    def walk(v):
        if isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            out.append(v)
            if "@graph" in v:
                walk(v["@graph"])
            if isinstance(v.get("mainEntity"), (dict, list)):
                walk(v["mainEntity"])
    for s in scripts:
        s = s.strip().rstrip(";")
        try:
            walk(json.loads(s, strict=False))
        except ValueError:
            continue
    return out


def types(o):
    t = o.get("@type")
    return set(t) if isinstance(t, list) else {t} if isinstance(t, str) else set()


def clean_ld(v):
    if isinstance(v, list):
        v = v[0] if v else None
    if not isinstance(v, str):
        return None
    v = html.unescape(re.sub(r"<[^>]*>", " ", v))
    v = " ".join(v.split())
    return v or None


def simple(s):
    return "".join(c for c in s.lower() if c.isalnum())


def is_site_name(part, site, host):
    p = simple(part)
    if not p:
        return False
    if site and (p == site or (len(p) >= 4 and p in site) or (len(site) >= 4 and site in p and len(p) <= len(site) + 12)):
        return True
    if host and len(host) >= 3 and (p == host or (p.startswith(host) and len(p) <= len(host) + 6) or (host in p and len(p) <= len(host) + 12)):
        return True
    return False


def strip_site(raw, site, host):
    """Kabar's HeadlineFinder.strip: a site name after (or before) a separator, or a short tail."""
    title = " ".join(raw.split())
    site_key = simple(site) if site else None
    host_key = None
    if host:
        parts = host.lower().split(".")
        host_key = parts[-2] if len(parts) >= 2 else parts[0]
    for _ in range(2):
        changed = False
        for sep in SEPARATORS:
            r = title.rfind(sep)
            if r < 0:
                continue
            tail, head = title[r + len(sep):], title[:r]
            short = len(tail.split(" ")) <= 3 and len(head) > 3 * len(tail) and len(tail) <= 30 and not any(c in "?!." for c in tail)
            if is_site_name(tail, site_key, host_key) or (short and sep not in TIGHT and sep not in DASHES):
                title, changed = head, True
                break
            f = title.find(sep)
            if f >= 0 and is_site_name(title[:f], site_key, host_key):
                title, changed = title[f + len(sep):], True
                break
        if not changed:
            break
    return title.strip()


def cut_last(raw):
    """The title without its last separator part (whatever it says); None without a separator."""
    title = " ".join(raw.split())
    best = -1
    for sep in SEPARATORS:
        r = title.rfind(sep)
        if r > best:
            best = r
    return title[:best].strip() if best > 0 else None


def kicker_before(h1):
    """A kicker-named element before the h1 inside its parent or grandparent (not inside the h1)."""
    for anc in (h1.parent, h1.parent.parent if h1.parent else None):
        if anc is None:
            continue
        found = None
        for n in anc.iter():
            if n is h1:
                break
            if n is not anc and n.is_kicker() and not n.hidden():
                found = n
        if found is not None:
            t = found.text().strip(" :|-–—·•")
            if 0 < len(t) <= 80:
                return t
    return None


def sources_of(html_text, url):
    b = TreeBuilder()
    b.feed(html_text)
    b.close()
    m = b.meta
    objs = jsonld_objects(b.scripts)
    art = next((o for o in objs if types(o) & ARTICLE_TYPES), None) or next((o for o in objs if "WebPage" in types(o) and "headline" in o), None)
    site = m.get("og:site_name") or m.get("application-name")
    if not site and art and isinstance(art.get("publisher"), dict):
        site = art["publisher"].get("name")
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].split(":")[0]
    s = {}
    if art:
        s["ld"] = clean_ld(art.get("headline"))
        if s["ld"]:
            s["ld_strip"] = strip_site(s["ld"], site, host)
        s["ld_name"] = clean_ld(art.get("name"))
    if m.get("og:title"):
        s["og"] = " ".join(m["og:title"].split())
        s["og_strip"] = strip_site(m["og:title"], site, host)
    if m.get("twitter:title"):
        s["twitter"] = " ".join(m["twitter:title"].split())
    for k in ("title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title"):
        if m.get(k):
            s["meta_title"] = " ".join(m[k].split())
            break
    nodes = list(b.root.iter())
    ip = next((n for n in nodes if n.tag != "meta" and (n.attrs.get("itemprop") or "").lower() == "headline"), None)
    if ip is not None:
        s["itemprop"] = ip.text() or None
    h1s = [n for n in nodes if n.tag == "h1" and not n.in_furniture() and len(n.text()) >= 3]
    if h1s:
        h = h1s[0]
        s["h1"] = h.text(kicker=False) or h.text()
        if h.has_kicker():
            s["h1_full"] = h.text()
        if len(h1s) > 1:
            s["h1_last"] = h1s[-1].text(kicker=False)
        k = kicker_before(h)
        if k:
            s["kicker_h1"] = k + ": " + s["h1"]
    if b.title and b.title.strip():
        s["title"] = " ".join(b.title.split())
        s["title_strip"] = strip_site(b.title, site, host)
        s["title_cut"] = cut_last(b.title)
    return {k: v for k, v in s.items() if v}


# ---- Kabar's current rule, on these sources ----------------------------------------------------

QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"})


def key(s):
    """Kabar's HeadlineFinder.key: lower-cased, white space folded, quotes unified."""
    return " ".join(s.lower().split()).translate(QUOTES)


def shorter_of_prefixed(a, b):
    if not a or not b or len(a) == len(b):
        return None
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if not long.startswith(short):
        return None
    return short if any(long[len(short):].startswith(sep) for sep in SEPARATORS) else None


def vote(cands):
    present = [c for c in cands if c]
    if not present:
        return None
    keys = [key(c) for c in present]
    best, best_count = 0, 0
    for i, k in enumerate(keys):
        n = keys.count(k)
        if n > best_count:
            best, best_count = i, n
    return present[best]


def kabar_rule(s):
    ld = s.get("ld") or s.get("ld_name")
    og = s.get("og_strip")
    not_trunc = ld if ld and not (ld.endswith("...") or ld.endswith("…")) else None
    twitter = strip_site(s["twitter"], None, None) if "twitter" in s else None
    return shorter_of_prefixed(ld, og) or vote([og, not_trunc, s.get("h1")]) or twitter or s.get("title_strip") or ld


# ---- Rules searched over -----------------------------------------------------------------------

def popcount(x):
    return bin(x).count("1")


def best_order(pages, names):
    """The fixed priority order with the most pages right (first present source taken), exactly:
    dynamic programming over the set of sources placed first. Returns (right, order)."""
    n = len(names)
    present = [0] * n
    right = [0] * n
    for i, p in enumerate(pages):
        for j, name in enumerate(names):
            if name in p["src"]:
                present[j] |= 1 << i
                if name in p["ok"]:
                    right[j] |= 1 << i
    full = 1 << n
    score = [-1] * full
    decided = [0] * full
    back = [0] * full
    score[0] = 0
    for S in range(full):
        if score[S] < 0:
            continue
        d = decided[S]
        for j in range(n):
            if S >> j & 1:
                continue
            T = S | 1 << j
            g = score[S] + popcount(right[j] & ~d)
            if g > score[T]:
                score[T], decided[T], back[T] = g, d | present[j], j
    order, S = [], full - 1
    while S:
        j = back[S]
        order.append(names[j])
        S &= ~(1 << j)
    return score[full - 1], order[::-1]


def apply_order(p, order):
    for name in order:
        if name in p["src"]:
            return name in p["ok"]
    return False


# When no voter is present, the first present source of this order (fixed, not searched).
FALLBACK = ["ld_strip", "og_strip", "h1", "twitter", "title_strip", "meta_title", "itemprop", "ld_name", "title"]


def vote_pick(p, ties):
    """Majority of the voters' texts (compared by `key`); a tie goes to the earliest voter."""
    keys = p["keys"]
    vals = [(name, keys[name]) for name in ties if name in keys]
    if not vals:
        return None
    counts = {}
    for _, k in vals:
        counts[k] = counts.get(k, 0) + 1
    top = max(counts.values())
    return next(name for name, k in vals if counts[k] == top)


def apply_vote(p, ties):
    name = vote_pick(p, ties)
    if name is None:
        return apply_order(p, FALLBACK)
    return name in p["ok"]


def vote_rules(names, max_voters):
    """Every majority vote of 2..max_voters sources, with every tie order."""
    for k in range(2, max_voters + 1):
        for voters in itertools.combinations(names, k):
            yield from itertools.permutations(voters)


def vote_table(pages, names, max_voters):
    """(rule, bit mask of the pages it gets right) for every vote rule."""
    table = []
    for ties in vote_rules(names, max_voters):
        mask = 0
        for i, p in enumerate(pages):
            if apply_vote(p, ties):
                mask |= 1 << i
        table.append((ties, mask))
    return table


def best_vote(table, train_mask):
    """The rule of the table with the most training pages right (the first listed on a tie)."""
    best, best_n = None, -1
    for ties, mask in table:
        c = popcount(mask & train_mask)
        if c > best_n:
            best, best_n = (ties, mask), c
    return best_n, best


def fnv_half(publisher):
    h = 0xcbf29ce484222325
    for byte in publisher.encode():
        h ^= byte
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "A" if h % 2 == 0 else "B"


def load_wcxb(corpus, predictions):
    """A WCXB corpus: ground-truth/NNNN.json ("ground_truth"."title") beside html/NNNN.html.gz;
    the publisher is the URL's host without "www." (as `kabar eval --half` splits it)."""
    pages = []
    truth = os.path.join(corpus, "ground-truth")
    for f in sorted(os.listdir(truth)):
        if not f.endswith(".json"):
            continue
        with open(os.path.join(truth, f), encoding="utf-8") as fh:
            j = json.load(fh)
        expected = (j.get("ground_truth") or {}).get("title")
        if not expected:
            continue
        name = f[:-5]
        with gzip.open(os.path.join(corpus, "html", name + ".html.gz"), "rt", encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        host = re.sub(r"^[a-z]+://", "", j.get("url") or "").split("/")[0].split(":")[0].lower()
        publisher = host[4:] if host.startswith("www.") else host or name
        pages.append(make_page(name, publisher, expected, text, j.get("url"), predictions))
    return pages


def make_page(name, publisher, expected, text, url, predictions):
    src = sources_of(text, url)
    exp = fold(expected)
    ok = {k for k, v in src.items() if fold(v) == exp}
    page = {"name": name, "publisher": publisher, "expected": expected, "src": src, "ok": ok,
            "keys": {k: key(v) for k, v in src.items()}}
    page["kabar_rule"] = fold(kabar_rule(src)) == exp
    if predictions:
        pp = os.path.join(predictions, name + ".json")
        if os.path.exists(pp):
            with open(pp, encoding="utf-8") as fh:
                page["kabar_title"] = json.load(fh).get("title")
            page["kabar"] = fold(page["kabar_title"]) == exp
            # Information only: equal by the strict comparison (white space and NFC only).
            page["kabar_strict"] = strict(page["kabar_title"] or "") == strict(expected)
        else:
            page["kabar"] = page["kabar_strict"] = False
    return page


def load(corpus, predictions):
    if os.path.isdir(os.path.join(corpus, "ground-truth")):
        return load_wcxb(corpus, predictions)
    pages = []
    for dirpath, _, files in os.walk(corpus):
        for f in sorted(files):
            if not f.endswith(".json") or f.startswith("_"):
                continue
            jpath = os.path.join(dirpath, f)
            hpath = jpath[:-5] + ".html"
            if not os.path.exists(hpath):
                continue
            with open(jpath, encoding="utf-8") as fh:
                j = json.load(fh)
            expected = (j.get("expected") or {}).get("title")
            if not expected:
                continue
            with open(hpath, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            name = os.path.relpath(jpath, corpus)[:-5]
            publisher = j.get("publisher") or f.split("_")[0]
            pages.append(make_page(name, publisher, expected, text, j.get("url"), predictions))
    pages.sort(key=lambda p: p["name"])
    return pages


def pct(k, n):
    return f"{k:3d}/{n} = {100.0 * k / n:5.1f} %" if n else "  -"


def mask_of(pages, pred):
    m = 0
    for i, p in enumerate(pages):
        if pred(p):
            m |= 1 << i
    return m


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    predictions = None
    if "--predictions" in argv:
        predictions = argv[argv.index("--predictions") + 1]
        args.remove(predictions)
    max_voters = 4
    default = os.path.join(os.environ["KABAR_CORPUS"], "fundus") if os.environ.get("KABAR_CORPUS") else "../shared/corpus/fundus"
    corpus = args[0] if args else default
    pages = load(corpus, predictions)
    n = len(pages)
    everyone = (1 << n) - 1
    pubs = sorted({p["publisher"] for p in pages})
    print(f"{n} pages with an expected title, {len(pubs)} publishers ({corpus})\n")

    print("Sources (present: pages that have it; right: it equals the expected title;")
    print("alone: right and no source of another family is, a family being one tag or element read several ways)")
    print(f"{'source':<12} {'present':>7} {'right':>6} {'alone':>6}  right when present  what")
    for name, what in SOURCES:
        pres = sum(name in p["src"] for p in pages)
        right = sum(name in p["ok"] for p in pages)
        alone = sum(name in p["ok"] and {FAMILY[k] for k in p["ok"]} == {FAMILY[name]} for p in pages)
        rate = f"{100.0 * right / pres:5.1f} %" if pres else "    -"
        print(f"{name:<12} {pres:>7} {right:>6} {alone:>6}  {rate:>17}  {what}")
    print()

    # Pages where the three main sources disagree: which one the publisher's parser expects.
    main3 = ["og_strip", "ld_strip", "h1"]
    split = [p for p in pages if len({key(p["src"][k]) for k in main3 if k in p["src"]}) > 1]
    print(f"On {len(split)} pages og_strip, ld_strip and h1 are not all the same text; the expected title is")
    counts = {}
    for p in split:
        right = [k for k in main3 if k in p["ok"]]
        label = " = ".join(right) if right else "none of them (" + (", ".join(sorted(p["ok"])) or "no source") + ")"
        counts[label] = counts.get(label, 0) + 1
    for label, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {c:3d}  {label}")
    print()

    oracle = sum(bool(p["ok"]) for p in pages)
    right, order = best_order(pages, NAMES)
    table = vote_table(pages, NAMES, max_voters)
    vright, (vties, _) = best_vote(table, everyone)
    kabar_mask = mask_of(pages, lambda p: p["kabar_rule"])
    print(f"Rates on all pages (rules chosen on these same pages: optimistic)")
    print(f"  (a) oracle (some source is right)            {pct(oracle, n)}")
    print(f"  (b) best fixed order                         {pct(right, n)}   {' > '.join(order[:6])} > ...")
    print(f"      best majority vote of 2-{max_voters} sources        {pct(vright, n)}   vote of {', '.join(vties)} (ties in that order)")
    print(f"  (c) Kabar's rule on these sources            {pct(popcount(kabar_mask), n)}")
    if predictions:
        print(f"      Kabar's output (--predictions)           {pct(sum(p['kabar'] for p in pages), n)}")
        print(f"      the same, strict (information)           {pct(sum(p['kabar_strict'] for p in pages), n)}")
        for h in "AB":
            hp = [p for p in pages if fnv_half(p["publisher"]) == h]
            print(f"      half {h}: {pct(sum(p['kabar'] for p in hp), len(hp))}, strict {pct(sum(p['kabar_strict'] for p in hp), len(hp))}")
    print()

    # Leave one publisher out: choose on the others, score on the held-out publisher.
    lopo_order = lopo_vote = 0
    firsts, votes = {}, {}
    for pub in pubs:
        test_mask = mask_of(pages, lambda p: p["publisher"] == pub)
        train = [p for p in pages if p["publisher"] != pub]
        _, o = best_order(train, NAMES)
        lopo_order += sum(apply_order(p, o) for p in pages if p["publisher"] == pub)
        firsts[" > ".join(o[:4])] = firsts.get(" > ".join(o[:4]), 0) + 1
        _, (ties, mask) = best_vote(table, everyone & ~test_mask)
        lopo_vote += popcount(mask & test_mask)
        votes[", ".join(ties)] = votes.get(", ".join(ties), 0) + 1
    print("Cross-validated (the rule is chosen without the pages it is scored on)")
    print(f"  (d) leave one publisher out, fixed order     {pct(lopo_order, n)}")
    print(f"      leave one publisher out, majority vote   {pct(lopo_vote, n)}")
    for train_h, test_h in (("A", "B"), ("B", "A")):
        train = [p for p in pages if fnv_half(p["publisher"]) == train_h]
        test_mask = mask_of(pages, lambda p: fnv_half(p["publisher"]) == test_h)
        _, o = best_order(train, NAMES)
        o_right = sum(apply_order(p, o) for p in pages if fnv_half(p["publisher"]) == test_h)
        _, (_, mask) = best_vote(table, everyone & ~test_mask)
        t = popcount(test_mask)
        print(f"      chosen on half {train_h}, scored on half {test_h}: order {pct(o_right, t)}, vote {pct(popcount(mask & test_mask), t)},"
              f" Kabar's rule {pct(popcount(kabar_mask & test_mask), t)}")
    print("  first sources of the orders chosen in the leave-one-publisher-out folds:")
    for o, c in sorted(firsts.items(), key=lambda x: -x[1]):
        print(f"    {c:3d} folds  {o} > ...")
    print("  votes chosen in the leave-one-publisher-out folds:")
    for o, c in sorted(votes.items(), key=lambda x: -x[1]):
        print(f"    {c:3d} folds  {o}")
    print()

    # Simple rules stated beforehand (not searched), against Kabar's, page by page and by publisher.
    named = [
        ("JSON-LD first: ld_strip > og_strip > h1 > title_strip", lambda p: apply_order(p, ["ld_strip", "og_strip", "h1", "title_strip"])),
        ("og:title first: og_strip > ld_strip > h1 > title_strip", lambda p: apply_order(p, ["og_strip", "ld_strip", "h1", "title_strip"])),
        ("visible first: h1 > og_strip > ld_strip > title_strip", lambda p: apply_order(p, ["h1", "og_strip", "ld_strip", "title_strip"])),
        ("best vote on all pages: " + ", ".join(vties), lambda p: apply_vote(p, vties)),
    ]
    print("Simple rules against Kabar's rule (won/lost: pages, and publishers, where exactly one of the two is right)")
    for label, rule in named:
        m = mask_of(pages, rule)
        won = [p for i, p in enumerate(pages) if m >> i & 1 and not kabar_mask >> i & 1]
        lost = [p for i, p in enumerate(pages) if kabar_mask >> i & 1 and not m >> i & 1]
        halves_txt = ", ".join(f"{h} {sum(rule(p) for p in pages if fnv_half(p['publisher']) == h)}/{sum(fnv_half(p['publisher']) == h for p in pages)}" for h in "AB")
        print(f"  {label:<58} {pct(popcount(m), n)} ({halves_txt}); won {len(won)} pages of {len({p['publisher'] for p in won})} publishers,"
              f" lost {len(lost)} of {len({p['publisher'] for p in lost})}")
    print(f"  {'Kabar (vote of og_strip, ld, h1; ties og)':<58} {pct(popcount(kabar_mask), n)} (" +
          ", ".join(f"{h} {sum(p['kabar_rule'] for p in pages if fnv_half(p['publisher']) == h)}/{sum(fnv_half(p['publisher']) == h for p in pages)}" for h in "AB") + ")")
    print()

    if "--pages" in argv or "--misses" in argv:
        for p in pages:
            if "--misses" in argv and apply_order(p, order) and p["kabar_rule"]:
                continue
            print(f"{p['name']}  best order: {'right' if apply_order(p, order) else 'WRONG'}, Kabar's rule: {'right' if p['kabar_rule'] else 'WRONG'}")
            print(f"    expected       {p['expected']}")
            for name in NAMES:
                if name in p["src"]:
                    print(f"    {'*' if name in p['ok'] else ' '} {name:<12} {p['src'][name]}")


if __name__ == "__main__":
    main(sys.argv[1:])
