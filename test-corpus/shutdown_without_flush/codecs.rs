#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! shutdown_without_flush / codecs: encoders whose `poll_flush` drives a
//! stored write future (`fut.as_mut().poll(cx)`), a TLS-like writer that
//! queues a close_notify record, and close state machines.
//!
//! Positives: the close method shuts the transport down while a write
//! future or a queued record is still pending; a thrown-away own flush in a
//! Sink; a close state machine that queues a goodbye and shuts down.
//! Negatives: the same codecs flushing self first (`ready!`, `match`, an
//! earlier state of the close machine), and a decode-only pass-through.

use std::future::Future;
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

pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
}

/// A write started elsewhere (a spawned upload, a blocking-pool write).
pub type WriteFuture = Pin<Box<dyn Future<Output = io::Result<()>>>>;

fn start_write(data: Vec<u8>) -> WriteFuture {
    Box::pin(async move {
        let _len = data.len();
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// 1. RecordCodec: poll_flush waits for the in-flight write future.
// ---------------------------------------------------------------------------

pub struct RecordCodec<W> {
    io: W,
    in_flight: Option<WriteFuture>,
    next: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for RecordCodec<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.in_flight.is_some() {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
        }
        self.in_flight = Some(start_write(buf.to_vec()));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(fut) = self.in_flight.as_mut() {
            let res = ready!(fut.as_mut().poll(cx));
            self.in_flight = None;
            res?;
        }
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The in-flight record may still be running.
        Pin::new(&mut self.io).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

/// Correct RecordCodec: the close waits for its own flush.
pub struct SafeRecordCodec<W> {
    io: W,
    in_flight: Option<WriteFuture>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for SafeRecordCodec<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.in_flight.is_some() {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
        }
        self.in_flight = Some(start_write(buf.to_vec()));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(fut) = self.in_flight.as_mut() {
            let res = ready!(fut.as_mut().poll(cx));
            self.in_flight = None;
            res?;
        }
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?; //~ ok
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

// ---------------------------------------------------------------------------
// 2. UploadSink: a Sink whose flush polls the upload future.
// ---------------------------------------------------------------------------

pub struct UploadSink<T> {
    transport: T,
    upload: Option<WriteFuture>,
    parts: usize,
}

impl<T: Sink<Vec<u8>, Error = io::Error> + Unpin> Sink<Vec<u8>> for UploadSink<T> {
    type Error = io::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.upload.is_some() {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, part: Vec<u8>) -> io::Result<()> {
        self.parts += 1;
        self.upload = Some(start_write(part));
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(upload) = &mut self.upload {
            ready!(upload.as_mut().poll(cx))?;
            self.upload = None;
        }
        Pin::new(&mut self.transport).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
        Pin::new(&mut self.transport).poll_close(cx)
    }
}

/// Correct UploadSink: the flush is matched and `Pending` returned.
pub struct SafeUploadSink<T> {
    transport: T,
    upload: Option<WriteFuture>,
}

impl<T: Sink<Vec<u8>, Error = io::Error> + Unpin> Sink<Vec<u8>> for SafeUploadSink<T> {
    type Error = io::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.upload.is_some() {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
        }
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, part: Vec<u8>) -> io::Result<()> {
        self.upload = Some(start_write(part));
        Ok(())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(upload) = &mut self.upload {
            ready!(upload.as_mut().poll(cx))?;
            self.upload = None;
        }
        Pin::new(&mut self.transport).poll_flush(cx) //~ ok
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.as_mut().poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(res) => res?,
        }
        Pin::new(&mut self.transport).poll_close(cx) //~ ok
    }
}

// ---------------------------------------------------------------------------
// 3. TlsWriter: queues close_notify, then shuts the socket down.
// ---------------------------------------------------------------------------

pub struct TlsWriter<W> {
    io: W,
    records: Vec<u8>,
    sent_close_notify: bool,
}

impl<W: AsyncWrite + Unpin> TlsWriter<W> {
    fn send_close_notify(&mut self) {
        if !self.sent_close_notify {
            self.records.extend_from_slice(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00]);
            self.sent_close_notify = true;
        }
    }

    fn poll_write_tls(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.records.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.records))?; //~ ok
            this.records.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for TlsWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.records.extend_from_slice(&[0x17, 0x03, 0x03]);
        self.records.extend_from_slice(&(buf.len() as u16).to_be_bytes());
        self.records.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_write_tls(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.send_close_notify();
        // close_notify is only queued in `self.records`.
        Pin::new(&mut self.io).poll_shutdown(cx) //~ shutdown_without_flush
    }
}

/// Correct TlsWriter: close_notify is written before the shutdown.
pub struct SafeTlsWriter<W> {
    io: W,
    records: Vec<u8>,
    sent_close_notify: bool,
}

impl<W: AsyncWrite + Unpin> SafeTlsWriter<W> {
    fn send_close_notify(&mut self) {
        if !self.sent_close_notify {
            self.records.extend_from_slice(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00]);
            self.sent_close_notify = true;
        }
    }

    fn poll_write_tls(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.records.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.records))?; //~ ok
            this.records.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for SafeTlsWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.records.extend_from_slice(&[0x17, 0x03, 0x03]);
        self.records.extend_from_slice(&(buf.len() as u16).to_be_bytes());
        self.records.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_write_tls(cx))?; //~ ok
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.send_close_notify();
        ready!(self.as_mut().poll_write_tls(cx))?; //~ ok
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

// ---------------------------------------------------------------------------
// 4. Close state machines.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    SendBye,
    Flush,
    Shutdown,
}

/// Queues "BYE" and goes straight to the shutdown state.
pub struct LineProtocol<W> {
    io: W,
    out: Vec<u8>,
    closing: Closing,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for LineProtocol<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.out.extend_from_slice(buf);
        self.out.extend_from_slice(b"\r\n");
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.out.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.out))?; //~ ok
            this.out.drain(..n);
        }
        Pin::new(&mut this.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            match self.closing {
                Closing::SendBye => {
                    self.out.extend_from_slice(b"BYE\r\n");
                    self.closing = Closing::Shutdown;
                }
                Closing::Flush | Closing::Shutdown => {
                    return Pin::new(&mut self.io).poll_shutdown(cx); //~ shutdown_without_flush
                }
            }
        }
    }
}

/// Correct: the machine has a flush state before the shutdown state.
pub struct SafeLineProtocol<W> {
    io: W,
    out: Vec<u8>,
    closing: Closing,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for SafeLineProtocol<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.out.extend_from_slice(buf);
        self.out.extend_from_slice(b"\r\n");
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.out.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.out))?; //~ ok
            this.out.drain(..n);
        }
        Pin::new(&mut this.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            match self.closing {
                Closing::SendBye => {
                    self.out.extend_from_slice(b"BYE\r\n");
                    self.closing = Closing::Flush;
                }
                Closing::Flush => {
                    ready!(self.as_mut().poll_flush(cx))?; //~ ok
                    self.closing = Closing::Shutdown;
                }
                Closing::Shutdown => {
                    return Pin::new(&mut self.io).poll_shutdown(cx); //~ ok
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 5. A decode-only codec: writes pass straight through.
// ---------------------------------------------------------------------------

pub struct DecodeOnly<W> {
    io: W,
    decoded: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for DecodeOnly<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf) //~ ok
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.decoded.clear();
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}
