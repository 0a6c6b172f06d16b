#!/usr/bin/env bash
# Fetches the sources of the crates pinned in bench/fresh/crates.txt into a
# CARGO_HOME of their own and prints, on its last line, the directory holding
# the extracted sources (.../registry/src/<index>/, one NAME-VERSION directory
# per crate).
#
# The crates are pinned in eight throwaway packages, chunks/NN/Cargo.toml,
# each with its own Cargo.lock (one package cannot hold them all: some share a
# `links` key in incompatible versions). `cargo fetch` downloads the whole
# locked graph of each chunk, so the source directory also holds their
# dependencies (for the host platform only), among them corpus and held-out
# crates: scan only the listed crates' directories. Nothing is built.
#
# Environment:
#   FRESH_HOME  CARGO_HOME to fetch into
#               (default: ${TMPDIR:-/tmp}/pollcheck-fresh-home)
# A second run with everything in place does not touch the network.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home="${FRESH_HOME:-${TMPDIR:-/tmp}/pollcheck-fresh-home}"

die() {
    echo "error: $*" >&2
    exit 1
}

command -v cargo > /dev/null || die "cargo is needed"
mkdir -p "$home"
# Use the same registry (and mirror, if any) as the user's own cargo.
user_home="${CARGO_HOME:-$HOME/.cargo}"
for f in config.toml config; do
    if [ -f "$user_home/$f" ] && [ ! -e "$home/$f" ]; then
        cp "$user_home/$f" "$home/$f"
    fi
done

mapfile -t wanted < <(awk '!/^#/ && NF == 2 { print $1 "-" $2 }' "$here/crates.txt")
[ "${#wanted[@]}" -gt 0 ] || die "no crates in $here/crates.txt"

# Prints the registry source directory holding the first listed crate, if any.
find_sources() {
    local dir
    for dir in "$home"/registry/src/*/; do
        if [ -d "$dir${wanted[0]}" ]; then
            echo "${dir%/}"
            return
        fi
    done
}

# Prints the listed crates missing from $1.
missing_in() {
    local name
    for name in "${wanted[@]}"; do
        [ -d "$1/$name" ] || echo "$name"
    done
}

sources=$(find_sources)
if [ -z "$sources" ] || [ -n "$(missing_in "$sources")" ]; then
    host=$(rustc -vV | sed -n 's/^host: //p')
    echo "fetching ${#wanted[@]} crates (and their dependencies) into $home" >&2
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    for manifest in "$here"/chunks/*/Cargo.toml; do
        # Offline first, so that a filled cache needs no network at all.
        if CARGO_HOME="$home" cargo fetch --locked --offline --quiet --target "$host" \
            --manifest-path "$manifest" > /dev/null 2>&1; then
            continue
        fi
        if ! CARGO_HOME="$home" CARGO_NET_RETRY=1 CARGO_HTTP_TIMEOUT=60 \
            cargo fetch --locked --quiet --target "$host" \
            --manifest-path "$manifest" > /dev/null 2> "$log"; then
            if grep -qiE 'failed to (download|query|get|fetch|load)|could not (resolve|connect)|timed out|network|spurious|ssl|certificate|http2|unreachable' "$log"; then
                die "cannot reach the crates.io registry (cargo fetch failed for ${manifest#"$here"/}): $(grep -m1 -iE 'error|caused by' "$log")"
            fi
            die "cargo fetch failed for ${manifest#"$here"/}: $(grep -m1 -i 'error' "$log" || tail -n 1 "$log")"
        fi
    done
    sources=$(find_sources)
    [ -n "$sources" ] || die "no registry sources under $home/registry/src"
fi

missing=$(missing_in "$sources")
[ -z "$missing" ] || die "missing after the fetch: $(echo "$missing" | tr '\n' ' ')"
echo "all ${#wanted[@]} listed crates are in place" >&2
echo "$sources"
