#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! macro_bodies / statement_macros: discards inside the tokens of local
//! `macro_rules!` invocations used in statement position. The contents are
//! parsed as statements (`with_io! { .. }`, nested invocations), as a block
//! argument (`in_span!("name", { .. })`) or as comma-separated expressions
//! (`each!(drop(..), ..)`), and every rule runs on them with the real line
//! numbers.
//!
//! Negatives: discard-looking code in a `macro_rules!` template (templates
//! are not parsed), invocations of such a template (only the arguments are
//! seen), correct code inside invocations, and tokens that are not Rust
//! statements or expressions.

use std::fs::File;
use std::io::{self, Write};
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

// ---- local helper macros ----

/// Pastes its tokens back: a stand-in for tracing / cfg wrappers.
macro_rules! with_io {
    ($($t:tt)*) => {
        $($t)*
    };
}

/// Evaluates each expression as a statement.
macro_rules! each {
    ($($e:expr),* $(,)?) => {
        $( $e; )*
    };
}

/// Runs a block inside a named span.
macro_rules! in_span {
    ($name:expr, $body:block) => {{
        let _span: &str = $name;
        $body
    }};
}

/// A template that throws a flush away: not parsed, never reported.
macro_rules! flush_and_forget {
    ($io:expr, $cx:expr) => {
        let _ = Pin::new(&mut $io).poll_flush($cx)?; //~ ok
        _ = Pin::new(&mut $io).poll_flush($cx); //~ ok
    };
}

/// A template with a lost write count: not parsed either.
macro_rules! write_and_forget {
    ($io:expr, $cx:expr, $buf:expr) => {
        ready!(Pin::new(&mut $io).poll_write($cx, $buf))?; //~ ok
    };
}

/// A small DSL whose tokens are not statements or expressions.
macro_rules! bind_polls {
    ($($name:ident => $e:expr;)*) => {
        $( let $name = $e; )*
    };
}

// ---- an HTTP/1-ish writer using them ----

pub struct Conn<W> {
    io: W,
    aux: W,
    buf: Vec<u8>,
    log: File,
    flushed: bool,
    spans: u32,
}

impl<W: AsyncWrite + Unpin> Conn<W> {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.buf.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
            self.buf.drain(..n);
        }
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    // ---- positives ----

    pub fn poll_end_body(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            let _ = self.poll_flush(cx)?; //~ discarded_poll
            self.flushed = true;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_assign(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            _ = Pin::new(&mut self.io).poll_flush(cx); //~ discarded_poll
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_drop(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            drop(Pin::new(&mut self.aux).poll_shutdown(cx)); //~ discarded_poll
            self.flushed = false;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_head(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            ready!(Pin::new(&mut self.io).poll_write(cx, b"HTTP/1.1 200 OK\r\n"))?; //~ unused_write_amount
        }
        Poll::Ready(Ok(()))
    }

    pub fn log_line(&mut self, line: &str) {
        with_io! {
            let _ = self.log.write_all(line.as_bytes()); //~ discarded_io_result
            self.log.sync_data(); //~ rustc
        }
    }

    pub fn poll_end_swallowed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
                Poll::Ready(res) => res?,
                Poll::Pending => {}
            }
            self.flushed = true;
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_nested(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            self.spans += 1;
            with_io! {
                let _ = Pin::new(&mut self.aux).poll_flush(cx)?; //~ discarded_poll
            }
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_both(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(
            drop(Pin::new(&mut self.io).poll_flush(cx)), //~ discarded_poll
            std::mem::drop(Pin::new(&mut self.aux).poll_flush(cx)), //~ discarded_poll
        );
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_span(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        in_span!("end_body", {
            let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
            self.spans += 1;
        });
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn poll_end_template(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        flush_and_forget!(self.io, cx); //~ ok
        write_and_forget!(self.aux, cx, b"\r\n"); //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_dsl(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        bind_polls! {
            _ignored => Pin::new(&mut self.io).poll_flush(cx); //~ ok
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_io! {
            ready!(self.poll_flush(cx))?; //~ ok
            let n = ready!(Pin::new(&mut self.aux).poll_write(cx, b"0\r\n\r\n"))?; //~ ok
            if n < 5 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            match Pin::new(&mut self.aux).poll_flush(cx) { //~ ok
                Poll::Ready(res) => res?,
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_end_each_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(
            self.flushed = Pin::new(&mut self.io).poll_flush(cx).is_ready(), //~ ok
            self.spans += 1,
        );
        in_span!("checked", {
            ready!(Pin::new(&mut self.aux).poll_flush(cx))?; //~ ok
        });
        Poll::Ready(Ok(()))
    }

    pub fn log_line_checked(&mut self, line: &str) -> io::Result<()> {
        with_io! {
            self.log.write_all(line.as_bytes())?; //~ ok
            self.log.flush()?; //~ ok
        }
        Ok(())
    }
}
