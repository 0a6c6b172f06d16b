#![allow(unused, dead_code)]
//! discarded_io_result / select_arms: `tokio::select!` and
//! `futures::select!` arms whose pattern throws a write, flush or shutdown
//! result away. The arm's future is awaited by the macro, so
//! `_ = w.flush() => {}` is `let _ = w.flush().await;`; and `Ok(_) =
//! w.write_all(b)` drops the error too (a pattern that does not match
//! disables the branch, silently).
//!
//! Positives: `_ =` on `flush`, `shutdown` and `write_all`, `Ok(_) =` and
//! `Ok(()) =`, a `_name` never read, `biased;` and a precondition, and
//! `Ok(_) = w.write(b)`, which drops the count as well (said in a note).
//! Negatives: the output bound and handled, read-side futures, a count
//! bound and read, an awaited `shutdown()` of a type that is no IO
//! stream (a server's graceful shutdown).

use std::future::{ready, Ready};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

// ---- stand-ins for tokio::io::{AsyncWrite, AsyncWriteExt} ----

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready(Ok(buf.len()))
    }
    fn write_all<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn flush(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn shutdown(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

pub struct Receiver;

/// A server's graceful shutdown: a future of `()`, no IO.
pub struct Graceful;

impl Graceful {
    pub async fn shutdown(self) {}
}

impl Receiver {
    pub fn recv(&mut self) -> Ready<Option<Vec<u8>>> {
        ready(None)
    }
}

/// A stand-in for `tokio::select!` that compiles: each arm in turn.
macro_rules! select {
    (biased; $($rest:tt)*) => { select!($($rest)*) };
    ($($pat:pat = $fut:expr $(, if $cond:expr)? => $body:expr),+ $(,)?) => {{
        $(
            #[allow(irrefutable_let_patterns)]
            if let $pat = $fut.await {
                $body;
            }
        )+
    }};
}

pub async fn pump<W: AsyncWrite + Unpin>(w: &mut W, rx: &mut Receiver, ready_to_close: bool) -> io::Result<()> {
    loop {
        select! {
            msg = rx.recv() => match msg { //~ ok
                Some(bytes) => w.write_all(&bytes).await?,
                None => break,
            },
            _ = w.flush() => {}, //~ discarded_io_result
        }
    }
    select! {
        biased;
        Ok(_) = w.write_all(b"bye") => {}, //~ discarded_io_result
        Ok(()) = w.shutdown(), if ready_to_close => {}, //~ discarded_io_result
        _closed = w.shutdown() => {}, //~ discarded_io_result
    }
    select! {
        Ok(_) = w.write(b"ping") => {}, //~ discarded_io_result
        Ok(n) = w.write(b"ping") => assert!(n <= 4), //~ ok
    }
    Ok(())
}

/// Correct: a graceful shutdown has no `Result`.
pub async fn serve(graceful: Graceful, rx: &mut Receiver) {
    select! {
        _ = graceful.shutdown() => {}, //~ ok
    }
}

/// Correct: every output is looked at.
pub async fn pump_checked<W: AsyncWrite + Unpin>(w: &mut W, rx: &mut Receiver) -> io::Result<()> {
    select! {
        flushed = w.flush() => flushed?, //~ ok
        written = w.write_all(b"x") => written?, //~ ok
        _ = rx.recv() => {}, //~ ok
    }
    Ok(())
}
