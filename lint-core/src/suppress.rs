//! Suppression comments and attributes, applied after all rules ran.
//!
//! - `// pollcheck: allow(rule_a, rule_b) -- reason` at the end of a line
//!   silences those rules on that line; on a line of its own, on the next
//!   line of code.
//! - `// pollcheck: allow-file(rule)` in the file's leading comments silences
//!   the rule in the whole file.
//! - `#[cfg_attr(pollcheck, allow(rule))]` on an item, impl method or `let`
//!   silences the rule inside it.
//!
//! A suppression that silenced nothing is reported as `unused_suppression`.

use std::ops::Range;

use syn::punctuated::Punctuated;
use syn::{Meta, Token};

use crate::diagnostic::{Diagnostic, Finding};
use crate::source::SourceFile;

/// Name of the engine's own rule that reports suppressions which matched
/// nothing, or could not be read.
pub const UNUSED_SUPPRESSION: &str = "unused_suppression";

/// Where a suppression applies.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    /// Findings whose primary location is on this 0-based line.
    Line(usize),
    /// Findings whose primary location starts inside this byte range.
    Range(Range<usize>),
    /// The whole file.
    File,
}

/// One suppression comment or attribute.
#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    reach: Reach,
    /// Where the suppression is written, for reporting it when unused.
    location: Range<usize>,
    rules: Vec<String>,
    used: Vec<bool>,
    /// Borrowed from another tool (Clippy): not ours to call unused.
    borrowed: bool,
}

impl Suppression {
    fn new(reach: Reach, location: Range<usize>, rules: Vec<String>) -> Self {
        let used = vec![false; rules.len()];
        Suppression {
            reach,
            location,
            rules,
            used,
            borrowed: false,
        }
    }
}

/// Whether an attribute might suppress something, so that the walk computes
/// the range of the node it is attached to only then.
pub(crate) fn may_suppress(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    path.is_ident("cfg_attr") || path.is_ident("allow") || path.is_ident("expect")
}

/// The `cfg_attr(pollcheck, allow(…))` attributes met during the walk.
#[derive(Debug, Default, Clone)]
pub(crate) struct AttributeSuppressions {
    entries: Vec<Suppression>,
}

impl AttributeSuppressions {
    /// Whether no attribute suppression was met.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records `attr` if it is `#[cfg_attr(pollcheck, allow(…))]`; `covered` is
    /// the byte range of the item it is attached to.
    /// `#[allow(clippy::lint)]` counts for the rule `clippy` names as its
    /// equivalent.
    pub(crate) fn add_from_attribute(
        &mut self,
        attr: &syn::Attribute,
        location: Range<usize>,
        covered: Range<usize>,
        clippy: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        if attr.path().is_ident("allow") || attr.path().is_ident("expect") {
            self.add_from_clippy_allow(attr, location, covered, clippy);
            return;
        }
        if !attr.path().is_ident("cfg_attr") {
            return;
        }
        let Ok(metas) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            return;
        };
        let mut metas = metas.into_iter();
        match metas.next() {
            Some(Meta::Path(path)) if path.is_ident("pollcheck") => {}
            _ => return,
        }
        let mut rules = Vec::new();
        for meta in metas {
            let Meta::List(list) = meta else { continue };
            if !list.path.is_ident("allow") {
                continue;
            }
            if let Ok(names) =
                list.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            {
                rules.extend(names.iter().map(path_text));
            }
        }
        if !rules.is_empty() {
            self.entries
                .push(Suppression::new(Reach::Range(covered), location, rules));
        }
    }
}

impl AttributeSuppressions {
    /// `#[allow(clippy::unused_io_amount)]` says the author meant to drop
    /// the count; honour it for the rule that says the same.
    fn add_from_clippy_allow(
        &mut self,
        attr: &syn::Attribute,
        location: Range<usize>,
        covered: Range<usize>,
        clippy: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        let Ok(names) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            return;
        };
        let rules: Vec<String> = names
            .iter()
            .filter_map(|path| {
                let mut segments = path.segments.iter();
                match (segments.next(), segments.next(), segments.next()) {
                    (Some(tool), Some(lint), None) if tool.ident == "clippy" => {
                        clippy(&lint.ident.to_string()).map(str::to_string)
                    }
                    _ => None,
                }
            })
            .collect();
        if !rules.is_empty() {
            let mut suppression = Suppression::new(Reach::Range(covered), location, rules);
            suppression.borrowed = true;
            self.entries.push(suppression);
        }
    }
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// A suppression comment that could not be read.
#[derive(Debug, Clone)]
struct Malformed {
    location: Range<usize>,
    message: String,
}

/// Reads every `// pollcheck:` comment in the file.
fn comment_suppressions(file: &SourceFile) -> (Vec<Suppression>, Vec<Malformed>) {
    let text = file.text();
    let mut suppressions: Vec<Suppression> = Vec::new();
    let mut malformed = Vec::new();
    let mut in_header = true;
    let mut pending_own_line: Vec<usize> = Vec::new();
    let mut in_block_comment = false;
    let line_total = file.line_count();
    for index in 0..line_total {
        let range = file.line_range(index);
        let line = &text[range.clone()];
        let trimmed = line.trim_start_matches('\u{feff}').trim_start();
        // Lines of a `/* … */` block (a licence header) count as comments.
        let in_block = in_block_comment || trimmed.starts_with("/*");
        if in_block {
            in_block_comment = !line.contains("*/");
        }
        let is_comment = in_block || trimmed.starts_with("//");
        let is_code = !(trimmed.is_empty() || is_comment || trimmed.starts_with("#!"));
        if is_code {
            in_header = false;
            // Own-line comments directly above (other comment lines may
            // stand between) reach this line of code.
            for suppression_index in pending_own_line.drain(..) {
                suppressions[suppression_index].reach = Reach::Line(index);
            }
        } else if !is_comment {
            // A blank line ends the reach of a comment above it.
            pending_own_line.clear();
        }
        let Some((comment_start, directive)) = find_directive(line) else {
            continue;
        };
        // The directive itself, up to its closing parenthesis (not the reason).
        let directive_end = line[comment_start..]
            .find(')')
            .map_or(line.len(), |close| comment_start + close + 1);
        let location = range.start + comment_start..range.start + directive_end;
        let own_line = line[..comment_start].trim().is_empty();
        match parse_directive(directive) {
            Ok(Directive::Allow(rules)) => {
                let reach = if own_line {
                    // Filled in when the next line of code is met; until then
                    // it reaches nothing.
                    Reach::Line(usize::MAX)
                } else {
                    Reach::Line(index)
                };
                if own_line {
                    pending_own_line.push(suppressions.len());
                }
                suppressions.push(Suppression::new(reach, location, rules));
            }
            Ok(Directive::AllowFile(rules)) => {
                if in_header {
                    suppressions.push(Suppression::new(Reach::File, location, rules));
                } else {
                    malformed.push(Malformed {
                        location,
                        message: "`allow-file` must stand in the file's leading comments, before any code; this one is ignored".to_string(),
                    });
                }
            }
            Err(message) => malformed.push(Malformed { location, message }),
        }
    }
    (suppressions, malformed)
}

enum Directive {
    Allow(Vec<String>),
    AllowFile(Vec<String>),
}

/// Finds `// pollcheck:` on a line; returns the byte offset of the `//` and
/// the text after `pollcheck:`.
fn find_directive(line: &str) -> Option<(usize, &str)> {
    let mut search_from = 0;
    while let Some(found) = line[search_from..].find("//") {
        let start = search_from + found;
        if inside_string_literal(&line[..start]) {
            search_from = start + 2;
            continue;
        }
        let after = &line[start + 2..];
        // Doc comments (`///`, `//!`) are documentation to the end of the
        // line, even when they quote a directive.
        if after.starts_with('/') || after.starts_with('!') {
            return None;
        }
        if let Some(rest) = after.trim_start().strip_prefix("pollcheck:") {
            return Some((start, rest));
        }
        search_from = start + 2;
    }
    None
}

/// Whether the end of `before` is inside a `"…"` literal (an odd number of
/// unescaped quotes), so that `"// pollcheck: …"` in a string is not read as
/// a directive.
fn inside_string_literal(before: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for character in before.chars() {
        match character {
            '\\' if inside => escaped = !escaped,
            '"' if !escaped => inside = !inside,
            _ => escaped = false,
        }
        if character != '\\' {
            escaped = false;
        }
    }
    inside
}

fn parse_directive(directive: &str) -> Result<Directive, String> {
    let directive = directive.trim_start();
    let (is_file, rest) = if let Some(rest) = directive.strip_prefix("allow-file") {
        (true, rest)
    } else if let Some(rest) = directive.strip_prefix("allow") {
        (false, rest)
    } else {
        return Err(
            "cannot read this suppression: expected `pollcheck: allow(rule)` or `pollcheck: allow-file(rule)`"
                .to_string(),
        );
    };
    let rest = rest.trim_start();
    let Some(inner) = rest
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map(|(inner, _)| inner)
    else {
        return Err("cannot read this suppression: the rule names must be in parentheses, as in `allow(discarded_poll)`".to_string());
    };
    let rules: Vec<String> = inner
        .split(',')
        .map(crate::rule::canonical_rule_name)
        .filter(|name| !name.is_empty())
        .collect();
    if rules.is_empty() {
        return Err("cannot read this suppression: it names no rule".to_string());
    }
    Ok(if is_file {
        Directive::AllowFile(rules)
    } else {
        Directive::Allow(rules)
    })
}

/// What the engine knows about rule names when applying suppressions.
pub(crate) trait RuleNames {
    /// Whether `name` is a rule at all.
    fn is_known(&self, name: &str) -> bool;
    /// Every rule's name, sorted (for a "did you mean" hint).
    fn known(&self) -> Vec<&str>;
    /// Whether `name` runs in this scan (a suppression of a rule that does
    /// not run cannot be judged unused).
    fn is_enabled(&self, name: &str) -> bool;
}

/// Removes suppressed findings and adds `unused_suppression` findings for
/// suppressions that matched nothing or could not be read.
pub(crate) fn apply(
    file: &SourceFile,
    findings: Vec<Finding>,
    attributes: AttributeSuppressions,
    names: &dyn RuleNames,
) -> Vec<Diagnostic> {
    let (mut suppressions, malformed) = comment_suppressions(file);
    suppressions.extend(attributes.entries);
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = file.line_index(finding.diagnostic.range.start);
        // A statement wrapped over several lines can be suppressed from any
        // of them, its first line included.
        // (The statement's range comes from the parse, like the finding's:
        // the fuzzing harness checks those against the text.)
        debug_assert!(finding
            .statement
            .as_ref()
            .is_none_or(|statement| statement.end <= file.text().len()));
        let first_line = finding
            .statement
            .as_ref()
            .map_or(line, |statement| file.line_index(statement.start).min(line));
        let diagnostic = finding.into_diagnostic();
        let mut silenced = false;
        for suppression in &mut suppressions {
            let reaches = match &suppression.reach {
                Reach::Line(target) => (first_line..=line).contains(target),
                Reach::Range(range) => range.contains(&diagnostic.range.start),
                Reach::File => true,
            };
            if !reaches {
                continue;
            }
            for (rule, used) in suppression.rules.iter().zip(suppression.used.iter_mut()) {
                if rule == diagnostic.rule {
                    *used = true;
                    silenced = true;
                }
            }
        }
        if !silenced {
            kept.push(diagnostic);
        }
    }
    // `allow-file(unused_suppression)` (or an attribute on the whole file)
    // silences the reports below.
    let unused_allowed = suppressions.iter().any(|entry| {
        matches!(entry.reach, Reach::File)
            && entry.rules.iter().any(|rule| rule == UNUSED_SUPPRESSION)
    });
    if names.is_enabled(UNUSED_SUPPRESSION) && !unused_allowed {
        for suppression in suppressions.iter().filter(|entry| !entry.borrowed) {
            for (rule, used) in suppression.rules.iter().zip(&suppression.used) {
                if *used || rule == UNUSED_SUPPRESSION {
                    continue;
                }
                let message = if !names.is_known(rule) {
                    format!(
                        "unknown rule `{rule}` in suppression{} (`pollcheck rules` lists them)",
                        crate::rule::did_you_mean(rule, &names.known())
                    )
                } else if names.is_enabled(rule) {
                    format!("this suppression of `{rule}` matched no finding")
                } else {
                    continue;
                };
                kept.push(
                    Diagnostic::new(UNUSED_SUPPRESSION, message, suppression.location.clone())
                        .with_label("remove it, or move it to the line of the finding"),
                );
            }
        }
        for entry in malformed {
            kept.push(Diagnostic::new(
                UNUSED_SUPPRESSION,
                entry.message,
                entry.location,
            ));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_found_after_code_and_on_their_own() {
        assert_eq!(
            find_directive("x(); // pollcheck: allow(a) -- why").map(|(at, _)| at),
            Some(5)
        );
        assert!(find_directive("/// pollcheck: allow(a)").is_none());
        assert!(find_directive("x(); // nothing here").is_none());
    }

    #[test]
    fn directive_lists_are_split_and_trimmed() {
        match parse_directive(" allow( a , b ) -- reason").unwrap() {
            Directive::Allow(rules) => assert_eq!(rules, ["a", "b"]),
            Directive::AllowFile(_) => panic!("read as allow-file"),
        }
        assert!(parse_directive(" allow a").is_err());
        assert!(parse_directive(" allow()").is_err());
        assert!(parse_directive(" deny(a)").is_err());
    }

    #[test]
    fn own_line_comments_reach_the_next_line_of_code_but_not_past_a_blank() {
        let file = SourceFile::new(
            "x.rs",
            "fn f() {\n    // pollcheck: allow(a)\n    // more words\n    g();\n    // pollcheck: allow(b)\n\n    h();\n}\n"
                .to_string(),
        );
        let (suppressions, malformed) = comment_suppressions(&file);
        assert!(malformed.is_empty());
        assert_eq!(suppressions[0].reach, Reach::Line(3));
        assert_eq!(suppressions[1].reach, Reach::Line(usize::MAX));
    }

    #[test]
    fn a_doc_comment_quoting_a_directive_is_not_one() {
        assert!(find_directive("//! use `// pollcheck: allow(a)` like this").is_none());
        assert_eq!(
            find_directive(r#"let url = "http://x"; // pollcheck: allow(a)"#).map(|(at, _)| at),
            Some(22)
        );
    }

    #[test]
    fn a_directive_quoted_in_a_string_is_not_one() {
        assert!(find_directive(r#"let s = "// pollcheck: allow(a)";"#).is_none());
        assert!(find_directive(r#"let s = "a\"b // pollcheck: allow(a)";"#).is_none());
        assert!(find_directive(r#"f("x"); // pollcheck: allow(a)"#).is_some());
    }

    #[test]
    fn the_header_may_start_with_a_bom_or_a_block_comment() {
        let file = SourceFile::new(
            "x.rs",
            "\u{feff}/* Licence\n * text\n */\n// pollcheck: allow-file(a)\nfn f() {}\n"
                .to_string(),
        );
        let (suppressions, malformed) = comment_suppressions(&file);
        assert!(malformed.is_empty());
        assert_eq!(suppressions[0].reach, Reach::File);
    }

    #[test]
    fn allow_file_after_code_is_ignored_and_reported() {
        let file = SourceFile::new(
            "x.rs",
            "//! docs\n// pollcheck: allow-file(a)\nfn f() {}\n// pollcheck: allow-file(b)\n"
                .to_string(),
        );
        let (suppressions, malformed) = comment_suppressions(&file);
        assert_eq!(suppressions.len(), 1);
        assert_eq!(suppressions[0].reach, Reach::File);
        assert_eq!(malformed.len(), 1);
    }
}
