#!/usr/bin/env bash
# Kabar's generic extractor next to trafilatura on a Fundus-format corpus, in the same run and
# scored by the same code (`kabar eval`; trafilatura's output is read back with --predictions).
#
#   Benchmarks/trafilatura/compare.sh [CORPUS]      (default: ../shared/corpus/fundus)
#
# trafilatura is installed from PyPI into a virtual environment under $KABAR_BENCH_DIR (default:
# a folder in the system temp dir), never into the repository. Kabar is built with -c release.
# Pages/s are each extractor's own, in one process, files read beforehand. Tables are printed
# for the whole corpus, the development and held-out countries, and the halves A and B of the
# split by publisher (`kabar eval --half`).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-../shared/corpus/fundus}"
work="${KABAR_BENCH_DIR:-${TMPDIR:-/tmp}/kabar-trafilatura}"
worst="${KABAR_BENCH_WORST:-15}"
# The countries the generic extractor was developed on; the rest were held out (see docs/ARCHITECTURE.md).
dev="at,be,ch,de,fr,ind,it,li,lu,pl,ru,tw,us,za"

[ -d "$corpus" ] || { echo "compare.sh: no corpus at $corpus" >&2; exit 1; }
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
# lxml_html_clean: lxml >= 5.2 split lxml.html.clean out, and jusText (used by trafilatura) needs it.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean

swift build -c release --product kabar >&2
kabar=.build/release/kabar

# The generic extractor on every page: the declarative extractors in Plugins/ claim some of the
# corpus's publishers, and this compares extraction without a site plugin.
gen=(--site generic)

preds="$work/predictions"
rm -rf "$preds"
"$work/venv/bin/python" Benchmarks/trafilatura/predict.py "$corpus" "$preds"

for part in all dev heldout A B; do
  case $part in
    all) sel=(); title="whole corpus" ;;
    dev) sel=(--groups "$dev"); title="development countries ($dev)" ;;
    heldout) sel=(--exclude-groups "$dev"); title="held-out countries (all but $dev)" ;;
    A|B) sel=(--half "$part"); title="half $part of the split by publisher" ;;
  esac
  echo
  echo "=== $title ==="
  if [ "$part" = all ]; then
    echo
    "$kabar" eval "${gen[@]}" "${sel[@]}" --worst "$worst" "$corpus"
    echo
    "$kabar" eval "${sel[@]}" --worst "$worst" --predictions "$preds" "$corpus"
  fi
  echo
  "$kabar" eval "${gen[@]}" "${sel[@]}" "$corpus" | tail -2
  "$kabar" eval "${sel[@]}" --predictions "$preds" "$corpus" | tail -1
done
echo
echo "(pages/s in one process: Kabar's over repeated passes of at least 2 s, trafilatura's from its per-page times in one pass;"
echo " title= exact titles; date: same minute; day: same day as printed)"
