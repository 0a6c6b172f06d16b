#![allow(unused, dead_code)]
//! shutdown_without_flush / write_futures: closes that do not finish what
//! `poll_flush` finishes, when the state it drives is a write future or a
//! queue of items rather than a byte buffer.
//!
//! Positives: a close that starts its own shutdown future while the write
//! future `poll_flush` polls is never touched; a Sink whose `poll_close`
//! closes the inner sink (through `poll_close_unpin`) while `poll_flush`
//! drains a queue of its own.
//! Negatives: the same close polling the write future first (through an
//! `if let` binding); the Sink draining its queue before closing; a pure
//! pass-through Sink; a close that hands its chunk on after an early
//! return that closes an empty sink, beside a notifier's `close()`; a
//! flush that only asks a question named after writes.

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
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

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

pub trait SinkExt<Item>: Sink<Item> {
    fn poll_close_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>
    where
        Self: Unpin,
    {
        Pin::new(self).poll_close(cx)
    }
    fn poll_flush_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>
    where
        Self: Unpin,
    {
        Pin::new(self).poll_flush(cx)
    }
    fn poll_ready_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>
    where
        Self: Unpin,
    {
        Pin::new(self).poll_ready(cx)
    }
}

impl<T: Sink<Item> + ?Sized, Item> SinkExt<Item> for T {}

type IoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

/// A remote file whose writes run as futures on a shared handle.
pub struct Remote;

impl Remote {
    pub async fn write(self: Arc<Self>, data: Vec<u8>) -> io::Result<()> {
        Ok(())
    }
    pub async fn shutdown(self: Arc<Self>) -> io::Result<()> {
        Ok(())
    }
}

pub struct RemoteWriter {
    remote: Arc<Remote>,
    write: Option<IoFuture>,
    close: Option<IoFuture>,
}

impl AsyncWrite for RemoteWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.as_mut().poll_flush(cx))?;
        let remote = self.remote.clone();
        self.write = Some(Box::pin(remote.write(buf.to_vec())));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(write) = self.write.as_mut() {
            ready!(write.as_mut().poll(cx))?;
            self.write = None;
        }
        Poll::Ready(Ok(()))
    }

    /// The write still in flight is dropped, unfinished, when the shutdown
    /// starts.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.close.is_none() {
            let remote = self.remote.clone();
            self.close = Some(Box::pin(remote.shutdown())); //~ shutdown_without_flush
        }
        self.close.as_mut().expect("set above").as_mut().poll(cx)
    }
}

pub struct CarefulRemoteWriter {
    remote: Arc<Remote>,
    write: Option<IoFuture>,
    close: Option<IoFuture>,
}

impl AsyncWrite for CarefulRemoteWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let remote = self.remote.clone();
        self.write = Some(Box::pin(remote.write(buf.to_vec())));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(write) = self.write.as_mut() {
            ready!(write.as_mut().poll(cx))?;
            self.write = None;
        }
        Poll::Ready(Ok(()))
    }

    /// Right: the write future is finished first.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(write) = self.write.as_mut() {
            ready!(write.as_mut().poll(cx))?;
            self.write = None;
        }
        if self.close.is_none() {
            let remote = self.remote.clone();
            self.close = Some(Box::pin(remote.shutdown())); //~ ok
        }
        self.close.as_mut().expect("set above").as_mut().poll(cx)
    }
}

/// A Sink that batches items in a queue of its own.
pub struct Batching<S> {
    inner: S,
    queue: VecDeque<Vec<u8>>,
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for Batching<S> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        self.queue.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while let Some(item) = this.queue.pop_front() {
            ready!(this.inner.poll_ready_unpin(cx))?;
            Pin::new(&mut this.inner).start_send(item)?;
        }
        this.inner.poll_flush_unpin(cx)
    }

    /// Closes the inner sink with the queue still full.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_close_unpin(cx) //~ shutdown_without_flush
    }
}

/// Right: the queue is drained first.
pub struct CarefulBatching<S> {
    inner: S,
    queue: VecDeque<Vec<u8>>,
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for CarefulBatching<S> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        self.queue.push_back(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while let Some(item) = this.queue.pop_front() {
            ready!(this.inner.poll_ready_unpin(cx))?;
            Pin::new(&mut this.inner).start_send(item)?;
        }
        this.inner.poll_flush_unpin(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        ready!(self.as_mut().poll_flush(cx))?;
        self.inner.poll_close_unpin(cx) //~ ok
    }
}

/// Right: a pass-through.
pub struct Passing<S> {
    inner: S,
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for Passing<S> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready_unpin(cx)
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        Pin::new(&mut self.inner).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_flush_unpin(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_close_unpin(cx) //~ ok
    }
}

/// A Sink that buffers one chunk and writes it out in its own close: the
/// empty-buffer early return closes, otherwise the chunk is sent first.
pub struct Chunked<S> {
    inner: S,
    chunk: Option<Vec<u8>>,
    closed: Notify,
}

/// A notifier: its `close()` wakes a listener, it writes nothing.
pub struct Notify;

impl Notify {
    pub fn close(&self) {}
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for Chunked<S> {
    type Error = S::Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        self.chunk = Some(item);
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        while let Some(chunk) = this.chunk.take() {
            ready!(this.inner.poll_ready_unpin(cx))?;
            Pin::new(&mut this.inner).start_send(chunk)?;
        }
        this.inner.poll_flush_unpin(cx)
    }

    /// Right: the chunk is handed on before the close goes through.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let this = &mut *self;
        this.closed.close(); //~ ok
        loop {
            let Some(chunk) = this.chunk.take() else {
                return this.inner.poll_close_unpin(cx); //~ ok
            };
            ready!(this.inner.poll_ready_unpin(cx))?;
            Pin::new(&mut this.inner).start_send(chunk)?;
        }
    }
}

/// A reconnecting wrapper: its flush passes the call on, after asking a
/// question named after writes.
pub struct Reconnecting<S> {
    inner: S,
    broken: bool,
}

impl<S: Sink<Vec<u8>> + Unpin> Reconnecting<S> {
    fn is_write_broken(&self) -> bool {
        self.broken
    }
}

impl<S: Sink<Vec<u8>> + Unpin> Sink<Vec<u8>> for Reconnecting<S> {
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready_unpin(cx)
    }

    fn start_send(mut self: Pin<&mut Self>, item: Vec<u8>) -> Result<(), S::Error> {
        Pin::new(&mut self.inner).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        if self.is_write_broken() {
            return Poll::Pending;
        }
        self.inner.poll_flush_unpin(cx)
    }

    /// Right: a pass-through.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_close_unpin(cx) //~ ok
    }
}
