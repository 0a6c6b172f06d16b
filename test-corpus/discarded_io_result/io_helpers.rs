#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / io_helpers: effects. A function of the crate that
//! returns (or `?`-propagates) the result of an IO write, flush or shutdown
//! passes that result on, and so does one that passes on such a function's
//! result, to a fixed point: throwing its `Result` away loses a failed
//! write as surely as throwing away `write_all`'s. Only functions whose
//! `Result` (or `Poll`) holds no other value (`io::Result<()>`) are
//! followed. Negatives: helpers that write into memory (a `Vec<u8>` field,
//! a `fmt::Result` formatter), that swallow the result themselves, that
//! are handed standard error or a buffer to write to, and helpers named
//! like a channel's method on a value of unknown type.

use std::fmt;
use std::io::{self, Write};
use std::net::TcpStream;

pub struct FramerIh {
    socket: TcpStream,
    scratch: Vec<u8>,
}

impl FramerIh {
    pub fn write_frame_ih(&mut self, frame: &[u8]) -> io::Result<()> {
        self.socket.write_all(frame)?;
        self.socket.flush()
    }

    pub fn send_goaway_ih(&mut self) -> io::Result<()> {
        self.write_frame_ih(&[7, 0, 0])
    }

    pub fn stage_ih(&mut self, frame: &[u8]) -> io::Result<()> {
        self.scratch.write_all(frame)
    }

    pub fn quietly_ih(&mut self, frame: &[u8]) -> io::Result<()> {
        let _ = self.write_frame_ih(frame); //~ discarded_io_result
        Ok(())
    }

    pub fn close_ih(&mut self) {
        let _ = self.send_goaway_ih(); //~ discarded_io_result
        self.write_frame_ih(&[1]).ok(); //~ discarded_io_result
        drop(self.send_goaway_ih()); //~ discarded_io_result
        let _ = self.stage_ih(&[1]); //~ ok
        let _ = self.quietly_ih(&[1]); //~ ok
        self.send_goaway_ih(); //~ rustc
    }
}

pub fn log_line_ih<W: Write>(w: &mut W, line: &str) -> io::Result<()> {
    writeln!(w, "{line}")
}

pub struct RowIh(u32);

impl fmt::Display for RowIh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

pub fn render_ih(row: &RowIh, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(out, "{row}")
}

pub fn report_ih(socket: &mut TcpStream, row: &RowIh, f: &mut fmt::Formatter<'_>) {
    let _ = log_line_ih(socket, "bye"); //~ discarded_io_result
    let _ = log_line_ih(&mut io::stderr(), "bye"); //~ ok
    let mut buffer = Vec::new();
    let _ = log_line_ih(&mut buffer, "bye"); //~ ok
    let _ = render_ih(row, f); //~ ok
}

/// A queue whose `send` writes: a `send` on a value of unknown type is a
/// channel's as often as not.
pub struct OutboxIh {
    socket: TcpStream,
}

impl OutboxIh {
    pub fn send(&mut self, frame: &[u8]) -> io::Result<()> {
        self.socket.write_all(frame)
    }
}

pub fn notify_ih(tx: &std::sync::mpsc::Sender<u8>, outbox: &mut OutboxIh) {
    let _ = tx.send(1); //~ ok
    let _ = outbox.send(&[1]); //~ discarded_io_result
}
