#![allow(unused, dead_code)]
//! short_write_not_advanced / totals: writes whose count is used, but not
//! to move on in the buffer they write from.
//!
//! Positives: a loop adding the count to a total while writing the whole
//! buffer again, a copy loop adding up counts of single writes (the rest of
//! each chunk is lost), a count bound to a local and added up, a position
//! moved by the buffer's length after a `poll_write`, an awaited write.
//! Negatives: the buffer sliced by the total, the count checked against the
//! length, the count used to drain the buffer, a write to a `Vec<u8>`, a
//! buffer from a method that may slice by the total, `write_all`, a count
//! returned to the caller, a write to `io::sink()`, to a `BufWriter`, or
//! to a writer of the crate's own.

use std::io::{self, Read, Write};
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

pub trait AsyncWriteExt {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> WriteFuture<'a>;
}

pub struct WriteFuture<'a>(&'a [u8]);

impl std::future::Future for WriteFuture<'_> {
    type Output = io::Result<usize>;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(self.0.len()))
    }
}

/// Sends the start of `buf` again after every short write.
pub fn send_frame(stream: &mut TcpStream, buf: &[u8]) -> io::Result<()> {
    let mut written = 0;
    while written < buf.len() {
        written += stream.write(buf)?; //~ short_write_not_advanced
    }
    Ok(())
}

/// Loses the rest of every chunk a short write leaves.
pub fn copy_counting(from: &mut impl Read, to: &mut TcpStream) -> io::Result<u64> {
    let mut chunk = [0u8; 4096];
    let mut total = 0u64;
    loop {
        let n = from.read(&mut chunk)?;
        if n == 0 {
            return Ok(total);
        }
        total += to.write(&chunk[..n])? as u64; //~ short_write_not_advanced
    }
}

/// The count goes through a local first, and only into the total.
pub fn send_logged(stream: &mut TcpStream, frame: &[u8], sent: &mut usize) -> io::Result<()> {
    let n = stream.write(frame)?; //~ short_write_not_advanced
    if n == 0 {
        return Err(io::ErrorKind::WriteZero.into());
    }
    *sent += n;
    Ok(())
}

pub struct Framed<T> {
    io: T,
    frame: Vec<u8>,
    pos: usize,
}

impl<T: AsyncWrite + Unpin> Framed<T> {
    /// Moves `pos` by the whole frame whatever the write took.
    pub fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.frame[self.pos..]))?;
        self.pos += self.frame[self.pos..].len(); //~ short_write_not_advanced
        Poll::Ready(Ok(n))
    }

    /// Right: moves `pos` by what was written.
    pub fn poll_send_counted(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.frame[self.pos..]))?; //~ ok
        self.pos += n;
        Poll::Ready(Ok(n))
    }

    /// Right: the frame drained by the count.
    pub fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut total = 0;
        while !self.frame.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.frame))?; //~ ok
            total += n;
            self.frame.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

/// An awaited write whose count only feeds a statistic.
pub async fn forward<W: AsyncWriteExt>(to: &mut W, items: Vec<Vec<u8>>) -> io::Result<u64> {
    let mut bytes = 0u64;
    for item in items {
        bytes += to.write(&item).await? as u64; //~ short_write_not_advanced
    }
    Ok(bytes)
}

/// Right: the buffer is sliced by the total.
pub fn send_sliced(stream: &mut TcpStream, buf: &[u8]) -> io::Result<()> {
    let mut written = 0;
    while written < buf.len() {
        written += stream.write(&buf[written..])?; //~ ok
    }
    Ok(())
}

/// Right: a short write is an error.
pub fn send_checked(stream: &mut TcpStream, buf: &[u8]) -> io::Result<usize> {
    let mut sent = 0;
    sent += stream.write(buf)?; //~ ok
    if sent != buf.len() {
        return Err(io::ErrorKind::WriteZero.into());
    }
    Ok(sent)
}

/// Right: a `Vec<u8>` takes everything.
pub fn fill(out: &mut Vec<u8>, parts: &[&[u8]]) -> io::Result<usize> {
    let mut total = 0;
    for part in parts {
        total += out.write(part)?; //~ ok
    }
    Ok(total)
}

pub struct Pending {
    stream: TcpStream,
    buf: Vec<u8>,
    written: usize,
}

impl Pending {
    fn remaining(&self) -> &[u8] {
        &self.buf[self.written..]
    }

    /// Right: `remaining` slices by `written`, out of sight here.
    pub fn send_rest(&mut self) -> io::Result<()> {
        while self.written < self.buf.len() {
            let rest = self.remaining().to_vec();
            self.written += self.stream.write(&rest)?; //~ ok
        }
        Ok(())
    }

    /// Right: `write_all` has no count.
    pub fn send_all(&mut self, total: &mut usize) -> io::Result<()> {
        self.stream.write_all(&self.buf)?; //~ ok
        *total += self.buf.len();
        Ok(())
    }

    /// Right: the count is returned, and nothing is moved by the length.
    pub fn send_once(&mut self) -> io::Result<usize> {
        let n = self.stream.write(&self.buf)?; //~ ok
        Ok(n)
    }
}

/// Right: `io::sink()` takes everything.
pub fn discard_rest(data: &[u8], from: usize) -> io::Result<usize> {
    let mut ret = 0;
    ret += io::sink().write(&data[from..])?; //~ ok
    Ok(ret)
}

/// Right: a `BufWriter` takes what fits in its buffer whole.
pub fn buffered(out: &mut std::io::BufWriter<TcpStream>, line: &[u8]) -> io::Result<usize> {
    let mut total = 0;
    total += out.write(line)?; //~ ok
    Ok(total)
}

/// An encoder of the crate's own, whose `write` is not `io::Write`'s.
pub struct Encoder {
    out: Vec<u8>,
}

impl Encoder {
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.out.extend_from_slice(bytes);
        Ok(bytes.len())
    }
}

/// Right: the crate's own writer, not an IO stream.
pub fn encode(encoder: &mut Encoder, parts: &[&[u8]]) -> io::Result<usize> {
    let mut off = 0;
    for part in parts {
        off += encoder.write(part)?; //~ ok
    }
    Ok(off)
}
