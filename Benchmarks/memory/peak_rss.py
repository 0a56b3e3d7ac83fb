#!/usr/bin/env python3
"""Peak memory of Kabar's input paths against hostile input sizes.

Each case runs one kabar command under `/usr/bin/time -v` (Debian package `time`) and prints
its peak RSS next to the size of its input, then checks it against a bound that holds only when
the caps and streaming work (the inputs are constructed here, in a temporary folder):

  extract-50MB      `kabar extract` of a 50 MB page (refused by size before it is read)
  extract-9MB       `kabar extract` of a 9 MB page (under the cap: what one page's parse costs)
  reextract-bomb    `kabar reextract` of a 1 MB .warc.gz whose record inflates to 1 GB
  reextract-gzip    `kabar reextract` of a record whose gzip-coded body inflates to 1 GB
  feed-1M           `kabar run` whose feed is 41 MB with a million items (served on 127.0.0.1)
  pages-10x10MB     `kabar run` fetching ten 10 MB pages at once (concurrency 10)

Usage: python3 Benchmarks/memory/peak_rss.py [path/to/kabar]   (default .build/release/kabar,
then .build/debug/kabar). Exit status 1 when a bound is passed.
"""
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MB = 1 << 20


def kabar_path():
    if len(sys.argv) > 1:
        return os.path.abspath(sys.argv[1])
    for p in (".build/release/kabar", ".build/debug/kabar"):
        if os.path.exists(os.path.join(ROOT, p)):
            return os.path.join(ROOT, p)
    sys.exit("build kabar first (swift build -c release)")


def fixture():
    with open(os.path.join(ROOT, "Plugins/Tempo/Fixtures/constructed-2017-putin-kim.html"), "rb") as f:
        return f.read()


def padded_page(size):
    """The fixture page grown to `size` bytes with paragraphs before </body> (constructed)."""
    page = fixture()
    cut = page.rfind(b"</body>")
    # Dense markup, as real pages have: many small elements (a parse tree is many times the bytes).
    para = b"<p>" + b"<span>kata</span> <a href='/t'>berita</a> " * 20 + b"</p>\n"
    fill = para * ((size - len(page)) // len(para) + 1)
    return (page[:cut] + fill + page[cut:])[: max(size, len(page))]


def warc_record(fields, block_len, block_chunks):
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + f"Content-Length: {block_len}\r\n\r\n"
    yield head.encode()
    yield from block_chunks
    yield b"\r\n\r\n"


def write_member(out, parts):
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as g:
        for p in parts:
            g.write(p)


def zeros(total, chunk=8 * MB):
    left = total
    while left > 0:
        n = min(chunk, left)
        yield bytes(n)
        left -= n


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 64
    daemon_threads = True


def serve(folder):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=folder, **k)

        def log_message(self, *a):
            pass

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(kabar, args, cwd):
    out = subprocess.run(["/usr/bin/time", "-v", kabar] + args, cwd=cwd, capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", out.stderr)
    return (int(m.group(1)) * 1024 if m else -1), out.returncode, (wall.group(1) if wall else "?"), out.stderr + out.stdout


def main():
    if not os.path.exists("/usr/bin/time"):
        sys.exit("/usr/bin/time is missing (apt-get install -y time)")
    kabar = kabar_path()
    tmp = tempfile.mkdtemp(prefix="kabar-memory-")
    rows = []
    failed = False
    try:
        site = os.path.join(tmp, "site")
        os.makedirs(os.path.join(site, "p"))
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}"

        # extract: a 50 MB page (refused) and a 9 MB one (parsed).
        pages = os.path.join(tmp, "pages")
        os.makedirs(pages)
        with open(os.path.join(pages, "big.html"), "wb") as f:
            f.write(padded_page(50 * MB))
        rss, rc, wall, err = run(kabar, ["extract", "--site", "tempo", pages], tmp)
        rows.append(("extract-50MB", 50 * MB, rss, rc, wall, 80 * MB, "refused" if "over the page size cap" in err else "NOT refused"))
        os.remove(os.path.join(pages, "big.html"))
        with open(os.path.join(pages, "nine.html"), "wb") as f:
            f.write(padded_page(9 * MB))
        rss, rc, wall, err = run(kabar, ["extract", "--site", "tempo", pages], tmp)
        rows.append(("extract-9MB", 9 * MB, rss, rc, wall, 450 * MB, "extracted" if rc == 0 else "exit %d" % rc))

        # reextract: a 1 GB record in a ~1 MB member, and a gzip-coded body inflating to 1 GB.
        warcs = os.path.join(tmp, "warcs")
        os.makedirs(warcs)
        bomb = os.path.join(warcs, "bomb.warc.gz")
        with open(bomb, "wb") as f:
            write_member(f, warc_record([("WARC-Type", "response"), ("WARC-Target-URI", "https://www.tempo.co/read/1/bomb"),
                                         ("Content-Type", "application/http;msgtype=response")], 1 << 30, zeros(1 << 30)))
            page = fixture()
            http_block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
            write_member(f, warc_record([("WARC-Type", "response"), ("WARC-Target-URI", "https://dunia.tempo.co/read/1199180/x"),
                                         ("Content-Type", "application/http;msgtype=response")], len(http_block), [http_block]))
        size = os.path.getsize(bomb)
        data = os.path.join(tmp, "data-bomb")
        rss, rc, wall, err = run(kabar, ["reextract", "--data", data, "--json", bomb], tmp)
        rows.append(("reextract-bomb", size, rss, rc, wall, 200 * MB, "skipped" if "skipped" in err else "NOT skipped"))
        os.remove(bomb)

        gz = os.path.join(warcs, "gzip-body.warc.gz")
        body = tempfile.SpooledTemporaryFile()
        write_member(body, zeros(1 << 30))
        body.seek(0)
        coded = body.read()
        http_block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + coded
        with open(gz, "wb") as f:
            write_member(f, warc_record([("WARC-Type", "response"), ("WARC-Target-URI", "https://www.tempo.co/read/2/gz"),
                                         ("Content-Type", "application/http;msgtype=response")], len(http_block), [http_block]))
        size = os.path.getsize(gz)
        data = os.path.join(tmp, "data-gz")
        rss, rc, wall, err = run(kabar, ["reextract", "--data", data, "--json", gz], tmp)
        rows.append(("reextract-gzip", size, rss, rc, wall, 200 * MB, "skipped" if "skipped" in err else "NOT skipped"))

        # A 41 MB feed of a million items, read by a run.
        with open(os.path.join(site, "feed.xml"), "w") as f:
            f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>\n')
            for i in range(1_000_000):
                f.write(f"<item><link>/x/{i}</link></item>\n")
            f.write("</channel></rss>\n")
        size = os.path.getsize(os.path.join(site, "feed.xml"))
        schedule = os.path.join(tmp, "feed.yaml")
        with open(schedule, "w") as f:
            f.write(f"""name: feedmem
extractor: generic
allow_local: true
sources:
  - feed: {base}/feed.xml
every: 1h
limits: {{ max_pages: 1, max_age: null, max_source_size: 100MB }}
politeness: {{ concurrency: 2, per_host: 2, delay: 0s, robots: ignore, timeout: 60s, attempts: 1 }}
""")
        # (Its links lead nowhere: the one page fetched is a 404, so the run's exit status is 1.)
        rss, rc, wall, err = run(kabar, ["run", schedule, "--data", os.path.join(tmp, "data-feed")], tmp)
        rows.append(("feed-1M", size, rss, rc, wall, 400 * MB, "capped" if "only the first" in err else "NOT capped"))
        os.remove(os.path.join(site, "feed.xml"))

        # Ten 10 MB pages fetched at once.
        items = ""
        for i in range(10):
            with open(os.path.join(site, "p", f"berita-besar-nomor-{i}.html"), "wb") as f:
                f.write(padded_page(10 * MB - 4096).replace(b"Putin", b"Putin %d" % i, 1))
            items += f"<item><link>{base}/p/berita-besar-nomor-{i}.html</link></item>"
        with open(os.path.join(site, "pages.xml"), "w") as f:
            f.write(f'<rss version="2.0"><channel>{items}</channel></rss>')
        schedule = os.path.join(tmp, "pages.yaml")
        with open(schedule, "w") as f:
            f.write(f"""name: pagesmem
extractor: generic
allow_local: true
sources:
  - feed: {base}/pages.xml
every: 1h
limits: {{ max_pages: 10, max_age: null, max_page_size: 12MB }}
politeness: {{ concurrency: 10, per_host: 10, delay: 0s, robots: ignore, timeout: 120s, attempts: 1 }}
""")
        rss, rc, wall, err = run(kabar, ["run", schedule, "--data", os.path.join(tmp, "data-pages"), "--quiet"], tmp)
        fetched = re.search(r"fetched (\d+)", err)
        rows.append(("pages-10x10MB", 100 * MB, rss, rc, wall, 800 * MB,
                     "fetched %s" % fetched.group(1) if fetched and rc == 0 else "exit %d: %s" % (rc, err[-300:])))
        server.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{'case':<16} {'input':>10} {'peak RSS':>10} {'bound':>8}  {'exit':>4}  {'wall':>8}  outcome")
    for name, size, rss, rc, wall, bound, outcome in rows:
        ok = 0 < rss <= bound and outcome in ("refused", "extracted", "skipped", "capped", "fetched 10")
        failed |= not ok
        print(f"{name:<16} {size / MB:>8.1f}MB {rss / MB:>8.1f}MB {bound / MB:>6.0f}MB  {rc:>4}  {wall:>8}  {outcome}{'' if ok else '  OVER THE BOUND'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
