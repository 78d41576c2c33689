//! ProjectionExpression: [`project`].
//!
//! Each path the item has is copied into the result at the same place; paths the item lacks
//! are left out. Parents are rebuilt with only the projected members: a map keeps the
//! projected keys, a list the projected elements in index order, compacted (projecting
//! `l[1]` and `l[3]` of a five-element list gives a two-element list).

use super::error::EvalError;
use super::path::{get, resolve};
use crate::expr::resolve::{NameMap, ResolvedPath, Step};
use crate::expr::{ExprKind, ProjectionExpression};
use crate::types::{AttributeValue, Item};
use std::collections::BTreeMap;

/// A partly built projection.
enum Node {
    /// A whole value.
    Leaf(AttributeValue),
    /// Some members of a map.
    Map(BTreeMap<String, Node>),
    /// Some elements of a list, by original index.
    List(BTreeMap<u32, Node>),
}

impl Node {
    fn into_value(self) -> AttributeValue {
        match self {
            Node::Leaf(v) => v,
            Node::Map(m) => {
                AttributeValue::M(m.into_iter().map(|(k, n)| (k, n.into_value())).collect())
            }
            Node::List(l) => AttributeValue::L(l.into_values().map(Node::into_value).collect()),
        }
    }

    /// Inserts `value` below this node along `rest`; a node already holding the whole value
    /// stays as it is.
    fn insert(&mut self, rest: &[Step], value: AttributeValue) {
        let Some((step, rest)) = rest.split_first() else {
            *self = Node::Leaf(value);
            return;
        };
        let child = match (self, step) {
            (Node::Map(m), Step::Name(n)) => m.entry(n.clone()).or_insert_with(|| empty_for(rest)),
            (Node::List(l), Step::Index(i)) => l.entry(*i).or_insert_with(|| empty_for(rest)),
            _ => return,
        };
        child.insert(rest, value);
    }
}

/// The empty container that the next step (if any) goes into.
fn empty_for(rest: &[Step]) -> Node {
    match rest.first() {
        Some(Step::Index(_)) => Node::List(BTreeMap::new()),
        _ => Node::Map(BTreeMap::new()),
    }
}

/// The attributes of `item` that `projection` selects.
pub fn project(
    projection: &ProjectionExpression,
    names: &impl NameMap,
    item: &Item,
) -> Result<Item, EvalError> {
    let paths = projection
        .paths
        .iter()
        .map(|p| resolve(p, names, ExprKind::Projection))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(project_paths(item, &paths))
}

/// The parts of `item` at `paths`, built as [`project`] builds them. With an update's
/// [`super::update::updated_paths`] this gives `ReturnValues` `UPDATED_OLD` (on the old item)
/// and `UPDATED_NEW` (on the new one), as dynalite's test run against DynamoDB shows.
pub fn project_paths(item: &Item, paths: &[ResolvedPath]) -> Item {
    let mut root: BTreeMap<String, Node> = BTreeMap::new();
    for path in paths {
        let Some(value) = get(item, path) else {
            continue;
        };
        let Some((Step::Name(first), rest)) = path.split_first() else {
            continue;
        };
        root.entry(first.clone())
            .or_insert_with(|| empty_for(rest))
            .insert(rest, value.clone());
    }
    root.into_iter().map(|(k, n)| (k, n.into_value())).collect()
}
