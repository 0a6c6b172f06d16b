#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / taken_apart: discards not spelled `let _`.
//! * `.unwrap()` and `.expect(…)` take a `Result` apart as `?` does: on a
//!   `write` the count is left, and a statement throws it away.
//! * `.map(|_| ())` hands the count to a closure that ignores it, so a `?`
//!   after it loses the count as surely as a bare `?`; `.map(|n| …)`
//!   reads it.
//! * `poll_flush_unpin`, `poll_close_unpin` and `poll_ready_unpin` are the
//!   write-side polls of futures' extension traits.
//! * A producer's `flush(timeout)` that fails has not delivered what was
//!   queued; `.ok();` throws that away.

use std::future::{ready, Ready};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready(Ok(buf.len()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

/// futures' `SinkExt` and `AsyncWriteExt` spellings for `Unpin` values.
pub trait UnpinPolls {
    fn poll_flush_unpin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_close_unpin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_ready_unpin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_next_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Option<u8>>;
}

pub struct Producer;

impl Producer {
    pub fn flush(&mut self, timeout: Duration) -> Result<(), String> {
        Ok(())
    }
}

pub fn blocking(w: &mut std::fs::File, buf: &[u8]) -> io::Result<usize> {
    w.write(buf).unwrap(); //~ unused_write_amount
    w.write(buf).expect("write the header"); //~ unused_write_amount
    let n = w.write(buf).unwrap(); //~ ok
    let m = w.write(buf).expect("write"); //~ ok
    w.write_all(buf).unwrap(); //~ ok
    w.flush().unwrap(); //~ ok
    w.flush().expect("flush"); //~ ok
    w.write(buf).map(|_| ())?; //~ unused_write_amount
    w.write(buf).map(|_written| ())?; //~ unused_write_amount
    let mut total = 0;
    w.write(buf).map(|written| total += written)?; //~ ok
    w.write(buf).map(drop)?; //~ ok
    Ok(n + m + total)
}

pub async fn awaited<W: AsyncWrite + Unpin>(stream: &mut W, buf: &[u8], n: usize) -> io::Result<()> {
    stream.write(&buf[..n]).await.map(|_| ())?; //~ unused_write_amount
    stream.write(&buf[..n]).await.unwrap(); //~ unused_write_amount
    let written = stream.write(&buf[..n]).await.unwrap(); //~ ok
    stream.write(&buf[..n]).await.map(|sent| assert_eq!(sent, n))?; //~ ok
    Ok(())
}

pub fn polls<S: UnpinPolls>(sink: &mut S, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let _ = sink.poll_flush_unpin(cx); //~ discarded_poll
    let _ = sink.poll_close_unpin(cx)?; //~ discarded_poll
    _ = sink.poll_ready_unpin(cx); //~ discarded_poll
    let _ = sink.poll_next_unpin(cx); //~ ok
    ready_flush(sink, cx)
}

fn ready_flush<S: UnpinPolls>(sink: &mut S, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    match sink.poll_flush_unpin(cx) { //~ ok
        Poll::Ready(result) => Poll::Ready(result),
        Poll::Pending => Poll::Pending,
    }
}

pub fn producer(producer: &mut Producer) -> Result<(), String> {
    producer.flush(Duration::from_secs(5)).ok(); //~ discarded_io_result
    producer.flush(Duration::from_secs(5))?; //~ ok
    let _ = producer.flush(Duration::from_secs(5)); //~ discarded_io_result
    producer.flush(Duration::from_secs(5)); //~ rustc
    Ok(())
}

pub struct Batch;

/// A record sink whose `write` counts rows, not bytes.
pub trait RecordSink {
    fn write(&mut self, batch: &Batch) -> io::Result<usize>;
}

fn open_sink() -> Box<dyn RecordSink> {
    unimplemented!()
}

/// After `.unwrap()` or `.expect(…)`, a `write` on a receiver of unknown
/// type counts only when it is given plain bytes.
pub fn records(batch: &Batch, frame: &[u8]) {
    open_sink().write(batch).unwrap(); //~ ok
    open_sink().write(&batch).expect("write the batch"); //~ ok
    open_writer().write(&frame[..4]).unwrap(); //~ unused_write_amount
    open_writer().write(b"\n").unwrap(); //~ unused_write_amount
    // `io::sink()` takes everything: no count is lost.
    std::io::sink().write(&frame[..4]).unwrap(); //~ ok
}

fn open_writer() -> Box<dyn Write> {
    unimplemented!()
}
