//! Names shown to people: control characters written as escapes.
//!
//! A file name may hold any byte but `/` and NUL, so a name can carry a line
//! break that forges a line of output (a fake `::error` workflow command in a
//! CI log) or an escape sequence that rewrites the terminal. Every
//! human-readable format and error line shows a name through [`controls`];
//! machine formats (JSON, SARIF locations) keep the name as it is, escaped by
//! their own syntax.

use std::borrow::Cow;

/// `text` with each control character (C0, DEL, C1) escaped as Rust writes
/// it: `\n`, `\r`, `\t`, else `\u{1b}`. Text without one is borrowed as is.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::controls;

    #[test]
    fn line_breaks_and_escape_sequences_become_visible_escapes() {
        assert_eq!(
            controls("x\n::error title=PWNED::y\u{1b}[31m.md"),
            "x\\n::error title=PWNED::y\\u{1b}[31m.md"
        );
        assert_eq!(
            controls("a\rb\tc\u{7f}d\u{9b}e\0"),
            "a\\rb\\tc\\u{7f}d\\u{9b}e\\u{0}"
        );
    }

    #[test]
    fn ordinary_names_are_borrowed_unchanged() {
        let name = "notes/round 3 — café\\draft.md";
        assert!(matches!(controls(name), std::borrow::Cow::Borrowed(n) if n == name));
    }
}
