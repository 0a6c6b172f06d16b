async fn run(mut stream: TcpStream) -> io::Result<()> {
    write!(stream, "{}", "héllo 🦀")?;
    let _ = writeln!(stream);
    emit!(stream.write_all(b"x").await);
    tokio::spawn(async move {
        stream.shutdown().await.ok();
    });
    let task = || async { let _ = sink.close().await; };
    #[allow(clippy::unused_io_amount)]
    stream.write(b"abc").await?;
    Ok(())
}
macro_rules! emit { ($e:expr) => { let _ = $e; } }
