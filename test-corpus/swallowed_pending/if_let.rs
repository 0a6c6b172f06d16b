#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! swallowed_pending / if_let: `if let Poll::Ready(..) = io.poll_flush(cx)
//! { .. }` used as a statement with no `else`, followed by more statements:
//! when the poll is `Pending` the body is skipped and the code goes on as
//! if the flush had finished.
//!
//! Positives: Ready(Err), Ready(Ok), Ready(res), a `?` scrutinee, a fully
//! qualified path, a multi-line scrutinee, poll_write, poll_shutdown,
//! poll_ready on a sink, a custom poll helper, inside a loop body.
//! Negatives: an `else` that returns `Pending` or records it, an if-let that
//! is the last statement (`pending_lost_on_return`'s when the function
//! returns `()`), `if let Poll::Pending`, `let .. else`, read-side polls.

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

pub trait AsyncRead {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>>;
}

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

pub trait Stream {
    type Item;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsState {
    Open,
    Closing,
    Closed,
}

/// A WebSocket-ish frame writer.
pub struct WsWriter<W> {
    io: W,
    frame: Vec<u8>,
    state: WsState,
    flushed: bool,
    dirty: bool,
    error: Option<io::Error>,
    frames_sent: u64,
}

impl<W: AsyncWrite + AsyncRead + Unpin> WsWriter<W> {
    // ---- positives ----

    pub fn poll_send_ping(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.frame.extend_from_slice(&[0x89, 0x00]);
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            return Poll::Ready(Err(e));
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_pong(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Ok(())) = Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            self.flushed = true;
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.frame.extend_from_slice(&[0x88, 0x02, 0x03, 0xe8]);
        if let Poll::Ready(res) = Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            res?;
        }
        self.state = WsState::Closing;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_try(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(()) = Pin::new(&mut self.io).poll_flush(cx)? { //~ swallowed_pending
            self.dirty = false;
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_qualified(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let std::task::Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
            self.error = Some(e);
        }
        self.state = WsState::Closed;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_multiline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io)
            .poll_flush(cx) //~ swallowed_pending
        {
            return Poll::Ready(Err(e));
        }
        self.flushed = true;
        Poll::Ready(Ok(()))
    }

    /// The frame is only trimmed when the write is ready; the state moves on
    /// regardless.
    pub fn poll_write_frame(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Ok(n)) = Pin::new(&mut self.io).poll_write(cx, &self.frame) { //~ swallowed_pending
            self.frame.drain(..n);
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_finish_close(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_shutdown(cx) { //~ swallowed_pending
            self.error = Some(e);
        }
        self.state = WsState::Closed;
        Poll::Ready(Ok(()))
    }

    fn poll_drain_frame(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.frame.is_empty() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.frame))?; //~ ok
            self.frame.drain(..n);
        }
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_text(&mut self, cx: &mut Context<'_>, text: &str) -> Poll<io::Result<()>> {
        self.frame.push(0x81);
        self.frame.push(text.len() as u8);
        self.frame.extend_from_slice(text.as_bytes());
        if let Poll::Ready(Err(e)) = self.poll_drain_frame(cx) { //~ swallowed_pending
            return Poll::Ready(Err(e));
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    // ---- negatives ----

    pub fn poll_send_ping_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.frame.extend_from_slice(&[0x89, 0x00]);
        if let Poll::Ready(res) = Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            res?;
            self.flushed = true;
        } else {
            return Poll::Pending;
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    /// The `else` records the pending flush.
    pub fn poll_send_pong_tracked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(res) = Pin::new(&mut self.io).poll_flush(cx) { //~ ok
            res?;
        } else {
            self.dirty = true;
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    /// Nothing follows, so nothing here goes on as if flushed; but the
    /// function returns `()` either way, and its caller cannot tell.
    pub fn kick_flush(&mut self, cx: &mut Context<'_>) {
        self.dirty = true;
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ pending_lost_on_return
            self.error = Some(e);
        }
    }

    pub fn poll_send_pending_first(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Pending = Pin::new(&mut self.io).poll_flush(cx)? { //~ ok
            return Poll::Pending;
        }
        self.flushed = true;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_let_else(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Poll::Ready(res) = Pin::new(&mut self.io).poll_flush(cx) else { //~ ok
            return Poll::Pending;
        };
        res?;
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }

    /// Read side: a frame may or may not be waiting.
    pub fn poll_read_control(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<()>> {
        if let Poll::Ready(Ok(n)) = Pin::new(&mut self.io).poll_read(cx, buf) { //~ ok
            if n >= 2 && buf[0] == 0x88 {
                self.state = WsState::Closing;
            }
        }
        self.flushed = false;
        Poll::Ready(Ok(()))
    }

    pub fn poll_write_frame_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Poll::Ready(Ok(n)) = Pin::new(&mut self.io).poll_write(cx, &self.frame) { //~ ok
            self.frame.drain(..n);
        } else {
            return Poll::Pending;
        }
        self.frames_sent += 1;
        Poll::Ready(Ok(()))
    }
}

/// Forwards queued messages into a sink.
pub struct Forward<S, St: Stream> {
    sink: S,
    stream: St,
    queue: VecDeque<St::Item>,
    sent: u64,
    received: u64,
}

impl<S, St> Forward<S, St>
where
    S: Sink<St::Item> + Unpin,
    St: Stream + Unpin,
{
    pub fn poll_send_one(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if let Poll::Ready(Ok(())) = Pin::new(&mut self.sink).poll_ready(cx) { //~ swallowed_pending
            if let Some(item) = self.queue.pop_front() {
                Pin::new(&mut self.sink).start_send(item)?;
            }
        }
        self.sent += 1;
        Poll::Ready(Ok(()))
    }

    /// Each round counts a flush that may still be pending.
    pub fn poll_flush_rounds(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        for _ in 0..2 {
            if let Poll::Ready(Err(e)) = Pin::new(&mut self.sink).poll_flush(cx) { //~ swallowed_pending
                return Poll::Ready(Err(e));
            }
            self.sent += 1;
        }
        Poll::Ready(Ok(()))
    }

    /// Read side: pull what the stream has right now.
    pub fn poll_fill_queue(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if let Poll::Ready(Some(item)) = Pin::new(&mut self.stream).poll_next(cx) { //~ ok
            self.queue.push_back(item);
        }
        self.received += 1;
        Poll::Ready(Ok(()))
    }

    pub fn poll_send_one_checked(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if let Poll::Ready(res) = Pin::new(&mut self.sink).poll_ready(cx) { //~ ok
            res?;
        } else {
            return Poll::Pending;
        }
        if let Some(item) = self.queue.pop_front() {
            Pin::new(&mut self.sink).start_send(item)?;
        }
        self.sent += 1;
        Poll::Ready(Ok(()))
    }
}
