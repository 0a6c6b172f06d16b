#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! suppression / allow_file_unused: two file-level allows in the leading
//! comment block. The unused_write_amount one is used (datagram writes are
//! atomic here); the discarded_poll one silences nothing, so it is reported
//! as unused_suppression on its own line. Unrelated rules still fire.
// pollcheck: allow-file(unused_write_amount) -- UDP-style transport: a write is all-or-nothing
// pollcheck: allow-file(discarded_poll) -- left over from an old refactor //~ unused_suppression

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub struct DatagramWriter<W> {
    io: W,
    sent: u64,
}

impl<W: AsyncWrite + Unpin> DatagramWriter<W> {
    pub fn poll_send(&mut self, cx: &mut Context<'_>, dgram: &[u8]) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_write(cx, dgram))?; //~ ok
        self.sent += 1;
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Poll::Ready(Ok(()))
    }
}

pub fn send_blocking<W: Write>(w: &mut W, dgrams: &[&[u8]]) -> io::Result<()> {
    for d in dgrams {
        w.write(d)?; //~ ok
        let _ = w.write(b"")?; //~ ok
    }
    let _ = w.flush(); //~ discarded_io_result
    Ok(())
}
