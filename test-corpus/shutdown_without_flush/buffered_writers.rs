#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! shutdown_without_flush / buffered_writers: tokio-style `AsyncWrite`
//! wrappers that keep written bytes in a `Vec<u8>` until `poll_flush`, and
//! whose `poll_shutdown` shuts the inner io down.
//!
//! Positives: the close method goes straight to the inner shutdown, flushes
//! only the inner io, shuts down before flushing, or throws its own flush
//! away (`let _ = self.as_mut().poll_flush(cx)?;`, `_ = ...;`), which is
//! reported on the discarded flush line instead of as discarded_poll.
//! Negatives: the buffer is flushed first with `ready!`, `match`,
//! `is_pending()`, or a `drain` helper on self; pure pass-through wrappers;
//! bookkeeping-only wrappers.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

// ---- minimal stand-in for tokio's AsyncWrite ----

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

const CAPACITY: usize = 8 * 1024;

fn write_zero() -> io::Error {
    io::Error::new(io::ErrorKind::WriteZero, "failed to write the buffered data")
}

// ---------------------------------------------------------------------------
// 1. BufWriter whose poll_shutdown forgets the buffer entirely.
// ---------------------------------------------------------------------------

pub struct BufWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> BufWriter<W> {
    pub fn new(inner: W) -> Self {
        BufWriter { inner, buf: Vec::with_capacity(CAPACITY) }
    }

    fn poll_flush_buf(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let mut written = 0;
        let mut ret = Ok(());
        while written < this.buf.len() {
            match ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf[written..])) { //~ ok
                Ok(0) => {
                    ret = Err(write_zero());
                    break;
                }
                Ok(n) => written += n,
                Err(e) => {
                    ret = Err(e);
                    break;
                }
            }
        }
        if written > 0 {
            this.buf.drain(..written);
        }
        Poll::Ready(ret)
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for BufWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.buf.len() + buf.len() > CAPACITY {
            ready!(self.as_mut().poll_flush_buf(cx))?; //~ ok
        }
        if buf.len() >= CAPACITY {
            return Pin::new(&mut self.inner).poll_write(cx, buf); //~ ok
        }
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush_buf(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Up to 8 KiB of accepted bytes are still in `self.buf`.
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 2. LineWriter: flushes, but throws the flush's `Pending` away.
// ---------------------------------------------------------------------------

pub struct LineWriter<W> {
    inner: W,
    buf: Vec<u8>,
    lines: u64,
}

impl<W: AsyncWrite + Unpin> LineWriter<W> {
    fn poll_drain_buf(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(write_zero()));
            }
            this.buf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for LineWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        if buf.contains(&b'\n') {
            self.lines += 1;
            ready!(self.as_mut().poll_drain_buf(cx))?; //~ ok
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_drain_buf(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The `?` only strips the error: a pending flush is dropped here.
        let _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

// ---------------------------------------------------------------------------
// 3. CountingWriter: flushes the *inner* io, not its own buffer.
// ---------------------------------------------------------------------------

pub struct CountingWriter<W> {
    inner: W,
    buf: Vec<u8>,
    total: u64,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for CountingWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        self.total += buf.len() as u64;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(write_zero()));
            }
            this.buf.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Flushing the inner io does not write out `self.buf`.
        ready!(Pin::new(&mut self.inner).poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 4. FrameBuffer: `_ =` on its own flush, then reports success.
// ---------------------------------------------------------------------------

pub struct FrameBuffer<W> {
    inner: W,
    frames: Vec<Vec<u8>>,
    closed: bool,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for FrameBuffer<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.closed {
            return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
        }
        self.frames.push(buf.to_vec());
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while let Some(frame) = this.frames.first_mut() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, frame))?; //~ ok
            if n == frame.len() {
                this.frames.remove(0);
            } else {
                frame.drain(..n);
            }
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        _ = self.as_mut().poll_flush(cx); //~ shutdown_without_flush
        self.closed = true;
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// 5. RecordWriter: shuts down first, flushes afterwards (wrong order).
// ---------------------------------------------------------------------------

pub struct RecordWriter<W> {
    inner: W,
    pending: Vec<u8>,
    records: usize,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for RecordWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.pending.extend_from_slice(&(buf.len() as u32).to_be_bytes());
        self.pending.extend_from_slice(buf);
        self.records += 1;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.pending.is_empty() {
                return Pin::new(&mut this.inner).poll_flush(cx); //~ ok
            }
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.pending))?; //~ ok
            this.pending.drain(..n);
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.inner).poll_shutdown(cx))?; //~ shutdown_without_flush
        // Too late: the stream is already shut down.
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// 6. SpillWriter: the shutdown call spans lines and is matched.
// ---------------------------------------------------------------------------

pub struct SpillWriter<W> {
    inner: W,
    spill: Vec<u8>,
    shut: bool,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for SpillWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) { //~ ok
            Poll::Ready(r) => Poll::Ready(r),
            Poll::Pending => {
                self.spill.extend_from_slice(buf);
                Poll::Ready(Ok(buf.len()))
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.spill.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.spill))?; //~ ok
            this.spill.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = match Pin::new(&mut self.inner)
            .poll_shutdown(cx) //~ shutdown_without_flush
        {
            Poll::Ready(res) => res,
            Poll::Pending => return Poll::Pending,
        };
        self.shut = true;
        Poll::Ready(res)
    }
}

// ---------------------------------------------------------------------------
// 7. ChunkWriter: writes the last chunk, then `_ =` on its own flush.
// ---------------------------------------------------------------------------

pub struct ChunkWriter<W> {
    inner: W,
    chunk: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for ChunkWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let header = format!("{:x}\r\n", buf.len());
        self.chunk.extend_from_slice(header.as_bytes());
        self.chunk.extend_from_slice(buf);
        self.chunk.extend_from_slice(b"\r\n");
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.chunk.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.chunk))?; //~ ok
            this.chunk.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.chunk.extend_from_slice(b"0\r\n\r\n");
        _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

// ---------------------------------------------------------------------------
// Negatives
// ---------------------------------------------------------------------------

/// 8. Correct: waits for its own flush with `ready!`.
pub struct FlushFirstWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for FlushFirstWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            this.buf.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// 9. Correct: the flush is matched and `Pending` is returned.
pub struct MatchFlushWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for MatchFlushWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            this.buf.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.as_mut().poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Ready(Ok(())) => {}
        }
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// 10. Correct: `is_pending()` guard after `?`.
pub struct GuardedWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for GuardedWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            this.buf.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.as_mut().poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// 11. Correct: the close method drains the buffer through a helper on self.
pub struct DrainFirstWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> DrainFirstWriter<W> {
    fn poll_drain_pending(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            this.buf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for DrainFirstWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_drain_pending(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_drain_pending(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// 12. Correct: a pure pass-through wrapper (no buffer of its own).
pub struct Passthrough<W> {
    io: W,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Passthrough<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf) //~ ok
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

/// 13. Correct: pass-through that only counts what goes by.
pub struct Metered<W> {
    io: W,
    bytes: u64,
    flushes: u64,
    shutdown_at: Option<u64>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Metered<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let n = ready!(Pin::new(&mut self.io).poll_write(cx, buf))?; //~ ok
        self.bytes += n as u64;
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        if res.is_ready() {
            self.flushes += 1;
        }
        res
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = ready!(Pin::new(&mut self.io).poll_shutdown(cx)); //~ ok
        self.shutdown_at = Some(self.bytes);
        Poll::Ready(res)
    }
}

/// 14. Correct: flushes self through `Pin::new(&mut *self)`.
pub struct ReborrowWriter<W> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for ReborrowWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buf.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buf))?; //~ ok
            this.buf.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut *self).poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}
