//! One sense per document: a name the model recognised in some sentences of a
//! document is recognised in the others too.
//!
//! The model labels each sentence on its own, so a name it tags as an
//! organisation three times can still be missed the fourth time, where the
//! context is thin ("Google it."). Within one document a capitalised name
//! almost always keeps its type, so a word sequence tagged as an entity at
//! least twice and in at least half of its occurrences is tagged, with its
//! most frequent type, wherever it is left outside any entity, and where it
//! was tagged with a type it has less often, it takes the most frequent one.

use super::{IOB, TYPES};
use std::collections::HashMap;

/// How often a name must be tagged before its untagged occurrences are
/// (2 was better than 1 on UNER EWT dev).
const MIN_TIMES_TAGGED: u32 = 2;

/// Labels the untagged occurrences of names tagged elsewhere in the document.
/// `sentences[s]` are the words of sentence `s`, `labels[s]` their IOB2 labels
/// (as [`NerTagger::tag`](super::NerTagger::tag) gives them), changed in place.
pub fn label_repeated_names(sentences: &[Vec<&str>], labels: &mut [Vec<&'static str>]) {
    let declared = label_bracketed_initials(sentences, labels);
    // Each tagged word sequence, with how often it has each type.
    let mut tagged: HashMap<&[&str], [u32; TYPES.len()]> = HashMap::new();
    for (words, labs) in sentences.iter().zip(labels.iter()) {
        for (start, end, ty) in entity_spans(labs) {
            tagged.entry(&words[start..end]).or_default()[ty] += 1;
        }
    }
    if tagged.is_empty() {
        return;
    }
    // Longest sequences first, so "Bank of America" wins over "America".
    let mut by_first: HashMap<&str, Vec<&[&str]>> = HashMap::new();
    for name in tagged.keys() {
        by_first.entry(name[0]).or_default().push(name);
    }
    for names in by_first.values_mut() {
        names.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }
    let matches_at = |words: &[&str], i: usize| -> Vec<&[&str]> {
        by_first
            .get(words[i])
            .map(|names| names.iter().copied().filter(|n| words[i..].starts_with(n)).collect())
            .unwrap_or_default()
    };
    let mut occurrences: HashMap<&[&str], u32> = HashMap::new();
    for words in sentences {
        for i in 0..words.len() {
            for name in matches_at(words, i) {
                *occurrences.entry(name).or_default() += 1;
            }
        }
    }
    let majority = |counts: &[u32; TYPES.len()]| {
        // The most frequent type; ties go to the first in TYPES order.
        (0..TYPES.len()).rev().max_by_key(|&t| counts[t]).expect("three types")
    };
    for (words, labs) in sentences.iter().zip(labels.iter_mut()) {
        // A name tagged with another type more often elsewhere takes that type.
        for (start, end, ty) in entity_spans(labs) {
            let counts = &tagged[&words[start..end]];
            let best = majority(counts);
            if counts[best] > counts[ty] {
                label_entity(&mut labs[start..end], best);
            }
        }
        let mut i = 0;
        while i < words.len() {
            let fill = matches_at(words, i).into_iter().find(|name| {
                let end = i + name.len();
                let counts = tagged[name];
                let times_tagged: u32 = counts.iter().sum();
                name[0].starts_with(char::is_uppercase)
                    && labs[i..end].iter().all(|&l| l == "O")
                    && labs.get(end).is_none_or(|l| !l.starts_with("I-"))
                    && (declared.contains(name)
                        || (times_tagged >= MIN_TIMES_TAGGED && 2 * times_tagged >= occurrences[name]))
            });
            match fill {
                Some(name) => {
                    label_entity(&mut labs[i..i + name.len()], majority(&tagged[name]));
                    i += name.len();
                }
                None => i += 1,
            }
        }
    }
}

/// Labels `labs` as one entity of type `ty` (IOB2: "B-" then "I-").
fn label_entity(labs: &mut [&'static str], ty: usize) {
    labs[0] = IOB[super::label(ty, 0)];
    for l in &mut labs[1..] {
        *l = IOB[super::label(ty, 1)];
    }
}

/// Small words a name's initials skip ("Housing Authority of New Orleans").
const INITIALS_SKIP: [&str; 7] = ["of", "and", "for", "the", "on", "&", "de"];

/// Capitals in brackets right after the words whose initials they spell
/// ("the Housing Authority of New Orleans (HANO)") make those words one entity
/// and the capitals its short name, of the type the model gave the short name,
/// else the first type it gave the words (the head of "Housing Authority of
/// New Orleans" comes first). The short names are returned: declared this way,
/// one names the entity wherever else the document uses it.
fn label_bracketed_initials<'a>(sentences: &'a [Vec<&'a str>], labels: &mut [Vec<&'static str>]) -> Vec<&'a [&'a str]> {
    let mut declared = Vec::new();
    for (words, labs) in sentences.iter().zip(labels.iter_mut()) {
        for open in 1..words.len().saturating_sub(2) {
            let short = words[open + 1];
            if words[open] != "(" || words[open + 2] != ")" || !(2..=8).contains(&short.len()) {
                continue;
            }
            if !short.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let Some(start) = initials_run(&words[..open], short) else { continue };
            let type_of = |l: &str| TYPES.iter().position(|&t| l.get(2..) == Some(t));
            let Some(ty) = type_of(labs[open + 1]).or_else(|| labs[start..open].iter().find_map(|l| type_of(l))) else {
                continue;
            };
            label_entity(&mut labs[start..open], ty);
            label_entity(&mut labs[open + 1..open + 2], ty);
            declared.push(&words[open + 1..open + 2]);
        }
    }
    declared
}

/// Where the words ending `before` start whose capitalised initials spell
/// `short` (skipping [`INITIALS_SKIP`] words inside), if they do.
fn initials_run(before: &[&str], short: &str) -> Option<usize> {
    let mut letters = short.chars().rev().peekable();
    let mut i = before.len();
    while letters.peek().is_some() {
        i = i.checked_sub(1)?;
        let w = before[i];
        if INITIALS_SKIP.contains(&w) && i + 1 < before.len() {
            continue;
        }
        if w.chars().next() != letters.next() {
            return None;
        }
    }
    Some(i)
}

/// (start, end, type index) of each entity in IOB2 labels.
fn entity_spans(labels: &[&str]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, l) in labels.iter().enumerate() {
        let (part, ty) = l.split_once('-').unwrap_or((l, ""));
        let ty = TYPES.iter().position(|&t| t == ty);
        let continues = part == "I" && matches!((open, ty), (Some((_, a)), Some(b)) if a == b);
        if !continues {
            if let Some((start, t)) = open.take() {
                spans.push((start, i, t));
            }
            open = ty.filter(|_| part == "B" || part == "I").map(|t| (i, t));
        }
    }
    if let Some((start, t)) = open {
        spans.push((start, labels.len(), t));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &[&str], labels: &[&str]) -> Vec<Vec<&'static str>> {
        let sentences: Vec<Vec<&str>> = text.iter().map(|s| s.split(' ').collect()).collect();
        let mut labs: Vec<Vec<&'static str>> = labels
            .iter()
            .map(|s| {
                s.split(' ').map(|l| *IOB.iter().chain(["O"].iter()).find(|x| **x == l).expect("a label")).collect()
            })
            .collect();
        label_repeated_names(&sentences, &mut labs);
        labs
    }

    #[test]
    fn a_name_tagged_in_one_sentence_is_tagged_in_another() {
        let out = run(
            &["Bank of America rose .", "Bank of America fell .", "Shares of Bank of America fell ."],
            &["B-ORG I-ORG I-ORG O O", "B-ORG I-ORG I-ORG O O", "O O O O O O"],
        );
        assert_eq!(out[2], ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]);
    }

    #[test]
    fn names_mostly_left_untagged_or_tagged_once_and_lower_case_words_stay_as_they_are() {
        let out = run(
            &["Apple said .", "Apple pie .", "Apple tart .", "apple said ."],
            &["B-ORG O O", "O O O", "O O O", "O O O"],
        );
        assert_eq!(out[1], ["O", "O", "O"], "tagged once in three: not filled");
        let out = run(&["Apple said .", "Apple pie ."], &["B-ORG O O", "O O O"]);
        assert_eq!(out[1], ["O", "O", "O"], "tagged only once: not filled");
        let out = run(&["Apple said .", "Apple rose .", "I like apple ."], &["B-ORG O O", "B-ORG O O", "O O O O"]);
        assert_eq!(out[2], ["O", "O", "O", "O"]);
    }

    #[test]
    fn capitals_in_brackets_spelling_a_names_initials_make_one_entity_and_name_it_again() {
        let out = run(
            &[
                "a complaint against the Housing Authority of New Orleans ( HANO ) .",
                "HANO said no .",
                "the Union of Concerned Scientists ( UCS ) said",
                "Joe Biden ( JRB ) and the Ford Motor ( FM ) ,",
            ],
            &[
                "O O O O B-ORG I-ORG O B-LOC I-LOC O O O O",
                "O O O O",
                "O O O O O O O O",
                "B-PER I-PER O O O O O B-ORG I-ORG O O O O",
            ],
        );
        assert_eq!(out[0][4..12], ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O"]);
        assert_eq!(out[1], ["B-ORG", "O", "O", "O"], "the short name, declared, is tagged again");
        assert_eq!(out[2], ["O"; 8], "no type from the model: left alone");
        assert_eq!(out[3][3], "O", "initials that do not match");
        assert_eq!(out[3][10], "B-ORG");
    }

    #[test]
    fn the_most_frequent_type_wins_and_entities_are_not_split() {
        let out = run(
            &["Jordan spoke .", "Jordan said .", "Jordan went .", "Jordan ran .", "Michael Jordan ran ."],
            &["B-PER O O", "B-PER O O", "B-LOC O O", "O O O", "B-PER I-PER O O"],
        );
        assert_eq!(out[2], ["B-PER", "O", "O"], "the less frequent type gives way");
        assert_eq!(out[3], ["B-PER", "O", "O"]);
        assert_eq!(out[4], ["B-PER", "I-PER", "O", "O"]);
        assert_eq!(entity_spans(&["B-PER", "I-PER", "I-ORG", "O", "I-LOC"]), [(0, 2, 0), (2, 3, 1), (4, 5, 2)]);
    }
}
