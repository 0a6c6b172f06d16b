#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / read_side: read-side and timer polls are exempt even
//! when their `Poll` is discarded (discarding them is a common way to just
//! register a waker). Exempt prefixes: `poll_read*`, `poll_recv*`,
//! `poll_next*`, `poll_accept*`, `poll_peek*`; exempt exact names:
//! `poll_fill_buf`, `poll_frame`, `poll_data`, `poll_trailers`, `poll_tick`,
//! `poll_elapsed`, `poll_fn`, `poll_immediate`.
//! A few write-side polls sit next to them as positives for contrast.

use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

// ---- stand-in traits ----

pub trait AsyncRead {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>>;
}

pub trait AsyncBufRead: AsyncRead {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>>;
    fn consume(self: Pin<&mut Self>, amt: usize);
}

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait Stream {
    type Item;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>;
}

pub trait StreamExt: Stream + Unpin {
    fn poll_next_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(self).poll_next(cx) //~ ok
    }
}

impl<S: Stream + Unpin + ?Sized> StreamExt for S {}

/// Minimal `http_body::Body`.
pub trait Body {
    type Data;
    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<io::Result<Self::Data>>>;
    fn poll_data(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<io::Result<Self::Data>>>;
    fn poll_trailers(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<Option<Vec<(String, String)>>>>;
}

pub struct Receiver<T> {
    queue: VecDeque<T>,
    closed: bool,
}

impl<T> Receiver<T> {
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.queue.pop_front() {
            Some(v) => Poll::Ready(Some(v)),
            None if self.closed => Poll::Ready(None),
            None => Poll::Pending,
        }
    }

    pub fn poll_recv_many(&mut self, cx: &mut Context<'_>, out: &mut Vec<T>, limit: usize) -> Poll<usize> {
        let n = limit.min(self.queue.len());
        out.extend(self.queue.drain(..n));
        Poll::Ready(n)
    }
}

pub struct UdpSocket {
    inbox: VecDeque<Vec<u8>>,
}

impl UdpSocket {
    pub fn poll_peek(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        match self.inbox.front() {
            Some(d) => {
                let n = d.len().min(buf.len());
                buf[..n].copy_from_slice(&d[..n]);
                Poll::Ready(Ok(n))
            }
            None => Poll::Pending,
        }
    }

    pub fn poll_recv_from(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<(usize, u16)>> {
        let n = ready!(self.poll_peek(cx, buf))?;
        self.inbox.pop_front();
        Poll::Ready(Ok((n, 0)))
    }

    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.inbox.is_empty() { Poll::Pending } else { Poll::Ready(Ok(())) }
    }

    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

pub struct Listener {
    backlog: VecDeque<UdpSocket>,
}

impl Listener {
    pub fn poll_accept(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<UdpSocket>> {
        match self.backlog.pop_front() {
            Some(s) => Poll::Ready(Ok(s)),
            None => Poll::Pending,
        }
    }
}

pub struct Interval {
    next: Instant,
    period: Duration,
}

impl Interval {
    pub fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        let now = Instant::now();
        if now < self.next {
            return Poll::Pending;
        }
        self.next = now + self.period;
        Poll::Ready(now)
    }
}

pub struct Sleep {
    deadline: Instant,
}

impl Sleep {
    pub fn poll_elapsed(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), &'static str>> {
        if Instant::now() >= self.deadline { Poll::Ready(Ok(())) } else { Poll::Pending }
    }
}

/// Poll a future exactly once (name is exempt: `poll_immediate`).
pub fn poll_immediate<F: Future + Unpin>(fut: &mut F, cx: &mut Context<'_>) -> Poll<F::Output> {
    Pin::new(fut).poll(cx)
}

// ---- the fixtures ----

/// Drain-and-discard helpers: registering wakers on the read side.
pub fn register_read_interest<R: AsyncRead + Unpin>(r: &mut R, cx: &mut Context<'_>, scratch: &mut [u8]) {
    let _ = Pin::new(&mut *r).poll_read(cx, scratch); //~ ok
    Pin::new(&mut *r).poll_read(cx, scratch); //~ ok
    drop(Pin::new(r).poll_read(cx, scratch)); //~ ok
}

pub fn peek_buffered<R: AsyncBufRead + Unpin>(r: &mut R, cx: &mut Context<'_>) {
    let _ = Pin::new(&mut *r).poll_fill_buf(cx); //~ ok
    let _buffered = Pin::new(r).poll_fill_buf(cx); //~ ok
}

pub fn wake_on_item<S: Stream + Unpin>(s: &mut S, cx: &mut Context<'_>) {
    let _ = Pin::new(&mut *s).poll_next(cx); //~ ok
    _ = s.poll_next_unpin(cx); //~ ok
    let _: Poll<Option<S::Item>> = Pin::new(s).poll_next(cx); //~ ok
}

pub fn wake_on_message(rx: &mut Receiver<String>, cx: &mut Context<'_>) {
    let _ = rx.poll_recv(cx); //~ ok
    rx.poll_recv(cx); //~ ok
    let mut sink = Vec::new();
    let _ = rx.poll_recv_many(cx, &mut sink, 16); //~ ok
}

pub fn peek_datagram(sock: &mut UdpSocket, cx: &mut Context<'_>) -> io::Result<()> {
    let mut buf = [0u8; 64];
    let _ = sock.poll_peek(cx, &mut buf); //~ ok
    let _ = sock.poll_peek(cx, &mut buf)?; //~ ok
    std::mem::drop(sock.poll_recv_from(cx, &mut buf)); //~ ok
    let _ = sock.poll_read_ready(cx); //~ ok
    let _ = sock.poll_write_ready(cx); //~ discarded_poll
    Ok(())
}

pub fn accept_loop(l: &mut Listener, cx: &mut Context<'_>) {
    let _ = l.poll_accept(cx); //~ ok
    l.poll_accept(cx); //~ ok
}

pub fn body_probe<B: Body + Unpin>(body: &mut B, cx: &mut Context<'_>) {
    let _ = Pin::new(&mut *body).poll_frame(cx); //~ ok
    let _ = Pin::new(&mut *body).poll_data(cx); //~ ok
    let _ = Pin::new(body).poll_trailers(cx); //~ ok
}

pub fn timers(iv: &mut Interval, sleep: Pin<&mut Sleep>, cx: &mut Context<'_>) {
    let _ = iv.poll_tick(cx); //~ ok
    iv.poll_tick(cx); //~ ok
    let _ = sleep.poll_elapsed(cx); //~ ok
}

pub fn one_shot<F: Future<Output = ()> + Unpin>(f: &mut F, cx: &mut Context<'_>) {
    let _ = poll_immediate(f, cx); //~ ok
    let _ = poll_fn(|cx| Poll::Ready(())); //~ ok
}

/// A proxy: the read side may be discarded, the write side may not.
pub struct Proxy<R, W> {
    reader: R,
    writer: W,
    buf: Vec<u8>,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> Proxy<R, W> {
    pub fn poll_pump(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut chunk = [0u8; 512];
        let _ = Pin::new(&mut self.reader).poll_read(cx, &mut chunk)?; //~ ok
        let _ = Pin::new(&mut self.writer).poll_write(cx, &self.buf)?; //~ discarded_poll
        Pin::new(&mut self.writer).poll_flush(cx); //~ rustc
        Poll::Ready(Ok(()))
    }
}
