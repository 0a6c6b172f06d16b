#!/usr/bin/env run-cargo-script
use std::task::{Context, Poll};
fn f(w: &mut W, cx: &mut Context<'_>) {
    let _ = Pin::new(w).poll_flush(cx); // pollcheck: allow(discarded_poll)
}
