//! Shapes several operations share: the `Return*` enumerations, expression maps, the
//! legacy condition structures, key schemas, projections and throughput.
//!
//! Enumeration values are listed in the order DynamoDB prints them in "Member must
//! satisfy enum value set" (dynalite's tests), which is not botocore's order.

use crate::validate::shape::{List, Map, Member, Range, Shape, Str, Structure};

/// `ReturnConsumedCapacity`.
pub const RETURN_CONSUMED_CAPACITY: Shape =
    Shape::String(Str::one_of(&["INDEXES", "TOTAL", "NONE"]));

/// `ReturnItemCollectionMetrics`.
pub const RETURN_ITEM_COLLECTION_METRICS: Shape = Shape::String(Str::one_of(&["SIZE", "NONE"]));

/// `ReturnValues`.
pub const RETURN_VALUES: Shape = Shape::String(Str::one_of(&[
    "ALL_NEW",
    "UPDATED_OLD",
    "ALL_OLD",
    "NONE",
    "UPDATED_NEW",
]));

/// `ReturnValuesOnConditionCheckFailure` (botocore's order; no recorded message).
pub const RETURN_VALUES_ON_CONDITION_CHECK_FAILURE: Shape =
    Shape::String(Str::one_of(&["ALL_OLD", "NONE"]));

/// `ConditionalOperator`.
pub const CONDITIONAL_OPERATOR: Shape = Shape::String(Str::one_of(&["OR", "AND"]));

/// `Select`.
pub const SELECT: Shape = Shape::String(Str::one_of(&[
    "SPECIFIC_ATTRIBUTES",
    "COUNT",
    "ALL_ATTRIBUTES",
    "ALL_PROJECTED_ATTRIBUTES",
]));

/// The values of `ComparisonOperator`.
const COMPARISON_OPERATORS: &[&str] = &[
    "IN",
    "NULL",
    "BETWEEN",
    "LT",
    "NOT_CONTAINS",
    "EQ",
    "GT",
    "NOT_NULL",
    "NE",
    "LE",
    "BEGINS_WITH",
    "GE",
    "CONTAINS",
];

/// A free string (expressions, attribute names).
pub const STRING: Shape = Shape::String(Str::ANY);

/// A table or index name (`IndexName`, `ExclusiveStartTableName`).
pub const NAME: Shape = Shape::String(Str::NAME);

/// `ExpressionAttributeNames`: placeholder → attribute name.
pub const EXPRESSION_ATTRIBUTE_NAMES: Shape = Shape::Map(&Map {
    value: STRING,
    min: None,
    table_name_keys: false,
    value_length: None,
});

/// `AttributesToGet`: 1 to 255 names (dynalite's recorded maximum; botocore declares none).
pub const ATTRIBUTES_TO_GET: Shape = Shape::List(&List {
    member: STRING,
    min: Some(1),
    max: Some(255),
});

/// `AttributeValueList` of the legacy conditions.
const ATTRIBUTE_VALUE_LIST: Shape = Shape::List(&List {
    member: Shape::AttributeValue,
    min: None,
    max: None,
});

/// `ExpectedAttributeValue`, the value of `Expected`: here `ComparisonOperator` may be
/// absent (it is checked against `Exists` by the operation).
const EXPECTED_ATTRIBUTE_VALUE: Structure = Structure {
    name: "ExpectedAttributeValue",
    members: &[
        Member::optional("AttributeValueList", ATTRIBUTE_VALUE_LIST),
        Member::optional(
            "ComparisonOperator",
            Shape::String(Str::one_of(COMPARISON_OPERATORS)),
        ),
        Member::optional("Exists", Shape::Boolean),
        Member::optional("Value", Shape::AttributeValue),
    ],
};

/// `Expected`: attribute name → expected value.
pub const EXPECTED: Shape = Shape::Map(&Map {
    value: Shape::Structure(&EXPECTED_ATTRIBUTE_VALUE),
    min: None,
    table_name_keys: false,
    value_length: None,
});

/// `Condition`, the value of `KeyConditions`, `QueryFilter` and `ScanFilter`.
const CONDITION: Structure = Structure {
    name: "Condition",
    members: &[
        Member::optional("AttributeValueList", ATTRIBUTE_VALUE_LIST),
        Member::not_null(
            "ComparisonOperator",
            Shape::String(Str::one_of(COMPARISON_OPERATORS)),
        ),
    ],
};

/// `KeyConditions`, `QueryFilter`, `ScanFilter`: attribute name → condition.
pub const CONDITIONS: Shape = Shape::Map(&Map {
    value: Shape::Structure(&CONDITION),
    min: None,
    table_name_keys: false,
    value_length: None,
});

/// `ExpressionAttributeValues`, `Item`, `Key`, `ExclusiveStartKey`.
pub const ATTRIBUTE_MAP: Shape = Shape::AttributeMap;

/// `KeySchemaElement` of a table: `KeyType` is an enumeration.
const TABLE_KEY_SCHEMA_ELEMENT: Structure = Structure {
    name: "KeySchemaElement",
    members: &[
        Member::not_null("AttributeName", STRING),
        Member::not_null("KeyType", Shape::String(Str::one_of(&["HASH", "RANGE"]))),
    ],
};

/// `KeySchemaElement` of an index: dynalite's recorded shapes leave `KeyType` free here
/// (a bad one is caught by the operation's key-schema checks).
const INDEX_KEY_SCHEMA_ELEMENT: Structure = Structure {
    name: "KeySchemaElement",
    members: &[
        Member::not_null("AttributeName", STRING),
        Member::not_null("KeyType", STRING),
    ],
};

/// A table's `KeySchema`: 1 or 2 elements.
pub const TABLE_KEY_SCHEMA: Shape = Shape::List(&List {
    member: Shape::Structure(&TABLE_KEY_SCHEMA_ELEMENT),
    min: Some(1),
    max: Some(2),
});

/// An index's `KeySchema`: 1 or 2 elements.
pub const INDEX_KEY_SCHEMA: Shape = Shape::List(&List {
    member: Shape::Structure(&INDEX_KEY_SCHEMA_ELEMENT),
    min: Some(1),
    max: Some(2),
});

/// `AttributeDefinition`.
const ATTRIBUTE_DEFINITION: Structure = Structure {
    name: "AttributeDefinition",
    members: &[
        Member::not_null("AttributeName", STRING),
        Member::not_null(
            "AttributeType",
            Shape::String(Str::one_of(&["B", "N", "S"])),
        ),
    ],
};

/// `AttributeDefinitions`.
pub const ATTRIBUTE_DEFINITIONS: Shape = Shape::List(&List {
    member: Shape::Structure(&ATTRIBUTE_DEFINITION),
    min: None,
    max: None,
});

/// `Projection` of an index.
const PROJECTION_STRUCTURE: Structure = Structure {
    name: "Projection",
    members: &[
        Member::optional(
            "ProjectionType",
            Shape::String(Str::one_of(&["ALL", "INCLUDE", "KEYS_ONLY"])),
        ),
        Member::optional(
            "NonKeyAttributes",
            Shape::List(&List {
                member: STRING,
                min: Some(1),
                max: None,
            }),
        ),
    ],
};

/// `Projection`.
pub const PROJECTION: Shape = Shape::Structure(&PROJECTION_STRUCTURE);

/// `ProvisionedThroughput`: both members at least 1 (the upper bound is the operation's
/// "Given value ... is out of bounds").
const PROVISIONED_THROUGHPUT_STRUCTURE: Structure = Structure {
    name: "ProvisionedThroughput",
    members: &[
        Member::not_null("WriteCapacityUnits", Shape::Long(Range::at_least(1))),
        Member::not_null("ReadCapacityUnits", Shape::Long(Range::at_least(1))),
    ],
};

/// `ProvisionedThroughput`.
pub const PROVISIONED_THROUGHPUT: Shape = Shape::Structure(&PROVISIONED_THROUGHPUT_STRUCTURE);

/// `OnDemandThroughput` (botocore; no recorded message).
pub const ON_DEMAND_THROUGHPUT: Shape = Shape::Structure(&Structure {
    name: "OnDemandThroughput",
    members: &[
        Member::optional("MaxReadRequestUnits", Shape::Long(Range::ANY)),
        Member::optional("MaxWriteRequestUnits", Shape::Long(Range::ANY)),
    ],
});

/// `WarmThroughput` (botocore; no recorded message).
pub const WARM_THROUGHPUT: Shape = Shape::Structure(&Structure {
    name: "WarmThroughput",
    members: &[
        Member::optional("ReadUnitsPerSecond", Shape::Long(Range::ANY)),
        Member::optional("WriteUnitsPerSecond", Shape::Long(Range::ANY)),
    ],
});

/// `BillingMode`.
pub const BILLING_MODE: Shape = Shape::String(Str::one_of(&["PROVISIONED", "PAY_PER_REQUEST"]));

/// `Tag`: both members are free here; `TagResource` checks them itself (dynalite
/// `validations/tagResource.js` declares no constraints).
const TAG: Structure = Structure {
    name: "Tag",
    members: &[
        Member::optional("Key", STRING),
        Member::optional("Value", STRING),
    ],
};

/// `Tags`.
pub const TAGS: Shape = Shape::List(&List {
    member: Shape::Structure(&TAG),
    min: None,
    max: None,
});
