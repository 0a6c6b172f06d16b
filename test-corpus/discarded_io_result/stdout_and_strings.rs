#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / stdout_and_strings: discards that are NOT flagged
//! because the sink cannot meaningfully fail or nobody could act on it:
//! * receivers that are stdout/stderr (`io::stdout()`, `std::io::stderr()`,
//!   `.lock()`ed handles, locals named `stdout` / `stderr`);
//! * in-memory sinks: locals initialised with `String::new()`,
//!   `String::with_capacity(..)`, `Vec::new()`, `vec![]`, `format!(..)`, and
//!   parameters typed `String`, `&mut String`, `Vec<u8>`, `&mut Vec<u8>`,
//!   `&mut fmt::Formatter<'_>`, `&mut Formatter`.
//! A few real-writer discards sit alongside as positives for contrast.

use std::fmt::{self, Formatter, Write as FmtWrite};
use std::fs::File;
use std::io::{self, Write};

pub enum Level {
    Info,
    Warn,
}

// ---- stdout / stderr ----

pub fn progress(done: usize, total: usize) {
    print!("\r{done}/{total}");
    io::stdout().flush(); //~ ok
    let _ = io::stdout().flush(); //~ ok
    std::io::stdout().flush().ok(); //~ ok
}

pub fn warn(msg: &str) {
    std::io::stderr().write_all(msg.as_bytes()); //~ ok
    let _ = io::stderr().write_all(b"\n"); //~ ok
    writeln!(io::stderr(), "warning: {msg}"); //~ ok
    let _ = writeln!(std::io::stdout().lock(), "see stderr"); //~ ok
    io::stdout().lock().flush(); //~ ok
}

pub fn report(lines: &[String]) {
    let mut stdout = io::stdout().lock();
    for l in lines {
        writeln!(stdout, "{l}"); //~ ok
    }
    stdout.flush(); //~ ok
    let mut stderr = io::stderr();
    let _ = write!(stderr, "{} lines\n", lines.len()); //~ ok
    stderr.write_all(b"done\n"); //~ ok
    drop(stderr.flush()); //~ ok
}

pub fn log_line(level: Level, msg: &str) {
    match level {
        Level::Info => drop(writeln!(io::stdout(), "INFO {msg}")), //~ ok
        Level::Warn => {
            let _ = writeln!(io::stderr(), "WARN {msg}"); //~ ok
        }
    }
}

// ---- in-memory sinks: locals ----

pub fn render_table(rows: &[(String, u32)]) -> String {
    let mut s = String::new();
    writeln!(s, "{:<10} {:>5}", "name", "count"); //~ ok
    for (name, count) in rows {
        let _ = writeln!(s, "{name:<10} {count:>5}"); //~ ok
    }
    s
}

pub fn render_header(cols: &[&str]) -> String {
    let mut out = String::with_capacity(64);
    for c in cols {
        write!(out, "| {c} "); //~ ok
    }
    write!(out, "|").ok(); //~ ok
    out
}

pub fn render_tagged(level: &str, msg: &str) -> String {
    let mut line = format!("[{level}] ");
    write!(line, "{msg}"); //~ ok
    line
}

pub fn encode_frame(payload: &[u8]) -> Vec<u8> {
    let mut buf: Vec<u8> = Vec::new();
    buf.write_all(&(payload.len() as u32).to_be_bytes()); //~ ok
    buf.write_all(payload); //~ ok
    let _ = buf.flush(); //~ ok
    buf
}

pub fn encode_text(fields: &[&str]) -> Vec<u8> {
    let mut out: Vec<u8> = vec![];
    for f in fields {
        write!(out, "{f};"); //~ ok
    }
    writeln!(out); //~ ok
    out
}

// ---- in-memory sinks: parameters ----

pub fn render_into(out: &mut String, key: &str, value: u64) {
    write!(out, "{key}={value}"); //~ ok
    let _ = out.write_str("\n");
}

pub fn render_owned(mut acc: String, n: u32) -> String {
    writeln!(acc, "n = {n}"); //~ ok
    acc
}

pub fn encode_into(buf: &mut Vec<u8>, id: u16) {
    buf.write_all(&id.to_le_bytes()); //~ ok
    writeln!(buf, " #{id}"); //~ ok
    buf.flush(); //~ ok
}

pub fn encode_owned(mut bytes: Vec<u8>, tail: &[u8]) -> Vec<u8> {
    let _ = bytes.write_all(tail); //~ ok
    bytes
}

pub struct Point {
    x: i32,
    y: i32,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "("); //~ ok
        write!(f, "{}, {}", self.x, self.y); //~ ok
        write!(f, ")")
    }
}

fn write_coords(f: &mut Formatter, p: &Point) {
    let _ = write!(f, "{}/{}", p.x, p.y); //~ ok
}

impl fmt::Debug for Point {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_coords(f, self);
        Ok(())
    }
}

// ---- closure over an in-memory sink ----

pub fn render_list(items: &[u32]) -> String {
    let mut s = String::new();
    items.iter().for_each(|i| {
        write!(s, "{i},"); //~ ok
    });
    s
}

// ---- contrast: real writers ARE flagged ----

pub fn save_report(path: &str, body: &str) -> io::Result<()> {
    let mut file = File::create(path)?;
    writeln!(file, "{body}"); //~ rustc
    let _ = file.flush(); //~ discarded_io_result
    Ok(())
}

pub fn render_to<W: Write>(w: &mut W, rows: &[(String, u32)]) {
    let _ = write!(w, "{}", render_table(rows)); //~ discarded_io_result
}
