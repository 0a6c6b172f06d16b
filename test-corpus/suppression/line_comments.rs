#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! suppression / line_comments: `// pollcheck: allow(rule) -- reason`
//! either trailing on the finding's line or on its own line directly above
//! it. Covers all three rules, a multi-rule allow, the fact that an
//! own-line allow covers only the next line, and the unused cases: wrong
//! rule (finding still fires + unused_suppression), an allow on a clean
//! line, an own-line allow separated by a blank line, and a trailing allow
//! that does not carry over to the following line.
//! Annotations on suppression lines come after the suppression comment.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

/// A connection with a side log file.
pub struct Traced<W> {
    io: W,
    log: BufWriter<File>,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Traced<W> {
    // ---- trailing allow ----

    pub fn poll_kick(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = Pin::new(&mut self.io).poll_flush(cx); // pollcheck: allow(discarded_poll) -- only registers the waker; poll_close re-polls //~ ok
        let _ = self.log.flush(); // pollcheck: allow(discarded_io_result) -- trace log is best effort //~ ok
        Poll::Ready(())
    }

    pub fn poll_send_once(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; // pollcheck: allow(unused_write_amount) -- datagram transport, writes are atomic //~ ok
        Poll::Ready(Ok(()))
    }

    // ---- own-line allow directly above ----

    pub fn poll_kick_above(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        // pollcheck: allow(discarded_poll) -- waker registration only
        let _ = Pin::new(&mut self.io).poll_flush(cx); //~ ok
        // pollcheck: allow(discarded_io_result) -- trace log is best effort
        let _ = writeln!(self.log, "kick"); //~ ok
        Poll::Ready(())
    }

    pub fn poll_send_above(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // pollcheck: allow(unused_write_amount) -- datagram transport, writes are atomic
        let _ = ready!(Pin::new(&mut self.io).poll_write(cx, &self.buf))?; //~ ok
        Poll::Ready(Ok(()))
    }

    /// Two findings of different rules on one line, one multi-rule allow.
    pub fn poll_teardown(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        // pollcheck: allow(discarded_poll, discarded_io_result) -- teardown after a fatal error
        let _ = Pin::new(&mut self.io).poll_shutdown(cx); let _ = self.log.flush(); //~ ok
        Poll::Ready(())
    }

    /// An own-line allow covers only the next line.
    pub fn flush_log_twice(&mut self) {
        // pollcheck: allow(discarded_io_result) -- first flush is opportunistic
        let _ = self.log.flush(); //~ ok
        let _ = self.log.flush(); //~ discarded_io_result
    }

    // ---- unused suppressions ----

    /// Wrong rule: the real finding still fires and the allow is unused.
    pub fn flush_log_wrong_rule(&mut self) {
        let _ = self.log.flush(); // pollcheck: allow(discarded_poll) -- wrong rule name for this line //~ discarded_io_result unused_suppression
    }

    /// Nothing to silence: the error is propagated.
    pub fn flush_log_checked(&mut self) -> io::Result<()> {
        self.log.flush()?; // pollcheck: allow(discarded_io_result) -- stale after a fix //~ unused_suppression
        // pollcheck: allow(discarded_io_result) -- also stale //~ unused_suppression
        self.log.write_all(b"\n")?;
        Ok(())
    }

    /// Not *directly* above: a blank line breaks the association.
    pub fn flush_log_gap(&mut self) {
        // pollcheck: allow(discarded_io_result) -- separated by a blank line //~ unused_suppression

        let _ = self.log.flush(); //~ discarded_io_result
    }

    /// A trailing allow belongs to its own line, not to the next one.
    pub fn flush_log_trailing_does_not_carry(&mut self) {
        self.buf.clear(); // pollcheck: allow(discarded_io_result) -- trailing on a clean line //~ unused_suppression
        let _ = self.log.flush(); //~ discarded_io_result
    }

    /// Own-line allow above a line whose finding is another rule.
    pub fn poll_mismatch_above(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // pollcheck: allow(discarded_io_result) -- the finding below is discarded_poll //~ unused_suppression
        let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
        Poll::Ready(Ok(()))
    }
}

/// Free function and closure contexts.
pub fn best_effort_all(logs: &mut [BufWriter<File>]) {
    for l in logs.iter_mut() {
        // pollcheck: allow(discarded_io_result) -- shutting down, nowhere to report
        let _ = l.flush(); //~ ok
    }
    let flush_one = |l: &mut BufWriter<File>| {
        l.flush().ok(); // pollcheck: allow(discarded_io_result) -- best effort in closure //~ ok
    };
    for l in logs.iter_mut() {
        flush_one(l);
    }
}
