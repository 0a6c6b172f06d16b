#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / adapters: the poll passes through `?` (once or twice),
//! `.map(..)`, `.map_err(..)`, `.map_ok(..)` and parentheses and is *still* a
//! `Poll` when it is thrown away. Negatives: the adapted poll is propagated,
//! matched, returned, or reduced to a bool.

use std::fmt;
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
pub struct Aborted;

#[derive(Debug)]
pub enum CodecError {
    Io(io::Error),
    Aborted,
}

impl From<io::Error> for CodecError {
    fn from(e: io::Error) -> Self {
        CodecError::Io(e)
    }
}

impl From<Aborted> for CodecError {
    fn from(_: Aborted) -> Self {
        CodecError::Aborted
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::Io(e) => write!(f, "io: {e}"), //~ ok
            CodecError::Aborted => f.write_str("aborted"),
        }
    }
}

/// A frame encoder writing into an inner transport.
pub struct Encoder<W> {
    io: W,
    frame: Vec<u8>,
    aborted: bool,
}

impl<W: AsyncWrite + Unpin> Encoder<W> {
    /// Nested result: the outer error means "encoder aborted".
    fn poll_write_frame(&mut self, cx: &mut Context<'_>) -> Poll<Result<io::Result<usize>, Aborted>> {
        if self.aborted {
            return Poll::Ready(Err(Aborted));
        }
        Pin::new(&mut self.io).poll_write(cx, &self.frame).map(Ok) //~ ok
    }

    pub fn poll_map_err(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_map_err_try(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io)?; //~ rustc
        Poll::Ready(Ok(()))
    }

    pub fn poll_map(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = Pin::new(&mut self.io).poll_flush(cx).map(|r| r.is_ok()); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_map_ok(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let expected = self.frame.len();
        _ = Pin::new(&mut self.io).poll_write(cx, &self.frame).map_ok(|n| n == expected); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_try_then_map(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = Pin::new(&mut self.io).poll_flush(cx)?.map(|()| self.frame.len()); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_parens(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = (Pin::new(&mut self.io).poll_flush(cx)); //~ discarded_poll
        (Pin::new(&mut self.io).poll_shutdown(cx))?; //~ rustc
        Poll::Ready(Ok(()))
    }

    pub fn poll_parens_drop(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        drop((Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io))?); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    /// `??` strips both error layers; `Poll<usize>` is what gets dropped.
    pub fn poll_double_try(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = self.poll_write_frame(cx)??; //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_double_try_stmt(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        self.poll_write_frame(cx)??; //~ rustc
        Poll::Ready(Ok(()))
    }

    /// Multi-line adapter chain: reported on the `.poll_flush` line.
    pub fn poll_chain(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _ = Pin::new(&mut self.io)
            .poll_flush(cx) //~ discarded_poll
            .map_err(CodecError::Io)
            .map_ok(|()| self.frame.clear());
        Poll::Ready(Ok(()))
    }

    pub fn poll_chain_try(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        Pin::new(&mut self.io)
            .poll_shutdown(cx) //~ rustc
            .map_err(CodecError::from)?
            .map(|()| self.aborted = true);
        Poll::Ready(Ok(()))
    }

    pub fn poll_named_adapter(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _progress = Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io)?; //~ discarded_poll
        self.frame.clear();
        Poll::Ready(Ok(()))
    }

    pub fn poll_typed_adapter(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let _: Poll<Result<(), CodecError>> = Pin::new(&mut self.io).poll_flush(cx).map_err(Into::into); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    // ---- negatives: the adapted poll is used ----

    pub fn poll_ok_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        ready!(Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io))?; //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_ok_bool(&mut self, cx: &mut Context<'_>) -> bool {
        let _ = Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io).is_ready(); //~ ok
        Pin::new(&mut self.io).poll_flush(cx).map(|r| r.is_ok()).is_ready() //~ ok
    }

    pub fn poll_ok_tail(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io) //~ ok
    }

    pub fn poll_ok_return(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        if self.aborted {
            return Pin::new(&mut self.io).poll_shutdown(cx).map_err(Into::into); //~ ok
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_ok_bound(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        let flushed = Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io); //~ ok
        flushed
    }

    pub fn poll_ok_match(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        match Pin::new(&mut self.io).poll_flush(cx).map_err(CodecError::Io) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r?,
        }
        self.frame.clear();
        Poll::Ready(Ok(()))
    }

    pub fn poll_ok_if_let(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CodecError>> {
        if let Poll::Ready(r) = Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            r?;
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }

    pub fn poll_ok_double_try(&mut self, cx: &mut Context<'_>) -> Poll<Result<usize, CodecError>> {
        let n = ready!(self.poll_write_frame(cx))??; //~ ok
        self.frame.drain(..n);
        Poll::Ready(Ok(n))
    }

    pub fn poll_ok_map_tail(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool, CodecError>> {
        let expected = self.frame.len();
        Pin::new(&mut self.io)
            .poll_write(cx, &self.frame) //~ ok
            .map_ok(|n| n == expected)
            .map_err(CodecError::Io)
    }
}
