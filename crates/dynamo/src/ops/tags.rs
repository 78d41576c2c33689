//! What TagResource, UntagResource and ListTagsOfResource share: reading the `ResourceArn`,
//! finding the table it names, and the limits on tags.
//!
//! Tags live in [`Table::tags`] (stored with the table's catalog record), in the order they
//! were first added; re-tagging a key replaces its value in place.
//!
//! # The order of checks
//!
//! dynalite's tests (`tagResource.js`, `untagResource.js`, `listTagsOfResource.js`,
//! recorded against DynamoDB) pin this order: a missing `ResourceArn` ("Invalid TableArn"),
//! then a missing `Tags`/`TagKeys` (reported in the constraint form), then an ARN that is
//! not a table's, then an empty list, then the table. Two recorded cases disagree between
//! the suites, and the newer recording (the nubo-db suite, run against DynamoDB in 2026)
//! decides:
//!
//! - A malformed ARN (`not-a-valid-arn`, `abcd`): dynalite recorded AccessDeniedException,
//!   DynamoDB now answers ValidationException "Invalid TableArn: Invalid ResourceArn
//!   provided as input ...".
//! - ListTagsOfResource of a table that does not exist: dynalite recorded
//!   ResourceNotFoundException; DynamoDB answers AccessDeniedException for an ARN it
//!   cannot authorize (nubo `tier2/tags`, whose ARN names account 000000000000, the
//!   default account here). Tag/UntagResource keep ResourceNotFoundException.
//!
//! An ARN of another account is never authorized (AccessDeniedException); one of another
//! region names a table that does not exist here.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages;
use crate::table::Table;

/// Most tags on one table.
pub const MAX_TAGS: usize = 50;
/// Longest tag key, in characters.
pub const MAX_KEY_CHARS: usize = 128;
/// Longest tag value, in characters.
pub const MAX_VALUE_CHARS: usize = 256;

/// A table ARN taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableArn<'a> {
    /// The ARN as given.
    pub arn: &'a str,
    /// Its region.
    pub region: &'a str,
    /// Its account id.
    pub account: &'a str,
    /// The table's name.
    pub table: &'a str,
}

/// The `ResourceArn` member, which must be present and non-empty.
pub fn resource_arn(body: &Map<String, Value>) -> Result<&str> {
    match str_member(body, "ResourceArn") {
        Some(arn) if !arn.is_empty() => Ok(arn),
        _ => Err(DynamoError::validation(messages::INVALID_TABLE_ARN)),
    }
}

/// Whether `arn` has the shape of any ARN with a resource path: six `:`-separated parts,
/// the last holding a `/`.
fn arn_shaped(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[..5].iter().all(|p| !p.is_empty())
        && parts[5]
            .split_once('/')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// Checks the ARN's general shape (before the other members are looked at).
pub fn check_arn_shape(arn: &str) -> Result<()> {
    if arn_shaped(arn) {
        Ok(())
    } else {
        Err(DynamoError::validation(messages::invalid_resource_arn(arn)))
    }
}

/// Parses a table ARN, `arn:aws:dynamodb:<region>:<account digits>:table/<name>` with a
/// name of at least three characters and no further path.
pub fn parse_table_arn(arn: &str) -> Result<TableArn<'_>> {
    let invalid = || DynamoError::validation(messages::invalid_resource_arn(arn));
    let rest = arn.strip_prefix("arn:aws:dynamodb:").ok_or_else(invalid)?;
    let (region, rest) = rest.split_once(':').ok_or_else(invalid)?;
    let (account, rest) = rest.split_once(':').ok_or_else(invalid)?;
    let table = rest.strip_prefix("table/").ok_or_else(invalid)?;
    let ok = !region.is_empty()
        && !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && table.chars().count() >= 3
        && !table.contains('/');
    if !ok {
        return Err(invalid());
    }
    Ok(TableArn {
        arn,
        region,
        account,
        table,
    })
}

/// The `1 validation error detected: ...` form of a missing required list member.
pub fn null_member(path: &str) -> DynamoError {
    DynamoError::validation(format!(
        "1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null"
    ))
}

/// AccessDeniedException for `op` on `arn`.
pub fn access_denied(db: &Database, op: &str, arn: &str) -> DynamoError {
    DynamoError::new(
        ErrorKind::AccessDenied,
        messages::access_denied(&db.options.account, op, arn),
    )
}

/// The table `arn` names, if it is in this database's account and region. An ARN of
/// another account is refused with AccessDeniedException; `missing` is the error for a
/// table that does not exist.
pub fn find_table(
    db: &Database,
    op: &str,
    arn: &TableArn<'_>,
    missing: impl FnOnce() -> DynamoError,
) -> Result<Arc<Table>> {
    if arn.account != db.options.account {
        return Err(access_denied(db, op, arn.arn));
    }
    if arn.region != db.options.region {
        return Err(missing());
    }
    db.catalog.get(arn.table).ok_or_else(missing)
}

/// Checks the constraints on each tag (`Key` 1 to 128 characters, `Value` up to 256, both
/// present), reported as DynamoDB reports member constraints.
pub fn check_tags(tags: &[Value]) -> Result<Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let n = i + 1;
        let key = tag.get("Key").and_then(Value::as_str);
        let value = tag.get("Value").and_then(Value::as_str);
        match key {
            None => errors.push(format!(
                "Value null at 'tags.{n}.member.key' failed to satisfy constraint: Member must not be null"
            )),
            Some(k) if k.is_empty() => errors.push(format!(
                "Value '{k}' at 'tags.{n}.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )),
            Some(k) if k.chars().count() > MAX_KEY_CHARS => errors.push(format!(
                "Value '{k}' at 'tags.{n}.member.key' failed to satisfy constraint: Member must have length less than or equal to {MAX_KEY_CHARS}"
            )),
            Some(_) => {}
        }
        match value {
            None => errors.push(format!(
                "Value null at 'tags.{n}.member.value' failed to satisfy constraint: Member must not be null"
            )),
            Some(v) if v.chars().count() > MAX_VALUE_CHARS => errors.push(format!(
                "Value '{v}' at 'tags.{n}.member.value' failed to satisfy constraint: Member must have length less than or equal to {MAX_VALUE_CHARS}"
            )),
            Some(_) => {}
        }
        if let (Some(k), Some(v)) = (key, value) {
            out.push((k.to_owned(), v.to_owned()));
        }
    }
    if errors.is_empty() {
        return Ok(out);
    }
    errors.truncate(10);
    let s = if errors.len() == 1 { "" } else { "s" };
    Err(DynamoError::validation(format!(
        "{} validation error{s} detected: {}",
        errors.len(),
        errors.join("; ")
    )))
}

/// `current` with `added` applied: a key already present keeps its place and takes the new
/// value, new keys follow in request order.
pub fn merge(current: &[(String, String)], added: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = current.to_vec();
    for (k, v) in added {
        match out.iter_mut().find(|(ok, _)| ok == k) {
            Some(slot) => slot.1 = v.clone(),
            None => out.push((k.clone(), v.clone())),
        }
    }
    out
}

/// A copy of `t` with `tags`.
pub fn with_tags(t: &Table, tags: Vec<(String, String)>) -> Table {
    Table { tags, ..t.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arn_shapes() {
        assert!(arn_shaped("a:b:c:d:e:f/g"));
        assert!(!arn_shaped("a:b:c:d:e:f"));
        assert!(!arn_shaped("a:b:c:d:e/f"));
        assert!(!arn_shaped("abcd"));
        assert!(!arn_shaped(""));
    }

    #[test]
    fn table_arns() {
        let a = parse_table_arn("arn:aws:dynamodb:us-east-1:000000000000:table/abc").unwrap();
        assert_eq!(
            (a.region, a.account, a.table),
            ("us-east-1", "000000000000", "abc")
        );
        for bad in [
            "a:b:c:d:e:f/g",
            "arn:aws:dynamodb:us-east-1:000000000000:table/ab",
            "arn:aws:dynamodb:us-east-1:0000x:table/abc",
            "arn:aws:dynamodb:us-east-1:000000000000:table/abc/index/i",
            "arn:aws:s3:us-east-1:000000000000:table/abc",
        ] {
            assert_eq!(
                parse_table_arn(bad).unwrap_err().message,
                messages::invalid_resource_arn(bad)
            );
        }
    }

    #[test]
    fn tag_constraints() {
        let long = "k".repeat(129);
        let e =
            check_tags(&[json!({"Key": long, "Value": "v"}), json!({"Value": "v"})]).unwrap_err();
        assert!(e.message.starts_with("2 validation errors detected: "));
        assert!(e.message.contains("at 'tags.2.member.key'"));
        assert_eq!(
            check_tags(&[json!({"Key": "k", "Value": ""})]).unwrap(),
            vec![("k".to_owned(), String::new())]
        );
    }

    #[test]
    fn merge_replaces_in_place() {
        let cur = vec![("a".into(), "1".into()), ("b".into(), "2".into())];
        let out = merge(&cur, &[("a".into(), "3".into()), ("c".into(), "4".into())]);
        assert_eq!(
            out,
            [("a", "3"), ("b", "2"), ("c", "4")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .to_vec()
        );
    }
}
