//! Syntax trees of the five expression kinds.
//!
//! Names stay as written: an attribute name is either a plain name (`a`) or an
//! `ExpressionAttributeNames` placeholder (`#a`), and a value is always an
//! `ExpressionAttributeValues` placeholder (`:v`). Nothing here depends on attribute values;
//! [`crate::expr::resolve`] checks placeholders against the request's maps.

use std::fmt;

/// An attribute name in a document path, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttrName {
    /// A plain name such as `Price` (never a reserved word: those are rejected).
    Plain(String),
    /// A placeholder such as `#p`, including the `#`.
    Placeholder(String),
}

impl AttrName {
    /// The name as written in the expression (`Price` or `#p`).
    pub fn as_written(&self) -> &str {
        match self {
            AttrName::Plain(s) | AttrName::Placeholder(s) => s,
        }
    }
}

/// A value placeholder such as `:v`, including the `:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueRef(pub String);

impl ValueRef {
    /// The placeholder as written (`:v`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One step of a document path after the first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathElement {
    /// `.name` (or the leading name).
    Attribute(AttrName),
    /// `[n]`; indexes that do not fit in a `u32` saturate at `u32::MAX`.
    Index(u32),
}

/// A document path: a name followed by any number of `.name` and `[n]` steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    /// The steps; the first is always [`PathElement::Attribute`].
    pub elements: Vec<PathElement>,
}

impl Path {
    /// The leading attribute name.
    pub fn head(&self) -> Option<&AttrName> {
        match self.elements.first() {
            Some(PathElement::Attribute(n)) => Some(n),
            _ => None,
        }
    }

    /// Whether the path has more than one step (a nested attribute or list element).
    pub fn is_nested(&self) -> bool {
        self.elements.len() > 1
    }
}

impl fmt::Display for Path {
    /// The path as written, e.g. `a.#b[2]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.elements.iter().enumerate() {
            match e {
                PathElement::Attribute(n) if i == 0 => f.write_str(n.as_written())?,
                PathElement::Attribute(n) => write!(f, ".{}", n.as_written())?,
                PathElement::Index(ix) => write!(f, "[{ix}]")?,
            }
        }
        Ok(())
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparator {
    /// The operator as written (`<=`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "<>",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> Comparator {
        match self {
            Comparator::Lt => Comparator::Gt,
            Comparator::Le => Comparator::Ge,
            Comparator::Gt => Comparator::Lt,
            Comparator::Ge => Comparator::Le,
            c => c,
        }
    }
}

/// An operand of a condition: a path, a value, or `size(...)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operand {
    /// A document path.
    Path(Path),
    /// A value placeholder.
    Value(ValueRef),
    /// `size(operand)`: the size of a string, binary, set, list or map.
    Size(Box<Operand>),
}

/// A condition (ConditionExpression, FilterExpression, and the raw form of a
/// KeyConditionExpression).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// `left <op> right`
    Compare {
        /// The operator.
        op: Comparator,
        /// Left operand.
        left: Operand,
        /// Right operand.
        right: Operand,
    },
    /// `operand BETWEEN lower AND upper`
    Between {
        /// The tested operand.
        operand: Operand,
        /// Lower bound.
        lower: Operand,
        /// Upper bound.
        upper: Operand,
    },
    /// `operand IN (list...)`, 1 to 100 candidates.
    In {
        /// The tested operand.
        operand: Operand,
        /// The candidates.
        list: Vec<Operand>,
    },
    /// `attribute_exists(path)`
    AttributeExists(Path),
    /// `attribute_not_exists(path)`
    AttributeNotExists(Path),
    /// `attribute_type(path, :type)`
    AttributeType(Path, ValueRef),
    /// `begins_with(operand, prefix)`
    BeginsWith(Operand, Operand),
    /// `contains(operand, operand)`
    Contains(Operand, Operand),
    /// `NOT condition`
    Not(Box<Condition>),
    /// `left AND right`
    And(Box<Condition>, Box<Condition>),
    /// `left OR right`
    Or(Box<Condition>, Box<Condition>),
}

/// The value assigned by a `SET` action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SetValue {
    /// `path = operand`
    Operand(UpdateOperand),
    /// `path = a + b`
    Plus(UpdateOperand, UpdateOperand),
    /// `path = a - b`
    Minus(UpdateOperand, UpdateOperand),
}

/// An operand on the right of a `SET` action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UpdateOperand {
    /// A document path (the item's current value there).
    Path(Path),
    /// A value placeholder.
    Value(ValueRef),
    /// `if_not_exists(path, operand)`
    IfNotExists(Path, Box<UpdateOperand>),
    /// `list_append(a, b)`
    ListAppend(Box<UpdateOperand>, Box<UpdateOperand>),
}

/// One `SET` action: `path = value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetAction {
    /// The target path.
    pub path: Path,
    /// What to assign.
    pub value: SetValue,
}

/// One `ADD` or `DELETE` action: `path :value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathValueAction {
    /// The target path.
    pub path: Path,
    /// The value placeholder.
    pub value: ValueRef,
}

/// The four clauses of an update expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UpdateClause {
    /// `SET`
    Set,
    /// `REMOVE`
    Remove,
    /// `ADD`
    Add,
    /// `DELETE`
    Delete,
}

impl UpdateClause {
    /// The clause keyword in upper case.
    pub fn keyword(self) -> &'static str {
        match self {
            UpdateClause::Set => "SET",
            UpdateClause::Remove => "REMOVE",
            UpdateClause::Add => "ADD",
            UpdateClause::Delete => "DELETE",
        }
    }
}

/// An UpdateExpression. Each clause appears at most once, in any order; the actions of each
/// clause are kept in source order. Since no two target paths may overlap, the order of the
/// clauses does not matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UpdateExpression {
    /// `SET` actions.
    pub set: Vec<SetAction>,
    /// `REMOVE` paths.
    pub remove: Vec<Path>,
    /// `ADD` actions.
    pub add: Vec<PathValueAction>,
    /// `DELETE` actions.
    pub delete: Vec<PathValueAction>,
    /// The clauses in the order written.
    pub clause_order: Vec<UpdateClause>,
}

impl UpdateExpression {
    /// Every target path (SET, REMOVE, ADD, DELETE) in source order.
    pub fn target_paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        for clause in &self.clause_order {
            match clause {
                UpdateClause::Set => out.extend(self.set.iter().map(|a| &a.path)),
                UpdateClause::Remove => out.extend(self.remove.iter()),
                UpdateClause::Add => out.extend(self.add.iter().map(|a| &a.path)),
                UpdateClause::Delete => out.extend(self.delete.iter().map(|a| &a.path)),
            }
        }
        out
    }
}

/// A ProjectionExpression: the paths to return, in source order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectionExpression {
    /// The paths.
    pub paths: Vec<Path>,
}

/// The operator of one key condition, with its value placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyOperator {
    /// `key <op> :v` (never `<>`), normalised so the key is on the left.
    Compare(Comparator, ValueRef),
    /// `key BETWEEN :lo AND :hi`
    Between(ValueRef, ValueRef),
    /// `begins_with(key, :prefix)`
    BeginsWith(ValueRef),
}

impl KeyOperator {
    /// The legacy `ComparisonOperator` name (`EQ`, `LT`, `LE`, `GT`, `GE`, `BETWEEN`,
    /// `BEGINS_WITH`).
    pub fn comparison_operator(&self) -> &'static str {
        match self {
            KeyOperator::Compare(Comparator::Eq, _) => "EQ",
            KeyOperator::Compare(Comparator::Ne, _) => "NE",
            KeyOperator::Compare(Comparator::Lt, _) => "LT",
            KeyOperator::Compare(Comparator::Le, _) => "LE",
            KeyOperator::Compare(Comparator::Gt, _) => "GT",
            KeyOperator::Compare(Comparator::Ge, _) => "GE",
            KeyOperator::Between(..) => "BETWEEN",
            KeyOperator::BeginsWith(_) => "BEGINS_WITH",
        }
    }
}

/// A condition on one key attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyPart {
    /// The key attribute's name, with any `#placeholder` resolved.
    pub attribute: String,
    /// The condition.
    pub op: KeyOperator,
}

/// A KeyConditionExpression reduced to one or two key conditions, in source order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyCondition {
    /// One or two conditions on distinct attributes.
    pub parts: Vec<KeyPart>,
}

/// A KeyConditionExpression matched against a table's or index's key schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyQuery {
    /// The partition key's equality value.
    pub partition_value: ValueRef,
    /// The sort key condition, if any.
    pub sort: Option<KeyPart>,
}
