#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! poll_index / ambiguity: how the index of declared return types matches a
//! call — by name and by the number of arguments besides `self`.
//!
//! Positives: an associated function called as `Self::ix2_flush_io(..)`,
//! a function in a nested module called by path, a trait method, a method
//! whose return type is written `std::task::Poll<..>`, and `ix2_pump(cx)`
//! whose one-argument form is the only one returning `Poll`: each drives a
//! write-side poll (`poll_write`, `poll_flush`), directly or through
//! another. `Self::ix2_step(..)` and the free `ix2_wake(cx)` return `Poll`
//! but drive no write (a step counter, a waker): not write-side polls, not
//! reported.
//! Negatives: `ix2_drive(cx)` is declared twice with one argument, once
//! returning `Poll` and once `bool`, so it is ambiguous; `ix2_pump(cx, n)`
//! has a different arity; `Option<Poll<..>>` is not `Poll`; a closure is not
//! a declared function; the Poll-returning calls used properly.
//!
//! Every name here that does not start with `poll_` carries the `ix2_` tag:
//! the corpus is indexed as one crate.

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

pub mod codec {
    use super::*;

    /// Writes one whole frame.
    pub fn ix2_encode_into<W: AsyncWrite + Unpin>(
        io: &mut W,
        cx: &mut Context<'_>,
        frame: &[u8],
    ) -> Poll<io::Result<()>> {
        let mut at = 0;
        while at < frame.len() {
            at += ready!(Pin::new(&mut *io).poll_write(cx, &frame[at..]))?; //~ ok
        }
        Poll::Ready(Ok(()))
    }
}

/// Registers the waker and reports whether the budget is spent.
pub fn ix2_wake(cx: &mut Context<'_>) -> Poll<()> {
    cx.waker().wake_by_ref();
    Poll::Pending
}

pub trait Ix2Driver {
    fn ix2_tick(&mut self, cx: &mut Context<'_>) -> Poll<()>;
}

#[derive(Debug, Default)]
pub struct State {
    queued: Vec<u8>,
    steps: u32,
}

/// Counters that happen to use the same method names.
#[derive(Debug, Default)]
pub struct Metrics {
    drives: u64,
    pumped: usize,
}

impl Metrics {
    /// Same name and arity as `Session::ix2_drive`, but returns `bool`.
    pub fn ix2_drive(&mut self, cx: &mut Context<'_>) -> bool {
        self.drives += 1;
        self.drives % 16 == 0
    }

    /// Same name as `Session::ix2_pump`, one more argument, no `Poll`.
    pub fn ix2_pump(&mut self, cx: &mut Context<'_>, budget: usize) -> usize {
        self.pumped += budget;
        self.pumped
    }
}

pub struct Session<W> {
    io: W,
    state: State,
    metrics: Metrics,
    frame: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Session<W> {
    fn ix2_step(state: &mut State, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        state.steps += 1;
        if state.queued.is_empty() {
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }

    fn ix2_flush_io(io: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(io).poll_flush(cx) //~ ok
    }

    fn ix2_pump(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let frame = std::mem::take(&mut self.state.queued);
        codec::ix2_encode_into(&mut self.io, cx, &frame) //~ ok
    }

    /// Ambiguous: `Metrics::ix2_drive` has the same name and arity.
    fn ix2_drive(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.ix2_pump(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn ix2_flush_qualified(&mut self, cx: &mut Context<'_>) -> std::task::Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    /// Not a `Poll`: an `Option` around one.
    fn ix2_try_poll(&mut self, cx: &mut Context<'_>) -> Option<Poll<()>> {
        if self.state.queued.is_empty() {
            None
        } else {
            Some(Poll::Pending)
        }
    }

    // ---- positives ----

    pub fn poll_flush_assoc(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Self::ix2_flush_io(&mut self.io, cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_flush_assoc_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        drop(Self::ix2_flush_io(&mut self.io, cx)?); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// `ix2_step` counts steps: no write is pending when it is.
    pub fn poll_step_assoc(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Self::ix2_step(&mut self.state, cx); //~ ok
        drop(Self::ix2_step(&mut self.state, cx)?); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_encode_path(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = codec::ix2_encode_into(&mut self.io, cx, &self.frame); //~ discarded_poll
        self.frame.clear();
        Poll::Ready(Ok(()))
    }

    /// One argument: only the `Poll` form has one.
    pub fn poll_pump_once(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix2_pump(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_wake_free(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        _ = ix2_wake(cx); //~ ok
        Poll::Ready(())
    }

    pub fn poll_flush_qualified_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix2_flush_qualified(cx)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn poll_drive_ambiguous(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix2_drive(cx); //~ ok
        let _ = self.metrics.ix2_drive(cx); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_pump_budget(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.metrics.ix2_pump(cx, 4); //~ ok
        self.metrics.ix2_pump(cx, 8); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_try_option(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix2_try_poll(cx); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_closure(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let ix2_local = |cx: &mut Context<'_>| -> Poll<()> {
            cx.waker().wake_by_ref();
            Poll::Ready(())
        };
        let _ = ix2_local(cx); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_step_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Self::ix2_step(&mut self.state, cx))?; //~ ok
        ready!(self.ix2_pump(cx))?; //~ ok
        if ix2_wake(cx).is_pending() { //~ ok
            return Poll::Pending;
        }
        self.ix2_flush_qualified(cx) //~ ok
    }

    pub fn poll_encode_tail(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.state.steps = 0;
        codec::ix2_encode_into(&mut self.io, cx, &self.frame) //~ ok
    }
}

impl<W: AsyncWrite + Unpin> Ix2Driver for Session<W> {
    fn ix2_tick(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        match self.ix2_pump(cx) { //~ ok
            Poll::Ready(_) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<W: AsyncWrite + Unpin> Session<W> {
    /// A trait method declared (and defined) as returning `Poll`.
    pub fn poll_tick_trait(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = self.ix2_tick(cx); //~ discarded_poll
        Poll::Ready(())
    }

    pub fn poll_tick_checked(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        ready!(self.ix2_tick(cx)); //~ ok
        Poll::Ready(())
    }
}
