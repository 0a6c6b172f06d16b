#!/usr/bin/env bash
# Fetches pinned crates.io versions with `cargo fetch` into a throwaway
# CARGO_HOME and prints, one per line, the directory holding each crate's
# source. Nothing fetched ever lands in the repository.
#
#   scripts/fetch-crates.sh hyper=1.9.0 [name=version ...]
#
# CARGO_HOME defaults to ${TMPDIR:-/tmp}/pollcheck-crates. Exits 3 when the
# registry cannot be reached (callers skip on that), 2 on usage errors, 1
# when a version cannot be resolved (yanked itself or through a dependency).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 name=version [name=version ...]" >&2
    exit 2
fi

export CARGO_HOME="${POLLCHECK_CRATES_HOME:-${TMPDIR:-/tmp}/pollcheck-crates}"
mkdir -p "$CARGO_HOME"

for spec in "$@"; do
    name="${spec%%=*}"
    version="${spec#*=}"
    if [ -z "$name" ] || [ -z "$version" ] || [ "$name" = "$spec" ]; then
        echo "bad crate spec '$spec': expected name=version" >&2
        exit 2
    fi
    found=$(ls -d "$CARGO_HOME"/registry/src/*/"$name-$version" 2>/dev/null | head -n 1 || true)
    if [ -z "$found" ]; then
        # One throwaway project per crate: two semver-compatible versions of
        # one crate cannot share a dependency graph.
        project=$(mktemp -d)
        trap 'rm -rf "$project"' EXIT
        mkdir -p "$project/src"
        : > "$project/src/lib.rs"
        cat > "$project/Cargo.toml" <<TOML
[package]
name = "pollcheck-fetch-$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$name = "=$version"
TOML
        if ! (cd "$project" && cargo fetch --quiet) >"$project/fetch.log" 2>&1; then
            # Exit 3 (callers skip) only when the registry cannot be
            # reached; a version that cannot be resolved (yanked, or a
            # yanked dependency) is an error of the caller's list.
            if grep -qiE "failed to select a version|failed to resolve|yanked|no matching package" "$project/fetch.log"; then
                echo "$name $version cannot be resolved from the registry:" >&2
                tail -n 5 "$project/fetch.log" >&2
                exit 1
            fi
            echo "could not fetch $name $version from the registry:" >&2
            tail -n 5 "$project/fetch.log" >&2
            exit 3
        fi
        rm -rf "$project"
        trap - EXIT
        found=$(ls -d "$CARGO_HOME"/registry/src/*/"$name-$version" 2>/dev/null | head -n 1 || true)
        if [ -z "$found" ]; then
            echo "cargo fetch finished but $name-$version is not in $CARGO_HOME" >&2
            exit 3
        fi
    fi
    echo "$found"
done
