//! The parts of an article that are content: headline, paragraphs, captions;
//! not bylines, photo credits, newsletter footers or tracking ids.
//!
//! Returns blocks (byte ranges) that no sentence may cross. News markup puts
//! line breaks inside sentences (links), so a single line break only ends a
//! block where the line before it is a finished sentence or a headline.

use regex::Regex;
use std::sync::OnceLock;

/// A document header line `date YYYY-MM-DD <title>`: its date and title.
pub fn parse_header(text: &str) -> Option<(String, String, usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*([^\n]*)").unwrap());
    let c = re.captures(text)?;
    let title = c.get(2).unwrap();
    Some((c[1].to_string(), title.as_str().trim().to_string(), title.start(), title.end()))
}

/// Lines that are never content: bylines, footers, ids, share buttons.
fn is_boilerplate_line(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:",
            r"by\s+[\p{Lu}][\p{L}'’.-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){0,3}(?:\s*(?:,|and|&)\s*[\p{Lu}][\p{L}'’. -]+)?",
            r"|[0-9a-f]{16,}",
            r"|(?:picture|photo|photograph|image|credit|source|caption)s?\s*:.*",
            // A word anywhere, as `.*\b(?:...)\b.*` says, but without `\b`: the
            // fast regex engines give up on a Unicode word boundary in non-ASCII
            // text (curly quotes, most lines), leaving the slow one.
            r"|(?:.*[^\w\n])?(?:sign up|subscribe|newsletter|all rights reserved|copyright|bookmark)(?:[^\w\n].*)?",
            r"|©.*",
            r"|(?:advertisement|share this article|share|read more|related|follow us.*|click here.*)",
            r"|\S+@\S+\.\S+",
            r"|[\p{L} ,]+ with additional reporting .*",
            r")\s*$"
        ))
        .unwrap()
    });
    re.is_match(line.trim())
}

/// Where an inline credit starts ("... 2025. Credit: The Canadian Press", "... – AP").
fn credit_start(line: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:\s(?:Picture|Photo|Photograph|Image|Credit|Source)s?:\s.*$)|(?:\s[–—-]\s?(?:AP|Reuters|AFP|CP|PA|Getty Images|Bloomberg)\s*$)")
            .unwrap()
    });
    re.find(line).map(|m| m.start())
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with", "by", "from", "as", "that",
    "this", "his", "her", "their", "its", "is", "was", "be", "has", "have",
];

/// True when a line looks like a finished unit: sentence punctuation at its end,
/// or a short capitalised headline.
fn ends_block(line: &str, next: &str) -> bool {
    let l = line.trim_end();
    let n = next.trim_start();
    let Some(last) = l.chars().last() else { return true };
    let next_upper = n.chars().next().is_some_and(|c| c.is_uppercase() || c == '“' || c == '"');
    if matches!(last, '.' | '!' | '?' | '”' | '"' | ':' | '…') {
        return next_upper || n.starts_with('-') || n.starts_with('•');
    }
    let first_upper = l.trim_start().chars().next().is_some_and(|c| c.is_uppercase());
    let last_word = l.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    first_upper && next_upper && !last.is_ascii_punctuation() && !FUNCTION_WORDS.contains(&last_word.as_str())
}

/// Byte ranges of the content blocks of `text`.
pub fn content_blocks(text: &str) -> Vec<(usize, usize)> {
    let mut body_start = 0;
    let mut blocks = Vec::new();
    if let Some((_, title, ts, te)) = parse_header(text) {
        if !title.is_empty() {
            blocks.push((ts, te));
        }
        body_start = text[te..].find('\n').map_or(text.len(), |i| te + i + 1);
    }
    // Lines with their byte ranges, credits cut off, boilerplate dropped.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = body_start;
    let mut prev_blank = true;
    let mut block: Option<(usize, usize)> = None;
    for raw in text[body_start..].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || is_boilerplate_line(trimmed) {
            if let Some(b) = block.take() {
                blocks.push(b);
            }
            prev_blank = true;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let mut end = start + line.trim_end().len();
        if let Some(c) = credit_start(&text[start..end]) {
            end = start + c;
        }
        let s = start + lead;
        if end <= s {
            continue;
        }
        let _ = prev_blank;
        prev_blank = false;
        lines.push((s, end));
        block = Some(match block {
            Some((bs, be)) if !ends_block(&text[bs..be], &text[s..end]) && !credit_cut(text, be) => (bs, end),
            Some(b) => {
                blocks.push(b);
                (s, end)
            }
            None => (s, end),
        });
    }
    if let Some(b) = block {
        blocks.push(b);
    }
    blocks
}

/// A line that lost its credit ends its block: what followed the credit was another caption.
fn credit_cut(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let line_rest = rest.split('\n').next().unwrap_or("");
    !line_rest.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_words_need_word_boundaries() {
        // The pattern as first written, with `\b`.
        let reference =
            Regex::new(r"(?i)^(?:.*\b(?:sign up|subscribe|newsletter|all rights reserved|copyright|bookmark)\b.*)\s*$")
                .unwrap();
        let probe = [
            "Sign up for our newsletter",
            "newsletters are back",
            "the subscriber base",
            "“Subscribe” now",
            "Ésubscribe",
            "subscribeé",
            "all rights reserved.",
            "COPYRIGHT 2024 ",
            "bookmarked",
            "x_bookmark",
            "x-bookmark-y",
            "the ſign up",
            "book\u{212A}mark",
            "a \u{0301}sign up",
            "signup",
        ];
        for line in probe {
            assert_eq!(is_boilerplate_line(line), reference.is_match(line.trim()), "{line}");
        }
        for c in (0..=0x3000u32).filter_map(char::from_u32).filter(|c| *c != '\n') {
            for line in [format!("{c}newsletter"), format!("newsletter{c}"), format!("a{c}sign up{c}b")] {
                assert_eq!(is_boilerplate_line(&line), reference.is_match(line.trim()), "{line:?}");
            }
        }
    }

    fn blocks(s: &str) -> Vec<&str> {
        content_blocks(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn header_gives_date_title_and_a_title_block() {
        let s = "date 2025-06-08 Leader to visit Ottawa\n\nBy Jane Doe\n\nThe leader met the king.";
        let (date, title, ..) = parse_header(s).unwrap();
        assert_eq!(date, "2025-06-08");
        assert_eq!(title, "Leader to visit Ottawa");
        assert_eq!(blocks(s), ["Leader to visit Ottawa", "The leader met the king."]);
    }

    #[test]
    fn credits_and_footers_are_cut() {
        let s = "A leader speaks in London. Credit: The Press/Agency. Picture: Agency\n\
                 Watch the meeting in the office. – AP\n\
                 Please bookmark example.com and sign up for our daily newsletter, here.\n\
                 ab0574da4b558c8d1a9e1d5c5d8e33d2";
        assert_eq!(blocks(s), ["A leader speaks in London.", "Watch the meeting in the office."]);
    }

    #[test]
    fn broken_lines_join_headlines_split() {
        let s = "According to\na statement from the office\n, both agreed.\nArctic Sovereignty at Stake\nFollowing the talks, he left.";
        assert_eq!(
            blocks(s),
            [
                "According to\na statement from the office\n, both agreed.",
                "Arctic Sovereignty at Stake",
                "Following the talks, he left."
            ]
        );
    }
}
