#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / close_kinds: no `std::io` type has a `close`;
//! channels, sessions, state machines and handles of every kind do. A
//! `close` is judged only where the receiver is known to be IO (a write
//! trait's bound, a known stream) or its type's `close` says it is
//! (`-> io::Result<()>`, declared in the crate). A formatting adapter
//! (a type that implements `fmt::Write`, in a file that imports it) is no
//! IO writer.

use std::fmt::{self, Write};
use std::io;

#[derive(Debug)]
pub struct ClosedCk;

pub struct SessionCk {
    open: bool,
}

impl SessionCk {
    pub fn close(&mut self) -> Result<(), ClosedCk> {
        self.open = false;
        Ok(())
    }
}

pub struct PipeCk;

impl PipeCk {
    pub fn close(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub fn open_somewhere() -> SessionCk {
    SessionCk { open: true }
}

pub fn teardown(session: &mut SessionCk, pipe: &mut PipeCk) {
    let _ = session.close(); //~ ok
    let _ = pipe.close(); //~ discarded_io_result
    let mut other = open_somewhere();
    // Unknown type: a `close` could be anything's.
    let _ = other.close(); //~ ok
}

/// Collects formatted text and keeps the first error for `finish`.
pub struct AdapterCk {
    text: String,
    failed: bool,
}

impl AdapterCk {
    pub fn new() -> Self {
        AdapterCk { text: String::new(), failed: false }
    }
}

impl Write for AdapterCk {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

pub fn render(arguments: fmt::Arguments<'_>) -> String {
    let mut adapter = AdapterCk::new();
    let _ = adapter.write_fmt(arguments); //~ ok
    adapter.text
}
