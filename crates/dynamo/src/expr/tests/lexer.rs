//! Tokens and the `near` context.

use super::super::lexer::{near, tokenize, Keyword, TokenKind as K};

fn kinds(s: &str) -> Vec<K> {
    tokenize(s).iter().map(|t| t.kind).collect()
}

fn texts(s: &str) -> Vec<String> {
    tokenize(s)
        .iter()
        .map(|t| t.display(s).to_string())
        .collect()
}

#[test]
fn every_token_kind() {
    assert_eq!(
        kinds("a_1 #n_2 :v3 42 ( ) [ ] , . = <> < <= > >= + - ! # :"),
        vec![
            K::Identifier,
            K::NamePlaceholder,
            K::ValuePlaceholder,
            K::Number,
            K::LParen,
            K::RParen,
            K::LBracket,
            K::RBracket,
            K::Comma,
            K::Dot,
            K::Eq,
            K::Ne,
            K::Lt,
            K::Le,
            K::Gt,
            K::Ge,
            K::Plus,
            K::Minus,
            K::Unknown,
            K::Unknown,
            K::Unknown,
            K::Eof,
        ]
    );
}

#[test]
fn keywords_any_case_whole_words_only() {
    assert_eq!(
        kinds("and OR Not between IN set REMOVE add DeLeTe"),
        vec![
            K::Keyword(Keyword::And),
            K::Keyword(Keyword::Or),
            K::Keyword(Keyword::Not),
            K::Keyword(Keyword::Between),
            K::Keyword(Keyword::In),
            K::Keyword(Keyword::Set),
            K::Keyword(Keyword::Remove),
            K::Keyword(Keyword::Add),
            K::Keyword(Keyword::Delete),
            K::Eof,
        ]
    );
    assert_eq!(
        kinds("andy _or in1 #and :or"),
        vec![
            K::Identifier,
            K::Identifier,
            K::Identifier,
            K::NamePlaceholder,
            K::ValuePlaceholder,
            K::Eof
        ]
    );
}

#[test]
fn adjacent_tokens_split_where_dynamodb_does() {
    assert_eq!(texts("a<>b"), ["a", "<>", "b", "<EOF>"]);
    assert_eq!(texts("a< >b"), ["a", "<", ">", "b", "<EOF>"]);
    assert_eq!(texts("a>=:v"), ["a", ">=", ":v", "<EOF>"]);
    assert_eq!(texts("1abc"), ["1", "abc", "<EOF>"]);
    assert_eq!(texts("x#y:z"), ["x", "#y", ":z", "<EOF>"]);
    assert_eq!(texts("##a"), ["#", "#a", "<EOF>"]);
    assert_eq!(texts("a.b[0]"), ["a", ".", "b", "[", "0", "]", "<EOF>"]);
    assert_eq!(texts("é€a"), ["é", "€", "a", "<EOF>"]);
    assert_eq!(texts(" \t\r\n"), ["<EOF>"]);
    assert_eq!(texts("a\u{a0}b"), ["a", "\u{a0}", "b", "<EOF>"]);
}

#[test]
fn eof_sits_at_the_end() {
    let toks = tokenize("a ");
    let eof = toks.last().unwrap();
    assert_eq!((eof.kind, eof.start, eof.end), (K::Eof, 2, 2));
    assert_eq!(eof.text("a "), "");
}

#[test]
fn near_spans_previous_to_next_token() {
    let at = |s: &str, i: usize| near(s, &tokenize(s), i);
    assert_eq!(at("a-b", 1), "a-b");
    assert_eq!(at("INVALID SYNTAX HERE", 0), "INVALID SYNTAX");
    assert_eq!(at("!!! INVALID !!!", 0), "!!");
    assert_eq!(at("ADD hits : incr", 2), "hits : incr");
    assert_eq!(at("()", 1), "()");
    // At the end of input, or just before it, the context runs to the end (trailing
    // whitespace included).
    assert_eq!(at("x = :type", 3), ":type");
    assert_eq!(at("x = :type  ", 3), ":type  ");
    assert_eq!(at("a =  ", 1), "a =  ");
    assert_eq!(at("", 0), "");
    assert_eq!(at("a", 9), "");
}
