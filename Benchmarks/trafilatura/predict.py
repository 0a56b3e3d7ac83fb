#!/usr/bin/env python3
"""Runs trafilatura on a Fundus-format corpus (NAME.html beside NAME.json) or a WCXB-format one
(html/NNNN.html.gz and ground-truth/NNNN.json) and writes one
prediction per page, DIR/NAME.json with "title", "text", "authors", "date", for
`kabar eval --predictions DIR`, plus DIR/_meta.json with the label and pages/s.

Only extraction is timed (files are read first), in this one process, like `kabar eval`.
"""
import argparse
import gzip
import json
import os
import sys
import time

import trafilatura


def load(corpus):
    truth = os.path.join(corpus, "ground-truth")
    if os.path.isdir(truth):
        return load_wcxb(corpus, truth)
    pages = []
    for root, _, files in os.walk(corpus):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            html_path = os.path.join(root, name[:-5] + ".html")
            if not os.path.exists(html_path):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                meta = json.load(f)
            with open(html_path, "rb") as f:
                data = f.read()
            rel = os.path.relpath(os.path.join(root, name[:-5]), corpus)
            pages.append((rel, meta.get("url"), data))
    pages.sort()
    return pages


def load_wcxb(corpus, truth):
    pages = []
    for name in sorted(os.listdir(truth)):
        if not name.endswith(".json"):
            continue
        html_path = os.path.join(corpus, "html", name[:-5] + ".html.gz")
        if not os.path.exists(html_path):
            continue
        with open(os.path.join(truth, name), encoding="utf-8") as f:
            meta = json.load(f)
        with gzip.open(html_path, "rb") as f:
            data = f.read()
        pages.append((name[:-5], meta.get("url"), data))
    return pages


def extract(data, url):
    doc = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if doc is None:
        return {"title": None, "text": "", "authors": [], "date": None}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    author = d.get("author") or ""
    authors = [a.strip() for a in author.split(";") if a.strip()]
    return {"title": d.get("title"), "text": d.get("text") or "", "authors": authors, "date": d.get("date")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    args = ap.parse_args()
    pages = load(args.corpus)
    results = []
    start = time.perf_counter()
    for rel, url, data in pages:
        t0 = time.perf_counter()
        try:
            result = extract(data, url)
        except Exception as e:  # a crash on one page counts as an empty prediction
            print(f"trafilatura failed on {rel}: {e}", file=sys.stderr)
            result = {"title": None, "text": "", "authors": [], "date": None}
        # Per-page time, so that `kabar eval --groups` can give pages/s for a part of the corpus.
        result["seconds"] = time.perf_counter() - t0
        results.append(result)
    elapsed = time.perf_counter() - start
    for (rel, _, _), result in zip(pages, results):
        path = os.path.join(args.out, rel + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
    rate = len(pages) / elapsed if elapsed > 0 else None
    with open(os.path.join(args.out, "_meta.json"), "w") as f:
        json.dump({"label": "trafilatura " + trafilatura.__version__, "pages_per_s": rate, "pages": len(pages)}, f)
    print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages in {elapsed:.2f}s, {rate:.1f} pages/s", file=sys.stderr)


if __name__ == "__main__":
    main()
