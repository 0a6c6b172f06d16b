#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / contexts: discarded IO results inside every kind
//! of enclosing construct — free functions, inherent methods, trait impls
//! (including `impl io::Write`), trait default methods, nested fn items,
//! closures, async fns and async blocks, nested blocks, if/else, match
//! arms, for/while/loop bodies, and inline modules. Each context also has a
//! handled negative.

use std::future::{ready, Future, Ready};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write_all<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn flush(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

// ---- trait impl: io::Write for a tee ----

pub struct Tee<A, B> {
    a: A,
    b: B,
}

impl<A: Write, B: Write> Write for Tee<A, B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.a.write(buf)?; //~ ok
        self.b.write_all(&buf[..n]); //~ rustc
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.a.flush(); //~ discarded_io_result
        self.b.flush() //~ ok
    }
}

// ---- trait with a default method, and an impl of it ----

pub trait Exporter {
    fn sink(&mut self) -> &mut dyn Write;

    fn export(&mut self, rows: &[&str]) {
        for r in rows {
            writeln!(self.sink(), "{r}"); //~ rustc
        }
        let _ = self.sink().flush(); //~ discarded_io_result
    }

    fn export_checked(&mut self, rows: &[&str]) -> io::Result<()> {
        for r in rows {
            writeln!(self.sink(), "{r}")?; //~ ok
        }
        self.sink().flush() //~ ok
    }
}

pub struct CsvExporter<W> {
    out: W,
    sep: char,
}

impl<W: Write> Exporter for CsvExporter<W> {
    fn sink(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    fn export(&mut self, rows: &[&str]) {
        let sep = self.sep;
        for r in rows {
            let _ = write!(self.out, "{r}{sep}"); //~ discarded_io_result
        }
        let _ = self.out.write_all(b"\n"); //~ discarded_io_result
    }
}

// ---- free functions: nested blocks, if/else, match arms, loops ----

pub enum Mode {
    Line,
    Raw,
    Quiet,
}

pub fn emit<W: Write>(w: &mut W, mode: Mode, data: &[u8], retries: u32) {
    match mode {
        Mode::Line => {
            w.write_all(data); //~ rustc
            w.write_all(b"\n"); //~ rustc
        }
        Mode::Raw => drop(w.write_all(data)), //~ discarded_io_result
        Mode::Quiet => {}
    }
    {
        let _ = w.flush(); //~ discarded_io_result
    }
    if retries > 0 {
        _ = w.flush(); //~ discarded_io_result
    } else {
        w.flush().ok(); //~ discarded_io_result
    }
    let mut left = retries;
    while left > 0 {
        let _attempt = w.flush(); //~ discarded_io_result
        left -= 1;
    }
    loop {
        let _ = w.write(data); //~ discarded_io_result
        break;
    }
}

pub fn emit_checked<W: Write>(w: &mut W, mode: Mode, data: &[u8]) -> io::Result<()> {
    match mode {
        Mode::Line => writeln!(w, "{}", String::from_utf8_lossy(data))?, //~ ok
        Mode::Raw => w.write_all(data)?, //~ ok
        Mode::Quiet => {}
    }
    for _ in 0..2 {
        if let Err(e) = w.flush() { //~ ok
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
    Ok(())
}

pub fn outer<W: Write>(w: &mut W) {
    fn inner<W: Write>(w: &mut W) {
        let _: io::Result<()> = w.flush(); //~ discarded_io_result
    }
    inner(w);
}

// ---- closures ----

pub fn closures<W: Write>(w: &mut W, items: &[u32]) -> io::Result<()> {
    let mut put = |w: &mut W, x: u32| {
        write!(w, "{x} "); //~ rustc
    };
    for &x in items {
        put(w, x);
    }
    let flush_expr = |w: &mut W| drop(w.flush()); //~ discarded_io_result
    flush_expr(w);
    let checked = |w: &mut W| -> io::Result<()> {
        w.write_all(b"end\n")?; //~ ok
        w.flush() //~ ok
    };
    checked(w)
}

// ---- async fns and async blocks ----

pub async fn send_all<W: AsyncWrite + Unpin>(w: &mut W, frames: &[Vec<u8>]) {
    for f in frames {
        let _ = w.write_all(f).await; //~ discarded_io_result
    }
    if frames.is_empty() {
        w.flush().await; //~ rustc
    }
}

pub fn send_block<'a, W: AsyncWrite + Unpin>(w: &'a mut W, frame: &'a [u8]) -> impl Future<Output = ()> + 'a {
    async move {
        match frame.len() {
            0 => drop(w.flush().await), //~ discarded_io_result
            _ => {
                w.write_all(frame).await.ok(); //~ discarded_io_result
            }
        }
    }
}

pub fn send_block_checked<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    frame: &'a [u8],
) -> impl Future<Output = io::Result<()>> + 'a {
    async move {
        w.write_all(frame).await?; //~ ok
        w.flush().await //~ ok
    }
}

// ---- inline module ----

pub mod shutdown_hooks {
    use std::io::Write;

    pub fn on_exit<W: Write>(w: &mut W, code: i32) {
        let _ = writeln!(w, "exit {code}"); //~ discarded_io_result
        std::mem::drop(w.flush()); //~ discarded_io_result
    }
}
