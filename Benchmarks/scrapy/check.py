#!/usr/bin/env python3
"""Validation and the figures table of the Scrapy benchmark (standard library only).

    check.py validate SITE BASE SCRAPY.jsonl KABAR_DATA    page-by-page comparison; exit 1 on a mismatch
    check.py table RUNS.tsv                                   the figures (rows: tool round pages wall rss_kb cpu_s)

validate: every article the generator wrote (SITE/expected.jsonl) must be in each output
exactly once, no disallowed decoy (SITE/decoys.txt) in either, and per article the headline
and the number of body paragraphs must equal the generator's in both outputs; the authors
and the paragraph texts (whitespace folded) are compared too. Scrapy's items carry the URL
they were fetched from (BASE/<host>/<path>), mapped back here to https://<host>/<path>;
Kabar's records carry the real URL already (mirrors:).
"""
import glob
import json
import os
import sys


def fold(s):
    return " ".join((s or "").split())


def load_jsonl(paths):
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def real_url(url, base):
    if url.startswith(base + "/"):
        return "https://" + url[len(base) + 1:]
    return url


def validate(site, base, scrapy_out, kabar_data):
    base = base.rstrip("/")
    expected = {e["url"]: e for e in load_jsonl([os.path.join(site, "expected.jsonl")])}
    with open(os.path.join(site, "decoys.txt")) as f:
        decoys = {line.strip() for line in f if line.strip()}
    scrapy = []
    for item in load_jsonl([scrapy_out]):
        scrapy.append({"url": real_url(item["url"], base), "headline": fold(item["headline"]),
                       "paragraphs": [fold(p) for p in item["body"]], "authors": item["authors"]})
    kabar = []
    for rec in load_jsonl(sorted(glob.glob(os.path.join(kabar_data, "records", "**", "*.jsonl"), recursive=True))):
        kabar.append({"url": rec["url"], "headline": fold(rec["headline"]),
                      "paragraphs": [fold(b["text"]) for b in rec["body"] if b["type"] == "paragraph"],
                      "authors": rec["authors"]})
    problems = []
    by_tool = {}
    for tool, items in (("scrapy", scrapy), ("kabar", kabar)):
        seen = {}
        for it in items:
            seen.setdefault(it["url"], []).append(it)
        by_tool[tool] = seen
        missing = [u for u in expected if u not in seen]
        twice = [u for u, v in seen.items() if len(v) > 1]
        leaked = [u for u in seen if u in decoys]
        extra = [u for u in seen if u not in expected and u not in decoys]
        bad_headline = [u for u in expected if u in seen and seen[u][0]["headline"] != fold(expected[u]["headline"])]
        bad_count = [u for u in expected if u in seen and len(seen[u][0]["paragraphs"]) != expected[u]["paragraphs"]]
        bad_authors = [u for u in expected if u in seen and seen[u][0]["authors"] != expected[u]["authors"]]
        print(f"  {tool:6} {len(items)} items: {len(expected) - len(missing)}/{len(expected)} articles present, "
              f"{len(missing)} missing, {len(twice)} more than once, {len(leaked)}/{len(decoys)} disallowed decoys present, "
              f"{len(extra)} other URLs; headline wrong {len(bad_headline)}, paragraph count wrong {len(bad_count)}, "
              f"authors wrong {len(bad_authors)}")
        for name, lst in (("missing", missing), ("more than once", twice), ("decoy present", leaked), ("unexpected URL", extra),
                          ("headline differs from the generator's", bad_headline),
                          ("paragraph count differs from the generator's", bad_count),
                          ("authors differ from the generator's", bad_authors)):
            for u in lst[:3]:
                problems.append(f"{tool}: {name}: {u}")
            if len(lst) > 3:
                problems.append(f"{tool}: {name}: ... and {len(lst) - 3} more")
    # Between the two: headline, paragraph count and paragraph texts equal per article.
    s, k = by_tool["scrapy"], by_tool["kabar"]
    both = [u for u in expected if u in s and u in k]
    diff_head = [u for u in both if s[u][0]["headline"] != k[u][0]["headline"]]
    diff_count = [u for u in both if len(s[u][0]["paragraphs"]) != len(k[u][0]["paragraphs"])]
    diff_text = [u for u in both if s[u][0]["paragraphs"] != k[u][0]["paragraphs"]]
    print(f"  both   {len(both)} articles in both: headline differs {len(diff_head)}, paragraph count differs "
          f"{len(diff_count)}, paragraph text differs {len(diff_text)}")
    for name, lst in (("headline differs", diff_head), ("paragraph count differs", diff_count), ("paragraph text differs", diff_text)):
        for u in lst[:3]:
            problems.append(f"scrapy vs kabar: {name}: {u}")
    for p in problems:
        print("  PROBLEM " + p)
    print("  validation: " + ("OK" if not problems else f"FAILED ({len(problems)} problems)"))
    return 0 if not problems else 1


def table(runs_path):
    rows = []
    with open(runs_path) as f:
        for line in f:
            fields = line.split()
            tool, rnd, pages, wall, rss, cpu = fields[:6]
            # The 7th field: kabar's seconds from its first page's fetch to its last page stored.
            steady = float(fields[6]) if len(fields) > 6 and fields[6] != "-" else None
            rows.append((tool, int(rnd), int(pages), float(wall), int(rss), float(cpu), steady))
    print(f"{'crawler':8} {'round':>5} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'peak RSS MB':>12} {'CPU s':>7} {'pages/CPU-s':>12}"
          f" {'steady pages/s':>15} {'fixed s':>8}")
    for tool, rnd, pages, wall, rss, cpu, steady in rows:
        extra = f" {pages / steady:>15.0f} {wall - steady:>8.2f}" if steady else ""
        print(f"{tool:8} {rnd:>5} {pages:>6} {wall:>8.2f} {pages / wall:>8.0f} {rss / 1024:>12.0f} {cpu:>7.2f} {pages / cpu:>12.0f}{extra}")
    best = {}
    tools = ["scrapy"] + [t for t in dict.fromkeys(r[0] for r in rows) if t != "scrapy"]
    for tool in tools:
        mine = [r for r in rows if r[0] == tool]
        if not mine:
            continue
        pages = sum(r[2] for r in mine)
        if pages == 0:
            print(f"{tool}: no pages stored (see its log)")
            continue
        best[tool] = (pages / sum(r[3] for r in mine), max(r[4] for r in mine) / 1024, pages / sum(r[5] for r in mine))
    print()
    for tool, (rate, rss, per_cpu) in best.items():
        mine = [r for r in rows if r[0] == tool]
        steady = ""
        if all(r[6] for r in mine):
            pages, seconds = sum(r[2] for r in mine), sum(r[6] for r in mine)
            fixed = sum(r[3] - r[6] for r in mine) / len(mine)
            steady = f"; steady {pages / seconds:.0f} pages/s, {fixed:.2f} s fixed a run"
        print(f"{tool:16} overall {rate:6.0f} pages/s, {1000 / per_cpu:5.2f} ms CPU/page, peak RSS {rss:.0f} MB (largest round){steady}")
    if "scrapy" in best:
        s = best["scrapy"]
        for tool, k in best.items():
            if tool == "scrapy":
                continue
            print(f"{tool:16} / Scrapy: pages/s {k[0] / s[0]:.2f}x (goal >= 5x), CPU per page {s[2] / k[2]:.2f}x (goal <= 0.4x), "
                  f"peak RSS {k[1] / s[1]:.2f}x (goal < 1x)")

if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "validate":
        sys.exit(validate(*sys.argv[2:]))
    if len(sys.argv) == 3 and sys.argv[1] == "table":
        table(sys.argv[2])
        sys.exit(0)
    print(__doc__, file=sys.stderr)
    sys.exit(2)
