#![allow(unused, dead_code)]
//! short_write_not_advanced / loops: loops that give a write the same
//! buffer on every pass, so a short write sends its start again.
//!
//! Positives: a `fmt::Write` adapter whose `Ok(_)` arm goes round again, a
//! poll loop that only compares the count with the length, a
//! `poll_write` matched in a loop whose `Ready(Ok(_))` arm falls through.
//! Negatives: the buffer drained by the count, a position that slices it,
//! a retry on `Interrupted` whose `Ok` arm returns, a loop over chunks
//! (a new buffer each pass), a loop that returns after the write, a
//! method of `self` that may move the buffer on, a byte written in full
//! (`Ok(1)`) on every pass on purpose.

use std::fmt;
use std::io::{self, Write};
use std::net::TcpStream;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;
}

/// A `write!` adapter over a socket.
pub struct Adapter {
    inner: TcpStream,
}

impl fmt::Write for Adapter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        loop {
            match self.inner.write(s.as_bytes()) { //~ short_write_not_advanced
                Ok(n) if n == s.len() => return Ok(()),
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(fmt::Error),
            }
        }
    }
}

/// Right: retries only on `Interrupted`; a success returns its count.
pub fn write_retrying(w: &mut TcpStream, buf: &[u8]) -> io::Result<usize> {
    loop {
        match w.write(buf) { //~ ok
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

pub struct Frame<T> {
    io: T,
    buf: Vec<u8>,
    pos: usize,
}

impl<T: AsyncWrite + Unpin> Frame<T> {
    /// Compares the count with the length, and goes round with the same
    /// buffer when it is short.
    pub fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ short_write_not_advanced
            if n == self.buf.len() {
                return Poll::Ready(Ok(()));
            }
        }
    }

    /// The same, matched: `Ready(Ok(_))` falls through to the next pass.
    pub fn poll_send_matched(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            match Pin::new(&mut self.io).poll_write(cx, &self.buf) { //~ short_write_not_advanced
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(_)) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }

    /// Right: the buffer is drained by the count.
    pub fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            self.buf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }

    /// Right: a position slices the buffer.
    pub fn poll_from_pos(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.pos < self.buf.len() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf[self.pos..]))?; //~ ok
            self.pos += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Right: returns after one write, with its count.
    pub fn poll_once(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        loop {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            return Poll::Ready(Ok(n));
        }
    }

    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
    }

    /// Right: a method of `self` moves the buffer on.
    pub fn poll_consuming(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            self.consume(n);
        }
        Poll::Ready(Ok(()))
    }
}

/// A new chunk on every pass: not a re-send (`write_all` is still right,
/// but that is the count's business).
pub fn send_chunks(w: &mut TcpStream, chunks: &[Vec<u8>]) -> io::Result<()> {
    for chunk in chunks {
        match w.write(chunk) { //~ ok
            Ok(_) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Right: each pass writes one byte in full (`Ok(1)`), on purpose, until
/// the writer is full.
pub fn fill_until_pending<T: AsyncWrite + Unpin>(io: &mut T, cx: &mut Context<'_>) -> usize {
    let one = [0u8; 1];
    let mut passes = 0;
    loop {
        match Pin::new(&mut *io).poll_write(cx, &one) { //~ ok
            Poll::Ready(Ok(1)) => passes += 1,
            Poll::Ready(Ok(n)) => panic!("wrote {n} bytes of one"),
            Poll::Ready(Err(e)) => panic!("{e}"),
            Poll::Pending => return passes,
        }
    }
}
