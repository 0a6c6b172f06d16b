//! `pollcheck server` driven as an editor would: a scripted session over
//! standard input and output (initialize, open a buffer, read its
//! diagnostics, ask for code actions and hover, apply the fix, change the
//! buffer, see the finding gone, shut down, exit 0).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

/// How long to wait for one message before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Session {
    fn start(dir: &Path, cache: &Path) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
            .arg("server")
            .current_dir(dir)
            .env("POLLCHECK_CACHE_DIR", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pollcheck server");
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Session {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result (other messages in between
    /// are passed over).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response = self.wait_for(|message| message["id"] == json!(id));
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            match self.messages.recv_timeout(PATIENCE) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no wanted message in {PATIENCE:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The byte offset of an LSP position in ASCII `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    start + character
}

/// `text` with the LSP text edits `edits` applied (no two overlap).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"]),
                offset(text, &edit["range"]["end"]),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut result = text.to_string();
    for (start, end, replacement) in edits {
        result.replace_range(start..end, &replacement);
    }
    result
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_editor_session_fixes_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/connection");
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::copy(example.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    let path = dir.path().join("src/lib.rs");
    // Without its import of `ready`, which the fix must then bring in.
    let text = std::fs::read_to_string(example.join("src/lib.rs"))
        .unwrap()
        .replace(
            "use std::task::{ready, Context, Poll};",
            "use std::task::{Context, Poll};",
        );
    assert!(!text.contains("task::{ready"));
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());
    let cache = tempfile::tempdir().unwrap();

    let mut session = Session::start(dir.path(), cache.path());
    let initialized = session.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", dir.path().display()),
            "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        }),
    );
    assert_eq!(initialized["serverInfo"]["name"], "pollcheck");
    assert_eq!(initialized["capabilities"]["hoverProvider"], true);
    session.notify("initialized", json!({}));
    // The client allows it, so the server asks to be told of changes to
    // the configuration files and to the crate's Rust files.
    let register = session.wait_for(|message| message["method"] == "client/registerCapability");
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let patterns: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|watcher| watcher["globPattern"].as_str().unwrap())
        .collect();
    for wanted in ["**/pollcheck.toml", "**/Cargo.toml", "**/*.rs"] {
        assert!(patterns.contains(&wanted), "{patterns:?}");
    }
    session.send(json!({ "jsonrpc": "2.0", "id": register["id"], "result": null }));

    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "rust", "version": 1, "text": text } }),
    );
    let diagnostics = session.diagnostics(&uri);
    let found = codes(&diagnostics);
    assert!(found.contains(&"discarded_poll".to_string()), "{found:?}");
    // The same findings as a scan of the file on disk.
    let output = common::pollcheck_command()
        .args(["--no-cache", "--format", "short", "src/lib.rs"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        found.len(),
        common::stdout(&output)
            .lines()
            .filter(|line| line.starts_with("src/lib.rs:"))
            .count()
    );
    let discarded = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "discarded_poll")
        .unwrap()
        .clone();
    assert_eq!(discarded["source"], "pollcheck");

    // Hover over the finding: the rule's documentation.
    let hover = session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": discarded["range"]["start"] }),
    );
    let docs = hover["contents"]["value"].as_str().unwrap();
    assert!(docs.starts_with("# discarded_poll"), "{docs}");

    // Code actions: the fix (preferred, with the import of `ready`) and a
    // suppression.
    let actions = session.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": discarded["range"],
            "context": { "diagnostics": [discarded] },
        }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|action| action["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred fix in {actions:?}"));
    let suppress = actions
        .iter()
        .find(|action| {
            action["title"]
                .as_str()
                .is_some_and(|title| title.starts_with("Suppress discarded_poll"))
        })
        .unwrap_or_else(|| panic!("no suppression in {actions:?}"));
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply(&text, edits);
    assert!(fixed.contains("ready!("), "{fixed}");
    assert!(
        fixed.contains("use std::task::{ready, Context, Poll};"),
        "{fixed}"
    );
    let suppressed = apply(&text, suppress["edit"]["changes"][&uri].as_array().unwrap());
    assert!(suppressed.contains("// pollcheck: allow(discarded_poll) -- "));

    // The fixed text no longer has the finding.
    session.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": fixed }],
        }),
    );
    let after = codes(&session.diagnostics(&uri));
    assert!(!after.contains(&"discarded_poll".to_string()), "{after:?}");
    assert_eq!(after.len(), found.len() - 1, "{after:?}");

    // The suppressed text neither.
    session.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": suppressed }],
        }),
    );
    let after = codes(&session.diagnostics(&uri));
    assert!(!after.contains(&"discarded_poll".to_string()), "{after:?}");

    // Files changed on disk: the open buffer's own file (the editor saved
    // it) and a build's output under target/ change nothing, so the next
    // answer comes before any diagnostics; another file of the package
    // checks the buffer again.
    let under = |relative: &str| format!("file://{}/{relative}", dir.path().display());
    std::fs::create_dir_all(dir.path().join("target/debug/build/x/out")).unwrap();
    std::fs::write(dir.path().join("target/debug/build/x/out/gen.rs"), "").unwrap();
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": uri, "type": 2 },
            { "uri": under("target/debug/build/x/out/gen.rs"), "type": 1 },
        ] }),
    );
    session
        .send(json!({ "jsonrpc": "2.0", "id": 98, "method": "pollcheck/probe", "params": null }));
    session.wait_for(|message| {
        assert_ne!(
            message["method"], "textDocument/publishDiagnostics",
            "checked again for a change that changes nothing: {message}"
        );
        message["id"] == json!(98)
    });
    std::fs::write(dir.path().join("src/other.rs"), "pub fn f() {}\n").unwrap();
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": under("src/other.rs"), "type": 1 }] }),
    );
    assert_eq!(codes(&session.diagnostics(&uri)), after);
    // An open buffer's file saved: the other open buffers of its package
    // read it from disk, so they are checked again; it is not.
    let other = under("src/other.rs");
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": other, "languageId": "rust", "version": 1, "text": "pub fn f() {}\n" } }),
    );
    assert!(session.diagnostics(&other).is_empty());
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": 2 }] }),
    );
    let published =
        session.wait_for(|message| message["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["uri"], json!(other), "{published}");
    session.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": other } }),
    );
    assert!(session.diagnostics(&other).is_empty());

    // Configuration reload: a pollcheck.toml that turns a rule off applies
    // once its change is announced.
    let rule = after[0].clone();
    std::fs::write(
        dir.path().join("pollcheck.toml"),
        format!("[rules]\n{rule} = \"allow\"\n"),
    )
    .unwrap();
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}/pollcheck.toml", dir.path().display()), "type": 1 }] }),
    );
    let reloaded = codes(&session.diagnostics(&uri));
    assert!(!reloaded.contains(&rule), "{reloaded:?}");

    // Parameters that do not fit: an error answer, and the session goes on.
    session
        .send(json!({ "jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {} }));
    let answer = session.wait_for(|message| message["id"] == json!(99));
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    session.notify("textDocument/didOpen", json!({ "textDocument": 1 }));

    let shutdown = session.request("shutdown", Value::Null);
    assert!(shutdown.is_null());
    session.notify("exit", Value::Null);
    drop(session.stdin.take());
    let status = session.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// A buffer's findings depend on the rest of its crate, read from disk:
/// what a helper in another file does decides whether throwing its
/// `Result` away is a finding, and a change to that file, once announced,
/// rechecks the open buffer.
#[test]
fn the_rest_of_the_crate_comes_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"crate_model\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    let writes = "use std::io::Write;\n\npub fn send(out: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {\n    out.write_all(bytes)\n}\n";
    let does_not = "pub fn send(out: &mut std::fs::File, bytes: &[u8]) -> Result<(), String> {\n    let _ = (out, bytes);\n    Ok(())\n}\n";
    let helper = dir.path().join("src/helper.rs");
    std::fs::write(&helper, writes).unwrap();
    let lib = dir.path().join("src/lib.rs");
    // On disk the buffer is not written yet: the server reads its text
    // from the editor.
    std::fs::write(&lib, "mod helper;\n").unwrap();
    let text = "mod helper;\n\npub fn greet(out: &mut std::fs::File) {\n    let _ = helper::send(out, b\"hello\");\n}\n";
    let uri = format!("file://{}", lib.display());
    let cache = tempfile::tempdir().unwrap();

    let mut session = Session::start(dir.path(), cache.path());
    session.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", dir.path().display()),
            "capabilities": {},
        }),
    );
    session.notify("initialized", json!({}));
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "rust", "version": 1, "text": text } }),
    );
    let found = codes(&session.diagnostics(&uri));
    assert_eq!(found, ["discarded_io_result"]);

    // The helper no longer writes: announced, the buffer is rechecked.
    std::fs::write(&helper, does_not).unwrap();
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}", helper.display()), "type": 2 }] }),
    );
    assert_eq!(codes(&session.diagnostics(&uri)), Vec::<String>::new());

    let shutdown = session.request("shutdown", Value::Null);
    assert!(shutdown.is_null());
    session.notify("exit", Value::Null);
    drop(session.stdin.take());
    assert_eq!(session.child.wait().unwrap().code(), Some(0));
}
