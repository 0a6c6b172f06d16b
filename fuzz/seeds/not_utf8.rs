fn f() {
    let _ = w.write(b"Ã©ðŸ¦€"); let _ = ÿþ w.flush();
}
