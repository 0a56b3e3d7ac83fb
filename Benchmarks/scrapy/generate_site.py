#!/usr/bin/env python3
"""Generates the benchmark site: Tempo article pages in the 2021-24 design (T3) of about
100 KB each, a sitemap index over sitemaps of at most 1 000 URLs, and robots.txt.

    generate_site.py OUT BASE [--pages 2000] [--decoys 48] [--size 100000] [--seed 5]

OUT/www is the web root served at BASE (e.g. http://127.0.0.1:8123). Each kanal host of
tempo.co lives under its own folder, so https://metro.tempo.co/read/<id>/<slug> is served as
BASE/metro.tempo.co/read/<id>/<slug> (Kabar maps it back with `mirrors:`; Scrapy crawls the
BASE URLs the sitemaps list). Decoy articles in the same URL form are listed in the sitemaps
and served, but robots.txt disallows them (ids 900xxxx).

Also written: OUT/expected.jsonl (one line per article: real url, fetch url, headline,
paragraph count, authors, published) and OUT/decoys.txt (real URLs of the decoys).

Each page is a real article body (about ten paragraphs of varied text, a subheading, an ad
slot, a "Baca juga" box and an inline "Baca juga:" paragraph, none of which are paragraphs of
the article) in about 90 KB of furniture: head metadata and ad/analytics scripts, an inline
JSON state blob, menus, breadcrumbs, share links, tags, recommendation and popular lists
linking other articles, two infinite-scroll teasers (article.detail-artikel.berikutnya),
a footer and scripts. Text is pseudo-random from a fixed seed, so every article differs
(nothing is a near duplicate of another) and runs are reproducible.
"""
import argparse
import html
import json
import os
import random
from datetime import datetime, timedelta, timezone

KANALS = ["nasional", "metro", "bisnis", "dunia", "bola", "tekno", "gaya", "seleb"]
KANAL_NAMES = {"nasional": "Nasional", "metro": "Metro", "bisnis": "Bisnis", "dunia": "Dunia", "bola": "Bola",
               "tekno": "Tekno", "gaya": "Gaya", "seleb": "Seleb"}
RUBRIKS = ["peristiwa", "hukum", "politik", "ekonomi", "olahraga", "teknologi", "kesehatan", "hiburan"]
WORDS = """pemerintah presiden menteri rakyat jakarta provinsi kabupaten kota desa warga petani nelayan
buruh mahasiswa guru dokter polisi tentara hakim jaksa pengadilan undang peraturan anggaran pajak harga
beras minyak listrik air banjir hujan gempa longsor kebakaran hutan laut pantai sungai jalan tol kereta
bandara pelabuhan pasar saham rupiah dolar bank investasi ekspor impor industri pabrik tambang nikel batu
bara sawit karet kopi teh gula garam ikan sapi ayam sekolah kampus rumah sakit puskesmas vaksin obat
penyakit pasien data digital aplikasi internet telepon kamera film musik lagu konser pemain pelatih
klub pertandingan gol liga juara turnaman stadion suporter wisata hotel restoran festival budaya
sejarah agama masjid gereja pura vihara keluarga anak ibu bapak pemuda perempuan laki pekerja
kepala dinas badan lembaga komisi dewan partai pemilu kampanye suara calon koalisi oposisi kebijakan
program bantuan sosial subsidi kemiskinan pengangguran pertumbuhan inflasi defisit utang proyek
pembangunan infrastruktur jembatan bendungan irigasi lahan sertifikat tanah rumah apartemen
mengatakan menyebutkan menjelaskan menegaskan mengungkapkan menilai meminta mendorong menolak
menerima membahas menyiapkan memastikan mengumumkan melaporkan menyelidiki menangkap memeriksa
membangun memperbaiki mengurangi meningkatkan menurunkan menghentikan melanjutkan mempercepat
pada dalam untuk dengan dari kepada oleh tentang terhadap antara sejak hingga selama setelah
sebelum ketika karena sehingga namun tetapi juga masih sudah belum akan telah sedang bisa harus
perlu dapat lebih sangat cukup hampir sekitar sebanyak sebesar persen miliar triliun juta ribu
pekan bulan tahun hari pagi siang sore malam kemarin besok lalu depan baru lama besar kecil
tinggi rendah cepat lambat penting utama khusus umum nasional daerah pusat lokal internasional""".split()
FIRST = ["Ani", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indra", "Joko", "Kartika", "Lestari",
         "Made", "Nur", "Oki", "Putri", "Rizki", "Sari", "Taufik", "Umar", "Vina", "Wahyu", "Yusuf", "Zahra"]
LAST = ["Pratama", "Wibowo", "Santoso", "Hidayat", "Nugroho", "Saputra", "Kurniawan", "Lestari", "Rahmawati",
        "Setiawan", "Siregar", "Nasution", "Simanjuntak", "Wijaya", "Halim", "Gunawan"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
WIB = timezone(timedelta(hours=7))


def sentence(rng, lo=10, hi=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def headline(rng):
    return " ".join(w.capitalize() for w in (rng.choice(WORDS) for _ in range(rng.randint(6, 10))))


def slugify(text):
    return "-".join(text.lower().split())


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def date_id(d):
    return f"{DAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year} | {d:%H:%M} WIB"


class Article:
    def __init__(self, rng, number, article_id, kanal, published):
        self.id = article_id
        self.kanal = kanal
        self.host = f"{kanal}.tempo.co"
        self.headline = headline(rng)
        self.slug = slugify(self.headline)
        self.path = f"/read/{self.id}/{self.slug}"
        self.url = f"https://{self.host}{self.path}"
        self.published = published
        self.reporter = person(rng)
        self.editor = person(rng)
        while self.editor == self.reporter:
            self.editor = person(rng)
        self.paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(9, 11))]
        self.paragraphs[0] = "TEMPO.CO, Jakarta - " + self.paragraphs[0]
        self.subheading = headline(rng)
        self.description = sentence(rng, 14, 20)
        self.keywords = [" ".join(rng.choice(WORDS) for _ in range(2)) for _ in range(4)]
        self.rubrik = rng.choice(RUBRIKS)
        self.number = number


def links_list(rng, others, n, cls):
    items = []
    for o in rng.sample(others, n):
        items.append(f'      <li><div class="card-box"><figure><a href="{o.url}"><img src="https://statik.tempo.co/data/'
                     f'{o.published:%Y/%m/%d}/id_{o.id}/{o.id}_400.jpg" alt="{html.escape(o.headline)}" loading="lazy">'
                     f'</a></figure><div class="text-card"><h2 class="title"><a href="{o.url}">{html.escape(o.headline)}</a>'
                     f'</h2><p class="date">{date_id(o.published)}</p></div></div></li>')
    return f'    <div class="{cls}">\n    <ul>\n' + "\n".join(items) + "\n    </ul>\n    </div>\n"


def teaser(rng, o):
    return f"""    <article class="detail-artikel berikutnya">
      <div class="detail-title">
        <h1 class="title">{html.escape(o.headline)}</h1>
        <p class="date margin-bottom-sm">{date_id(o.published)}</p>
      </div>
      <div class="block-avatar"><div class="box-avatar"><div class="text-avatar"><h4 class="title">Reporter</h4><h4 class="title bold"><a href="https://www.tempo.co/penulis/{o.id % 9000}/{slugify(o.reporter)}">{o.reporter}</a></h4></div></div></div>
      <div class="foto-detail"><figure><img src="https://statik.tempo.co/data/{o.published:%Y/%m/%d}/id_{o.id}/{o.id}_720.jpg" alt=""><figcaption>{html.escape(sentence(rng, 8, 12))} TEMPO/{person(rng)} | Tempo</figcaption></figure></div>
      <div class="detail-in" id="isi">
        <p>{html.escape(o.paragraphs[0])}</p>
        <p>{html.escape(o.paragraphs[1])}</p>
      </div>
      <a class="btn-selengkapnya" href="{o.url}">Baca Selengkapnya</a>
    </article>
"""


def state_blob(rng, a, others, size):
    """The inline JSON state a client-side app ships (menus, trending, ad targeting)."""
    state = {"page": {"type": "detail", "id": a.id, "kanal": a.kanal, "rubrik": a.rubrik},
             "targeting": {"kw": a.keywords, "pos": ["top", "middle", "bottom"], "abtest": rng.randint(0, 99)},
             "trending": []}
    text = ""
    while len(text) < size:
        o = rng.choice(others)
        state["trending"].append({"id": o.id, "title": o.headline, "url": o.url, "kanal": o.kanal,
                                  "img": f"https://statik.tempo.co/data/{o.published:%Y/%m/%d}/id_{o.id}/{o.id}_400.jpg",
                                  "views": rng.randint(100, 99999)})
        if len(state["trending"]) % 20 == 0:
            text = json.dumps(state, ensure_ascii=False)
    text = json.dumps(state, ensure_ascii=False)
    return text.replace("</", "<\\/")


def menu(rng):
    out = ['<nav class="menu-kanal"><ul>']
    for k in KANALS + ["cekfakta", "difabel", "otomotif", "travel", "foto", "video", "kolom", "data", "creative-lab"]:
        subs = "".join(f'<li><a href="https://{k}.tempo.co/{r}">{r.capitalize()}</a></li>' for r in RUBRIKS)
        out.append(f'<li class="has-sub"><a href="https://{k}.tempo.co">{k.capitalize()}</a><ul class="sub-menu">{subs}</ul></li>')
    out.append("</ul></nav>")
    return "\n".join(out)


FOOTER_SCRIPT = """<script>
(function(){var d=document,w=window;function lazy(){var imgs=d.querySelectorAll('img[loading=lazy]');for(var i=0;i<imgs.length;i++){var im=imgs[i];if(im.getBoundingClientRect().top<w.innerHeight+400&&im.dataset.src){im.src=im.dataset.src;}}}
w.addEventListener('scroll',lazy,{passive:true});lazy();
var next=d.querySelectorAll('article.berikutnya');var seen={};function track(){for(var i=0;i<next.length;i++){var r=next[i].getBoundingClientRect();if(r.top<w.innerHeight&&!seen[i]){seen[i]=1;if(w.gtag){gtag('event','scroll_article',{idx:i});}}}}
w.addEventListener('scroll',track,{passive:true});})();
</script>"""


def page(rng, a, others, target):
    kn = KANAL_NAMES[a.kanal]
    pub = a.published
    img = f"https://statik.tempo.co/data/{pub:%Y/%m/%d}/id_{a.id}/{a.id}_720.jpg"
    p = [html.escape(t) for t in a.paragraphs]
    readalso = rng.choice(others)
    box = rng.choice(others)
    body = [f"        <p>{p[0]}</p>",
            f'        <div class="banner728"><button class="cls728">Tutup iklan</button><div id="div-gpt-ad-{a.id}-0"><script>googletag.cmd.push(function() {{ googletag.display(\'div-gpt-ad-{a.id}-0\'); }});</script></div><p class="label-ads">ADVERTISEMENT</p></div>',
            f"        <p>{p[1]}</p>",
            f'        <div class="baca-juga"><h4 class="title">Baca Juga</h4><a href="{box.url}">{html.escape(box.headline)}</a></div>',
            f"        <p>{p[2]}</p>",
            f'        <p>Baca juga: <a href="{readalso.url}">{html.escape(readalso.headline)}</a></p>']
    for i, t in enumerate(p[3:], start=3):
        if i == 5:
            body.append(f'        <div class="parallax-box"><div class="parallax-ads"><span>Iklan</span><div id="div-gpt-ad-{a.id}-1"></div><span>Scroll untuk melanjutkan</span></div></div>')
            body.append(f"        <h2>{html.escape(a.subheading)}</h2>")
        body.append(f"        <p>{t}</p>")
    head = f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{html.escape(a.headline)} - {kn} Tempo.co</title>
<meta name="description" content="{html.escape(a.description)}">
<meta name="keywords" content="{html.escape(', '.join(a.keywords))}">
<meta name="author" content="{a.reporter}">
<meta name="robots" content="index, follow, max-image-preview:large">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Tempo.co">
<meta property="og:title" content="{html.escape(a.headline)}">
<meta property="og:description" content="{html.escape(a.description)}">
<meta property="og:url" content="{a.url}">
<meta property="og:image" content="{img}">
<meta property="article:published_time" content="{pub.isoformat()}">
<meta property="article:section" content="{kn}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@tempodotco">
<meta name="twitter:title" content="{html.escape(a.headline)}">
<link rel="canonical" href="{a.url}">
<link rel="amp" href="https://{a.host}/amp/{a.id}/{a.slug}">
<link rel="stylesheet" href="https://statik.tempo.co/web/2021/css/app.min.css?v=3.1.7">
<link rel="preconnect" href="https://securepubads.g.doubleclick.net">
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>
  window.googletag = window.googletag || {{cmd: []}};
  googletag.cmd.push(function() {{
    googletag.defineSlot('/14056285/{kn}_Detail_728x90', [728, 90], 'div-gpt-ad-{a.id}-0').addService(googletag.pubads());
    googletag.defineSlot('/14056285/{kn}_Detail_Parallax', [300, 600], 'div-gpt-ad-{a.id}-1').addService(googletag.pubads());
    googletag.pubads().setTargeting('kanal', '{a.kanal}').setTargeting('id', '{a.id}');
    googletag.enableServices();
  }});
</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-23817453-1"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'UA-23817453-1', {{'content_group': '{a.kanal}'}});</script>
<script>window.__TEMPO_STATE__ = @@STATE@@;</script>
</head>
<body>
<header class="header-desktop">
  <div class="container flex">
    <a href="https://www.tempo.co" class="logo"><img src="https://statik.tempo.co/web/2021/img/logo-tempo.svg" alt="Tempo.co"></a>
{menu(rng)}
    <a href="https://langganan.tempo.co" class="btn-langganan">Berlangganan</a>
  </div>
</header>
<div class="container">
  <div class="breadcrumbs">
    <ul>
      <li><a href="https://www.tempo.co">Home</a></li>
      <li><a href="https://{a.host}">{kn}</a></li>
      <li><a href="https://{a.host}/{a.rubrik}">{a.rubrik.capitalize()}</a></li>
    </ul>
  </div>
  <div class="wrapper-detail">
    <article class="detail-artikel">
      <div class="detail-title">
        <h1 class="title">{html.escape(a.headline)}</h1>
        <p class="date margin-bottom-sm">{date_id(pub)}</p>
      </div>
      <div class="block-avatar">
        <div class="box-avatar">
          <div class="img-avatar"><a href="https://www.tempo.co/penulis/{a.id % 9000}/{slugify(a.reporter)}"><img src="https://statik.tempo.co/web/2021/img/avatar-default.png" alt="Reporter"></a></div>
          <div class="text-avatar"><h4 class="title">Reporter</h4><h4 class="title bold"><a href="https://www.tempo.co/penulis/{a.id % 9000}/{slugify(a.reporter)}">{a.reporter}</a></h4></div>
        </div>
        <div class="box-avatar">
          <div class="img-avatar"><a href="https://www.tempo.co/penulis/{a.id % 7000}/{slugify(a.editor)}"><img src="https://statik.tempo.co/web/2021/img/avatar-default.png" alt="Editor"></a></div>
          <div class="text-avatar"><h4 class="title">Editor</h4><h4 class="title bold"><a href="https://www.tempo.co/penulis/{a.id % 7000}/{slugify(a.editor)}">{a.editor}</a></h4></div>
        </div>
      </div>
      <div class="share-box">
        <a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={a.url}">Facebook</a>
        <a class="tw" href="https://twitter.com/intent/tweet?url={a.url}">Twitter</a>
        <a class="wa" href="https://api.whatsapp.com/send?text={a.url}">WhatsApp</a>
        <button class="copy-link">Salin tautan</button>
      </div>
      <div class="foto-detail">
        <figure>
          <img src="{img}" alt="{html.escape(a.headline)}">
          <figcaption>{html.escape(sentence(rng, 8, 14))} TEMPO/{person(rng)} | Tempo</figcaption>
        </figure>
      </div>
      <div class="detail-in" id="isi">
"""
    middle = "\n".join(body) + f"""
      </div>
      <div class="box-tag">
        <h4 class="title">Tag</h4>
        {" ".join(f'<a href="https://www.tempo.co/tag/{slugify(k)}">{k}</a>' for k in a.keywords)}
      </div>
      <div class="rekomendasi">
        <h4 class="title">Rekomendasi Artikel</h4>
{links_list(rng, others, 8, "list-rekomendasi")}      </div>
    </article>
{teaser(rng, rng.choice(others))}{teaser(rng, rng.choice(others))}  </div>
  <aside class="sidebar">
    <div class="terpopuler"><h3 class="title">Terpopuler</h3>
{links_list(rng, others, 10, "list-terpopuler")}    </div>
    <div class="pilihan-editor"><h3 class="title">Pilihan Editor</h3>
{links_list(rng, others, 10, "list-pilihan")}    </div>
"""
    tail_links = []
    tail = """  </aside>
</div>
<footer class="footer">
  <div class="container">
    <ul>
      <li><a href="https://www.tempo.co/tentang-kami">Tentang Kami</a></li>
      <li><a href="https://www.tempo.co/pedoman-media-siber">Pedoman Media Siber</a></li>
      <li><a href="https://www.tempo.co/kode-etik">Kode Etik</a></li>
      <li><a href="https://www.tempo.co/kebijakan-privasi">Kebijakan Privasi</a></li>
      <li><a href="https://www.tempo.co/karir">Karir</a></li>
    </ul>
    <p>&copy; 2024 TEMPO.CO</p>
  </div>
</footer>
<script src="https://statik.tempo.co/web/2021/js/app.min.js?v=3.1.7" defer></script>
""" + FOOTER_SCRIPT + "\n</body>\n</html>\n"
    # Furniture up to the target size: an "Indeks terkini" list, then the JSON state blob.
    base = len((head + middle + tail).encode())
    terkini = ""
    if base < target * 0.55:
        n = 0
        while base + len(terkini.encode()) < target * 0.55:
            n += 10
            terkini = f'    <div class="indeks-terkini"><h3 class="title">Terkini</h3>\n{links_list(rng, others, n, "list-terkini")}    </div>\n'
    remaining = max(2000, target - base - len(terkini.encode()) - 30)
    state = state_blob(rng, a, others, remaining)
    return (head.replace("@@STATE@@", state) + middle + terkini + tail_links_join(tail_links) + tail)


def tail_links_join(items):
    return "".join(items)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("base", help="the URL nginx serves OUT/www at, e.g. http://127.0.0.1:8123")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--decoys", type=int, default=48)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--per-sitemap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    base = args.base.rstrip("/")
    rng = random.Random(args.seed)
    www = os.path.join(args.out, "www")
    os.makedirs(www, exist_ok=True)
    now = datetime.now(WIB).replace(second=0, microsecond=0)

    articles = []
    for i in range(args.pages):
        kanal = KANALS[i % len(KANALS)]
        articles.append(Article(rng, i, 1_500_000 + i * 7, kanal, now - timedelta(minutes=3 * i + 5)))
    decoys = []
    for j in range(args.decoys):
        kanal = KANALS[j % len(KANALS)]
        decoys.append(Article(rng, j, 9_000_000 + j, kanal, now - timedelta(minutes=7 * j + 4)))
    assert len({a.url for a in articles + decoys}) == len(articles) + len(decoys)

    sizes = []
    for a in articles + decoys:
        text = page(rng, a, articles, args.size)
        sizes.append(len(text.encode()))
        folder = os.path.join(www, a.host, "read", str(a.id))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, a.slug), "w", encoding="utf-8") as f:
            f.write(text)

    # Sitemaps: articles and decoys interleaved, newest first, at most --per-sitemap URLs each.
    entries = sorted(articles + decoys, key=lambda a: a.published, reverse=True)
    maps = [entries[k:k + args.per_sitemap] for k in range(0, len(entries), args.per_sitemap)]
    index = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n, chunk in enumerate(maps, start=1):
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for a in chunk:
            lines.append(f"  <url><loc>{base}/{a.host}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod>"
                         "<changefreq>never</changefreq></url>")
        lines.append("</urlset>")
        with open(os.path.join(www, f"sitemap-{n}.xml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        index.append(f"  <sitemap><loc>{base}/sitemap-{n}.xml</loc><lastmod>{chunk[0].published.isoformat()}</lastmod></sitemap>")
    index.append("</sitemapindex>")
    with open(os.path.join(www, "sitemap.xml"), "w") as f:
        f.write("\n".join(index) + "\n")

    robots = ["User-agent: *"]
    robots += [f"Disallow: /{k}.tempo.co/read/900" for k in KANALS]
    robots += ["Disallow: /search", "Disallow: /amp/", "", f"Sitemap: {base}/sitemap.xml", ""]
    with open(os.path.join(www, "robots.txt"), "w") as f:
        f.write("\n".join(robots))

    with open(os.path.join(args.out, "expected.jsonl"), "w") as f:
        for a in articles:
            f.write(json.dumps({"url": a.url, "fetch_url": f"{base}/{a.host}{a.path}", "headline": a.headline,
                                "paragraphs": len(a.paragraphs), "authors": [a.reporter, a.editor],
                                "published": a.published.isoformat()}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "decoys.txt"), "w") as f:
        f.write("".join(d.url + "\n" for d in decoys))
    total = sum(sizes)
    print(f"generated {len(articles)} articles and {len(decoys)} disallowed decoys, {len(maps)} sitemaps; "
          f"page size {min(sizes)}-{max(sizes)} bytes, mean {total // len(sizes)}, total {total / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
