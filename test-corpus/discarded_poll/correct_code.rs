#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / correct_code: a line-delimited codec and a fan-out
//! writer that handle every write-side poll properly. Nothing in this file
//! may fire. Shapes: `ready!(E)?`, `ready!(E?)`, `if E?.is_pending()`,
//! `match E { Pending => return Pending, Ready(r) => r? }`, `let-else`,
//! `if let`, bound-then-returned, tail expressions, `return E`, polls passed
//! to functions or stored, bool queries, and `poll_fn` construction — in
//! free functions, methods, trait impls, closures, async blocks, nested
//! blocks and match arms.

use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
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

fn record(p: Poll<io::Result<()>>) -> bool {
    p.is_ready()
}

/// Writes `\n`-terminated lines into an inner transport.
pub struct LinesCodec<W> {
    io: W,
    buf: Vec<u8>,
    last_flush: Poll<io::Result<()>>,
    history: Vec<Poll<io::Result<()>>>,
}

impl<W: AsyncWrite + Unpin> LinesCodec<W> {
    fn poll_write_buffered(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.buf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_ready_then_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_buffered(cx))?; //~ ok
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_try_inside_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_buffered(cx)?); //~ ok
        ready!(Pin::new(&mut self.io).poll_flush(cx)?); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_is_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut self.io).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_match(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r?,
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_let_else(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Poll::Ready(res) = Pin::new(&mut self.io).poll_flush(cx) else { //~ ok
            return Poll::Pending;
        };
        Poll::Ready(res)
    }

    pub fn poll_flush_bound(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let p = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        p
    }

    pub fn poll_flush_tail(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    pub fn poll_close_return(&mut self, cx: &mut Context<'_>, graceful: bool) -> Poll<io::Result<()>> {
        if !graceful {
            return Pin::new(&mut self.io).poll_shutdown(cx); //~ ok
        }
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }

    pub fn poll_flush_stored(&mut self, cx: &mut Context<'_>) -> bool {
        self.last_flush = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        self.history.push(Pin::new(&mut self.io).poll_flush(cx)); //~ ok
        record(Pin::new(&mut self.io).poll_flush(cx)) //~ ok
    }

    pub fn flush_is_ready(&mut self, cx: &mut Context<'_>) -> bool {
        let _ = Pin::new(&mut self.io).poll_flush(cx).is_ready(); //~ ok
        let done = Pin::new(&mut self.io).poll_flush(cx).is_ready(); //~ ok
        done
    }

    pub fn poll_nested_blocks(&mut self, cx: &mut Context<'_>, n: usize) -> Poll<io::Result<()>> {
        for _ in 0..n {
            {
                ready!(Pin::new(&mut self.io).poll_write(cx, b"\n"))?; //~ unused_write_amount
            }
        }
        if n > 0 {
            let flushed = Pin::new(&mut self.io).poll_flush(cx); //~ ok
            if flushed.is_pending() {
                return Poll::Pending;
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for LinesCodec<W> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.buf.len() > 8 * 1024 {
            ready!(self.poll_write_buffered(cx))?; //~ ok
        }
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_write_buffered(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

/// A sink forwarding to several writers.
pub struct FanOut<S> {
    outs: Vec<S>,
}

impl<S: Sink<Vec<u8>, Error = io::Error> + Unpin> Sink<Vec<u8>> for FanOut<S> {
    type Error = io::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        for s in self.outs.iter_mut() {
            ready!(Pin::new(s).poll_ready(cx))?; //~ ok
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> io::Result<()> {
        for s in self.outs.iter_mut() {
            Pin::new(s).start_send(item.clone())?;
        }
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut pending = false;
        for s in self.outs.iter_mut() {
            match Pin::new(s).poll_flush(cx) { //~ ok
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => pending = true,
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(Ok(())) }
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        for s in self.outs.iter_mut() {
            ready!(Pin::new(s).poll_close(cx)?); //~ ok
        }
        Poll::Ready(Ok(()))
    }
}

/// Free function with match-arm usage.
pub fn poll_phase<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>, closing: bool) -> Poll<io::Result<()>> {
    match closing {
        true => Pin::new(w).poll_shutdown(cx), //~ ok
        false => {
            let p = Pin::new(w).poll_flush(cx); //~ ok
            p
        }
    }
}

/// Closures and async blocks.
pub async fn drive<W: AsyncWrite + Unpin>(w: &mut W) -> io::Result<()> {
    let flushing = poll_fn(|cx| Pin::new(&mut *w).poll_flush(cx)); //~ ok
    flushing.await?;
    poll_fn(|cx| { //~ ok
        ready!(Pin::new(&mut *w).poll_write(cx, b"bye\n"))?; //~ unused_write_amount
        Pin::new(&mut *w).poll_shutdown(cx) //~ ok
    })
    .await?;
    let inner = async {
        poll_fn(|cx| Pin::new(&mut *w).poll_flush(cx)).await //~ ok
    };
    inner.await
}

pub fn closure_returning<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> bool {
    let mut step = |w: &mut W, cx: &mut Context<'_>| -> Poll<io::Result<()>> {
        if Pin::new(&mut *w).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Pin::new(w).poll_shutdown(cx) //~ ok
    };
    step(w, cx).is_ready()
}
