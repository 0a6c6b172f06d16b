//! Wording shared by the rules' messages and fixes.

use lint_core::discard::{Discard, DiscardForm};
use lint_core::{Checker, Finding};

/// What the operation is called in prose: `flush` for `poll_flush`.
pub fn operation_word(name: &str) -> String {
    let name = name.strip_prefix("poll_").unwrap_or(name);
    // `poll_flush_unpin` is `poll_flush` on an `Unpin` value.
    let name = name.strip_suffix("_unpin").unwrap_or(name);
    // One word reads as English ("a failed flush"); a longer name is
    // quoted as code ("a failed `write_all`").
    if name.contains('_') {
        format!("`{name}`")
    } else {
        name.to_string()
    }
}

/// What `Pending` from the poll `name` means, in prose: "the flush has
/// not finished"; for a `Sink`'s `poll_ready`, "the sink cannot take an
/// item yet".
pub fn not_finished(name: &str) -> String {
    match operation_word(name).as_str() {
        "ready" => "the sink cannot take an item yet".to_string(),
        operation => format!("the {operation} has not finished"),
    }
}

/// `finding` with the part of the statement that throws the value (`what`)
/// away labelled, when there is such a part (`let _ =`, `drop`, `_ =`).
pub fn with_form_label(
    finding: Finding,
    checker: &Checker<'_, '_>,
    discard: &Discard<'_>,
    what: &str,
) -> Finding {
    match &discard.form_range {
        Some(range) => {
            let label = form_label(&discard.form, checker.text(range.clone()), what);
            finding.with_secondary(range.clone(), label)
        }
        None => finding,
    }
}

/// The label for the part of a statement that throws the value away;
/// `code` is that part's text (`let _: io::Result<()> =`).
fn form_label(form: &DiscardForm, code: &str, what: &str) -> String {
    match form {
        DiscardForm::LetUnderscore => format!("`{}` throws the {what} away", let_code(code)),
        DiscardForm::UnusedBinding(name) => {
            format!("the {what} is bound to `{name}`, which is never read")
        }
        DiscardForm::AssignUnderscore => format!("`_ =` throws the {what} away"),
        DiscardForm::Drop => format!("`drop` throws the {what} away"),
        DiscardForm::Statement => format!("the {what} is thrown away here"),
        DiscardForm::SelectArm => format!("this `select!` pattern throws the {what} away"),
    }
}

/// A `let _ =` as written, on one line (`let _: io::Result<()> =`); a
/// type too long to quote in a label is `…`.
fn let_code(code: &str) -> String {
    const LONGEST: usize = 40;
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let code = code.replace("_ :", "_:");
    if code.starts_with("let") && code.ends_with('=') && code.chars().count() <= LONGEST {
        code
    } else if code.contains(':') {
        "let _: … =".to_string()
    } else {
        "let _ =".to_string()
    }
}

/// Ends a replacement with `;` when the whole statement is replaced.
pub fn finish_replacement(discard: &Discard<'_>, replacement: String) -> String {
    if discard.replacement_needs_semicolon {
        replacement + ";"
    } else {
        replacement
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_read_as_words_or_as_quoted_code() {
        assert_eq!(operation_word("flush"), "flush");
        assert_eq!(operation_word("poll_flush_unpin"), "flush");
        assert_eq!(operation_word("poll_shutdown"), "shutdown");
        assert_eq!(operation_word("write_all"), "`write_all`");
        assert_eq!(operation_word("poll_write_vectored"), "`write_vectored`");
        assert_eq!(
            not_finished("poll_ready"),
            "the sink cannot take an item yet"
        );
        assert_eq!(not_finished("poll_flush"), "the flush has not finished");
    }

    #[test]
    fn a_let_underscore_is_quoted_as_written() {
        let label = |code| form_label(&DiscardForm::LetUnderscore, code, "`Result`");
        assert_eq!(label("let _ ="), "`let _ =` throws the `Result` away");
        assert_eq!(
            label("let _: io::Result<()> ="),
            "`let _: io::Result<()> =` throws the `Result` away"
        );
        assert_eq!(
            label("let _ :\n        io::Result<usize>\n        ="),
            "`let _: io::Result<usize> =` throws the `Result` away"
        );
        assert_eq!(
            label("let _: Poll<Result<Option<(usize, SocketAddr)>, std::io::Error>> ="),
            "`let _: … =` throws the `Result` away"
        );
        assert_eq!(
            form_label(&DiscardForm::AssignUnderscore, "_ =", "`Poll`"),
            "`_ =` throws the `Poll` away"
        );
    }
}
