//! The tokenizer shared by all five expression kinds.
//!
//! DynamoDB reports syntax errors in terms of tokens (`token: "<tok>", near: "<context>"`), so
//! the lexer never fails: a character that starts no token becomes a one-character
//! [`TokenKind::Unknown`] token, and the parser reports it like any other unexpected token.
//! Keywords (`AND OR NOT BETWEEN IN SET REMOVE ADD DELETE`, any case) are keyword tokens in every
//! expression kind: DynamoDB answers `Syntax error; token: "ADD"` for a condition that starts
//! with `ADD`, so its lexer does not read them as attribute names anywhere.

/// A keyword of the expression grammars, matched case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// `AND`
    And,
    /// `OR`
    Or,
    /// `NOT`
    Not,
    /// `BETWEEN`
    Between,
    /// `IN`
    In,
    /// `SET`
    Set,
    /// `REMOVE`
    Remove,
    /// `ADD`
    Add,
    /// `DELETE`
    Delete,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        const WORDS: [(&str, Keyword); 9] = [
            ("AND", Keyword::And),
            ("OR", Keyword::Or),
            ("NOT", Keyword::Not),
            ("BETWEEN", Keyword::Between),
            ("IN", Keyword::In),
            ("SET", Keyword::Set),
            ("REMOVE", Keyword::Remove),
            ("ADD", Keyword::Add),
            ("DELETE", Keyword::Delete),
        ];
        WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, k)| k)
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An attribute or function name: `[A-Za-z_][A-Za-z0-9_]*` that is not a keyword.
    Identifier,
    /// `#` followed by one or more of `[A-Za-z0-9_]`.
    NamePlaceholder,
    /// `:` followed by one or more of `[A-Za-z0-9_]`.
    ValuePlaceholder,
    /// One or more decimal digits (list indexes).
    Number,
    /// A keyword.
    Keyword(Keyword),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// Any other single character (including a lone `#` or `:`).
    Unknown,
    /// The end of the input; always the last token.
    Eof,
}

/// One token: its kind and its byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte (equal to `start` for [`TokenKind::Eof`]).
    pub end: usize,
}

impl Token {
    /// The token as DynamoDB prints it in a syntax error: its source text, or `<EOF>`.
    pub fn display<'a>(&self, src: &'a str) -> &'a str {
        match self.kind {
            TokenKind::Eof => "<EOF>",
            _ => src.get(self.start..self.end).unwrap_or(""),
        }
    }

    /// The token's source text (empty for the end of input).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_part(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits `src` into tokens, skipping whitespace (space, tab, CR, LF). The result always ends
/// with one [`TokenKind::Eof`] token whose range is empty and at the end of `src`.
pub fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let run = |from: usize, pred: fn(u8) -> bool| {
        let mut j = from;
        while j < bytes.len() && pred(bytes[j]) {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let c = bytes[i];
        if is_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        let (kind, end) = match c {
            b'(' => (TokenKind::LParen, i + 1),
            b')' => (TokenKind::RParen, i + 1),
            b'[' => (TokenKind::LBracket, i + 1),
            b']' => (TokenKind::RBracket, i + 1),
            b',' => (TokenKind::Comma, i + 1),
            b'.' => (TokenKind::Dot, i + 1),
            b'=' => (TokenKind::Eq, i + 1),
            b'+' => (TokenKind::Plus, i + 1),
            b'-' => (TokenKind::Minus, i + 1),
            b'<' => match bytes.get(i + 1) {
                Some(b'>') => (TokenKind::Ne, i + 2),
                Some(b'=') => (TokenKind::Le, i + 2),
                _ => (TokenKind::Lt, i + 1),
            },
            b'>' => match bytes.get(i + 1) {
                Some(b'=') => (TokenKind::Ge, i + 2),
                _ => (TokenKind::Gt, i + 1),
            },
            b'#' | b':' => {
                let end = run(i + 1, is_ident_part);
                if end == i + 1 {
                    (TokenKind::Unknown, i + 1)
                } else if c == b'#' {
                    (TokenKind::NamePlaceholder, end)
                } else {
                    (TokenKind::ValuePlaceholder, end)
                }
            }
            b'0'..=b'9' => (TokenKind::Number, run(i, |b| b.is_ascii_digit())),
            _ if is_ident_start(c) => {
                let end = run(i, is_ident_part);
                match Keyword::from_word(&src[i..end]) {
                    Some(k) => (TokenKind::Keyword(k), end),
                    None => (TokenKind::Identifier, end),
                }
            }
            _ => {
                // One whole character, however many bytes it takes.
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                (TokenKind::Unknown, i + len)
            }
        };
        tokens.push(Token { kind, start, end });
        i = end;
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        start: src.len(),
        end: src.len(),
    });
    tokens
}

/// The `near` context of a syntax error at token `bad`, as DynamoDB prints it: the source text
/// from the start of the token before `bad` (or of `bad` itself when it is the first) to the
/// end of the token after `bad` (the end of the input when that is the end-of-input token, or
/// when `bad` is itself the end of input).
///
/// Examples confirmed against DynamoDB's answers: `a-b` → near `a-b` at `-`; `!!! INVALID !!!`
/// → near `!!` at the first `!`; `INVALID SYNTAX HERE` → near `INVALID SYNTAX`; `()` → near
/// `()` at `)`; `ADD hits : incr` → near `hits : incr` at `:`; a condition ending in `:type`
/// where more was expected → near `:type` at `<EOF>`.
pub fn near(src: &str, tokens: &[Token], bad: usize) -> String {
    let Some(bad_tok) = tokens.get(bad) else {
        return String::new();
    };
    let start = if bad > 0 {
        tokens[bad - 1].start
    } else {
        bad_tok.start
    };
    let end = match bad_tok.kind {
        TokenKind::Eof => src.len(),
        _ => match tokens.get(bad + 1) {
            Some(next) if next.kind == TokenKind::Eof => src.len(),
            Some(next) => next.end,
            None => bad_tok.end,
        },
    };
    src.get(start..end).unwrap_or("").to_string()
}
