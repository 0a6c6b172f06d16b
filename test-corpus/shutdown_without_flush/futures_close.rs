#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! shutdown_without_flush / futures_close: futures-io style writers whose
//! close method is `poll_close`, reached through hand-written pin
//! projections (`self.project().io`, `let this = self.project();`).
//!
//! Positives: `this.io.poll_close(cx)` / `self.project().inner.poll_close(cx)`
//! while `poll_flush` writes a buffer; an inner flush that is not a flush of
//! self; a thrown-away own flush; a close that bypasses a buffering layer
//! (`self.io.get_mut()`, `self.io.inner`) that `poll_flush` goes through.
//! Negatives: pass-through wrappers with and without a projection alias, a
//! close that flushes self first, an impl without `poll_flush`, a reader.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

// ---- minimal stand-in for futures_io::AsyncWrite ----

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncRead {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>>;
}

// ---------------------------------------------------------------------------
// 1. FramedWrite: `let this = self.project(); this.io.poll_close(cx)`.
// ---------------------------------------------------------------------------

pub struct FramedWrite<W> {
    io: W,
    buf: Vec<u8>,
}

pub struct FramedWriteProj<'a, W> {
    io: Pin<&'a mut W>,
    buf: &'a mut Vec<u8>,
}

impl<W: Unpin> FramedWrite<W> {
    fn project(self: Pin<&mut Self>) -> FramedWriteProj<'_, W> {
        let me = self.get_mut();
        FramedWriteProj { io: Pin::new(&mut me.io), buf: &mut me.buf }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for FramedWrite<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.buf.extend_from_slice(&(buf.len() as u16).to_be_bytes());
        this.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        while !this.buf.is_empty() {
            let n = ready!(this.io.as_mut().poll_write(cx, this.buf.as_slice()))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            this.buf.drain(..n);
        }
        this.io.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.project();
        this.io.poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 2. Encoder: `self.project().inner.poll_close(cx)` in one expression.
// ---------------------------------------------------------------------------

pub struct Encoder<W> {
    inner: W,
    out: Vec<u8>,
    level: u8,
}

pub struct EncoderProj<'a, W> {
    inner: Pin<&'a mut W>,
    out: &'a mut Vec<u8>,
    level: &'a mut u8,
}

impl<W: Unpin> Encoder<W> {
    fn project(self: Pin<&mut Self>) -> EncoderProj<'_, W> {
        let me = self.get_mut();
        EncoderProj { inner: Pin::new(&mut me.inner), out: &mut me.out, level: &mut me.level }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Encoder<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        for byte in buf {
            this.out.push(byte ^ *this.level);
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        loop {
            if this.out.is_empty() {
                break;
            }
            let n = ready!(this.inner.as_mut().poll_write(cx, this.out.as_slice()))?; //~ ok
            this.out.drain(..n);
        }
        this.inner.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 3. Compressor: throws its own flush away, then closes the projection.
// ---------------------------------------------------------------------------

pub struct Compressor<W> {
    io: W,
    window: Vec<u8>,
    finished: bool,
}

pub struct CompressorProj<'a, W> {
    io: Pin<&'a mut W>,
    window: &'a mut Vec<u8>,
    finished: &'a mut bool,
}

impl<W: Unpin> Compressor<W> {
    fn project(self: Pin<&mut Self>) -> CompressorProj<'_, W> {
        let me = self.get_mut();
        CompressorProj { io: Pin::new(&mut me.io), window: &mut me.window, finished: &mut me.finished }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Compressor<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.window.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        while !this.window.is_empty() {
            let n = ready!(this.io.as_mut().poll_write(cx, this.window.as_slice()))?; //~ ok
            this.window.drain(..n);
        }
        this.io.poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        let this = self.project();
        *this.finished = true;
        this.io.poll_close(cx)
    }
}

// ---------------------------------------------------------------------------
// 4. A buffering layer, and wrappers that flush through it but close past it.
// ---------------------------------------------------------------------------

pub struct BufferedIo<W> {
    pub inner: W,
    buf: Vec<u8>,
}

impl<W> BufferedIo<W> {
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for BufferedIo<W> {
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

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

/// Flushes `self.io` (the buffering layer) but closes the io under it.
pub struct Session<W> {
    io: BufferedIo<W>,
    open: bool,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Session<W> {
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

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.open = false;
        Pin::new(self.io.get_mut()).poll_close(cx) //~ shutdown_without_flush
    }
}

/// Same bypass, through the layer's public field.
pub struct Tunnel<W> {
    io: BufferedIo<W>,
    id: u32,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Tunnel<W> {
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

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = ready!(Pin::new(&mut self.io.inner).poll_close(cx)); //~ shutdown_without_flush
        Poll::Ready(res)
    }
}

/// Correct: closes the buffering layer itself, which flushes first.
pub struct SafeTunnel<W> {
    io: BufferedIo<W>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for SafeTunnel<W> {
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

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_close(cx) //~ ok
    }
}

// ---------------------------------------------------------------------------
// 5. Sealer: flushes the projected inner io, not its own buffer.
// ---------------------------------------------------------------------------

pub struct Sealer<W> {
    io: W,
    sealed: Vec<u8>,
}

pub struct SealerProj<'a, W> {
    io: Pin<&'a mut W>,
    sealed: &'a mut Vec<u8>,
}

impl<W: Unpin> Sealer<W> {
    fn project(self: Pin<&mut Self>) -> SealerProj<'_, W> {
        let me = self.get_mut();
        SealerProj { io: Pin::new(&mut me.io), sealed: &mut me.sealed }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Sealer<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.sealed.extend(buf.iter().rev());
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        while !this.sealed.is_empty() {
            let n = ready!(this.io.as_mut().poll_write(cx, this.sealed.as_slice()))?; //~ ok
            this.sealed.drain(..n);
        }
        this.io.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        ready!(this.io.as_mut().poll_flush(cx))?; //~ ok
        this.io.poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// Negatives
// ---------------------------------------------------------------------------

/// Pass-through through a projection alias.
pub struct Traced<W> {
    io: W,
    label: &'static str,
}

pub struct TracedProj<'a, W> {
    io: Pin<&'a mut W>,
    label: &'a mut &'static str,
}

impl<W: Unpin> Traced<W> {
    fn project(self: Pin<&mut Self>) -> TracedProj<'_, W> {
        let me = self.get_mut();
        TracedProj { io: Pin::new(&mut me.io), label: &mut me.label }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Traced<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.io.poll_write(cx, buf) //~ ok
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.project();
        this.io.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.project();
        this.io.poll_close(cx) //~ ok
    }
}

/// Pass-through with `self.project().io` in one expression.
pub struct Compat<W> {
    io: W,
}

pub struct CompatProj<'a, W> {
    io: Pin<&'a mut W>,
}

impl<W: Unpin> Compat<W> {
    fn project(self: Pin<&mut Self>) -> CompatProj<'_, W> {
        CompatProj { io: Pin::new(&mut self.get_mut().io) }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Compat<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().io.poll_write(cx, buf) //~ ok
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_close(cx) //~ ok
    }
}

/// Correct FramedWrite: flush self, then close the projection.
pub struct LengthDelimited<W> {
    io: W,
    buf: Vec<u8>,
}

pub struct LengthDelimitedProj<'a, W> {
    io: Pin<&'a mut W>,
    buf: &'a mut Vec<u8>,
}

impl<W: Unpin> LengthDelimited<W> {
    fn project(self: Pin<&mut Self>) -> LengthDelimitedProj<'_, W> {
        let me = self.get_mut();
        LengthDelimitedProj { io: Pin::new(&mut me.io), buf: &mut me.buf }
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for LengthDelimited<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.buf.extend_from_slice(&(buf.len() as u32).to_le_bytes());
        this.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut this = self.project();
        while !this.buf.is_empty() {
            let n = ready!(this.io.as_mut().poll_write(cx, this.buf.as_slice()))?; //~ ok
            this.buf.drain(..n);
        }
        this.io.poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        self.project().io.poll_close(cx) //~ ok
    }
}

/// Correct: the flush is matched; any non-success is returned as is.
pub struct Armored<W> {
    io: W,
    lines: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Armored<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        for chunk in buf.chunks(64) {
            self.lines.extend_from_slice(chunk);
            self.lines.push(b'\n');
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.lines.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.lines))?; //~ ok
            this.lines.drain(..n);
        }
        Pin::new(&mut this.io).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.as_mut().poll_flush(cx) { //~ ok
            Poll::Ready(Ok(())) => {}
            other => return other,
        }
        Pin::new(&mut self.io).poll_close(cx) //~ ok
    }
}

/// No `poll_flush` in this impl: a close handle that only closes.
pub struct CloseHandle<W> {
    io: W,
    closed: bool,
}

impl<W: AsyncWrite + Unpin> CloseHandle<W> {
    pub fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.closed {
            return Poll::Ready(Ok(()));
        }
        ready!(Pin::new(&mut self.io).poll_close(cx))?; //~ ok
        self.closed = true;
        Poll::Ready(Ok(()))
    }
}

/// Read-only half: reads, and closes the shared io when done.
pub struct ReadHalf<R> {
    io: R,
    eof: bool,
}

impl<R: AsyncRead + AsyncWrite + Unpin> ReadHalf<R> {
    pub fn poll_read_some(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        let n = ready!(Pin::new(&mut self.io).poll_read(cx, buf))?; //~ ok
        if n == 0 {
            self.eof = true;
        }
        Poll::Ready(Ok(n))
    }

    pub fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_close(cx) //~ ok
    }
}
