# Helpers shared by bench/run.sh, bench/precommit.sh and bench/sweep.sh.
# Source it; it does nothing by itself.
#
# Environment:
#   POLLCHECK_BENCH_HOME  CARGO_HOME holding the fetched corpus
#                         (default: ${TMPDIR:-/tmp}/pollcheck-bench-home)
#   BENCH_CRATES          use only the first N crates of the corpus, sorted by
#                         directory name (default: all 721)
# shellcheck shell=bash

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$bench_dir/.." && pwd)
corpus_home="${POLLCHECK_BENCH_HOME:-${TMPDIR:-/tmp}/pollcheck-bench-home}"
# Where cargo builds: CARGO_TARGET_DIR (relative to the current directory,
# as for cargo) or the workspace's target/.
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
[[ $target_dir == /* ]] || target_dir="$PWD/$target_dir"
# shellcheck disable=SC2034 # used by the scripts that source this file
pollcheck="$target_dir/release/pollcheck"

# Prints a message on standard error.
say() {
    echo "$*" >&2
}

# Stops the script with a message.
die() {
    say "error: $*"
    exit 1
}

# Fails unless every named command is on the PATH.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" > /dev/null || die "$tool is needed (see the Benchmarks section of docs/speed.md)"
    done
}

# Fetches the pinned corpus into $corpus_home (a no-op once it is there) and
# sets $sources to the registry directory holding one directory per crate.
fetch_corpus() {
    say "fetching the corpus into $corpus_home (cached after the first run)"
    CARGO_HOME="$corpus_home" cargo fetch --locked --quiet \
        --manifest-path "$bench_dir/corpus/Cargo.toml"
    local dirs=("$corpus_home"/registry/src/*/)
    [ -d "${dirs[0]}" ] || die "no registry sources under $corpus_home"
    sources=${dirs[0]%/}
}

# Builds the release binary at $pollcheck.
build_pollcheck() {
    say "building pollcheck (release)"
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml" -p pollcheck
}

# Sets $binary to the pollcheck binary given as $1 (made absolute), or to a
# release build of this checkout when none is given.
given_or_built_pollcheck() {
    if [ -n "${1:-}" ]; then
        binary=$(realpath "$1")
    else
        build_pollcheck
        binary=$pollcheck
    fi
}

# Fetches the corpus, selects its crates and makes $out, a scratch directory
# removed on exit, whose cache/ holds pollcheck's crate model cache (so that
# no run reads a cache another build wrote).
prepare_comparison() {
    need jq
    fetch_corpus
    select_crates
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    export POLLCHECK_CACHE_DIR="$out/cache"
}

# Sets the array $crates to the corpus's crate directories, sorted by name
# (byte order) and cut to $BENCH_CRATES when that is set.
select_crates() {
    local limit="${BENCH_CRATES:-0}"
    mapfile -t crates < <(find "$sources" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort)
    if [ "$limit" -gt 0 ] && [ "$limit" -lt "${#crates[@]}" ]; then
        crates=("${crates[@]:0:limit}")
    fi
}

# Prints "FILES BYTES LINES" for the .rs files under the given directories.
measure_rs() {
    find "$@" -name '*.rs' -type f -print0 \
        | xargs -0 -r wc -lc \
        | awk '$3 != "total" { lines += $1; bytes += $2; files++ } END { print files + 0, bytes + 0, lines + 0 }'
}

# Reads every .rs file under the given directories once, so that timings
# measure the tools and not the disk.
warm_page_cache() {
    find "$@" -name '*.rs' -type f -print0 | xargs -0 -r cat > /dev/null
}

# Prints the machine the numbers come from.
print_machine() {
    local cpu mem
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $mem RAM, Linux $(uname -r) ($(uname -m))"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}


# timed NAME SCOPE OK_EXITS COMMAND...: runs COMMAND once under /usr/bin/time
# for its peak RSS and its output (it must exit with one of OK_EXITS, a
# space-separated list), then $runs times under hyperfine after one warm-up,
# exporting hyperfine's JSON. When $prepare is set, hyperfine runs it before
# every run, and it is run before the measured run too. Uses $results (a
# directory); leaves the output in $results/NAME.out and .err and sets
# $median (seconds) and $rss_kb.
# shellcheck disable=SC2034 # median and rss_kb are for the caller
timed() {
    local name=$1 scope=$2 ok_exits=$3
    shift 3
    : "${results:?}" "${runs:?}"
    say "== $name ($scope)"
    local prepare_args=()
    if [ -n "${prepare:-}" ]; then
        prepare_args=(--prepare "$prepare")
        $prepare
    fi
    local status=0
    /usr/bin/time -f %M -o "$results/$name.rss" "$@" \
        > "$results/$name.out" 2> "$results/$name.err" || status=$?
    if [[ " $ok_exits " != *" $status "* ]]; then
        tail -n 5 "$results/$name.err" >&2
        die "$name exited with $status (expected one of: $ok_exits)"
    fi
    rss_kb=$(tail -n 1 "$results/$name.rss")

    # hyperfine is told to ignore failures because pollcheck exits 2 when a
    # file does not parse and ripgrep exits 1 when nothing matches; the exit
    # codes it recorded are checked against OK_EXITS below instead.
    local command code
    command=$(printf '%q ' "$@")
    hyperfine --shell=none --warmup 1 --runs "$runs" --ignore-failure "${prepare_args[@]}" \
        --command-name "$name" --export-json "$results/$name.json" "$command" >&2
    for code in $(jq -r '.results[0].exit_codes | unique | .[]' "$results/$name.json"); do
        [[ " $ok_exits " == *" $code "* ]] || die "$name exited with $code in a timed run"
    done
    median=$(jq -r '.results[0].median' "$results/$name.json")
}
