#!/usr/bin/env bash
# Pre-commit-sized timings: pollcheck on 1, 10 and 100 files of one crate of
# the corpus (process start to exit), and `pollcheck deps` on the whole
# corpus project with a cold and with a filled cache. Prints a markdown table
# of hyperfine medians and peak RSS.
#
# A file named on the command line is checked within its crate: the crate
# model (the declarations of the crate's other files) comes from the cache
# in POLLCHECK_CACHE_DIR, which the warm-up run fills. Three more rows show
# what that costs: the first file with the model cache removed before each
# run, with --no-cache, and the same file copied alone into an empty
# directory (no crate around it: what 0.1 did for every named file).
#
# Usage:
#   bench/precommit.sh
#   RUNS=1 DEPS=0 bench/precommit.sh     # quick check, without deps
#
# Environment:
#   RUNS                  timed runs per case after one warm-up (default 10)
#   DEPS_RUNS             timed runs per deps case (default 3; a cold run
#                         takes about a minute)
#   DEPS                  0 leaves out the deps cases (default 1)
#   PRECOMMIT_CRATE       the crate whose src/ files are checked (default
#                         tokio; its highest version in the corpus). The
#                         files are its src/**/*.rs sorted by path, the
#                         first 1, 10 and 100 of them.
#   POLLCHECK_BENCH_HOME  CARGO_HOME for the corpus (see bench/common.sh)
#   RESULTS_DIR           where hyperfine's JSON and outputs go (default: a
#                         new temporary directory, kept)
#
# Needs cargo, hyperfine, jq and GNU time (/usr/bin/time).
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"

runs="${RUNS:-10}"
deps_runs="${DEPS_RUNS:-3}"
crate_name="${PRECOMMIT_CRATE:-tokio}"
results="${RESULTS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pollcheck-precommit.XXXXXX")}"
mkdir -p "$results"

need cargo hyperfine jq
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for peak RSS"

fetch_corpus
build_pollcheck

crate_dir=$(find "$sources" -mindepth 1 -maxdepth 1 -type d -name "$crate_name-[0-9]*" | sort -V | tail -n 1)
[ -n "$crate_dir" ] || die "no crate $crate_name in the corpus"
mapfile -t all_files < <(find "$crate_dir/src" -name '*.rs' -type f | LC_ALL=C sort)
[ "${#all_files[@]}" -ge 100 ] || die "${crate_dir##*/}/src has fewer than 100 .rs files"

export POLLCHECK_CACHE_DIR="$results/model-cache"
rows=()
for count in 1 10 100; do
    files=("${all_files[@]:0:count}")
    warm_page_cache "${files[@]}"
    read -r _ bytes lines < <(measure_rs "${files[@]}")
    timed "files-$count" "${crate_dir##*/}" "0" \
        "$pollcheck" --format short --color never --exit-zero "${files[@]}"
    rows+=("pollcheck on $count file(s) of ${crate_dir##*/}/src ($lines lines, $((bytes / 1000)) kB)|$median|$rss_kb")
done

first=${all_files[0]}
short=${first#"$crate_dir"/}
prepare="rm -rf $POLLCHECK_CACHE_DIR"
timed file-cold-cache "${crate_dir##*/}" "0" \
    "$pollcheck" --format short --color never --exit-zero "$first"
rows+=("pollcheck on $short, model cache removed before each run|$median|$rss_kb")
prepare=
timed file-no-cache "${crate_dir##*/}" "0" \
    "$pollcheck" --format short --color never --exit-zero --no-cache "$first"
rows+=("pollcheck --no-cache on $short|$median|$rss_kb")
alone="$results/alone"
mkdir -p "$alone"
cp "$first" "$alone/"
timed file-alone "copied alone" "0" \
    "$pollcheck" --format short --color never --exit-zero "$alone/${first##*/}"
rows+=("pollcheck on a copy of $short alone, outside any crate|$median|$rss_kb")

if [ "${DEPS:-1}" != 0 ]; then
    runs=$deps_runs
    cache="$results/deps-cache"
    deps=(env CARGO_HOME="$corpus_home" "$pollcheck" deps --offline --locked
        --manifest-path "$bench_dir/corpus/Cargo.toml" --cache-dir "$cache" --exit-zero)
    warm_page_cache "$sources"

    prepare="rm -rf $cache"
    timed deps-cold "corpus project, cache removed before each run" "0 2" "${deps[@]}"
    rows+=("pollcheck deps, cold cache (corpus project)|$median|$rss_kb")
    summary_cold=$(grep -h '^pollcheck deps:' "$results/deps-cold.out" || true)

    prepare=
    timed deps-cached "corpus project, cache filled" "0 2" "${deps[@]}"
    rows+=("pollcheck deps, cached (corpus project)|$median|$rss_kb")
    summary_cached=$(grep -h '^pollcheck deps:' "$results/deps-cached.out" || true)
fi

echo
print_machine
echo "pollcheck $("$pollcheck" --version | cut -d' ' -f2), $(hyperfine --version); medians after one warm-up, page cache warm"
echo
echo "| case | wall time (median) | peak RSS | runs |"
echo "|---|---:|---:|---:|"
for row in "${rows[@]}"; do
    IFS='|' read -r what secs kb <<< "$row"
    case $what in
        *deps*) n=$deps_runs ;;
        *) n=${RUNS:-10} ;;
    esac
    awk -v w="$what" -v s="$secs" -v k="$kb" -v n="$n" 'BEGIN {
        printf "| %s | %.1f ms | %.0f MB | %d |\n", w, s * 1000, k / 1024, n
    }'
done
if [ "${DEPS:-1}" != 0 ]; then
    echo
    echo "deps, cold: ${summary_cold:-no summary line}"
    echo "deps, cached: ${summary_cached:-no summary line}"
fi
echo "hyperfine JSON and outputs: $results"
