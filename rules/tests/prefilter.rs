//! What the pre-filter's planner wants, with the interests the built-in
//! rules declare: an item is parsed when it holds a call some rule judges,
//! where that rule judges it (thrown away, matched, given to `ready!`), or
//! the body of a function a rule reads whole. Everything else is left out.

use lint_core::config::RuleSettings;
use lint_core::interest::{InterestTable, Interests};
use lint_core::prefilter::{Needles, Plan};

fn needles() -> Needles {
    let interests: Vec<(&'static str, Interests)> = rules::RULES
        .iter()
        .map(|rule| (rule.meta().name, rule.interests()))
        .collect();
    Needles::new(&InterestTable::new(&interests, &RuleSettings::default()))
}

fn wants(text: &str) -> bool {
    needles().wants(text)
}

/// Asserts that none of `skipped` is wanted and every one of `wanted` is.
fn assert_wants(skipped: &[&str], wanted: &[&str]) {
    for text in skipped {
        assert!(!wants(text), "{text}");
    }
    for text in wanted {
        assert!(wants(text), "{text}");
    }
}

/// The plan's kept ranges joined, whitespace squeezed to one space.
fn kept(text: &str) -> String {
    match needles().plan(text) {
        Plan::Items(kept) => {
            for pair in kept.windows(2) {
                assert!(pair[0].end < pair[1].start, "{kept:?}");
            }
            let parts: Vec<&str> = kept.iter().map(|range| &text[range.clone()]).collect();
            parts
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn poll_names_and_io_calls_are_wanted() {
    assert!(wants("fn f() { let _ = io.poll_flush(cx); }"));
    assert!(wants("fn f() { let _ = w.write(b\"x\"); }"));
    assert!(wants("fn f() { w.write_all (b\"x\").ok(); }"));
    assert!(wants("fn f() { w.flush /* c */ ().ok(); }"));
    assert!(wants("fn f() { let _ = writeln!(w); }"));
    assert!(wants("fn f() { let _ = w.write::<u8>(1); }"));
    assert!(wants("fn f() { let _ = r#write(1); }"));
    assert!(wants("#[allow(pollcheck::discarded_poll)] fn f() {}"));
    assert!(wants("fn f() {} // pollcheck: allow(discarded_poll)"));
}

#[test]
fn io_calls_whose_value_is_used_are_not_wanted() {
    assert_wants(
        &[
            "fn f() { w.write_all(b).expect(\"x\"); }",
            "fn f() { w.flush().unwrap(); }",
            "fn f() -> R { w.flush()?; w.sync_all()?; Ok(()) }",
            "async fn f() -> R { w.flush().await?; w.write_all(b) . await ?; Ok(()) }",
            "fn f() { if w.flush().is_err() {} }",
            // No count under the `?`: nothing is lost.
            "fn f() -> R { w.flush().map_err(E::from)?; Ok(()) }",
            // A tuple is not looked into.
            "fn f() { (w.flush(), 1); }",
            // A statement that throws a `Result` (or a future) away is
            // rustc's `unused_must_use`.
            "fn f() { w.close(); }",
            "async fn f() { w.flush().await; w.write_all(b).await.map_err(E::from); }",
        ],
        &[
            // The count is lost under `?`, `.unwrap()` or `.expect(…)`.
            "fn f() -> R { w.write(b)?; Ok(()) }",
            "fn f() { w.write(b).unwrap(); }",
            "fn f() { w.write(b).expect(\"x\"); }",
            "async fn f() -> R { w.write_vectored(b).await?; Ok(()) }",
            // A count kept in a `let` in an item that adds up or loops, or
            // added up with `+=`: whether it moves the buffer on is
            // `short_write_not_advanced`'s.
            "fn f() { let n = w.write(b).unwrap(); t += n; }",
            "fn f() { loop { let n = w.write(b).unwrap_or(0); } }",
            "fn f() -> R { total += w.write(b)?; Ok(()) }",
            "fn f() -> P { self.n += ready!(Pin::new(&mut w).poll_write(cx, b))?; P }",
            "fn f() -> R { w.write(b).map_err(E::from)?; Ok(()) }",
            "async fn f() { let _ = w.flush().await; }",
            "async fn f() { w.shutdown().await.ok(); }",
            "fn f() { drop(w.close()); }",
        ],
    );
}

#[test]
fn io_calls_kept_in_a_binding_or_tested_are_not_wanted() {
    assert_wants(
        &[
            "fn f() { let r = w.flush(); let s: Box<dyn X<Item = u8>> = y; }",
            // A kept count where nothing adds up or loops: no finding of
            // `short_write_not_advanced` can be there.
            "fn f() -> R { let n = w.write(b)?; Ok(n) }",
            "fn f() { let n = w.write(b).unwrap(); } fn g() { t += 1; }",
            "fn f() -> R { total += w.flush()?; Ok(()) }",
            "fn f() { let s = write!(w, \"x\"); }",
            "fn f() { if let Err(e) = w.flush() {} match w.close() { _ => {} } }",
            "fn f() { while w.write(b).is_ok() {} }",
            // A tuple is not looked into; a `let … else` has no value.
            "fn f() { let (a, b) = (w.flush(), 1); }",
            "fn f() { let Some(x) = w.flush() else { return }; }",
        ],
        &[
            "fn f() { let _ = w.flush(); }",
            "fn f() { let _n = w.write(b); }",
            "fn f() { let n = { w.flush().ok(); 1 }; }",
            "fn f() { let n = 1; let _ = w.flush(); }",
            "fn f() { let c = || _ = w.flush(); }",
            "fn f() { let mut _x = write!(w, \"x\"); }",
            // A count kept where the item adds up or loops:
            // `short_write_not_advanced` reads what follows.
            "fn f() -> R { let n = w.write(b)?; pos += n; Ok(()) }",
            "fn f() -> R { while x { let mut m: usize = w.write(b)?; } Ok(()) }",
        ],
    );
}

#[test]
fn io_calls_that_are_tails_arms_elements_or_arguments_are_not_wanted() {
    assert_wants(
        &[
            "fn flush(&mut self) -> R { self.inner.flush() }",
            "fn f() { unsafe { p.write(v) }; }",
            "fn write(&mut self, b: &[u8]) -> R { Ok(self.w.write(b)?) }",
            "fn f() { g(w.flush()); h(1, w.close(), 2); }",
            "fn f() -> R { match s { A(w) => w.flush(), B(w) => w.write_all(b) } }",
            "fn f() { let v = [w.flush()]; let x = vec![w.flush(), w.close()]; }",
            "fn f() { m!(w.flush()); assert!(w.flush()); }",
            "fn f() { let c = || w.flush(); spawn(move || w.close()); }",
            "fn f() { g(write!(w, \"x\")); }",
            "fn f() { let o = write::Object::new(); if flush != 0 {} }",
        ],
        &[
            "fn f() { drop(w.flush()); std::mem::drop(w.close(),); }",
            "fn f() { if x { _ = w.flush() } }",
            "fn f() { match a { B => _ = w.flush(), C => {} } }",
            "fn f() { m!(_ = w.flush()); }",
            "fn f() { (w.flush()); }",
            "fn f() { let _ = (w.flush()); }",
            "fn f() { w.flush().map(|_| ()).ok(); }",
            "fn f() { w.write::<u8>(b); }",
            "macro_rules! m { ($w:ident) => { $w.flush() $(;)* } }",
        ],
    );
}

#[test]
fn poll_calls_are_wanted_where_their_pending_may_be_lost() {
    assert_wants(
        &[
            "fn f(&mut self) -> R { g(self.io.poll_flush(cx)) }",
            "fn f() { let p = w.poll_flush(cx); }",
            "fn f() -> X { w.poll_write(cx, b).map(|_| ()) }",
            "fn f() -> bool { w.poll_flush(cx).is_ok() }",
            // A statement that throws a `Poll` away is rustc's.
            "fn f() { w.poll_flush(cx)?; w.poll_close(cx); }",
        ],
        &[
            "fn f() { let _ = w.poll_flush(cx); }",
            "fn f() { let _ = w.poll_flush(cx)?; }",
            "fn f() { ready!(w.poll_write(cx, b))?; }",
            "fn f() { let n = task::ready!(w.poll_write(cx, b)?); }",
            "fn f() { match w.poll_flush(cx) { _ => {} } }",
            "fn f() { if let Poll::Ready(r) = w.poll_flush(cx)? {} }",
            "fn f() { let f = Self::poll_flush; }",
            // Turned into a bool, which may decide what is returned
            // (`pending_turned_ready`).
            "fn f() -> bool { w.poll_flush(cx).is_ready() }",
            "fn f() { if w.poll_flush(cx)?.is_pending() { return Poll::Ready(Ok(())); } }",
            "fn f() { let flushed = w.poll_flush(cx)?.is_ready(); }",
        ],
    );
}

#[test]
fn select_arm_futures_are_wanted() {
    // The planner sees the future before `=>`, past its pattern: a bound
    // output is kept too, and the walk judges the pattern.
    assert_wants(
        &["fn f() { match a { B => w.flush(), } }"],
        &[
            "fn f() { select! { _ = w.flush() => {} } }",
            "fn f() { select! { Ok(_) = w.write_all(b) => {} } }",
            "fn f() { select! { x = w.flush() => x?, } }",
        ],
    );
}

#[test]
fn declarations_are_left_to_the_crate_model_but_bodies_rules_read_are_kept() {
    // `shutdown_without_flush` reads `poll_flush`, `poll_shutdown` and
    // `poll_close` whole; what other functions declare (a `Poll` return
    // type, an IO method's signature) is the crate model's, which lexes it.
    assert_eq!(
        kept(
            "impl W for S {\n\
             fn poll_write(self: P, cx: C, b: B) -> Poll<R> { Pin::new(&mut self.io).poll_write(cx, b) }\n\
             fn poll_flush(self: P, cx: C) -> Poll<R> { Pin::new(&mut self.io).poll_flush(cx) }\n\
             fn other(&self) {}\n}\n\
             fn drive(cx: C) -> Poll<()> { step(); Poll::Pending }\n\
             fn drive_more(w: W) -> Poll<()> { w.flush().ok(); Poll::Pending }\n\
             fn outer() { fn inner() -> Poll<()> { x() } }\n\
             trait T { fn poll_ready(&mut self) -> Poll<()>; fn f(); }\n\
             use std::io::Write;\nimpl X { fn write(&mut self, b: &[u8]) -> usize { 0 } }\n"
        ),
        "impl W for S { fn poll_flush(self: P, cx: C) -> Poll<R> { Pin::new(&mut self.io).poll_flush(cx) } } \
         fn drive_more(w: W) -> Poll<()> { w.flush().ok(); Poll::Pending }"
    );
    assert_wants(
        &[
            "fn f() -> u8 { match p { Poll::Ready(x) => x, Poll::Pending => 0 } }",
            "fn drive(&mut self, cx: &mut Context<'_>) -> Poll<()> { todo!() }",
            "trait T { fn drive(&mut self) -> std::task::Poll<()>; }",
            "fn f() { fn inner() -> Poll<()> { todo!() } }",
            "fn f() { let s = stream.poll_next_unpin(cx); let p = poll_fn(g); }",
            "fn flush(&mut self) {}\nuse a::b;",
        ],
        &["impl S { fn poll_close(self: P, cx: C) -> Poll<R> { todo!() } }"],
    );
}

#[test]
fn mentions_in_comments_strings_and_other_words_are_not() {
    assert!(!wants("// poll_flush(cx)\nfn f() {}"));
    assert!(!wants("/* poll_flush /* nested */ Poll */ fn f() {}"));
    assert!(!wants("fn f() { let s = \"poll_flush(\\\"\"; }"));
    assert!(!wants("fn f() { let s = r#\"poll_flush(\"\"#; }"));
    assert!(!wants("fn f() { let s = b\"Poll\"; let c = '\"'; }"));
    assert!(!wants("fn f<'a>(x: &'a str) { let c = b'\\''; }"));
    assert!(!wants("fn f() { let writer = x; x.write_str(\"\"); }"));
    assert!(!wants("fn f() { let write = 1; overwrite(write); }"));
    assert!(!wants("struct S { close: bool }"));
    assert!(!wants("fn f() { S { write: true }; }"));
    assert!(!wants(
        "impl W { fn write(&mut self, b: &[u8]) {} pub fn flush(&self); }"
    ));
}

#[test]
fn tuple_fields_and_numbers_do_not_hide_names() {
    assert!(wants("fn f() { let _ = self.0.poll_close(cx); }"));
    assert!(wants("fn f() { let _ = 1.5f64; let _ = x.1.flush(); }"));
}

#[test]
fn write_macros_are_wanted_only_where_their_value_can_be_thrown_away() {
    for discarded in [
        "fn f() { let _ = write!(w, \"x\"); }",
        "fn f() { let _ = writeln!(w); }",
        "fn f() { _ = write!(w, \"{}\", (1, [2])) }",
        "fn f() { drop(write!(w, \"x\")); }",
        "fn f() { write!(w, \"x\").ok(); }",
        "fn f() { let _ = std::write!(w, \"x\"); }",
    ] {
        assert!(wants(discarded), "{discarded}");
    }
    for kept in [
        // A statement of its own: rustc warns about the `Result`.
        "fn f() { write!(w, \"x\"); }",
        "fn f() { std::writeln!(w); }",
        "fn fmt(&self, f: &mut F) -> R { write!(f, \"x\")?; write!(f, \"{}\", (1, 2)) }",
        "fn fmt(&self, f: &mut F) -> R { match self { A => write!(f, \"a\"), B => writeln!(f) } }",
    ] {
        assert!(!wants(kept), "{kept}");
    }
}

#[test]
fn only_items_that_hold_a_judged_call_are_kept() {
    let text = "#![allow(dead_code)]\nuse std::io::Write;\n\
        #[cfg(test)]\nfn a() { let x = [1; 2]; }\n\
        const C: S = S { a: 1 };\nstruct T { f: u8 }\n\
        #[inline]\nfn b(w: &mut W) { w.flush().ok(); }\n\
        impl X {\n    fn c(&self) {}\n    fn write(&mut self, b: &[u8]) -> usize { 0 }\n}\n\
        impl Y {\n    fn d(&self) {}\n    pub fn e(&mut self) { let _ = self.io.close(); }\n    const F: u8 = 1;\n}\n\
        mod m { fn g() {} }\nextern \"C\" fn h() { write(1).ok(); }\n";
    assert_eq!(
        kept(text),
        "#[inline] fn b(w: &mut W) { w.flush().ok(); } \
         impl Y { pub fn e(&mut self) { let _ = self.io.close(); } } \
         extern \"C\" fn h() { write(1).ok(); }"
    );
    // Whitespace between left-out items is left out with them.
    let Plan::Items(ranges) = needles().plan(text) else {
        unreachable!()
    };
    for range in &ranges {
        assert!(!text[range.clone()].trim().is_empty(), "{range:?}");
    }
}

#[test]
fn a_rule_turned_off_narrows_what_is_wanted() {
    let only = |names: &[&str]| {
        let interests: Vec<(&'static str, Interests)> = rules::RULES
            .iter()
            .filter(|rule| names.contains(&rule.meta().name))
            .map(|rule| (rule.meta().name, rule.interests()))
            .collect();
        Needles::new(&InterestTable::new(&interests, &RuleSettings::default()))
    };
    let count = "fn f() -> R { w.write(b)?; Ok(()) }";
    let matched = "fn f() { match w.poll_flush(cx) { _ => {} } }";
    let flushed = "fn f() { let _ = w.flush(); }";
    let everything = needles();
    assert!(everything.wants(count) && everything.wants(matched) && everything.wants(flushed));
    let no_counts = only(&["discarded_poll", "discarded_io_result", "swallowed_pending"]);
    assert!(!no_counts.wants(count) && no_counts.wants(flushed));
    let polls_only = only(&["discarded_poll"]);
    assert!(!polls_only.wants(matched) && !polls_only.wants(flushed));
    assert!(polls_only.wants("fn f() { let _ = w.poll_flush(cx); }"));
}
