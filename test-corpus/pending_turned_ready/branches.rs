#![allow(unused, dead_code)]
//! pending_turned_ready / branches: a write-side poll's `Pending` turned
//! into a bool or a branch whose pending side returns `Poll::Ready`.
//!
//! Positives: `is_pending()` in the condition, `!is_ready()`, `if let
//! Poll::Pending`, a local bool read with `!`, `&&` and `||`, the `else` of
//! an `is_ready()` test, a Sink's `poll_ready` in a forwarder.
//! Negatives: the pending branch returns `Poll::Pending`, an error, or a
//! payload holding `false`; it breaks out of a loop; the bool decides
//! something other than what is returned; the local is assigned again;
//! `poll_write` buffering while a flush is pending; a pending branch that
//! flushes before it yields; read-side polls.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncRead {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>>;
}

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

pub struct Conn<T> {
    io: T,
    buf: Vec<u8>,
    wants_read: bool,
    closing: bool,
}

impl<T: AsyncWrite + AsyncRead + Unpin> Conn<T> {
    /// The dispatcher shape: "nothing more to do" while the flush is pending.
    pub fn poll_loop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.io).poll_flush(cx)?.is_ready(); //~ pending_turned_ready
        if !flushed && !self.wants_read {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    /// Pending answered with "done" directly.
    pub fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_write(cx, &self.buf)?.is_pending() { //~ pending_turned_ready
            return Poll::Ready(Ok(()));
        }
        self.buf.clear();
        Poll::Ready(Ok(()))
    }

    /// `!is_ready()` is the same test.
    pub fn poll_finish(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.closing && !Pin::new(&mut self.io).poll_shutdown(cx)?.is_ready() { //~ pending_turned_ready
            return Poll::Ready(Ok(()));
        }
        Poll::Ready(Ok(()))
    }

    /// `if let Poll::Pending = …`.
    pub fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Pending = Pin::new(&mut self.io).poll_flush(cx) { //~ pending_turned_ready
            return Poll::Ready(Ok(()));
        }
        Poll::Ready(Ok(()))
    }

    /// The `else` of a readiness test is the pending side.
    pub fn poll_done(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_ready() { //~ pending_turned_ready
            self.closing = true;
        } else {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    /// A local read with `||`: `pending || closing` holds when pending.
    pub fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let pending = Pin::new(&mut self.io).poll_flush(cx)?.is_pending(); //~ pending_turned_ready
        self.buf.clear();
        if pending || self.closing {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    // ----- correct code -----

    /// Correct: the pending side returns `Pending`.
    pub fn poll_flushed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    /// Correct: the ready side returns `Ready`; the pending side goes on.
    pub fn poll_quick(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_ready() { //~ ok
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    /// Correct: the caller is told the flush did not finish.
    pub fn poll_try_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Ready(Ok(false));
        }
        Poll::Ready(Ok(true))
    }

    /// Correct: an error on the pending side.
    pub fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() && self.closing { //~ ok
            return Poll::Ready(Err(io::ErrorKind::TimedOut.into()));
        }
        Poll::Ready(Ok(()))
    }

    /// Correct: the pending side leaves the loop, which returns `Pending`.
    pub fn poll_many(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
                break;
            }
            if self.buf.is_empty() {
                return Poll::Ready(Ok(()));
            }
        }
        Poll::Pending
    }

    /// Correct: the local is assigned again before it is read.
    pub fn poll_retry(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut flushed = Pin::new(&mut self.io).poll_flush(cx)?.is_ready(); //~ ok
        if !flushed {
            flushed = Pin::new(&mut self.io).poll_flush(cx)?.is_ready(); //~ ok
        }
        if !flushed {
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    /// Correct: the bool decides what to read, not what to return.
    pub fn poll_both(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.io).poll_flush(cx)?.is_ready(); //~ ok
        if flushed {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    /// Correct: the pending branch flushes what the write buffered before
    /// it yields, so the flush is on its way (and woke-up if pending).
    pub fn poll_yield(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_write(cx, &self.buf)?.is_pending() { //~ ok
            if !self.buf.is_empty() {
                ready!(Pin::new(&mut self.io).poll_flush(cx))?;
            }
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    /// Correct: a read-side poll.
    pub fn poll_peek(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut byte = [0u8; 1];
        if Pin::new(&mut self.io).poll_read(cx, &mut byte)?.is_pending() { //~ ok
            return Poll::Ready(Ok(()));
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Conn<T> {
    /// Correct: a write may take bytes into the buffer while an earlier
    /// flush is still pending.
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.buf.len() > 8192 && Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            self.buf.extend_from_slice(buf);
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// A forwarder whose sink is not ready: `Ready(Ok(()))` says it sent.
pub fn poll_forward<S: Sink<Vec<u8>, Error = io::Error> + Unpin>(
    sink: &mut S,
    item: &mut Option<Vec<u8>>,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    if Pin::new(&mut *sink).poll_ready(cx)?.is_pending() { //~ pending_turned_ready
        *item = None;
        return Poll::Ready(Ok(()));
    }
    if let Some(item) = item.take() {
        Pin::new(&mut *sink).start_send(item)?;
    }
    Poll::Ready(Ok(()))
}
