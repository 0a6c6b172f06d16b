//! SARIF 2.1.0, the format GitHub code scanning uploads, built with
//! `serde-sarif`'s types.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Component, Path, Prefix};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultColumnKind,
    ResultLevel, Run, Sarif, Tool, ToolComponent, Version, SCHEMA_URL,
};
use termcolor::WriteColor;

use super::Emitter;
use crate::diagnostic::{Diagnostic, Level};
use crate::fingerprint::fingerprint;
use crate::report::Report;
use crate::rule::{docs_markdown, RuleMeta};
use crate::source::SourceFile;

/// The key of pollcheck's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "pollcheck/v1";

/// The base id that relative paths are resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// One SARIF log with one run, pretty-printed.
#[derive(Debug, Clone)]
pub struct SarifEmitter {
    rules: Vec<&'static RuleMeta>,
    version: String,
}

impl SarifEmitter {
    /// An emitter describing `rules` in `tool.driver.rules`; results refer to
    /// them by index. The tool version is this crate's.
    pub fn new(rules: impl IntoIterator<Item = &'static RuleMeta>) -> Self {
        SarifEmitter {
            rules: rules.into_iter().collect(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// Reports `version` as the tool's version instead.
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// The whole log as a SARIF object.
    pub fn log(&self, report: &Report) -> Sarif {
        let driver = ToolComponent::builder()
            .name("pollcheck")
            .version(self.version.clone())
            .rules(
                self.rules
                    .iter()
                    .map(|meta| descriptor(meta))
                    .collect::<Vec<_>>(),
            )
            .build();
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        let results: Vec<SarifResult> = report
            .findings()
            .map(|(file, diagnostic)| {
                let hash = fingerprint(&file.source, diagnostic);
                let occurrence = occurrences.entry(hash.clone()).or_insert(0);
                *occurrence += 1;
                let mut result =
                    self.result(&file.source, diagnostic, format!("{hash}:{occurrence}"));
                // In a dependency audit, which crate and version it is in.
                if let Some(package) = &file.package {
                    result.properties = Some(
                        PropertyBag::builder()
                            .additional_properties(BTreeMap::from([
                                (
                                    "crate".to_string(),
                                    serde_json::Value::from(package.name.as_str()),
                                ),
                                (
                                    "version".to_string(),
                                    serde_json::Value::from(package.version.as_str()),
                                ),
                            ]))
                            .build(),
                    );
                }
                result
            })
            .collect();
        let run = Run::builder()
            .tool(Tool::from(driver))
            .column_kind(to_value(ResultColumnKind::UnicodeCodePoints))
            .results(results)
            .build();
        Sarif::builder()
            .schema(SCHEMA_URL)
            .version(to_value(Version::V2_1_0))
            .runs(vec![run])
            .build()
    }

    fn result(&self, source: &SourceFile, diagnostic: &Diagnostic, print: String) -> SarifResult {
        let start = source.line_column(diagnostic.range.start);
        let end = source.line_column(diagnostic.range.end.max(diagnostic.range.start));
        let region = Region::builder()
            .start_line(to_i64(start.line))
            .start_column(to_i64(start.column))
            .end_line(to_i64(end.line))
            .end_column(to_i64(end.column))
            .build();
        let location = Location::builder()
            .physical_location(
                PhysicalLocation::builder()
                    .artifact_location(artifact_location(source.path()))
                    .region(region)
                    .build(),
            )
            .build();
        let rule_index = self
            .rules
            .iter()
            .position(|meta| meta.name == diagnostic.rule);
        SarifResult {
            rule_index: rule_index.map(to_i64),
            ..SarifResult::builder()
                .rule_id(diagnostic.rule)
                .level(result_level(diagnostic.level))
                .message(Message::from(diagnostic.message.as_str()))
                .locations(vec![location])
                .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_string(), print)]))
                .build()
        }
    }
}

impl Emitter for SarifEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(report))?;
        out.write_all(b"\n")
    }
}

fn descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    let docs = docs_markdown(meta);
    let level = match meta.default_level {
        Level::Allow => "none",
        other => level_word(other),
    };
    let description = what_it_does(&docs);
    let builder = ReportingDescriptor::builder()
        .id(meta.name)
        .name(meta.name)
        .short_description(text(meta.summary))
        .help(
            MultiformatMessageString::builder()
                .text(docs.clone())
                .markdown(docs.clone())
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level))
                .build(),
        );
    if description.is_empty() {
        builder.build()
    } else {
        builder.full_description(text(&description)).build()
    }
}

/// The first paragraph under `## What it does`, on one line.
fn what_it_does(docs: &str) -> String {
    let mut lines = docs
        .lines()
        .skip_while(|line| line.trim() != "## What it does");
    lines.next();
    let paragraph: Vec<&str> = lines
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(str::trim)
        .collect();
    paragraph.join(" ")
}

fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note | Level::Allow => "note",
    }
}

fn result_level(level: Level) -> ResultLevel {
    match level {
        Level::Deny => ResultLevel::Error,
        Level::Warn => ResultLevel::Warning,
        Level::Note | Level::Allow => ResultLevel::Note,
    }
}

/// A relative path as a relative URI against `%SRCROOT%`; an absolute path
/// as a `file://` URI.
fn artifact_location(path: &Path) -> ArtifactLocation {
    let mut segments: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => {
                absolute = true;
                match prefix.kind() {
                    Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
                        segments.push(format!("{}:", char::from(letter)));
                    }
                    _ => segments.push(encode(&prefix.as_os_str().to_string_lossy())),
                }
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => segments.push("..".to_string()),
            Component::Normal(name) => segments.push(encode(&name.to_string_lossy())),
        }
    }
    let joined = segments.join("/");
    if absolute {
        ArtifactLocation::builder()
            .uri(format!("file:///{joined}"))
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(joined)
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// Percent-encodes everything in a path segment but the characters RFC 3986
/// allows there unescaped.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        // A colon is encoded too: in a relative URI's first segment it would
        // read as a scheme.
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_value<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
