//! Random input never panics, and every answer is well-formed.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::super::keycond::key_condition;
use super::super::resolve::{check_condition, check_projection, check_update, NoneDefined};
use super::*;

/// Fragments that make random strings likely to get deep into the grammars.
const PIECES: &[&str] = &[
    "a",
    "b.c",
    "#n",
    ":v",
    "[0]",
    "[",
    "]",
    "(",
    ")",
    ",",
    ".",
    "=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    " AND ",
    " OR ",
    " NOT ",
    " BETWEEN ",
    " IN ",
    "SET ",
    " REMOVE ",
    " ADD ",
    " DELETE ",
    "size(",
    "attribute_exists(",
    "attribute_not_exists(",
    "attribute_type(",
    "begins_with(",
    "contains(",
    "if_not_exists(",
    "list_append(",
    "foo(",
    "name",
    " ",
    "\t",
    "é",
    "!",
    "#",
    ":",
    "0",
    "99999999999999",
    "((",
    "))",
    "1a",
];

fn pick<'a>(rng: &mut SmallRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

fn gen_path(rng: &mut SmallRng) -> String {
    let mut s = pick(rng, &["a", "b", "#n", "#m", "size", "x_1"]).to_string();
    for _ in 0..rng.gen_range(0..3) {
        if rng.gen_bool(0.5) {
            s.push_str(&format!("[{}]", rng.gen_range(0..3)));
        } else {
            s.push('.');
            s.push_str(pick(rng, &["c", "#n", "d"]));
        }
    }
    s
}

fn gen_operand(rng: &mut SmallRng, depth: u32) -> String {
    match rng.gen_range(0..6) {
        0 | 1 => gen_path(rng),
        2 | 3 => pick(rng, &[":v", ":w", ":x"]).to_string(),
        4 if depth < 3 => format!("size({})", gen_operand(rng, depth + 1)),
        _ => format!("({})", gen_operand(rng, depth + 1)),
    }
}

/// A random condition, valid by the grammar (not always semantically).
fn gen_condition(rng: &mut SmallRng, depth: u32) -> String {
    let leaf = depth >= 3 || rng.gen_bool(0.4);
    if leaf {
        let o = |rng: &mut SmallRng| gen_operand(rng, depth);
        return match rng.gen_range(0..7) {
            0 => format!(
                "{} {} {}",
                o(rng),
                pick(rng, &["=", "<>", "<", "<=", ">", ">="]),
                o(rng)
            ),
            1 => format!("{} BETWEEN {} AND {}", o(rng), o(rng), o(rng)),
            2 => format!("{} IN ({}, {})", o(rng), o(rng), o(rng)),
            3 => format!("attribute_exists({})", gen_path(rng)),
            4 => format!("attribute_type({}, :t)", gen_path(rng)),
            5 => format!(
                "{}({}, {})",
                pick(rng, &["begins_with", "contains"]),
                o(rng),
                o(rng)
            ),
            _ => format!("attribute_not_exists({})", gen_path(rng)),
        };
    }
    let c = |rng: &mut SmallRng| gen_condition(rng, depth + 1);
    match rng.gen_range(0..4) {
        0 => format!("{} AND {}", c(rng), c(rng)),
        1 => format!("{} OR {}", c(rng), c(rng)),
        2 => format!("NOT {}", c(rng)),
        _ => format!("({})", c(rng)),
    }
}

fn gen_update(rng: &mut SmallRng) -> String {
    let mut clauses = Vec::new();
    for kw in ["SET", "REMOVE", "ADD", "DELETE"] {
        if rng.gen_bool(0.5) {
            let n = rng.gen_range(1..3);
            let actions: Vec<String> = (0..n)
                .map(|_| match kw {
                    "SET" => {
                        let o = |rng: &mut SmallRng| match rng.gen_range(0..4) {
                            0 => format!("if_not_exists({}, :z)", gen_path(rng)),
                            1 => format!("list_append({}, :l)", gen_path(rng)),
                            _ => gen_operand(rng, 3).replace("size(", "("),
                        };
                        match rng.gen_range(0..3) {
                            0 => format!("{} = {} + {}", gen_path(rng), o(rng), o(rng)),
                            1 => format!("{} = ({} - {})", gen_path(rng), o(rng), o(rng)),
                            _ => format!("{} = {}", gen_path(rng), o(rng)),
                        }
                    }
                    "REMOVE" => gen_path(rng),
                    _ => format!("{} :s", gen_path(rng)),
                })
                .collect();
            clauses.push(format!("{kw} {}", actions.join(", ")));
        }
    }
    if clauses.is_empty() {
        clauses.push("REMOVE a".to_string());
    }
    clauses.join(" ")
}

/// A random expression of any kind, sometimes mangled by inserting, deleting or replacing a
/// few characters or fragments.
fn random_text(rng: &mut SmallRng) -> String {
    let mut s = match rng.gen_range(0..4) {
        0 | 1 => gen_condition(rng, 0),
        2 => gen_update(rng),
        _ => (0..rng.gen_range(1..4))
            .map(|_| gen_path(rng))
            .collect::<Vec<_>>()
            .join(", "),
    };
    for _ in 0..rng.gen_range(0..3) {
        let chars: Vec<char> = s.chars().collect();
        let at = rng.gen_range(0..=chars.len());
        let (head, tail): (String, String) =
            (chars[..at].iter().collect(), chars[at..].iter().collect());
        let insert = if rng.gen_bool(0.2) {
            char::from_u32(rng.gen_range(0..0x3000))
                .unwrap_or('?')
                .to_string()
        } else {
            PIECES[rng.gen_range(0..PIECES.len())].to_string()
        };
        let tail: String = match rng.gen_range(0..3) {
            0 => tail,
            _ => tail.chars().skip(rng.gen_range(0..4)).collect(),
        };
        s = format!("{head}{insert}{tail}");
    }
    s
}

fn well_formed(e: &ExprError) {
    let text = e.to_string();
    assert!(!text.is_empty());
    assert!(!text.contains("{}"), "{text}");
}

#[test]
fn random_input_never_panics() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_d1a0);
    let (mut ok, mut total) = (0usize, 0usize);
    for _ in 0..20_000 {
        let s = random_text(&mut rng);
        total += 4;
        for kind in [ExprKind::Condition, ExprKind::KeyCondition] {
            match parse_condition(&s, kind) {
                Ok(c) => {
                    ok += 1;
                    if let Err(e) = check_condition(&c, kind, &NoneDefined, &NoneDefined) {
                        well_formed(&e);
                    }
                    if let Err(e) = key_condition(&c, &NoneDefined) {
                        well_formed(&e);
                    }
                }
                Err(e) => well_formed(&e),
            }
        }
        match parse_update(&s) {
            Ok(u) => {
                ok += 1;
                if let Err(e) = check_update(&u, &NoneDefined, &NoneDefined) {
                    well_formed(&e);
                }
            }
            Err(e) => well_formed(&e),
        }
        match parse_projection(&s) {
            Ok(p) => {
                ok += 1;
                if let Err(e) = check_projection(&p, &NoneDefined) {
                    well_formed(&e);
                }
            }
            Err(e) => well_formed(&e),
        }
    }
    // The generator must reach valid expressions too, or the test proves little.
    assert!(ok > total / 20, "{ok} of {total} parsed");
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = SmallRng::seed_from_u64(7);
    for _ in 0..5_000 {
        let len = rng.gen_range(0..64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        let s = String::from_utf8_lossy(&bytes);
        let _ = parse_condition(&s, ExprKind::Filter);
        let _ = parse_update(&s);
        let _ = parse_projection(&s);
    }
}
