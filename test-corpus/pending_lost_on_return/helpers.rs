#![allow(unused, dead_code)]
//! pending_lost_on_return / helpers: functions that do not return `Poll`
//! and end by polling a write-side poll, leaving no trace of `Pending`.
//!
//! Positives: an `if let Poll::Ready(Err(e))` with no `else` in a `()`
//! function, a `match` whose `Pending` arm only logs in a `Result`
//! function, a `_` arm covering `Pending` followed by `Ok(())`, a `Pending`
//! arm returning `Ok(())`, a Sink's `poll_ready`.
//! Negatives: `Pending => false`, `Pending` setting a flag, a function
//! returning `Poll` or `bool`, code after the match (`swallowed_pending`'s),
//! a nested block, `drop`, read-side polls.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

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
}

pub struct Socket<T> {
    io: T,
    error: Option<io::Error>,
    flush_pending: bool,
}

impl<T: AsyncWrite + AsyncRead + Unpin> Socket<T> {
    /// Returns `()` whether the flush finished or not.
    pub fn flush_socket(&mut self, cx: &mut Context<'_>) {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ pending_lost_on_return
            self.error = Some(e);
        }
    }

    /// The `Pending` arm only logs, and the caller gets `Ok(())`.
    pub fn flush_now(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ pending_lost_on_return
            Poll::Ready(result) => result,
            Poll::Pending => {
                eprintln!("flush pending");
                Ok(())
            }
        }
    }

    /// A `_` arm covers `Pending`; `Ok(())` after it.
    pub fn shutdown_now(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        match Pin::new(&mut self.io).poll_shutdown(cx) { //~ pending_lost_on_return
            Poll::Ready(Err(e)) => return Err(e),
            _ => {}
        }
        Ok(())
    }

    /// `Pending => return Ok(())`.
    pub fn write_header(&mut self, cx: &mut Context<'_>, header: &[u8]) -> io::Result<()> {
        match Pin::new(&mut self.io).poll_write(cx, header) { //~ pending_lost_on_return
            Poll::Ready(Ok(_)) => Ok(()),
            Poll::Ready(Err(e)) => Err(e),
            Poll::Pending => return Ok(()),
        }
    }

    // ----- correct code -----

    /// Correct: `Pending` is told to the caller.
    pub fn try_flush(&mut self, cx: &mut Context<'_>) -> bool {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(Ok(())) => true,
            Poll::Ready(Err(e)) => {
                self.error = Some(e);
                true
            }
            Poll::Pending => false,
        }
    }

    /// Correct: `Pending` is recorded.
    pub fn flush_later(&mut self, cx: &mut Context<'_>) {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(Err(e)) => self.error = Some(e),
            Poll::Ready(Ok(())) => self.flush_pending = false,
            Poll::Pending => self.flush_pending = true,
        }
    }

    /// Correct: a `Result` of `Poll` hands `Pending` back.
    pub fn poll_both(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            return Poll::Ready(Err(e));
        }
        Poll::Pending
    }

    /// Correct: the flush is not the function's last statement (what
    /// follows is `swallowed_pending`'s to judge).
    pub fn flush_then_mark(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            return Err(e);
        } else {
            self.flush_pending = true;
        }
        Ok(())
    }

    /// Correct: a read-side poll.
    pub fn peek(&mut self, cx: &mut Context<'_>) {
        let mut byte = [0u8; 1];
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_read(cx, &mut byte) { //~ ok
            self.error = Some(e);
        }
    }
}

impl<T> Drop for Socket<T> {
    /// Correct: a `drop` can only try.
    fn drop(&mut self) {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        if let Poll::Ready(Err(e)) = poll_some(&mut cx) { //~ ok
            eprintln!("{e}");
        }
    }
}

fn poll_some(cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    Poll::Ready(Ok(()))
}

/// A sink that is not ready is treated as done.
pub fn offer<S: Sink<Vec<u8>, Error = io::Error> + Unpin>(
    sink: &mut S,
    item: Vec<u8>,
    cx: &mut Context<'_>,
) -> io::Result<()> {
    if let Poll::Ready(ready) = Pin::new(&mut *sink).poll_ready(cx) { //~ pending_lost_on_return
        ready?;
        Pin::new(&mut *sink).start_send(item)?;
    }
    Ok(())
}
