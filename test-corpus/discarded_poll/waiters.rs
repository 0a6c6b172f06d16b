#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / waiters: a standard write-side name declared by the
//! crate for the receiver's type is judged by that declaration. `AsyncWrite`
//! and `Sink` polls hold a `Result` when ready; a `poll_ready` returning
//! `Poll<()>` is a waiter's or a notifier's (`Pending` means "not yet").

use std::task::{Context, Poll};

pub struct WaiterWt;

impl WaiterWt {
    pub fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}

#[derive(Debug)]
pub struct QueueFullWt;

/// A bounded queue with a `Sink`-like `poll_ready`.
pub struct QueueWt;

impl QueueWt {
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), QueueFullWt>> {
        Poll::Ready(Ok(()))
    }
}

pub fn notify(waiter: &WaiterWt, queue: &mut QueueWt, cx: &mut Context<'_>) {
    let _ = waiter.poll_ready(cx); //~ ok
    let _ = queue.poll_ready(cx); //~ discarded_poll
}

pub struct HolderWt(WaiterWt);

impl HolderWt {
    pub fn nudge(&self, cx: &mut Context<'_>) {
        let _ = self.0.poll_ready(cx); //~ ok
    }
}
