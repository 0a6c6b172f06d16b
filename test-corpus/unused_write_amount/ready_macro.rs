#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / ready_macro: inside hand-written `poll_*`
//! functions, `ready!(io.poll_write(cx, buf))?` (also `poll_write_vectored`
//! and the free fn `poll_write_buf`) whose `usize` is dropped. Shapes:
//! `ready!(E)?;`, `let _ = ready!(E)?;`, `_ = ready!(E)?;`, with `ready!`,
//! `std::task::ready!` and `futures::ready!` spellings.
//! Negatives: the count is used; `ready!(io.poll_flush(cx))?;` (no count).

use std::collections::VecDeque;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub mod futures {
    pub use std::task::ready;
}

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait Buf {
    fn chunk(&self) -> &[u8];
    fn advance(&mut self, n: usize);
}

impl Buf for VecDeque<u8> {
    fn chunk(&self) -> &[u8] {
        self.as_slices().0
    }
    fn advance(&mut self, n: usize) {
        self.drain(..n);
    }
}

pub fn poll_write_buf<W: AsyncWrite + ?Sized, B: Buf>(
    io: Pin<&mut W>,
    cx: &mut Context<'_>,
    buf: &mut B,
) -> Poll<io::Result<usize>> {
    let n = ready!(io.poll_write(cx, buf.chunk()))?; //~ ok
    buf.advance(n);
    Poll::Ready(Ok(n))
}

/// A record writer that (buggily) assumes single writes are complete.
pub struct RecordWriter<W> {
    io: W,
    pending: VecDeque<u8>,
    header: [u8; 4],
}

impl<W: AsyncWrite + Unpin> RecordWriter<W> {
    pub fn poll_write_record(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_write(cx, &self.header))?; //~ unused_write_amount
        ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ unused_write_amount
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_record_let(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<()>> {
        let _ = ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ unused_write_amount
        _ = ready!(Pin::new(&mut self.io).poll_write(cx, b"\n"))?; //~ unused_write_amount
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_record_vectored(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<()>> {
        let bufs = [IoSlice::new(&self.header), IoSlice::new(rec)];
        ready!(Pin::new(&mut self.io).poll_write_vectored(cx, &bufs))?; //~ unused_write_amount
        let _ = ready!(Pin::new(&mut self.io).poll_write_vectored(cx, &bufs))?; //~ unused_write_amount
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(poll_write_buf(Pin::new(&mut self.io), cx, &mut self.pending))?; //~ ok
        let _ = ready!(poll_write_buf(Pin::new(&mut self.io), cx, &mut self.pending))?; //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_paths(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<()>> {
        std::task::ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ unused_write_amount
        futures::ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ unused_write_amount
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn poll_write_record_ok(&mut self, cx: &mut Context<'_>, mut rec: &[u8]) -> Poll<io::Result<()>> {
        while !rec.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ ok
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            rec = &rec[n..];
        }
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        let _ = ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_drain_ok(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let mut total = 0;
        while !self.pending.is_empty() {
            total += ready!(poll_write_buf(Pin::new(&mut self.io), cx, &mut self.pending))?; //~ ok
        }
        ready!(Pin::new(&mut self.io).poll_shutdown(cx))?; //~ ok
        Poll::Ready(Ok(total))
    }

    pub fn poll_write_once(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<usize>> {
        let n = ready!(Pin::new(&mut self.io).poll_write(cx, rec))?; //~ ok
        Poll::Ready(Ok(n))
    }

    pub fn poll_write_matched(&mut self, cx: &mut Context<'_>, rec: &[u8]) -> Poll<io::Result<()>> {
        match ready!(Pin::new(&mut self.io).poll_write(cx, rec))? { //~ ok
            0 => Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
            _ => Poll::Ready(Ok(())),
        }
    }
}
