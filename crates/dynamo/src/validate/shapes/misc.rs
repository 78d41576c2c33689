//! Tags, account and endpoint information: `TagResource`, `UntagResource`,
//! `ListTagsOfResource`, `DescribeLimits`, `DescribeEndpoints`.
//!
//! The tag operations declare types only (dynalite `validations/tagResource.js`,
//! `untagResource.js`, `listTagsOfResource.js`): DynamoDB checks `ResourceArn` first
//! ("Invalid TableArn", access denied) and only then reports a null `Tags` or `TagKeys`
//! in the constraint form, so those checks belong to the operation.

use super::common::{STRING, TAGS};
use crate::validate::shape::{List, Member, Operation, Shape, Structure};

/// `TagResource`.
pub const TAG_RESOURCE: Operation = Operation {
    name: "TagResource",
    input: &Structure {
        name: "TagResourceInput",
        members: &[
            Member::optional("ResourceArn", STRING),
            Member::optional("Tags", TAGS),
        ],
    },
    after: None,
};

/// `UntagResource`.
pub const UNTAG_RESOURCE: Operation = Operation {
    name: "UntagResource",
    input: &Structure {
        name: "UntagResourceInput",
        members: &[
            Member::optional("ResourceArn", STRING),
            Member::optional(
                "TagKeys",
                Shape::List(&List {
                    member: STRING,
                    min: None,
                    max: None,
                }),
            ),
        ],
    },
    after: None,
};

/// `ListTagsOfResource`.
pub const LIST_TAGS_OF_RESOURCE: Operation = Operation {
    name: "ListTagsOfResource",
    input: &Structure {
        name: "ListTagsOfResourceInput",
        members: &[
            Member::optional("ResourceArn", STRING),
            Member::optional("NextToken", STRING),
        ],
    },
    after: None,
};

/// A request without members.
const EMPTY: Structure = Structure {
    name: "EmptyInput",
    members: &[],
};

/// `DescribeLimits`.
pub const DESCRIBE_LIMITS: Operation = Operation {
    name: "DescribeLimits",
    input: &EMPTY,
    after: None,
};

/// `DescribeEndpoints`.
pub const DESCRIBE_ENDPOINTS: Operation = Operation {
    name: "DescribeEndpoints",
    input: &EMPTY,
    after: None,
};
