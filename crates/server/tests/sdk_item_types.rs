//! PutItem then GetItem of every attribute type through the SDK: S N B BOOL NULL M L SS NS
//! BS, nested, 38-digit numbers, numbers in their canonical output form, empty strings and
//! binaries in non-key attributes.

mod sdk;

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use sdk::{create_table, n, s, SdkServer};

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_round_trips() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "types", false).await;

    let nested = AttributeValue::M(HashMap::from([
        (
            "list".to_owned(),
            AttributeValue::L(vec![
                s("a"),
                n(1),
                AttributeValue::L(vec![
                    AttributeValue::Bool(false),
                    AttributeValue::Null(true),
                ]),
                AttributeValue::M(HashMap::from([(
                    "deep".to_owned(),
                    AttributeValue::Ss(vec!["x".to_owned()]),
                )])),
            ]),
        ),
        ("empty map".to_owned(), AttributeValue::M(HashMap::new())),
        ("empty list".to_owned(), AttributeValue::L(vec![])),
        ("empty string".to_owned(), s("")),
    ]));
    let item: HashMap<String, AttributeValue> = HashMap::from([
        ("pk".to_owned(), s("every type")),
        ("s".to_owned(), s("héllo, wörld ☃ 𝄞")),
        ("empty".to_owned(), s("")),
        ("n".to_owned(), n("-12.5")),
        (
            "n38".to_owned(),
            n("12345678901234567890123456789012345678"),
        ),
        (
            "n38 fraction".to_owned(),
            n("-0.12345678901234567890123456789012345678"),
        ),
        (
            "big".to_owned(),
            n("9.9999999999999999999999999999999999999E+125"),
        ),
        ("tiny".to_owned(), n("1E-130")),
        (
            "b".to_owned(),
            AttributeValue::B(Blob::new(vec![0u8, 1, 2, 0xfe, 0xff])),
        ),
        (
            "empty b".to_owned(),
            AttributeValue::B(Blob::new(Vec::new())),
        ),
        ("t".to_owned(), AttributeValue::Bool(true)),
        ("f".to_owned(), AttributeValue::Bool(false)),
        ("null".to_owned(), AttributeValue::Null(true)),
        ("m".to_owned(), nested.clone()),
        (
            "l".to_owned(),
            AttributeValue::L(vec![nested.clone(), s(""), n(0)]),
        ),
        (
            "ss".to_owned(),
            AttributeValue::Ss(vec!["b".to_owned(), "a".to_owned(), "".to_owned()]),
        ),
        (
            "ns".to_owned(),
            AttributeValue::Ns(vec!["3".to_owned(), "-1.5".to_owned(), "100".to_owned()]),
        ),
        (
            "bs".to_owned(),
            AttributeValue::Bs(vec![Blob::new(b"z".to_vec()), Blob::new(b"a".to_vec())]),
        ),
    ]);

    let put = c
        .put_item()
        .table_name("types")
        .set_item(Some(item.clone()))
        .send()
        .await
        .expect("PutItem");
    assert_eq!(put.attributes(), None);

    let got = c
        .get_item()
        .table_name("types")
        .key("pk", s("every type"))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem");
    let got = got.item().expect("Item").clone();
    assert_eq!(got.len(), item.len(), "{got:?}");

    // Scalars, maps and lists come back exactly.
    for name in [
        "pk",
        "s",
        "empty",
        "n",
        "n38",
        "n38 fraction",
        "b",
        "empty b",
        "t",
        "f",
        "null",
        "m",
        "l",
    ] {
        assert_eq!(got.get(name), item.get(name), "attribute {name:?}");
    }
    // Numbers come back in plain decimal, without exponent.
    assert_eq!(
        got["big"],
        n(format!("{}{}", "9".repeat(38), "0".repeat(88)))
    );
    assert_eq!(got["tiny"], n(format!("0.{}1", "0".repeat(129))));
    // Sets hold the same members (DynamoDB promises no order).
    assert_eq!(
        sorted(got["ss"].as_ss().expect("SS").clone()),
        vec!["", "a", "b"]
    );
    assert_eq!(
        sorted(got["ns"].as_ns().expect("NS").clone()),
        vec!["-1.5", "100", "3"]
    );
    let mut bs: Vec<Vec<u8>> = got["bs"]
        .as_bs()
        .expect("BS")
        .iter()
        .map(|b| b.as_ref().to_vec())
        .collect();
    bs.sort();
    assert_eq!(bs, vec![b"a".to_vec(), b"z".to_vec()]);

    // A projection of nested paths.
    let projected = c
        .get_item()
        .table_name("types")
        .key("pk", s("every type"))
        .projection_expression("m.#l[2], l[1], #n")
        .expression_attribute_names("#l", "list")
        .expression_attribute_names("#n", "n38")
        .send()
        .await
        .expect("GetItem with projection");
    let projected = projected.item().expect("Item");
    assert_eq!(
        projected.get("m"),
        Some(&AttributeValue::M(HashMap::from([(
            "list".to_owned(),
            AttributeValue::L(vec![AttributeValue::L(vec![
                AttributeValue::Bool(false),
                AttributeValue::Null(true)
            ])]),
        )])))
    );
    assert_eq!(projected.get("l"), Some(&AttributeValue::L(vec![s("")])));
    assert_eq!(projected.get("n38"), item.get("n38"));
    assert_eq!(projected.len(), 3);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_come_back_canonical() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "numbers", false).await;

    let cases = [
        ("1.50", "1.5"),
        ("0100", "100"),
        ("+7", "7"),
        ("-0", "0"),
        ("1e2", "100"),
        ("1.5E2", "150"),
        ("-17.4E-3", "-0.0174"),
        (".5", "0.5"),
        ("5.", "5"),
        (
            "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678",
            "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678",
        ),
    ];
    for (i, (input, _)) in cases.iter().enumerate() {
        c.put_item()
            .table_name("numbers")
            .item("pk", s(&i.to_string()))
            .item("v", n(input))
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutItem {input}: {e:?}"));
    }
    for (i, (input, expected)) in cases.iter().enumerate() {
        let got = c
            .get_item()
            .table_name("numbers")
            .key("pk", s(&i.to_string()))
            .send()
            .await
            .expect("GetItem");
        assert_eq!(
            got.item().and_then(|item| item.get("v")),
            Some(&n(expected)),
            "{input}"
        );
    }

    // 39 significant digits are refused.
    let (code, message) = sdk::expect_error(
        c.put_item()
            .table_name("numbers")
            .item("pk", s("x"))
            .item("v", n("123456789012345678901234567890123456789"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Attempting to store more than 38 significant digits in a Number"
    );

    server.stop().await;
}
