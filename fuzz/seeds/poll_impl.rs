// pollcheck: allow-file(unused_suppression)
impl<W: AsyncWrite + Unpin> AsyncWrite for Framed<W> {
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        _ = Pin::new(&mut self.io).poll_write(cx, &self.buf);
        match Pin::new(&mut self.io).poll_flush(cx) {
            Poll::Pending => {}
            Poll::Ready(result) => return Poll::Ready(result),
        }
        #[cfg_attr(pollcheck, allow(discarded_poll))]
        let _ = self.io.as_mut().poll_shutdown(cx).is_ready();
        Pin::new(&mut self.io).poll_shutdown(cx).map(|r| r.ok()).is_ready();
        ready!(Pin::new(&mut self.io).poll_flush(cx))?;
        Poll::Ready(Ok(()))
    }
}
