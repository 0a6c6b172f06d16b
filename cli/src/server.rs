//! `pollcheck server`: a language server over standard input and output,
//! meant to run beside rust-analyzer (which keeps `cargo check`).
//!
//! - An open buffer is checked when it is opened and on every change, in
//!   its crate (the rest of the crate is read from disk through the crate
//!   model and its cache), and its findings are published as diagnostics.
//! - Code actions: each finding's fix (with the `ready` import it needs),
//!   and a suppression comment (`// pollcheck: allow(rule) -- …`) on the
//!   line above it.
//! - Hover over a finding shows its rule's documentation (`pollcheck
//!   explain`).
//! - The configuration (`pollcheck.toml`, `Cargo.toml`) is read for every
//!   check; when the client sends a save of one of those files, a
//!   watched-file change or a `workspace/didChangeConfiguration`, every
//!   open buffer is checked again. A client that allows it is asked to
//!   watch the configuration files and the crate's Rust files (a helper
//!   changed in another file changes what the model says about a call).
//!
//! Positions are in UTF-16 code units, the protocol's default.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lint_core::diagnostic::{Applicability, Diagnostic, Edit, Level};
use lint_core::report::FileResult;
use lint_core::workspace::Manifests;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileEvent,
    FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, Registration, RegistrationParams, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url, WorkspaceEdit,
};

use crate::{configured_engine, model_cache};

/// The names of the files whose change may change what is reported.
const CONFIG_FILES: &[&str] = &["pollcheck.toml", ".pollcheck.toml", "Cargo.toml"];

/// Runs the server on standard input and output until the client asks it
/// to exit; returns the process's exit status.
pub(crate) fn run() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let status = match serve(&connection) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("pollcheck server: {error}");
            2
        }
    };
    drop(connection);
    if let Err(error) = io_threads.join() {
        eprintln!("pollcheck server: {error}");
        return 2;
    }
    status
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Why a notification was not handled.
enum Trouble {
    /// Its parameters do not fit its method.
    Params(serde_json::Error),
    /// The connection to the client failed.
    Connection(Failure),
}

impl From<serde_json::Error> for Trouble {
    fn from(error: serde_json::Error) -> Self {
        Trouble::Params(error)
    }
}

impl From<Failure> for Trouble {
    fn from(error: Failure) -> Self {
        Trouble::Connection(error)
    }
}

fn serve(connection: &Connection) -> Result<(), Failure> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let initialize = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "pollcheck".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    connection.initialize_finish(id, initialize)?;
    if can_watch_files(&params) {
        connection
            .sender
            .send(Message::Request(watch_files_request()))?;
    }
    let mut server = Server {
        connection,
        documents: HashMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                server.request(request)?;
            }
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// An open buffer and what was last reported in it.
struct Document {
    path: PathBuf,
    version: i32,
    text: String,
    /// The findings of the last check, with the file's `ready` import.
    result: Option<FileResult>,
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Url, Document>,
}

impl Server<'_> {
    fn request(&mut self, request: Request) -> Result<(), Failure> {
        let id = request.id.clone();
        let answer = match request.method.as_str() {
            CodeActionRequest::METHOD => serde_json::from_value::<CodeActionParams>(request.params)
                .map(|params| Response::new_ok(id.clone(), self.code_actions(&params))),
            HoverRequest::METHOD => serde_json::from_value::<HoverParams>(request.params)
                .map(|params| Response::new_ok(id.clone(), self.hover(&params))),
            _ => Ok(unknown_method(id.clone(), &request.method)),
        };
        let response = answer.unwrap_or_else(|error| {
            Response::new_err(id, ErrorCode::InvalidParams as i32, error.to_string())
        });
        self.connection.sender.send(Message::Response(response))?;
        Ok(())
    }

    /// Handles a notification; one whose parameters do not fit its method
    /// is reported on standard error and otherwise ignored.
    fn notification(&mut self, notification: Notification) -> Result<(), Failure> {
        let method = notification.method.clone();
        match self.notified(notification) {
            Err(Trouble::Params(error)) => {
                eprintln!("pollcheck server: {method}: {error}");
                Ok(())
            }
            Err(Trouble::Connection(error)) => Err(error),
            Ok(()) => Ok(()),
        }
    }

    fn notified(&mut self, notification: Notification) -> Result<(), Trouble> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let document = params.text_document;
                let Ok(path) = document.uri.to_file_path() else {
                    return Ok(());
                };
                self.documents.insert(
                    document.uri.clone(),
                    Document {
                        path,
                        version: document.version,
                        text: document.text,
                        result: None,
                    },
                );
                self.check(&document.uri)?;
            }
            DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                // Full synchronisation: the last change holds the whole text.
                if let (Some(document), Some(change)) = (
                    self.documents.get_mut(&uri),
                    params.content_changes.into_iter().last(),
                ) {
                    document.version = params.text_document.version;
                    document.text = change.text;
                    self.check(&uri)?;
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: DidSaveTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                if is_config_file(&params.text_document.uri) {
                    self.check_all()?;
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                if self.documents.remove(&uri).is_some() {
                    self.publish(uri, Vec::new(), None)?;
                }
            }
            DidChangeConfiguration::METHOD => self.check_all()?,
            DidChangeWatchedFiles::METHOD => {
                let params: DidChangeWatchedFilesParams =
                    serde_json::from_value(notification.params)?;
                self.files_changed(&params.changes)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks every open buffer again (the configuration may have changed).
    fn check_all(&mut self) -> Result<(), Failure> {
        let uris: Vec<Url> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.check(&uri)?;
        }
        Ok(())
    }

    /// Files changed on disk. A configuration file changes how every open
    /// buffer is checked; a Rust file, the other open buffers of its
    /// package (what it declares is read there from disk), not its own
    /// buffer (the editor saving it, checked as it changed). A build's
    /// output under a package's `target/` changes nothing.
    fn files_changed(&mut self, changes: &[FileEvent]) -> Result<(), Failure> {
        let mut changed = Vec::new();
        for change in changes {
            let Ok(path) = change.uri.to_file_path() else {
                continue;
            };
            if is_build_output(&path) {
                continue;
            }
            if is_config_file(&change.uri) {
                return self.check_all();
            }
            changed.push((change.uri.clone(), path));
        }
        let uris: Vec<Url> = self
            .documents
            .iter()
            .filter(|(uri, document)| {
                let root = package_root(&document.path);
                changed
                    .iter()
                    .any(|(changed, path)| changed != *uri && path.starts_with(root))
            })
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in uris {
            self.check(&uri)?;
        }
        Ok(())
    }

    /// Checks the open buffer `uri` in its crate and publishes its findings.
    fn check(&mut self, uri: &Url) -> Result<(), Failure> {
        let Some(document) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        let (diagnostics, result) = match findings(&document.path, &document.text) {
            Ok(result) => {
                let diagnostics = result
                    .as_ref()
                    .map(|result| lsp_diagnostics(&document.text, result))
                    .unwrap_or_default();
                (diagnostics, result)
            }
            Err(message) => {
                self.connection
                    .sender
                    .send(Message::Notification(Notification::new(
                        "window/showMessage".to_string(),
                        serde_json::json!({ "type": 1, "message": format!("pollcheck: {message}") }),
                    )))?;
                (Vec::new(), None)
            }
        };
        document.result = result;
        let version = Some(document.version);
        self.publish(uri.clone(), diagnostics, version)
    }

    fn publish(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Failure> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            )))?;
        Ok(())
    }

    /// The fixes and suppressions of the findings `params` asks about.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let Some(result) = &document.result else {
            return Vec::new();
        };
        let lines = Lines::new(&document.text);
        let mut actions = Vec::new();
        for diagnostic in &result.diagnostics {
            let range = lines.range(&diagnostic.range);
            if !overlaps(&range, &params.range) {
                continue;
            }
            let lsp_diagnostic = lsp_diagnostic(&lines, diagnostic);
            if let Some(suggestion) = &diagnostic.suggestion {
                if suggestion.applicability != Applicability::DisplayOnly {
                    let needs_import = suggestion
                        .edits
                        .iter()
                        .any(|edit| lint_core::fix::calls_bare_ready(&edit.replacement));
                    let edits: Vec<TextEdit> = result
                        .ready_import
                        .iter()
                        .filter(|_| needs_import)
                        .chain(&suggestion.edits)
                        .map(|edit| text_edit(&lines, edit))
                        .collect();
                    let safe = suggestion.applicability == Applicability::Safe;
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: if safe {
                            suggestion.message.clone()
                        } else {
                            format!("{} (may change behaviour)", suggestion.message)
                        },
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp_diagnostic.clone()]),
                        edit: Some(workspace_edit(uri, edits)),
                        is_preferred: Some(safe),
                        ..CodeAction::default()
                    }));
                }
            }
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {} on this line", diagnostic.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic]),
                edit: Some(workspace_edit(
                    uri,
                    vec![suppression(&lines, diagnostic.range.start, diagnostic.rule)],
                )),
                ..CodeAction::default()
            }));
        }
        actions
    }

    /// The documentation of the rule of a finding under the cursor.
    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let position = &params.text_document_position_params;
        let document = self.documents.get(&position.text_document.uri)?;
        let result = document.result.as_ref()?;
        let at = Range {
            start: position.position,
            end: position.position,
        };
        let lines = Lines::new(&document.text);
        let diagnostic = result
            .diagnostics
            .iter()
            .find(|diagnostic| overlaps(&lines.range(&diagnostic.range), &at))?;
        let rule = rules::by_name(diagnostic.rule)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: crate::rule_documentation(rule.meta()),
            }),
            range: Some(lines.range(&diagnostic.range)),
        })
    }
}

/// Whether the client takes a registration for watched-file events.
fn can_watch_files(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false)
}

/// Asks the client to send `workspace/didChangeWatchedFiles` for the
/// configuration files and for Rust files (its answer needs no handling).
fn watch_files_request() -> Request {
    let watchers = CONFIG_FILES
        .iter()
        .map(|name| format!("**/{name}"))
        .chain(["**/*.rs".to_string()])
        .map(|pattern| FileSystemWatcher {
            glob_pattern: GlobPattern::String(pattern),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "pollcheck-watched-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    Request::new(
        RequestId::from("pollcheck-watch".to_string()),
        RegisterCapability::METHOD.to_string(),
        params,
    )
}

fn unknown_method(id: RequestId, method: &str) -> Response {
    Response::new_err(
        id,
        ErrorCode::MethodNotFound as i32,
        format!("pollcheck server does not handle {method}"),
    )
}

fn is_config_file(uri: &Url) -> bool {
    uri.to_file_path().ok().is_some_and(|path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| CONFIG_FILES.contains(&name))
    })
}

/// The directory of the package that holds `path`: the nearest one with a
/// `Cargo.toml`, or the file's own directory outside a package.
fn package_root(path: &Path) -> &Path {
    let directory = path.parent().unwrap_or(path);
    directory
        .ancestors()
        .find(|ancestor| ancestor.join("Cargo.toml").is_file())
        .unwrap_or(directory)
}

/// Whether `path` lies in a package's `target/` directory (a build script's
/// generated Rust, say); a module directory named `target` under `src/` is
/// no build output.
fn is_build_output(path: &Path) -> bool {
    path.ancestors().any(|ancestor| {
        ancestor.file_name().is_some_and(|name| name == "target")
            && ancestor
                .parent()
                .is_some_and(|parent| parent.join("Cargo.toml").is_file())
    })
}

/// The findings in `text`, standing for the file at `path`, as a scan of
/// its crate reports them; `None` when the configuration excludes the file.
fn findings(path: &Path, text: &str) -> Result<Option<FileResult>, String> {
    let manifests = Arc::new(Manifests::new());
    let (engine, config) = configured_engine(path, &[], &manifests)?;
    if config
        .exclude
        .as_ref()
        .is_some_and(|exclude| exclude.matches(path))
    {
        return Ok(None);
    }
    let engine = engine.with_model_cache(model_cache(None, false));
    let report = engine.check_text_in_crate(path, text.to_string());
    if let Some(error) = report.errors.first() {
        // A buffer that does not parse yet is normal while typing: its
        // findings are cleared, and nothing is shown.
        if !matches!(error, lint_core::error::ScanError::Syntax { .. }) {
            return Err(error.to_string());
        }
    }
    Ok(report.files.into_iter().next())
}

fn lsp_diagnostics(text: &str, result: &FileResult) -> Vec<lsp_types::Diagnostic> {
    let lines = Lines::new(text);
    result
        .diagnostics
        .iter()
        .map(|diagnostic| lsp_diagnostic(&lines, diagnostic))
        .collect()
}

fn lsp_diagnostic(lines: &Lines, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    for note in &diagnostic.notes {
        message.push('\n');
        message.push_str(note);
    }
    lsp_types::Diagnostic {
        range: lines.range(&diagnostic.range),
        severity: Some(match diagnostic.level {
            Level::Deny => DiagnosticSeverity::ERROR,
            Level::Warn => DiagnosticSeverity::WARNING,
            Level::Note | Level::Allow => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.rule.to_string())),
        source: Some("pollcheck".to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

fn text_edit(lines: &Lines, edit: &Edit) -> TextEdit {
    TextEdit {
        range: lines.range(&edit.range),
        new_text: edit.replacement.clone(),
    }
}

fn workspace_edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// A comment on a line of its own above the line holding `offset`, with
/// that line's indentation, that silences `rule` there.
fn suppression(lines: &Lines, offset: usize, rule: &str) -> TextEdit {
    let text = lines.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    // A line as rustc reads it, to its `\n`: a `//` comment runs over a
    // lone `\r`, so the comment goes after the last `\n`, not after a `\r`.
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..];
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    // The line's own ending, so that a CRLF file stays CRLF (the file's
    // first ending for a last line without one).
    let ending_of = |rest: &str| {
        rest.find('\n').map(|end| {
            if rest[..end].ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            }
        })
    };
    let ending = ending_of(line).or_else(|| ending_of(text)).unwrap_or("\n");
    let start = lines.position(line_start);
    TextEdit {
        range: Range { start, end: start },
        new_text: format!(
            "{indent}// pollcheck: allow({rule}) -- TODO: say why this is safe{ending}"
        ),
    }
}

/// A text with the start of each of its lines, so that a byte offset turns
/// into a protocol position by a binary search and a scan of one line.
/// Lines end as the protocol says: at `\n`, `\r\n` or a lone `\r`.
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(text.match_indices(['\n', '\r']).filter_map(|(at, _)| {
                // A `\r` before a `\n` ends its line at the `\n`.
                (bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n')).then_some(at + 1)
            }))
            .collect();
        Lines { text, starts }
    }

    /// The protocol position (line, UTF-16 column) of the byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= offset) - 1;
        let column: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(range.start),
            end: self.position(range.end),
        }
    }
}

fn overlaps(a: &Range, b: &Range) -> bool {
    let key = |p: &Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_per_line() {
        let text = "ab\nçé😀x\n";
        let lines = Lines::new(text);
        assert_eq!(lines.position(0), Position::new(0, 0));
        assert_eq!(lines.position(2), Position::new(0, 2));
        assert_eq!(lines.position(3), Position::new(1, 0));
        // ç and é are one unit each, the emoji two.
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(x), Position::new(1, 4));
        // Inside a character: the position of its start.
        assert_eq!(lines.position(x - 1), Position::new(1, 2));
        assert_eq!(lines.position(text.len()), Position::new(2, 0));
        assert_eq!(lines.position(text.len() + 5), Position::new(2, 0));
    }

    #[test]
    fn crlf_and_a_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let lines = Lines::new(text);
        assert_eq!(lines.position(1), Position::new(0, 1));
        assert_eq!(lines.position(text.find('b').unwrap()), Position::new(1, 0));
        assert_eq!(lines.position(text.find('c').unwrap()), Position::new(2, 0));
        assert_eq!(lines.position(text.find('d').unwrap()), Position::new(3, 0));
    }

    #[test]
    fn a_suppression_keeps_the_line_ending_and_any_offset_is_safe() {
        let text = "fn f() {\r\n\tlet _ = w.flush(); // é\r\n}\r\n";
        let lines = Lines::new(text);
        let at = text.find("let").unwrap();
        let edit = suppression(&lines, at, "discarded_io_result");
        assert_eq!(edit.range.start, Position::new(1, 0));
        assert_eq!(
            edit.new_text,
            "\t// pollcheck: allow(discarded_io_result) -- TODO: say why this is safe\r\n"
        );
        // Inside a character or past the end: the line it falls on.
        let inside = text.find('é').unwrap() + 1;
        assert_eq!(
            suppression(&lines, inside, "x").range.start,
            Position::new(1, 0)
        );
        let past = suppression(&lines, text.len() + 3, "x");
        assert_eq!(past.range.start, Position::new(3, 0));
        assert!(past.new_text.ends_with("\r\n"), "{:?}", past.new_text);
    }

    #[test]
    fn a_suppression_goes_after_the_last_newline_not_a_lone_cr() {
        // rustc reads `a();\r    let _ = …;` as one line: a comment put
        // after the `\r` would swallow the code before it on that line.
        let text = "fn f() {\n    a();\r    let _ = w.flush();\n}\n";
        let lines = Lines::new(text);
        let edit = suppression(&lines, text.find("let").unwrap(), "discarded_io_result");
        assert_eq!(edit.range.start, Position::new(1, 0));
        assert!(edit.new_text.starts_with("    // pollcheck: allow("));
        assert!(edit.new_text.ends_with("safe\n"), "{:?}", edit.new_text);
    }

    #[test]
    fn a_suppression_goes_above_with_the_line_indentation() {
        let text = "fn f() {\n    let _ = w.flush();\n}\n";
        let at = text.find("let").unwrap();
        let edit = suppression(&Lines::new(text), at, "discarded_io_result");
        assert_eq!(edit.range.start, Position::new(1, 0));
        assert_eq!(
            edit.new_text,
            "    // pollcheck: allow(discarded_io_result) -- TODO: say why this is safe\n"
        );
    }
}
