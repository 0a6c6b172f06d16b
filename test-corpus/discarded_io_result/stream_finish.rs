#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / stream_finish: `finish` ends a QUIC or HTTP/3 send
//! stream; if it fails, the peer never learns the stream ended (or that
//! the data is complete). It is judged only where the receiver is known to
//! be a send stream: a `SendStream` parameter or field, or what a
//! connection's `open_uni()` / `open_bi()` returns. Hashers and encoders
//! call their output `finish` too, and those are left alone.

use std::hash::{DefaultHasher, Hasher};
use std::io;

/// A stand-in for `quinn::SendStream`.
pub struct SendStream;

#[derive(Debug)]
pub struct ClosedStream;

impl SendStream {
    pub fn finish(&mut self) -> Result<(), ClosedStream> {
        Ok(())
    }
}

pub struct RecvStream;

/// A stand-in for `quinn::Connection`.
pub struct Connection;

impl Connection {
    pub async fn open_uni(&self) -> io::Result<SendStream> {
        Ok(SendStream)
    }
    pub async fn open_bi(&self) -> io::Result<(SendStream, RecvStream)> {
        Ok((SendStream, RecvStream))
    }
}

pub struct Upload {
    send: SendStream,
}

impl Upload {
    pub fn done(&mut self) {
        let _ = self.send.finish(); //~ discarded_io_result
    }
}

pub fn end(send: &mut SendStream) {
    let _ = send.finish(); //~ discarded_io_result
    send.finish().ok(); //~ discarded_io_result
    send.finish().unwrap(); //~ ok
}

pub async fn request(connection: &Connection) -> io::Result<()> {
    let mut uni = connection.open_uni().await?;
    let _ = uni.finish(); //~ discarded_io_result
    let (mut send, recv) = connection.open_bi().await?;
    let _ = send.finish(); //~ discarded_io_result
    Ok(())
}

pub struct Encoder {
    state: u64,
}

impl Encoder {
    pub fn finish(self) -> Result<Vec<u8>, io::Error> {
        Ok(Vec::new())
    }
}

pub fn digest(data: &[u8], encoder: Encoder) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(data);
    let _ = hasher.finish(); //~ ok
    let _ = encoder.finish(); //~ ok
    0
}
