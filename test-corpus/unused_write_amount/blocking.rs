#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / blocking: `io::Write::write` / `write_vectored`
//! whose error is handled with `?` but whose byte count is dropped, so a
//! short write silently loses data. Shapes: `w.write(b)?;`,
//! `w.write_vectored(bs)?;`, `let _ = w.write(b)?;`, `_ = w.write(b)?;`.
//! Negatives: the count is bound and used, compared, matched or returned;
//! `write_all` (no count); `flush` / `write_fmt` (no count). A count only
//! added to a total, the buffer not advanced by it, is
//! `short_write_not_advanced`'s.

use std::fs::File;
use std::io::{self, BufWriter, IoSlice, Write};
use std::net::TcpStream;

/// A naive request sender (the bug: assumes `write` writes everything).
pub struct Client {
    sock: TcpStream,
    sent: usize,
}

impl Client {
    pub fn send_request(&mut self, method: &str, path: &str) -> io::Result<()> {
        let line = format!("{method} {path} HTTP/1.1\r\n");
        self.sock.write(line.as_bytes())?; //~ unused_write_amount
        self.sock.write(b"\r\n")?; //~ unused_write_amount
        Ok(())
    }

    pub fn send_let(&mut self, body: &[u8]) -> io::Result<()> {
        let _ = self.sock.write(body)?; //~ unused_write_amount
        Ok(())
    }

    pub fn send_assign(&mut self, body: &[u8]) -> io::Result<()> {
        _ = self.sock.write(body)?; //~ unused_write_amount
        Ok(())
    }

    pub fn send_vectored(&mut self, head: &[u8], body: &[u8]) -> io::Result<()> {
        let bufs = [IoSlice::new(head), IoSlice::new(body)];
        self.sock.write_vectored(&bufs)?; //~ unused_write_amount
        let _ = self.sock.write_vectored(&bufs)?; //~ unused_write_amount
        Ok(())
    }

    pub fn send_multiline(&mut self, body: &[u8]) -> io::Result<()> {
        self.sock
            .write(body)?; //~ unused_write_amount
        Ok(())
    }

    // ---- negatives ----

    pub fn send_all(&mut self, body: &[u8]) -> io::Result<()> {
        self.sock.write_all(body)?; //~ ok
        let _ = self.sock.write_all(b"\r\n")?; //~ ok
        self.sock.flush()?; //~ ok
        Ok(())
    }

    pub fn send_counted(&mut self, mut body: &[u8]) -> io::Result<()> {
        while !body.is_empty() {
            let n = self.sock.write(body)?; //~ ok
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            body = &body[n..];
            self.sent += n;
        }
        Ok(())
    }

    pub fn send_accumulated(&mut self, parts: &[&[u8]]) -> io::Result<usize> {
        let mut total = 0;
        for p in parts {
            total += self.sock.write(p)?; //~ short_write_not_advanced
        }
        self.sent += self.sock.write(b"\n")?; //~ short_write_not_advanced
        Ok(total)
    }

    pub fn send_compared(&mut self, body: &[u8]) -> io::Result<bool> {
        if self.sock.write(body)? < body.len() { //~ ok
            return Ok(false);
        }
        Ok(true)
    }

    pub fn send_matched(&mut self, body: &[u8]) -> io::Result<()> {
        match self.sock.write(body)? { //~ ok
            0 => Err(io::ErrorKind::WriteZero.into()),
            n if n < body.len() => Err(io::Error::new(io::ErrorKind::Other, "short write")),
            _ => Ok(()),
        }
    }

    pub fn send_returned(&mut self, body: &[u8]) -> io::Result<usize> {
        if body.is_empty() {
            return self.sock.write(body); //~ ok
        }
        Ok(self.sock.write(body)?) //~ ok
    }

    pub fn send_tail(&mut self, body: &[u8]) -> io::Result<usize> {
        self.sock.write(body) //~ ok
    }

    pub fn send_asserted(&mut self, body: &[u8]) -> io::Result<()> {
        let written = self.sock.write(body)?; //~ ok
        assert_eq!(written, body.len(), "short write to socket");
        Ok(())
    }
}

/// Generic writer helpers.
pub fn copy_block<W: Write>(w: &mut W, block: &[u8]) -> io::Result<()> {
    w.write(block)?; //~ unused_write_amount
    w.flush()?; //~ ok
    Ok(())
}

pub fn copy_block_dyn(w: &mut dyn Write, block: &[u8]) -> io::Result<()> {
    let _ = w.write(block)?; //~ unused_write_amount
    writeln!(w)?; //~ ok
    Ok(())
}

pub fn copy_file(out: &mut BufWriter<File>, chunks: &[Vec<u8>]) -> io::Result<()> {
    for c in chunks {
        out.write(c)?; //~ unused_write_amount
    }
    out.write_all(b"EOF")?; //~ ok
    Ok(())
}
