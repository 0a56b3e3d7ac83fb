#!/usr/bin/env bash
# Kabar's generic extractor next to trafilatura on Fundus- and WCXB-format corpora, in the same
# run and scored by the same code (`kabar eval`; trafilatura's output is read back with
# --predictions). Fundus pages are scored by word 4-gram F1, WCXB pages by WCXB's word F1 (a bag
# of \w+ tokens) with its with/without snippet checks.
#
#   Benchmarks/trafilatura/compare.sh [CORPUS...]   (default: ../shared/corpus/fundus ../shared/corpus/wcxb)
#
# trafilatura is installed from PyPI into a virtual environment under $KABAR_BENCH_DIR (default:
# a folder in the system temp dir), never into the repository. Kabar is built with -c release.
# Pages/s are each extractor's own, in one process, files read beforehand. Tables are printed
# for the whole corpus and the halves A and B of the split by publisher (WCXB: by host;
# `kabar eval --half`), and for Fundus also the development and held-out countries. The ratio
# of the two pages/s is printed last; run it on an idle machine to read it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -eq 0 ]; then set -- ../shared/corpus/fundus ../shared/corpus/wcxb; fi
work="${KABAR_BENCH_DIR:-${TMPDIR:-/tmp}/kabar-trafilatura}"
worst="${KABAR_BENCH_WORST:-15}"
# The countries the generic extractor was developed on; the rest were held out (see docs/ARCHITECTURE.md).
dev="at,be,ch,de,fr,ind,it,li,lu,pl,ru,tw,us,za"

for corpus in "$@"; do
  [ -d "$corpus" ] || { echo "compare.sh: no corpus at $corpus" >&2; exit 1; }
done
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
# lxml_html_clean: lxml >= 5.2 split lxml.html.clean out, and jusText (used by trafilatura) needs it.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "trafilatura==${TRAFILATURA_VERSION:-2.3.1}" lxml_html_clean

swift build -c release --product kabar >&2
kabar=.build/release/kabar

# The generic extractor on every page: the declarative extractors in Plugins/ claim some of the
# corpus's publishers, and this compares extraction without a site plugin.
gen=(--site generic)

for corpus in "$@"; do
  name=$(basename "$corpus")
  preds="$work/predictions-$name"
  rm -rf "$preds"
  "$work/venv/bin/python" Benchmarks/trafilatura/predict.py "$corpus" "$preds"
  if [ -d "$corpus/ground-truth" ]; then parts="all A B"; else parts="all dev heldout A B"; fi
  echo
  echo "##### $corpus"
  for part in $parts; do
    case $part in
      all) sel=(); title="whole corpus" ;;
      dev) sel=(--groups "$dev"); title="development countries ($dev)" ;;
      heldout) sel=(--exclude-groups "$dev"); title="held-out countries (all but $dev)" ;;
      A|B) sel=(--half "$part"); title="half $part of the split by publisher (WCXB: by host)" ;;
    esac
    echo
    echo "=== $title ==="
    if [ "$part" = all ]; then
      echo
      "$kabar" eval "${gen[@]}" "${sel[@]}" --worst "$worst" "$corpus" 2>/dev/null
      echo
      "$kabar" eval "${sel[@]}" --worst "$worst" --predictions "$preds" "$corpus"
    fi
    echo
    k=$("$kabar" eval "${gen[@]}" "${sel[@]}" "$corpus" 2>/dev/null | tail -2)
    t=$("$kabar" eval "${sel[@]}" --predictions "$preds" "$corpus" | tail -1)
    echo "$k"
    echo "$t"
    if [ "$part" = all ]; then
      kr=$(echo "$k" | tail -1 | awk '{print $NF}')
      tr=$(echo "$t" | awk '{print $NF}')
      awk -v k="$kr" -v t="$tr" 'BEGIN { if (t > 0) printf "pages/s ratio, Kabar / trafilatura: %.1fx\n", k / t }'
    fi
  done
done
echo
echo "(pages/s in one process: Kabar's over repeated passes of at least 2 s, trafilatura's from its per-page times in one pass;"
echo " title= exact titles; date: same minute; day: same day as printed)"
