#!/usr/bin/env bash
# Fuzz/run.sh [SECONDS] [SURFACE...]
#
# Builds the libFuzzer targets (this nested package, swiftc -sanitize=fuzzer plus address
# sanitizer; KABAR_FUZZ_SANITIZERS=fuzzer to build without ASan; the package's C targets, libxml2's
# sources in Sources/CLibXML2 among them, with clang's -fsanitize=fuzzer-no-link plus address, so
# the sanitizer and the coverage see inside libxml2 too) and runs each surface (html,
# html-malloc, date, feed, warc, schedule; default all) for SECONDS (default 60) from its seed corpus:
# Fuzz/Seeds/<surface>/, the repo's fixtures (HTML pages, schedules), and the saved cases of
# Tests/FuzzCases/<surface>/. The corpus grows in a work folder (KABAR_FUZZ_WORK, default a
# temporary one), never in the repo. Exit status 1 when any target found a crash, a timeout or
# an out-of-memory; the input is printed and kept under the work folder's artifacts/<surface>/.
# Fix the bug, then add the input to Tests/FuzzCases/<surface>/ (ReliabilityTests replays it).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
surfaces=("$@")
[ ${#surfaces[@]} -gt 0 ] || surfaces=(html html-malloc date feed warc schedule)
sanitizers=${KABAR_FUZZ_SANITIZERS:-fuzzer,address}
# The C files: the same sanitizers, libFuzzer's coverage without its main.
c_sanitizers=${sanitizers/fuzzer/fuzzer-no-link}
build=${KABAR_FUZZ_BUILD:-.build}

# SwiftPM may miss a source file added to the root package since the last build of this
# package (its manifest is cached): `touch ../Package.swift` then.
echo "fuzz: building with -sanitize=$sanitizers (C: -fsanitize=$c_sanitizers)"
swift build --build-path "$build" -Xswiftc -sanitize="$sanitizers" -Xswiftc -parse-as-library -Xcc -fsanitize="$c_sanitizers" 2>&1 \
  | grep -v "warning: Cannot export local symbol" | tail -3
bin="$build/debug"

work=${KABAR_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/kabar-fuzz.XXXXXX")}
mkdir -p "$work"
echo "fuzz: work folder $work, $seconds s per surface"

seed_corpus() {
  local surface=$1 corpus=$2
  mkdir -p "$corpus"
  cp Seeds/"$surface"/* "$corpus"/ 2>/dev/null || true
  cp ../Tests/FuzzCases/"$surface"/* "$corpus"/ 2>/dev/null || true
  rm -f "$corpus"/README.md
  case $surface in
    html)
      # The fixture pages, each behind a selector line (the target's input format).
      local selectors=("article p" "div.detail-konten > p:not(.baca)" "h1, .title a[href^='http']"
                       "figure img[src\$='.jpg'] + figcaption" "li:nth-child(2n+1)" "*:not(script):empty" "a[href*=tempo i]")
      local i=0
      for f in ../Plugins/*/Fixtures/*.html; do
        { printf '%s\n' "${selectors[$((i % ${#selectors[@]}))]}"; cat "$f"; } > "$corpus/fixture-$i.html"
        i=$((i + 1))
      done ;;
    schedule)
      cp ../Schedules/*.yaml "$corpus"/ ;;
  esac
}

failed=()
for surface in "${surfaces[@]}"; do
  # html-malloc: the html target with libxml2's trees in malloc memory instead of the parse
  # arena (KABAR_PARSE_ARENA=0), so that the address sanitizer sees inside them too.
  kind=${surface%-malloc}
  arena=()
  [ "$kind" = "$surface" ] || arena=(KABAR_PARSE_ARENA=0)
  target="Fuzz$(case $kind in html) echo HTML;; warc) echo WARC;; *) echo "${kind^}";; esac)"
  corpus="$work/corpus/$surface"
  artifacts="$work/artifacts/$surface"
  mkdir -p "$artifacts"
  [ -d "$corpus" ] || seed_corpus "$kind" "$corpus"
  dict=()
  [ -f "Seeds/$kind.dict" ] && dict=(-dict="Seeds/$kind.dict")
  # Inputs are kept small enough for many runs a second (larger seeds are used cut short);
  # the saved large cases are replayed whole by the tests.
  case $kind in date) max_len=512;; schedule) max_len=4096;; *) max_len=24576;; esac
  echo "fuzz: $surface ($target), corpus $(ls "$corpus" | wc -l) files"
  set +e
  # The Swift runtime's backtracer would catch the crash signal before libFuzzer could save the input.
  env "${arena[@]}" SWIFT_BACKTRACE=enable=no "$bin/$target" "$corpus" "${dict[@]}" -max_total_time="$seconds" -max_len=$max_len -timeout=20 \
    -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 > "$work/$surface.log" 2>&1
  status=$?
  set -e
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)|cov:" "$work/$surface.log" | tail -3 || true
  if [ $status -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
    echo "fuzz: $surface FAILED (exit $status); log $work/$surface.log; inputs:"
    ls "$artifacts" | sed "s|^|  $artifacts/|"
    grep -m5 -E "ERROR|Fatal error|SUMMARY" "$work/$surface.log" || true
    failed+=("$surface")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: no failures in ${surfaces[*]}"
