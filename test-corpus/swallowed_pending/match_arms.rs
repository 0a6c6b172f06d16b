#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! swallowed_pending / match_arms: a `match` on a write-side poll, used as a
//! statement, whose `Poll::Pending` arm (or a `_` arm standing in for it) is
//! empty, so the code after the match runs as if the write had finished.
//!
//! Positives: `Poll::Pending => {}`, `=> ()`, `_ => {}`, `_ => ()`, a block
//! holding only a comment, a fully qualified `std::task::Poll::Pending`, a
//! multi-line scrutinee, a `?` scrutinee, a trailing `;`, on poll_flush,
//! poll_write, poll_write_vectored, poll_shutdown and a custom poll helper.
//! Negatives: the Pending arm returns `Poll::Pending`, the match is the
//! function's tail, the match initialises a binding, the `_` arm comes after
//! an explicit returning Pending arm, and read-side polls.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    Init,
    Body,
    KeepAlive,
    Closed,
}

/// The write half of an HTTP/1-ish connection.
pub struct Conn<W> {
    io: W,
    head: Vec<u8>,
    body: Vec<u8>,
    writing: Writing,
    flushed: bool,
    dirty: bool,
    want_flush: bool,
    responses: u64,
    last_error: Option<io::Error>,
}

impl<W: AsyncWrite + AsyncRead + Unpin> Conn<W> {
    // ---- positives ----

    /// The classic: `Pending` falls through and the response is counted.
    pub fn poll_end_response(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(Ok(())) => self.flushed = true,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        self.writing = Writing::KeepAlive;
        self.responses += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_unit(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(Ok(())) => self.flushed = true,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => (),
        }
        self.writing = Writing::KeepAlive;
        Poll::Ready(Ok(()))
    }

    /// A wildcard arm covers `Pending` and does nothing.
    pub fn poll_end_wildcard(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            _ => {}
        }
        self.writing = Writing::Init;
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_wildcard_unit(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(Ok(())) => self.dirty = false,
            _ => (),
        }
        self.writing = Writing::Init;
        Poll::Ready(Ok(()))
    }

    /// An arm holding only a comment is still empty.
    pub fn poll_end_commented(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(res) => res?,
            Poll::Pending => {
                // the next request will flush again
            }
        }
        self.writing = Writing::KeepAlive;
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_qualified(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            std::task::Poll::Ready(res) => res?,
            std::task::Poll::Pending => {}
        }
        self.flushed = true;
        Poll::Ready(Ok(()))
    }

    /// Reported on the line of the method name.
    pub fn poll_end_multiline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io)
            .poll_flush(cx) //~ swallowed_pending
        {
            Poll::Ready(res) => res?,
            Poll::Pending => {}
        }
        self.writing = Writing::KeepAlive;
        Poll::Ready(Ok(()))
    }

    /// `?` first: the match is on `Poll<()>`.
    pub fn poll_end_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx)? { //~ swallowed_pending
            Poll::Ready(()) => self.dirty = false,
            Poll::Pending => {}
        }
        self.responses += 1;
        Poll::Ready(Ok(()))
    }

    /// The same with a trailing semicolon after the match.
    pub fn poll_end_semi(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(res) => res?,
            Poll::Pending => {}
        };
        self.writing = Writing::Init;
        Poll::Ready(Ok(()))
    }

    /// A short write is handled, a pending write is not.
    pub fn poll_write_head(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_write(cx, &self.head) { //~ swallowed_pending
            Poll::Ready(Ok(n)) => {
                self.head.drain(..n);
            }
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        self.writing = Writing::Body;
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_parts(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let bufs = [IoSlice::new(&self.head), IoSlice::new(&self.body)];
        match Pin::new(&mut self.io).poll_write_vectored(cx, &bufs) { //~ swallowed_pending
            Poll::Ready(Ok(n)) => self.responses += n as u64,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        self.head.clear();
        self.body.clear();
        Poll::Ready(Ok(()))
    }

    /// Half-close: the state says `Closed` while the FIN may not be sent.
    pub fn poll_half_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_shutdown(cx) { //~ swallowed_pending
            Poll::Ready(Err(e)) => self.last_error = Some(e),
            Poll::Ready(Ok(())) => {}
            Poll::Pending => {}
        }
        self.writing = Writing::Closed;
        Poll::Ready(Ok(()))
    }

    fn poll_drain_body(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.body.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.body))?; //~ ok
            self.body.drain(..n);
        }
        Poll::Ready(Ok(()))
    }

    /// A custom write-side poll helper, swallowed the same way.
    pub fn poll_finish_body(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.poll_drain_body(cx) { //~ swallowed_pending
            Poll::Ready(res) => res?,
            Poll::Pending => {}
        }
        self.writing = Writing::KeepAlive;
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }

    /// Inside an `if`: the block goes on after the match.
    pub fn poll_maybe_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.want_flush {
            match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
                Poll::Ready(res) => res?,
                Poll::Pending => {}
            }
            self.want_flush = false;
        }
        Poll::Ready(Ok(()))
    }

    /// Inside a match arm of the state machine.
    pub fn poll_state(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.writing {
            Writing::Body => {
                match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    _ => {}
                }
                self.writing = Writing::KeepAlive;
            }
            Writing::Init | Writing::KeepAlive | Writing::Closed => {}
        }
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn poll_end_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(Ok(())) => self.flushed = true,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => return Poll::Pending,
        }
        self.writing = Writing::KeepAlive;
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_checked_block(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => {
                self.want_flush = true;
                return Poll::Pending;
            }
        }
        self.writing = Writing::KeepAlive;
        Poll::Ready(Ok(()))
    }

    /// The wildcard only covers `Ready(Ok)`: Pending is handled above it.
    pub fn poll_end_wildcard_after_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            _ => {}
        }
        self.writing = Writing::Init;
        Poll::Ready(Ok(()))
    }

    /// Sets a flag that the caller checks.
    pub fn try_flush_now(&mut self, cx: &mut Context<'_>) -> io::Result<bool> {
        let mut pending = false;
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => pending = true,
        }
        self.dirty = pending;
        Ok(!pending)
    }

    pub fn try_flush_or_mark(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => {
                self.want_flush = true;
            }
        }
        self.responses += 1;
        Ok(())
    }

    /// The match is the function's value.
    pub fn poll_end_tail(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.writing = Writing::KeepAlive;
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => Poll::Ready(res),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Tail of a `()` function: nothing runs after it here, but the caller
    /// cannot tell that the flush is pending.
    pub fn nudge_flush(&mut self, cx: &mut Context<'_>) {
        self.want_flush = false;
        match Pin::new(&mut self.io).poll_flush(cx) { //~ pending_lost_on_return
            Poll::Ready(Err(e)) => self.last_error = Some(e),
            _ => {}
        }
    }

    /// The match initialises a binding; nothing is swallowed.
    pub fn poll_flushed_flag(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let done = match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => {
                res?;
                true
            }
            Poll::Pending => false,
        };
        if !done {
            return Poll::Pending;
        }
        self.flushed = true;
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_head_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_write(cx, &self.head) { //~ ok
            Poll::Ready(Ok(n)) => {
                self.head.drain(..n);
            }
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => return Poll::Pending,
        }
        self.writing = Writing::Body;
        Poll::Ready(Ok(()))
    }

    /// Read side: an empty Pending arm is how a non-blocking read peeks.
    pub fn poll_peek_request(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_read(cx, buf) { //~ ok
            Poll::Ready(Ok(0)) => self.writing = Writing::Closed,
            Poll::Ready(Ok(_)) => self.want_flush = true,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        self.flushed = false;
        Poll::Ready(Ok(()))
    }

    pub fn poll_read_wildcard(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_read(cx, buf) { //~ ok
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            _ => {}
        }
        self.want_flush = true;
        Poll::Ready(Ok(()))
    }

    /// `ready!` and the `is_pending` guard, for completeness.
    pub fn poll_end_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        if Pin::new(&mut self.io).poll_shutdown(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        self.writing = Writing::Closed;
        Poll::Ready(Ok(()))
    }
}
