//! English word lists and gazetteers, loaded once from `data/`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::EntityType;
use crate::graph::normalize;

/// A gazetteer entry: the canonical name and type of a known place or body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub canonical: String,
    pub entity_type: EntityType,
}

pub struct Lexicon {
    sections: HashMap<String, HashSet<String>>,
    /// Normalised alias -> entry (countries, cities, organisations, laws...).
    pub known: HashMap<String, Known>,
    /// Lower-case demonym -> canonical place ("canadian" -> "Canada").
    pub demonyms: HashMap<String, String>,
    /// Longest title in words, for longest-match scanning.
    pub max_title_words: usize,
}

impl Lexicon {
    /// True when `word` (any case) is listed in `section` of words.txt.
    pub fn has(&self, section: &str, word: &str) -> bool {
        self.sections.get(section).is_some_and(|s| s.contains(&word.to_lowercase()))
    }

    pub fn known(&self, name: &str) -> Option<&Known> {
        self.known.get(&normalize(name))
    }

    /// The canonical party name for a party adjective ("Liberals" -> "Liberal Party").
    pub fn party(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let base = lower.strip_suffix('s').filter(|b| self.has("parties", b)).unwrap_or(&lower);
        self.has("parties", base).then(|| {
            let mut c = base.chars();
            let cap: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
            format!("{cap} Party")
        })
    }
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(load)
}

fn load() -> Lexicon {
    let mut sections: HashMap<String, HashSet<String>> = HashMap::new();
    let mut current = String::new();
    for line in include_str!("data/words.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.to_string();
            continue;
        }
        sections.entry(current.clone()).or_default().insert(line.to_lowercase());
    }
    let max_title_words =
        sections.get("titles").map(|t| t.iter().map(|x| x.split(' ').count()).max().unwrap_or(1)).unwrap_or(1);
    let mut known = HashMap::new();
    let mut demonyms = HashMap::new();
    for file in [include_str!("data/places.tsv"), include_str!("data/organisations.tsv")] {
        for line in file.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let canonical = cols[0].to_string();
            let entity_type = cols.get(1).and_then(|t| EntityType::parse(t)).unwrap_or(EntityType::Gpe);
            let entry = Known { canonical: canonical.clone(), entity_type };
            known.insert(normalize(&canonical), entry.clone());
            for alias in cols.get(2).into_iter().flat_map(|a| a.split('|')).filter(|a| !a.is_empty()) {
                known.entry(normalize(alias)).or_insert_with(|| entry.clone());
            }
            for d in cols.get(3).into_iter().flat_map(|a| a.split('|')).filter(|a| !a.is_empty()) {
                demonyms.entry(d.to_lowercase()).or_insert_with(|| canonical.clone());
            }
        }
    }
    Lexicon { sections, known, demonyms, max_title_words }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteers_load() {
        let l = lexicon();
        assert_eq!(l.known("U.S.").unwrap().canonical, "United States");
        assert_eq!(l.known("the United Kingdom").unwrap().canonical, "United Kingdom");
        assert_eq!(l.demonyms["canadian"], "Canada");
        assert!(l.has("titles", "Prime Minister"));
        assert_eq!(l.party("Liberals").as_deref(), Some("Liberal Party"));
        assert!(l.party("Canada").is_none());
    }
}
