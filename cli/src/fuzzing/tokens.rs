//! Rust source generated from unstructured bytes, for the `tokens` fuzz
//! target: a small grammar of the code pollcheck's rules look at — write-side
//! `poll_*` methods in impl blocks, polls and IO results bound to `_`,
//! propagated with `?` or `ready!`, turned into options with `.ok()`, matched
//! with `Poll::Pending` arms, passed through closures, async blocks and
//! macros — with suppression comments and attributes sprinkled over it.
//!
//! Every choice is read from an [`Unstructured`], so libFuzzer's mutations
//! of the bytes become mutations of the program. The tree is built with
//! `quote` as a [`TokenStream`] and printed. Comments are not tokens: they
//! travel as placeholder identifiers and replace them in the printed text,
//! and so do line breaks, so that line-based suppressions mean something.

use arbitrary::{Arbitrary, Result, Unstructured};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

/// Deepest nesting of blocks and expressions generated.
const MAX_DEPTH: usize = 6;
/// Most items, statements or match arms in one list.
const MAX_LIST: usize = 6;
/// The placeholder that becomes a line break.
const NEWLINE: &str = "__pollcheck_fuzz_newline";
/// The prefix of placeholders that become comments.
const COMMENT: &str = "__pollcheck_fuzz_comment_";

/// A generated program: its source text.
#[derive(Debug, Clone)]
pub struct Program {
    /// The printed source.
    pub source: String,
}

impl<'a> Arbitrary<'a> for Program {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut generator = Generator {
            u,
            comments: Vec::new(),
        };
        let tokens = generator.file()?;
        let source = generator.print(&tokens);
        Ok(Program { source })
    }
}

/// Receivers of write calls.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Receiver {
    SelfIo,
    SelfInner,
    Writer,
    Stream,
    Sink,
    Projected,
    Stdout,
}

/// Poll methods, write side and a few others.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum PollMethod {
    Write,
    WriteVectored,
    Flush,
    Shutdown,
    Close,
    Ready,
    Read,
    Next,
    FlushUnpin,
}

/// Blocking and async IO methods.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum IoMethod {
    Write,
    WriteAll,
    Flush,
    Shutdown,
    Close,
    WriteFmt,
    Send,
    StartSend,
    Read,
}

/// Rule names as written in suppressions (some unknown on purpose).
#[derive(Debug, Clone, Copy, Arbitrary)]
enum RuleName {
    DiscardedPoll,
    DiscardedIoResult,
    UnusedWriteAmount,
    ShutdownWithoutFlush,
    SwallowedPending,
    UnusedSuppression,
    ClippyUnusedIoAmount,
    Unknown,
}

impl RuleName {
    fn text(self) -> &'static str {
        match self {
            RuleName::DiscardedPoll => "discarded_poll",
            RuleName::DiscardedIoResult => "discarded_io_result",
            RuleName::UnusedWriteAmount => "unused_write_amount",
            RuleName::ShutdownWithoutFlush => "shutdown_without_flush",
            RuleName::SwallowedPending => "swallowed_pending",
            RuleName::UnusedSuppression => "unused_suppression",
            RuleName::ClippyUnusedIoAmount => "clippy::unused_io_amount",
            RuleName::Unknown => "no_such_rule",
        }
    }

    fn path(self) -> TokenStream {
        match self {
            RuleName::ClippyUnusedIoAmount => quote!(clippy::unused_io_amount),
            other => {
                let ident = Ident::new(other.text(), Span::call_site());
                quote!(#ident)
            }
        }
    }
}

/// The shapes of a suppression attribute.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum AttributeForm {
    CfgAttr,
    Allow,
    ToolPath,
    Expect,
}

/// The shapes of a suppression comment.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum CommentForm {
    Allow,
    AllowWithReason,
    AllowFile,
    Malformed,
    Plain,
}

/// Declared return types.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum ReturnType {
    Unit,
    IoResult,
    PollIoResult,
    PollUnit,
    Usize,
    Opaque,
}

struct Generator<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    comments: Vec<String>,
}

impl Generator<'_, '_> {
    fn pick<T: for<'b> Arbitrary<'b>>(&mut self) -> Result<T> {
        T::arbitrary(self.u)
    }

    fn coin(&mut self) -> Result<bool> {
        self.u.arbitrary()
    }

    fn choice(&mut self, count: u8) -> Result<u8> {
        self.u.int_in_range(0..=count - 1)
    }

    fn count(&mut self) -> Result<usize> {
        self.u.int_in_range(0..=MAX_LIST)
    }

    fn newline() -> TokenStream {
        let ident = Ident::new(NEWLINE, Span::call_site());
        quote!(#ident)
    }

    /// A placeholder for a comment; `own_line` puts it on a line of its own.
    fn comment(&mut self, own_line: bool) -> Result<TokenStream> {
        let form: CommentForm = self.pick()?;
        let rule: RuleName = self.pick()?;
        let second: Option<RuleName> = self.pick()?;
        let mut names = rule.text().to_string();
        if let Some(second) = second {
            names.push_str(", ");
            names.push_str(second.text());
        }
        let text = match form {
            CommentForm::Allow => format!("// pollcheck: allow({names})"),
            CommentForm::AllowWithReason => {
                format!("// pollcheck: allow({names}) -- the fuzzer says so")
            }
            CommentForm::AllowFile => format!("// pollcheck: allow-file({names})"),
            CommentForm::Malformed => format!("// pollcheck: allow {names}"),
            CommentForm::Plain => "/* a comment */".to_string(),
        };
        let text = if own_line {
            format!("\n{text}\n")
        } else {
            format!(" {text}\n")
        };
        let ident = format_ident!("{}{}", COMMENT, self.comments.len());
        self.comments.push(text);
        Ok(quote!(#ident))
    }

    fn attribute(&mut self) -> Result<TokenStream> {
        let form: AttributeForm = self.pick()?;
        let rule = self.pick::<RuleName>()?.path();
        Ok(match form {
            AttributeForm::CfgAttr => quote!(#[cfg_attr(pollcheck, allow(#rule))]),
            AttributeForm::Allow => quote!(#[allow(#rule)]),
            AttributeForm::ToolPath => quote!(#[allow(pollcheck::#rule)]),
            AttributeForm::Expect => quote!(#[expect(#rule)]),
        })
    }

    /// Nothing, a suppression attribute or a comment on its own line.
    fn decoration(&mut self) -> Result<TokenStream> {
        Ok(match self.choice(4)? {
            0 | 1 => TokenStream::new(),
            2 => self.attribute()?,
            _ => self.comment(true)?,
        })
    }

    fn file(&mut self) -> Result<TokenStream> {
        let mut tokens = TokenStream::new();
        if self.coin()? {
            tokens.extend(self.comment(true)?);
        }
        if self.coin()? {
            tokens.extend(quote!(#![allow(unused)]));
        }
        tokens.extend(quote! {
            use std::io::{self, Write};
            use std::pin::Pin;
            use std::task::{Context, Poll};
        });
        if self.coin()? {
            tokens.extend(quote!(
                use std::task::ready;
            ));
        }
        tokens.extend(Self::newline());
        for _ in 0..self.count()?.max(1) {
            tokens.extend(self.item(0)?);
            tokens.extend(Self::newline());
        }
        Ok(tokens)
    }

    fn item(&mut self, depth: usize) -> Result<TokenStream> {
        let decoration = self.decoration()?;
        let limit = if depth >= MAX_DEPTH { 4 } else { 8 };
        let item = match self.choice(limit)? {
            0 => self.poll_impl(depth)?,
            1 => self.function(depth, false)?,
            2 => self.trait_declaration()?,
            3 => quote!(
                struct Framed<W> {
                    io: W,
                    inner: W,
                    buf: Vec<u8>,
                    written: usize,
                }
            ),
            4 => {
                let body = self.block(depth + 1)?;
                quote!(impl<W: AsyncWrite> Drop for Framed<W> { fn drop(&mut self) #body })
            }
            5 => {
                let body = self.block(depth + 1)?;
                quote!(
                    macro_rules! emit { ($w:expr) => #body }
                )
            }
            6 => {
                let mut items = TokenStream::new();
                for _ in 0..self.count()? {
                    items.extend(self.item(depth + 1)?);
                }
                quote!(mod inner { use super::*; #items })
            }
            _ => {
                let mut items = TokenStream::new();
                for _ in 0..self.count()? {
                    items.extend(self.item(depth + 1)?);
                }
                quote!(pin_project_lite::pin_project! { #items })
            }
        };
        let newline = Self::newline();
        Ok(quote!(#decoration #newline #item))
    }

    fn trait_declaration(&mut self) -> Result<TokenStream> {
        let mut methods = TokenStream::new();
        for _ in 0..self.count()? {
            let method: PollMethod = self.pick()?;
            let (name, arguments, output) = signature(method);
            methods.extend(quote!(fn #name(#arguments) -> #output;));
        }
        Ok(quote!(pub trait AsyncWrite { #methods }))
    }

    fn poll_impl(&mut self, depth: usize) -> Result<TokenStream> {
        let trait_name = match self.choice(4)? {
            0 => quote!(AsyncWrite),
            1 => quote!(futures::io::AsyncWrite),
            2 => quote!(Sink<Vec<u8>>),
            _ => quote!(tokio::io::AsyncWrite),
        };
        let mut methods = TokenStream::new();
        for _ in 0..self.count()?.max(1) {
            let decoration = self.decoration()?;
            let method: PollMethod = self.pick()?;
            let (name, arguments, output) = signature(method);
            let body = self.block(depth + 1)?;
            let newline = Self::newline();
            methods.extend(
                quote!(#decoration #newline fn #name(#arguments) -> #output #body #newline),
            );
        }
        if self.coin()? {
            methods.extend(quote!(
                type Error = io::Error;
            ));
        }
        Ok(quote! {
            impl<W: AsyncWrite + Unpin> #trait_name for Framed<W> { #methods }
        })
    }

    fn function(&mut self, depth: usize, nested: bool) -> Result<TokenStream> {
        let asyncness = if self.coin()? {
            quote!(async)
        } else {
            quote!()
        };
        let returns: ReturnType = self.pick()?;
        let output = match returns {
            ReturnType::Unit => quote!(()),
            ReturnType::IoResult => quote!(io::Result<()>),
            ReturnType::PollIoResult => quote!(Poll<io::Result<()>>),
            ReturnType::PollUnit => quote!(Poll<()>),
            ReturnType::Usize => quote!(usize),
            ReturnType::Opaque => quote!(impl Future<Output = io::Result<usize>>),
        };
        let name = format_ident!("helper_{}", self.choice(4)?);
        let body = self.block(depth + 1)?;
        let receiver = if nested { quote!() } else { quote!(&mut self,) };
        let function = quote! {
            #asyncness fn #name<W: AsyncWrite + Unpin>(#receiver w: &mut W, cx: &mut Context<'_>) -> #output #body
        };
        Ok(if nested || self.coin()? {
            function
        } else {
            quote!(impl<W> Framed<W> { #function })
        })
    }

    fn block(&mut self, depth: usize) -> Result<TokenStream> {
        let mut statements = TokenStream::new();
        if depth < MAX_DEPTH {
            for _ in 0..self.count()? {
                statements.extend(self.statement(depth)?);
                statements.extend(Self::newline());
            }
        }
        if self.coin()? {
            statements.extend(self.expression(depth + 1)?);
        }
        Ok(quote!({ #statements }))
    }

    fn statement(&mut self, depth: usize) -> Result<TokenStream> {
        let decoration = self.decoration()?;
        let e = self.expression(depth + 1)?;
        let statement = match self.choice(18)? {
            0 => quote!(let _ = #e;),
            1 => quote!(_ = #e;),
            2 => quote!(#e;),
            3 => quote!(let _: Poll<io::Result<usize>> = #e;),
            4 => quote!(let _unused = #e;),
            5 => {
                let name = format_ident!("n{}", self.choice(3)?);
                quote!(let #name = #e;)
            }
            6 => quote!(drop(#e);),
            7 => quote!(std::mem::drop(#e);),
            8 => quote!(return #e;),
            9 => quote!(ready!(#e)?;),
            10 => {
                let then = self.block(depth + 1)?;
                let otherwise = self.block(depth + 1)?;
                quote!(if #e.is_ready() #then else #otherwise)
            }
            11 => {
                let body = self.block(depth + 1)?;
                quote!(while let Poll::Ready(Ok(_)) = #e #body)
            }
            12 => {
                let body = self.block(depth + 1)?;
                quote!(loop { #body break; })
            }
            13 => {
                let arms = self.arms(depth + 1)?;
                quote!(match #e { #arms })
            }
            14 => {
                let receiver = receiver(self.pick()?);
                let text = self.string()?;
                if self.coin()? {
                    quote!(write!(#receiver, #text, #e)?;)
                } else {
                    quote!(let _ = writeln!(#receiver, #text, #e);)
                }
            }
            15 => {
                let comment = self.comment(false)?;
                quote!(let _ = #e; #comment)
            }
            16 => {
                let body = self.block(depth + 1)?;
                quote!(tokio::spawn(async move #body);)
            }
            _ => self.function(depth + 1, true)?,
        };
        let newline = Self::newline();
        Ok(quote!(#decoration #newline #statement))
    }

    fn arms(&mut self, depth: usize) -> Result<TokenStream> {
        let mut arms = TokenStream::new();
        for _ in 0..self.count()?.max(1) {
            let pattern = match self.choice(8)? {
                0 => quote!(Poll::Pending),
                1 => quote!(Poll::Ready(Ok(n))),
                2 => quote!(Poll::Ready(Err(e))),
                3 => quote!(Poll::Ready(result)),
                4 => quote!(Poll::Ready(_)),
                5 => quote!(Ok(_) | Err(_)),
                6 => quote!(std::task::Poll::Pending),
                _ => quote!(_),
            };
            let body = match self.choice(9)? {
                0 => quote!({}),
                1 => quote!(()),
                2 => quote!(return Poll::Pending),
                3 => quote!(return Poll::Ready(Err(e))),
                4 => quote!(unreachable!()),
                5 => quote!(log::debug!("pending")),
                6 => quote!(continue),
                7 => self.block(depth + 1)?,
                _ => self.expression(depth + 1)?,
            };
            let newline = Self::newline();
            arms.extend(quote!(#pattern => #body, #newline));
        }
        Ok(arms)
    }

    fn string(&mut self) -> Result<Literal> {
        let text = match self.choice(5)? {
            0 => "{}".to_string(),
            1 => "frame {} done\n".to_string(),
            2 => "// not a comment {}".to_string(),
            3 => "{:?} \u{e9}\u{1f980}".to_string(),
            _ => {
                let raw: &str = self.u.arbitrary()?;
                format!("{}{{}}", raw.chars().take(16).collect::<String>())
            }
        };
        Ok(Literal::string(&text))
    }

    fn expression(&mut self, depth: usize) -> Result<TokenStream> {
        if depth >= MAX_DEPTH || self.u.is_empty() {
            return self.leaf();
        }
        let limit = 26;
        let e = match self.choice(limit)? {
            0..=5 => return self.leaf(),
            6 => {
                let inner = self.expression(depth + 1)?;
                quote!(#inner?)
            }
            7 => {
                let inner = self.expression(depth + 1)?;
                quote!(#inner.ok())
            }
            8 => {
                let inner = self.expression(depth + 1)?;
                quote!(ready!(#inner))
            }
            9 => {
                let inner = self.expression(depth + 1)?;
                quote!(futures::ready!(#inner))
            }
            10 => {
                let inner = self.expression(depth + 1)?;
                quote!(#inner.await)
            }
            11 => {
                let inner = self.expression(depth + 1)?;
                let method = match self.choice(8)? {
                    0 => quote!(is_ready()),
                    1 => quote!(is_pending()),
                    2 => quote!(map(|r| r.map(|_| ()))),
                    3 => quote!(map_err(io::Error::other)),
                    4 => quote!(unwrap()),
                    5 => quote!(expect("written")),
                    6 => quote!(unwrap_or_default()),
                    _ => quote!(is_ok()),
                };
                quote!(#inner.#method)
            }
            12 => {
                let body = self.block(depth + 1)?;
                if self.coin()? {
                    quote!(async move #body)
                } else {
                    quote!(async #body)
                }
            }
            13 => {
                let inner = self.expression(depth + 1)?;
                quote!(|| #inner)
            }
            14 => {
                let body = self.block(depth + 1)?;
                quote!(move |cx: &mut Context<'_>| #body)
            }
            15 => {
                let body = self.block(depth + 1)?;
                quote!(unsafe #body)
            }
            16 => {
                let inner = self.expression(depth + 1)?;
                let arms = self.arms(depth + 1)?;
                quote!(match #inner { #arms })
            }
            17 => {
                let inner = self.expression(depth + 1)?;
                let then = self.block(depth + 1)?;
                quote!(if let Poll::Ready(x) = #inner #then)
            }
            18 => {
                let first = self.expression(depth + 1)?;
                let second = self.expression(depth + 1)?;
                quote!((#first, #second))
            }
            19 => {
                let inner = self.expression(depth + 1)?;
                quote!(Box::pin(#inner))
            }
            20 => {
                let inner = self.expression(depth + 1)?;
                let name = if self.coin()? {
                    quote!(emit)
                } else {
                    quote!(vec)
                };
                if self.coin()? {
                    quote!(#name!(#inner))
                } else {
                    quote!(#name![#inner])
                }
            }
            21 => {
                let receiver = receiver(self.pick()?);
                let text = self.string()?;
                let inner = self.expression(depth + 1)?;
                quote!(write!(#receiver, #text, #inner))
            }
            22 => {
                let inner = self.expression(depth + 1)?;
                quote!(Poll::Ready(#inner))
            }
            23 => {
                let inner = self.expression(depth + 1)?;
                quote!(Some(#inner).map(|p| p.is_ready()))
            }
            24 => {
                let inner = self.block(depth + 1)?;
                quote!(#inner)
            }
            _ => {
                let inner = self.expression(depth + 1)?;
                quote!(#inner.then(|x| async move { x }))
            }
        };
        Ok(e)
    }

    fn leaf(&mut self) -> Result<TokenStream> {
        let r = receiver(self.pick()?);
        Ok(match self.choice(12)? {
            0 => {
                let method = poll_name(self.pick()?);
                let arguments = self.poll_arguments()?;
                quote!(Pin::new(&mut #r).#method(#arguments))
            }
            1 => {
                let method = poll_name(self.pick()?);
                let arguments = self.poll_arguments()?;
                quote!(#r.as_mut().#method(#arguments))
            }
            2 => {
                let method = poll_name(self.pick()?);
                let arguments = self.poll_arguments()?;
                quote!(AsyncWrite::#method(Pin::new(&mut #r), #arguments))
            }
            3 => {
                let method = poll_name(self.pick()?);
                let arguments = self.poll_arguments()?;
                quote!(self.#method(#arguments))
            }
            4..=6 => {
                let method: IoMethod = self.pick()?;
                io_call(&r, method)
            }
            7 => {
                let method: IoMethod = self.pick()?;
                let call = io_call(&r, method);
                quote!(#call.await)
            }
            8 => quote!(Poll::Pending),
            9 => quote!(Poll::Ready(Ok(()))),
            10 => quote!(buf.len()),
            _ => {
                let name = format_ident!("n{}", self.choice(3)?);
                quote!(#name)
            }
        })
    }

    fn poll_arguments(&mut self) -> Result<TokenStream> {
        Ok(match self.choice(3)? {
            0 => quote!(cx),
            1 => quote!(cx, buf),
            _ => quote!(cx, &self.buf[self.written..]),
        })
    }

    /// The printed program, placeholders replaced.
    fn print(&self, tokens: &TokenStream) -> String {
        let printed = tokens.to_string();
        let mut source = String::with_capacity(printed.len());
        for (index, piece) in printed.split(' ').enumerate() {
            if piece == NEWLINE {
                source.push('\n');
                continue;
            }
            if let Some(number) = piece.strip_prefix(COMMENT) {
                if let Some(comment) = number
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| self.comments.get(n))
                {
                    source.push_str(comment);
                    continue;
                }
            }
            if index > 0 && !source.ends_with('\n') {
                source.push(' ');
            }
            source.push_str(piece);
        }
        source.push('\n');
        source
    }
}

fn receiver(receiver: Receiver) -> TokenStream {
    match receiver {
        Receiver::SelfIo => quote!(self.io),
        Receiver::SelfInner => quote!(self.inner),
        Receiver::Writer => quote!(w),
        Receiver::Stream => quote!(stream),
        Receiver::Sink => quote!(sink),
        Receiver::Projected => quote!(self.project().io),
        Receiver::Stdout => quote!(std::io::stdout()),
    }
}

fn poll_name(method: PollMethod) -> Ident {
    let name = match method {
        PollMethod::Write => "poll_write",
        PollMethod::WriteVectored => "poll_write_vectored",
        PollMethod::Flush => "poll_flush",
        PollMethod::Shutdown => "poll_shutdown",
        PollMethod::Close => "poll_close",
        PollMethod::Ready => "poll_ready",
        PollMethod::Read => "poll_read",
        PollMethod::Next => "poll_next",
        PollMethod::FlushUnpin => "poll_flush_unpin",
    };
    Ident::new(name, Span::call_site())
}

/// A method's name, parameters and return type as a trait would declare it.
fn signature(method: PollMethod) -> (Ident, TokenStream, TokenStream) {
    let name = poll_name(method);
    let (arguments, output) = match method {
        PollMethod::Write | PollMethod::Read => (
            quote!(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]),
            quote!(Poll<io::Result<usize>>),
        ),
        PollMethod::WriteVectored => (
            quote!(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]),
            quote!(Poll<io::Result<usize>>),
        ),
        PollMethod::Next => (
            quote!(self: Pin<&mut Self>, cx: &mut Context<'_>),
            quote!(Poll<Option<Self::Item>>),
        ),
        PollMethod::Ready | PollMethod::Close => (
            quote!(self: Pin<&mut Self>, cx: &mut Context<'_>),
            quote!(Poll<Result<(), Self::Error>>),
        ),
        _ => (
            quote!(self: Pin<&mut Self>, cx: &mut Context<'_>),
            quote!(Poll<io::Result<()>>),
        ),
    };
    (name, arguments, output)
}

fn io_call(receiver: &TokenStream, method: IoMethod) -> TokenStream {
    match method {
        IoMethod::Write => quote!(#receiver.write(buf)),
        IoMethod::WriteAll => quote!(#receiver.write_all(&buf)),
        IoMethod::Flush => quote!(#receiver.flush()),
        IoMethod::Shutdown => quote!(#receiver.shutdown()),
        IoMethod::Close => quote!(#receiver.close()),
        IoMethod::WriteFmt => quote!(#receiver.write_fmt(format_args!("{}", 1))),
        IoMethod::Send => quote!(#receiver.send(frame)),
        IoMethod::StartSend => quote!(Pin::new(&mut #receiver).start_send(frame)),
        IoMethod::Read => quote!(#receiver.read(&mut buf)),
    }
}
