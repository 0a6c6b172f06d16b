#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! shutdown_without_flush / hyper_conn: inherent impls shaped like an HTTP/1
//! connection (`Conn`) over a write-buffering io layer (`Buffered`).
//!
//! `v1_10`: the buggy shape. `Conn::poll_flush` flushes `self.io` (the
//! buffer), but `Conn::poll_shutdown` shuts down `self.io.io_mut()`, the
//! socket under the buffer, so queued body bytes are never written.
//! `v1_11`: the fixed shape. `Buffered::poll_shutdown` flushes itself first
//! and `Conn::poll_shutdown` goes through `self.io`.
//! Also: an h2-like codec that closes past its framed writer, a dispatcher
//! that throws its own flush away, and a plain inherent writer.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Init,
    KeepAlive,
    Closed,
}

#[derive(Debug)]
pub struct State {
    reading: Reading,
    keep_alive: bool,
    notify_read: bool,
}

impl State {
    fn close(&mut self) {
        self.reading = Reading::Closed;
        self.keep_alive = false;
    }
}

pub mod v1_10 {
    use super::*;

    pub struct Buffered<T> {
        io: T,
        read_buf: Vec<u8>,
        write_buf: VecDeque<Vec<u8>>,
    }

    impl<T: AsyncWrite + Unpin> Buffered<T> {
        pub fn io_mut(&mut self) -> &mut T {
            &mut self.io
        }

        pub fn buffer(&mut self, chunk: Vec<u8>) {
            self.write_buf.push_back(chunk);
        }

        pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            loop {
                let Some(chunk) = self.write_buf.front_mut() else {
                    break;
                };
                let n = ready!(Pin::new(&mut self.io).poll_write(cx, chunk))?; //~ ok
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                if n == chunk.len() {
                    self.write_buf.pop_front();
                } else {
                    chunk.drain(..n);
                }
            }
            Pin::new(&mut self.io).poll_flush(cx) //~ ok
        }
    }

    pub struct Conn<I> {
        io: Buffered<I>,
        state: State,
    }

    impl<I: AsyncWrite + Unpin> Conn<I> {
        fn try_keep_alive(&mut self, cx: &mut Context<'_>) {
            if self.state.keep_alive && self.state.reading == Reading::Init {
                self.state.reading = Reading::KeepAlive;
                self.state.notify_read = true;
            }
        }

        pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
            self.try_keep_alive(cx);
            Poll::Ready(Ok(()))
        }

        pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            match ready!(Pin::new(self.io.io_mut()).poll_shutdown(cx)) { //~ shutdown_without_flush
                Ok(()) => {
                    self.state.close();
                    Poll::Ready(Ok(()))
                }
                Err(e) => Poll::Ready(Err(e)),
            }
        }
    }
}

pub mod v1_11 {
    use super::*;

    pub struct Buffered<T> {
        io: T,
        read_buf: Vec<u8>,
        write_buf: VecDeque<Vec<u8>>,
    }

    impl<T: AsyncWrite + Unpin> Buffered<T> {
        pub fn io_mut(&mut self) -> &mut T {
            &mut self.io
        }

        pub fn buffer(&mut self, chunk: Vec<u8>) {
            self.write_buf.push_back(chunk);
        }

        pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            loop {
                let Some(chunk) = self.write_buf.front_mut() else {
                    break;
                };
                let n = ready!(Pin::new(&mut self.io).poll_write(cx, chunk))?; //~ ok
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                if n == chunk.len() {
                    self.write_buf.pop_front();
                } else {
                    chunk.drain(..n);
                }
            }
            Pin::new(&mut self.io).poll_flush(cx) //~ ok
        }

        pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            ready!(self.poll_flush(cx))?; //~ ok
            Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
        }
    }

    pub struct Conn<I> {
        io: Buffered<I>,
        state: State,
    }

    impl<I: AsyncWrite + Unpin> Conn<I> {
        fn try_keep_alive(&mut self, cx: &mut Context<'_>) {
            if self.state.keep_alive && self.state.reading == Reading::Init {
                self.state.reading = Reading::KeepAlive;
                self.state.notify_read = true;
            }
        }

        pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
            self.try_keep_alive(cx);
            Poll::Ready(Ok(()))
        }

        pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            match ready!(self.io.poll_shutdown(cx)) { //~ ok
                Ok(()) => {
                    self.state.close();
                    Poll::Ready(Ok(()))
                }
                Err(e) => Poll::Ready(Err(e)),
            }
        }
    }

    /// The dispatcher over the fixed `Conn`: flushes, then shuts down.
    pub struct Dispatcher<I> {
        conn: Conn<I>,
        queued: VecDeque<Vec<u8>>,
        is_closing: bool,
    }

    impl<I: AsyncWrite + Unpin> Dispatcher<I> {
        fn poll_write_queued(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            while let Some(msg) = self.queued.pop_front() {
                self.conn.io.buffer(msg);
            }
            Poll::Ready(Ok(()))
        }

        pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            ready!(self.poll_write_queued(cx))?; //~ ok
            self.conn.poll_flush(cx) //~ ok
        }

        pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            self.is_closing = true;
            ready!(self.poll_flush(cx))?; //~ ok
            self.conn.poll_shutdown(cx) //~ ok
        }
    }
}

// ---------------------------------------------------------------------------
// A dispatcher that throws its own flush away before shutting down.
// ---------------------------------------------------------------------------

pub struct LossyDispatcher<I> {
    io: I,
    out: VecDeque<Vec<u8>>,
    closing: bool,
}

impl<I: AsyncWrite + Unpin> LossyDispatcher<I> {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(front) = self.out.front_mut() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, front))?; //~ ok
            if n == front.len() {
                self.out.pop_front();
            } else {
                front.drain(..n);
            }
        }
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.closing = true;
        let _ = self.poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

// ---------------------------------------------------------------------------
// h2-like: a codec over a framed writer; close goes past the framed writer.
// ---------------------------------------------------------------------------

pub struct FramedWrite<T> {
    pub inner: T,
    frames: VecDeque<Vec<u8>>,
}

impl<T: AsyncWrite + Unpin> FramedWrite<T> {
    pub fn buffer(&mut self, frame: Vec<u8>) {
        self.frames.push_back(frame);
    }

    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(frame) = self.frames.front_mut() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, frame))?; //~ ok
            if n == frame.len() {
                self.frames.pop_front();
            } else {
                frame.drain(..n);
            }
        }
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }
}

pub struct Codec<T> {
    framed: FramedWrite<T>,
    goaway_sent: bool,
}

impl<T: AsyncWrite + Unpin> Codec<T> {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.framed.poll_flush(cx) //~ ok
    }

    pub fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.goaway_sent = true;
        // The GOAWAY frame is still queued in `self.framed`.
        Pin::new(&mut self.framed.inner).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

/// Correct h2-like codec: closes through the framed writer's own flush.
pub struct SafeCodec<T> {
    framed: FramedWrite<T>,
}

impl<T: AsyncWrite + Unpin> SafeCodec<T> {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.framed.poll_flush(cx) //~ ok
    }

    pub fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_flush(cx))?; //~ ok
        Pin::new(&mut self.framed.inner).poll_shutdown(cx) //~ ok
    }
}

// ---------------------------------------------------------------------------
// Plain inherent writer whose poll_flush does the writing.
// ---------------------------------------------------------------------------

pub struct Outbox<W> {
    io: W,
    staged: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Outbox<W> {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.staged.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.staged))?; //~ ok
            self.staged.drain(..n);
        }
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if !self.staged.is_empty() {
            self.staged.clear();
        }
        Pin::new(&mut self.io).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

/// No `poll_flush` in this impl: a half-close handle.
pub struct WriteHalfCloser<W> {
    io: W,
}

impl<W: AsyncWrite + Unpin> WriteHalfCloser<W> {
    pub fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}
