#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! swallowed_pending / drivers: fan-out flushers, sink forwarders and
//! connection drivers that poll several writers in loops.
//!
//! Positives: an empty Pending (or `_`) arm in a `for` body, a `loop` that
//! spins on a pending write, a best-effort free function, a sink whose
//! `poll_ready` / `poll_close` Pending is ignored, inside a closure.
//! Negatives: the Pending arm breaks out of the loop (which then returns
//! `Pending`), `continue`s, sets a flag, returns `Pending` after waking, the
//! match is a free function's tail, and read-side polls (`poll_next`,
//! `poll_recv`).

use std::collections::VecDeque;
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

pub trait Stream {
    type Item;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>;
}

/// A channel receiver with a tokio-style `poll_recv`.
pub struct Receiver<T> {
    queue: VecDeque<T>,
    closed: bool,
}

impl<T> Receiver<T> {
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.queue.pop_front() {
            Some(item) => Poll::Ready(Some(item)),
            None if self.closed => Poll::Ready(None),
            None => Poll::Pending,
        }
    }
}

// ---------------------------------------------------------------------------
// Free functions over a set of writers
// ---------------------------------------------------------------------------

/// Counts a pending flush as a finished one.
pub fn poll_flush_all<W: AsyncWrite + Unpin>(
    writers: &mut [W],
    cx: &mut Context<'_>,
    flushed: &mut usize,
) -> Poll<io::Result<()>> {
    for w in writers.iter_mut() {
        match Pin::new(w).poll_flush(cx) { //~ swallowed_pending
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            _ => {}
        }
        *flushed += 1;
    }
    Poll::Ready(Ok(()))
}

/// Correct: remembers that one was pending and says so at the end.
pub fn poll_flush_all_tracked<W: AsyncWrite + Unpin>(
    writers: &mut [W],
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    let mut any_pending = false;
    for w in writers.iter_mut() {
        match Pin::new(w).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => any_pending = true,
        }
    }
    if any_pending {
        return Poll::Pending;
    }
    Poll::Ready(Ok(()))
}

/// Correct: skips the bookkeeping for a pending writer.
pub fn flush_ready_ones<W: AsyncWrite + Unpin>(
    writers: &mut [W],
    cx: &mut Context<'_>,
    done: &mut Vec<bool>,
) -> io::Result<usize> {
    let mut count = 0;
    for (i, w) in writers.iter_mut().enumerate() {
        match Pin::new(w).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => continue,
        }
        done[i] = true;
        count += 1;
    }
    Ok(count)
}

/// Best effort, but it then reports success to the caller.
pub fn flush_best_effort<W: AsyncWrite + Unpin>(
    w: &mut W,
    cx: &mut Context<'_>,
    log: &mut Vec<String>,
) -> io::Result<()> {
    match Pin::new(&mut *w).poll_flush(cx) { //~ swallowed_pending
        Poll::Ready(res) => res?,
        Poll::Pending => {}
    }
    log.push(String::from("flushed"));
    Ok(())
}

/// Correct: the match is the function's value.
pub fn poll_flush_mapped<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
    match Pin::new(w).poll_flush(cx) { //~ ok
        Poll::Ready(Ok(())) => Poll::Ready(Ok(true)),
        Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
        Poll::Pending => Poll::Pending,
    }
}

// ---------------------------------------------------------------------------
// A connection driver
// ---------------------------------------------------------------------------

pub struct Driver<W> {
    io: W,
    out: Vec<u8>,
    blocked: bool,
    writes: u64,
}

impl<W: AsyncWrite + Unpin> Driver<W> {
    /// Spins: a pending write goes straight round the loop again.
    pub fn poll_write_all_spin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            match Pin::new(&mut self.io).poll_write(cx, &self.out) { //~ swallowed_pending
                Poll::Ready(Ok(n)) => {
                    self.out.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {}
            }
            if self.out.is_empty() {
                break;
            }
        }
        Poll::Ready(Ok(()))
    }

    /// Correct: breaks out, then reports `Pending` if bytes remain.
    pub fn poll_write_all_break(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.out.is_empty() {
            match Pin::new(&mut self.io).poll_write(cx, &self.out) { //~ ok
                Poll::Ready(Ok(n)) => {
                    self.out.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => break,
            }
            self.writes += 1;
        }
        if !self.out.is_empty() {
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    /// Correct: the Pending arm records the back-pressure.
    pub fn poll_write_some(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_write(cx, &self.out) { //~ ok
            Poll::Ready(Ok(n)) => {
                self.out.drain(..n);
            }
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {
                self.blocked = true;
            }
        }
        self.writes += 1;
        Poll::Ready(Ok(()))
    }

    /// Correct: yields after asking to be woken again.
    pub fn poll_flush_yield(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            Poll::Ready(res) => res?,
            Poll::Pending => {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
        }
        self.blocked = false;
        Poll::Ready(Ok(()))
    }

    /// A closure per chunk; each pending write is taken as written.
    pub fn write_chunks_now(&mut self, cx: &mut Context<'_>, chunks: &[Vec<u8>]) -> io::Result<()> {
        let io = &mut self.io;
        let mut sent = 0u64;
        let mut send = |chunk: &[u8]| -> io::Result<()> {
            match Pin::new(&mut *io).poll_write(cx, chunk) { //~ swallowed_pending
                Poll::Ready(Err(e)) => return Err(e),
                _ => {}
            }
            sent += 1;
            Ok(())
        };
        for chunk in chunks {
            send(chunk)?;
        }
        self.writes += sent;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// A sink forwarder
// ---------------------------------------------------------------------------

pub struct Forwarder<S, T> {
    sink: S,
    rx: Receiver<T>,
    buffered: Option<T>,
    closed: bool,
    forwarded: u64,
}

impl<S: Sink<T> + Unpin, T> Forwarder<S, T> {
    /// `start_send` without a ready sink.
    pub fn poll_forward_one(&mut self, cx: &mut Context<'_>, item: T) -> Poll<Result<(), S::Error>> {
        match Pin::new(&mut self.sink).poll_ready(cx) { //~ swallowed_pending
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        Pin::new(&mut self.sink).start_send(item)?;
        self.forwarded += 1;
        Poll::Ready(Ok(()))
    }

    /// Correct: keeps the item and returns `Pending`.
    pub fn poll_forward_one_checked(&mut self, cx: &mut Context<'_>, item: T) -> Poll<Result<(), S::Error>> {
        match Pin::new(&mut self.sink).poll_ready(cx) { //~ ok
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {
                self.buffered = Some(item);
                return Poll::Pending;
            }
        }
        Pin::new(&mut self.sink).start_send(item)?;
        self.forwarded += 1;
        Poll::Ready(Ok(()))
    }

    /// Marks the forwarder closed while the sink may still be closing.
    pub fn poll_teardown(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        match Pin::new(&mut self.sink).poll_close(cx) { //~ swallowed_pending
            Poll::Ready(res) => res?,
            Poll::Pending => (),
        }
        self.closed = true;
        Poll::Ready(Ok(()))
    }

    /// Read side: nothing to forward right now is fine.
    pub fn poll_pump(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        match self.rx.poll_recv(cx) { //~ ok
            Poll::Ready(Some(item)) => self.buffered = Some(item),
            Poll::Ready(None) => self.closed = true,
            Poll::Pending => {}
        }
        if let Some(item) = self.buffered.take() {
            ready!(Pin::new(&mut self.sink).poll_ready(cx))?; //~ ok
            Pin::new(&mut self.sink).start_send(item)?;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_drain_stream<St: Stream<Item = T> + Unpin>(
        &mut self,
        cx: &mut Context<'_>,
        stream: &mut St,
    ) -> Poll<Result<(), S::Error>> {
        match Pin::new(stream).poll_next(cx) { //~ ok
            Poll::Ready(Some(item)) => self.buffered = Some(item),
            _ => {}
        }
        self.forwarded += u64::from(self.buffered.is_some());
        Poll::Ready(Ok(()))
    }
}
