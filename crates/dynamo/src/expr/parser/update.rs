//! Update grammar.
//!
//! ```text
//! update   := clause+                 (each of SET, REMOVE, ADD, DELETE at most once)
//! clause   := SET set (',' set)* | REMOVE path (',' path)*
//!           | ADD path :value (',' path :value)* | DELETE path :value (',' path :value)*
//! set      := path '=' value
//! value    := term ( ('+' | '-') term' )?      (no chaining: `a + b + c` is an error)
//! term     := '(' value ')' | operand
//! term'    := '(' term' ')' | operand
//! operand  := name '(' term' (',' term')* ')' | path | :value
//! ```
//!
//! `+`, `-` and function calls count toward the 300-operator limit ("operators or functions"
//! in the Developer Guide's limits for update expressions).

use super::super::ast::{
    PathValueAction, SetAction, SetValue, UpdateClause, UpdateExpression, UpdateOperand,
};
use super::super::error::{ExprError, Problem};
use super::super::lexer::{Keyword, TokenKind};
use super::super::ExprKind;
use super::Parser;

/// Parses an UpdateExpression.
pub(crate) fn parse_update(src: &str) -> Result<UpdateExpression, ExprError> {
    match parse_update_deferring(src)? {
        (_, Some(problem)) => Err(problem),
        (u, None) => Ok(u),
    }
}

/// Parses an UpdateExpression, but returns a problem of a function's operands (count, a
/// document path needed) beside the tree instead of failing: DynamoDB reports such a problem
/// only after the checks against the request's names and values, and after path overlaps.
/// An action whose value has such a problem keeps its target path, with the path itself as
/// a stand-in value.
pub(crate) fn parse_update_deferring(
    src: &str,
) -> Result<(UpdateExpression, Option<ExprError>), ExprError> {
    let mut p = Parser::new(src, ExprKind::Update)?;
    let mut u = UpdateExpression::default();
    let mut complete = true;
    loop {
        let clause = match p.peek() {
            TokenKind::Keyword(Keyword::Set) => UpdateClause::Set,
            TokenKind::Keyword(Keyword::Remove) => UpdateClause::Remove,
            TokenKind::Keyword(Keyword::Add) => UpdateClause::Add,
            TokenKind::Keyword(Keyword::Delete) => UpdateClause::Delete,
            _ => return Err(p.syntax_error()),
        };
        p.advance();
        loop {
            match clause {
                UpdateClause::Set => {
                    let path = p.parse_path()?;
                    p.expect(TokenKind::Eq)?;
                    match p.parse_set_value()? {
                        Some(value) => u.set.push(SetAction { path, value }),
                        None => {
                            complete = false;
                            let value = SetValue::Operand(UpdateOperand::Path(path.clone()));
                            u.set.push(SetAction { path, value });
                        }
                    }
                }
                UpdateClause::Remove => u.remove.push(p.parse_path()?),
                UpdateClause::Add | UpdateClause::Delete => {
                    let path = p.parse_path()?;
                    let value = p.parse_value()?;
                    let action = PathValueAction { path, value };
                    if clause == UpdateClause::Add {
                        u.add.push(action);
                    } else {
                        u.delete.push(action);
                    }
                }
            }
            if p.peek() != TokenKind::Comma {
                break;
            }
            p.advance();
        }
        if u.clause_order.contains(&clause) {
            p.issues.section.get_or_insert(clause.keyword());
        } else {
            u.clause_order.push(clause);
        }
        if p.peek() == TokenKind::Eof {
            break;
        }
    }
    let only_leaf = p.issues.reserved.is_none()
        && p.issues.unknown_function.is_none()
        && p.issues.section.is_none();
    if let Some(problem) = p.update_problem() {
        if only_leaf {
            return Ok((u, Some(p.fail(problem))));
        }
        return Err(p.fail(problem));
    }
    if !complete {
        // Unreachable: an incomplete action always comes with a recorded problem.
        return Err(p.syntax_error());
    }
    Ok((u, None))
}

impl Parser<'_> {
    /// The right-hand side of a SET action, `None` when a problem has been recorded. The
    /// parentheses around values are tracked with an explicit stack.
    fn parse_set_value(&mut self) -> Result<Option<SetValue>, ExprError> {
        // One slot per open `(` plus one for the whole value: the operator and left operand
        // read so far at that level.
        let mut pending: Vec<Option<(bool, Option<UpdateOperand>)>> = vec![None];
        'term: loop {
            let right_operand = matches!(pending.last(), Some(Some(_)));
            if !right_operand && self.peek() == TokenKind::LParen {
                self.advance();
                pending.push(None);
                continue;
            }
            let mut value = self.parse_update_operand_parens()?.map(SetValue::Operand);
            let mut is_operand = true;
            loop {
                let Some(slot) = pending.last_mut() else {
                    return Err(self.syntax_error());
                };
                if let Some((plus, lhs)) = slot.take() {
                    let rhs = match value {
                        Some(SetValue::Operand(o)) => Some(o),
                        _ => None,
                    };
                    value = (|| {
                        let (a, b) = (lhs?, rhs?);
                        Some(if plus {
                            SetValue::Plus(a, b)
                        } else {
                            SetValue::Minus(a, b)
                        })
                    })();
                    is_operand = false;
                } else if matches!(self.peek(), TokenKind::Plus | TokenKind::Minus) {
                    // `a + b + c` and `(a + b) + c` chain operators: the second one is the
                    // unexpected token.
                    if !is_operand {
                        return Err(self.syntax_error());
                    }
                    let plus = self.peek() == TokenKind::Plus;
                    self.advance();
                    self.count_operator()?;
                    let lhs = match value {
                        Some(SetValue::Operand(o)) => Some(o),
                        _ => None,
                    };
                    *slot = Some((plus, lhs));
                    continue 'term;
                }
                // The value at this level is complete.
                if pending.len() == 1 {
                    return Ok(value);
                }
                self.expect(TokenKind::RParen)?;
                pending.pop();
            }
        }
    }

    /// `'(' operand ')'`, any depth, or an operand (function calls included).
    fn parse_update_operand_parens(&mut self) -> Result<Option<UpdateOperand>, ExprError> {
        self.parse_nested(
            false,
            true,
            Self::parse_update_atom,
            Self::update_function,
            |_, value| Ok(value),
        )
    }

    /// A path or a value placeholder.
    fn parse_update_atom(&mut self) -> Result<Option<UpdateOperand>, ExprError> {
        match self.peek() {
            TokenKind::Identifier | TokenKind::NamePlaceholder => {
                Ok(Some(UpdateOperand::Path(self.parse_path()?)))
            }
            TokenKind::ValuePlaceholder => Ok(Some(UpdateOperand::Value(self.parse_value()?))),
            _ => Err(self.syntax_error()),
        }
    }

    fn note_update_function(&mut self, problem: Problem) {
        self.issues.leaf.get_or_insert(problem);
    }

    fn update_function(
        &mut self,
        name: String,
        mut args: Vec<Option<UpdateOperand>>,
    ) -> Option<UpdateOperand> {
        if name != "if_not_exists" && name != "list_append" {
            self.note_unknown_function(&name);
            return None;
        }
        if args.len() != 2 {
            self.note_update_function(Problem::OperandCount {
                function: name,
                count: args.len(),
            });
            return None;
        }
        let second = args.pop().flatten();
        let first = args.pop().flatten();
        if name == "list_append" {
            return Some(UpdateOperand::ListAppend(
                Box::new(first?),
                Box::new(second?),
            ));
        }
        match first? {
            UpdateOperand::Path(path) => Some(UpdateOperand::IfNotExists(path, Box::new(second?))),
            _ => {
                self.note_update_function(Problem::DocumentPathRequired(name));
                None
            }
        }
    }
}
