//! Condition grammar (ConditionExpression, FilterExpression, KeyConditionExpression).
//!
//! ```text
//! condition := or
//! or        := and ( OR and )*
//! and       := not ( AND not )*
//! not       := NOT* primary
//! primary   := '(' condition ')' | '(' operand ')' rest | operand rest
//! rest      := comparator operand' | BETWEEN operand' AND operand' | IN '(' operand' (',' operand')* ')'
//!            | ε                       (only when the operand is a function call)
//! operand'  := '(' operand' ')' | operand
//! operand   := name '(' operand' (',' operand')* ')' | path | :value
//! ```
//!
//! Precedence, highest first, as in the Developer Guide: comparators, `IN`, `BETWEEN`,
//! functions, parentheses, `NOT`, `AND`, `OR`.

use super::super::ast::{Comparator, Condition, Operand, Path, ValueRef};
use super::super::error::{ExprError, PreCheck, Problem};
use super::super::lexer::{Keyword, TokenKind};
use super::super::messages::ANY_ATTRIBUTE_TYPE;
use super::super::{ExprKind, MAX_IN_OPERANDS};
use super::Parser;

/// An operand as parsed, before its own function name is checked. A call's arguments are
/// converted when the call closes, innermost first, so conversion never recurses.
#[derive(Debug)]
enum Raw {
    Path(Path),
    Value(ValueRef),
    Call {
        name: String,
        args: Vec<Option<Operand>>,
    },
}

/// What a term turned out to be.
enum Node {
    /// A condition (`None` when a semantic problem has been recorded).
    Cond(Option<Condition>),
    /// A bare operand directly inside parentheses: the `(a)` of `(a) = b`.
    Operand(Raw),
}

const CONDITION_FUNCTIONS: [&str; 6] = [
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
    "size",
];

/// Parses a condition of the given kind (Condition, Filter or KeyCondition expression).
pub(crate) fn parse_condition(src: &str, kind: ExprKind) -> Result<Condition, ExprError> {
    parse_condition_prechecked(src, kind).map_err(|(e, _)| e)
}

/// [`parse_condition`], with the check DynamoDB makes (with the request's maps) before it
/// reports the problem found, if there is one.
pub(crate) fn parse_condition_prechecked(
    src: &str,
    kind: ExprKind,
) -> Result<Condition, (ExprError, Option<Box<PreCheck>>)> {
    let mut p = Parser::new(src, kind).map_err(|e| (e, None))?;
    let cond = p.parse_logical().map_err(|e| (e, None))?;
    p.expect_end().map_err(|e| (e, None))?;
    if let Some((problem, check)) = p.condition_problem() {
        return Err((p.fail(problem), check.map(Box::new)));
    }
    // `None` always comes with a recorded problem; report a syntax error rather than panic.
    cond.ok_or_else(|| (p.syntax_error(), None))
}

/// A condition that is `None` once a semantic problem has been recorded.
type Cond = Option<Condition>;

fn both(a: Cond, b: Cond, f: fn(Box<Condition>, Box<Condition>) -> Condition) -> Cond {
    Some(f(Box::new(a?), Box::new(b?)))
}

/// One level of the `OR`/`AND` layer: the whole condition, or one parenthesised group.
struct Level {
    /// Token index of the group's `(` and of the token after it.
    open: usize,
    inner_start: usize,
    /// `NOT`s written before the group; they apply to the group's result.
    nots: usize,
    /// Whether the group may turn out to be a parenthesised operand of the enclosing level.
    operand_allowed: bool,
    /// The terms joined by `OR` so far, and the current chain of terms joined by `AND`.
    ors: Option<Cond>,
    ands: Option<Cond>,
}

impl Level {
    fn new(open: usize, inner_start: usize, nots: usize, operand_allowed: bool) -> Level {
        Level {
            open,
            inner_start,
            nots,
            operand_allowed,
            ors: None,
            ands: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.ors.is_none() && self.ands.is_none()
    }

    fn add_term(&mut self, c: Cond) {
        self.ands = Some(match self.ands.take() {
            Some(acc) => both(acc, c, Condition::And),
            None => c,
        });
    }

    fn end_and_chain(&mut self) {
        if let Some(chain) = self.ands.take() {
            self.ors = Some(match self.ors.take() {
                Some(acc) => both(acc, chain, Condition::Or),
                None => chain,
            });
        }
    }

    fn finish(mut self) -> Cond {
        self.end_and_chain();
        self.ors.flatten()
    }
}

fn negate(mut c: Cond, nots: usize) -> Cond {
    for _ in 0..nots {
        c = c.map(|c| Condition::Not(Box::new(c)));
    }
    c
}

impl Parser<'_> {
    /// The `OR` / `AND` / `NOT` / parentheses layer, with an explicit stack of open groups so
    /// that deep parentheses cost no machine stack.
    fn parse_logical(&mut self) -> Result<Cond, ExprError> {
        let mut stack: Vec<Level> = Vec::new();
        let mut cur = Level::new(0, 0, 0, false);
        loop {
            // A term: NOT*, then a group or a condition.
            let mut nots = 0usize;
            while self.peek() == TokenKind::Keyword(Keyword::Not) {
                self.advance();
                self.count_operator()?;
                nots += 1;
            }
            // Only the first term of a group, without NOT, may be a bare operand: `(a) = b`.
            let operand_allowed = !stack.is_empty() && cur.is_empty() && nots == 0;
            if self.peek() == TokenKind::LParen {
                let open = self.pos;
                self.advance();
                let inner = Level::new(open, self.pos, nots, operand_allowed);
                stack.push(std::mem::replace(&mut cur, inner));
                continue;
            }
            // Not `(`, so this is a path, a value or a function call.
            let lhs = self.parse_operand_parens()?;
            let mut node = self.parse_rest(lhs, operand_allowed)?;
            // Fold the term into the current level; closing groups yields terms of the levels
            // around them.
            loop {
                let close_group = match node {
                    Node::Operand(raw) => {
                        // `parse_rest` only yields an operand in front of `)`.
                        let close = self.expect(TokenKind::RParen)?;
                        Some((close, Err(raw)))
                    }
                    Node::Cond(c) => {
                        cur.add_term(negate(c, nots));
                        match self.peek() {
                            TokenKind::Keyword(Keyword::And) => {
                                self.advance();
                                self.count_operator()?;
                                break;
                            }
                            TokenKind::Keyword(Keyword::Or) => {
                                self.advance();
                                self.count_operator()?;
                                cur.end_and_chain();
                                break;
                            }
                            TokenKind::RParen if !stack.is_empty() => {
                                let close = self.pos;
                                self.advance();
                                Some((close, Ok(())))
                            }
                            // Inside a group anything else is unexpected; at the top the caller
                            // checks for the end of input.
                            _ if !stack.is_empty() => return Err(self.syntax_error()),
                            _ => return Ok(cur.finish()),
                        }
                    }
                };
                let Some((close, content)) = close_group else {
                    break;
                };
                let Some(outer) = stack.pop() else {
                    return Err(self.syntax_error());
                };
                let group = std::mem::replace(&mut cur, outer);
                self.note_group(group.open, group.inner_start, close);
                nots = group.nots;
                node = match content {
                    Ok(()) => Node::Cond(group.finish()),
                    Err(raw) => {
                        let raw = self.continue_grouped_path(raw)?;
                        self.parse_rest(raw, group.operand_allowed)?
                    }
                };
            }
        }
    }

    /// What follows a condition's first operand.
    fn parse_rest(&mut self, lhs: Raw, allow_operand: bool) -> Result<Node, ExprError> {
        let op = match self.peek() {
            TokenKind::Eq => Some(Comparator::Eq),
            TokenKind::Ne => Some(Comparator::Ne),
            TokenKind::Lt => Some(Comparator::Lt),
            TokenKind::Le => Some(Comparator::Le),
            TokenKind::Gt => Some(Comparator::Gt),
            TokenKind::Ge => Some(Comparator::Ge),
            _ => None,
        };
        let cond = if let Some(op) = op {
            self.advance();
            self.count_operator()?;
            let rhs = self.parse_operand_parens()?;
            let left = self.operand(lhs);
            let right = self.operand(rhs);
            (|| {
                Some(Condition::Compare {
                    op,
                    left: left?,
                    right: right?,
                })
            })()
        } else if self.peek() == TokenKind::Keyword(Keyword::Between) {
            self.advance();
            self.count_operator()?;
            let lower = self.parse_operand_parens()?;
            if self.peek() != TokenKind::Keyword(Keyword::And) {
                return Err(self.syntax_error());
            }
            self.advance();
            let upper = self.parse_operand_parens()?;
            let (operand, lower, upper) =
                (self.operand(lhs), self.operand(lower), self.operand(upper));
            (|| {
                Some(Condition::Between {
                    operand: operand?,
                    lower: lower?,
                    upper: upper?,
                })
            })()
        } else if self.peek() == TokenKind::Keyword(Keyword::In) {
            self.advance();
            self.count_operator()?;
            self.expect(TokenKind::LParen)?;
            let mut raw = vec![self.parse_operand_parens()?];
            while self.peek() == TokenKind::Comma {
                self.advance();
                raw.push(self.parse_operand_parens()?);
            }
            self.expect(TokenKind::RParen)?;
            let operand = self.operand(lhs);
            let list: Vec<Option<Operand>> = raw.into_iter().map(|r| self.operand(r)).collect();
            if list.len() > MAX_IN_OPERANDS {
                let n = list.len();
                self.issues
                    .pending_count
                    .get_or_insert(Problem::InTooManyOperands(n));
            }
            (|| {
                Some(Condition::In {
                    operand: operand?,
                    list: list.into_iter().collect::<Option<Vec<_>>>()?,
                })
            })()
        } else if allow_operand && self.peek() == TokenKind::RParen {
            return Ok(Node::Operand(lhs));
        } else if let Raw::Call { name, args } = lhs {
            self.function_condition(name, args)
        } else {
            return Err(self.syntax_error());
        };
        self.commit_condition();
        Ok(Node::Cond(cond))
    }

    /// Moves the completed condition's problems to `issues.leaf` unless an earlier condition
    /// already had one (operand counts rank above operand types within one condition).
    fn commit_condition(&mut self) {
        let count = self.issues.pending_count.take();
        let function = self.issues.pending_function.take();
        let check = self.issues.pending_check.take();
        if self.issues.leaf.is_none() {
            if count.is_some() {
                self.issues.leaf = count;
            } else {
                self.issues.leaf = function;
                self.issues.leaf_check = check;
            }
        }
    }

    /// `( operand )`, any depth, or an operand (function calls included).
    fn parse_operand_parens(&mut self) -> Result<Raw, ExprError> {
        self.parse_nested(
            true,
            false,
            Self::parse_atom,
            |p, name, args| {
                let args = args.into_iter().map(|a| p.operand(a)).collect();
                Raw::Call { name, args }
            },
            Self::continue_grouped_path,
        )
    }

    /// A path in parentheses may go on after them: `(a.b).c[0]` is the path `a.b.c[0]`, as
    /// DynamoDB reads it (and `((a.b)).c` has redundant parentheses, not a syntax error).
    fn continue_grouped_path(&mut self, raw: Raw) -> Result<Raw, ExprError> {
        match raw {
            Raw::Path(path) if matches!(self.peek(), TokenKind::Dot | TokenKind::LBracket) => {
                Ok(Raw::Path(self.parse_path_tail(path.elements)?))
            }
            other => Ok(other),
        }
    }

    /// A path or a value placeholder.
    fn parse_atom(&mut self) -> Result<Raw, ExprError> {
        match self.peek() {
            TokenKind::Identifier | TokenKind::NamePlaceholder => Ok(Raw::Path(self.parse_path()?)),
            TokenKind::ValuePlaceholder => Ok(Raw::Value(self.parse_value()?)),
            _ => Err(self.syntax_error()),
        }
    }

    fn note_count(&mut self, name: &str, count: usize) {
        self.issues
            .pending_count
            .get_or_insert_with(|| Problem::OperandCount {
                function: name.to_string(),
                count,
            });
    }

    fn note_function(&mut self, problem: Problem) {
        self.note_function_prechecked(problem, None);
    }

    /// A function problem that DynamoDB reports only if `check` passes.
    fn note_function_prechecked(&mut self, problem: Problem, check: Option<PreCheck>) {
        if self.issues.pending_function.is_none() {
            self.issues.pending_function = Some(problem);
            self.issues.pending_check = check;
        }
    }

    fn note_size_operand(&mut self, function: &str, operand: &Option<Operand>) {
        if let Some(Operand::Size(_)) = operand {
            self.note_function(Problem::OperandType {
                function: function.to_string(),
                operand_type: "N".to_string(),
            });
        }
    }

    /// Converts an operand of a comparison, BETWEEN, IN or function. Only `size` is a
    /// function that yields an operand; other known functions are misused here.
    fn operand(&mut self, raw: Raw) -> Option<Operand> {
        match raw {
            Raw::Path(p) => Some(Operand::Path(p)),
            Raw::Value(v) => Some(Operand::Value(v)),
            Raw::Call {
                name,
                args: mut converted,
            } => {
                let n = converted.len();
                if name != "size" {
                    if CONDITION_FUNCTIONS.contains(&name.as_str()) {
                        self.note_misused_function(&name);
                    } else {
                        self.note_unknown_function(&name);
                    }
                    return None;
                }
                if n != 1 {
                    self.note_count(&name, n);
                    return None;
                }
                let arg = converted.pop().flatten();
                self.note_size_operand("size", &arg);
                Some(Operand::Size(Box::new(arg?)))
            }
        }
    }

    /// A function call standing as a condition.
    fn function_condition(
        &mut self,
        name: String,
        mut ops: Vec<Option<Operand>>,
    ) -> Option<Condition> {
        let n = ops.len();
        let arity = match name.as_str() {
            "attribute_exists" | "attribute_not_exists" => 1,
            "attribute_type" | "begins_with" | "contains" => 2,
            "size" => {
                self.note_misused_function(&name);
                return None;
            }
            _ => {
                self.note_unknown_function(&name);
                return None;
            }
        };
        if n != arity {
            self.note_count(&name, n);
            return None;
        }
        let second = if arity == 2 {
            ops.pop().flatten()
        } else {
            None
        };
        let first = ops.pop().flatten();
        match name.as_str() {
            "attribute_exists" | "attribute_not_exists" | "attribute_type" => {
                let path = match first? {
                    Operand::Path(p) => p,
                    // `attribute_not_exists(size(:v))`: `size`'s operand comes first.
                    other => {
                        let check = PreCheck::OperandValues(other);
                        self.note_function_prechecked(
                            Problem::DocumentPathRequired(name),
                            Some(check),
                        );
                        return None;
                    }
                };
                match name.as_str() {
                    "attribute_exists" => Some(Condition::AttributeExists(path)),
                    "attribute_not_exists" => Some(Condition::AttributeNotExists(path)),
                    _ => match second? {
                        Operand::Value(v) => Some(Condition::AttributeType(path, v)),
                        other => {
                            let operand_type = match other {
                                Operand::Size(_) => "N",
                                _ => ANY_ATTRIBUTE_TYPE,
                            };
                            // `attribute_type(a, a)`: the repeated path comes first.
                            let check = match other {
                                Operand::Path(second) => Some(PreCheck::Distinct {
                                    operator: name.clone(),
                                    first: path,
                                    other: second,
                                }),
                                _ => None,
                            };
                            self.note_function_prechecked(
                                Problem::OperandType {
                                    function: name,
                                    operand_type: operand_type.to_string(),
                                },
                                check,
                            );
                            None
                        }
                    },
                }
            }
            "begins_with" => {
                self.note_size_operand("begins_with", &first);
                self.note_size_operand("begins_with", &second);
                Some(Condition::BeginsWith(first?, second?))
            }
            _ => Some(Condition::Contains(first?, second?)),
        }
    }
}
