#![allow(unused, dead_code)]
//! close_ignores_flush_error / closes: a flush whose `Pending` is passed on
//! but whose error is thrown away, before a close.
//!
//! Positives: `Poll::Ready(_) => {}` in `poll_close`, a `_` arm after a
//! `Pending` arm that returns, `if let Poll::Pending = … { return
//! Poll::Pending; }` before `poll_shutdown`, `is_pending()` before a
//! `close` in a helper.
//! Negatives: `ready!(…)?`, the error passed on by its own arm, a `?` on
//! the poll, a `Ready(_)` arm that is not empty, no close after the flush,
//! a write (not a flush).

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
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub struct Framed<T> {
    inner: T,
    buffer: Vec<u8>,
    closed: bool,
}

impl<T: AsyncWrite + Unpin> Framed<T> {
    fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Pending = Pin::new(&mut self.inner).poll_flush(cx) { //~ close_ignores_flush_error
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_close(cx)
    }

    fn poll_finish(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.inner).poll_flush(cx).is_pending() { //~ close_ignores_flush_error
            return Poll::Pending;
        }
        self.closed = true;
        Pin::new(&mut self.inner).poll_close(cx)
    }

    // ----- correct code -----

    /// Correct: the error is passed on by `?`.
    fn poll_finish_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Pending = Pin::new(&mut self.inner).poll_flush(cx)? { //~ ok
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_close(cx)
    }

    /// Correct: nothing is closed after the flush.
    fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(_) => {}
        }
        self.buffer.clear();
        Poll::Ready(Ok(()))
    }

    /// Correct: a write's count, not a flush.
    fn poll_last(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_write(cx, &self.buffer) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(_) => {}
        }
        Pin::new(&mut self.inner).poll_close(cx)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Framed<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buffer.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buffer.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.buffer))?;
            this.buffer.drain(..n);
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.as_mut().poll_flush(cx) { //~ close_ignores_flush_error
            Poll::Pending => return Poll::Pending,
            Poll::Ready(_) => {}
        }
        Pin::new(&mut self.inner).poll_close(cx)
    }
}

pub struct Checked<T>(Framed<T>);

impl<T: AsyncWrite + Unpin> AsyncWrite for Checked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    /// Correct: the error has its own arm.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.0).poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            _ => {}
        }
        Pin::new(&mut self.0).poll_close(cx)
    }
}

pub struct Lenient<T>(Framed<T>);

impl<T: AsyncWrite + Unpin> AsyncWrite for Lenient<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    /// A `_` arm after the `Pending` one takes `Ready(Err(_))` too.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.0).poll_flush(cx) { //~ close_ignores_flush_error
            Poll::Pending => return Poll::Pending,
            _ => {}
        }
        Pin::new(&mut self.0).poll_close(cx)
    }
}
