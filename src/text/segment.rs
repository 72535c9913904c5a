//! Tokenization by rules, and sentence splitting by the learned model in
//! [`super::boundary`] (or by rules when no model is built in), following UD
//! English-EWT.
//!
//! Why rules for tokens: the conventions are fixed (Penn/UD), and the hard
//! cases (abbreviations, clitics, emoticons) are lists, not statistics.

use super::boundary::SentenceModel;
use super::{with_lowercase, Sentence, Token};

/// Abbreviations that keep their period and never end a sentence
/// (titles, initials-like forms, month names before a number).
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cpl", "sgt", "adm", "maj", "st",
    "mt", "ft", "rev", "hon", "pres", "supt", "insp", "det", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "no", "nos", "vol", "vs", "v", "cf", "approx", "dept", "est", "fig", "sr", "jr",
    "messrs", "mme", "mlle",
];

/// Abbreviations that keep their period but may end a sentence.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "plc", "bros", "etc", "al", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n",
    "e.u", "u.s.a", "d.c", "n.y", "l.a", "ph.d", "b.c", "a.d", "jr", "sr", "ext", "attn", "reps", "sens", "sts", "drs",
    "ave", "blvd", "esp", "mins", "hrs", "yrs", "oz", "lbs", "lb", "govt", "assn", "univ", "mgr",
];

/// Abbreviations that are also common lower-case words ("sat.", "sun.", "wash."):
/// kept whole only when capitalised.
const CAPITALISED_ABBREVIATIONS: &[&str] = &[
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Ala", "Ariz", "Ark", "Calif", "Colo",
    "Conn", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Neb", "Nev",
    "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Wash", "Wis",
];

/// Words that, capitalised after an ambiguous abbreviation ("in the U.S. The ..."),
/// show that a new sentence has begun.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "This",
    "That",
    "There",
    "In",
    "A",
    "An",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "Still",
    "Yet",
    "So",
    "As",
    "At",
    "On",
    "For",
    "Some",
    "Many",
];

const OPENING_PUNCT: &[char] = &['"', '\'', '“', '‘', '«', '(', '[', '{', '`', '¿', '¡'];
const CLOSING_PUNCT: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '}'];
const TRAILING_PUNCT: &[char] = &[',', ';', ':', '!', '?', '.', '…'];
/// Prefixes that stay attached to the word after their hyphen (UD EWT keeps "co-workers").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "re", "semi", "pro", "anti", "ex", "multi", "sub", "intra", "mid", "over",
    "under", "counter", "cross", "de", "un", "bi", "tri", "neo", "mis", "socio", "psycho",
];

/// Punctuation whose runs ("!!!", "....", "***", "--", "<<") are one token.
const RUN_PUNCT: &[char] = &['.', '!', '?', '*', '-', '=', '_', '~', '<', '>', '#', '+', '$', '\'', '’'];

/// Emoticons, one token each (UD EWT keeps ":)" and ":-)" whole).
const EMOTICONS: &[&str] = &[
    ":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":-P", ":p", ":-p", ":O", ":o", ":/", ":-/", ":'(", ":]",
    ":[", "=)", "=(", "=D", ";D", "(:", "):", "<3", "^_^", "^^",
];

/// The longest of [`EMOTICONS`], in bytes.
const MAX_EMOTICON_LEN: usize = 4;

/// Contractions written without their apostrophe ("dont", "Im"), split where the
/// apostrophe would be, as UD EWT does ("do nt", "I m"). Only forms that are not
/// also ordinary words ("its", "lets", "ill", "were" stay whole).
const BARE_CONTRACTIONS: &[(&str, usize)] = &[
    ("dont", 2),
    ("doesnt", 4),
    ("didnt", 3),
    ("cant", 2),
    ("wont", 2),
    ("isnt", 2),
    ("arent", 3),
    ("wasnt", 3),
    ("werent", 4),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("aint", 2),
    ("im", 1),
    ("ive", 1),
    ("youre", 3),
    ("youve", 3),
    ("theyre", 4),
    ("theyve", 4),
    ("thats", 4),
    ("whats", 4),
    ("hes", 2),
    ("shes", 3),
    ("theres", 5),
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("outta", 3),
    ("alot", 1),
];

/// Units written straight after a number ("5pm", "10k", "35mm"), split off as in UD EWT.
/// Ordinals ("21st") and decades ("1990s") stay whole.
const NUMBER_UNITS: &[&str] = &[
    "am", "pm", "k", "m", "b", "bn", "mm", "cm", "km", "ft", "kg", "lb", "lbs", "hz", "khz", "mhz", "ghz", "kb", "mb",
    "gb", "tb", "mph", "ml", "x",
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

/// Groups one paragraph's tokens into sentences and appends them to `out`. The
/// learned model ([`SentenceModel`]) decides where sentences end when one is
/// built in, else the rules below.
pub fn split_sentences(text: &str, tokens: Vec<Token>, out: &mut Vec<Sentence>) {
    let mut ends = match SentenceModel::builtin() {
        Some(model) => model.boundaries(text, &tokens),
        None => rule_boundaries(text, &tokens),
    };
    if let Some(dash) = dateline_end(&tokens) {
        ends[..dash].iter_mut().for_each(|e| *e = false);
        ends[dash] = true;
    }
    let mut current: Vec<Token> = Vec::new();
    for (tok, end) in tokens.into_iter().zip(ends) {
        current.push(tok);
        if end {
            push_sentence(&mut current, out);
        }
    }
    push_sentence(&mut current, out);
}

/// Whether a sentence is a wire dateline ("KYIV, April 30 (Reuters) -"),
/// which [`split_sentences`] makes a sentence of its own.
pub fn is_dateline(tokens: &[Token]) -> bool {
    dateline_dash(tokens).is_some_and(|dash| dash + 1 == tokens.len())
}

/// The dash ending a wire dateline at the start of a paragraph ("WASHINGTON
/// (Reuters) -", "LONDON, Jan 16 (AP) —"): a place in capitals, then only
/// capitalised words, numbers and punctuation. The dateline is a sentence
/// of its own, so the story's first sentence parses without it.
fn dateline_end(tokens: &[Token]) -> Option<usize> {
    let dash = dateline_dash(tokens)?;
    // A hyphen inside a word is no dateline's dash: "WHO Director-General Tedros".
    let inside_word = dash > 0
        && dash + 1 < tokens.len()
        && tokens[dash - 1].end == tokens[dash].start
        && tokens[dash].end == tokens[dash + 1].start;
    (!inside_word && dash + 1 < tokens.len()).then_some(dash)
}

/// The first dash, when the words before it can be a dateline.
fn dateline_dash(tokens: &[Token]) -> Option<usize> {
    const MAX_DATELINE_TOKENS: usize = 12;
    let first = &tokens.first()?.text;
    if first.chars().count() < 2 || !first.chars().all(|c| c.is_uppercase() || c == '.') {
        return None;
    }
    let dash =
        tokens.iter().take(MAX_DATELINE_TOKENS).position(|t| matches!(t.text.as_str(), "-" | "--" | "–" | "—"))?;
    let dateline = &tokens[..dash];
    let plain = dateline.iter().all(|t| !t.text.starts_with(|c: char| c.is_lowercase()));
    plain.then_some(dash)
}

/// For each token, whether a sentence ends after it, by rules for edited prose.
fn rule_boundaries(text: &str, tokens: &[Token]) -> Vec<bool> {
    let n = tokens.len();
    let mut ends = vec![false; n];
    let mut pending_end = false;
    for (i, tok) in tokens.iter().enumerate() {
        if pending_end {
            // Closing quotes and brackets after the end punctuation stay in the sentence.
            if tok.text.chars().all(|c| CLOSING_PUNCT.contains(&c)) {
                continue;
            }
            if opens_sentence(tok) {
                ends[i - 1] = true;
            }
        }
        pending_end = i + 1 < n && ends_sentence(text, tok, tokens.get(i + 1));
    }
    if let Some(last) = ends.last_mut() {
        *last = true;
    }
    ends
}

/// Moves `current` into `out` as a sentence. An abbreviation ending the sentence
/// gives up its period as the sentence's own ("etc." -> "etc" "."), as in UD EWT.
fn push_sentence(current: &mut Vec<Token>, out: &mut Vec<Sentence>) {
    if current.is_empty() {
        return;
    }
    let mut tokens = std::mem::take(current);
    let closing = tokens.iter().rev().take_while(|t| t.text.chars().all(|c| CLOSING_PUNCT.contains(&c))).count();
    let last = tokens.len() - 1 - closing.min(tokens.len() - 1);
    if is_abbreviation_token(&tokens[last].text) {
        let t = &mut tokens[last];
        let period = Token { text: ".".into(), start: t.end - 1, end: t.end };
        t.text.pop();
        t.end -= 1;
        tokens.insert(last + 1, period);
    }
    out.push(Sentence { start: tokens[0].start, end: tokens[tokens.len() - 1].end, tokens });
}

/// A token the tokenizer kept whole with its period ("U.S.", "etc.", "J.").
pub(super) fn is_abbreviation_token(t: &str) -> bool {
    t.len() > 1 && t.ends_with('.') && !is_final_punct(t)
}

fn ends_sentence(text: &str, tok: &Token, next: Option<&Token>) -> bool {
    let t = tok.text.as_str();
    let Some(next) = next else { return false };
    let next_first = next.text.chars().next().unwrap_or(' ');
    // A closing quote after "." is decided on the token after it (see split_sentences).
    let next_opens_sentence =
        opens_sentence(next) || CLOSING_PUNCT.contains(&next_first) && next.text.chars().count() == 1;
    let gap = &text[tok.end..next.start];
    let final_punct = is_final_punct(t);
    if gap.contains('\n') && final_punct {
        return true;
    }
    if final_punct {
        // "?" then a lower-case word is mostly a quote going on: "Why? asked he".
        return next_opens_sentence || next_first.is_lowercase() && t == "." && next.text.len() > 1 && gap.len() > 1;
    }
    if t.ends_with('.') && t.len() > 1 {
        let base = t[..t.len() - 1].to_lowercase();
        if TITLE_ABBREVIATIONS.contains(&base.as_str()) || is_initial(t) {
            return false;
        }
        // An abbreviation at the end of a sentence carries the sentence's period.
        return next_opens_sentence && SENTENCE_STARTERS.contains(&next.text.as_str());
    }
    false
}

/// Sentence-final punctuation: ".", "?", "!", "…" and their runs ("!!!", "?!", "....").
pub(super) fn is_final_punct(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn opens_sentence(tok: &Token) -> bool {
    let c = tok.text.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || OPENING_PUNCT.contains(&c) || c == '-' || c == '•'
}

/// "J." or "K." (a capital letter and a period): an initial inside a name.
pub(super) fn is_initial(t: &str) -> bool {
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
        out.push(Token { text: text[s..e].to_string(), start: s, end: e });
    }
}

/// Splits one white-space delimited chunk into tokens.
fn split_chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<Token>) {
    // Leading punctuation: quotes, brackets, currency, runs like "--" or "<<".
    loop {
        let w = &text[s..e];
        if w.len() <= MAX_EMOTICON_LEN && EMOTICONS.contains(&w) {
            push(text, s, e, out);
            return;
        }
        let Some(c) = w.chars().next() else { return };
        let run = punct_run(w, c);
        let rest = &w[run..];
        if rest.is_empty() {
            break;
        }
        let next_alnum = rest.starts_with(|d: char| d.is_alphanumeric());
        // "'s" typed apart from its word is the clitic, not a quote.
        let leading = clitic_split(w) != Some(0)
            && (run > c.len_utf8() || OPENING_PUNCT.contains(&c) || CLOSING_PUNCT.contains(&c) && !is_year_elision(w))
            || matches!(c, '$' | '£' | '€' | '¥' | '—' | '–' | '*' | '•' | '<')
            || c == '>' && next_alnum
            // "#1" splits, a hashtag "#audiobooks" stays whole.
            || c == '#' && rest.starts_with(|d: char| d.is_ascii_digit())
            || c == '-' && next_alnum;
        if !leading {
            break;
        }
        push(text, s, s + run, out);
        s += run;
    }
    if is_url_or_email(&text[s..e]) {
        // Trailing sentence punctuation and brackets still come off a URL.
        let trimmed = text[s..e]
            .trim_end_matches(|c: char| TRAILING_PUNCT.contains(&c) || CLOSING_PUNCT.contains(&c) || c == '>');
        let te = s + trimmed.len();
        push(text, s, te, out);
        split_punct(text, te, e, out);
        return;
    }
    // Trailing punctuation, collected in reverse.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    loop {
        let w = &text[s..e];
        // Such an emoticon starts with ':', ';' or '=' a few bytes from the end: most chunks have none there.
        let b = w.as_bytes();
        let may_end_in_emoticon =
            (2..=MAX_EMOTICON_LEN).any(|k| b.len() > k && matches!(b[b.len() - k], b':' | b';' | b'='));
        let emoticon = may_end_in_emoticon
            .then(|| EMOTICONS.iter().find(|m| w.len() > m.len() && w.ends_with(*m) && m.starts_with([':', ';', '='])))
            .flatten();
        if let Some(m) = emoticon {
            tail.push((e - m.len(), e));
            e -= m.len();
            continue;
        }
        let Some(c) = w.chars().next_back() else { break };
        let cl = c.len_utf8();
        if w.len() == cl {
            break;
        }
        // "!!!", "?!" and "...." are one token; a chunk that is all one run stays whole.
        let mut run = trailing_run(w, c);
        if run == w.len() {
            break;
        }
        // "the U.S.?": the abbreviation keeps its period, the question mark goes.
        let run_text = &w[w.len() - run..];
        if run_text.starts_with('.') && run_text.contains(['!', '?']) && ends_in_abbreviation(&w[..w.len() - run]) {
            run -= 1;
        }
        if run > cl {
            tail.push((e - run, e));
            e -= run;
            continue;
        }
        if CLOSING_PUNCT.contains(&c) {
            // Plural possessive "leaders'" keeps its apostrophe as a token of its own.
            tail.push((e - cl, e));
            e -= cl;
            continue;
        }
        if c == '.' {
            if ends_in_abbreviation(&w[..w.len() - 1]) {
                break;
            }
            tail.push((e - 1, e));
            e -= 1;
            continue;
        }
        if TRAILING_PUNCT.contains(&c) || matches!(c, '%' | '—' | '–' | '*' | '>') {
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

/// Byte length of the run of `c` that starts `w` when `c` forms runs ("--", "<<"), else of `c` alone.
fn punct_run(w: &str, c: char) -> usize {
    if RUN_PUNCT.contains(&c) {
        w.len() - w.trim_start_matches(c).len()
    } else {
        c.len_utf8()
    }
}

/// Byte length of the punctuation run that ends `w` (its last char is `c`): mixed
/// sentence punctuation ("?!", ".?"), or repeats of one run character.
fn trailing_run(w: &str, c: char) -> usize {
    let is_end = |x: char| matches!(x, '.' | '!' | '?');
    if is_end(c) {
        w.len() - w.trim_end_matches(is_end).len()
    } else if RUN_PUNCT.contains(&c) {
        w.len() - w.trim_end_matches(c).len()
    } else {
        c.len_utf8()
    }
}

/// Splits a stretch of punctuation into tokens, runs of one character together.
fn split_punct(text: &str, mut s: usize, e: usize, out: &mut Vec<Token>) {
    while let Some(c) = text[s..e].chars().next() {
        let run = punct_run(&text[s..e], c);
        push(text, s, s + run, out);
        s += run;
    }
}

/// '51st or '90s: an apostrophe that elides digits, not a quote.
fn is_year_elision(w: &str) -> bool {
    let mut c = w.chars();
    matches!(c.next(), Some('\'' | '’'))
        && matches!(c.next(), Some(d) if d.is_ascii_digit())
        && w.trim_end_matches(|c: char| !c.is_alphanumeric()).ends_with('s')
        && w.len() <= 5
}

fn is_url_or_email(w: &str) -> bool {
    // Compared ignoring ASCII case rather than on a lower-cased copy: this runs for every chunk.
    let b = w.as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    starts("http://")
        || starts("https://")
        || starts("www.")
        || (w.contains('@') && w.contains('.') && !w.starts_with('@'))
        || {
            let core = w.trim_end_matches(|c: char| !c.is_alphanumeric()).as_bytes();
            let ends =
                |d: &str| core.len() >= d.len() && core[core.len() - d.len()..].eq_ignore_ascii_case(d.as_bytes());
            [".com", ".org", ".net", ".gov", ".co.uk", ".ca"].iter().any(|d| ends(d))
                && core.len() > 6
                && !core.windows(2).any(|p| p == b"..")
        }
}

/// True when `base` + "." ends in an abbreviation ("U.S", "Canada-U.S").
fn ends_in_abbreviation(base: &str) -> bool {
    is_abbreviation(base.rsplit(['-', '/']).next().unwrap_or(base))
}

/// True when `base` + "." is an abbreviation ("U.S", "Mr", "J", "Inc").
fn is_abbreviation(base: &str) -> bool {
    if base.is_empty() {
        return false;
    }
    let listed = |lower: &str| TITLE_ABBREVIATIONS.contains(&lower) || OTHER_ABBREVIATIONS.contains(&lower);
    if with_lowercase(base, listed) || CAPITALISED_ABBREVIATIONS.contains(&base) {
        return true;
    }
    // Single capital letter (initial), or dotted letters like "U.S" / "a.m".
    let mut chars = base.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic() && c.is_uppercase();
    }
    base.chars().count() >= 3
        && base.chars().enumerate().all(|(i, c)| if i % 2 == 0 { c.is_alphabetic() } else { c == '.' })
}

/// Splits clitics, hyphens, slashes and symbols inside a word.
fn split_word(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    if e <= s {
        return;
    }
    let w = &text[s..e];
    // Clitics: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly apostrophe).
    if let Some(split) = clitic_split(w).filter(|&p| p > 0) {
        split_word(text, s, s + split, out);
        push(text, s + split, e, out);
        return;
    }
    if let Some(at) = bare_contraction(w).or_else(|| number_unit(w)) {
        push(text, s, s + at, out);
        push(text, s + at, e, out);
        return;
    }
    // "past...and", "politics--the": a run of dots or dashes between words.
    if let Some(pos) = w.as_bytes().windows(2).position(|p| matches!(p, b".." | b"--")) {
        let run = punct_run(&w[pos..], w[pos..].chars().next().unwrap_or('.'));
        split_chunk(text, s, s + pos, out);
        push(text, s + pos, s + pos + run, out);
        split_chunk(text, s + pos + run, e, out);
        return;
    }
    // Hyphens and slashes between words split, except after common prefixes and in numbers.
    // Most words have none ('–' and '—' start with byte 0xE2): one pass over the bytes rules them out.
    let seps: &[char] =
        if w.bytes().any(|b| matches!(b, b'-' | b'/' | 0xE2)) { &['-', '/', '–', '—'] } else { &[] };
    for &sep in seps {
        if let Some(pos) = w.find(sep) {
            let (left, right) = (&w[..pos], &w[pos + sep.len_utf8()..]);
            if left.is_empty() || right.is_empty() {
                continue;
            }
            if keeps_numeric_separator(left, right, sep) {
                break;
            }
            if sep == '-' && with_lowercase(left, |l| HYPHEN_PREFIXES.contains(&l)) {
                break;
            }
            // Letter pairs like "b/c" (because) or "I/C" are one abbreviation.
            let single_letter = |x: &str| x.chars().count() == 1 && x.chars().all(char::is_alphabetic);
            if sep == '/' && single_letter(left) && single_letter(right) {
                break;
            }
            // Letters+digits like "F-35", "G-7", "COVID-19" are one name.
            if sep == '-' && right.chars().all(|c| c.is_ascii_digit()) && left.chars().all(|c| c.is_ascii_uppercase()) {
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

/// Numbers joined by `sep` that form one token: dates "11/28/2000", phone numbers
/// "713-853-3989" or "345-8702", zip codes "77042-2016". Ranges ("5-10",
/// "1969-1970") split, as in UD EWT.
fn keeps_numeric_separator(left: &str, right: &str, sep: char) -> bool {
    let numeric = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !numeric(left) || !right.starts_with(|d: char| d.is_ascii_digit()) {
        return false;
    }
    match sep {
        '/' => true,
        '-' => right.contains('-') || digits(left) && digits(right) && right.len() == 4 && left.len() != 4,
        _ => false,
    }
}

/// Where to split a contraction written without its apostrophe ("dont" -> "do" "nt").
fn bare_contraction(w: &str) -> Option<usize> {
    // Every form is short plain ASCII: most words are ruled out without lower-casing them.
    if w.is_ascii() && !BARE_CONTRACTIONS.iter().any(|(form, _)| form.eq_ignore_ascii_case(w)) {
        return None;
    }
    let lower = w.to_lowercase();
    let &(_, at) = BARE_CONTRACTIONS.iter().find(|(form, _)| *form == lower)?;
    // Lower case, capitalised, or shouted when long enough not to be an acronym ("IM", "HES").
    let mut rest = w.chars().skip(1);
    let ok = w == lower || rest.all(|c| c.is_lowercase()) || w.len() >= 4 && w.chars().all(|c| c.is_uppercase());
    ok.then_some(at)
}

/// Where a unit written against its number starts ("5pm", "35mm", "10k").
fn number_unit(w: &str) -> Option<usize> {
    let at = w.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ':')))?;
    let (num, unit) = w.split_at(at);
    (num.starts_with(|c: char| c.is_ascii_digit()) && with_lowercase(unit, |u| NUMBER_UNITS.contains(&u))).then_some(at)
}

/// Byte position where a clitic starts in `w`, if it ends in one (0 when `w`
/// is just the clitic, as in "' s" typed apart).
fn clitic_split(w: &str) -> Option<usize> {
    // Every clitic has an apostrophe ('\'' or '’', which starts with byte 0xE2): most words have none.
    if !w.bytes().any(|b| b == b'\'' || b == 0xE2) {
        return None;
    }
    let ends_with = |suffix: &str| {
        w.len() >= suffix.len()
            && w.is_char_boundary(w.len() - suffix.len())
            && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    for nt in ["n't", "n’t"] {
        if ends_with(nt) && w.len() > nt.len() {
            return Some(w.len() - nt.len());
        }
    }
    for apo in ['\'', '’'] {
        if let Some(pos) = w.rfind(apo) {
            let suffix = &w[pos + apo.len_utf8()..];
            let is = |x: &str| suffix.eq_ignore_ascii_case(x);
            // "1960's" is a plural, not a clitic.
            let decade = is("s") && pos > 0 && w[..pos].bytes().all(|b| b.is_ascii_digit());
            if ["s", "re", "ve", "ll", "d", "m"].into_iter().any(is) && !decade {
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
        segment(s, 0, s.len()).into_iter().map(|x| s[x.start..x.end].to_string()).collect()
    }

    #[test]
    fn a_wire_dateline_is_a_sentence_of_its_own() {
        assert_eq!(
            sents("WASHINGTON (Reuters) - The Supreme Court blocked the plan. It ruled 6-3."),
            ["WASHINGTON (Reuters) -", "The Supreme Court blocked the plan.", "It ruled 6-3."]
        );
        assert_eq!(
            sents("LONDON, Jan 16 (AP) — Shell agreed to sell."),
            ["LONDON, Jan 16 (AP) —", "Shell agreed to sell."]
        );
        // Not datelines: a lower-case word before the dash, or no capitals first.
        assert_eq!(sents("NATO said - again - that it would act."), ["NATO said - again - that it would act."]);
        assert_eq!(sents("Paris - the city of light - votes."), ["Paris - the city of light - votes."]);
        assert_eq!(
            sents("WHO Director-General Tedros Adhanom said the strain spread."),
            ["WHO Director-General Tedros Adhanom said the strain spread."],
            "a hyphen inside a word"
        );
    }

    #[test]
    fn a_dateline_sentence_is_told_from_a_sentence_with_a_dash() {
        let first = |s: &str| segment(s, 0, s.len()).remove(0).tokens;
        assert!(is_dateline(&first("KYIV, April 30 (Reuters) - Ukraine signed the deal.")));
        assert!(is_dateline(&first("YANGON/BANGKOK, March 29 (Reuters) - Rescuers dug on.")));
        assert!(!is_dateline(&first("NATO said - again - that it would act.")));
        assert!(!is_dateline(&first("The Supreme Court blocked the plan.")));
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
    fn punctuation_runs_and_emoticons_stay_whole() {
        assert_eq!(toks("Great!!! Really?! Hmm.... ok"), ["Great", "!!!", "Really", "?!", "Hmm", "....", "ok"]);
        assert_eq!(
            toks("politics--the past...and *** <<Alberta"),
            ["politics", "--", "the", "past", "...", "and", "***", "<<", "Alberta"]
        );
        assert_eq!(toks("fun :) and happy:-) ;)"), ["fun", ":)", "and", "happy", ":-)", ";)"]);
        assert_eq!(toks("<spahnn@hnks.com>"), ["<", "spahnn@hnks.com", ">"]);
        assert_eq!(toks("#1 #audiobooks"), ["#", "1", "#audiobooks"]);
    }

    #[test]
    fn bare_contractions_and_units_split_like_ewt() {
        assert_eq!(toks("dont Im CANT IM its"), ["do", "nt", "I", "m", "CA", "NT", "IM", "its"]);
        assert_eq!(toks("cannot gonna alot"), ["can", "not", "gon", "na", "a", "lot"]);
        assert_eq!(
            toks("7:30PM 5pm 35mm 10k 21st 1990s 1960's"),
            ["7:30", "PM", "5", "pm", "35", "mm", "10", "k", "21st", "1990s", "1960's"]
        );
        assert_eq!(toks("' s it's"), ["'", "s", "it", "'s"]);
        assert_eq!(toks("'s"), ["'s"]);
    }

    #[test]
    fn numeric_hyphens_keep_phones_and_split_ranges() {
        assert_eq!(
            toks("5-10 1969-1970 345-8702 77042-2016 12-20-2000"),
            ["5", "-", "10", "1969", "-", "1970", "345-8702", "77042-2016", "12-20-2000"]
        );
        assert_eq!(toks("self-driven mis-matches b/c"), ["self", "-", "driven", "mis-matches", "b/c"]);
    }

    #[test]
    fn capitalised_only_abbreviations() {
        assert_eq!(toks("Sat. sat. ext."), ["Sat.", "sat", ".", "ext."]);
        assert_eq!(toks("the U.S.?"), ["the", "U.S.", "?"]);
    }

    #[test]
    fn emoticons_fit_their_length_bound() {
        assert!(EMOTICONS.iter().all(|e| e.len() <= MAX_EMOTICON_LEN));
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
        assert_eq!(sents(s), ["According to\na statement\n, both agreed.", "Trade deal in focus", "Next one."]);
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        let s = "It relies on the U.S. The president agreed.";
        let tokens = tokenize(s, 0, s.len());
        let ends = rule_boundaries(s, &tokens);
        assert_eq!(ends.iter().filter(|&&e| e).count(), 2);
        // The sentence's period comes off the abbreviation, as in UD EWT ("U.S ." and "etc .").
        let mut out = Vec::new();
        push_sentence(&mut tokens[..5].to_vec(), &mut out);
        assert_eq!(out[0].words(), ["It", "relies", "on", "the", "U.S", "."]);
        assert_eq!((out[0].start, out[0].end), (0, 21));
        assert_eq!(out[0].tokens[5].start, 20);
    }
}
