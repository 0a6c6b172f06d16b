#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / contexts: the same discard inside every kind of
//! enclosing construct — free functions, inherent methods, trait impls,
//! trait default methods, nested fn items, closures (block and expression
//! bodies), async blocks, `poll_fn` closures, nested blocks, if/else, match
//! arms, for/while/loop bodies, labeled blocks and inline modules.
//! Each context also has a negative where the poll is used.

use std::future::poll_fn;
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

/// Extension trait with a default method (trait default body context).
pub trait GracefulClose: AsyncWrite {
    fn poll_close_gracefully(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.as_mut().poll_flush(cx); //~ discarded_poll
        self.poll_shutdown(cx) //~ ok
    }

    fn poll_close_checked(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        self.poll_shutdown(cx) //~ ok
    }
}

impl<T: AsyncWrite + ?Sized> GracefulClose for T {}

#[derive(Clone, Copy, PartialEq)]
pub enum Phase {
    Writing,
    Flushing,
    Closing,
    Done,
}

// ---- free functions, loops ----

pub fn poll_flush_all<W: AsyncWrite + Unpin>(writers: &mut [W], cx: &mut Context<'_>) -> Poll<()> {
    for w in writers.iter_mut() {
        let _ = Pin::new(w).poll_flush(cx); //~ discarded_poll
    }
    Poll::Ready(())
}

pub fn poll_flush_all_ok<W: AsyncWrite + Unpin>(
    writers: &mut [W],
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    for w in writers.iter_mut() {
        ready!(Pin::new(w).poll_flush(cx))?; //~ ok
    }
    Poll::Ready(Ok(()))
}

pub fn poll_retry<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>, mut tries: u32) -> Poll<()> {
    while tries > 0 {
        Pin::new(&mut *w).poll_flush(cx); //~ rustc
        tries -= 1;
    }
    loop {
        drop(Pin::new(&mut *w).poll_shutdown(cx)); //~ discarded_poll
        break;
    }
    Poll::Ready(())
}

pub fn poll_outer<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    // nested fn item
    fn kick_inner<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) {
        _ = Pin::new(w).poll_flush(cx); //~ discarded_poll
    }
    kick_inner(w, cx);
    Pin::new(w).poll_flush(cx) //~ ok
}

// ---- nested blocks, if/else, labeled blocks ----

pub fn poll_nested<W: AsyncWrite + Unpin>(
    w: &mut W,
    cx: &mut Context<'_>,
    eager: bool,
) -> Poll<io::Result<()>> {
    {
        let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
    }
    if eager {
        Pin::new(&mut *w).poll_flush(cx)?; //~ rustc
    } else {
        let _skipped = Pin::new(&mut *w).poll_write(cx, b"\n"); //~ discarded_poll
    }
    'finish: {
        if !eager {
            break 'finish;
        }
        let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_shutdown(cx); //~ discarded_poll
    }
    Poll::Ready(Ok(()))
}

pub fn poll_nested_ok<W: AsyncWrite + Unpin>(
    w: &mut W,
    cx: &mut Context<'_>,
    eager: bool,
) -> Poll<io::Result<()>> {
    {
        if Pin::new(&mut *w).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
    }
    let result = if eager {
        Pin::new(&mut *w).poll_flush(cx) //~ ok
    } else {
        Pin::new(&mut *w).poll_shutdown(cx) //~ ok
    };
    result
}

// ---- methods, match arms, trait impls ----

pub struct Connection<W> {
    io: W,
    phase: Phase,
    out: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Connection<W> {
    pub fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.phase {
            Phase::Writing => {
                let _ = Pin::new(&mut self.io).poll_write(cx, &self.out); //~ discarded_poll
                self.phase = Phase::Flushing;
            }
            Phase::Flushing => drop(Pin::new(&mut self.io).poll_flush(cx)), //~ discarded_poll
            Phase::Closing => {
                Pin::new(&mut self.io).poll_shutdown(cx)?; //~ rustc
                self.phase = Phase::Done;
            }
            Phase::Done => {}
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_step_ok(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let p = match self.phase {
            Phase::Writing => Pin::new(&mut self.io).poll_write(cx, &self.out).map_ok(drop), //~ ok
            Phase::Flushing => Pin::new(&mut self.io).poll_flush(cx), //~ ok
            Phase::Closing => return Pin::new(&mut self.io).poll_shutdown(cx), //~ ok
            Phase::Done => Poll::Ready(Ok(())),
        };
        p
    }

    pub fn poll_guarded_arm(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.phase {
            Phase::Flushing if Pin::new(&mut self.io).poll_flush(cx)?.is_ready() => { //~ ok
                self.phase = Phase::Closing;
            }
            _ => {}
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Connection<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.out.len() > 4096 {
            let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        }
        self.out.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.out.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.out))?; //~ ok
            this.out.drain(..n);
        }
        Pin::new(&mut this.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.as_mut().poll_flush(cx); //~ shutdown_without_flush
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

// ---- closures ----

pub fn closures<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) {
    let mut flush_block = |w: &mut W, cx: &mut Context<'_>| {
        let _ = Pin::new(w).poll_flush(cx); //~ discarded_poll
    };
    flush_block(w, cx);

    let flush_expr = |w: &mut W, cx: &mut Context<'_>| drop(Pin::new(w).poll_flush(cx)); //~ discarded_poll
    flush_expr(w, cx);

    let try_in_closure = |w: &mut W, cx: &mut Context<'_>| -> Poll<io::Result<()>> {
        Pin::new(w).poll_flush(cx)?; //~ rustc
        Poll::Ready(Ok(()))
    };
    try_in_closure(w, cx);

    // negatives: closures that return / propagate the poll
    let returns = |w: &mut W, cx: &mut Context<'_>| Pin::new(w).poll_flush(cx); //~ ok
    let propagates = |w: &mut W, cx: &mut Context<'_>| -> Poll<io::Result<()>> {
        ready!(Pin::new(w).poll_shutdown(cx))?; //~ ok
        Poll::Ready(Ok(()))
    };
}

// ---- async blocks and poll_fn ----

pub async fn async_contexts<W: AsyncWrite + Unpin>(w: &mut W) -> io::Result<()> {
    poll_fn(|cx| { //~ ok
        let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        Poll::Ready(())
    })
    .await;

    let fut = poll_fn(|cx| Pin::new(&mut *w).poll_flush(cx)); //~ ok
    fut.await?;

    poll_fn(|cx| { //~ ok
        ready!(Pin::new(&mut *w).poll_shutdown(cx))?; //~ ok
        Poll::Ready(Ok::<(), io::Error>(()))
    })
    .await
}

pub fn async_block_capturing_cx<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    cx: &'a mut Context<'a>,
) -> impl std::future::Future<Output = io::Result<()>> + 'a {
    async move {
        let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
        Ok(())
    }
}

// ---- inline module ----

pub mod teardown {
    use super::*;

    pub fn poll_teardown<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<()> {
        std::mem::drop(Pin::new(&mut *w).poll_flush(cx)); //~ discarded_poll
        let _ = Pin::new(w).poll_shutdown(cx); //~ discarded_poll
        Poll::Ready(())
    }
}
