#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / call_spellings: the same bug spelled every way a
//! write-side poll can be called.
//!
//! `self.poll_x(cx)`, `Pin::new(&mut self.io).poll_x(cx)`,
//! `Pin::new(&mut *x).poll_x(cx)`, `self.as_mut().poll_x(cx)`,
//! `self.project().inner.poll_x(cx)`, `self.inner.poll_x(cx)`, UFCS
//! `Trait::poll_x(p, cx)`, `<T as Trait>::poll_x(p, cx)`, free functions
//! (`poll_write_buf`, a custom `poll_drain_buffer`), and multi-line chains
//! (the finding sits on the line holding the method name / path start).
//! Write-side names exercised: poll_write, poll_write_vectored, poll_flush,
//! poll_shutdown, poll_close, poll_ready, poll_write_buf, poll_write_ready,
//! poll_drain_buffer.

use std::collections::VecDeque;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

// ---- minimal stand-ins for tokio / futures traits ----

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &**b);
        self.poll_write(cx, first) //~ ok
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

/// Minimal `bytes::Buf`.
pub trait Buf {
    fn chunk(&self) -> &[u8];
    fn advance(&mut self, n: usize);
}

impl Buf for VecDeque<u8> {
    fn chunk(&self) -> &[u8] {
        self.as_slices().0
    }
    fn advance(&mut self, n: usize) {
        self.drain(..n);
    }
}

/// Free function in the style of `tokio_util::io::poll_write_buf`.
pub fn poll_write_buf<W: AsyncWrite + ?Sized, B: Buf>(
    io: Pin<&mut W>,
    cx: &mut Context<'_>,
    buf: &mut B,
) -> Poll<io::Result<usize>> {
    let n = ready!(io.poll_write(cx, buf.chunk()))?; //~ ok
    buf.advance(n);
    Poll::Ready(Ok(n))
}

pub mod util {
    pub use super::poll_write_buf;
}

/// Custom write-side poll helper (name starts with `poll_`, not read-side).
pub fn poll_drain_buffer<W: AsyncWrite + Unpin>(
    io: &mut W,
    cx: &mut Context<'_>,
    buf: &mut VecDeque<u8>,
) -> Poll<io::Result<()>> {
    while !buf.is_empty() {
        ready!(poll_write_buf(Pin::new(&mut *io), cx, buf))?; //~ ok
    }
    Pin::new(io).poll_flush(cx) //~ ok
}

// ---- 1. inherent `&mut self` polls on a mio-style socket ----

pub struct RawSocket {
    out: Vec<u8>,
    writable: bool,
}

impl RawSocket {
    pub fn poll_write_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.writable {
            Poll::Ready(Ok(()))
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    pub fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_write_ready(cx))?; //~ ok
        self.out.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_ready(cx))?; //~ ok
        self.out.clear();
        Poll::Ready(Ok(()))
    }

    pub fn poll_drain_buffer(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let n = self.out.len();
        ready!(self.poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(n))
    }

    /// Bug: `self.poll_x(cx)` spelled with a plain receiver.
    pub fn poll_finish(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.poll_write_ready(cx); //~ discarded_poll
        self.poll_flush(cx); //~ rustc
        Poll::Ready(Ok(()))
    }

    pub fn poll_finish_counted(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        self.poll_drain_buffer(cx)?; //~ rustc
        Poll::Ready(Ok(self.out.len()))
    }
}

// ---- 2. `self.inner.poll_x(..)` through a field ----

pub struct TcpStream {
    inner: RawSocket,
}

impl AsyncWrite for TcpStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let _ = self.inner.poll_write_ready(cx)?; //~ discarded_poll
        self.inner.poll_write(cx, buf) //~ ok
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.inner.poll_write(cx, b"\r\n"); //~ discarded_poll
        self.inner.poll_drain_buffer(cx).map_ok(|_| ()) //~ ok
    }
}

// ---- 3. `Pin::new(&mut self.io)` and multi-line chains ----

pub struct Buffered<W> {
    io: W,
    buf: VecDeque<u8>,
}

impl<W: AsyncWrite + Unpin> Buffered<W> {
    pub fn poll_write_through(&mut self, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let _ = Pin::new(&mut self.io).poll_write(cx, data); //~ discarded_poll
        Poll::Ready(Ok(data.len()))
    }

    pub fn poll_write_slices(&mut self, cx: &mut Context<'_>, a: &[u8], b: &[u8]) -> Poll<io::Result<()>> {
        let bufs = [IoSlice::new(a), IoSlice::new(b)];
        let _ = Pin::new(&mut self.io).poll_write_vectored(cx, &bufs)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_multiline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut self.io)
            .poll_flush(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_shutdown_multiline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io)
            .poll_shutdown(cx)?; //~ rustc
        Poll::Ready(Ok(()))
    }

    /// Free function and module-path spellings.
    pub fn poll_push(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = poll_write_buf(Pin::new(&mut self.io), cx, &mut self.buf); //~ discarded_poll
        util::poll_write_buf(Pin::new(&mut self.io), cx, &mut self.buf)?; //~ rustc
        drop(poll_drain_buffer(&mut self.io, cx, &mut self.buf)); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// Correct: every spelling propagated.
    pub fn poll_push_ok(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(poll_write_buf(Pin::new(&mut self.io), cx, &mut self.buf))?; //~ ok
        ready!(poll_drain_buffer(&mut self.io, cx, &mut self.buf))?; //~ ok
        Pin::new(&mut self.io)
            .poll_flush(cx) //~ ok
    }
}

// ---- 4. `Pin::new(&mut *x)` over borrowed / boxed writers ----

pub fn poll_close_all<W: AsyncWrite + Unpin>(
    conns: &mut [W],
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    for x in conns.iter_mut() {
        let _ = Pin::new(&mut *x).poll_shutdown(cx); //~ discarded_poll
    }
    Poll::Ready(Ok(()))
}

pub fn poll_close_boxed(
    conns: &mut Vec<Box<dyn AsyncWrite + Unpin>>,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    for x in conns.iter_mut() {
        Pin::new(&mut **x).poll_flush(cx)?; //~ rustc
        ready!(Pin::new(&mut **x).poll_shutdown(cx))?; //~ ok
    }
    Poll::Ready(Ok(()))
}

// ---- 5. UFCS and qualified paths ----

pub fn poll_finish_ufcs<W: AsyncWrite>(mut p: Pin<&mut W>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let _ = AsyncWrite::poll_flush(p.as_mut(), cx); //~ discarded_poll
    <W as AsyncWrite>::poll_shutdown(p.as_mut(), cx)?; //~ rustc
    drop(crate::AsyncWrite::poll_write(p.as_mut(), cx, b"bye")); //~ discarded_poll
    let _ = <W as AsyncWrite>::poll_write_vectored( //~ discarded_poll
        p.as_mut(),
        cx,
        &[IoSlice::new(b"a"), IoSlice::new(b"b")],
    );
    <W as AsyncWrite>::poll_shutdown(p, cx) //~ ok
}

pub fn poll_finish_ufcs_ok<W: AsyncWrite>(mut p: Pin<&mut W>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ready!(AsyncWrite::poll_flush(p.as_mut(), cx))?; //~ ok
    return <W as AsyncWrite>::poll_shutdown(p, cx); //~ ok
}

// ---- 6. `self.project().inner.poll_x(..)` on a pinned, !Unpin writer ----

pub struct Compressor<W> {
    inner: W,
    staged: Vec<u8>,
}

struct CompressorProj<'a, W> {
    inner: Pin<&'a mut W>,
    staged: &'a mut Vec<u8>,
}

impl<W> Compressor<W> {
    fn project(self: Pin<&mut Self>) -> CompressorProj<'_, W> {
        // SAFETY: `inner` is structurally pinned, `staged` is never pinned.
        unsafe {
            let this = self.get_unchecked_mut();
            CompressorProj { inner: Pin::new_unchecked(&mut this.inner), staged: &mut this.staged }
        }
    }
}

impl<W: AsyncWrite> AsyncWrite for Compressor<W> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.project();
        this.staged.extend(buf.iter().map(|b| b ^ 0x5a));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.as_mut().project();
        if !this.staged.is_empty() {
            let n = ready!(this.inner.poll_write(cx, &this.staged[..]))?; //~ ok
            this.staged.drain(..n);
        }
        self.project().inner.poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self
            .as_mut()
            .project()
            .inner
            .poll_flush(cx)?; //~ discarded_poll
        self.project().inner.poll_shutdown(cx) //~ shutdown_without_flush
    }
}

impl<W: AsyncWrite> Compressor<W> {
    /// Bug: fire-and-forget flush through the projection.
    pub fn poll_abandon(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.project().inner.poll_flush(cx); //~ rustc
        Poll::Ready(())
    }
}

// ---- 7. Sink: poll_ready / poll_close, `self.as_mut()` ----

pub struct LineSink<S> {
    inner: S,
    queued: VecDeque<String>,
}

impl<S: Sink<String> + Unpin> Sink<String> for LineSink<S> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let _ = Pin::new(&mut self.inner).poll_ready(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: String) -> Result<(), S::Error> {
        self.queued.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        while let Some(line) = self.queued.pop_front() {
            ready!(Pin::new(&mut self.inner).poll_ready(cx))?; //~ ok
            Pin::new(&mut self.inner).start_send(line)?;
        }
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

impl<S: Sink<String> + Unpin> LineSink<S> {
    pub fn poll_abort(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = self.as_mut().poll_close(cx); //~ discarded_poll
        self.queued.clear();
        Poll::Ready(())
    }

    pub fn poll_abort_ufcs(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = Sink::poll_ready(self.as_mut(), cx); //~ discarded_poll
        <Self as Sink<String>>::poll_close(self.as_mut(), cx); //~ rustc
        Poll::Ready(())
    }
}
