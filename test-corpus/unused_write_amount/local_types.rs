#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / local_types: receivers whose type a body tells.
//! * A struct declared inside a function (a test's stand-in writer) types
//!   `self.0` in its `impl`s, also when several tests each declare one of
//!   the same name: the one in the enclosing body is meant.
//! * `if let Some(out) = &mut self.field` binds what the `Option` field
//!   holds; `let out = &mut self.field;` binds the field.
//! * `Owner::try_new(…)`, through `.map_err(…)?`, makes an `Owner`.

use std::fs::File;
use std::io::{self, Write};

pub fn first_stand_in() {
    struct MarkingUwl(Vec<u8>);

    impl Write for MarkingUwl {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.write(b">")?; //~ ok
            let written = self.0.write(data)?;
            Ok(written)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.0.write(b"!")?; //~ ok
            Ok(())
        }
    }
}

pub fn second_stand_in() {
    struct MarkingUwl(File);

    impl Write for MarkingUwl {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.write(b">")?; //~ unused_write_amount
            self.0.write(data)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.0.flush()
        }
    }
}

pub struct SpareUwl {
    memory: Option<Vec<u8>>,
    file: Option<File>,
}

impl SpareUwl {
    pub fn mark(&mut self) -> io::Result<()> {
        if let Some(out) = &mut self.memory {
            out.write(b"x")?; //~ ok
        }
        if let Some(out) = &mut self.file {
            out.write(b"x")?; //~ unused_write_amount
        }
        if let Some(out) = self.file.as_mut() {
            out.write(b"x")?; //~ unused_write_amount
        }
        let scratch = &mut self.memory;
        Ok(())
    }
}

pub struct EncoderUwl<W> {
    inner: W,
}

#[derive(Debug)]
pub struct EncoderErrorUwl;

impl<W: Write> EncoderUwl<W> {
    pub fn try_new(inner: W) -> Result<Self, EncoderErrorUwl> {
        Ok(EncoderUwl { inner })
    }
}

impl<W: Write> Write for EncoderUwl<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.inner.write(data)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub fn encode(file: File, data: &[u8]) -> io::Result<()> {
    // The file declares `write` with a count for `EncoderUwl`: a byte write.
    let mut encoder = EncoderUwl::try_new(file).map_err(|_| io::Error::other("encoder"))?;
    encoder.write(data)?; //~ unused_write_amount
    Ok(())
}
