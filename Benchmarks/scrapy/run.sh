#!/usr/bin/env bash
# Kabar next to Scrapy, in the same run, over the same local site.
#
#   Benchmarks/scrapy/run.sh            (ROUNDS=2 PAGES=2000 by default)
#
# Generates 2 000 Tempo-design article pages of ~100 KB (plus disallowed decoys) with a sitemap
# index and robots.txt into a temp folder, serves them with nginx on 127.0.0.1 (own config,
# 2 workers, no access log), installs Scrapy from PyPI into a virtual environment there, then
# alternates rounds of the Scrapy spider (tempo_spider.py) and `kabar run` (a generated
# schedule: the sitemap index, extractor tempo, mirrors: from the real kanal origins to nginx),
# each under /usr/bin/time -v for wall time and peak RSS, validates both outputs page by page
# (check.py) and prints the table.
#
# Environment: ROUNDS, PAGES, KABAR_BENCH_DIR (work folder, default $TMPDIR/kabar-scrapy; the
# venv there is reused), KABAR (a kabar binary; default: build .build/release/kabar), NGINX,
# VARIANTS: the kabar runs of each round, space-separated, each an extractor (tempo: the Swift
# plugin; tempocss: plugins/tempocss.yaml, the spider's own selectors as a declarative plugin,
# which claims the generated kanal hosts; generic) optionally followed by :codec:level for the
# WARC archive's compression (tempo:zlib:6) and :payload for responses without a block digest
# (archive: { response_block_digest: false }; tempo:isal:1:payload). Default "tempo generic".
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/scrapy
rounds="${ROUNDS:-2}"
pages="${PAGES:-2000}"
variants="${VARIANTS:-tempo generic}"
work="${KABAR_BENCH_DIR:-${TMPDIR:-/tmp}/kabar-scrapy}"
nginx_bin="${NGINX:-/usr/sbin/nginx}"
[ -x "$nginx_bin" ] || { echo "run.sh: $nginx_bin not found (apt-get install -y nginx)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time not found (apt-get install -y time)" >&2; exit 1; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"

if [ -z "${KABAR:-}" ]; then
  swift build -c release --product kabar >&2
  kabar="$PWD/.build/release/kabar"
else
  kabar="$KABAR"
fi

# Scrapy from PyPI, in a virtual environment in the work folder (never in the repository).
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check scrapy
scrapy_version="$("$work/venv/bin/python" -c 'import scrapy; print(scrapy.__version__)')"

# A free port, the site, nginx.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
site="$work/site"
rm -rf "$site"
python3 "$here/generate_site.py" "$site" "$base" --pages "$pages"
chmod -R a+rX "$site"   # nginx's workers run as another user when started by root
chmod a+x "$work"

ngx="$work/nginx"
rm -rf "$ngx"
mkdir -p "$ngx/tmp"
cat > "$ngx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    gzip off;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    default_type text/html;
    types { text/xml xml; text/plain txt; }
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    server {
        listen 127.0.0.1:$port backlog=4096;
        root $site/www;
    }
}
EOF
"$nginx_bin" -c "$ngx/nginx.conf" -p "$ngx" -e "$ngx/error.log" &
nginx_pid=$!
stop_nginx() {
  # Graceful stop (SIGQUIT), then SIGKILL if it is not done within 3 s.
  if kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
}
trap stop_nginx EXIT
for _ in $(seq 100); do
  if curl -fs -o /dev/null "$base/robots.txt"; then break; fi
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$ngx/error.log" >&2; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "$base/robots.txt" || { echo "run.sh: nginx did not come up on $port" >&2; exit 1; }

# Kabar's schedules, one per variant: the sitemap index, the variant's extractor (and archive
# compression), each real kanal origin mirrored to nginx.
write_schedule() {
  local variant=$1 extractor codec level digests
  IFS=: read -r extractor codec level digests <<< "$variant"
  {
  echo "name: scrapy-bench"
  echo "extractor: $extractor"
  local archive=""
  if [ -n "$codec" ]; then archive="codec: $codec${level:+, level: $level}"; fi
  if [ "$digests" = payload ]; then archive="${archive:+$archive, }response_block_digest: false"; fi
  if [ -n "$archive" ]; then echo "archive: { $archive }"; fi
  echo "allow_local: true"
  echo "sources:"
  echo "  - sitemap: $base/sitemap.xml"
  echo "every: 1h"
  echo "limits: { max_pages: $((pages + 1000)), max_age: 30d }"
  echo "politeness: { concurrency: 32, per_host: 32, delay: 0s, robots: obey, timeout: 30s, attempts: 2 }"
  echo "mirrors:"
  for k in nasional metro bisnis dunia bola tekno gaya seleb; do
    echo "  \"https://$k.tempo.co\": \"$base/$k.tempo.co\""
  done
  } > "$work/scrapy-bench-${variant//:/-}.yaml"
}
for v in $variants; do write_schedule "$v"; done

# Parses /usr/bin/time -v: prints "wall_seconds max_rss_kb cpu_seconds" (cpu = user + system).
time_figures() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
              /Maximum resident set size/ { rss = $2 }
              /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
              END { print wall, rss, cpu }' "$1"
}

runs="$work/runs.tsv"
: > "$runs"
run_scrapy() {
  local r=$1 out="$work/scrapy-$1.jsonl"
  rm -f "$out"
  /usr/bin/time -v -o "$work/time-scrapy-$r.txt" \
    "$work/venv/bin/scrapy" runspider "$here/tempo_spider.py" -a sitemap="$base/sitemap.xml" \
    -s FEEDS="{\"$out\": {\"format\": \"jsonlines\", \"encoding\": \"utf8\"}}" > "$work/scrapy-$r.log" 2>&1 \
    || { echo "run.sh: scrapy failed, see $work/scrapy-$r.log" >&2; tail -20 "$work/scrapy-$r.log" >&2; exit 1; }
  echo "scrapy $r $(wc -l < "$out") $(time_figures "$work/time-scrapy-$r.txt") -" >> "$runs"
  echo "round $r scrapy: $(tail -1 "$runs")" >&2
}
run_kabar() {
  local r=$1 v=$2 name="kabar-${2//:/-}"
  local data="$work/$name-data-$r"
  rm -rf "$data"
  /usr/bin/time -v -o "$work/time-$name-$r.txt" \
    "$kabar" run "$work/scrapy-bench-${v//:/-}.yaml" --plugins "$PWD/$here/plugins" --data "$data" > "$work/$name-$r.summary" 2> "$work/$name-$r.log" \
    || { echo "run.sh: kabar run failed, see $work/$name-$r.log" >&2; tail -20 "$work/$name-$r.log" >&2; exit 1; }
  # The run's own "timing:" log line: seconds from its first page's fetch to its last page stored.
  local pages_seconds
  pages_seconds="$(sed -n 's/.*timing: .*pages \([0-9.]*\) s (.*/\1/p' "$work/$name-$r.log" | tail -1)"
  echo "$name $r $(cat "$data"/records/*/*.jsonl | wc -l) $(time_figures "$work/time-$name-$r.txt") ${pages_seconds:--}" >> "$runs"
  echo "round $r $name: $(tail -1 "$runs")" >&2
}
run_kabars() { for v in $variants; do run_kabar "$1" "$v"; done; }

echo "Scrapy $scrapy_version, $("$nginx_bin" -v 2>&1), $pages pages on $base, $rounds rounds (order alternating), $(nproc) cores" >&2
for r in $(seq "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then run_scrapy "$r"; run_kabars "$r"; else run_kabars "$r"; run_scrapy "$r"; fi
done

status=0
for r in $(seq "$rounds"); do
  echo
  for v in $variants; do
    name="kabar-${v//:/-}"
    echo "validation, round $r, $name:"
    # The generic extractor knows nothing of the site: its figures are printed, its differences
    # from the generator's page do not fail the script.
    python3 "$here/check.py" validate "$site" "$base" "$work/scrapy-$r.jsonl" "$work/$name-data-$r" \
      || case "$v" in generic*) echo "  (generic extractor: informational)";; *) status=1;; esac
  done
done
echo
echo "Scrapy $scrapy_version (CONCURRENT_REQUESTS 32, per domain 32, robots obeyed, no delay) vs kabar run (concurrency 32, per_host 32, delay 0, robots obey; variants: $variants);"
echo "$pages article pages of ~100 KB from nginx on 127.0.0.1; wall time, peak RSS and CPU time (user + system) of the whole process"
echo "(/usr/bin/time -v), discovery included; pages/CPU-s shows the cost per page apart from what else the machine is running;"
echo "kabar's steady pages/s counts only the time from its first page's fetch to its last page stored (its log's \"timing:\" line),"
echo "fixed s the rest of its wall time (start-up, discovery, closing): the pages/s compared with Scrapy's is the whole run's"
echo
python3 "$here/check.py" table "$runs"
echo
first="kabar-$(set -- $variants; echo "${1//:/-}")"
echo "kabar's last summary ($first):"
sed 's/^/  /' "$work/$first-$rounds.summary"
exit $status
