//! The exact rendered output for a few fixture files, in each format.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::Path;

use lint_core::emit::{Emitter, HumanEmitter, ShortEmitter};
use lint_core::Engine;
use termcolor::NoColor;

fn render(fixture: &str, emitter: &dyn Emitter) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let text = std::fs::read_to_string(root.join(fixture)).expect("read fixture");
    let engine = Engine::new(rules::RULES, &[]).expect("default settings");
    let report = engine.check_text(Path::new(fixture), text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut out = NoColor::new(Vec::new());
    emitter.emit(&report, &mut out).expect("render");
    String::from_utf8(out.into_inner()).expect("UTF-8 output")
}

const HUMAN: HumanEmitter = HumanEmitter {
    summary: true,
    timing: false,
};

#[test]
fn human_output_for_let_underscore_polls() {
    insta::assert_snapshot!(render(
        "test-corpus/discarded_poll/let_underscore.rs",
        &HUMAN
    ));
}

#[test]
fn human_output_for_ready_macro_results() {
    insta::assert_snapshot!(render(
        "test-corpus/discarded_io_result/ready_macro.rs",
        &HUMAN
    ));
}

#[test]
fn human_output_for_suppressions() {
    insta::assert_snapshot!(render("test-corpus/suppression/line_comments.rs", &HUMAN));
}

#[test]
fn short_output_for_write_amounts() {
    insta::assert_snapshot!(render(
        "test-corpus/unused_write_amount/blocking.rs",
        &ShortEmitter
    ));
}

#[test]
fn short_output_for_call_spellings() {
    insta::assert_snapshot!(render(
        "test-corpus/discarded_poll/call_spellings.rs",
        &ShortEmitter
    ));
}
