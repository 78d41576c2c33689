use super::*;
use rand::{Rng, SeedableRng};
use serde_json::json;

fn value(json: Value) -> Result<AttributeValue, DecodeError> {
    decode_attribute_value(&json)
}

/// The message of decoding `{"a": json}` as an item.
fn item_error(json: Value) -> String {
    decode_item(&serde_json::json!({ "a": json }))
        .unwrap_err()
        .message()
}

fn num(text: &str) -> Number {
    Number::parse(text).unwrap()
}

#[test]
fn decodes_every_type() {
    assert_eq!(value(json!({"S": "x"})), Ok(AttributeValue::S("x".into())));
    assert_eq!(
        value(json!({"S": ""})),
        Ok(AttributeValue::S(String::new()))
    );
    assert_eq!(
        value(json!({"N": "1.50"})),
        Ok(AttributeValue::N(num("1.5")))
    );
    assert_eq!(
        value(json!({"B": "Yg=="})),
        Ok(AttributeValue::B(b"b".to_vec()))
    );
    assert_eq!(value(json!({"B": ""})), Ok(AttributeValue::B(vec![])));
    assert_eq!(
        value(json!({"BOOL": false})),
        Ok(AttributeValue::BOOL(false))
    );
    assert_eq!(value(json!({"NULL": true})), Ok(AttributeValue::NULL));
    assert_eq!(
        value(json!({"SS": ["b", "a"]})),
        Ok(AttributeValue::SS(["a".to_owned(), "b".to_owned()].into()))
    );
    assert_eq!(
        value(json!({"NS": ["2", "1"]})),
        Ok(AttributeValue::NS([num("1"), num("2")].into()))
    );
    assert_eq!(
        value(json!({"BS": ["Yg==", "YQ=="]})),
        Ok(AttributeValue::BS([b"a".to_vec(), b"b".to_vec()].into()))
    );
    assert_eq!(
        value(json!({"L": [{"S": "x"}, {"N": "1"}]})),
        Ok(AttributeValue::L(vec![
            AttributeValue::S("x".into()),
            AttributeValue::N(num("1"))
        ]))
    );
    let m = value(json!({"M": {"z": {"NULL": true}, "a": {"M": {}}}})).unwrap();
    let expected: Item = [
        ("a".to_owned(), AttributeValue::M(BTreeMap::new())),
        ("z".to_owned(), AttributeValue::NULL),
    ]
    .into();
    assert_eq!(m, AttributeValue::M(expected));
}

#[test]
fn boolean_spellings() {
    for (text, expected) in [("true", true), ("TRUE", true), ("1", true), ("Yes", true)] {
        assert_eq!(
            value(json!({ "BOOL": text })),
            Ok(AttributeValue::BOOL(expected))
        );
    }
    for text in ["false", "False", "0", "no", "NO"] {
        assert_eq!(
            value(json!({ "BOOL": text })),
            Ok(AttributeValue::BOOL(false))
        );
    }
    assert_eq!(value(json!({"NULL": "yes"})), Ok(AttributeValue::NULL));
    assert_eq!(
        value(json!({"BOOL": "maybe"})).unwrap_err().message(),
        "Unexpected token received from parser"
    );
}

// dynalite test/putItem.js "unsupported datatype" and "invalid values" cases.
#[test]
fn validation_messages() {
    let empty =
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    for bad in [
        json!({}),
        json!({"a": ""}),
        json!({"M": {"a": {}}}),
        json!({"L": [{}]}),
        json!({"L": [{"a": {}}]}),
        json!({"S": null}),
        json!(null),
        json!({"L": [null]}),
        json!({"M": {"a": null}}),
    ] {
        assert_eq!(item_error(bad.clone()), empty, "{bad}");
    }
    let cases = [
        (json!({"NULL": "no"}), "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        (json!({"NULL": false}), "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        (json!({"SS": []}), "One or more parameter values were invalid: An string set  may not be empty"),
        (json!({"NS": []}), "One or more parameter values were invalid: An number set  may not be empty"),
        (json!({"BS": []}), "One or more parameter values were invalid: Binary sets should not be empty"),
        (json!({"SS": ["a", "a"]}), "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
        (json!({"BS": ["Yg==", "Yg=="]}), "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."),
        (json!({"S": "", "N": ""}), "The parameter cannot be converted to a numeric value"),
        (json!({"S": "a", "N": ""}), "The parameter cannot be converted to a numeric value"),
        (json!({"S": "a", "N": "b"}), "The parameter cannot be converted to a numeric value: b"),
        (json!({"NS": ["1", ""]}), "The parameter cannot be converted to a numeric value"),
        (json!({"NS": ["1", "b"]}), "The parameter cannot be converted to a numeric value: b"),
        (json!({"NS": ["1", null]}), "The parameter cannot be converted to a numeric value"),
        (json!({"NS": ["1", "1"]}), "Input collection contains duplicates"),
        (json!({"NS": ["1", "2", "2.0"]}), "Input collection contains duplicates"),
        (json!({"N": "123456789012345678901234567890123456789"}), "Attempting to store more than 38 significant digits in a Number"),
        (json!({"N": "-1.23456789012345678901234567890123456789"}), "Attempting to store more than 38 significant digits in a Number"),
        (json!({"N": "1e126"}), "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        (json!({"N": "-1e126"}), "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        (json!({"N": "1e-131"}), "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        (json!({"N": "-1e-131"}), "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        (json!({"S": "a", "N": "1"}), "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"),
        (json!({"M": {"x": {"SS": []}}}), "One or more parameter values were invalid: An string set  may not be empty"),
        (json!({"L": [{"NULL": false}]}), "One or more parameter values were invalid: Null attribute value types must have the value of true"),
    ];
    for (bad, message) in cases {
        let error = decode_item(&json!({ "a": bad.clone() })).unwrap_err();
        assert_eq!(error.message(), message, "{bad}");
        assert_eq!(error.exception_name(), "ValidationException", "{bad}");
    }
}

// dynalite test/helpers.js assertType, against DynamoDB.
#[test]
fn serialization_messages() {
    let cases = [
        (json!({"a": "23"}), "Unexpected value type in payload"),
        (json!({"a": true}), "Unexpected value type in payload"),
        (json!({"a": 34.56}), "Unexpected value type in payload"),
        (json!({"a": []}), "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"),
        (json!({"a": {"S": true}}), "TRUE_VALUE cannot be converted to String"),
        (json!({"a": {"S": false}}), "FALSE_VALUE cannot be converted to String"),
        (json!({"a": {"N": 23}}), "NUMBER_VALUE cannot be converted to String"),
        (json!({"a": {"N": -2147483648i64}}), "NUMBER_VALUE cannot be converted to String"),
        (json!({"a": {"N": 34.56}}), "DECIMAL_VALUE cannot be converted to String"),
        (json!({"a": {"S": []}}), "Unrecognized collection type class java.lang.String"),
        (json!({"a": {"S": {}}}), "Start of structure or map found where not expected"),
        (json!({"a": {"BOOL": 23}}), "NUMBER_VALUE cannot be converted to Boolean"),
        (json!({"a": {"NULL": 34.56}}), "DECIMAL_VALUE cannot be converted to Boolean"),
        (json!({"a": {"BOOL": "23"}}), "Unexpected token received from parser"),
        (json!({"a": {"BOOL": []}}), "Unrecognized collection type class java.lang.Boolean"),
        (json!({"a": {"BOOL": {}}}), "Start of structure or map found where not expected"),
        (json!({"a": {"B": true}}), "only base-64-encoded strings are convertible to bytes"),
        (json!({"a": {"B": 23}}), "only base-64-encoded strings are convertible to bytes"),
        (json!({"a": {"B": []}}), "Unrecognized collection type class java.nio.ByteBuffer"),
        (json!({"a": {"B": {}}}), "Start of structure or map found where not expected"),
        (json!({"a": {"B": "23456"}}), "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        (json!({"a": {"B": "=+/="}}), "Invalid last non-pad Base64 character dectected"),
        (json!({"a": {"B": "+/+="}}), "Invalid last non-pad Base64 character dectected"),
        (json!({"a": {"SS": "23"}}), "Unexpected field type"),
        (json!({"a": {"NS": 23}}), "Unexpected field type"),
        (json!({"a": {"L": true}}), "Unexpected field type"),
        (json!({"a": {"BS": {}}}), "Start of structure or map found where not expected"),
        (json!({"a": {"SS": [23]}}), "NUMBER_VALUE cannot be converted to String"),
        (json!({"a": {"BS": [true]}}), "only base-64-encoded strings are convertible to bytes"),
        (json!({"a": {"BS": ["23456"]}}), "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        (json!({"a": {"L": ["23"]}}), "Unexpected value type in payload"),
        (json!({"a": {"L": [[]]}}), "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"),
        (json!({"a": {"M": "23"}}), "Unexpected field type"),
        (json!({"a": {"M": []}}), "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"),
        (json!({"a": {"M": {"a": 23}}}), "Unexpected value type in payload"),
        (json!({"a": {"M": {"a": {"BS": [5]}}}}), "only base-64-encoded strings are convertible to bytes"),
        (json!({"a": {"L": [{"BS": [5]}]}}), "only base-64-encoded strings are convertible to bytes"),
        (json!("23"), "Unexpected field type"),
        (json!([]), "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"),
    ];
    for (bad, message) in cases {
        let error = decode_item(&bad).unwrap_err();
        assert_eq!(error.message(), message, "{bad}");
        assert_eq!(error.exception_name(), "SerializationException", "{bad}");
    }
}

#[test]
fn serialization_errors_win_over_earlier_validation_errors() {
    let item = json!({"a": {"SS": []}, "b": {"N": 5}});
    assert_eq!(
        decode_item(&item).unwrap_err().message(),
        "NUMBER_VALUE cannot be converted to String"
    );
    // Within one value too: the bad number comes first, the bad shape deeper.
    let v = json!({"N": "x", "L": [{"S": 1}]});
    assert!(matches!(value(v), Err(DecodeError::Serialization(_))));
    // Unknown keys are not shape-checked.
    assert_eq!(
        value(json!({"X": 5, "S": "a"})),
        Ok(AttributeValue::S("a".into()))
    );
}

#[test]
fn first_error_in_document_order() {
    let item = json!({"b": {"NS": []}, "a": {"SS": []}});
    assert_eq!(
        decode_item(&item).unwrap_err().message(),
        "One or more parameter values were invalid: An number set  may not be empty"
    );
    // Each type is validated before "more than one datatypes".
    let v = json!({"S": "a", "NULL": false});
    assert_eq!(value(v), Err(ValidationError::NullNotTrue.into()));
}

fn deep_map(levels: usize) -> Value {
    let mut v = json!({"S": "leaf"});
    for _ in 0..levels {
        v = json!({ "M": { "n": v } });
    }
    v
}

// Captured against DynamoDB (eu-west-2): 31 wraps accepted, 32 rejected.
#[test]
fn nesting_limit() {
    assert!(value(deep_map(31)).is_ok());
    assert_eq!(
        value(deep_map(32)),
        Err(ValidationError::NestingTooDeep.into())
    );
    assert!(decode_item(&json!({ "d": deep_map(31) })).is_ok());
    assert_eq!(
        decode_item(&json!({ "d": deep_map(32) })).unwrap_err().message(),
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
    );
    let mut list = json!({"NS": ["1"]});
    for _ in 0..31 {
        list = json!({ "L": [list] });
    }
    assert!(value(list.clone()).is_ok());
    assert!(value(json!({ "L": [list] })).is_err());
    // Far deeper than serde_json would parse: no stack overflow, still an error.
    assert_eq!(
        value(deep_map(300)),
        Err(ValidationError::NestingTooDeep.into())
    );
}

#[test]
fn encodes_normalised() {
    let decoded = decode_item(&json!({
        "n": {"N": "001.500"},
        "b": {"B": "+/+/"},
        "ns": {"NS": ["10", "-1", "1e2"]},
        "m": {"M": {"z": {"S": "1"}, "a": {"BOOL": "yes"}}},
        "nul": {"NULL": true},
    }))
    .unwrap();
    let encoded = encode_item(&decoded);
    assert_eq!(
        serde_json::to_string(&encoded).unwrap(),
        r#"{"b":{"B":"+/+/"},"m":{"M":{"a":{"BOOL":true},"z":{"S":"1"}}},"n":{"N":"1.5"},"ns":{"NS":["-1","10","100"]},"nul":{"NULL":true}}"#
    );
    assert_eq!(decode_item(&encoded), Ok(decoded));
    assert_eq!(decode_item(&Value::Null), Ok(Item::new()));
}

/// A random JSON value that looks more or less like an attribute value.
fn random_json(rng: &mut impl Rng, depth: usize) -> Value {
    let keys = [
        "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "x",
    ];
    let scalar = |rng: &mut dyn rand::RngCore| -> Value {
        match rng.gen_range(0..10) {
            0 => Value::Null,
            1 => json!(rng.gen::<bool>()),
            2 => json!(rng.gen_range(-5i64..5)),
            3 => json!(0.5),
            4 => json!(["1", "2", "1.0", "Yg==", "a"][rng.gen_range(0..5)]),
            5 => json!(["", "=+/=", "YQ==", "Zm9v", "abc"][rng.gen_range(0..5)]),
            6 => json!(
                [
                    "1e126",
                    "1e-131",
                    "-0",
                    "x",
                    "12345678901234567890123456789012345678901"
                ][rng.gen_range(0..5)]
            ),
            7 => json!(["true", "no", "maybe"][rng.gen_range(0..3)]),
            8 => json!([]),
            _ => json!({}),
        }
    };
    if depth > 5 || rng.gen_bool(0.2) {
        return scalar(rng);
    }
    let mut object = Map::new();
    for _ in 0..rng.gen_range(0..3) {
        let key = keys[rng.gen_range(0..keys.len())];
        let member = match key {
            "M" => Value::Object(
                (0..rng.gen_range(0..3))
                    .map(|i| (format!("k{i}"), random_json(rng, depth + 1)))
                    .collect(),
            ),
            "L" => (0..rng.gen_range(0..3))
                .map(|_| random_json(rng, depth + 1))
                .collect(),
            "SS" | "NS" | "BS" => (0..rng.gen_range(0..4)).map(|_| scalar(rng)).collect(),
            _ => scalar(rng),
        };
        object.insert(key.to_owned(), member);
    }
    Value::Object(object)
}

#[test]
fn random_json_never_panics_and_valid_values_round_trip() {
    let mut rng = rand::rngs::SmallRng::seed_from_u64(42);
    let (mut ok, mut errors) = (0, 0);
    for _ in 0..20_000 {
        let json = random_json(&mut rng, 0);
        match decode_attribute_value(&json) {
            Ok(decoded) => {
                ok += 1;
                let encoded = encode_attribute_value(&decoded);
                assert_eq!(
                    decode_attribute_value(&encoded).as_ref(),
                    Ok(&decoded),
                    "{json}"
                );
                assert_eq!(
                    encode_attribute_value(&decode_attribute_value(&encoded).unwrap()),
                    encoded
                );
                let _ = decoded.size();
            }
            Err(error) => {
                errors += 1;
                assert!(!error.message().is_empty());
            }
        }
        let _ = decode_item(&json);
    }
    assert!(ok > 1000 && errors > 1000, "ok {ok}, errors {errors}");
}

#[test]
fn attribute_map_errors_name_the_attribute() {
    let eav = json!({":a": {"S": "x"}, ":b": {"NS": ["1", "1"]}});
    let (key, error) = decode_attribute_map(&eav).unwrap_err();
    assert_eq!(key.as_deref(), Some(":b"));
    assert_eq!(
        crate::types::messages::invalid_expression_attribute_value(":b", &error.message()),
        "ExpressionAttributeValues contains invalid value: Input collection contains duplicates for key :b"
    );
    let (key, error) = decode_attribute_map(&json!({":a": {"S": 1}})).unwrap_err();
    assert_eq!(key.as_deref(), Some(":a"));
    assert_eq!(error.exception_name(), "SerializationException");
    let (key, _) = decode_attribute_map(&json!([])).unwrap_err();
    assert_eq!(key, None);
    assert_eq!(decode_attribute_map(&json!({})), Ok(Item::new()));
}
