#!/usr/bin/env bash
# Scans every .rs file of the pinned 721-crate benchmark corpus with a release
# build of pollcheck and prints throughput, peak memory, parse failures and
# panics. The corpus (bench/corpus/Cargo.toml and Cargo.lock, copied from the
# shared benchmark manifest) is fetched with `cargo fetch --locked` into a
# throwaway CARGO_HOME outside the repository.
#
#   bench/sweep.sh            # default corpus home: ${TMPDIR:-/tmp}/pollcheck-bench-home
#   THREADS=1 bench/sweep.sh  # one worker thread
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
corpus_home="${POLLCHECK_BENCH_HOME:-${TMPDIR:-/tmp}/pollcheck-bench-home}"

echo "fetching the corpus into $corpus_home (cached after the first run)" >&2
CARGO_HOME="$corpus_home" cargo fetch --locked --quiet --manifest-path "$here/corpus/Cargo.toml"
sources=$(ls -d "$corpus_home"/registry/src/*/ | head -n 1)

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p pollcheck
binary="$root/target/release/pollcheck"

files=$(find "$sources" -name '*.rs' -type f | wc -l)
bytes=$(find "$sources" -name '*.rs' -type f -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)

# Warm the page cache so that the timing measures pollcheck, not the disk.
find "$sources" -name '*.rs' -type f -print0 | xargs -0 cat > /dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
threads_flag=()
if [ -n "${THREADS:-}" ]; then threads_flag=(--threads "$THREADS"); fi
set +e
/usr/bin/time -f '%e %M' -o "$out/time" "$binary" "${threads_flag[@]}" --color never "$sources" \
    > "$out/stdout" 2> "$out/stderr"
status=$?
set -e
read -r wall peak_kb < <(tail -n 1 "$out/time")
summary=$(tail -n 1 "$out/stdout")
lines=$(echo "$summary" | sed -E 's/.* ([0-9]+) lines.*/\1/')
parse_failures=$(grep -c 'cannot parse' "$out/stderr" || true)
other_errors=$(grep '^error: ' "$out/stderr" | grep -vc 'cannot parse' || true)
panics=$(grep -c 'internal error while checking\|panicked' "$out/stderr" || true)

echo "machine:        $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"
echo "corpus:         $files files, $lines lines, $((bytes / 1000000)) MB"
echo "pollcheck:      $summary (exit $status)"
awk -v wall="$wall" -v files="$files" -v lines="$lines" -v bytes="$bytes" -v peak="$peak_kb" 'BEGIN {
    printf "wall time:      %.2f s\n", wall
    printf "throughput:     %.0f files/s, %.0f lines/s, %.1f MB/s\n", files / wall, lines / wall, bytes / 1e6 / wall
    printf "peak RSS:       %.0f MB\n", peak / 1024
}'
echo "parse failures: $parse_failures (files or items syn could not parse; listed below)"
echo "other errors:   $other_errors"
echo "panics:         $panics"
grep 'cannot parse' "$out/stderr" | sed "s|$sources||" | cut -c1-200 || true
