#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! shutdown_without_flush / sinks: `Sink` impls whose `poll_close` closes an
//! inner sink. `poll_flush` of a batching sink feeds queued items with
//! `poll_ready` + `start_send`, so closing the inner sink without flushing
//! self first drops the queue.
//!
//! Positives: direct inner close, close through a projection alias, a
//! thrown-away own flush (with and without `?`), a close that skips a
//! buffering layer via `get_mut()`. Negatives: map-err pass-through, flush
//! first with `ready!`/`match`/`is_pending()`, same-depth close of a buffering
//! layer, a terminal sink with no inner sink.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

// ---- minimal stand-in for futures_sink::Sink ----

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

#[derive(Debug)]
pub enum SendError<E> {
    Inner(E),
    Closed,
}

// ---------------------------------------------------------------------------
// 1. BatchSink: queues items, closes the inner sink with the queue full.
// ---------------------------------------------------------------------------

pub struct BatchSink<S, T> {
    inner: S,
    queue: VecDeque<T>,
    max: usize,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for BatchSink<S, T> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.queue.len() >= self.max {
            return self.poll_flush(cx);
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        self.queue.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while !this.queue.is_empty() {
            ready!(Pin::new(&mut this.inner).poll_ready(cx))?; //~ ok
            let item = this.queue.pop_front().unwrap();
            Pin::new(&mut this.inner).start_send(item)?;
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.inner).poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 2. FramedSink: same bug through a projection alias.
// ---------------------------------------------------------------------------

pub struct FramedSink<S> {
    inner: S,
    frames: VecDeque<Vec<u8>>,
}

pub struct FramedSinkProj<'a, S> {
    inner: Pin<&'a mut S>,
    frames: &'a mut VecDeque<Vec<u8>>,
}

impl<S: Unpin> FramedSink<S> {
    fn project(self: Pin<&mut Self>) -> FramedSinkProj<'_, S> {
        let me = self.get_mut();
        FramedSinkProj { inner: Pin::new(&mut me.inner), frames: &mut me.frames }
    }
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for FramedSink<S> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        self.project().frames.push_back(item);
        Ok(())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let mut this = self.project();
        loop {
            if this.frames.is_empty() {
                break;
            }
            ready!(this.inner.as_mut().poll_ready(cx))?; //~ ok
            let frame = this.frames.pop_front().unwrap();
            this.inner.as_mut().start_send(frame)?;
        }
        this.inner.poll_flush(cx) //~ ok
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = self.project();
        this.inner.poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 3. JsonSink: `let _ = ...?` on its own flush before closing.
// ---------------------------------------------------------------------------

pub struct JsonSink<S> {
    inner: S,
    pending: Option<String>,
}

impl<S: Sink<String> + Unpin> Sink<(String, u64)> for JsonSink<S> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.pending.is_some() {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: (String, u64)) -> Result<(), S::Error> {
        self.pending = Some(format!("{{\"key\":\"{}\",\"value\":{}}}", item.0, item.1));
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.pending.is_some() {
            ready!(Pin::new(&mut self.inner).poll_ready(cx))?; //~ ok
            let line = self.pending.take().unwrap();
            Pin::new(&mut self.inner).start_send(line)?;
        }
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.inner).poll_close(cx)
    }
}

// ---------------------------------------------------------------------------
// 4. MetricsSink: `_ =` on its own flush, then claims to be closed.
// ---------------------------------------------------------------------------

pub struct MetricsSink<S> {
    inner: S,
    samples: Vec<f64>,
    closed: bool,
}

impl<S: Sink<Vec<f64>> + Unpin> Sink<f64> for MetricsSink<S> {
    type Error = SendError<S::Error>;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if self.closed {
            return Poll::Ready(Err(SendError::Closed));
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: f64) -> Result<(), Self::Error> {
        self.samples.push(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if !self.samples.is_empty() {
            ready!(Pin::new(&mut self.inner).poll_ready(cx)).map_err(SendError::Inner)?; //~ ok
            let batch = std::mem::take(&mut self.samples);
            Pin::new(&mut self.inner).start_send(batch).map_err(SendError::Inner)?;
        }
        Pin::new(&mut self.inner).poll_flush(cx).map_err(SendError::Inner) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        _ = self.as_mut().poll_flush(cx); //~ shutdown_without_flush
        self.closed = true;
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// 5. A buffering sink layer, and a sink that closes underneath it.
// ---------------------------------------------------------------------------

pub struct SinkBuffer<S, T> {
    sink: S,
    buf: VecDeque<T>,
}

impl<S, T> SinkBuffer<S, T> {
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.sink
    }
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for SinkBuffer<S, T> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        self.buf.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while let Some(item) = this.buf.pop_front() {
            match Pin::new(&mut this.sink).poll_ready(cx)? { //~ ok
                Poll::Ready(()) => Pin::new(&mut this.sink).start_send(item)?,
                Poll::Pending => {
                    this.buf.push_front(item);
                    return Poll::Pending;
                }
            }
        }
        Pin::new(&mut this.sink).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.sink).poll_close(cx) //~ ok
    }
}

/// Flushes the buffer layer, but closes the sink under it.
pub struct EventStream<S, T> {
    sink: SinkBuffer<S, T>,
    sent: u64,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for EventStream<S, T> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.sink).poll_ready(cx) //~ ok
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        self.sent += 1;
        Pin::new(&mut self.sink).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.sink).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(self.sink.get_mut()).poll_close(cx) //~ shutdown_without_flush
    }
}

// ---------------------------------------------------------------------------
// 6. WithSink: a pending item is sent in poll_flush; close skips it.
// ---------------------------------------------------------------------------

pub struct WithSink<S, U> {
    inner: S,
    pending: Option<U>,
    encode: fn(&str) -> U,
}

impl<'a, S: Sink<U> + Unpin, U: Unpin> Sink<&'a str> for WithSink<S, U> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_ready(cx) //~ ok
    }

    fn start_send(mut self: Pin<&mut Self>, item: &'a str) -> Result<(), S::Error> {
        let encoded = (self.encode)(item);
        self.pending = Some(encoded);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if let Some(item) = self.pending.take() {
            if Pin::new(&mut self.inner).poll_ready(cx)?.is_pending() { //~ ok
                self.pending = Some(item);
                return Poll::Pending;
            }
            Pin::new(&mut self.inner).start_send(item)?;
        }
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(Pin::new(&mut self.inner).poll_close(cx))?; //~ shutdown_without_flush
        self.pending = None;
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// Negatives
// ---------------------------------------------------------------------------

/// Pure pass-through that only maps the error type.
pub struct SinkMapErr<S> {
    inner: S,
}

impl<S: Sink<T> + Unpin, T> Sink<T> for SinkMapErr<S> {
    type Error = SendError<S::Error>;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.inner).poll_ready(cx).map_err(SendError::Inner) //~ ok
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        Pin::new(&mut self.inner).start_send(item).map_err(SendError::Inner)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.inner).poll_flush(cx).map_err(SendError::Inner) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.inner).poll_close(cx).map_err(SendError::Inner) //~ ok
    }
}

/// Correct batching sink: `ready!` on its own flush first.
pub struct ChunkedSink<S, T> {
    inner: S,
    queue: VecDeque<T>,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for ChunkedSink<S, T> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        self.queue.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while !this.queue.is_empty() {
            ready!(Pin::new(&mut this.inner).poll_ready(cx))?; //~ ok
            let item = this.queue.pop_front().unwrap();
            Pin::new(&mut this.inner).start_send(item)?;
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

/// Correct: `is_pending()` guard on its own flush.
pub struct RetrySink<S, T> {
    inner: S,
    retry: Option<T>,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for RetrySink<S, T> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        self.retry = Some(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.retry.is_some() {
            ready!(Pin::new(&mut self.inner).poll_ready(cx))?; //~ ok
            let item = self.retry.take().unwrap();
            Pin::new(&mut self.inner).start_send(item)?;
        }
        Pin::new(&mut self.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.as_mut().poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

/// Correct: matches its own flush, `Pending` returned from the arm.
pub struct OrderedSink<S, T> {
    inner: S,
    backlog: VecDeque<(u64, T)>,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<(u64, T)> for OrderedSink<S, T> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: (u64, T)) -> Result<(), S::Error> {
        let at = self.backlog.partition_point(|(seq, _)| *seq < item.0);
        self.backlog.insert(at, item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while !this.backlog.is_empty() {
            ready!(Pin::new(&mut this.inner).poll_ready(cx))?; //~ ok
            let (_, item) = this.backlog.pop_front().unwrap();
            Pin::new(&mut this.inner).start_send(item)?;
        }
        Pin::new(&mut this.inner).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        match self.as_mut().poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Ready(Ok(())) => {}
        }
        Pin::new(&mut self.inner).poll_close(cx) //~ ok
    }
}

/// Correct: closes the buffering layer itself (same depth as its flush).
pub struct AuditStream<S, T> {
    sink: SinkBuffer<S, T>,
}

impl<S: Sink<T> + Unpin, T: Unpin> Sink<T> for AuditStream<S, T> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.sink).poll_ready(cx) //~ ok
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        Pin::new(&mut self.sink).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.sink).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Pin::new(&mut self.sink).poll_close(cx) //~ ok
    }
}

/// A terminal sink: no inner sink to close.
pub struct CollectSink<T> {
    items: Vec<T>,
    closed: bool,
}

impl<T: Unpin> Sink<T> for CollectSink<T> {
    type Error = SendError<()>;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if self.closed {
            return Poll::Ready(Err(SendError::Closed));
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        self.items.push(item);
        Ok(())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        self.closed = true;
        Poll::Ready(Ok(()))
    }
}

// ---------------------------------------------------------------------------
// A byte writer over a message sink: its close hands what it buffered to
// the sink (`poll_ready` + `start_send`) before closing it, which flushes
// the sink too. It writes itself out: not reported.
// ---------------------------------------------------------------------------

pub struct MessageWriterSk<S> {
    sink: S,
    buffer: Vec<u8>,
}

impl<S: Sink<Vec<u8>> + Unpin> MessageWriterSk<S> {
    pub fn poll_flush_sk(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if !self.buffer.is_empty() {
            ready!(Pin::new(&mut self.sink).poll_ready(cx))?;
            let data = std::mem::take(&mut self.buffer);
            Pin::new(&mut self.sink).start_send(data)?;
        }
        Pin::new(&mut self.sink).poll_flush(cx)
    }
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for MessageWriterSk<S> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        self.buffer.extend_from_slice(&item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.poll_flush_sk(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        if !this.buffer.is_empty() {
            ready!(Pin::new(&mut this.sink).poll_ready(cx))?;
            let data = std::mem::take(&mut this.buffer);
            Pin::new(&mut this.sink).start_send(data)?;
        }
        Pin::new(&mut this.sink).poll_close(cx) //~ ok
    }
}
