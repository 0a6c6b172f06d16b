#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / named_bindings: `let _name = E;` is a discard only
//! when `_name` is never mentioned again later in the same block. Any later
//! mention counts as a use — in a nested block, an `if`, a closure, a
//! `return`, or inside a macro call's arguments. A same-named binding in a
//! *sibling* block does not rescue the first one.

use std::fs::File;
use std::io::{self, BufWriter, Write};

fn note(r: &io::Result<()>) {
    if let Err(e) = r {
        eprintln!("flush failed: {e}");
    }
}

pub struct Spool {
    out: BufWriter<File>,
    failures: u32,
}

impl Spool {
    pub fn never_read(&mut self) {
        let _flushed = self.out.flush(); //~ discarded_io_result
        let _written = self.out.write_all(b"x"); //~ discarded_io_result
        self.failures = 0;
    }

    pub fn read_in_if_let(&mut self) {
        let _flushed = self.out.flush(); //~ ok
        if let Err(e) = &_flushed {
            self.failures += 1;
        }
    }

    pub fn read_in_nested_block(&mut self, strict: bool) -> io::Result<()> {
        let _res = self.out.flush(); //~ ok
        if strict {
            _res?;
        }
        Ok(())
    }

    pub fn read_by_helper(&mut self) {
        let _res = self.out.write_all(b"\n"); //~ ok
        note(&_res);
    }

    pub fn read_by_return(&mut self) -> io::Result<()> {
        let _res = self.out.flush(); //~ ok
        self.failures = 0;
        return _res;
    }

    pub fn read_in_closure(&mut self) -> bool {
        let _res = self.out.flush(); //~ ok
        let failed = || _res.is_err();
        failed()
    }

    pub fn read_in_macro(&mut self) {
        let _res = self.out.flush(); //~ ok
        debug_assert!(_res.is_ok(), "spool flush failed");
    }

    pub fn sibling_blocks(&mut self) {
        {
            let _r = self.out.flush(); //~ discarded_io_result
        }
        {
            let _r = self.out.flush(); //~ ok
            note(&_r);
        }
    }

    pub fn shadow_by_block_value(&mut self) -> u32 {
        let _count = self.out.flush(); //~ discarded_io_result
        let count = self.failures;
        count
    }
}
