//! The constraint pass: declared constraints of a type-checked request
//! (`ValidationException`).
//!
//! Follows dynalite's `checkValidations` (`validations/index.js`), whose behaviour its
//! tests recorded from DynamoDB:
//!
//! - A [`Presence::Required`] member that is absent fails the request alone, before
//!   anything else is looked at.
//! - Otherwise every failure is collected, depth first in shape order (members in their
//!   declared order, each member's constraints in the order of [`super::shape`], then its
//!   own members, list elements, map values), and the first
//!   [`MAX_REPORTED_ERRORS`](super::MAX_REPORTED_ERRORS) are reported in one message.
//! - An absent member only fails "must not be null"; its other constraints and its
//!   members are not looked at. A null list element or map value is skipped.
//! - Paths: a member is its parent's path, a dot and its name with a lower-case first
//!   letter; a list element is `<list>.<1-based index>.member`; a map value is
//!   `<map>.<key>.member` (`keySchema.1.member.keyType`,
//!   `requestItems.tbl.member.keys`).
//! - Lengths count UTF-16 units, as Java does; numbers are compared after the fraction is
//!   dropped.

use serde_json::{Map, Value};

use super::messages;
use super::render::{integer_value, lower_first, render};
use super::shape::{Map as MapShape, Pattern, Presence, Range, Shape, Str, Structure};
use super::MAX_REPORTED_ERRORS;

/// Why the constraint pass failed: the message of the `ValidationException`.
pub type Failure = String;

/// Checks `object` (already type-checked) against `structure`.
pub fn check_structure(object: &Map<String, Value>, structure: &Structure) -> Result<(), Failure> {
    for member in structure.members {
        if member.presence == Presence::Required && present(object.get(member.name)).is_none() {
            return Err(messages::parameter_required(member.name));
        }
    }
    let mut checker = Checker::default();
    checker.members(object, structure, "");
    if checker.failures.is_empty() {
        Ok(())
    } else {
        Err(messages::validation_errors(&checker.failures))
    }
}

/// The value, unless it is absent or JSON `null`.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

/// Java's `String.length()`.
fn java_length(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Whether `name` is a table ARN rather than a table name (only its length is checked
/// here; the operation resolves it).
fn is_arn(name: &str) -> bool {
    name.starts_with("arn:")
}

/// The rule texts a table name breaks, in DynamoDB's order: pattern, then minimum, then
/// maximum length.
fn table_name_rules(name: &str) -> Vec<String> {
    let length = java_length(name);
    let mut rules = Vec::new();
    if length < 1 {
        rules.push(messages::length_at_least(1));
    } else if is_arn(name) {
        if length > 1024 {
            rules.push(messages::length_at_most(1024));
        }
    } else {
        if !Pattern::Name.matches(name) {
            rules.push(messages::must_match_pattern(Pattern::Name.text()));
        }
        if length < 3 {
            rules.push(messages::length_at_least(3));
        }
        if length > 255 {
            rules.push(messages::length_at_most(255));
        }
    }
    rules
}

#[derive(Default)]
struct Checker {
    failures: Vec<String>,
}

impl Checker {
    fn full(&self) -> bool {
        self.failures.len() >= MAX_REPORTED_ERRORS
    }

    /// Records a failure of the value rendered as `rendered` (`None`: absent) at `path`.
    fn fail(&mut self, rendered: Option<&str>, path: &str, rule: &str) {
        if !self.full() {
            self.failures
                .push(messages::constraint_failure(rendered, path, rule));
        }
    }

    fn members(&mut self, object: &Map<String, Value>, structure: &Structure, parent: &str) {
        for member in structure.members {
            if self.full() {
                return;
            }
            let name = lower_first(member.name);
            let path = if parent.is_empty() {
                name
            } else {
                format!("{parent}.{name}")
            };
            match present(object.get(member.name)) {
                Some(value) => self.value(value, &member.shape, &path),
                None if member.presence != Presence::Optional => {
                    self.fail(None, &path, messages::MUST_NOT_BE_NULL)
                }
                None => {}
            }
        }
    }

    fn value(&mut self, value: &Value, shape: &Shape, path: &str) {
        match shape {
            Shape::String(rules) => {
                if let Value::String(s) = value {
                    self.string(s, rules, path);
                }
            }
            Shape::TableName => {
                if let Value::String(s) = value {
                    for rule in table_name_rules(s) {
                        self.fail(Some(s), path, &rule);
                    }
                }
            }
            Shape::Integer(range) | Shape::Long(range) => {
                if let Some(n) = integer_value(value) {
                    self.number(n, range, path);
                }
            }
            Shape::Boolean | Shape::AttributeValue | Shape::AttributeMap => {}
            Shape::List(list) => {
                let Value::Array(elements) = value else {
                    return;
                };
                self.length(
                    elements.len(),
                    list.min,
                    list.max,
                    || render(value, shape),
                    path,
                );
                for (i, element) in elements.iter().enumerate() {
                    if self.full() {
                        return;
                    }
                    if !element.is_null() {
                        self.value(element, &list.member, &format!("{path}.{}.member", i + 1));
                    }
                }
            }
            Shape::Map(map) => {
                let Value::Object(entries) = value else {
                    return;
                };
                self.map(entries, map, value, shape, path);
            }
            Shape::Structure(structure) => {
                if let Value::Object(object) = value {
                    self.members(object, structure, path);
                }
            }
        }
    }

    fn string(&mut self, s: &str, rules: &Str, path: &str) {
        let length = java_length(s);
        if let Some(pattern) = rules.pattern {
            if !pattern.matches(s) {
                self.fail(Some(s), path, &messages::must_match_pattern(pattern.text()));
            }
        }
        self.length(length, rules.min, rules.max, || s.to_owned(), path);
        if !rules.one_of.is_empty() && !rules.one_of.contains(&s) {
            self.fail(Some(s), path, &messages::must_be_one_of(rules.one_of));
        }
    }

    fn length(
        &mut self,
        length: usize,
        min: Option<usize>,
        max: Option<usize>,
        rendered: impl Fn() -> String,
        path: &str,
    ) {
        if let Some(min) = min.filter(|&min| length < min) {
            self.fail(Some(&rendered()), path, &messages::length_at_least(min));
        }
        if let Some(max) = max.filter(|&max| length > max) {
            self.fail(Some(&rendered()), path, &messages::length_at_most(max));
        }
    }

    fn number(&mut self, n: i64, range: &Range, path: &str) {
        let rendered = n.to_string();
        if let Some(min) = range.min.filter(|&min| n < min) {
            self.fail(Some(&rendered), path, &messages::value_at_least(min));
        }
        if let Some(max) = range.max.filter(|&max| n > max) {
            self.fail(Some(&rendered), path, &messages::value_at_most(max));
        }
    }

    fn map(
        &mut self,
        entries: &Map<String, Value>,
        map: &MapShape,
        value: &Value,
        shape: &Shape,
        path: &str,
    ) {
        self.length(entries.len(), map.min, None, || render(value, shape), path);
        if map.table_name_keys {
            // One failure per offending key, all with the same text (dynalite `keys`).
            let rule = messages::map_keys_must_satisfy(&[
                messages::length_at_most(255),
                messages::length_at_least(3),
                messages::must_match_pattern(Pattern::Name.text()),
            ]);
            for key in entries.keys() {
                if !table_name_rules(key).is_empty() {
                    self.fail(Some(&render(value, shape)), path, &rule);
                }
            }
        }
        if let Some((min, max)) = map.value_length {
            let rule = messages::map_value_must_satisfy(&[
                messages::length_at_most(max),
                messages::length_at_least(min),
            ]);
            for entry in entries.values() {
                let length = match entry {
                    Value::Array(elements) => elements.len(),
                    Value::Object(members) => members.len(),
                    Value::String(s) => java_length(s),
                    _ => continue,
                };
                if length < min || length > max {
                    self.fail(Some(&render(value, shape)), path, &rule);
                }
            }
        }
        for (key, entry) in entries {
            if self.full() {
                return;
            }
            if !entry.is_null() {
                self.value(entry, &map.value, &format!("{path}.{key}.member"));
            }
        }
    }
}
