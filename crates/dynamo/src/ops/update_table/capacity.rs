//! Provisioned capacity changes on a stored `ProvisionedThroughput` (the table's or a
//! global index's), in DynamoDB's two steps.
//!
//! dynalite `test/updateTable.js` "should triple rates and then reduce if requested"
//! (recorded against DynamoDB) pins the timestamps: the answer to UpdateTable keeps the old
//! capacity with `LastIncreaseDateTime` or `LastDecreaseDateTime` already set; when the
//! change completes, the new capacity is in, the timestamp is set again (later) and a
//! decrease is counted in `NumberOfDecreasesToday`.

use serde_json::{json, Value};

use crate::error::{DynamoError, Result};
use crate::messages;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// A capacity change under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Capacity {
    pub read: i64,
    pub write: i64,
    pub increase: bool,
    pub decrease: bool,
}

/// The read and write units of a `ProvisionedThroughput`.
pub(super) fn units(t: &Value) -> (i64, i64) {
    (
        t["ReadCapacityUnits"].as_i64().unwrap_or(0),
        t["WriteCapacityUnits"].as_i64().unwrap_or(0),
    )
}

/// Starts a change to `read`/`write` units: the old values stay, the direction's
/// timestamp is set (a decrease on a new UTC day starts the day's count at zero). Asking
/// for the current values is an error.
pub(super) fn start_change(pt: &mut Value, read: i64, write: i64, now: f64) -> Result<Capacity> {
    let (cur_read, cur_write) = units(pt);
    if (read, write) == (cur_read, cur_write) {
        return Err(DynamoError::validation(messages::throughput_unchanged(
            read, write,
        )));
    }
    let increase = read > cur_read || write > cur_write;
    let decrease = read < cur_read || write < cur_write;
    if increase {
        pt["LastIncreaseDateTime"] = json!(now);
    }
    if decrease {
        let last_day = pt["LastDecreaseDateTime"]
            .as_f64()
            .map(|t| (t / SECONDS_PER_DAY).floor());
        if last_day != Some((now / SECONDS_PER_DAY).floor()) {
            pt["NumberOfDecreasesToday"] = json!(0);
        }
        pt["LastDecreaseDateTime"] = json!(now);
    }
    Ok(Capacity {
        read,
        write,
        increase,
        decrease,
    })
}

/// Completes a change: the new values, the direction's timestamp again, the decrease
/// counted.
pub(super) fn finish_change(pt: &mut Value, c: Capacity, now: f64) {
    set_units(pt, c.read, c.write);
    if c.increase {
        pt["LastIncreaseDateTime"] = json!(now);
    }
    if c.decrease {
        pt["LastDecreaseDateTime"] = json!(now);
        let n = pt["NumberOfDecreasesToday"].as_u64().unwrap_or(0);
        pt["NumberOfDecreasesToday"] = json!(n + 1);
    }
}

/// Sets the units at once (a billing mode switch).
pub(super) fn set_units(pt: &mut Value, read: i64, write: i64) {
    if !pt.is_object() {
        *pt = json!({"NumberOfDecreasesToday": 0});
    }
    pt["ReadCapacityUnits"] = json!(read);
    pt["WriteCapacityUnits"] = json!(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_values_are_refused() {
        let mut pt = json!({"ReadCapacityUnits": 5, "WriteCapacityUnits": 5});
        let e = start_change(&mut pt, 5, 5, 100.0).unwrap_err();
        assert_eq!(e.message, messages::throughput_unchanged(5, 5));
    }

    #[test]
    fn increase_then_decrease() {
        let mut pt =
            json!({"NumberOfDecreasesToday": 2, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5});
        let c = start_change(&mut pt, 15, 15, 100.0).unwrap();
        assert_eq!(pt["ReadCapacityUnits"], 5);
        assert_eq!(pt["LastIncreaseDateTime"], 100.0);
        finish_change(&mut pt, c, 101.0);
        assert_eq!(pt["ReadCapacityUnits"], 15);
        assert_eq!(pt["LastIncreaseDateTime"], 101.0);
        // A decrease on a new UTC day starts the count again.
        let c = start_change(&mut pt, 5, 5, 200_000.0).unwrap();
        assert_eq!(pt["NumberOfDecreasesToday"], 0);
        assert_eq!(pt["ReadCapacityUnits"], 15);
        finish_change(&mut pt, c, 200_001.0);
        assert_eq!(pt["NumberOfDecreasesToday"], 1);
        assert_eq!(pt["LastDecreaseDateTime"], 200_001.0);
        assert_eq!(pt["LastIncreaseDateTime"], 101.0);
        // A second decrease the same day adds to the count.
        let c = start_change(&mut pt, 4, 4, 200_100.0).unwrap();
        finish_change(&mut pt, c, 200_101.0);
        assert_eq!(pt["NumberOfDecreasesToday"], 2);
    }
}
