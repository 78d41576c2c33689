//! How a value appears in a constraint failure: `Value '<rendering>' at ...`.
//!
//! DynamoDB prints the deserialized Java object with `toString()`: strings bare, numbers
//! in decimal, lists as `[a, b]`, maps as `{k=v, k2=v2}`, and model structures in the
//! form `KeySchemaElement(attributeName=pk, keyType=HASH)` with every declared member,
//! absent ones as `null` (nubo `createTable.test.ts` "more than 2 KeySchema elements",
//! `batchWriteItem.test.ts` "> 25 requests"). The conformance suite notes DynamoDB
//! sometimes prints a structure as `com.amazonaws.dynamodb.v20120810.KeySchemaElement@<hash>`
//! instead; the named form is the one rendered here. Map entries keep the request's order
//! (DynamoDB's own map order is not observable in any recorded message).

use serde_json::Value;

use super::check::lenient_bool;
use super::shape::Shape;
use crate::types::base64;

/// `name` with its first letter in lower case, as DynamoDB writes member names in paths
/// and structure renderings (`TableName` → `tableName`, `SSESpecification` →
/// `sSESpecification`).
pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A JSON number as the Java integer DynamoDB reads it: the fraction dropped, saturated
/// to the `i64` range.
pub fn integer_value(value: &Value) -> Option<i64> {
    let n = match value {
        Value::Number(n) => n,
        _ => return None,
    };
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.as_u64().is_some() {
        return Some(i64::MAX);
    }
    // `as` saturates, and maps NaN (not representable in JSON anyway) to 0.
    n.as_f64().map(|f| f.floor() as i64)
}

/// The rendering of `value`, a type-checked value of `shape`.
pub fn render(value: &Value, shape: &Shape) -> String {
    let mut out = String::new();
    write_value(&mut out, value, shape);
    out
}

fn write_value(out: &mut String, value: &Value, shape: &Shape) {
    if value.is_null() {
        out.push_str("null");
        return;
    }
    match shape {
        Shape::String(_) | Shape::TableName => write_scalar(out, value),
        Shape::Integer(_) | Shape::Long(_) => match integer_value(value) {
            Some(i) => out.push_str(&i.to_string()),
            None => write_scalar(out, value),
        },
        Shape::Boolean => match lenient_bool(value) {
            Some(b) => out.push_str(if b { "true" } else { "false" }),
            None => write_scalar(out, value),
        },
        Shape::List(list) => write_list(out, value, &list.member),
        Shape::Map(map) => write_map(out, value, &map.value),
        Shape::Structure(structure) => {
            out.push_str(structure.name);
            out.push('(');
            for (i, member) in structure.members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&lower_first(member.name));
                out.push('=');
                write_value(
                    out,
                    value.get(member.name).unwrap_or(&Value::Null),
                    &member.shape,
                );
            }
            out.push(')');
        }
        Shape::AttributeValue => write_attribute_value(out, value),
        Shape::AttributeMap => write_map(out, value, &Shape::AttributeValue),
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => out.push_str(s),
        other => out.push_str(&other.to_string()),
    }
}

fn write_list(out: &mut String, value: &Value, member: &Shape) {
    let Value::Array(elements) = value else {
        return write_scalar(out, value);
    };
    out.push('[');
    for (i, element) in elements.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, element, member);
    }
    out.push(']');
}

fn write_map(out: &mut String, value: &Value, member: &Shape) {
    let Value::Object(entries) = value else {
        return write_scalar(out, value);
    };
    out.push('{');
    for (i, (key, entry)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        out.push('=');
        write_value(out, entry, member);
    }
    out.push('}');
}

/// The fields of DynamoDB's `AttributeValue` class in the order it prints them, with the
/// wire key of each.
const ATTRIBUTE_VALUE_FIELDS: [(&str, &str); 10] = [
    ("s", "S"),
    ("n", "N"),
    ("b", "B"),
    ("sS", "SS"),
    ("nS", "NS"),
    ("bS", "BS"),
    ("m", "M"),
    ("l", "L"),
    ("nULL", "NULL"),
    ("bOOL", "BOOL"),
];

/// `AttributeValue(s=a, n=null, ...)`; a binary prints as Java's `ByteBuffer` does.
fn write_attribute_value(out: &mut String, value: &Value) {
    if !value.is_object() {
        return write_scalar(out, value);
    }
    out.push_str("AttributeValue(");
    for (i, (field, key)) in ATTRIBUTE_VALUE_FIELDS.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(field);
        out.push('=');
        let member = value.get(key).unwrap_or(&Value::Null);
        match *key {
            "B" => write_binary(out, member),
            "BS" => match member {
                Value::Array(elements) => {
                    out.push('[');
                    for (j, element) in elements.iter().enumerate() {
                        if j > 0 {
                            out.push_str(", ");
                        }
                        write_binary(out, element);
                    }
                    out.push(']');
                }
                other => write_scalar(out, other),
            },
            "M" => write_map(out, member, &Shape::AttributeValue),
            "L" => write_list(out, member, &Shape::AttributeValue),
            "NULL" | "BOOL" => match lenient_bool(member) {
                Some(b) => out.push_str(if b { "true" } else { "false" }),
                None => write_scalar(out, member),
            },
            _ => write_list_or_scalar(out, member),
        }
    }
    out.push(')');
}

fn write_list_or_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Array(_) => write_list(out, value, &Shape::String(super::shape::Str::ANY)),
        other => write_scalar(out, other),
    }
}

fn write_binary(out: &mut String, value: &Value) {
    match value {
        Value::String(text) => {
            let len = base64::decode(text).map(|b| b.len()).unwrap_or(0);
            out.push_str(&format!(
                "java.nio.HeapByteBuffer[pos=0 lim={len} cap={len}]"
            ));
        }
        other => write_scalar(out, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::shape::{List, Member, Str, Structure};
    use serde_json::json;

    const ELEMENT: Structure = Structure {
        name: "KeySchemaElement",
        members: &[
            Member::not_null("AttributeName", Shape::String(Str::ANY)),
            Member::not_null("KeyType", Shape::String(Str::ANY)),
        ],
    };
    const LIST: Shape = Shape::List(&List {
        member: Shape::Structure(&ELEMENT),
        min: None,
        max: None,
    });

    #[test]
    fn structures_print_every_member() {
        let value = json!([{"AttributeName": "pk", "KeyType": "HASH"}, {"KeyType": "RANGE"}]);
        assert_eq!(
            render(&value, &LIST),
            "[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=null, keyType=RANGE)]"
        );
        assert_eq!(render(&json!([]), &LIST), "[]");
    }

    #[test]
    fn attribute_maps_print_java_style() {
        let value = json!({"pk": {"S": "a"}});
        assert_eq!(
            render(&value, &Shape::AttributeMap),
            "{pk=AttributeValue(s=a, n=null, b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null)}"
        );
        assert_eq!(render(&json!({}), &Shape::AttributeMap), "{}");
    }

    #[test]
    fn numbers_drop_the_fraction() {
        assert_eq!(integer_value(&json!(1.9)), Some(1));
        assert_eq!(integer_value(&json!(-0.5)), Some(-1));
        assert_eq!(
            integer_value(&json!(1000000000001_i64)),
            Some(1000000000001)
        );
        assert_eq!(lower_first("SSESpecification"), "sSESpecification");
    }
}
