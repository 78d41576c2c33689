//! The request's maps as the checks see them: names resolve to attribute names, values are
//! only looked up by placeholder (so any value type works).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

/// A request's `ExpressionAttributeNames`: placeholder (`#n`) to attribute name.
pub trait NameMap {
    /// The attribute name for `placeholder`, if defined.
    fn resolve_name(&self, placeholder: &str) -> Option<&str>;
}

/// A request's `ExpressionAttributeValues`, seen only as the set of its placeholders.
pub trait ValueSet {
    /// Whether `placeholder` (`:v`) is defined.
    fn has_value(&self, placeholder: &str) -> bool;
}

/// A map or set with no entries: for a request without ExpressionAttributeNames or
/// ExpressionAttributeValues.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoneDefined;

impl NameMap for NoneDefined {
    fn resolve_name(&self, _: &str) -> Option<&str> {
        None
    }
}

impl ValueSet for NoneDefined {
    fn has_value(&self, _: &str) -> bool {
        false
    }
}

impl<S: BuildHasher> NameMap for HashMap<String, String, S> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).map(String::as_str)
    }
}

impl NameMap for BTreeMap<String, String> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).map(String::as_str)
    }
}

impl NameMap for serde_json::Map<String, serde_json::Value> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).and_then(serde_json::Value::as_str)
    }
}

impl<T: NameMap + ?Sized> NameMap for &T {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        (**self).resolve_name(placeholder)
    }
}

impl<V, S: BuildHasher> ValueSet for HashMap<String, V, S> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<V> ValueSet for BTreeMap<String, V> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<S: BuildHasher> ValueSet for HashSet<String, S> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains(placeholder)
    }
}

impl ValueSet for BTreeSet<String> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains(placeholder)
    }
}

impl ValueSet for serde_json::Map<String, serde_json::Value> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<T: ValueSet + ?Sized> ValueSet for &T {
    fn has_value(&self, placeholder: &str) -> bool {
        (**self).has_value(placeholder)
    }
}
