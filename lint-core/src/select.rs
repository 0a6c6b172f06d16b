//! The arms of `tokio::select!`, `futures::select!` and `select_biased!`,
//! parsed so that the walk sees what each arm's pattern does with its
//! future's output.
//!
//! An arm `pattern = future (, if condition)? => handler` awaits `future`
//! and matches its output against `pattern`; `_ = w.flush() => {}` throws
//! the flush's `Result` away as `let _ = w.flush().await;` would, and
//! `Ok(_) = w.write(buf) => …` the count (and the error: a pattern that
//! does not match disables the branch). Each arm becomes a block
//! `{ let pattern = future.await; handler }` whose `let` carries the
//! [`SELECT_ARM`] marker, so that [`crate::discard`] reports it as a
//! [`crate::discard::DiscardForm::SelectArm`]. Spans point into the file;
//! the `.await` borrows the span of the future's last token.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use syn::parse::Parser;
use syn::{Expr, Pat, Stmt};

use crate::checker::Expansion;

/// The name of the marker attribute on an arm's `let`.
pub(crate) const SELECT_ARM: &str = "pollcheck_select_arm";

/// Whether a `let` is a `select!` arm's (it carries the marker).
pub(crate) fn is_select_arm(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(SELECT_ARM))
}

/// The arms of a `select!` invocation as blocks, or `None` when the tokens
/// are not arms (another macro of that name).
pub(crate) fn parse_arms(tokens: TokenStream) -> Option<Expansion> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    // `biased;`
    if matches!(trees.first(), Some(TokenTree::Ident(ident)) if ident == "biased")
        && matches!(trees.get(1), Some(TokenTree::Punct(punct)) if punct.as_char() == ';')
    {
        at = 2;
    }
    let mut stmts = Vec::new();
    while at < trees.len() {
        // `else => …`, `default => …`, `complete => …`
        let keyword_arm = matches!(&trees[at], TokenTree::Ident(ident)
            if ident == "else" || ident == "default" || ident == "complete")
            && is_fat_arrow(&trees, at + 1);
        let (pattern, future) = if keyword_arm {
            at += 1;
            (None, None)
        } else {
            let eq = (at..trees.len()).find(|&i| is_lone_eq(&trees, i))?;
            let arrow = (eq + 1..trees.len()).find(|&i| is_fat_arrow(&trees, i))?;
            // `, if condition` before the arrow.
            let future_end = (eq + 1..arrow)
                .find(|&i| {
                    matches!(&trees[i], TokenTree::Punct(p) if p.as_char() == ',')
                        && matches!(trees.get(i + 1), Some(TokenTree::Ident(ident)) if ident == "if")
                })
                .unwrap_or(arrow);
            let pattern: TokenStream = trees[at..eq].iter().cloned().collect();
            let future: TokenStream = trees[eq + 1..future_end].iter().cloned().collect();
            let pattern = Pat::parse_multi_with_leading_vert.parse2(pattern).ok()?;
            let future = syn::parse2::<Expr>(future).ok()?;
            let last_span = trees[future_end - 1].span();
            at = arrow;
            (Some((pattern, trees[eq].span(), last_span)), Some(future))
        };
        // Past `=>`.
        at += 2;
        let handler_start = at;
        let handler: Option<Stmt> = match trees.get(at) {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                at += 1;
                let block_stmts = syn::Block::parse_within.parse2(group.stream()).ok()?;
                Some(Stmt::Expr(
                    Expr::Block(syn::ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: syn::Block {
                            brace_token: syn::token::Brace(group.delim_span()),
                            stmts: block_stmts,
                        },
                    }),
                    None,
                ))
            }
            _ => {
                while at < trees.len()
                    && !matches!(&trees[at], TokenTree::Punct(p) if p.as_char() == ',')
                {
                    at += 1;
                }
                let tokens: TokenStream = trees[handler_start..at].iter().cloned().collect();
                Some(Stmt::Expr(syn::parse2::<Expr>(tokens).ok()?, None))
            }
        };
        if matches!(trees.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
            at += 1;
        }
        let mut arm = Vec::new();
        if let (Some((pattern, eq_span, last_span)), Some(future)) = (pattern, future) {
            arm.push(arm_let(pattern, future, eq_span, last_span));
        }
        arm.extend(handler);
        stmts.push(Stmt::Expr(
            Expr::Block(syn::ExprBlock {
                attrs: Vec::new(),
                label: None,
                block: syn::Block {
                    brace_token: Default::default(),
                    stmts: arm,
                },
            }),
            None,
        ));
    }
    if stmts.is_empty() {
        return None;
    }
    Some(Expansion::Block(syn::Block {
        brace_token: Default::default(),
        stmts,
    }))
}

/// `#[pollcheck_select_arm] let pattern = future.await;`, with the `let`
/// at the pattern, the `=` where it is written, and `.await;` at the
/// future's last token.
fn arm_let(pattern: Pat, future: Expr, eq_span: Span, last_span: Span) -> Stmt {
    use syn::spanned::Spanned;
    let start = pattern.span();
    let marker = syn::Attribute {
        pound_token: syn::token::Pound(start),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(start),
        meta: syn::Meta::Path(syn::Path::from(syn::Ident::new(SELECT_ARM, start))),
    };
    let awaited = Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(future),
        dot_token: syn::token::Dot(last_span),
        await_token: syn::token::Await(last_span),
    });
    Stmt::Local(syn::Local {
        attrs: vec![marker],
        let_token: syn::token::Let(start),
        pat: pattern,
        init: Some(syn::LocalInit {
            eq_token: syn::token::Eq(eq_span),
            expr: Box::new(awaited),
            diverge: None,
        }),
        semi_token: syn::token::Semi(last_span),
    })
}

/// A `=` of its own: not part of `==`, `=>`, `<=`, `>=`, `!=`, `+=` and
/// the like.
fn is_lone_eq(trees: &[TokenTree], at: usize) -> bool {
    let TokenTree::Punct(punct) = &trees[at] else {
        return false;
    };
    if punct.as_char() != '=' || punct.spacing() != Spacing::Alone {
        return false;
    }
    !matches!(at.checked_sub(1).and_then(|before| trees.get(before)),
        Some(TokenTree::Punct(before)) if before.spacing() == Spacing::Joint)
}

/// `=>` at `at`.
fn is_fat_arrow(trees: &[TokenTree], at: usize) -> bool {
    matches!(trees.get(at), Some(TokenTree::Punct(eq)) if eq.as_char() == '=' && eq.spacing() == Spacing::Joint)
        && matches!(trees.get(at + 1), Some(TokenTree::Punct(gt)) if gt.as_char() == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms(text: &str) -> Vec<String> {
        let tokens: TokenStream = text.parse().expect("tokens");
        let Some(Expansion::Block(block)) = parse_arms(tokens) else {
            return Vec::new();
        };
        block
            .stmts
            .iter()
            .map(|stmt| {
                let Stmt::Expr(Expr::Block(arm), _) = stmt else {
                    panic!("not a block")
                };
                arm.block
                    .stmts
                    .iter()
                    .map(|stmt| match stmt {
                        Stmt::Local(local) => {
                            assert!(is_select_arm(&local.attrs));
                            let init = local.init.as_ref().expect("init");
                            format!(
                                "let {} = {}",
                                quote::ToTokens::to_token_stream(&local.pat)
                                    .to_string()
                                    .replace(' ', ""),
                                quote::ToTokens::to_token_stream(&*init.expr)
                                    .to_string()
                                    .replace(' ', "")
                            )
                        }
                        other => quote::ToTokens::to_token_stream(other)
                            .to_string()
                            .replace(' ', ""),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect()
    }

    #[test]
    fn arms_become_awaited_lets_before_their_handlers() {
        assert_eq!(
            arms("biased; _ = w.flush() => {}, Ok(n) = w.write(b), if ready => count += n, msg = rx.recv() => { handle(msg) } else => break,"),
            vec![
                "let _ = w.flush().await; {}",
                "let Ok(n) = w.write(b).await; count+=n",
                "let msg = rx.recv().await; {handle(msg)}",
                "break",
            ]
        );
    }

    #[test]
    fn comparisons_in_futures_and_guards_are_not_the_arm_s_equals() {
        assert_eq!(
            arms("r = run(a == b, c <= d) , if x >= 1 => r"),
            vec!["let r = run(a==b,c<=d).await; r"]
        );
    }

    #[test]
    fn other_macros_named_select_are_left_alone() {
        assert!(arms("a, b, c").is_empty());
        assert!(arms("").is_empty());
    }
}
