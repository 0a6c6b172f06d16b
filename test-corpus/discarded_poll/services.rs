#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / services: `poll_ready` of a service (tower's
//! `Service`, a `BoxService`) asks whether it can take a request, which is
//! no write; `poll_ready` of a `Sink` is the sink's readiness to accept an
//! item, and losing its `Pending` loses the item.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stand-in for `tower::Service`.
pub trait Service<Request> {
    type Response;
    type Error;
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn call(&mut self, request: Request) -> Self::Response;
}

/// A stand-in for `futures::Sink`.
pub trait Sink<Item> {
    type Error;
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>>;
    fn start_send(self: Pin<&mut Self>, item: Item) -> Result<(), Self::Error>;
}

/// A stand-in for `tower::util::BoxService`.
pub struct BoxService<T>(Box<dyn Service<T, Response = (), Error = io::Error>>);

impl<T> Service<T> for BoxService<T> {
    type Response = ();
    type Error = io::Error;
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        self.0.poll_ready(cx)
    }
    fn call(&mut self, request: T) {
        self.0.call(request)
    }
}

pub struct Router<S> {
    inner: S,
    fallback: BoxService<u8>,
}

impl<S: Service<u8> + Clone> Router<S> {
    pub fn poll_inner(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = self.inner.poll_ready(cx); //~ ok
        let _ = self.fallback.poll_ready(cx); //~ ok
        Poll::Ready(())
    }
}

pub fn warm_up<S>(service: &mut S, cx: &mut Context<'_>)
where
    S: Service<u8>,
{
    let _ = service.poll_ready(cx); //~ ok
}

pub struct Forward<K> {
    sink: K,
}

impl<K: Sink<u8> + Unpin> Forward<K> {
    pub fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), K::Error>> {
        let _ = Pin::new(&mut self.sink).poll_ready(cx); //~ discarded_poll
        Poll::Ready(Ok(()))
    }
}

pub fn feed<K: Sink<u8> + Unpin>(sink: &mut K, cx: &mut Context<'_>) {
    let _ = Pin::new(sink).poll_ready(cx); //~ discarded_poll
}
