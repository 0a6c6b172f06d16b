#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / ready_macro: `ready!(x.poll_write_side(cx))`
//! evaluates to the `io::Result` once the poll is ready; discarding that
//! value loses the error. Spellings: `ready!`, `std::task::ready!`,
//! `futures::ready!` (a local re-export here). A multi-line `ready!(` is
//! reported on the line where the macro starts.
//! Negatives: `ready!(..)?`, `ready!(..?)`, bound-and-used, read-side polls
//! inside `ready!`.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Stand-in for the `futures` crate's re-export of `ready!`.
pub mod futures {
    pub use std::task::ready;
}

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncRead {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>>;
}

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

#[derive(Debug)]
pub struct TransportError(io::Error);

/// Chunked body writer: prefixes every chunk with its hex length.
pub struct ChunkedWriter<W> {
    io: W,
    queue: VecDeque<Vec<u8>>,
    finished: bool,
}

impl<W: AsyncWrite + Unpin> ChunkedWriter<W> {
    pub fn poll_finish_stmt(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        ready!(Pin::new(&mut self.io).poll_write(cx, b"0\r\n\r\n")); //~ rustc
        ready!(Pin::new(&mut self.io).poll_flush(cx)); //~ rustc
        self.finished = true;
        Poll::Ready(())
    }

    pub fn poll_finish_let(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = ready!(Pin::new(&mut self.io).poll_write(cx, b"0\r\n\r\n")); //~ discarded_io_result
        let _: io::Result<()> = ready!(Pin::new(&mut self.io).poll_flush(cx)); //~ discarded_io_result
        _ = ready!(Pin::new(&mut self.io).poll_shutdown(cx)); //~ discarded_io_result
        Poll::Ready(())
    }

    pub fn poll_finish_drop(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        drop(ready!(Pin::new(&mut self.io).poll_flush(cx))); //~ discarded_io_result
        let _closed = ready!(Pin::new(&mut self.io).poll_shutdown(cx)); //~ discarded_io_result
        self.finished = true;
        Poll::Ready(())
    }

    pub fn poll_finish_ok(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        ready!(Pin::new(&mut self.io).poll_flush(cx)).ok(); //~ discarded_io_result
        let _ = ready!(Pin::new(&mut self.io).poll_shutdown(cx)).ok(); //~ discarded_io_result
        Poll::Ready(())
    }

    pub fn poll_finish_map_err(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        ready!(Pin::new(&mut self.io).poll_flush(cx)).map_err(TransportError); //~ rustc
        Poll::Ready(())
    }

    pub fn poll_finish_paths(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        std::task::ready!(Pin::new(&mut self.io).poll_flush(cx)); //~ rustc
        let _ = futures::ready!(Pin::new(&mut self.io).poll_shutdown(cx)); //~ discarded_io_result
        Poll::Ready(())
    }

    pub fn poll_finish_multiline(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = ready!( //~ discarded_io_result
            Pin::new(&mut self.io).poll_write_vectored(cx, &[io::IoSlice::new(b"0\r\n\r\n")])
        );
        Poll::Ready(())
    }

    // ---- negatives ----

    pub fn poll_finish_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(chunk) = self.queue.pop_front() {
            let head = format!("{:x}\r\n", chunk.len());
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, head.as_bytes()))?; //~ ok
            debug_assert_eq!(n, head.len());
        }
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        ready!(Pin::new(&mut self.io).poll_shutdown(cx)?); //~ ok
        let _ = std::task::ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        futures::ready!(Pin::new(&mut self.io).poll_flush(cx)).map_err(|e| e)?; //~ ok
        Poll::Ready(Ok(()))
    }

    pub fn poll_finish_bound(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = ready!(Pin::new(&mut self.io).poll_flush(cx)); //~ ok
        if let Err(e) = &r {
            self.finished = false;
        }
        Poll::Ready(r)
    }

    pub fn poll_finish_match(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match ready!(Pin::new(&mut self.io).poll_shutdown(cx)) { //~ ok
            Ok(()) => Poll::Ready(Ok(())),
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Poll::Ready(Ok(())),
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    pub fn poll_finish_tail(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(ready!(Pin::new(&mut self.io).poll_flush(cx))) //~ ok
    }
}

/// Read-side polls inside `ready!` are not this rule.
pub fn poll_skip<R: AsyncRead + Unpin>(r: &mut R, cx: &mut Context<'_>) -> Poll<()> {
    let mut scratch = [0u8; 256];
    let _ = ready!(Pin::new(&mut *r).poll_read(cx, &mut scratch)); //~ ok
    ready!(Pin::new(r).poll_read(cx, &mut scratch)); //~ ok
    Poll::Ready(())
}

/// Sink readiness inside `ready!` (write-side poll, error discarded).
pub struct Batcher<S> {
    sink: S,
    batch: Vec<u32>,
}

impl<S: Sink<Vec<u32>, Error = io::Error> + Unpin> Batcher<S> {
    pub fn poll_emit(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = ready!(Pin::new(&mut self.sink).poll_ready(cx)); //~ discarded_io_result
        let batch = std::mem::take(&mut self.batch);
        Pin::new(&mut self.sink).start_send(batch).ok();
        ready!(Pin::new(&mut self.sink).poll_close(cx)); //~ rustc
        Poll::Ready(())
    }

    pub fn poll_emit_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.sink).poll_ready(cx))?; //~ ok
        let batch = std::mem::take(&mut self.batch);
        Pin::new(&mut self.sink).start_send(batch)?;
        Pin::new(&mut self.sink).poll_flush(cx) //~ ok
    }
}
