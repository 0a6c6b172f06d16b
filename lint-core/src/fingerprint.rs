//! Stable identities for findings, for baselines and SARIF's
//! `partialFingerprints`: the rule, the file, and the finding's own source
//! text with white space folded — not its line number, so that a finding
//! keeps its identity when unrelated lines above it move.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// 64-bit FNV-1a: tiny, and stable across Rust versions and platforms
/// (unlike `DefaultHasher`), which a file written to disk needs.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A hex digest of any text (for cache file names and keys).
pub fn digest(text: &str) -> String {
    format!("{:016x}", fnv1a(text.bytes()))
}

/// The finding's source text with runs of white space folded to one space.
pub(crate) fn normalised_text(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let text = source.text().get(diagnostic.range.clone()).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hex digest of the rule, the path (with `/` separators) and the
/// finding's normalised text. Two identical findings in one file share it;
/// callers tell them apart by counting occurrences.
pub fn fingerprint(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let path = source.path().to_string_lossy().replace('\\', "/");
    let text = normalised_text(source, diagnostic);
    let hash = fnv1a(
        diagnostic
            .rule
            .bytes()
            .chain([0])
            .chain(path.bytes())
            .chain([0])
            .chain(text.bytes()),
    );
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_a_finding_keeps_its_fingerprint() {
        let before = SourceFile::new("a.rs", "fn f() {\n    let _ = w.flush();\n}\n".to_string());
        let after = SourceFile::new(
            "a.rs",
            "// a new comment\n\nfn f() {\n    let _ =   w.flush();\n}\n".to_string(),
        );
        let at = |file: &SourceFile| {
            let start = file.text().find("w.flush").unwrap();
            Diagnostic::new("discarded_io_result", "m", start..start + "w.flush()".len())
        };
        assert_eq!(
            fingerprint(&before, &at(&before)),
            fingerprint(&after, &at(&after))
        );
        let other = SourceFile::new("b.rs", before.text().to_string());
        assert_ne!(
            fingerprint(&before, &at(&before)),
            fingerprint(&other, &at(&other))
        );
    }

    #[test]
    fn the_hash_is_fixed() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
