//! Sentence splitting and tokenization by rules, following UD English-EWT.
//!
//! Why rules: the segmentation conventions are fixed (Penn/UD), and the hard
//! cases (abbreviations, initials, clitics) are lists, not statistics.

use super::{Sentence, Token};

/// Abbreviations that keep their period and never end a sentence
/// (titles, initials-like forms, month names before a number).
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cpl",
    "sgt", "adm", "maj", "st", "mt", "ft", "rev", "hon", "pres", "supt", "insp", "det", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos",
    "vol", "vs", "v", "cf", "approx", "dept", "est", "fig", "sr", "jr", "messrs", "mme", "mlle",
];

/// Abbreviations that keep their period but may end a sentence.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "plc", "bros", "etc", "al", "e.g", "i.e", "a.m", "p.m",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c", "n.y", "l.a", "ph.d", "b.c", "a.d", "jr", "sr",
];

/// Words that, capitalised after an ambiguous abbreviation ("in the U.S. The ..."),
/// show that a new sentence has begun.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "This", "That", "There", "In",
    "A", "An", "His", "Her", "Their", "Its", "Our", "If", "When", "While", "After", "Before",
    "However", "Meanwhile", "Still", "Yet", "So", "As", "At", "On", "For", "Some", "Many",
];

const OPENING_PUNCT: &[char] = &['"', '\'', '“', '‘', '«', '(', '[', '{', '`', '¿', '¡'];
const CLOSING_PUNCT: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '}'];
const TRAILING_PUNCT: &[char] = &[',', ';', ':', '!', '?', '.', '…'];
/// Prefixes that stay attached to the word after their hyphen (UD EWT keeps "co-workers").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "re", "semi", "pro", "anti", "ex", "self", "multi", "sub",
    "inter", "intra", "mid", "over", "under", "counter", "cross", "de", "un", "bi", "tri", "x",
];

/// Splits `text[start..end]` into sentences of tokens. Blank lines always end a
/// sentence; single line breaks are plain white space (news markup often breaks
/// lines inside a sentence).
pub fn segment(text: &str, start: usize, end: usize) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (ps, pe) in paragraphs(text, start, end) {
        let tokens = tokenize(text, ps, pe);
        split_sentences(text, tokens, &mut sentences);
    }
    sentences
}

/// Byte ranges of the paragraphs (separated by blank lines) of `text[start..end]`.
fn paragraphs(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para_start = start;
    let mut pos = start;
    let slice = &text[start..end];
    for line in slice.split_inclusive('\n') {
        let line_end = pos + line.len();
        if line.trim().is_empty() {
            if pos > para_start {
                out.push((para_start, pos));
            }
            para_start = line_end;
        }
        pos = line_end;
    }
    if end > para_start {
        out.push((para_start, end));
    }
    out
}

/// Groups tokens into sentences and appends them to `out`.
pub fn split_sentences(text: &str, tokens: Vec<Token>, out: &mut Vec<Sentence>) {
    let mut current: Vec<Token> = Vec::new();
    let n = tokens.len();
    let mut iter = tokens.into_iter().peekable();
    let mut i = 0;
    let mut pending_end = false;
    while let Some(tok) = iter.next() {
        i += 1;
        let next = iter.peek();
        if pending_end {
            // Closing quotes and brackets after the end punctuation stay in the sentence.
            if tok.text.chars().all(|c| CLOSING_PUNCT.contains(&c)) {
                current.push(tok);
                continue;
            }
            if opens_sentence(&tok) {
                push_sentence(&mut current, out);
            }
            pending_end = false;
        }
        let ends = ends_sentence(text, &tok, next);
        current.push(tok);
        if ends && i < n {
            pending_end = true;
        }
    }
    push_sentence(&mut current, out);
}

fn push_sentence(current: &mut Vec<Token>, out: &mut Vec<Sentence>) {
    if current.is_empty() {
        return;
    }
    let tokens = std::mem::take(current);
    out.push(Sentence {
        start: tokens[0].start,
        end: tokens[tokens.len() - 1].end,
        tokens,
    });
}

fn ends_sentence(text: &str, tok: &Token, next: Option<&Token>) -> bool {
    let t = tok.text.as_str();
    let Some(next) = next else { return false };
    let next_first = next.text.chars().next().unwrap_or(' ');
    // A closing quote after "." is decided on the token after it (see split_sentences).
    let next_opens_sentence = opens_sentence(next)
        || CLOSING_PUNCT.contains(&next_first) && next.text.chars().count() == 1;
    let gap = &text[tok.end..next.start];
    if gap.contains('\n') && matches!(t, "." | "!" | "?" | "…" | "...") {
        return true;
    }
    match t {
        "." | "!" | "?" | "…" | "..." | "!!" | "??" | "?!" => {
            // "?" then a lower-case word is mostly a quote going on: "Why? asked he".
            next_opens_sentence || next_first.is_lowercase() && t == "."
                && next.text.len() > 1 && gap.len() > 1
        }
        _ if t.ends_with('.') && t.len() > 1 => {
            let base = t[..t.len() - 1].to_lowercase();
            if TITLE_ABBREVIATIONS.contains(&base.as_str()) || is_initial(t) {
                return false;
            }
            // An abbreviation at the end of a sentence carries the sentence's period.
            next_opens_sentence && SENTENCE_STARTERS.contains(&next.text.as_str())
        }
        _ => false,
    }
}

fn opens_sentence(tok: &Token) -> bool {
    let c = tok.text.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || OPENING_PUNCT.contains(&c) || c == '-' || c == '•'
}

/// "J." or "K." (a capital letter and a period): an initial inside a name.
fn is_initial(t: &str) -> bool {
    let mut c = t.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

/// Splits `text[start..end]` into UD-style tokens with byte offsets.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let slice = &text[start..end];
    let mut chunk_start: Option<usize> = None;
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, start + s, start + i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, start + s, end, &mut out);
    }
    out
}

fn push(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    if e > s {
        out.push(Token {
            text: text[s..e].to_string(),
            start: s,
            end: e,
        });
    }
}

/// Splits one white-space delimited chunk into tokens.
fn split_chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<Token>) {
    let chunk = &text[s..e];
    if is_url_or_email(chunk) {
        // Trailing sentence punctuation still comes off a URL.
        let trimmed = chunk.trim_end_matches(|c: char| TRAILING_PUNCT.contains(&c) || CLOSING_PUNCT.contains(&c));
        let te = s + trimmed.len();
        push(text, s, te, out);
        split_chunk_tail(text, te, e, out);
        return;
    }
    // Leading punctuation: quotes, brackets, currency.
    loop {
        let Some(c) = text[s..e].chars().next() else { return };
        let rest = &text[s + c.len_utf8()..e];
        let leading = OPENING_PUNCT.contains(&c)
            || CLOSING_PUNCT.contains(&c) && !rest.is_empty() && !is_year_elision(&text[s..e])
            || matches!(c, '$' | '£' | '€' | '¥' | '#' | '—' | '–' | '*' | '•')
            || (c == '-' && rest.starts_with(|d: char| d.is_alphabetic()));
        if leading && e - s > c.len_utf8() {
            // "--" and "..." stay whole.
            push(text, s, s + c.len_utf8(), out);
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    loop {
        let w = &text[s..e];
        if w.is_empty() {
            break;
        }
        if w.len() > 3 && (w.ends_with("...")) {
            tail.push((e - 3, e));
            e -= 3;
            continue;
        }
        let c = w.chars().next_back().unwrap();
        let cl = c.len_utf8();
        if w.len() == cl {
            break;
        }
        if CLOSING_PUNCT.contains(&c) {
            // Plural possessive "leaders'" keeps its apostrophe as a token of its own.
            tail.push((e - cl, e));
            e -= cl;
            continue;
        }
        if c == '.' {
            let base = &w[..w.len() - 1];
            let last_part = base.rsplit(['-', '/']).next().unwrap_or(base);
            if is_abbreviation(last_part) {
                break;
            }
            tail.push((e - 1, e));
            e -= 1;
            continue;
        }
        if TRAILING_PUNCT.contains(&c) || matches!(c, '%' | '—' | '–' | '*') {
            tail.push((e - cl, e));
            e -= cl;
            continue;
        }
        break;
    }
    split_word(text, s, e, out);
    for &(ts, te) in tail.iter().rev() {
        push(text, ts, te, out);
    }
}

fn split_chunk_tail(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    for (i, c) in text[s..e].char_indices() {
        push(text, s + i, s + i + c.len_utf8(), out);
    }
}

/// '51st or '90s: an apostrophe that elides digits, not a quote.
fn is_year_elision(w: &str) -> bool {
    let mut c = w.chars();
    matches!(c.next(), Some('\'' | '’')) && matches!(c.next(), Some(d) if d.is_ascii_digit())
        && w.trim_end_matches(|c: char| !c.is_alphanumeric()).ends_with('s')
        && w.len() <= 5
}

fn is_url_or_email(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || (w.contains('@') && w.contains('.') && !w.starts_with('@'))
        || {
            let core = l.trim_end_matches(|c: char| !c.is_alphanumeric());
            [".com", ".org", ".net", ".gov", ".co.uk", ".ca"].iter().any(|d| core.ends_with(d))
                && core.len() > 6
                && !core.contains("..")
        }
}

/// True when `base` + "." is an abbreviation ("U.S", "Mr", "J", "Inc").
fn is_abbreviation(base: &str) -> bool {
    if base.is_empty() {
        return false;
    }
    let lower = base.to_lowercase();
    if TITLE_ABBREVIATIONS.contains(&lower.as_str()) || OTHER_ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Single capital letter (initial), or dotted letters like "U.S" / "a.m".
    let chars: Vec<char> = base.chars().collect();
    if chars.len() == 1 && chars[0].is_alphabetic() && chars[0].is_uppercase() {
        return true;
    }
    chars.len() >= 3
        && chars.iter().enumerate().all(|(i, c)| if i % 2 == 0 { c.is_alphabetic() } else { *c == '.' })
}

/// Splits clitics, hyphens, slashes and symbols inside a word.
fn split_word(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    if e <= s {
        return;
    }
    let w = &text[s..e];
    // Clitics: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly apostrophe).
    if let Some(split) = clitic_split(w) {
        split_word(text, s, s + split, out);
        push(text, s + split, e, out);
        return;
    }
    let lower = w.to_lowercase();
    for (whole, at) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
        if lower == whole {
            push(text, s, s + at, out);
            push(text, s + at, e, out);
            return;
        }
    }
    // Hyphens and slashes between words split, except after common prefixes and in numbers.
    for sep in ['-', '/', '–', '—'] {
        if let Some(pos) = w.find(sep) {
            let (left, right) = (&w[..pos], &w[pos + sep.len_utf8()..]);
            if left.is_empty() || right.is_empty() {
                continue;
            }
            let numeric = |x: &str| x.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
            if numeric(left) && (numeric(right) || right.chars().next().unwrap().is_ascii_digit())
                && sep != '–' && sep != '—'
            {
                // 11/28/2000, 713-853-3989, 50-50 stay whole.
                break;
            }
            if sep == '-' && HYPHEN_PREFIXES.contains(&left.to_lowercase().as_str()) {
                break;
            }
            // Letters+digits like "F-35", "G-7", "COVID-19" are one name.
            if sep == '-'
                && right.chars().all(|c| c.is_ascii_digit())
                && left.chars().all(|c| c.is_ascii_uppercase())
            {
                break;
            }
            if w.contains("://") {
                break;
            }
            split_word(text, s, s + pos, out);
            push(text, s + pos, s + pos + sep.len_utf8(), out);
            split_word(text, s + pos + sep.len_utf8(), e, out);
            return;
        }
    }
    push(text, s, e, out);
}

/// Byte position where a clitic starts in `w`, if it ends in one.
fn clitic_split(w: &str) -> Option<usize> {
    let lower = w.to_lowercase();
    for nt in ["n't", "n’t"] {
        if lower.ends_with(nt) && lower.len() > nt.len() {
            return Some(w.len() - nt.len());
        }
    }
    for apo in ['\'', '’'] {
        if let Some(pos) = lower.rfind(apo) {
            let suffix = &lower[pos + apo.len_utf8()..];
            if pos > 0 && matches!(suffix, "s" | "re" | "ve" | "ll" | "d" | "m") {
                return Some(pos);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len()).into_iter().map(|t| t.text).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        segment(s, 0, s.len())
            .into_iter()
            .map(|x| s[x.start..x.end].to_string())
            .collect()
    }

    #[test]
    fn clitics_follow_ud() {
        assert_eq!(toks("I don't know"), ["I", "do", "n't", "know"]);
        assert_eq!(toks("Canada's sovereignty"), ["Canada", "'s", "sovereignty"]);
        assert_eq!(toks("can't won’t"), ["ca", "n't", "wo", "n’t"]);
        assert_eq!(toks("they're"), ["they", "'re"]);
    }

    #[test]
    fn punctuation_and_abbreviations() {
        assert_eq!(toks("the U.S. economy,"), ["the", "U.S.", "economy", ","]);
        assert_eq!(toks("(Mr. Trump)."), ["(", "Mr.", "Trump", ")", "."]);
        assert_eq!(toks("“Hello,” he said"), ["“", "Hello", ",", "”", "he", "said"]);
        assert_eq!(toks("$61 billion"), ["$", "61", "billion"]);
        assert_eq!(toks("50% of 3.5"), ["50", "%", "of", "3.5"]);
        assert_eq!(toks("the '51st state'"), ["the", "'", "51st", "state", "'"]);
    }

    #[test]
    fn hyphens_split_except_prefixes_and_numbers() {
        assert_eq!(toks("Canada-U.S. trade"), ["Canada", "-", "U.S.", "trade"]);
        assert_eq!(toks("co-operation F-35 713-853-3989"), ["co-operation", "F-35", "713-853-3989"]);
    }

    #[test]
    fn offsets_point_into_text() {
        let s = "Don’t go.";
        for t in tokenize(s, 0, s.len()) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }

    #[test]
    fn sentences_survive_abbreviations_and_initials() {
        let s = "Mr. Carney met U.S. officials on Jan. 5. He left. J. K. Rowling wrote it. Shares rose 3.5 per cent.";
        assert_eq!(
            sents(s),
            [
                "Mr. Carney met U.S. officials on Jan. 5.",
                "He left.",
                "J. K. Rowling wrote it.",
                "Shares rose 3.5 per cent."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let s = "He said: “It is over.” Then he left.";
        assert_eq!(sents(s), ["He said: “It is over.”", "Then he left."]);
    }

    #[test]
    fn blank_lines_split_single_newlines_do_not() {
        let s = "According to\na statement\n, both agreed.\n\nTrade deal in focus\n\nNext one.";
        assert_eq!(
            sents(s),
            ["According to\na statement\n, both agreed.", "Trade deal in focus", "Next one."]
        );
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        let s = "It relies on the U.S. The president agreed.";
        assert_eq!(sents(s), ["It relies on the U.S.", "The president agreed."]);
    }
}
