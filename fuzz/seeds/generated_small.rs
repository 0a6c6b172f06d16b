
// pollcheck: allow(unused_suppression) -- the fuzzer says so
# ! [allow (unused)] use std :: io :: { self , Write } ; use std :: pin :: Pin ; use std :: task :: { Context , Poll } ;

// pollcheck: allow-file(unused_write_amount)

impl < W : AsyncWrite + Unpin > Sink < Vec < u8 >> for Framed < W > {
fn poll_read (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> {
// pollcheck: allow(no_such_rule) -- the fuzzer says so

let _ = self . inner . flush () . await ;

fn helper_1 < W : AsyncWrite + Unpin > (w : & mut W , cx : & mut Context < '_ >) -> Poll < () > { }
{ # [allow (discarded_poll)]
std :: mem :: drop (Poll :: Pending) ;

/* a comment */

std :: mem :: drop (ready ! (if let Poll :: Ready (x) = buf . len () { Pin :: new (& mut w) . poll_flush (cx , & self . buf [self . written ..]) })) ;

// pollcheck: allow-file(unused_suppression)

let _ = {
let _ = AsyncWrite :: poll_write (Pin :: new (& mut w) , cx , & self . buf [self . written ..]) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;
} ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;
} }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}

impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}

impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}


