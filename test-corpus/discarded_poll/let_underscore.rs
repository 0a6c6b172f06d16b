#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / let_underscore: a write-side `Poll` bound to nothing.
//!
//! Covers `let _ = E;`, `let _: T = E;`, `_ = E;`, `drop(E)`,
//! `std::mem::drop(E)`, `mem::drop(E)`, `let _name = E;` whose name is never
//! read again, and a bare `E;` statement, each with and without `?`.
//! Negatives: bindings that are read later, and bool queries on the poll.

use std::io;
use std::mem;
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

/// Length-prefixed frame writer over an inner transport.
pub struct FramedWriter<W> {
    io: W,
    pending: Vec<u8>,
    written: usize,
    flushes: u64,
}

impl<W: AsyncWrite + Unpin> FramedWriter<W> {
    pub fn new(io: W) -> Self {
        FramedWriter { io, pending: Vec::new(), written: 0, flushes: 0 }
    }

    pub fn push_frame(&mut self, payload: &[u8]) {
        self.pending.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        self.pending.extend_from_slice(payload);
    }

    /// Correct: every poll is either propagated with `ready!` or matched.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = match Pin::new(&mut self.io).poll_write(cx, &self.pending[self.written..]) { //~ ok
                Poll::Ready(Ok(0)) => {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                Poll::Ready(Ok(n)) => n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }

    /// Bug: flush is started but its readiness is ignored.
    pub fn poll_send_plain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        let _ = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        self.flushes += 1;
        Poll::Ready(Ok(()))
    }

    /// Bug: `?` only strips the error; `Poll<()>` is still dropped.
    pub fn poll_send_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        self.flushes += 1;
        Poll::Ready(Ok(()))
    }

    /// Bug: a typed wildcard is still a wildcard.
    pub fn poll_send_typed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        let _: Poll<io::Result<()>> = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_typed_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        let _: Poll<()> = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// Bug: underscore assignment (edition 2021 destructuring assignment).
    pub fn poll_send_assign(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        _ = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_assign_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// Bug: explicit drop of the poll.
    pub fn poll_close_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        drop(Pin::new(&mut self.io).poll_flush(cx)); //~ discarded_poll
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    pub fn poll_close_std_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::mem::drop(Pin::new(&mut self.io).poll_flush(cx)); //~ discarded_poll
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    pub fn poll_close_mem_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        mem::drop(Pin::new(&mut self.io).poll_flush(cx)?); //~ discarded_poll
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    /// Bug: an underscore-prefixed name that is never looked at again.
    pub fn poll_close_named(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _flushed = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        self.flushes += 1;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    pub fn poll_close_named_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ignored = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    /// Bug: bare expression statements.
    pub fn poll_close_stmt(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx); //~ rustc
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    pub fn poll_close_stmt_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)?; //~ rustc
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    /// Correct: `_state` is read on the next line, so it is not discarded.
    pub fn poll_close_named_used(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _state = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        if _state.is_pending() {
            return Poll::Pending;
        }
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    /// Correct: the poll is bound and then returned.
    pub fn poll_flush_bound(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let p = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        self.flushes += 1;
        p
    }

    /// Correct: only a bool derived from the poll is discarded.
    pub fn kick_flush(&mut self, cx: &mut Context<'_>) {
        let _ = Pin::new(&mut self.io).poll_flush(cx).is_ready(); //~ ok
    }

    pub fn kick_flush_pending(&mut self, cx: &mut Context<'_>) -> bool {
        let _ = Pin::new(&mut self.io).poll_flush(cx).is_pending(); //~ ok
        Pin::new(&mut self.io).poll_flush(cx).is_pending() //~ ok
    }

    /// Correct: `?` then a bool query; the Pending case is returned explicitly.
    pub fn poll_guarded(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }
}

/// Trait impl: the classic "flush before shutdown" bug.
impl<W: AsyncWrite + Unpin> AsyncWrite for FramedWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.push_frame(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
