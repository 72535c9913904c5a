//! English word lists and gazetteers, loaded once from `data/`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::{EntityType, Gender};
use crate::graph::normalize;
use crate::model::hash::BuildIdentity;
use crate::text::with_lowercase;

/// A map from short strings with a fast (non-SipHash) hasher: the lists are
/// fixed and looked up for nearly every token.
type FastMap<V> = HashMap<String, V, BuildIdentity>;

/// A gazetteer entry: the canonical name and type of a known place or body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub canonical: String,
    pub entity_type: EntityType,
}

pub struct Lexicon {
    /// Section name -> its bit in `words`.
    sections: FastMap<u64>,
    /// Lower-case word of words.txt -> the sections listing it, one bit each:
    /// one lookup answers for every section.
    words: FastMap<u64>,
    /// Normalised alias -> entry (countries, cities, organisations, laws...).
    pub known: FastMap<Known>,
    /// Lower-case demonym -> canonical place ("canadian" -> "Canada").
    pub demonyms: FastMap<String>,
    /// Longest title in words, for longest-match scanning.
    pub max_title_words: usize,
    /// The first words of the titles, to rule most words out at once.
    title_firsts: HashSet<String, BuildIdentity>,
    /// Capitals and major world cities, lower case (the NER gazetteer's list).
    cities: HashSet<String, BuildIdentity>,
    /// Listed companies and widely known organisations, lower case, tokenized.
    organisations: HashSet<String, BuildIdentity>,
    /// Lower-case city -> the country it lies in (`data/city_countries.tsv`).
    city_countries: FastMap<String>,
    /// Lower-case countries of `city_countries`.
    countries: HashSet<String, BuildIdentity>,
    /// Lower-case US Census given name -> the gender it is mostly given to.
    given_name_genders: FastMap<Gender>,
}

impl Lexicon {
    /// True when `word` (any case) is listed in `section` of words.txt.
    pub fn has(&self, section: &str, word: &str) -> bool {
        let bit = self.section(section);
        bit != 0 && self.sections_of(word) & bit != 0
    }

    /// The sections of words.txt listing `word` (any case), one bit each (see [`Lexicon::section`]).
    pub fn sections_of(&self, word: &str) -> u64 {
        with_lowercase(word, |w| self.words.get(w).copied().unwrap_or(0))
    }

    /// The bit of `section` in [`Lexicon::sections_of`] (0 for no such section).
    pub fn section(&self, section: &str) -> u64 {
        self.sections.get(section).copied().unwrap_or(0)
    }

    /// False when no title starts with `word` (any case), which rules out
    /// every phrase it begins.
    pub fn title_starts(&self, word: &str) -> bool {
        let first = word.split(' ').next().unwrap_or(word);
        with_lowercase(first, |w| self.title_firsts.contains(w))
    }

    /// The canonical place for a demonym in any case ("Canadian" -> "Canada").
    pub fn demonym(&self, word: &str) -> Option<&String> {
        with_lowercase(word, |w| self.demonyms.get(w))
    }

    /// The country a capital or large city lies in ("Kyiv" -> "Ukraine"; a
    /// city-state is its own country), by the place names of `data/places.tsv`.
    pub fn country_of_city(&self, name: &str) -> Option<&str> {
        with_lowercase(name, |w| self.city_countries.get(w)).map(String::as_str)
    }

    /// True for a country (or city-state) of `data/city_countries.tsv`, by its place name.
    pub fn is_country(&self, name: &str) -> bool {
        with_lowercase(name, |w| self.countries.contains(w))
    }

    /// True for a capital or major world city, in any case ("Doha").
    pub fn is_city(&self, name: &str) -> bool {
        with_lowercase(name, |w| self.cities.contains(w))
    }

    /// True for a listed company or widely known organisation, in any case
    /// ("Morgan Stanley", "Meta Platforms"), written as tokens joined by spaces.
    pub fn is_organisation(&self, name: &str) -> bool {
        with_lowercase(name, |w| self.organisations.contains(w))
    }

    pub fn known(&self, name: &str) -> Option<&Known> {
        self.known.get(&normalize(name))
    }

    /// A place the gazetteer knows ("Canada", "U.S.").
    pub fn is_known_place(&self, name: &str) -> bool {
        self.known(name).is_some_and(|k| k.entity_type.is_place())
    }

    /// A place the gazetteer knows or a people's word ("US", "Canadian").
    pub fn is_place_or_people(&self, name: &str) -> bool {
        self.is_known_place(name) || self.demonym(name).is_some()
    }

    /// A listed given name, male or female ("Jeremy", "Claudia").
    pub fn is_given_name(&self, word: &str) -> bool {
        self.has("first_names_male", word) || self.has("first_names_female", word)
    }

    /// The gender of a word by the pair of words.txt sections listing men's
    /// and women's words ("first_names_male"/"first_names_female", "male_titles"/"female_titles").
    pub fn gender_in(&self, word: &str, male: &str, female: &str) -> Option<Gender> {
        if self.has(male, word) {
            Some(Gender::Male)
        } else if self.has(female, word) {
            Some(Gender::Female)
        } else {
            None
        }
    }

    /// The gender of a given name of the hand-written lists of words.txt ("Kamala", "Narendra").
    pub fn gender_of_listed_name(&self, word: &str) -> Option<Gender> {
        self.gender_in(word, "first_names_male", "first_names_female")
    }

    /// The gender a given name shows: the hand-written lists first, then the
    /// US Census names mostly one gender's (`data/given_name_genders.tsv`: "Tim", "Karoline").
    pub fn gender_of_given_name(&self, word: &str) -> Option<Gender> {
        self.gender_of_listed_name(word).or_else(|| with_lowercase(word, |w| self.given_name_genders.get(w).copied()))
    }

    /// The canonical party name for a party adjective ("Liberals" -> "Liberal Party").
    pub fn party(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        // A member's noun names the party too ("Democrat", "Democrats").
        if matches!(lower.as_str(), "democrat" | "democrats") {
            return Some("Democratic Party".to_string());
        }
        let base = lower.strip_suffix('s').filter(|b| self.has("parties", b)).unwrap_or(&lower);
        self.has("parties", base).then(|| {
            let mut c = base.chars();
            let cap: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
            format!("{cap} Party")
        })
    }
}

/// A title as roles and mentions write it: its words lower case, joined by
/// spaces, a hyphen token rejoined to its neighbours ("Director - General"
/// -> "director-general").
pub fn title_text(words: &[&str]) -> String {
    words.join(" ").to_lowercase().replace(" - ", "-")
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(load)
}

fn load() -> Lexicon {
    let mut sections: FastMap<u64> = FastMap::default();
    let mut words: FastMap<u64> = FastMap::default();
    let mut max_title_words = 1;
    let mut title_firsts = HashSet::default();
    let mut current = 0;
    for line in include_str!("data/words.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let next = 1u64.checked_shl(sections.len() as u32).expect("words.txt: at most 64 sections");
            current = *sections.entry(name.to_string()).or_insert(next);
            continue;
        }
        *words.entry(line.to_lowercase()).or_default() |= current;
        if sections.get("titles") == Some(&current) {
            max_title_words = max_title_words.max(line.split(' ').count());
            title_firsts.insert(line.to_lowercase().split(' ').next().unwrap_or("").to_string());
        }
    }
    let mut known = FastMap::default();
    let mut demonyms = FastMap::default();
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
    let list = |text: &'static str| {
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_lowercase)
    };
    let cities = list(include_str!("../ner/data/cities.txt")).collect();
    let organisations =
        list(include_str!("data/companies.txt")).chain(list(include_str!("../ner/data/organisations.txt"))).collect();
    let city_countries = include_str!("data/city_countries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(city, country)| (city.to_lowercase(), country.to_string()))
        .collect::<FastMap<String>>();
    let countries = city_countries.values().map(|c| c.to_lowercase()).collect();
    let given_name_genders = include_str!("data/given_name_genders.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(name, g)| match g {
            "M" => Some((name.to_string(), Gender::Male)),
            "F" => Some((name.to_string(), Gender::Female)),
            _ => None,
        })
        .collect::<FastMap<Gender>>();
    Lexicon {
        sections,
        words,
        known,
        demonyms,
        max_title_words,
        title_firsts,
        cities,
        organisations,
        city_countries,
        countries,
        given_name_genders,
    }
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
