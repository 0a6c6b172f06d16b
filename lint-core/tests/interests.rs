//! A rule is found, parsed for and handed what it judges from the interests
//! it declares, and nothing else: a rule about a call no other rule knows
//! needs no change to the engine.

use std::path::Path;

use lint_core::discard::Discard;
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::value::Value;
use lint_core::{
    declare_rule, Checker, Engine, Finding, FixAvailability, Level, Rule, RuleMeta, Violation,
};

declare_rule! {
    /// ## What it does
    /// Finds a launch whose result is thrown away.
    LAUNCH_IGNORED = {
        name: "launch_ignored",
        summary: "a launch's result is thrown away",
        default_level: Level::Deny,
        level_reason: "tests need errors",
        fix: FixAvailability::None,
    }
}

/// Judges the `Result` of `launch_missiles` where it is thrown away.
struct LaunchIgnored;

struct Ignored;

impl Violation for Ignored {
    fn rule(&self) -> &'static RuleMeta {
        &LAUNCH_IGNORED
    }

    fn message(&self) -> String {
        "the launch's `Result` is thrown away".to_string()
    }
}

impl Rule for LaunchIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &LAUNCH_IGNORED
    }

    fn interests(&self) -> Interests {
        Interests {
            calls: &[Calls {
                names: Names::Listed(&["launch_missiles"]),
                returns: Returns::Result,
                judges: Shape::Result,
                at: Position::ThrownAway,
            }],
            ..Interests::NONE
        }
    }

    fn check_discard(
        &self,
        checker: &mut Checker<'_, '_>,
        discard: &Discard<'_>,
        value: &Value<'_>,
    ) {
        assert_eq!(value.name, "launch_missiles");
        checker.report(
            Finding::new(Ignored, value.range.clone()).with_statement(discard.replace.clone()),
        );
    }
}

const SILO: &str = "fn f(silo: &mut Silo) {\n    let _ = silo.launch_missiles();\n    silo.launch_missiles().unwrap();\n}\n";

#[test]
fn a_rule_about_a_new_call_gets_the_files_that_mention_it_parsed() {
    let rule = LaunchIgnored;
    let rules: [&dyn Rule; 1] = [&rule];
    let engine = Engine::new(&rules, &[]).unwrap();
    let report = engine.check_text(Path::new("silo.rs"), SILO.to_string());
    assert_eq!(report.files_parsed, 1);
    let found: Vec<(usize, &str)> = report
        .diagnostics()
        .map(|(source, diagnostic)| {
            (
                source.line_column(diagnostic.range.start).line,
                diagnostic.rule,
            )
        })
        .collect();
    assert_eq!(found, [(2, "launch_ignored")]);
    // Turned off, the rule's interests are gone: the file is not parsed.
    let off = Engine::new(&rules, &[("launch_ignored".to_string(), Level::Allow)]).unwrap();
    let report = off.check_text(Path::new("silo.rs"), SILO.to_string());
    assert_eq!(report.files_parsed, 0);
    assert_eq!(report.diagnostics().count(), 0);
}

#[test]
fn a_rule_cannot_report_under_another_rules_name() {
    declare_rule! {
        /// ## What it does
        /// Reports under another rule's name.
        IMPOSTOR = {
            name: "impostor",
            summary: "reports what is not its own",
            default_level: Level::Deny,
            level_reason: "tests need errors",
            fix: FixAvailability::None,
        }
    }
    struct Impostor;
    impl Rule for Impostor {
        fn meta(&self) -> &'static RuleMeta {
            &IMPOSTOR
        }
        fn interests(&self) -> Interests {
            LaunchIgnored.interests()
        }
        fn check_discard(&self, checker: &mut Checker<'_, '_>, _: &Discard<'_>, value: &Value<'_>) {
            checker.report(Finding::new(Ignored, value.range.clone()));
        }
    }
    let rule = Impostor;
    let rules: [&dyn Rule; 1] = [&rule];
    let engine = Engine::new(&rules, &[]).unwrap();
    let report = engine.check_text(Path::new("silo.rs"), SILO.to_string());
    // The walk refuses the finding: the file's check fails as an internal
    // error, a bug to report, rather than a finding under a wrong name.
    assert_eq!(report.diagnostics().count(), 0);
    assert!(
        report.errors.iter().any(|error| error
            .to_string()
            .contains("reported a finding of `launch_ignored`")),
        "{:?}",
        report.errors
    );
}
