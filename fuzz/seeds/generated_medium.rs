
// pollcheck: allow(discarded_io_result)
# ! [allow (unused)] use std :: io :: { self , Write } ; use std :: pin :: Pin ; use std :: task :: { Context , Poll } ;

pin_project_lite :: pin_project ! {
// pollcheck: allow(swallowed_pending, no_such_rule)

impl < W > Framed < W > { fn helper_3 < W : AsyncWrite + Unpin > (& mut self , w : & mut W , cx : & mut Context < '_ >) -> () {
ready ! (match Pin :: new (& mut std :: io :: stdout ()) . poll_flush (cx , & self . buf [self . written ..]) { std :: task :: Poll :: Pending => () ,
_ => self . io . as_mut () . poll_next (cx) ,
} . then (| x | async move { x }) ?) ? ;

_ = sink . as_mut () . poll_close (cx) ;
ready ! (Box :: pin (n0) . then (| x | async move { x })) } }
macro_rules ! emit { ($ w : expr) => { } } }

/* a comment */

pub trait AsyncWrite { fn poll_read (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> ; fn poll_read (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> ; fn poll_ready (self : Pin < & mut Self > , cx : & mut Context < '_ >) -> Poll < Result < () , Self :: Error >> ; fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> ; fn poll_flush (self : Pin < & mut Self > , cx : & mut Context < '_ >) -> Poll < io :: Result < () >> ; }

mod inner { use super :: * ; }

pin_project_lite :: pin_project ! {
/* a comment */

macro_rules ! emit { ($ w : expr) => { # [cfg_attr (pollcheck , allow (discarded_io_result))]
move | cx : & mut Context < '_ > | {
_ = Pin :: new (& mut self . inner) . poll_write_vectored (cx , buf) ;
} ;
# [allow (pollcheck :: discarded_io_result)]
drop (futures :: ready ! (Pin :: new (& mut self . io) . poll_ready (cx , & self . buf [self . written ..]))) ;
# [allow (swallowed_pending)]
ready ! (self . io . as_mut () . poll_shutdown (cx) . ok ()) ? ;

return n1 ;

let _ = writeln ! (self . inner , "{}" , unsafe {
// pollcheck: allow-file(clippy::unused_io_amount, unused_suppression)

tokio :: spawn (async move {
let _ = self . poll_write (cx , & self . buf [self . written ..]) ; // pollcheck: allow(unused_suppression) -- the fuzzer says so


// pollcheck: allow(discarded_poll, discarded_io_result)

let _ : Poll < io :: Result < usize >> = AsyncWrite :: poll_next (Pin :: new (& mut self . inner) , cx) ;
# [allow (unused_suppression)]
if stream . as_mut () . poll_flush (cx) . is_ready () { AsyncWrite :: poll_ready (Pin :: new (& mut std :: io :: stdout ()) , cx , & self . buf [self . written ..]) } else { }

// pollcheck: allow(no_such_rule, unused_suppression)

match buf . len () { Poll :: Pending => continue ,
}

let _ = Poll :: Ready (Ok (())) ;

ready ! (self . inner . as_mut () . poll_write_vectored (cx , buf)) ? ;
sink . read (& mut buf) . await }) ;

/* a comment */

async fn helper_3 < W : AsyncWrite + Unpin > (w : & mut W , cx : & mut Context < '_ >) -> usize { }
futures :: ready ! (Pin :: new (& mut stream) . poll_write (cx , buf)) }) ;

// pollcheck: allow-file(discarded_io_result)

let _ = match async move {
if self . poll_write_vectored (cx) . is_ready () { buf . len () } else { Poll :: Pending }

// pollcheck: allow-file(clippy::unused_io_amount, swallowed_pending)

drop (self . project () . io . as_mut () . poll_flush (cx)) ;

// pollcheck: allow(shutdown_without_flush) -- the fuzzer says so

while let Poll :: Ready (Ok (_)) = sink . close () . await { stream . as_mut () . poll_close (cx) }
# [allow (clippy :: unused_io_amount)]
match self . io . send (frame) { Poll :: Ready (result) => { } ,
}
# [expect (clippy :: unused_io_amount)]
self . project () . io . write_all (& buf) . await ;
} { Poll :: Ready (_) => { } ,
} ;
} }
impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}
impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> {
let _ = Pin :: new (& mut self . io) . poll_write (cx) ? ? ? ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

loop { {
let _unused = Pin :: new (& mut stream) . poll_write_vectored (cx , & self . buf [self . written ..]) ;

_ = buf . len () ? . then (| x | async move { x }) ;

// pollcheck: allow discarded_io_result

let _ = Some (|| stream . as_mut () . poll_write_vectored (cx , buf)) . map (| p | p . is_ready ()) ; // pollcheck: allow-file(discarded_io_result)


match write ! (std :: io :: stdout () , "{}" , buf . len ()) { Poll :: Ready (Ok (n)) => return Poll :: Pending ,
}
match ready ! (n2) { Poll :: Ready (result) => continue ,
Poll :: Ready (Err (e)) => { AsyncWrite :: poll_ready (Pin :: new (& mut self . project () . io) , cx) } ,
} } break ; }
}
} # [allow (pollcheck :: unused_suppression)]
macro_rules ! emit { ($ w : expr) => {
/* a comment */

return AsyncWrite :: poll_read (Pin :: new (& mut std :: io :: stdout ()) , cx , & self . buf [self . written ..]) ;

_ = async move { # [cfg_attr (pollcheck , allow (clippy :: unused_io_amount))]
drop (self . inner . shutdown ()) ;

// pollcheck: allow(shutdown_without_flush) -- the fuzzer says so

tokio :: spawn (async move { self . io . close () }) ;
} . map_err (io :: Error :: other) ;
match move | cx : & mut Context < '_ > | {
let _ = self . io . write_all (& buf) . await ;
# [allow (pollcheck :: clippy :: unused_io_amount)]
return Poll :: Ready (Ok (())) ;

drop (w . write (buf) . await) ;
# [allow (pollcheck :: discarded_io_result)]
_ = self . poll_write_vectored (cx) ;

if std :: io :: stdout () . write (buf) . await . is_ready () { } else { }

Poll :: Pending ;
w . write_all (& buf) } { Poll :: Pending => unreachable ! () ,
Ok (_) | Err (_) => continue ,
} } }
// pollcheck: allow(discarded_io_result, no_such_rule) -- the fuzzer says so

impl < W : AsyncWrite + Unpin > Sink < Vec < u8 >> for Framed < W > {
fn poll_next (self : Pin < & mut Self > , cx : & mut Context < '_ >) -> Poll < Option < Self :: Item >> {
tokio :: spawn (async move { # [allow (unused_suppression)]
let _ = if let Poll :: Ready (x) = { Poll :: Ready (Ok (())) } {
_ = Poll :: Pending ;
# [expect (unused_write_amount)]
match AsyncWrite :: poll_close (Pin :: new (& mut std :: io :: stdout ()) , cx , buf) { Poll :: Ready (Ok (n)) => unreachable ! () ,
_ => () ,
Poll :: Ready (result) => return Poll :: Pending ,
Poll :: Ready (result) => return Poll :: Pending ,
Poll :: Ready (result) => () ,
Ok (_) | Err (_) => () ,
}

let _ = writeln ! (self . project () . io , "// not a comment {}" , Pin :: new (& mut std :: io :: stdout ()) . poll_write_vectored (cx)) ;

// pollcheck: allow unused_suppression

if self . inner . as_mut () . poll_close (cx , buf) . is_ready () { } else { stream . write_fmt (format_args ! ("{}" , 1)) . await }

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;
} ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;
}) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;

let _ = Pin :: new (& mut self . io) . poll_write (cx) ;
}

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }

fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}
impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
} }

impl < W : AsyncWrite + Unpin > AsyncWrite for Framed < W > {
fn poll_write (self : Pin < & mut Self > , cx : & mut Context < '_ > , buf : & [u8]) -> Poll < io :: Result < usize >> { }
}


