//! Results: one db_bench-style line each, and the table of medians over rounds.

use std::fmt::Write as _;

/// The outcome of one benchmark on one engine in one round.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Engine name.
    pub engine: &'static str,
    /// Benchmark name.
    pub bench: String,
    /// Operations done.
    pub ops: u64,
    /// Wall-clock seconds for all of them.
    pub secs: f64,
    /// Bytes moved (keys + values written or read), for MB/s; 0 to print none.
    pub bytes: u64,
    /// Latency percentiles in microseconds (p50, p99), for benchmarks that time each op.
    pub latency: Option<(f64, f64)>,
    /// (found, asked) for point reads.
    pub found: Option<(u64, u64)>,
    /// Sum of the sizes of the files in the engine's directory, after the benchmark.
    pub disk: Option<u64>,
    /// Bytes in tables as the engine reports them, after the benchmark.
    pub tables: Option<u64>,
    /// Free-form note (e.g. how many seeks were done).
    pub note: Option<String>,
}

impl Outcome {
    /// Operations per second (wall clock).
    pub fn ops_per_sec(&self) -> f64 {
        if self.secs > 0.0 {
            self.ops as f64 / self.secs
        } else {
            0.0
        }
    }

    /// Microseconds per operation (wall clock / ops).
    pub fn micros_per_op(&self) -> f64 {
        if self.ops > 0 {
            self.secs * 1e6 / self.ops as f64
        } else {
            0.0
        }
    }

    /// The db_bench-style line: `<engine> <bench> : <x> micros/op; <y> ops/s; <extra>`.
    pub fn line(&self) -> String {
        let mut extra: Vec<String> = Vec::new();
        if self.bytes > 0 && self.secs > 0.0 {
            extra.push(format!(
                "{:.1} MB/s",
                self.bytes as f64 / self.secs / 1_048_576.0
            ));
        }
        if let Some((found, asked)) = self.found {
            extra.push(format!("(found {found} of {asked})"));
        }
        if let Some((p50, p99)) = self.latency {
            extra.push(format!("p50 {p50:.0} us p99 {p99:.0} us"));
        }
        if let Some(d) = self.disk {
            extra.push(format!("disk {d} bytes"));
        }
        if let Some(t) = self.tables {
            extra.push(format!("tables {t} bytes"));
        }
        if let Some(n) = &self.note {
            extra.push(n.clone());
        }
        format!(
            "{} {} : {:.3} micros/op; {:.0} ops/s; {}",
            self.engine,
            self.bench,
            self.micros_per_op(),
            self.ops_per_sec(),
            extra.join("; ")
        )
    }
}

/// Median of `v` (mean of the two middle values for an even count); `None` if empty.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Percentile `p` (0..=100) of sorted latencies, nearest-rank.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn fmt_ops(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.0}"))
}

fn fmt_us(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn fmt_ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".to_string(),
    }
}

fn fmt_bytes(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.0}"))
}

/// The Markdown summary: medians per (engine, benchmark) over all rounds, with cairn/fjall
/// ratios when both engines ran.
pub fn summary(
    outcomes: &[Outcome],
    benches: &[String],
    engines: &[&'static str],
    rounds: usize,
) -> String {
    let med = |engine: &str, bench: &str, f: &dyn Fn(&Outcome) -> Option<f64>| -> Option<f64> {
        median(
            outcomes
                .iter()
                .filter(|o| o.engine == engine && o.bench == bench)
                .filter_map(f)
                .collect(),
        )
    };
    let ratio_pair = engines.contains(&"cairn") && engines.contains(&"fjall");
    let mut s = String::new();
    let _ = writeln!(s, "\n## Medians over {rounds} round(s)\n");

    // Throughput and latency.
    let mut header = vec!["benchmark".to_string()];
    for e in engines {
        header.push(format!("{e} ops/s"));
    }
    if ratio_pair {
        header.push("cairn/fjall ops/s (>1 = cairn faster)".to_string());
    }
    for e in engines {
        header.push(format!("{e} micros/op"));
    }
    for e in engines {
        header.push(format!("{e} p50/p99 us"));
    }
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}", " --- |".repeat(header.len()));
    let mut seen = Vec::new();
    for b in benches {
        if seen.contains(b) {
            continue;
        }
        seen.push(b.clone());
        let mut row = vec![b.clone()];
        let ops: Vec<Option<f64>> = engines
            .iter()
            .map(|e| med(e, b, &|o| Some(o.ops_per_sec())))
            .collect();
        row.extend(ops.iter().map(|x| fmt_ops(*x)));
        if ratio_pair {
            row.push(fmt_ratio(
                med("cairn", b, &|o| Some(o.ops_per_sec())),
                med("fjall", b, &|o| Some(o.ops_per_sec())),
            ));
        }
        for e in engines {
            row.push(fmt_us(med(e, b, &|o| Some(o.micros_per_op()))));
        }
        for e in engines {
            let p50 = med(e, b, &|o| o.latency.map(|l| l.0));
            let p99 = med(e, b, &|o| o.latency.map(|l| l.1));
            row.push(match (p50, p99) {
                (Some(a), Some(b)) => format!("{a:.0} / {b:.0}"),
                _ => "-".to_string(),
            });
        }
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }

    // Space.
    let with_disk: Vec<&String> = seen
        .iter()
        .filter(|b| outcomes.iter().any(|o| &o.bench == *b && o.disk.is_some()))
        .collect();
    if !with_disk.is_empty() {
        let mut header = vec!["benchmark".to_string()];
        for e in engines {
            header.push(format!("{e} disk bytes"));
        }
        if ratio_pair {
            header.push("cairn/fjall disk (<1 = cairn smaller)".to_string());
        }
        for e in engines {
            header.push(format!("{e} table bytes"));
        }
        if ratio_pair {
            header.push("cairn/fjall tables".to_string());
        }
        let _ = writeln!(s, "\n| {} |", header.join(" | "));
        let _ = writeln!(s, "|{}", " --- |".repeat(header.len()));
        for b in with_disk {
            let mut row = vec![b.clone()];
            for e in engines {
                row.push(fmt_bytes(med(e, b, &|o| o.disk.map(|d| d as f64))));
            }
            if ratio_pair {
                row.push(fmt_ratio(
                    med("cairn", b, &|o| o.disk.map(|d| d as f64)),
                    med("fjall", b, &|o| o.disk.map(|d| d as f64)),
                ));
            }
            for e in engines {
                row.push(fmt_bytes(med(e, b, &|o| o.tables.map(|d| d as f64))));
            }
            if ratio_pair {
                row.push(fmt_ratio(
                    med("cairn", b, &|o| o.tables.map(|d| d as f64)),
                    med("fjall", b, &|o| o.tables.map(|d| d as f64)),
                ));
            }
            let _ = writeln!(s, "| {} |", row.join(" | "));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentile() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&[7], 99.0), 7);
    }

    #[test]
    fn line_format() {
        let o = Outcome {
            engine: "cairn",
            bench: "readrandom".into(),
            ops: 1000,
            secs: 0.5,
            found: Some((1000, 1000)),
            ..Outcome::default()
        };
        assert_eq!(
            o.line(),
            "cairn readrandom : 500.000 micros/op; 2000 ops/s; (found 1000 of 1000)"
        );
    }
}
