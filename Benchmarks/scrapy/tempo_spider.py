"""The Scrapy side of the benchmark: a SitemapSpider over the generated Tempo site.

    scrapy runspider tempo_spider.py -a sitemap=http://127.0.0.1:PORT/sitemap.xml \
        -s FEEDS='{"FILE.jsonl": {"format": "jsonlines"}}'

Settings are the brief's: 32 requests in flight (32 per domain), robots.txt obeyed, no delay,
LOG_LEVEL WARNING, items written as JSON Lines by the feed exporter. Every field is read with
CSS selectors from the article (article.detail-artikel, not the infinite-scroll teasers
article.detail-artikel.berikutnya): headline, date, authors (Reporter and Editor boxes) and
the body's paragraphs (the direct <p> children of div#isi, without inline "Baca juga:" links,
which is what Kabar's Tempo plugin keeps as paragraphs).
"""
from scrapy.spiders import SitemapSpider


class TempoSpider(SitemapSpider):
    name = "tempo"
    custom_settings = {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
    }

    def __init__(self, sitemap=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitemap_urls = [sitemap]

    def parse(self, response):
        art = response.css("article.detail-artikel:not(.berikutnya)")
        if not art:
            return
        headline = " ".join("".join(art.css("div.detail-title h1.title ::text").getall()).split())
        paragraphs = []
        for p in art.css("div#isi > p"):
            text = " ".join("".join(p.css("::text").getall()).split())
            if not text or text.lower().startswith("baca juga"):
                continue
            paragraphs.append(text)
        yield {
            "url": response.url,
            "headline": headline,
            "published": response.css('meta[property="article:published_time"]::attr(content)').get()
                         or art.css("div.detail-title p.date::text").get(),
            "authors": [" ".join(a.split()) for a in art.css("div.block-avatar div.box-avatar h4.title.bold a::text").getall()],
            "body": paragraphs,
        }
