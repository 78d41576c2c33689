//! A table's key schema and secondary indexes: what every item operation needs to know about
//! a table, and the derivation of index entries from items.
//!
//! A [`TableSchema`] is immutable; a change to the table (an index created or dropped) makes
//! a new one. It is rebuilt from the stored table description when the catalog is loaded.

use crate::types::{AttributeType, AttributeValue, Item};

/// One key attribute: its name and its type (`S`, `N` or `B`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttribute {
    /// Attribute name.
    pub name: String,
    /// `S`, `N` or `B`.
    pub ty: AttributeType,
}

/// The key of a table or index: a partition (`HASH`) attribute and an optional sort
/// (`RANGE`) attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySchema {
    /// The partition key.
    pub hash: KeyAttribute,
    /// The sort key, if any.
    pub range: Option<KeyAttribute>,
}

impl KeySchema {
    /// The key attributes, partition key first.
    pub fn attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash).chain(self.range.as_ref())
    }

    /// Whether `name` is one of the key attributes.
    pub fn contains(&self, name: &str) -> bool {
        self.attributes().any(|a| a.name == name)
    }

    /// The key values of `item`, if it has both (with the right types): partition value and
    /// optional sort value.
    pub fn values_of<'a>(
        &self,
        item: &'a Item,
    ) -> Option<(&'a AttributeValue, Option<&'a AttributeValue>)> {
        let h = item
            .get(&self.hash.name)
            .filter(|v| v.attribute_type() == self.hash.ty)?;
        let r = match &self.range {
            Some(r) => Some(item.get(&r.name).filter(|v| v.attribute_type() == r.ty)?),
            None => None,
        };
        Some((h, r))
    }

    /// The key attributes of `item` (which must have them) as an item of their own.
    pub fn key_of(&self, item: &Item) -> Item {
        self.attributes()
            .filter_map(|a| item.get(&a.name).map(|v| (a.name.clone(), v.clone())))
            .collect()
    }
}

/// Which attributes a secondary index copies from the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// Only the table's and the index's key attributes.
    KeysOnly,
    /// The keys and these non-key attributes.
    Include(Vec<String>),
    /// Every attribute.
    All,
}

impl Projection {
    /// DynamoDB's name of the projection type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include(_) => "INCLUDE",
            Projection::All => "ALL",
        }
    }
}

/// Whether an index is global or local.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A global secondary index: its own partition key, eventually consistent reads only.
    Global,
    /// A local secondary index: the table's partition key, another sort key.
    Local,
}

/// A secondary index as items see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSchema {
    /// Index name (unique within the table).
    pub name: String,
    /// The id that prefixes the index's entries in storage (never `0`, never reused within
    /// the table).
    pub id: u16,
    /// Global or local.
    pub kind: IndexKind,
    /// The index's key.
    pub key: KeySchema,
    /// The attributes the index copies.
    pub projection: Projection,
    /// Whether the index is readable (a global index being created is not, until its
    /// backfill is done). Writes maintain it either way.
    pub readable: bool,
}

/// A table as its items see it: name, storage id, key, indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    /// Table name.
    pub name: String,
    /// The id that prefixes the table's keys in storage (never reused).
    pub id: u32,
    /// The table's primary key.
    pub key: KeySchema,
    /// Local and global secondary indexes, in creation order.
    pub indexes: Vec<IndexSchema>,
}

impl TableSchema {
    /// The index called `name`.
    pub fn index(&self, name: &str) -> Option<&IndexSchema> {
        self.indexes.iter().find(|i| i.name == name)
    }

    /// Whether the table has a local secondary index (item collection metrics and the
    /// 10 GB item collection limit apply).
    pub fn has_local_indexes(&self) -> bool {
        self.indexes.iter().any(|i| i.kind == IndexKind::Local)
    }

    /// The entry `index` holds for `item`: the projected attributes, or `None` if the item
    /// lacks an index key attribute or has it with another type (a sparse index).
    pub fn index_entry(&self, index: &IndexSchema, item: &Item) -> Option<Item> {
        index.key.values_of(item)?;
        Some(match &index.projection {
            Projection::All => item.clone(),
            Projection::KeysOnly => self.projected(index, item, &[]),
            Projection::Include(extra) => self.projected(index, item, extra),
        })
    }

    fn projected(&self, index: &IndexSchema, item: &Item, extra: &[String]) -> Item {
        item.iter()
            .filter(|(name, _)| {
                self.key.contains(name) || index.key.contains(name) || extra.contains(name)
            })
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect()
    }

    /// Every attribute name that is a key of the table or of one of its indexes.
    pub fn all_key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        self.key
            .attributes()
            .chain(self.indexes.iter().flat_map(|i| i.key.attributes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.into())
    }

    fn ka(name: &str) -> KeyAttribute {
        KeyAttribute {
            name: name.into(),
            ty: AttributeType::S,
        }
    }

    fn schema(projection: Projection) -> TableSchema {
        TableSchema {
            name: "t".into(),
            id: 1,
            key: KeySchema {
                hash: ka("pk"),
                range: Some(ka("sk")),
            },
            indexes: vec![IndexSchema {
                name: "g".into(),
                id: 1,
                kind: IndexKind::Global,
                key: KeySchema {
                    hash: ka("gh"),
                    range: None,
                },
                projection,
                readable: true,
            }],
        }
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn sparse_index_skips_items_without_the_key() {
        let t = schema(Projection::All);
        let it = item(&[("pk", s("a")), ("sk", s("b"))]);
        assert_eq!(t.index_entry(&t.indexes[0], &it), None);
        let wrong_type = item(&[("pk", s("a")), ("sk", s("b")), ("gh", AttributeValue::NULL)]);
        assert_eq!(t.index_entry(&t.indexes[0], &wrong_type), None);
    }

    #[test]
    fn projections() {
        let it = item(&[
            ("pk", s("a")),
            ("sk", s("b")),
            ("gh", s("c")),
            ("x", s("x")),
            ("y", s("y")),
        ]);
        let keys = schema(Projection::KeysOnly);
        let e = keys.index_entry(&keys.indexes[0], &it).unwrap();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["gh", "pk", "sk"]);
        let inc = schema(Projection::Include(vec!["y".into()]));
        let e = inc.index_entry(&inc.indexes[0], &it).unwrap();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["gh", "pk", "sk", "y"]);
        let all = schema(Projection::All);
        assert_eq!(all.index_entry(&all.indexes[0], &it).unwrap(), it);
    }
}
