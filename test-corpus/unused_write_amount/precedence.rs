#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / precedence: one finding per call, highest rule
//! wins: discarded_poll > discarded_io_result > unused_write_amount.
//! * `io.poll_write(cx, b)?;` / `let _ = io.poll_write(cx, b)?;` -> the
//!   Poll itself is dropped: discarded_poll only.
//! * `w.write(b);`, `let _ = w.write(b);`, `drop(w.write(b))`,
//!   `w.write(b).ok();`, `w.write(b).await;` -> the error is dropped:
//!   discarded_io_result only.
//! * `ready!(io.poll_write(cx, b));` / `let _ = ready!(io.poll_write(cx, b));`
//!   -> the io::Result is dropped: discarded_io_result only.
//! * `w.write(b)?;` / `ready!(io.poll_write(cx, b))?;` -> only the count is
//!   dropped: unused_write_amount.

use std::future::{ready, Ready};
use std::io::{self, IoSlice, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready(Ok(buf.len()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

pub struct Pipe<W> {
    io: W,
    line: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Pipe<W> {
    pub fn poll_poll_level(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_write(cx, &self.line)?; //~ rustc
        let _ = Pin::new(&mut self.io).poll_write(cx, &self.line)?; //~ discarded_poll
        let _ = Pin::new(&mut self.io).poll_write(cx, &self.line); //~ discarded_poll
        _ = Pin::new(&mut self.io).poll_write_vectored(cx, &[IoSlice::new(&self.line)])?; //~ discarded_poll
        drop(Pin::new(&mut self.io).poll_write(cx, b"\n")); //~ discarded_poll
        Poll::Ready(Ok(()))
    }

    pub fn poll_result_level(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        std::task::ready!(Pin::new(&mut self.io).poll_write(cx, &self.line)); //~ rustc
        let _ = std::task::ready!(Pin::new(&mut self.io).poll_write(cx, &self.line)); //~ discarded_io_result
        let _ = std::task::ready!(Pin::new(&mut self.io).poll_write_vectored(cx, &[])); //~ discarded_io_result
        Poll::Ready(())
    }

    pub fn poll_amount_level(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(Pin::new(&mut self.io).poll_write(cx, &self.line))?; //~ unused_write_amount
        Poll::Ready(Ok(()))
    }

    pub async fn async_levels(&mut self) -> io::Result<()> {
        self.io.write(&self.line).await; //~ rustc
        let _ = self.io.write(&self.line).await; //~ discarded_io_result
        self.io.write(&self.line).await?; //~ unused_write_amount
        Ok(())
    }
}

pub fn blocking_levels<W: Write>(w: &mut W, b: &[u8]) -> io::Result<()> {
    let _ = w.write(b); //~ discarded_io_result
    let _ = w.write(b); //~ discarded_io_result
    drop(w.write(b)); //~ discarded_io_result
    w.write(b).ok(); //~ discarded_io_result
    let _: io::Result<usize> = w.write(b); //~ discarded_io_result
    let _ = w.write_vectored(&[IoSlice::new(b)]); //~ discarded_io_result
    w.write(b)?; //~ unused_write_amount
    let _ = w.write(b)?; //~ unused_write_amount
    w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
    Ok(())
}
