#!/usr/bin/env bash
# Real-world sweep: runs a release build of pollcheck once over every .rs file
# of the pinned benchmark corpus and of the local cargo registry caches, and
# reports size, wall time, peak memory, the files syn could not parse (path
# and reason, grouped by reason), internal errors (caught panics) and hangs.
#
# Crate directories come from the corpus home, then $CARGO_HOME and
# ~/.cargo, then /tmp/*cargo-home*; a name-version seen in an earlier place
# is skipped, so each crate version is scanned once. When the binary accepts
# the --no-prefilter flag (older builds do not) it is passed, so that every
# file is parsed.
#
# Usage:
#   bench/sweep.sh
#   BENCH_CRATES=20 bench/sweep.sh   # the first 20 crate versions by name
#   THREADS=1 bench/sweep.sh         # one worker thread
#
# Environment:
#   POLLCHECK_BENCH_HOME  CARGO_HOME for the corpus (see bench/common.sh)
#   BENCH_CRATES          only the first N crate versions, sorted by name
#   THREADS               worker threads (default: pollcheck's)
#   SWEEP_TIMEOUT         seconds before the run counts as a hang (default 3600)
#   CRATE_TIMEOUT         after a hang, each crate is rerun alone with this
#                         limit to find the ones that hang (default 120)
#
# Exits 1 when there was an internal error or a hang, else 0.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"

need cargo timeout
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for peak RSS"

fetch_corpus
build_pollcheck

# Registry source directories, the corpus first, each once.
roots=()
for root in "$sources" "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ \
    "$HOME"/.cargo/registry/src/*/ /tmp/*cargo-home*/registry/src/*/; do
    if [ ! -d "$root" ]; then continue; fi
    root=$(realpath "$root")
    if [[ " ${roots[*]} " != *" $root "* ]]; then roots+=("$root"); fi
done

# One directory per crate version, the first place it is found winning.
declare -A crate_dir=()
for root in "${roots[@]}"; do
    while IFS= read -r dir; do
        name=${dir##*/}
        [ -n "${crate_dir[$name]:-}" ] || crate_dir[$name]=$dir
    done < <(find "$root" -mindepth 1 -maxdepth 1 -type d)
done
mapfile -t names < <(printf '%s\n' "${!crate_dir[@]}" | LC_ALL=C sort)
limit="${BENCH_CRATES:-0}"
if [ "$limit" -gt 0 ] && [ "$limit" -lt "${#names[@]}" ]; then
    names=("${names[@]:0:limit}")
fi
dirs=()
for name in "${names[@]}"; do dirs+=("${crate_dir[$name]}"); done

flags=(--format short --color never --exit-zero --statistics)
if [ -n "${THREADS:-}" ]; then flags+=(--threads "$THREADS"); fi
if "$pollcheck" --no-prefilter --version > /dev/null 2>&1; then
    flags+=(--no-prefilter)
    prefilter="off (--no-prefilter: every file is parsed)"
else
    prefilter="this build has no --no-prefilter flag (every file is parsed)"
fi

say "warming the page cache"
warm_page_cache "${dirs[@]}"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
say "scanning ${#dirs[@]} crate directories"
status=0
/usr/bin/time -f '%e %M' -o "$out/time" \
    timeout --kill-after=10 "${SWEEP_TIMEOUT:-3600}" "$pollcheck" "${flags[@]}" "${dirs[@]}" \
    > "$out/stdout" 2> "$out/stderr" || status=$?
read -r wall peak_kb < <(tail -n 1 "$out/time")

# Paths are shown relative to their registry directory.
relative() {
    local root
    local script=()
    for root in "${roots[@]}"; do script+=(-e "s|$root/||g"); done
    sed "${script[@]}"
}

hang=0
hanging=()
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    hang=1
    say "the run timed out; rerunning each crate alone to find the ones that hang"
    for dir in "${dirs[@]}"; do
        crate_status=0
        timeout --kill-after=10 "${CRATE_TIMEOUT:-120}" "$pollcheck" "${flags[@]}" "$dir" \
            > /dev/null 2>&1 || crate_status=$?
        if [ "$crate_status" -eq 124 ] || [ "$crate_status" -eq 137 ]; then hanging+=("${dir##*/}"); fi
    done
fi

# Size: from --statistics when the run finished, else counted here.
stats=$(grep '^statistics: ' "$out/stderr" | tail -n 1 || true)
if [ -n "$stats" ]; then
    files=$(sed -E 's/.*files ([0-9]+).*/\1/' <<< "$stats")
    lines=$(sed -E 's/.*lines ([0-9]+).*/\1/' <<< "$stats")
    bytes=$(sed -E 's/.*bytes ([0-9]+).*/\1/' <<< "$stats")
else
    read -r files bytes lines < <(measure_rs "${dirs[@]}")
fi

grep '^error: .*: cannot parse: ' "$out/stderr" | relative > "$out/parse" || true
grep '^error: .*internal error while checking this file' "$out/stderr" | relative > "$out/internal" || true
grep '^error: ' "$out/stderr" | grep -v -e ': cannot parse: ' -e 'internal error while checking this file' \
    | relative > "$out/other" || true
panic_messages=$(grep -c 'panicked at' "$out/stderr" || true)

echo
print_machine
echo "pollcheck:       $("$pollcheck" --version), exit status $status, pre-filter $prefilter"
echo "sources:         ${#dirs[@]} crate versions (duplicates by name-version skipped) from"
printf '                 %s\n' "${roots[@]}"
echo "scanned:         $files files, $lines lines, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
awk -v wall="$wall" -v files="$files" -v lines="$lines" -v bytes="$bytes" -v peak="$peak_kb" 'BEGIN {
    printf "wall time:       %.2f s (%.0f files/s, %.0f lines/s, %.1f MB/s)\n", wall, files / wall, lines / wall, bytes / 1e6 / wall
    printf "peak RSS:        %.0f MB\n", peak / 1024
}'
echo "findings:        $(wc -l < "$out/stdout")"
cut -d' ' -f2 "$out/stdout" | sed -E 's/^[a-z]+\[(.*)\]:$/\1/' | sort | uniq -c | sort -rn | sed 's/^/                 /'
echo "parse failures:  $(wc -l < "$out/parse") (a file or an item syn cannot parse)"
echo "other errors:    $(wc -l < "$out/other")"
echo "internal errors: $(wc -l < "$out/internal") (caught panics; $panic_messages panic messages on stderr)"
echo "hangs:           $hang (a hang: the run did not end within ${SWEEP_TIMEOUT:-3600} s)${hanging[*]:+; hanging alone: ${hanging[*]}}"

if [ -s "$out/parse" ]; then
    echo
    echo "Parse failures by reason:"
    sed -E 's/.*: cannot parse: //; s/ \(this item was skipped.*\)$//' "$out/parse" | sort | uniq -c | sort -rn
    echo
    echo "Parse failures:"
    sed 's/^error: //' "$out/parse"
fi
for kind in other internal; do
    if [ -s "$out/$kind" ]; then
        echo
        echo "$kind errors:"
        sed 's/^error: //' "$out/$kind"
    fi
done

if [ "$hang" -ne 0 ] || [ -s "$out/internal" ]; then exit 1; fi
