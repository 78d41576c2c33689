//! Edits of a stored table description that UpdateTable makes: global index entries,
//! attribute definitions, the billing mode, the stream setting.

use serde_json::{json, Map, Value};

/// The table's billing mode (`PROVISIONED` unless its summary says otherwise).
pub(super) fn billing_mode(d: &Map<String, Value>) -> &str {
    d.get("BillingModeSummary")
        .and_then(|b| b["BillingMode"].as_str())
        .unwrap_or("PROVISIONED")
}

/// The global index entries (none: an empty list). [`tidy`] removes an empty list again.
pub(super) fn global_indexes(d: &mut Map<String, Value>) -> &mut Vec<Value> {
    let list = d
        .entry("GlobalSecondaryIndexes")
        .or_insert_with(|| json!([]));
    if !list.is_array() {
        *list = json!([]);
    }
    list.as_array_mut().expect("just made an array")
}

/// The global index entry called `name`.
pub(super) fn find_index<'a>(d: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    d.get_mut("GlobalSecondaryIndexes")?
        .as_array_mut()?
        .iter_mut()
        .find(|g| g["IndexName"] == name)
}

fn key_names(key_schema: &Value) -> impl Iterator<Item = &str> {
    key_schema
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["AttributeName"].as_str())
}

/// Adds the definitions of `new` whose attributes the table does not define yet (a
/// redefined attribute keeps its type).
pub(super) fn merge_definitions(d: &mut Map<String, Value>, new: &[Value]) {
    let Some(defs) = d
        .entry("AttributeDefinitions")
        .or_insert_with(|| json!([]))
        .as_array_mut()
    else {
        return;
    };
    for def in new {
        let name = &def["AttributeName"];
        if !defs.iter().any(|e| &e["AttributeName"] == name) {
            defs.push(def.clone());
        }
    }
}

/// Drops the attribute definitions no key of the table or of an index uses, and an empty
/// list of global indexes.
pub(super) fn tidy(d: &mut Map<String, Value>) {
    if d.get("GlobalSecondaryIndexes") == Some(&json!([])) {
        d.remove("GlobalSecondaryIndexes");
    }
    let mut used: Vec<String> = key_names(&d["KeySchema"]).map(str::to_owned).collect();
    for field in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
        for ix in d.get(field).and_then(Value::as_array).into_iter().flatten() {
            used.extend(key_names(&ix["KeySchema"]).map(str::to_owned));
        }
    }
    if let Some(Value::Array(defs)) = d.get_mut("AttributeDefinitions") {
        defs.retain(|def| {
            def["AttributeName"]
                .as_str()
                .is_some_and(|n| used.iter().any(|u| u == n))
        });
    }
}

/// Records a `StreamSpecification`: enabling gives the table a new stream, labelled with
/// the time (unless a stream of that view type is on already); disabling removes the
/// setting and keeps the last stream's label and ARN, as DescribeTable shows them.
pub(super) fn update_stream(d: &mut Map<String, Value>, spec: &Value, table_arn: &str, now: f64) {
    if spec["StreamEnabled"] != true {
        d.remove("StreamSpecification");
        return;
    }
    if d.get("StreamSpecification") == Some(spec) && d.contains_key("LatestStreamArn") {
        return;
    }
    d.insert("StreamSpecification".into(), spec.clone());
    let label = stream_label(now);
    d.insert(
        "LatestStreamArn".into(),
        json!(format!("{table_arn}/stream/{label}")),
    );
    d.insert("LatestStreamLabel".into(), json!(label));
}

/// A stream label: the creation time, `YYYY-MM-DDTHH:MM:SS.mmm` (UTC).
fn stream_label(now: f64) -> String {
    let millis = (now * 1000.0) as i64;
    let (secs, ms) = (millis.div_euclid(1000), millis.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_labels() {
        assert_eq!(stream_label(0.0), "1970-01-01T00:00:00.000");
        assert_eq!(stream_label(951_782_400.5), "2000-02-29T00:00:00.500");
        assert_eq!(stream_label(1_764_104_939.851), "2025-11-25T21:08:59.851");
    }

    #[test]
    fn unused_definitions_go() {
        let mut d = json!({
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"},
                {"AttributeName": "old", "AttributeType": "N"},
            ],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [
                {"IndexName": "gi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]},
            ],
        });
        let d = d.as_object_mut().unwrap();
        merge_definitions(d, &[json!({"AttributeName": "g", "AttributeType": "N"})]);
        tidy(d);
        assert_eq!(
            d["AttributeDefinitions"],
            json!([
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"},
            ])
        );
        global_indexes(d).clear();
        tidy(d);
        assert!(!d.contains_key("GlobalSecondaryIndexes"));
        assert_eq!(d["AttributeDefinitions"].as_array().unwrap().len(), 1);
    }
}
