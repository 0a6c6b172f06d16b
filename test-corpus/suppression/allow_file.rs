#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! suppression / allow_file: a best-effort diagnostics logger that opts out
//! of discarded_io_result for the whole file via `allow-file` in the
//! leading comment block (after the inner attributes, before any item).
//! Every discarded IO result below is silenced; other rules still fire.
// pollcheck: allow-file(discarded_io_result) -- diagnostics must never fail the caller

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub struct DiagLog {
    out: BufWriter<File>,
    file: File,
    level: u8,
}

impl DiagLog {
    pub fn event(&mut self, name: &str, detail: &str) {
        writeln!(self.out, "{name}: {detail}"); //~ ok
        let _ = self.out.flush(); //~ ok
    }

    pub fn checkpoint(&mut self) {
        self.out.flush().ok(); //~ ok
        _ = self.file.sync_data(); //~ ok
        drop(self.file.sync_all()); //~ ok
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        self.out.write(bytes); //~ ok
    }

    /// Not covered by the file-level allow: a different rule.
    pub fn raw_checked(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write(bytes)?; //~ unused_write_amount
        Ok(())
    }
}

pub struct DiagSink<W> {
    io: W,
}

impl<W: AsyncWrite + Unpin> DiagSink<W> {
    pub fn poll_emit(&mut self, cx: &mut Context<'_>, line: &[u8]) -> Poll<()> {
        let _ = ready!(Pin::new(&mut self.io).poll_write(cx, line)); //~ ok
        let _ = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        Poll::Ready(())
    }
}

pub fn dump_all<W: Write>(w: &mut W, events: &[(&str, u32)]) {
    for (name, count) in events {
        let _ = writeln!(w, "{name}={count}"); //~ ok
    }
    w.flush(); //~ ok
}
