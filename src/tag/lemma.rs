//! Lemmas: a (word, XPOS) -> lemma table learned from training data, then
//! suffix rules checked against the known lemmas ("criticised" -> "criticise"
//! because "criticise" is a known lemma and "criticis" is not).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::model::hash::{feature2, BuildIdentity};

fn key(lower: &str, xpos: &str) -> u64 {
    feature2(0, lower, xpos)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Lemmatizer {
    /// (lower-case form, XPOS, lemma), sorted.
    table: Vec<(String, String, String)>,
    /// Every lemma seen in training, lower case.
    vocab: Vec<String>,
    #[serde(skip)]
    index: HashMap<u64, usize, BuildIdentity>,
    #[serde(skip)]
    known: HashSet<String>,
}

impl Lemmatizer {
    /// Learns the table from (form, xpos, lemma) triples: the most frequent lemma per (form, xpos).
    pub fn learn<'a>(rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Lemmatizer {
        let mut counts: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
        let mut proper_as_is: HashSet<(String, String)> = HashSet::new();
        let mut vocab = HashSet::new();
        for (form, xpos, lemma) in rows {
            if lemma == "_" {
                continue;
            }
            vocab.insert(lemma.to_lowercase());
            let key = (form.to_lowercase(), xpos.to_string());
            if xpos == "NNP" && lemma == form {
                proper_as_is.insert(key.clone());
            }
            *counts.entry(key).or_default().entry(lemma.to_string()).or_insert(0) += 1;
        }
        let mut table: Vec<(String, String, String)> = counts
            .into_iter()
            .filter_map(|((f, x), lemmas)| {
                let (best, _) = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                // Rows the rules (or the proper-noun rule) get right anyway are not stored.
                let redundant =
                    best == rule_lemma(&f, &x, Some(&vocab)) || proper_as_is.contains(&(f.clone(), x.clone()));
                (!redundant).then_some((f, x, best))
            })
            .collect();
        table.sort();
        let mut vocab: Vec<String> = vocab.into_iter().collect();
        vocab.sort();
        let mut l = Lemmatizer { table, vocab, index: HashMap::default(), known: HashSet::new() };
        l.build_index();
        l
    }

    /// How many (word, tag) pairs the rules get wrong and the table stores.
    pub fn exceptions(&self) -> usize {
        self.table.len()
    }

    pub fn build_index(&mut self) {
        self.index = self.table.iter().enumerate().map(|(i, (f, x, _))| (key(f, x), i)).collect();
        self.known = self.vocab.iter().cloned().collect();
    }

    /// The lemma of `word` tagged `upos`/`xpos`.
    pub fn lemma(&self, word: &str, upos: &str, xpos: &str) -> String {
        // Most words are lower case already: no allocation for them.
        let lower: Cow<str> =
            if word.chars().any(char::is_uppercase) { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) };
        let lower = lower.as_ref();
        let proper = upos == "PROPN" || matches!(xpos, "NNP" | "NNPS");
        let keep_case = proper || word.chars().any(|c| c.is_ascii_digit());
        if let Some(&i) = self.index.get(&key(lower, xpos)) {
            let l = &self.table[i].2;
            // A proper noun keeps its own spelling unless the table changes the word ("Parts" -> "part").
            if !(keep_case && l.to_lowercase() == lower) {
                return l.clone();
            }
        }
        if keep_case && !proper {
            // UD writes grouped numbers without their separators: "12,000" -> "12000".
            if xpos == "CD" && is_grouped_number(word) {
                return word.replace(',', "");
            }
            return word.to_string();
        }
        if proper {
            return match xpos {
                "NNPS" if word.len() > 3 && word.ends_with('s') => word[..word.len() - 1].to_string(),
                _ => word.to_string(),
            };
        }
        // A verb mis-tagged as base form still shows its inflection: "praised" -> "praise"
        // ("succeed", "proceed" are lemmas of their own).
        let xpos = match xpos {
            "VB" | "VBP"
                if upos == "VERB"
                    && lower.len() > 4
                    && lower.ends_with("ed")
                    && !(lower.ends_with("eed") && self.known.contains(lower)) =>
            {
                "VBD"
            }
            "VB" | "VBP" if upos == "VERB" && lower.len() > 5 && lower.ends_with("ing") => "VBG",
            x => x,
        };
        rule_lemma(lower, xpos, Some(&self.known))
    }
}

/// Digits in groups of three separated by commas: "1,100", "12,000,000".
fn is_grouped_number(w: &str) -> bool {
    let mut groups = w.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && w.contains(',')
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Past forms of irregular verbs, sorted: the suffix rules cannot undo them
/// ("fled" is "flee"), and the training text has not all of them.
const IRREGULAR_PAST: [(&str, &str); 198] = [
    ("arisen", "arise"),
    ("arose", "arise"),
    ("ate", "eat"),
    ("awoke", "awake"),
    ("awoken", "awake"),
    ("beaten", "beat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bent", "bend"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("bled", "bleed"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("bore", "bear"),
    ("borne", "bear"),
    ("bought", "buy"),
    ("bound", "bind"),
    ("bred", "breed"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("burnt", "burn"),
    ("came", "come"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("clung", "cling"),
    ("crept", "creep"),
    ("dealt", "deal"),
    ("did", "do"),
    ("done", "do"),
    ("drank", "drink"),
    ("drawn", "draw"),
    ("dreamt", "dream"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("drunk", "drink"),
    ("dug", "dig"),
    ("eaten", "eat"),
    ("fallen", "fall"),
    ("fed", "feed"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("flung", "fling"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("foresaw", "foresee"),
    ("foreseen", "foresee"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("fought", "fight"),
    ("found", "find"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("ground", "grind"),
    ("grown", "grow"),
    ("had", "have"),
    ("heard", "hear"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("knelt", "kneel"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("lain", "lie"),
    ("lay", "lie"),
    ("leant", "lean"),
    ("leapt", "leap"),
    ("learnt", "learn"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lit", "light"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("misled", "mislead"),
    ("overcame", "overcome"),
    ("overridden", "override"),
    ("overrode", "override"),
    ("oversaw", "oversee"),
    ("overseen", "oversee"),
    ("overtaken", "overtake"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("overtook", "overtake"),
    ("paid", "pay"),
    ("proven", "prove"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rebuilt", "rebuild"),
    ("retaken", "retake"),
    ("retook", "retake"),
    ("rewritten", "rewrite"),
    ("rewrote", "rewrite"),
    ("ridden", "ride"),
    ("risen", "rise"),
    ("rode", "ride"),
    ("rose", "rise"),
    ("rung", "ring"),
    ("said", "say"),
    ("sang", "sing"),
    ("sank", "sink"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shaken", "shake"),
    ("shone", "shine"),
    ("shook", "shake"),
    ("shot", "shoot"),
    ("shown", "show"),
    ("shrank", "shrink"),
    ("shrunk", "shrink"),
    ("slain", "slay"),
    ("slept", "sleep"),
    ("slew", "slay"),
    ("slid", "slide"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spat", "spit"),
    ("sped", "speed"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("sprang", "spring"),
    ("sprung", "spring"),
    ("spun", "spin"),
    ("stank", "stink"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("stricken", "strike"),
    ("striven", "strive"),
    ("strove", "strive"),
    ("struck", "strike"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("sung", "sing"),
    ("sunk", "sink"),
    ("swam", "swim"),
    ("swept", "sweep"),
    ("swollen", "swell"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("swum", "swim"),
    ("swung", "swing"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("trod", "tread"),
    ("trodden", "tread"),
    ("undergone", "undergo"),
    ("understood", "understand"),
    ("undertaken", "undertake"),
    ("undertook", "undertake"),
    ("underwent", "undergo"),
    ("upheld", "uphold"),
    ("went", "go"),
    ("wept", "weep"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("withheld", "withhold"),
    ("withstood", "withstand"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("won", "win"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("wove", "weave"),
    ("woven", "weave"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The lemma by suffix rules; `known` (the training lemmas) picks between candidates.
fn rule_lemma(lower: &str, xpos: &str, known: Option<&HashSet<String>>) -> String {
    let is_known = |s: &str| known.is_some_and(|k| k.contains(s));
    let strip = |suf: &str| lower.strip_suffix(suf).filter(|s| s.chars().count() >= 2);
    match xpos {
        "NNS" | "VBZ" => {
            if let Some(s) = strip("ies") {
                return format!("{s}y");
            }
            // "quizzes" -> "quiz" but "sizes" -> "size": a single z keeps its e.
            for suf in ["sses", "shes", "ches", "xes", "zzes", "oes"] {
                if let Some(s) = lower.strip_suffix(suf) {
                    let keep = &suf[..suf.len() - 2];
                    return format!("{s}{keep}");
                }
            }
            if let Some(s) = strip("s") {
                if !s.ends_with('s') || s.ends_with("us") {
                    return s.to_string();
                }
            }
            lower.to_string()
        }
        "VBD" | "VBN" | "VBG" => {
            if xpos != "VBG" {
                if let Ok(i) = IRREGULAR_PAST.binary_search_by(|(f, _)| (*f).cmp(lower)) {
                    return IRREGULAR_PAST[i].1.to_string();
                }
            }
            let suf = if xpos == "VBG" { "ing" } else { "ed" };
            let Some(stem) = strip(suf) else { return lower.to_string() };
            if xpos != "VBG" {
                if let Some(s) = stem.strip_suffix('i') {
                    return format!("{s}y");
                }
            }
            let with_e = format!("{stem}e");
            let chars: Vec<char> = stem.chars().collect();
            let doubled = chars.len() >= 3
                && chars[chars.len() - 1] == chars[chars.len() - 2]
                && !is_vowel(chars[chars.len() - 1]);
            let undoubled: String = if doubled { chars[..chars.len() - 1].iter().collect() } else { String::new() };
            // "fined", "combined", "examined": consonant + "in" is a verb in
            // "-ine" ("joined", "gained": a vowel before; "pinned": doubled).
            let ine = chars.len() >= 3
                && chars[chars.len() - 1] == 'n'
                && chars[chars.len() - 2] == 'i'
                && !is_vowel(chars[chars.len() - 3]);
            if ine || is_known(&with_e) && !is_known(stem) {
                return with_e;
            }
            if is_known(stem) {
                return stem.to_string();
            }
            if doubled && (is_known(&undoubled) || !matches!(chars[chars.len() - 1], 'l' | 's' | 'f' | 'z')) {
                return undoubled;
            }
            // "pledged", "raised", "continued": a stem that needs its silent e.
            let last = chars.last().copied().unwrap_or(' ');
            let before = chars.len().checked_sub(2).map(|i| chars[i]).unwrap_or(' ');
            // "speculating", "rotated": a stem in consonant + "at" is a verb in "-ate".
            let ate = last == 't' && before == 'a' && chars.len() >= 5 && !is_vowel(chars[chars.len() - 3]);
            // "conceded", "invaded", "exploded": consonant, one vowel, "d" is a verb in "-de"
            // ("headed", "avoided": two vowels; "nodded": doubled, above).
            let de = last == 'd' && is_vowel(before) && chars.len() >= 3 && !is_vowel(chars[chars.len() - 3]);
            if ate
                || de
                || matches!(last, 'c' | 'g' | 's' | 'v' | 'z' | 'u') && !(last == 's' && before == 's')
                || is_vowel(before)
                    && !is_vowel(last)
                    && !matches!(last, 'w' | 'x' | 'y' | 'r' | 'n' | 'l' | 't' | 'd')
                    && chars.len() <= 4
            {
                return with_e;
            }
            stem.to_string()
        }
        "JJR" | "RBR" => {
            strip("er").map_or(lower.to_string(), |s| if is_known(s) { s.to_string() } else { lower.to_string() })
        }
        "JJS" | "RBS" => {
            strip("est").map_or(lower.to_string(), |s| if is_known(s) { s.to_string() } else { lower.to_string() })
        }
        _ => lower.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_with_known_lemmas() {
        let known: HashSet<String> =
            ["criticise", "threaten", "stop", "impose"].iter().map(|s| s.to_string()).collect();
        let k = Some(&known);
        assert_eq!(rule_lemma("criticised", "VBD", k), "criticise");
        assert_eq!(rule_lemma("threatened", "VBN", k), "threaten");
        assert_eq!(rule_lemma("stopped", "VBD", k), "stop");
        assert_eq!(rule_lemma("imposing", "VBG", k), "impose");
        assert_eq!(rule_lemma("pledged", "VBD", None), "pledge");
        assert_eq!(rule_lemma("tariffs", "NNS", None), "tariff");
        assert_eq!(rule_lemma("countries", "NNS", None), "country");
        assert_eq!(rule_lemma("taxes", "NNS", None), "tax");
        assert_eq!(rule_lemma("formalizes", "VBZ", None), "formalize");
        assert_eq!(rule_lemma("buzzes", "VBZ", None), "buzz");
        assert_eq!(rule_lemma("speculating", "VBG", None), "speculate");
        assert_eq!(rule_lemma("rotated", "VBD", None), "rotate");
        assert_eq!(rule_lemma("treated", "VBD", None), "treat");
        let known: HashSet<String> = ["fin", "fine", "join"].iter().map(|s| s.to_string()).collect();
        assert_eq!(rule_lemma("fined", "VBD", Some(&known)), "fine");
        assert_eq!(rule_lemma("examined", "VBN", None), "examine");
        assert_eq!(rule_lemma("joined", "VBD", Some(&known)), "join");
        assert_eq!(rule_lemma("gained", "VBD", None), "gain");
        assert_eq!(rule_lemma("pinned", "VBD", None), "pin");
        assert_eq!(rule_lemma("conceded", "VBD", None), "concede");
        assert_eq!(rule_lemma("invaded", "VBN", None), "invade");
        assert_eq!(rule_lemma("headed", "VBD", None), "head");
        assert_eq!(rule_lemma("avoided", "VBD", None), "avoid");
        assert_eq!(rule_lemma("nodded", "VBD", None), "nod");
    }

    #[test]
    fn table_beats_rules() {
        let l = Lemmatizer::learn(
            [("met", "VBD", "meet"), ("met", "VBD", "meet"), ("Carney", "NNP", "Carney")].into_iter(),
        );
        assert_eq!(l.lemma("met", "VERB", "VBD"), "meet");
        assert_eq!(l.lemma("Carney", "PROPN", "NNP"), "Carney");
        assert_eq!(l.lemma("Starmer", "PROPN", "NNP"), "Starmer");
        assert_eq!(l.lemma("12,000", "NUM", "CD"), "12000");
        assert_eq!(l.lemma("3,5", "NUM", "CD"), "3,5");
    }

    #[test]
    fn a_base_form_ending_in_eed_is_its_own_lemma() {
        let l = Lemmatizer::learn(
            [("succeeded", "VBD", "succeed"), ("praised", "VBD", "praise"), ("agree", "VB", "agree")].into_iter(),
        );
        assert_eq!(l.lemma("succeed", "VERB", "VB"), "succeed");
        // A past tense mis-tagged as a base form still loses its ending.
        assert_eq!(l.lemma("praised", "VERB", "VB"), "praise");
        assert_eq!(l.lemma("agreed", "VERB", "VBP"), "agree");
    }

    #[test]
    fn irregular_past_forms_the_table_lacks() {
        let l = Lemmatizer::learn([("met", "VBD", "meet")].into_iter());
        assert_eq!(l.lemma("fled", "VERB", "VBD"), "flee");
        assert_eq!(l.lemma("Overthrown", "VERB", "VBN"), "overthrow");
        assert_eq!(l.lemma("fleeing", "VERB", "VBG"), "flee");
        assert!(IRREGULAR_PAST.windows(2).all(|w| w[0].0 < w[1].0), "sorted for the binary search");
    }
}
