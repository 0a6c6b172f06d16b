#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! poll_index / frame_writer: helpers that return `Poll` but whose names do
//! not start with `poll_` (`ix1_write_out`, `ix1_pump_frames`, ...). The
//! crate-wide index of declared return types makes a discarded call to one
//! of them a discarded_poll, in every discard shape: `let _ =`, `let _ = ..?`,
//! `_ =`, `drop(..)`, `std::mem::drop(..)`, `.map(..)` / `.map_err(..)`, an
//! unread `_name`, a typed wildcard, bare statements with and without `?`,
//! a `self: Pin<&mut Self>` method and a free function.
//! Negatives: helpers with similar names that do not return `Poll`, bool
//! queries, and the same helpers used properly.
//!
//! Every name here that does not start with `poll_` carries the `ix1_` tag:
//! the corpus is indexed as one crate.

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

#[derive(Debug)]
pub enum Ix1Error {
    Io(io::Error),
    Closed,
}

/// Flushes every peer; `Pending` if any of them is.
pub fn ix1_flush_all<W: AsyncWrite + Unpin>(
    peers: &mut [W],
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    let mut pending = false;
    for peer in peers.iter_mut() {
        if Pin::new(peer).poll_flush(cx)?.is_pending() { //~ ok
            pending = true;
        }
    }
    if pending {
        Poll::Pending
    } else {
        Poll::Ready(Ok(()))
    }
}

/// Not a poll: counts peers.
pub fn ix1_flush_all_count<W>(peers: &[W]) -> usize {
    peers.len()
}

/// A length-prefixed frame writer.
pub struct FrameWriter<W> {
    io: W,
    buf: Vec<u8>,
    frames: VecDeque<Vec<u8>>,
    peers: Vec<W>,
    sent: u64,
    last: Option<Poll<io::Result<()>>>,
}

impl<W: AsyncWrite + Unpin> FrameWriter<W> {
    // ---- the Poll-returning helpers ----

    fn ix1_write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.buf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }

    fn ix1_pump_frames(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let mut moved = 0;
        while let Some(frame) = self.frames.pop_front() {
            self.buf.extend_from_slice(&(frame.len() as u32).to_be_bytes());
            self.buf.extend_from_slice(&frame);
            moved += 1;
        }
        ready!(self.ix1_write_out(cx))?; //~ ok
        Poll::Ready(Ok(moved))
    }

    fn ix1_flush_inner(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.ix1_write_out(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn ix1_drive(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        match this.ix1_flush_inner(cx) { //~ ok
            Poll::Ready(res) => {
                this.last = Some(Poll::Ready(res));
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    // ---- similar names that do not return Poll ----

    fn ix1_write_out_len(&self) -> usize {
        self.buf.len()
    }

    fn ix1_pump_frames_into(&mut self, out: &mut Vec<u8>) -> usize {
        let n = self.frames.len();
        for frame in self.frames.drain(..) {
            out.extend_from_slice(&frame);
        }
        n
    }

    fn ix1_flush_inner_now(&mut self) -> bool {
        self.buf.is_empty()
    }

    // ---- positives ----

    pub fn poll_send_let(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix1_write_out(cx); //~ discarded_poll
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_let_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.ix1_write_out(cx)?; //~ discarded_poll
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_assign(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        _ = self.ix1_flush_inner(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_assign_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        _ = self.ix1_flush_inner(cx)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        drop(self.ix1_pump_frames(cx)); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_mem_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::mem::drop(self.ix1_flush_inner(cx)); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// `.map(..)` keeps it a `Poll`.
    pub fn poll_send_map(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.ix1_pump_frames(cx).map(|_| ()); //~ rustc
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_map_err(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Ix1Error>> {
        let _ = self.ix1_write_out(cx).map_err(Ix1Error::Io); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_bare(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.ix1_write_out(cx); //~ rustc
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_bare_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.ix1_flush_inner(cx)?; //~ rustc
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_named(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _moved = self.ix1_pump_frames(cx); //~ discarded_poll
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_typed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _: Poll<io::Result<usize>> = self.ix1_pump_frames(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_pinned(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = self.as_mut().ix1_drive(cx); //~ discarded_poll
        Poll::Ready(())
    }

    pub fn poll_send_peers(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = ix1_flush_all(&mut self.peers, cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn stats(&mut self) -> u64 {
        let _ = self.ix1_write_out_len(); //~ ok
        let mut scratch = Vec::new();
        let _ = self.ix1_pump_frames_into(&mut scratch); //~ ok
        let _ = self.ix1_flush_inner_now(); //~ ok
        let _ = ix1_flush_all_count(&self.peers); //~ ok
        self.sent
    }

    pub fn poll_send_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.ix1_write_out(cx))?; //~ ok
        let moved = ready!(self.ix1_pump_frames(cx))?; //~ ok
        self.sent += moved as u64;
        self.ix1_flush_inner(cx) //~ ok
    }

    pub fn poll_send_matched(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.ix1_flush_inner(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(res) => res?,
        }
        if self.ix1_write_out(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_stored(&mut self, cx: &mut Context<'_>) -> bool {
        let _ = self.ix1_write_out(cx).is_ready(); //~ ok
        self.last = Some(self.ix1_flush_inner(cx)); //~ ok
        let p = self.ix1_write_out(cx); //~ ok
        p.is_ready()
    }

    pub fn poll_send_peers_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(ix1_flush_all(&mut self.peers, cx))?; //~ ok
        Poll::Ready(Ok(()))
    }
}
