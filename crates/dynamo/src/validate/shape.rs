//! The shape language: what an operation's input looks like and which constraints its
//! members carry, as static data.
//!
//! A [`Structure`] lists its [`Member`]s in the order DynamoDB reports their constraint
//! failures (dynalite's `validations/<op>.js` key order, which its tests recorded from
//! DynamoDB; members dynalite does not know follow in botocore's order). Within one
//! member the constraints are checked in a fixed order: presence, pattern, minimum and
//! maximum length, minimum and maximum value, enumeration, map keys, map values, then the
//! member's own members.

/// The one regular expression DynamoDB's shapes use for names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// `[a-zA-Z0-9_.-]+`: table and index names.
    Name,
}

impl Pattern {
    /// The pattern as DynamoDB prints it.
    pub fn text(self) -> &'static str {
        match self {
            Pattern::Name => "[a-zA-Z0-9_.-]+",
        }
    }

    /// Whether all of `s` matches (and `s` is not empty).
    pub fn matches(self, s: &str) -> bool {
        match self {
            Pattern::Name => {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
            }
        }
    }
}

/// Constraints of a string member.
#[derive(Clone, Copy, Debug)]
pub struct Str {
    /// The pattern the whole string must match.
    pub pattern: Option<Pattern>,
    /// Fewest characters (UTF-16 units, as Java counts).
    pub min: Option<usize>,
    /// Most characters.
    pub max: Option<usize>,
    /// The allowed values, in DynamoDB's order (empty: any).
    pub one_of: &'static [&'static str],
}

impl Str {
    /// A string without constraints.
    pub const ANY: Str = Str {
        pattern: None,
        min: None,
        max: None,
        one_of: &[],
    };

    /// A table or index name: the name pattern, 3 to 255 characters.
    pub const NAME: Str = Str {
        pattern: Some(Pattern::Name),
        min: Some(3),
        max: Some(255),
        one_of: &[],
    };

    /// A string of `min..=max` characters.
    pub const fn length(min: usize, max: usize) -> Str {
        Str {
            pattern: None,
            min: Some(min),
            max: Some(max),
            one_of: &[],
        }
    }

    /// One of `values` (listed in DynamoDB's order).
    pub const fn one_of(values: &'static [&'static str]) -> Str {
        Str {
            pattern: None,
            min: None,
            max: None,
            one_of: values,
        }
    }
}

/// Bounds of a number member.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    /// Least allowed value.
    pub min: Option<i64>,
    /// Greatest allowed value.
    pub max: Option<i64>,
}

impl Range {
    /// Any value.
    pub const ANY: Range = Range {
        min: None,
        max: None,
    };

    /// At least `min`.
    pub const fn at_least(min: i64) -> Range {
        Range {
            min: Some(min),
            max: None,
        }
    }

    /// From `min` to `max`, both included.
    pub const fn between(min: i64, max: i64) -> Range {
        Range {
            min: Some(min),
            max: Some(max),
        }
    }
}

/// A list member: its element shape and length bounds.
#[derive(Debug)]
pub struct List {
    /// The shape of each element.
    pub member: Shape,
    /// Fewest elements.
    pub min: Option<usize>,
    /// Most elements.
    pub max: Option<usize>,
}

/// A map member (string keys): its value shape and constraints.
#[derive(Debug)]
pub struct Map {
    /// The shape of each value.
    pub value: Shape,
    /// Fewest entries.
    pub min: Option<usize>,
    /// Every key must be a table name (`BatchGetItem`/`BatchWriteItem` `RequestItems`).
    pub table_name_keys: bool,
    /// Bounds on the length of each value (a list), reported once per offending entry
    /// against the whole map (`BatchWriteItem`: 1 to 25 requests per table).
    pub value_length: Option<(usize, usize)>,
}

/// A structure: its Java class name (for messages) and members.
#[derive(Debug)]
pub struct Structure {
    /// The class name DynamoDB's model uses, e.g. `KeySchemaElement`.
    pub name: &'static str,
    /// The members, in DynamoDB's reporting order.
    pub members: &'static [Member],
}

/// Whether a member must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// May be absent.
    Optional,
    /// Absent (or null) is a constraint failure, "Member must not be null".
    NotNull,
    /// Absent (or null) fails the whole request at once with "The parameter 'X' is
    /// required but was not present in the request", before any other constraint.
    Required,
}

/// One member of a structure.
#[derive(Debug)]
pub struct Member {
    /// The name on the wire (`TableName`); paths use it with a lower-case first letter.
    pub name: &'static str,
    /// Its shape.
    pub shape: Shape,
    /// Whether it must be present.
    pub presence: Presence,
}

impl Member {
    /// A member that may be absent.
    pub const fn optional(name: &'static str, shape: Shape) -> Member {
        Member {
            name,
            shape,
            presence: Presence::Optional,
        }
    }

    /// A member whose absence is a "must not be null" failure.
    pub const fn not_null(name: &'static str, shape: Shape) -> Member {
        Member {
            name,
            shape,
            presence: Presence::NotNull,
        }
    }

    /// A member whose absence fails the request before any constraint.
    pub const fn required(name: &'static str, shape: Shape) -> Member {
        Member {
            name,
            shape,
            presence: Presence::Required,
        }
    }
}

/// The shape of a value.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A JSON string.
    String(Str),
    /// A table name or table ARN (botocore's `TableArn`, 1 to 1024 characters): an ARN
    /// (`arn:` prefix) is only length-checked here; a name must match the name pattern
    /// and be 3 to 255 characters. An empty string is only "length greater than or equal
    /// to 1" (nubo `putItem.test.ts`); dynalite's tests, recorded before DynamoDB accepted
    /// ARNs, expect the pattern and length-3 failures instead, and for the control-plane
    /// operations a one-line "TableName must be at least 3 characters long and at most
    /// 255 characters long", which DynamoDB no longer answers (nubo `createTable.test.ts`:
    /// `'ab'` is a "length greater than or equal to 3" failure).
    TableName,
    /// A JSON number read as a Java `Integer` (a fraction is dropped).
    Integer(Range),
    /// A JSON number read as a Java `Long` (a fraction is dropped).
    Long(Range),
    /// A JSON boolean; the strings `true`/`false`/`yes`/`no`/`1`/`0` (any case) are
    /// accepted too.
    Boolean,
    /// A JSON array.
    List(&'static List),
    /// A JSON object with free keys.
    Map(&'static Map),
    /// A JSON object with declared members; others are ignored.
    Structure(&'static Structure),
    /// One attribute value (`{"S": "x"}`), checked by [`crate::types::json`].
    AttributeValue,
    /// A map of attribute name to attribute value (an item or key).
    AttributeMap,
}

impl Shape {
    /// The Java type DynamoDB's deserializer names for this shape inside a generic type,
    /// e.g. `java.lang.String` or `java.util.List<com.amazonaws.dynamodb.v20120810.X>`.
    pub fn java_type(&self) -> String {
        use super::messages::MODEL_PACKAGE;
        match self {
            Shape::String(_) | Shape::TableName => "java.lang.String".to_owned(),
            Shape::Integer(_) => "java.lang.Integer".to_owned(),
            Shape::Long(_) => "java.lang.Long".to_owned(),
            Shape::Boolean => "java.lang.Boolean".to_owned(),
            Shape::List(list) => format!("java.util.List<{}>", list.member.java_type()),
            Shape::Map(map) => {
                format!("java.util.Map<java.lang.String, {}>", map.value.java_type())
            }
            Shape::Structure(s) => format!("{MODEL_PACKAGE}{}", s.name),
            Shape::AttributeValue => format!("{MODEL_PACKAGE}AttributeValue"),
            Shape::AttributeMap => {
                format!("java.util.Map<java.lang.String, {MODEL_PACKAGE}AttributeValue>")
            }
        }
    }
}

/// An operation's input shape.
#[derive(Debug)]
pub struct Operation {
    /// The operation name, as in `X-Amz-Target`.
    pub name: &'static str,
    /// The request structure.
    pub input: &'static Structure,
    /// Checks DynamoDB makes after the declared constraints hold and before the
    /// operation's own checks, in the newer style some operations have moved to (see
    /// [`super::messages::constraint_failure_without_value`]): the message of the
    /// `ValidationException`, if one fails.
    pub after: Option<AfterCheck>,
}

/// A check run after the constraint pass: the request in, the message of the
/// `ValidationException` out if it fails.
pub type AfterCheck = fn(&serde_json::Map<String, serde_json::Value>) -> Option<String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_pattern() {
        assert!(Pattern::Name.matches("a-b_c.9"));
        assert!(!Pattern::Name.matches(""));
        assert!(!Pattern::Name.matches("abc;"));
        assert!(!Pattern::Name.matches("é"));
    }
}
