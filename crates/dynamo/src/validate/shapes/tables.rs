//! Table operations: `CreateTable`, `UpdateTable`, `DeleteTable`, `DescribeTable`,
//! `ListTables`, `DescribeTimeToLive`, `UpdateTimeToLive`.
//!
//! Member order and constraints: dynalite `validations/createTable.js`,
//! `updateTable.js`, `deleteTable.js`, `describeTable.js`, `listTables.js`,
//! `describeTimeToLive.js`; members added to DynamoDB since (streams, encryption, table
//! class, deletion protection, on-demand and warm throughput, resource policy) follow in
//! botocore's order with botocore's constraints. In these control-plane operations an
//! absent `TableName` fails alone with "The parameter 'TableName' is required but was
//! not present in the request".

use super::common::{
    ATTRIBUTE_DEFINITIONS, BILLING_MODE, INDEX_KEY_SCHEMA, NAME, ON_DEMAND_THROUGHPUT, PROJECTION,
    PROVISIONED_THROUGHPUT, STRING, TABLE_KEY_SCHEMA, TAGS, WARM_THROUGHPUT,
};
use crate::validate::shape::{List, Member, Operation, Range, Shape, Str, Structure};

/// `StreamSpecification`.
const STREAM_SPECIFICATION: Shape = Shape::Structure(&Structure {
    name: "StreamSpecification",
    members: &[
        Member::not_null("StreamEnabled", Shape::Boolean),
        Member::optional(
            "StreamViewType",
            Shape::String(Str::one_of(&[
                "NEW_IMAGE",
                "OLD_IMAGE",
                "NEW_AND_OLD_IMAGES",
                "KEYS_ONLY",
            ])),
        ),
    ],
});

/// `SSESpecification`.
const SSE_SPECIFICATION: Shape = Shape::Structure(&Structure {
    name: "SSESpecification",
    members: &[
        Member::optional("Enabled", Shape::Boolean),
        Member::optional("SSEType", Shape::String(Str::one_of(&["AES256", "KMS"]))),
        Member::optional("KMSMasterKeyId", STRING),
    ],
});

/// `TableClass`.
const TABLE_CLASS: Shape = Shape::String(Str::one_of(&["STANDARD", "STANDARD_INFREQUENT_ACCESS"]));

/// `LocalSecondaryIndexes` of `CreateTable`.
const LOCAL_SECONDARY_INDEXES: Shape = Shape::List(&List {
    member: Shape::Structure(&Structure {
        name: "LocalSecondaryIndex",
        members: &[
            Member::not_null("IndexName", NAME),
            Member::not_null("KeySchema", INDEX_KEY_SCHEMA),
            Member::not_null("Projection", PROJECTION),
        ],
    }),
    min: None,
    max: None,
});

/// `GlobalSecondaryIndexes` of `CreateTable`.
const GLOBAL_SECONDARY_INDEXES: Shape = Shape::List(&List {
    member: Shape::Structure(&Structure {
        name: "GlobalSecondaryIndex",
        members: &[
            Member::not_null("IndexName", NAME),
            Member::not_null("KeySchema", INDEX_KEY_SCHEMA),
            Member::not_null("Projection", PROJECTION),
            Member::optional("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
            Member::optional("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
            Member::optional("WarmThroughput", WARM_THROUGHPUT),
        ],
    }),
    min: None,
    max: None,
});

/// `CreateTable`.
pub const CREATE_TABLE: Operation = Operation {
    name: "CreateTable",
    input: &Structure {
        name: "CreateTableInput",
        members: &[
            Member::not_null("AttributeDefinitions", ATTRIBUTE_DEFINITIONS),
            Member::required("TableName", Shape::TableName),
            Member::optional("BillingMode", BILLING_MODE),
            Member::optional("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
            Member::not_null("KeySchema", TABLE_KEY_SCHEMA),
            Member::optional("LocalSecondaryIndexes", LOCAL_SECONDARY_INDEXES),
            Member::optional("GlobalSecondaryIndexes", GLOBAL_SECONDARY_INDEXES),
            Member::optional("StreamSpecification", STREAM_SPECIFICATION),
            Member::optional("SSESpecification", SSE_SPECIFICATION),
            Member::optional("Tags", TAGS),
            Member::optional("TableClass", TABLE_CLASS),
            Member::optional("DeletionProtectionEnabled", Shape::Boolean),
            Member::optional("WarmThroughput", WARM_THROUGHPUT),
            Member::optional("ResourcePolicy", STRING),
            Member::optional("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
        ],
    },
    after: None,
};

/// `GlobalSecondaryIndexUpdates` of `UpdateTable`. `ProvisionedThroughput` of `Update`
/// and `Create` may be absent, as botocore declares: an index of an on-demand table is
/// created without it and updated through `OnDemandThroughput` or `WarmThroughput`.
/// dynalite's `updateTable.js` test "empty Update" recorded it as "must not be null",
/// from before DynamoDB had on-demand tables; requiring it now would refuse valid
/// requests.
const GLOBAL_SECONDARY_INDEX_UPDATES: Shape = Shape::List(&List {
    member: Shape::Structure(&Structure {
        name: "GlobalSecondaryIndexUpdate",
        members: &[
            Member::optional(
                "Update",
                Shape::Structure(&Structure {
                    name: "UpdateGlobalSecondaryIndexAction",
                    members: &[
                        Member::not_null("IndexName", NAME),
                        Member::optional("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                        Member::optional("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                        Member::optional("WarmThroughput", WARM_THROUGHPUT),
                    ],
                }),
            ),
            Member::optional(
                "Create",
                Shape::Structure(&Structure {
                    name: "CreateGlobalSecondaryIndexAction",
                    members: &[
                        Member::not_null("Projection", PROJECTION),
                        Member::not_null("IndexName", NAME),
                        Member::optional("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                        Member::not_null("KeySchema", INDEX_KEY_SCHEMA),
                        Member::optional("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                        Member::optional("WarmThroughput", WARM_THROUGHPUT),
                    ],
                }),
            ),
            Member::optional(
                "Delete",
                Shape::Structure(&Structure {
                    name: "DeleteGlobalSecondaryIndexAction",
                    members: &[Member::not_null("IndexName", NAME)],
                }),
            ),
        ],
    }),
    min: None,
    max: None,
});

/// `UpdateTable`.
pub const UPDATE_TABLE: Operation = Operation {
    name: "UpdateTable",
    input: &Structure {
        name: "UpdateTableInput",
        members: &[
            Member::required("TableName", Shape::TableName),
            Member::optional("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
            Member::optional("BillingMode", BILLING_MODE),
            Member::optional(
                "GlobalSecondaryIndexUpdates",
                GLOBAL_SECONDARY_INDEX_UPDATES,
            ),
            Member::optional("AttributeDefinitions", ATTRIBUTE_DEFINITIONS),
            Member::optional("StreamSpecification", STREAM_SPECIFICATION),
            Member::optional("SSESpecification", SSE_SPECIFICATION),
            Member::optional("TableClass", TABLE_CLASS),
            Member::optional("DeletionProtectionEnabled", Shape::Boolean),
            Member::optional("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
            Member::optional("WarmThroughput", WARM_THROUGHPUT),
        ],
    },
    after: None,
};

/// The input of the operations that take only a required `TableName`.
const TABLE_NAME_ONLY: Structure = Structure {
    name: "TableNameInput",
    members: &[Member::required("TableName", Shape::TableName)],
};

/// `DeleteTable`.
pub const DELETE_TABLE: Operation = Operation {
    name: "DeleteTable",
    input: &TABLE_NAME_ONLY,
    after: None,
};

/// `DescribeTable`.
pub const DESCRIBE_TABLE: Operation = Operation {
    name: "DescribeTable",
    input: &TABLE_NAME_ONLY,
    after: None,
};

/// `DescribeTimeToLive`.
pub const DESCRIBE_TIME_TO_LIVE: Operation = Operation {
    name: "DescribeTimeToLive",
    input: &TABLE_NAME_ONLY,
    after: None,
};

/// `UpdateTimeToLive` (botocore; treated like the other control-plane operations for an
/// absent `TableName`, which no recorded message confirms).
pub const UPDATE_TIME_TO_LIVE: Operation = Operation {
    name: "UpdateTimeToLive",
    input: &Structure {
        name: "UpdateTimeToLiveInput",
        members: &[
            Member::required("TableName", Shape::TableName),
            Member::not_null(
                "TimeToLiveSpecification",
                Shape::Structure(&Structure {
                    name: "TimeToLiveSpecification",
                    members: &[
                        Member::not_null("Enabled", Shape::Boolean),
                        Member::not_null("AttributeName", Shape::String(Str::length(1, 255))),
                    ],
                }),
            ),
        ],
    },
    after: None,
};

/// `ListTables`: `Limit` 1 to 100; `ExclusiveStartTableName` is a plain table name (no
/// ARN). `limit` is reported first (a DynamoDB answer recorded in dynalite's `index.js`).
pub const LIST_TABLES: Operation = Operation {
    name: "ListTables",
    input: &Structure {
        name: "ListTablesInput",
        members: &[
            Member::optional("Limit", Shape::Integer(Range::between(1, 100))),
            Member::optional("ExclusiveStartTableName", NAME),
        ],
    },
    after: None,
};
