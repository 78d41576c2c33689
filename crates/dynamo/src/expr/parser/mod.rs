//! Hand-written recursive-descent parsers for the five expression kinds.
//!
//! Errors come in two tiers, as in DynamoDB:
//! 1. Fatal at once: the expression's size, a syntax error (the first token the grammar cannot
//!    take), more than 300 operators.
//! 2. Semantic problems found while parsing (redundant parentheses, unknown or misused
//!    functions, reserved words, repeated update clauses, wrong operand counts, ...). The
//!    first of each category is remembered and, once the whole expression has parsed, the
//!    highest-ranked category is reported, in the order DynamoDB reports them.
//!
//! No layer recurses on the input's nesting: `AND`/`OR`/`NOT`/parentheses, operands in
//! parentheses and function calls, and parenthesised SET values each keep an explicit stack,
//! so a 4 KB expression of nothing but `(` cannot exhaust the machine stack.

mod condition;
mod update;

use std::collections::HashSet;

use super::ast::{AttrName, Path, PathElement, ProjectionExpression, ValueRef};
use super::error::{ExprError, PreCheck, Problem};
use super::lexer::{self, Token, TokenKind};
use super::{reserved, ExprKind, MAX_EXPRESSION_BYTES, MAX_NESTING, MAX_OPERATORS};

pub(crate) use condition::{parse_condition, parse_condition_prechecked};
pub(crate) use update::{parse_update, parse_update_deferring};

/// The first problem of each semantic category met while parsing.
#[derive(Debug, Default)]
struct Issues {
    redundant_parentheses: bool,
    unknown_function: Option<String>,
    misused_function: Option<String>,
    reserved: Option<String>,
    section: Option<&'static str>,
    /// Conditions: the first condition (in completion order) with an operand-count or
    /// function-operand problem. Updates: the first function problem.
    leaf: Option<Problem>,
    /// What DynamoDB checks before reporting `leaf` (see [`PreCheck`]).
    leaf_check: Option<PreCheck>,
    /// Problems of the condition being parsed, moved to `leaf` when it completes.
    pending_count: Option<Problem>,
    pending_function: Option<Problem>,
    pending_check: Option<PreCheck>,
}

/// An opened parenthesis or function call while parsing a nested operand.
enum Open<T> {
    /// `(` at token `open`; its content starts at `inner_start`.
    Paren { open: usize, inner_start: usize },
    /// `name(` with the arguments parsed so far.
    Call { name: String, args: Vec<T> },
}

/// Parser state shared by all expression kinds.
pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    kind: ExprKind,
    call_depth: usize,
    operators: usize,
    issues: Issues,
    /// Token indexes of the `(` and `)` of every parenthesised group parsed so far.
    groups: HashSet<(usize, usize)>,
}

/// The checks every expression kind makes before tokenizing.
fn check_text(src: &str, kind: ExprKind) -> Result<(), ExprError> {
    if src.len() > MAX_EXPRESSION_BYTES {
        return Err(ExprError::Invalid(
            kind,
            Problem::TooLarge { size: src.len() },
        ));
    }
    if src.is_empty() {
        return Err(ExprError::Invalid(kind, Problem::Empty));
    }
    Ok(())
}

impl<'a> Parser<'a> {
    /// Checks size and emptiness, then tokenizes.
    fn new(src: &'a str, kind: ExprKind) -> Result<Parser<'a>, ExprError> {
        check_text(src, kind)?;
        Ok(Parser {
            src,
            toks: lexer::tokenize(src),
            pos: 0,
            kind,
            call_depth: 0,
            operators: 0,
            issues: Issues::default(),
            groups: HashSet::new(),
        })
    }

    fn peek(&self) -> TokenKind {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> TokenKind {
        self.toks
            .get(self.pos + ahead)
            .map_or(TokenKind::Eof, |t| t.kind)
    }

    fn text(&self) -> &'a str {
        self.toks.get(self.pos).map_or("", |t| t.text(self.src))
    }

    fn advance(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    /// A syntax error at the current token.
    fn syntax_error(&self) -> ExprError {
        let token = self
            .toks
            .get(self.pos)
            .map_or("<EOF>", |t| t.display(self.src))
            .to_string();
        let near = lexer::near(self.src, &self.toks, self.pos);
        ExprError::Invalid(self.kind, Problem::Syntax { token, near })
    }

    /// Consumes a token of `kind`, returning its index, or fails with a syntax error.
    fn expect(&mut self, kind: TokenKind) -> Result<usize, ExprError> {
        if self.peek() == kind {
            let at = self.pos;
            self.advance();
            Ok(at)
        } else {
            Err(self.syntax_error())
        }
    }

    /// Fails unless the whole input has been consumed.
    fn expect_end(&self) -> Result<(), ExprError> {
        if self.peek() == TokenKind::Eof {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    /// Counts one operator; DynamoDB stops at the 301st.
    fn count_operator(&mut self) -> Result<(), ExprError> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(ExprError::Invalid(
                self.kind,
                Problem::TooManyOperators {
                    count: self.operators,
                },
            ));
        }
        Ok(())
    }

    /// Enters a function call. Nesting costs no machine stack (every layer is parsed with an
    /// explicit stack), but nested calls build nested trees; past [`MAX_NESTING`] the parse
    /// stops. Within 4096 bytes calls nest at most 1365 deep (`f(` + `)` per level), so this
    /// is a guard, not a limit DynamoDB has.
    fn enter_call(&mut self) -> Result<(), ExprError> {
        self.call_depth += 1;
        if self.call_depth > MAX_NESTING {
            return Err(ExprError::Invalid(self.kind, Problem::NestingTooDeep));
        }
        Ok(())
    }

    fn leave_call(&mut self) {
        self.call_depth = self.call_depth.saturating_sub(1);
    }

    /// Records the parenthesised group `open .. close` whose content starts at `inner_start`;
    /// the group is redundant when its content is itself exactly one parenthesised group.
    fn note_group(&mut self, open: usize, inner_start: usize, close: usize) {
        if close > inner_start && self.groups.contains(&(inner_start, close - 1)) {
            self.issues.redundant_parentheses = true;
        }
        self.groups.insert((open, close));
    }

    fn note_unknown_function(&mut self, name: &str) {
        self.issues
            .unknown_function
            .get_or_insert_with(|| name.to_string());
    }

    fn note_misused_function(&mut self, name: &str) {
        self.issues
            .misused_function
            .get_or_insert_with(|| name.to_string());
    }

    /// An operand that may be wrapped in parentheses and nested in function calls, parsed
    /// with an explicit stack so that nesting costs no machine stack. `atom` parses a path or
    /// value (or fails with a syntax error); `call` builds a finished function call. With
    /// `note_parens`, parenthesised groups are recorded for the redundancy check; with
    /// `count_calls`, each call counts as an operator. `regrouped` sees what a closing
    /// parenthesis completes, and may continue it (a grouped path followed by `.name`).
    fn parse_nested<T>(
        &mut self,
        note_parens: bool,
        count_calls: bool,
        atom: fn(&mut Self) -> Result<T, ExprError>,
        call: fn(&mut Self, String, Vec<T>) -> T,
        regrouped: fn(&mut Self, T) -> Result<T, ExprError>,
    ) -> Result<T, ExprError> {
        let mut stack: Vec<Open<T>> = Vec::new();
        'operand: loop {
            // Openers, then an atom.
            let mut done = loop {
                match self.peek() {
                    TokenKind::LParen => {
                        stack.push(Open::Paren {
                            open: self.pos,
                            inner_start: self.pos + 1,
                        });
                        self.advance();
                    }
                    TokenKind::Identifier if self.peek_at(1) == TokenKind::LParen => {
                        let name = self.text().to_string();
                        self.advance();
                        self.advance();
                        if count_calls {
                            self.count_operator()?;
                        }
                        self.enter_call()?;
                        stack.push(Open::Call {
                            name,
                            args: Vec::new(),
                        });
                    }
                    _ => break atom(self)?,
                }
            };
            // Close what the atom completes; after a `,` the next argument follows.
            loop {
                match stack.pop() {
                    None => return Ok(done),
                    Some(Open::Paren { open, inner_start }) => {
                        let close = self.expect(TokenKind::RParen)?;
                        if note_parens {
                            self.note_group(open, inner_start, close);
                        }
                        done = regrouped(self, done)?;
                    }
                    Some(Open::Call { name, mut args }) => {
                        args.push(done);
                        if self.peek() == TokenKind::Comma {
                            self.advance();
                            stack.push(Open::Call { name, args });
                            continue 'operand;
                        }
                        self.expect(TokenKind::RParen)?;
                        self.leave_call();
                        done = call(self, name, args);
                    }
                }
            }
        }
    }

    /// A document path: `name` or `#name`, then any `.name`, `.#name`, `[n]`.
    fn parse_path(&mut self) -> Result<Path, ExprError> {
        let head = vec![PathElement::Attribute(self.parse_path_name()?)];
        self.parse_path_tail(head)
    }

    /// Any `.name`, `.#name`, `[n]` continuing the path `elements`.
    fn parse_path_tail(&mut self, mut elements: Vec<PathElement>) -> Result<Path, ExprError> {
        loop {
            match self.peek() {
                TokenKind::Dot => {
                    self.advance();
                    elements.push(PathElement::Attribute(self.parse_path_name()?));
                }
                TokenKind::LBracket => {
                    self.advance();
                    if self.peek() != TokenKind::Number {
                        return Err(self.syntax_error());
                    }
                    let index = self.text().parse::<u32>().unwrap_or(u32::MAX);
                    self.advance();
                    self.expect(TokenKind::RBracket)?;
                    elements.push(PathElement::Index(index));
                }
                _ => return Ok(Path { elements }),
            }
        }
    }

    fn parse_path_name(&mut self) -> Result<AttrName, ExprError> {
        let text = self.text();
        match self.peek() {
            TokenKind::Identifier => {
                if self.issues.reserved.is_none() && reserved::is_reserved(text) {
                    self.issues.reserved = Some(text.to_string());
                }
                self.advance();
                Ok(AttrName::Plain(text.to_string()))
            }
            TokenKind::NamePlaceholder => {
                self.advance();
                Ok(AttrName::Placeholder(text.to_string()))
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// A `:value` placeholder.
    fn parse_value(&mut self) -> Result<ValueRef, ExprError> {
        if self.peek() != TokenKind::ValuePlaceholder {
            return Err(self.syntax_error());
        }
        let v = ValueRef(self.text().to_string());
        self.advance();
        Ok(v)
    }

    /// The semantic problem to report for a condition (Condition, Filter or KeyCondition
    /// expression), in DynamoDB's order, with what DynamoDB checks before reporting it.
    fn condition_problem(&mut self) -> Option<(Problem, Option<PreCheck>)> {
        let i = &mut self.issues;
        if i.redundant_parentheses {
            return Some((Problem::RedundantParentheses, None));
        }
        if let Some(f) = i.unknown_function.take() {
            return Some((Problem::UnknownFunction(f), None));
        }
        if let Some(f) = i.misused_function.take() {
            return Some((Problem::MisusedFunction(f), None));
        }
        if let Some(w) = i.reserved.take() {
            return Some((Problem::ReservedKeyword(w), None));
        }
        let check = i.leaf_check.take();
        i.leaf.take().map(|leaf| (leaf, check))
    }

    /// The semantic problem to report for an update expression, in DynamoDB's order.
    fn update_problem(&mut self) -> Option<Problem> {
        let i = &mut self.issues;
        if let Some(w) = i.reserved.take() {
            return Some(Problem::ReservedKeyword(w));
        }
        if let Some(f) = i.unknown_function.take() {
            return Some(Problem::UnknownFunction(f));
        }
        if let Some(s) = i.section.take() {
            return Some(Problem::DuplicateSection(s));
        }
        i.leaf.take()
    }

    /// Wraps `problem` in this parser's expression kind.
    fn fail(&self, problem: Problem) -> ExprError {
        ExprError::Invalid(self.kind, problem)
    }
}

/// Parses a ProjectionExpression: comma-separated document paths.
pub(crate) fn parse_projection(src: &str) -> Result<ProjectionExpression, ExprError> {
    let mut p = Parser::new(src, ExprKind::Projection)?;
    let mut paths = vec![p.parse_path()?];
    while p.peek() == TokenKind::Comma {
        p.advance();
        paths.push(p.parse_path()?);
    }
    p.expect_end()?;
    if let Some(word) = p.issues.reserved.take() {
        return Err(p.fail(Problem::ReservedKeyword(word)));
    }
    Ok(ProjectionExpression { paths })
}
