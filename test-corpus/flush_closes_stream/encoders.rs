#![allow(unused, dead_code)]
//! flush_closes_stream / encoders: a `poll_flush` that closes the writer it
//! flushes into.
//!
//! Positives: an encoder whose `poll_flush` ends with the inner
//! `poll_shutdown`; a Sink whose `poll_flush` closes the inner sink; a
//! flush that starts a `shutdown()` future.
//! Negatives: the inner `poll_flush` in `poll_flush`, the inner
//! `poll_shutdown` in `poll_shutdown`, a closure in `poll_flush` that is
//! only handed on.

use std::future::Future;
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

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

/// Compresses into `inner`; a flush finishes the compressed stream.
pub struct Encoder<W> {
    inner: W,
    out: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Encoder<W> {
    fn poll_write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.out.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.out))?;
            self.out.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Encoder<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.out.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_out(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ flush_closes_stream
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_out(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// Right: the flush flushes.
pub struct GoodEncoder<W> {
    inner: W,
    out: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for GoodEncoder<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.out.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.out.is_empty() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &this.out))?;
            this.out.drain(..n);
        }
        // Handed on, not run here.
        let _later = |w: &mut W, cx: &mut Context<'_>| Pin::new(w).poll_shutdown(cx); //~ ok
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx) //~ ok
    }
}

/// A Sink that closes its inner sink on every flush.
pub struct Closing<S> {
    inner: S,
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for Closing<S> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.inner).poll_ready(cx)
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        Pin::new(&mut self.inner).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.inner).poll_close(cx) //~ flush_closes_stream
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

/// A connection whose shutdown is a future.
pub struct Conn;

impl Conn {
    pub async fn shutdown(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct Pipe {
    conn: Conn,
}

impl Pipe {
    /// Starts a shutdown of the connection as its flush.
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let shutdown = self.conn.shutdown(); //~ flush_closes_stream
        let mut shutdown = std::pin::pin!(shutdown);
        shutdown.as_mut().poll(cx)
    }
}
