//! Action relations from word order and tags: the nearest entity before a
//! verb is its subject, the first entity after it (through prepositions) its
//! object. The fallback when no parse is available.

use super::{Relation, SentenceView};
use crate::mentions::MentionKind;

const MODALS: &[&str] =
    &["will", "would", "could", "may", "might", "should", "must", "can", "shall", "'ll", "’ll", "'d", "’d", "wo", "ca"];
const PLAN_VERBS: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "set",
    "expected",
    "going",
    "intend",
    "intends",
    "intended",
    "want",
    "wants",
    "wanted",
    "aim",
    "aims",
    "hope",
    "hopes",
    "prepared",
    "scheduled",
    "due",
    "likely",
    "poised",
];
const NEGATIONS: &[&str] = &["not", "n't", "n’t", "never", "no"];
const BE_FORMS: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "'s", "’s", "got", "get", "gets"];
/// Words that end the stretch in which a verb finds its object.
const OBJECT_STOPS: &[&str] = &[
    ",", ";", ":", ".", "!", "?", "that", "which", "who", "whom", "whose", "when", "while", "because", "although",
    "but", "if", "“", "\"", "”", "—", "–", "(", ")",
];
/// Words that end the stretch in which a verb finds its subject.
const SUBJECT_STOPS: &[&str] = &[";", ":", "“", "”", "\"", "—", "(", ")", "that", "if", "because", "when", "while"];
/// Reporting verbs take clauses, not entity objects ("Trump said Carney ..."), except "tell".
const SAY_VERBS: &[&str] = &[
    "say", "think", "believe", "add", "note", "argue", "claim", "insist", "suggest", "write", "state", "believe",
    "hope", "expect",
];

#[derive(Clone, Copy)]
struct Arg {
    start: usize,
    end: usize,
    entity: usize,
}

pub(super) fn extract_actions(s: &SentenceView<'_>) -> Vec<Relation> {
    let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // Arguments: linked mentions, minus modifiers of a title ("Canadian" in "Canadian Prime Minister ...").
    let title_starts: Vec<usize> = s.mentions.iter().filter_map(|m| m.title_start).collect();
    let mut args: Vec<Arg> = s
        .mentions
        .iter()
        .zip(s.links)
        .filter_map(|(m, l)| {
            let entity = (*l)?;
            let is_modifier = title_starts.contains(&m.end) && m.kind != MentionKind::Pronoun;
            (!is_modifier).then_some(Arg { start: m.start, end: m.end, entity })
        })
        .collect();
    args.sort_by_key(|a| (a.start, a.end));
    args.dedup_by_key(|a| a.start);
    let in_arg = |i: usize| args.iter().any(|a| a.start <= i && i < a.end);
    let title_span = |i: usize| s.mentions.iter().any(|m| m.title_start.is_some_and(|t| t <= i && i < m.start));
    let is_verb = |i: usize| s.tags[i].upos == "VERB" && !in_arg(i) && !title_span(i);

    let mut out = Vec::new();
    // Subjects found so far, per verb, for coordinated and controlled verbs.
    let mut subject_of: Vec<Option<Vec<usize>>> = vec![None; words.len()];
    for v in 0..words.len() {
        if !is_verb(v) {
            continue;
        }
        let lemma = s.tags[v].lemma.to_lowercase();
        let be_passive = s.tags[v].xpos == "VBN"
            && (v.saturating_sub(3)..v).any(|k| BE_FORMS.contains(&lower[k].as_str()))
            && !(v.saturating_sub(3)..v).any(|k| matches!(lower[k].as_str(), "has" | "have" | "had"));
        // "The Commission, led by von der Leyen": a participle with its agent right after it.
        let reduced_passive = !be_passive
            && s.tags[v].xpos == "VBN"
            && lower.get(v + 1).is_some_and(|w| w == "by")
            && v > 0
            && (args.iter().any(|a| a.end == v) || lower[v - 1] == "," && args.iter().any(|a| a.end == v - 1));
        let passive = be_passive || reduced_passive;
        // Left side: the nearest argument before any other verb.
        let mut left: Vec<usize> = Vec::new();
        let mut k = v;
        let mut between_has_and = false;
        while k > 0 {
            k -= 1;
            if SUBJECT_STOPS.contains(&lower[k].as_str()) {
                break;
            }
            if let Some(a) = args.iter().find(|a| a.end == k + 1) {
                left = coordinated_left(&args, &lower, *a);
                break;
            }
            if matches!(lower[k].as_str(), "and" | "but" | "or" | "then" | "to") {
                between_has_and = true;
            }
            if is_verb(k) {
                if between_has_and {
                    left = subject_of[k].clone().unwrap_or_default();
                }
                break;
            }
        }
        subject_of[v] = Some(left.clone());
        // Right side: the first argument before a stop word or another verb.
        let mut right: Vec<usize> = Vec::new();
        let mut agent: Vec<usize> = Vec::new();
        let mut j = v + 1;
        while j < words.len() && j <= v + 10 {
            if OBJECT_STOPS.contains(&lower[j].as_str()) || is_verb(j) && s.tags[j].xpos != "VBG" {
                break;
            }
            if let Some(a) = args.iter().find(|a| a.start == j) {
                let by = j > 0 && lower[j - 1] == "by";
                let coordinated = coordinated_right(&args, &lower, *a);
                if passive && by {
                    agent = coordinated;
                } else if !passive {
                    right = coordinated;
                }
                break;
            }
            j += 1;
        }
        let (subjects, objects) = if passive { (agent, left) } else { (left, right) };
        if subjects.is_empty() || objects.is_empty() {
            continue;
        }
        if SAY_VERBS.contains(&lemma.as_str()) && !(j > 0 && lower[j - 1] == "to") {
            continue;
        }
        let start = v.saturating_sub(5);
        let negated = (start..v).any(|k| NEGATIONS.contains(&lower[k].as_str()));
        let modality = modality(&lower, v);
        let mut relation = lemma.clone();
        if let Some(p) = s.tags.get(v + 1).filter(|t| t.xpos == "RP") {
            relation = format!("{relation} {}", p.lemma.to_lowercase());
        }
        let tight = j <= v + 4;
        let confidence = if tight { 0.7 } else { 0.5 };
        super::actions_between(&subjects, &objects, &relation, negated, &modality, s.index, confidence, &mut out);
    }
    out
}

/// "will", "could", "plan to", "set to" before the verb.
fn modality(lower: &[String], v: usize) -> Option<String> {
    let start = v.saturating_sub(4);
    if v >= 2 && lower[v - 1] == "to" && PLAN_VERBS.contains(&lower[v - 2].as_str()) {
        let w = lower[v - 2].as_str();
        let base = match w {
            "plans" | "planned" | "planning" => "plan",
            "intends" | "intended" => "intend",
            "wants" | "wanted" => "want",
            "aims" => "aim",
            "hopes" => "hope",
            "going" => "going",
            other => other,
        };
        return Some(format!("{base} to"));
    }
    (start..v).rev().find_map(|k| {
        MODALS.contains(&lower[k].as_str()).then(|| match lower[k].as_str() {
            "'ll" | "’ll" | "wo" => "will".to_string(),
            "'d" | "’d" => "would".to_string(),
            "ca" => "can".to_string(),
            m => m.to_string(),
        })
    })
}

/// The argument and those joined to it by "and" / "," before it ("Starmer and Carney met").
fn coordinated_left(args: &[Arg], lower: &[String], last: Arg) -> Vec<usize> {
    let mut out = vec![last.entity];
    let mut cur = last;
    while cur.start >= 2 && matches!(lower[cur.start - 1].as_str(), "and" | ",") {
        match args.iter().find(|a| a.end == cur.start - 1) {
            Some(a) => {
                out.push(a.entity);
                cur = *a;
            }
            None => break,
        }
    }
    out
}

/// The argument and those joined to it by "and" / "," after it ("met Macron and Merz").
fn coordinated_right(args: &[Arg], lower: &[String], first: Arg) -> Vec<usize> {
    let mut out = vec![first.entity];
    let mut cur = first;
    while cur.end + 1 < lower.len() && matches!(lower[cur.end].as_str(), "and" | ",") {
        match args.iter().find(|a| a.start == cur.end + 1) {
            Some(a) => {
                out.push(a.entity);
                cur = *a;
            }
            None => break,
        }
    }
    out
}
