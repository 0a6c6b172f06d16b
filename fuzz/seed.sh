#!/bin/sh
# Fills the fuzz corpora (ignored by git) with the repository's own Rust:
# the annotated test corpus, the fixes' expected output, the committed seeds
# and reproducers, and a few of pollcheck's sources. Run from anywhere.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/bytes"
mkdir -p "$corpus" "$root/fuzz/corpus/tokens"
copy() {
    # Named by content, so that running this twice adds nothing.
    for file in "$@"; do
        [ -f "$file" ] || continue
        sum=$(sha1sum "$file" | cut -c1-40)
        cp "$file" "$corpus/$sum"
    done
}
copy "$root"/test-corpus/*/*.rs "$root"/test-corpus/*/*.fixed
copy "$root"/fuzz/seeds/* "$root"/fuzz/regressions/*
copy "$root"/rules/src/discarded_poll.rs "$root"/rules/src/swallowed_pending.rs \
    "$root"/lint-core/src/fix.rs "$root"/lint-core/src/source.rs
echo "$(ls "$corpus" | wc -l) files in $corpus"
# The tokens target reads choices, not text: start it from random bytes of a
# few sizes, which make programs of a few dozen lines.
for size in 256 512 1024 2048 4096; do
    for n in 1 2 3 4; do
        head -c "$size" /dev/urandom > "$root/fuzz/corpus/tokens/random-$size-$n"
    done
done
