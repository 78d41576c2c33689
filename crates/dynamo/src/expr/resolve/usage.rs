//! Which placeholders an expression uses, in source order.

use super::super::ast::{
    AttrName, Condition, Operand, Path, PathElement, ProjectionExpression, SetValue, UpdateClause,
    UpdateExpression, UpdateOperand,
};

/// A placeholder occurrence, in source order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder<'a> {
    /// `#name`
    Name(&'a str),
    /// `:value`
    Value(&'a str),
}

/// The placeholders an expression uses, each once, in order of first use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// `#name` placeholders.
    pub names: Vec<String>,
    /// `:value` placeholders.
    pub values: Vec<String>,
}

impl Usage {
    fn from_placeholders(list: &[Placeholder<'_>]) -> Usage {
        let mut u = Usage::default();
        for p in list {
            let (vec, s) = match p {
                Placeholder::Name(s) => (&mut u.names, s),
                Placeholder::Value(s) => (&mut u.values, s),
            };
            if !vec.iter().any(|x| x == s) {
                vec.push(s.to_string());
            }
        }
        u
    }

    /// The placeholders of a condition (also a key condition's raw form).
    pub fn of_condition(c: &Condition) -> Usage {
        let mut list = Vec::new();
        condition_placeholders(c, &mut list);
        Usage::from_placeholders(&list)
    }

    /// The placeholders of an update expression.
    pub fn of_update(u: &UpdateExpression) -> Usage {
        Usage::from_placeholders(&update_placeholders(u))
    }

    /// The placeholders of a projection expression.
    pub fn of_projection(p: &ProjectionExpression) -> Usage {
        let mut list = Vec::new();
        for path in &p.paths {
            path_placeholders(path, &mut list);
        }
        Usage::from_placeholders(&list)
    }
}

pub(super) fn path_placeholders<'a>(path: &'a Path, out: &mut Vec<Placeholder<'a>>) {
    for e in &path.elements {
        if let PathElement::Attribute(AttrName::Placeholder(n)) = e {
            out.push(Placeholder::Name(n));
        }
    }
}

fn operand_placeholders<'a>(o: &'a Operand, out: &mut Vec<Placeholder<'a>>) {
    match o {
        Operand::Path(p) => path_placeholders(p, out),
        Operand::Value(v) => out.push(Placeholder::Value(v.as_str())),
        Operand::Size(inner) => operand_placeholders(inner, out),
    }
}

/// The placeholders of one condition that is not AND, OR or NOT, in source order.
pub(super) fn leaf_placeholders<'a>(c: &'a Condition, out: &mut Vec<Placeholder<'a>>) {
    match c {
        Condition::Compare { left, right, .. } => {
            operand_placeholders(left, out);
            operand_placeholders(right, out);
        }
        Condition::Between {
            operand,
            lower,
            upper,
        } => {
            for o in [operand, lower, upper] {
                operand_placeholders(o, out);
            }
        }
        Condition::In { operand, list } => {
            operand_placeholders(operand, out);
            for o in list {
                operand_placeholders(o, out);
            }
        }
        Condition::AttributeExists(p) | Condition::AttributeNotExists(p) => {
            path_placeholders(p, out)
        }
        Condition::AttributeType(p, v) => {
            path_placeholders(p, out);
            out.push(Placeholder::Value(v.as_str()));
        }
        Condition::BeginsWith(a, b) | Condition::Contains(a, b) => {
            operand_placeholders(a, out);
            operand_placeholders(b, out);
        }
        Condition::Not(_) | Condition::And(..) | Condition::Or(..) => {}
    }
}

/// The conditions that are not AND, OR or NOT, in source order.
pub fn leaves(c: &Condition) -> Vec<&Condition> {
    let mut out = Vec::new();
    let mut stack = vec![c];
    while let Some(c) = stack.pop() {
        match c {
            Condition::Not(inner) => stack.push(inner),
            Condition::And(a, b) | Condition::Or(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            leaf => out.push(leaf),
        }
    }
    out
}

/// Every placeholder of a condition in source order.
pub fn condition_placeholders<'a>(c: &'a Condition, out: &mut Vec<Placeholder<'a>>) {
    for leaf in leaves(c) {
        leaf_placeholders(leaf, out);
    }
}

fn update_operand_placeholders<'a>(o: &'a UpdateOperand, out: &mut Vec<Placeholder<'a>>) {
    match o {
        UpdateOperand::Path(p) => path_placeholders(p, out),
        UpdateOperand::Value(v) => out.push(Placeholder::Value(v.as_str())),
        UpdateOperand::IfNotExists(p, v) => {
            path_placeholders(p, out);
            update_operand_placeholders(v, out);
        }
        UpdateOperand::ListAppend(a, b) => {
            update_operand_placeholders(a, out);
            update_operand_placeholders(b, out);
        }
    }
}

/// Every placeholder of an update expression in source order.
pub fn update_placeholders(u: &UpdateExpression) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    for clause in &u.clause_order {
        match clause {
            UpdateClause::Set => {
                for a in &u.set {
                    path_placeholders(&a.path, &mut out);
                    match &a.value {
                        SetValue::Operand(o) => update_operand_placeholders(o, &mut out),
                        SetValue::Plus(x, y) | SetValue::Minus(x, y) => {
                            update_operand_placeholders(x, &mut out);
                            update_operand_placeholders(y, &mut out);
                        }
                    }
                }
            }
            UpdateClause::Remove => {
                for p in &u.remove {
                    path_placeholders(p, &mut out);
                }
            }
            UpdateClause::Add | UpdateClause::Delete => {
                let actions = if *clause == UpdateClause::Add {
                    &u.add
                } else {
                    &u.delete
                };
                for a in actions {
                    path_placeholders(&a.path, &mut out);
                    out.push(Placeholder::Value(a.value.as_str()));
                }
            }
        }
    }
    out
}
