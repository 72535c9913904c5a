//! Stage 6: entity resolution. Every mention is linked to one entity.
//!
//! Within a document ([`resolve_document`]): gazetteer canonical names
//! ("US", "U.S.", "America" -> United States), name subsumption ("Carney" ->
//! "Mark Carney"; titles were already stripped by the mention finder),
//! descriptions ("the US president" -> the person seen with that title),
//! and pronouns (most recent compatible entity, the previous sentence's
//! subject first).
//!
//! Across documents ([`merge_documents`]): equal keys merge; a surname alone
//! joins a full name only when exactly one person in the corpus has that
//! surname (two different people sharing a surname are never merged on the
//! surname alone); names spelt alike but for hyphens and "Saint"/"St" are
//! one; acronyms join the organisation whose initials they are, or the one
//! that went by them in brackets in some document ("UNICEF"); a shorter
//! organisation name joins the one longer name that ends with it past a
//! place or a people's word ("Commerce Department", "US Commerce Department").

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use crate::graph::normalize;
use crate::mentions::{EntityType, Gender, Mention, MentionKind};

/// An entity as one document knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    /// What makes two entities the same: canonical or normalised name.
    pub key: String,
    pub label: String,
    pub entity_type: EntityType,
    /// Surface forms and counts (names only; pronouns and demonyms are not aliases).
    pub aliases: BTreeMap<String, usize>,
    pub mentions: usize,
    pub gender: Option<Gender>,
    /// Titles seen with it: (title, the place/body it belongs to).
    pub titles: Vec<(String, Option<String>)>,
    /// Only a lone surname was seen in this document.
    pub surname_only: bool,
    /// An unresolved description ("the US president"): (title, of); resolved across documents or dropped.
    pub description: Option<(String, Option<String>)>,
}

/// A document's entities and, for every mention, the entity it refers to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntities {
    pub entities: Vec<LocalEntity>,
    /// `links[sentence][mention]`: index into `entities`, or `None` when unresolved.
    pub links: Vec<Vec<Option<usize>>>,
}

/// "Microsoft Corp" and "Microsoft" are one company: the legal-form word
/// at the end of an organisation's name is dropped from its key.
fn without_company_suffix(name: &str) -> &str {
    const SUFFIXES: &[&str] =
        &["corp", "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "llc", "co", "co.", "ag", "sa", "nv", "se", "limited"];
    match name.rsplit_once(' ') {
        Some((rest, last)) if SUFFIXES.contains(&last.to_lowercase().as_str()) => rest.trim_end_matches(','),
        _ => name,
    }
}

/// A person's surname as written alone: the last word, without an Arabic
/// article ("Bashar al-Assad" is "Assad" on second mention).
fn last_word(name: &str) -> &str {
    let last = name.rsplit(' ').next().unwrap_or(name);
    const ARTICLES: [&str; 9] = ["al-", "el-", "ad-", "ash-", "as-", "az-", "ar-", "an-", "at-"];
    ARTICLES
        .iter()
        .find_map(|a| {
            let rest = last.get(..a.len()).filter(|p| p.eq_ignore_ascii_case(a)).map(|_| &last[a.len()..])?;
            rest.starts_with(char::is_uppercase).then_some(rest)
        })
        .unwrap_or(last)
}

struct Builder {
    entities: Vec<LocalEntity>,
    by_key: HashMap<String, usize>,
}

impl Builder {
    /// The entity of a name that is no person's, keyed by the name (an
    /// organisation's without its legal form: "Hess Corp" is "Hess").
    fn get_or_add_named(&mut self, label: &str, t: EntityType) -> usize {
        let key = if t == EntityType::Org { without_company_suffix(label) } else { label };
        self.get_or_add(format!("n:{}", normalize(key)), label, t)
    }

    fn get_or_add(&mut self, key: String, label: &str, t: EntityType) -> usize {
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.entities.push(LocalEntity {
            key: key.clone(),
            label: label.to_string(),
            entity_type: t,
            aliases: BTreeMap::new(),
            mentions: 0,
            gender: None,
            titles: Vec::new(),
            surname_only: false,
            description: None,
        });
        self.by_key.insert(key, self.entities.len() - 1);
        self.entities.len() - 1
    }
}

/// Links the mentions of one document (given per sentence) to entities.
pub fn resolve_document(mentions: &[Vec<Mention>]) -> DocumentEntities {
    let mut b = Builder { entities: Vec::new(), by_key: HashMap::new() };
    // Full person names of the document, for surname subsumption.
    let mut full_names: Vec<String> = Vec::new();
    for m in mentions.iter().flatten() {
        if m.kind == MentionKind::Name
            && m.entity_type == Some(EntityType::Person)
            && m.canonical.is_none()
            && m.text.contains(' ')
            && !full_names.contains(&m.text)
        {
            full_names.push(m.text.clone());
        }
    }
    // One name, one sense in a document: a name the model left untyped in one
    // sentence has the type it gave the same name elsewhere ("Supercell").
    let mut typed: HashMap<String, EntityType> = HashMap::new();
    for m in mentions.iter().flatten() {
        if let (MentionKind::Name, Some(t), None) = (m.kind, m.entity_type, &m.canonical) {
            if t != EntityType::Person {
                typed.entry(m.text.clone()).or_insert(t);
            }
        }
    }
    // A one-word name that nothing typed, named twice or more and not part of
    // a person's name here ("Spotify welcomed the decision ... Apple accused
    // Spotify"): news names a person in full first, and the gazetteer knows
    // the places, so it is an organisation.
    let mut untyped: HashMap<&str, usize> = HashMap::new();
    for m in mentions.iter().flatten() {
        if m.kind == MentionKind::Name && m.entity_type.is_none() && m.canonical.is_none() && !m.text.contains(' ') {
            *untyped.entry(m.text.as_str()).or_default() += 1;
        }
    }
    for (name, n) in untyped {
        let in_full_name = full_names.iter().any(|f| f.split(' ').any(|w| w.eq_ignore_ascii_case(name)));
        if n >= 2 && !in_full_name {
            typed.entry(name.to_string()).or_insert(EntityType::Org);
        }
    }
    // Names that are organisations whatever the model typed them:
    // "Brazilian construction company Odebrecht ... Odebrecht admitted" (a
    // one-word name typed an organisation somewhere, and in no person's full
    // name here), and "its stakes in Anglo American Platinum" after "Anglo
    // American" (a name going on from an organisation's name of the document:
    // a unit or subsidiary).
    let (mut org_words, mut org_full_names): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for m in mentions.iter().flatten() {
        if m.kind == MentionKind::Name && m.entity_type == Some(EntityType::Org) {
            if m.text.contains(' ') {
                org_full_names.push(m.text.as_str());
            } else {
                org_words.push(m.text.as_str());
            }
        }
    }
    // "sold under the brand name Kisunla. Kisunla will compete": a one-word
    // name typed a product somewhere is no person anywhere in the document.
    let product_words: Vec<&str> = mentions
        .iter()
        .flatten()
        .filter(|m| m.kind == MentionKind::Name && m.entity_type == Some(EntityType::Product) && !m.text.contains(' '))
        .map(|m| m.text.as_str())
        .collect();
    let lex = crate::mentions::lexicon::lexicon();
    let mut retyped: std::collections::HashSet<String> = std::collections::HashSet::new();
    // "its stakes in Anglo American Platinum" after "Anglo American"; "Lilly
    // Neuroscience" after "Eli Lilly" (from the short form, its last word).
    let extends_org = |text: &str| {
        org_full_names.iter().any(|o| {
            let short = o.rsplit(' ').next().unwrap_or(o);
            [*o, short].iter().any(|o| text.strip_prefix(o).is_some_and(|rest| rest.len() > 1 && rest.starts_with(' ')))
        })
    };
    for m in mentions.iter().flatten() {
        if m.kind != MentionKind::Name || m.canonical.is_some() || m.entity_type == Some(EntityType::Org) {
            continue;
        }
        // ... or listed with one ("by Permira and the Canada Pension Plan
        // Investment Board") and no given name; or the last word of an
        // organisation's name ("Lilly" after "Eli Lilly").
        let lone_person = m.entity_type == Some(EntityType::Person)
            && !m.text.contains(' ')
            && (org_words.contains(&m.text.as_str())
                || m.listed_with_org && m.gender.is_none() && m.title.is_none()
                || org_full_names.iter().any(|o| o.rsplit_once(' ').is_some_and(|(_, last)| last == m.text)))
            && !full_names.iter().any(|f| !extends_org(f) && f.split(' ').any(|w| w == m.text));
        // "operated by Exxon Mobil ... Exxon agreed": a name the model took
        // for a place no gazetteer knows, whose first word is an organisation
        // of the document, is that organisation's full name.
        let place_of_org_word = matches!(m.entity_type, Some(EntityType::Gpe | EntityType::Loc))
            && m.text.split_once(' ').is_some_and(|(first, _)| org_words.contains(&first))
            && lex.known(&m.text).is_none();
        if lone_person || extends_org(&m.text) || place_of_org_word {
            retyped.insert(m.text.clone());
        }
    }
    // Organisations named in more than one word: "Spirit" is the "Spirit
    // AeroSystems" named before it.
    let mut org_names: Vec<String> = Vec::new();
    for m in mentions.iter().flatten() {
        if m.kind == MentionKind::Name
            && (m.entity_type == Some(EntityType::Org) || retyped.contains(&m.text))
            && m.canonical.is_none()
            && m.text.contains(' ')
            && !org_names.contains(&m.text)
        {
            org_names.push(m.text.clone());
        }
    }
    // "Houthi militants ... The Houthis, who ...": a group named in the singular
    // and the plural, one of them typed an organisation, is one organisation,
    // under its plural.
    let one_word_names: Vec<&Mention> =
        mentions.iter().flatten().filter(|m| m.kind == MentionKind::Name && !m.text.contains(' ')).collect();
    let mut plural_of: HashMap<String, String> = HashMap::new();
    for p in &one_word_names {
        let Some(stem) = p.text.strip_suffix('s').filter(|s| s.len() >= 3) else { continue };
        let same = |m: &&&Mention| m.text == stem || m.text == p.text;
        if one_word_names.iter().any(|m| m.text == stem)
            && one_word_names.iter().filter(same).any(|m| m.entity_type == Some(EntityType::Org))
        {
            plural_of.insert(stem.to_string(), p.text.clone());
            retyped.insert(stem.to_string());
            retyped.insert(p.text.clone());
        }
    }
    // (A person's name retyped an organisation names no person: "Lilly" is not
    // the "Lilly" of "Lilly Neuroscience".)
    full_names.retain(|f| !retyped.contains(f));
    let names = Names { people: full_names, organisations: org_names };
    // A short name declared once ("... Children's Fund (UNICEF)") names the
    // same body all through the document.
    // (With the type of the first mention of each canonical name.)
    let mut declared: HashMap<&str, &str> = HashMap::new();
    let mut canonical_type: HashMap<&str, Option<EntityType>> = HashMap::new();
    for m in mentions.iter().flatten() {
        if let Some(c) = &m.canonical {
            canonical_type.entry(c.as_str()).or_insert(m.entity_type);
            if m.kind == MentionKind::Name {
                declared.entry(m.text.as_str()).or_insert(c.as_str());
            }
        }
    }
    // A name the mention finder read as a club once ("Liverpool manager Arne
    // Slot", "Liverpool beat Manchester City 2-0") is the club all through the
    // document (its dateline's "LIVERPOOL" too).
    let clubs: Vec<String> = mentions.iter().flatten().filter(|m| m.club).map(|m| m.text.to_lowercase()).collect();
    let mut links: Vec<Vec<Option<usize>>> = mentions.iter().map(|s| vec![None; s.len()]).collect();
    // Names first: pronouns and descriptions may point back or forward to them.
    for (si, sent) in mentions.iter().enumerate() {
        for (mi, m) in sent.iter().enumerate() {
            let ix = match m.kind {
                MentionKind::Name if m.canonical.is_none() && declared.contains_key(m.text.as_str()) => {
                    let c = declared[m.text.as_str()];
                    let m = Mention {
                        canonical: Some(c.to_string()),
                        entity_type: canonical_type[c].or(m.entity_type),
                        ..m.clone()
                    };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name if clubs.contains(&m.text.to_lowercase()) => {
                    let m = Mention { entity_type: Some(EntityType::Org), canonical: None, ..m.clone() };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name if plural_of.contains_key(&m.text) => {
                    let m =
                        Mention { entity_type: Some(EntityType::Org), text: plural_of[&m.text].clone(), ..m.clone() };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name if m.entity_type != Some(EntityType::Org) && retyped.contains(&m.text) => {
                    let m = Mention { entity_type: Some(EntityType::Org), ..m.clone() };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name
                    if m.entity_type == Some(EntityType::Person) && product_words.contains(&m.text.as_str()) =>
                {
                    let m = Mention { entity_type: Some(EntityType::Product), ..m.clone() };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name if m.entity_type.is_none() && typed.contains_key(&m.text) => {
                    let m = Mention { entity_type: typed.get(&m.text).copied(), ..m.clone() };
                    link_name(&mut b, &m, &names)
                }
                MentionKind::Name | MentionKind::Demonym => link_name(&mut b, m, &names),
                _ => None,
            };
            if let Some(ix) = ix {
                let e = &mut b.entities[ix];
                if m.kind == MentionKind::Name {
                    // A dateline's capitals ("MANILA") give way to the name as written.
                    let shouting = |t: &str| !t.chars().any(char::is_lowercase);
                    if shouting(&e.label) && !shouting(&m.text) && e.label.to_lowercase() == m.text.to_lowercase() {
                        e.label = m.text.clone();
                    }
                    *e.aliases.entry(m.text.clone()).or_insert(0) += 1;
                    if let Some(t) = &m.title {
                        let full = match &m.title_of {
                            Some(of) if !m.text.is_empty() => format!("{} {} {}", of, title_case(t), m.text),
                            _ => format!("{} {}", title_case(t), m.text),
                        };
                        let _ = full;
                        if !e.titles.contains(&(t.clone(), m.title_of.clone())) {
                            e.titles.push((t.clone(), m.title_of.clone()));
                        }
                    }
                }
                e.mentions += 1;
                if e.gender.is_none() {
                    e.gender = m.gender;
                }
            }
            links[si][mi] = ix;
        }
    }
    // The organisation the story names most (three times at least, no tie).
    let mut names_of: HashMap<usize, usize> = HashMap::new();
    for (m, l) in mentions.iter().flatten().zip(links.iter().flatten()) {
        if let Some(ix) = l.filter(|&ix| m.kind == MentionKind::Name && b.entities[ix].entity_type == EntityType::Org) {
            *names_of.entry(ix).or_default() += 1;
        }
    }
    let topic = leading_entity(&names_of);
    // Descriptions and pronouns, in reading order.
    for (si, sent) in mentions.iter().enumerate() {
        for (mi, m) in sent.iter().enumerate() {
            let ix = match m.kind {
                MentionKind::Description => Some(link_description(&mut b, m, mentions, &links, topic, si, mi)),
                MentionKind::Pronoun => link_pronoun(&b, m, mentions, &links, topic, si, mi),
                _ => continue,
            };
            if let Some(ix) = ix {
                b.entities[ix].mentions += 1;
            }
            links[si][mi] = ix;
        }
    }
    DocumentEntities { entities: b.entities, links }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The multi-word names of a document, for its shorter mentions to join.
struct Names {
    people: Vec<String>,
    organisations: Vec<String>,
}

impl Names {
    /// The one organisation of the document whose name ends with `word`
    /// ("Lilly" -> "Eli Lilly"); none when no name or several do.
    fn the_organisation_ending_with(&self, word: &str) -> Option<&String> {
        let suffix = format!(" {word}");
        let mut it = self.organisations.iter().filter(|o| o.ends_with(&suffix));
        match (it.next(), it.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// The one organisation of the document whose name starts with `word`
    /// ("Spirit" -> "Spirit AeroSystems"); none when no name or several do.
    /// ("Anglo" -> "Anglo American" beside its unit "Anglo American Platinum":
    /// the shortest, when it starts all the others.)
    fn the_organisation_starting_with(&self, word: &str) -> Option<&String> {
        let prefix = format!("{word} ");
        let longer: Vec<&String> = self.organisations.iter().filter(|o| o.starts_with(&prefix)).collect();
        let shortest = longer.iter().min_by_key(|o| o.len())?;
        let starts_all = longer.iter().all(|o| o == shortest || o.starts_with(&format!("{shortest} ")));
        starts_all.then_some(*shortest)
    }
}

fn link_name(b: &mut Builder, m: &Mention, names: &Names) -> Option<usize> {
    let full_names = &names.people;
    if let Some(c) = &m.canonical {
        let t = m.entity_type.unwrap_or(EntityType::Gpe);
        // "known as Hemedti": a person's other name keys like the full name.
        if t == EntityType::Person {
            return Some(b.get_or_add(format!("p:{}", normalize(c)), c, t));
        }
        // "Taiwan Semiconductor Manufacturing Co (TSMC)": keyed like the full name.
        return Some(b.get_or_add_named(c, t));
    }
    let t = m.entity_type;
    // A word typed an organisation, or a place no gazetteer knows, that starts
    // the one organisation's name of the document is that organisation ("Hess
    // CEO John Hess" after "Hess Corp": the company, not the man; "Bayern coach
    // Vincent Kompany" after "Bayern Munich").
    if matches!(t, Some(EntityType::Org | EntityType::Gpe | EntityType::Loc)) && !m.text.contains(' ') {
        // ("Lilly" after "Eli Lilly": an organisation's last word, first.)
        let ending = (t == Some(EntityType::Org)).then(|| names.the_organisation_ending_with(&m.text)).flatten();
        if let Some(full) = ending.or_else(|| names.the_organisation_starting_with(&m.text)) {
            return Some(b.get_or_add_named(full, EntityType::Org));
        }
    }
    // Else a name that ends a person's full name in this document is that
    // person, whatever the model typed it as ("Le Pen" after "Marine Le Pen").
    {
        let lower = m.text.to_lowercase();
        let ends = |f: &&String| {
            let f = f.to_lowercase();
            f.len() > lower.len() && f.ends_with(&lower) && f[..f.len() - lower.len()].ends_with(' ')
        };
        if let Some(f) = full_names.iter().find(ends) {
            return Some(b.get_or_add(format!("p:{}", normalize(f)), f, EntityType::Person));
        }
    }
    if let Some(t) = t.filter(|&t| t != EntityType::Person) {
        return Some(b.get_or_add_named(&m.text, t));
    }
    // Persons and untyped names; "King Charles" is the "King Charles III" of the same document.
    if m.text.contains(' ') {
        // "King Charles" -> "King Charles III"; "Von der Leyen" -> "Ursula von der Leyen".
        let prefix = format!("{} ", m.text.to_lowercase());
        let suffix = format!(" {}", m.text.to_lowercase());
        let full = full_names
            .iter()
            .filter(|f| {
                let f = f.to_lowercase();
                f.starts_with(&prefix) || f.ends_with(&suffix)
            })
            .min_by_key(|f| f.len())
            .unwrap_or(&m.text);
        return Some(b.get_or_add(format!("p:{}", normalize(full)), full, EntityType::Person));
    }
    // A lone name: the document's full name ending (or, for "Keir", starting) with it.
    let lower = m.text.to_lowercase();
    let full = full_names
        .iter()
        .find(|f| last_word(f).to_lowercase() == lower)
        .or_else(|| full_names.iter().find(|f| f.split(' ').any(|w| w.to_lowercase() == lower)));
    if let Some(f) = full {
        return Some(b.get_or_add(format!("p:{}", normalize(f)), f, EntityType::Person));
    }
    // A word typed a person, with no title and no person of the document
    // named so, that starts the document's one organisation's name is that
    // organisation ("Bayern goalkeeper Manuel Neuer" after "Bayern Munich").
    if t == Some(EntityType::Person) && m.title.is_none() {
        if let Some(full) = names.the_organisation_starting_with(&m.text) {
            return Some(b.get_or_add_named(full, EntityType::Org));
        }
    }
    if t == Some(EntityType::Person) || t.is_none() {
        let ix = b.get_or_add(format!("s:{}", normalize(&m.text)), &m.text, EntityType::Person);
        let e = &mut b.entities[ix];
        e.surname_only = true;
        // Untyped throughout: kept only if the corpus has a person with this
        // surname. (Typed a person once, it is kept.)
        if t.is_none() && e.mentions == 0 {
            e.description = Some((String::new(), None));
        } else if t.is_some() {
            e.description = None;
        }
        return Some(ix);
    }
    None
}

/// "the US president": the person with that title (and place) in this document,
/// most recently mentioned; else a placeholder resolved across documents.
fn link_description(
    b: &mut Builder,
    m: &Mention,
    mentions: &[Vec<Mention>],
    links: &[Vec<Option<usize>>],
    topic: Option<usize>,
    si: usize,
    mi: usize,
) -> usize {
    let title = m.title.clone().unwrap_or_default();
    // "the new president" is not the one named "Incumbent President" or
    // "former President" before; with no other holder of the title, the one
    // the story last spoke of, as for "he" (a winner just sworn in).
    let new = m.text.split(' ').any(|w| w.eq_ignore_ascii_case("new"));
    let past_holders: Vec<usize> = if new {
        let before = mentions.iter().enumerate().take(si + 1).flat_map(|(s, sent)| {
            sent.iter().enumerate().take(if s == si { mi } else { sent.len() }).map(move |(k, x)| (s, k, x))
        });
        before.filter(|(_, _, x)| x.past_title).filter_map(|(s, k, _)| links[s][k]).collect()
    } else {
        Vec::new()
    };
    // Same title and place first; a title seen without its place second.
    for strict in [true, false] {
        let fits = |(i, e): (usize, &LocalEntity)| {
            !past_holders.contains(&i)
                && e.entity_type == EntityType::Person
                && e.titles.iter().any(|(t, of)| {
                    let same_place = *of == m.title_of;
                    title_matches(t, &title) && (same_place || !strict && (of.is_none() || m.title_of.is_none()))
                        // "the South Korean leader" is its president or prime minister.
                        || title == "leader" && same_place && of.is_some() && HEAD_TITLES.contains(&t.as_str())
                })
        };
        // Most recent mention of a fitting entity before this one, else the first after it.
        let mut best = None;
        for (s, sent) in mentions.iter().enumerate().take(si + 1) {
            for (k, _) in sent.iter().enumerate() {
                if s == si && k >= mi {
                    break;
                }
                if let Some(ix) = links[s][k] {
                    if fits((ix, &b.entities[ix])) {
                        best = Some(ix);
                    }
                }
            }
        }
        if best.is_none() {
            best = (0..b.entities.len()).find(|&i| fits((i, &b.entities[i])));
        }
        if let Some(ix) = best {
            return ix;
        }
    }
    if new {
        if let Some(ix) = link_pronoun(b, m, mentions, links, topic, si, mi).filter(|i| !past_holders.contains(i)) {
            return ix;
        }
    }
    let key = format!("d:{}:{}", title, m.title_of.as_deref().unwrap_or(""));
    let ix = b.get_or_add(key, &m.text, EntityType::Person);
    b.entities[ix].description = Some((title, m.title_of.clone()));
    ix
}

/// Titles of a country's leader.
const HEAD_TITLES: &[&str] = &["president", "prime minister", "chancellor", "premier", "king", "queen", "emperor"];

/// "president" fits "us president" or "president"; "prime minister" fits "prime minister".
fn title_matches(seen: &str, wanted: &str) -> bool {
    seen == wanted || seen.ends_with(&format!(" {wanted}")) || wanted.ends_with(&format!(" {seen}"))
}

#[allow(clippy::too_many_arguments)]
fn link_pronoun(
    b: &Builder,
    m: &Mention,
    mentions: &[Vec<Mention>],
    links: &[Vec<Option<usize>>],
    topic: Option<usize>,
    si: usize,
    mi: usize,
) -> Option<usize> {
    // A quoted "I" is whoever the sentence says spoke it, and no one else.
    if let Some(at) = m.speaker {
        return mentions[si].iter().position(|x| x.start == at).and_then(|k| links[si][k]);
    }
    // "Macron called Merz to congratulate him": not the clause's own subject.
    let excluded: Vec<usize> = m.clause_subject.map_or(Vec::new(), |(a, b)| {
        (0..mentions[si].len())
            .filter(|&k| a <= mentions[si][k].start && mentions[si][k].end <= b)
            .filter_map(|k| links[si][k])
            .collect()
    });
    let fits = |ix: usize| {
        if excluded.contains(&ix) {
            return false;
        }
        let e = &b.entities[ix];
        if e.description.is_some() && e.surname_only {
            return false;
        }
        if m.plural || m.entity_type.is_none() {
            matches!(e.entity_type, EntityType::Org | EntityType::Gpe)
        } else if m.entity_type == Some(EntityType::Org) {
            // "the company"; "the group" is no committee or court.
            e.entity_type == EntityType::Org && !names_another_kind_of_body(&m.text, &e.label)
        } else if m.entity_type == Some(EntityType::Gpe) {
            // "the West African nation".
            e.entity_type == EntityType::Gpe
        } else if m.entity_type == Some(EntityType::Law) {
            // "the bill" is a bill or act ("Treaty Principles Bill"), "the
            // pact" or "the treaty" an agreement ("CUSMA", "Treaty of Waitangi").
            let noun = m.text.rsplit(' ').next().unwrap_or("");
            let bill_noun = noun.eq_ignore_ascii_case("bill") || noun.eq_ignore_ascii_case("law");
            let last = e.label.rsplit(' ').next().unwrap_or("").to_lowercase();
            let a_bill = matches!(last.as_str(), "bill" | "act" | "law");
            e.entity_type == EntityType::Law && bill_noun == a_bill
        } else {
            e.entity_type == EntityType::Person && (m.gender.is_none() || e.gender.is_none() || e.gender == m.gender)
        }
    };
    // "the union" after "the National Samsung Electronics Union", "the group"
    // after "Tata Group": an organisation whose name ends with the noun, the
    // nearest first (this sentence, then up to five before).
    if m.entity_type == Some(EntityType::Org) {
        let text = m.text.to_lowercase();
        let named_such = |such: &dyn Fn(usize) -> bool| {
            let earlier =
                (si.saturating_sub(5)..si).rev().flat_map(|s| (0..mentions[s].len()).rev().map(move |k| (s, k)));
            (0..mi).rev().map(|k| (si, k)).chain(earlier).find_map(|(s, k)| {
                links[s][k].filter(|&ix| mentions[s][k].kind == MentionKind::Name && fits(ix) && such(ix))
            })
        };
        if let Some(noun) = text.strip_prefix("the ").or(Some(text.as_str())).filter(|n| !n.contains(' ')) {
            let ends_with_noun = |ix: usize| {
                let label = b.entities[ix].label.to_lowercase();
                label.strip_suffix(noun).is_some_and(|rest| rest.ends_with(' '))
            };
            let named = named_such(&ends_with_noun);
            // "the commission" is only ever a commission named before.
            let lex = crate::mentions::lexicon::lexicon();
            if named.is_some() || lex.has("institution_heads", noun) && !lex.has("company_nouns", noun) {
                return named;
            }
        }
        // "the Atlanta-based carrier" after "Delta Air Lines": a trade's noun
        // stands for the body whose name says that trade, when one was named.
        let trade = trade_words(text.rsplit(' ').next().unwrap_or(""));
        if !trade.is_empty() {
            let in_trade =
                |ix: usize| b.entities[ix].label.split(' ').any(|w| trade.iter().any(|t| w.eq_ignore_ascii_case(t)));
            if let Some(named) = named_such(&in_trade) {
                return Some(named);
            }
        }
    }
    // Same sentence, nearest entity first. "him"/"them" are not the subject of
    // their own clause, so for them the nearest entity is passed over when the
    // sentence offers another ("Carney said Trump treated him ...").
    let object_case = m.clause_subject.is_none() && matches!(m.text.to_lowercase().as_str(), "him" | "them");
    let mut nearest: Vec<usize> = Vec::new();
    // "Washington has a treaty with Manila and has expanded its presence": an
    // organisation's or country's "its"/"their" passes over names after a
    // preposition when the sentence offers another; so does "it" ("sued
    // CrowdStrike in a Georgia court, accusing it of ...").
    let thing_pronoun = m.entity_type.is_none() && matches!(m.text.to_lowercase().as_str(), "its" | "their" | "it");
    let mut adjuncts: Vec<usize> = Vec::new();
    // "Alcaraz, who had won their previous five meetings": a "they" or "their"
    // after a person named nearer than any organisation or country is people.
    if m.plural {
        for k in (0..mi).rev() {
            let Some(ix) = links[si][k] else { continue };
            if mentions[si][k].kind == MentionKind::Name && b.entities[ix].entity_type == EntityType::Person {
                return None;
            }
            if fits(ix) {
                break;
            }
        }
    }
    for k in (0..mi).rev() {
        // "Carney, who beat Poilievre, said he ...": not back into a clause aside.
        let aside = mentions[si][k].aside.is_some_and(|(a, b)| !(a..b).contains(&m.start));
        if aside && m.clause_subject.is_none() {
            continue;
        }
        if let Some(ix) = links[si][k].filter(|&ix| fits(ix)) {
            // With the clause's subject known and left out: the nearest other
            // entity that is not a name's owner ("Trudeau, Carney's predecessor
            // ... criticised him"), else one inside a clause aside ("Vance, who
            // met Weidel, congratulated her").
            let set_aside = m.clause_subject.is_some() && (aside || mentions[si][k].possessive);
            let list = if thing_pronoun && mentions[si][k].after_preposition || set_aside {
                &mut adjuncts
            } else {
                &mut nearest
            };
            if !list.contains(&ix) {
                list.push(ix);
            }
        }
    }
    for ix in adjuncts {
        if !nearest.contains(&ix) {
            nearest.push(ix);
        }
    }
    // The speaker the parse gives a reported pronoun, where one fits.
    if let Some((a, z)) = m.reported_by {
        let spoke = (0..mi).rev().find(|&k| {
            let x = &mentions[si][k];
            a <= x.start && x.end <= z && x.kind != MentionKind::Pronoun && links[si][k].is_some_and(fits)
        });
        if let Some(k) = spoke {
            return links[si][k];
        }
        // A reflexive whose subject is no entity ("the man paid himself") is none.
        if crate::mentions::is_reflexive(&m.text.to_lowercase()) {
            return None;
        }
    }
    // "Zelenskiy thanked Scholz and said he would travel": the subject of a
    // reported clause is the speaker, the sentence's first fitting person,
    // more often than the nearest ("when he spoke to Carney after he won":
    // the nearest).
    match (object_case, nearest.as_slice()) {
        (true, [_, second, ..]) => return Some(*second),
        (false, [.., first_in_sentence]) if m.reported && m.aside.is_none() => return Some(*first_in_sentence),
        (_, [first, ..]) => return Some(*first),
        _ => {}
    }
    // Earlier sentences: the subject (first fitting mention) of the nearest one
    // that has any. A description ("the group") reaches as far back as a person.
    // Names in brackets or relative clauses are no sentence's subject (nor is
    // a dateline's "(Reuters)" what "the bank" means).
    let reach = if m.entity_type == Some(EntityType::Person) || m.is_nominal_reference() { 4 } else { 2 };
    // "Chief Executive Lars Fruergaard Jorgensen said the company ...": a
    // company's description over a sentence boundary is the organisation the
    // story names most (three names at least, no tie), when it is named within reach.
    if let Some(topic) = topic.filter(|_| m.is_nominal_reference() && m.entity_type == Some(EntityType::Org)) {
        let within = (si.saturating_sub(reach)..si).any(|s| links[s].contains(&Some(topic)));
        if within && fits(topic) {
            return Some(topic);
        }
    }
    for s in (si.saturating_sub(reach)..si).rev() {
        for (k, _) in mentions[s].iter().enumerate().filter(|(_, x)| x.aside.is_none()) {
            if let Some(ix) = links[s][k].filter(|&ix| fits(ix)) {
                return Some(ix);
            }
        }
    }
    None
}

/// The entity counted most, if it is counted three times at least and no
/// other as often: the organisation a story is about.
pub(crate) fn leading_entity<'a>(counts: impl IntoIterator<Item = (&'a usize, &'a usize)> + Clone) -> Option<usize> {
    let most = counts.clone().into_iter().map(|(_, &n)| n).max().unwrap_or(0);
    let mut leaders = counts.into_iter().filter(|&(_, &n)| n == most && n >= 3);
    match (leaders.next(), leaders.next()) {
        (Some((&ix, _)), None) => Some(ix),
        _ => None,
    }
}

/// Whether an organisation's description ("the group", "the Japanese
/// company") cannot mean the organisation labelled `label` because the name
/// says it is an institution of another kind ("Norwegian Nobel Committee").
/// The words in a body's name that say it is in the trade a description's
/// noun names ("the airline" is "Delta Air Lines", "the insurer" "Aviva Insurance").
fn trade_words(noun: &str) -> &'static [&'static str] {
    match noun {
        "airline" | "carrier" => &["air", "airlines", "airline", "airways", "aviation"],
        "insurer" => &["insurance", "assurance", "insurers"],
        "lender" => &["bank", "bancorp", "banking"],
        "broadcaster" => &["news", "broadcasting", "television", "tv", "radio"],
        "drugmaker" => &["pharma", "pharmaceutical", "pharmaceuticals", "therapeutics"],
        "carmaker" | "automaker" => &["motor", "motors", "auto", "automotive"],
        "miner" => &["mining", "minerals", "resources"],
        "chipmaker" => &["semiconductor", "semiconductors"],
        _ => &[],
    }
}

fn names_another_kind_of_body(description: &str, label: &str) -> bool {
    let lex = crate::mentions::lexicon::lexicon();
    let noun = description.rsplit(' ').next().unwrap_or("").to_lowercase();
    let head = label.rsplit(' ').next().unwrap_or("").to_lowercase();
    // ("The club" is no bank, union or party: "European Central Bank".)
    let club_of_another_kind = noun == "club" && lex.has("org_heads", &head);
    noun != head
        && (club_of_another_kind
            || lex.has("institution_heads", &head)
                && !lex.has("institution_nouns", &noun)
                && !lex.has("institution_heads", &noun))
}

/// A corpus-wide entity: the union of local entities across documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlobalEntity {
    pub key: String,
    pub label: String,
    pub entity_type: EntityType,
    pub aliases: BTreeMap<String, usize>,
    pub mentions: usize,
    pub documents: Vec<String>,
}

/// The documents' local entities as [`merge_documents`] reads them: in
/// order, a few times over. A big corpus can keep them encoded and decode
/// one document at a time, so that they need not all be objects at once.
pub trait EntitySource {
    /// Calls `f` with each document's id and entities, in document order.
    fn for_each(&self, f: &mut dyn FnMut(&str, &DocumentEntities));
    /// The id of document `d`.
    fn id(&self, d: usize) -> Option<&str>;
}

impl EntitySource for [(&str, &DocumentEntities)] {
    fn for_each(&self, f: &mut dyn FnMut(&str, &DocumentEntities)) {
        self.iter().for_each(|(id, d)| f(id, d));
    }

    fn id(&self, d: usize) -> Option<&str> {
        self.get(d).map(|(id, _)| *id)
    }
}

/// A short name in capitals ("UNICEF", "AfD" aside): two capitals or more, no space.
/// Records `g` among the owners of `name` (once).
fn add_owner(owners: &mut HashMap<String, Vec<usize>>, name: &str, g: usize) {
    let owners = owners.entry(name.to_string()).or_default();
    if !owners.contains(&g) {
        owners.push(g);
    }
}

fn is_short_name(alias: &str) -> bool {
    alias.chars().count() >= 2 && !alias.contains(' ') && alias.chars().all(|c| c.is_uppercase() || c == '.')
}

/// Merges the documents' local entities into corpus entities. Returns the
/// entities and, per document, the global index of each local entity (`None`
/// for placeholders that found no referent).
pub fn merge_documents(docs: &(impl EntitySource + ?Sized)) -> (Vec<GlobalEntity>, Vec<Vec<Option<usize>>>) {
    let mut global: Vec<GlobalEntity> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut maps: Vec<Vec<Option<usize>>> = Vec::new();
    let add = |global: &mut Vec<GlobalEntity>, by_key: &mut HashMap<String, usize>, e: &LocalEntity, key: String| {
        *by_key.entry(key.clone()).or_insert_with(|| {
            global.push(GlobalEntity {
                key,
                label: e.label.clone(),
                entity_type: e.entity_type,
                aliases: BTreeMap::new(),
                mentions: 0,
                documents: Vec::new(),
            });
            global.len() - 1
        })
    };
    // Pass 1: names with full keys.
    // (And the short names in capitals that an organisation of more than one
    // word goes by in some document: "United Nations Children's Fund (UNICEF)".)
    let mut short_names: HashMap<String, Vec<usize>> = HashMap::new();
    // (And the first word alone that such a name goes by in its own document:
    // "Honda" of "Honda Motor".)
    let mut first_words: HashMap<String, Vec<usize>> = HashMap::new();
    docs.for_each(&mut |_, doc| {
        let map = doc
            .entities
            .iter()
            .map(|e| {
                let g = (!e.surname_only && e.description.is_none())
                    .then(|| add(&mut global, &mut by_key, e, e.key.clone()));
                if let Some(g) = g.filter(|_| e.entity_type == EntityType::Org && e.label.contains(' ')) {
                    for alias in e.aliases.keys().filter(|a| is_short_name(a)) {
                        add_owner(&mut short_names, alias, g);
                    }
                    let first = e.label.split(' ').next().unwrap_or("");
                    if e.aliases.contains_key(first) && !is_short_name(first) {
                        add_owner(&mut first_words, first, g);
                    }
                }
                g
            })
            .collect();
        maps.push(map);
    });
    // The documents each entity is named in.
    let mut documents_of: Vec<Vec<usize>> = vec![Vec::new(); global.len()];
    for (d, map) in maps.iter().enumerate() {
        for &g in map.iter().flatten() {
            if documents_of[g].last() != Some(&d) {
                documents_of[g].push(d);
            }
        }
    }
    // "Paris St Germain" and "Paris Saint-Germain" (either typed a body or a
    // person): one name spelt two ways. (Before the indexes below, which then
    // hold one of them.)
    let mut redirect: HashMap<usize, usize> = HashMap::new();
    let mut by_spelling: HashMap<String, usize> = HashMap::new();
    for (g, e) in global.iter().enumerate() {
        if !matches!(e.entity_type, EntityType::Org | EntityType::Person) || !e.label.contains(' ') {
            continue;
        }
        let spelling: Vec<String> = normalize(&e.label)
            .replace('-', " ")
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| if w == "saint" { "st".to_string() } else { w.to_string() })
            .collect();
        match by_spelling.entry(spelling.join(" ")) {
            std::collections::hash_map::Entry::Occupied(first) => {
                redirect.insert(g, *first.get());
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(g);
            }
        }
    }
    // Organisations: acronyms and shorter names join a longer name.
    // (Indexed by initials and by word suffixes, so this is linear in the entities.)
    let orgs: Vec<usize> = (0..global.len())
        .filter(|&g| global[g].entity_type != EntityType::Person && !redirect.contains_key(&g))
        .collect();
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_suffix: HashMap<String, Vec<usize>> = HashMap::new();
    for &o in &orgs {
        if global[o].entity_type != EntityType::Org {
            continue;
        }
        by_initials.entry(initials(&global[o].label)).or_default().push(o);
        let n = normalize(&global[o].label);
        for (i, _) in n.match_indices(' ') {
            by_suffix.entry(n[i + 1..].to_string()).or_default().push(o);
        }
    }
    // "PSG" and "Paris Saint-Germain" (which the model took for a person's
    // name): a name of three initials or more that an organisation's acronym
    // spells is that organisation.
    for (g, e) in global.iter().enumerate() {
        if e.entity_type == EntityType::Person && e.label.contains(' ') && !redirect.contains_key(&g) {
            let i = initials(&e.label);
            if i.chars().count() >= 3 {
                by_initials.entry(i).or_default().push(g);
            }
        }
    }
    let only_other = |hits: Option<&Vec<usize>>, g: usize| -> Option<usize> {
        let mut it = hits.into_iter().flatten().copied().filter(|&o| o != g);
        match (it.next(), it.next()) {
            (Some(h), None) => Some(h),
            _ => None,
        }
    };
    let lex = crate::mentions::lexicon::lexicon();
    for &g in &orgs {
        let label = &global[g].label;
        let words = label.split(' ').count();
        let is_acronym = words == 1
            && label.chars().count() >= 2
            && label.chars().all(|c| c.is_uppercase() || c == '.')
            && global[g].entity_type == EntityType::Org;
        let target = if is_acronym {
            let acro: String = label.chars().filter(|c| c.is_alphabetic()).collect();
            only_other(by_initials.get(&acro), g).or_else(|| only_other(short_names.get(label.as_str()), g))
        } else if words == 1 && global[g].entity_type == EntityType::Org {
            // "Honda" joins the one "Honda Motor" that another article also calls "Honda".
            only_other(first_words.get(label.as_str()), g)
        } else if words >= 2 && global[g].entity_type == EntityType::Org {
            // "Commerce Department" joins "US Commerce Department": only a
            // place or a people's word before it ("Democratic Party" is not
            // the "New Democratic Party").
            // "The Commission" is the writer's short form of one.
            let short = normalize(label);
            let short_words = short.split(' ').count();
            let joins = |t: &usize| {
                let long: Vec<&str> = global[*t].label.split(' ').collect();
                let prefix = long[..long.len().saturating_sub(short_words)].join(" ");
                label.starts_with("The ") || lex.is_place_or_people(&prefix)
            };
            // The one named in the same document first ("The Commission" after
            // "The European Commission", though another article has an
            // "Electoral Commission").
            let in_same_document = by_suffix.get(&short).map(|hits| {
                hits.iter()
                    .copied()
                    .filter(|&o| o != g && documents_of[o].iter().any(|d| documents_of[g].contains(d)))
                    .collect::<Vec<usize>>()
            });
            only_other(in_same_document.as_ref(), g)
                .filter(joins)
                .or_else(|| only_other(by_suffix.get(&short), g).filter(joins))
        } else {
            None
        };
        if let Some(t) = target {
            if is_acronym && global[t].entity_type == EntityType::Person {
                global[t].entity_type = EntityType::Org;
            }
            redirect.insert(g, t);
        }
    }
    // Persons: "King Charles" joins the one "King Charles III" of the corpus.
    let persons: Vec<usize> = (0..global.len())
        .filter(|&g| global[g].entity_type == EntityType::Person && !redirect.contains_key(&g))
        .collect();
    let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    for &p in &persons {
        let n = normalize(&global[p].label);
        for (i, _) in n.match_indices(' ') {
            by_prefix.entry(n[..i].to_string()).or_default().push(p);
        }
        by_surname.entry(normalize(last_word(&global[p].label))).or_default().push(p);
    }
    for &g in &persons {
        if let Some(h) = only_other(by_prefix.get(&normalize(&global[g].label)), g) {
            redirect.insert(g, h);
        }
    }
    // Pass 2: surnames and descriptions. A description ("the US president")
    // resolves to the one entity seen with a fitting title, among the entities
    // resolved so far (pass 1, and pass 2 up to this point, in document order).
    let mut titled = TitleIndex::default();
    let mut d = 0;
    docs.for_each(&mut |_, doc| {
        for (i, e) in doc.entities.iter().enumerate() {
            if let Some(g) = maps[d][i] {
                titled.add(e, g);
            }
        }
        d += 1;
    });
    let mut d = 0;
    docs.for_each(&mut |_, doc| {
        for (i, e) in doc.entities.iter().enumerate() {
            if maps[d][i].is_some() {
                continue;
            }
            if e.surname_only {
                let sur = normalize(&e.label);
                let hits = by_surname.get(&sur).map(|v| v.as_slice()).unwrap_or(&[]);
                maps[d][i] = match hits.len() {
                    1 => Some(hits[0]),
                    // A one-word name taken for a person that no person of the
                    // corpus is called by, with no title, no gender and no given
                    // name: news names a person in full first, so it is an
                    // organisation ("Roche", "Eisai", "Hapag-Lloyd" were all
                    // taken for people).
                    0 if e.description.is_none()
                        && e.titles.is_empty()
                        && e.gender.is_none()
                        && !lex.is_given_name(&e.label) =>
                    {
                        let org = LocalEntity { entity_type: EntityType::Org, ..e.clone() };
                        Some(add(&mut global, &mut by_key, &org, format!("n:{}", normalize(&e.label))))
                    }
                    0 if e.description.is_none() => Some(add(&mut global, &mut by_key, e, e.key.clone())),
                    _ => None,
                };
            } else if let Some((title, of)) = &e.description {
                maps[d][i] = titled.the_one(title, of);
            }
            if let Some(g) = maps[d][i] {
                titled.add(e, g);
            }
        }
        d += 1;
    });
    // Apply redirects, then fill aliases, counts and documents.
    for map in &mut maps {
        for g in map.iter_mut().flatten() {
            while let Some(&t) = redirect.get(g) {
                *g = t;
            }
        }
    }
    let mut d = 0;
    docs.for_each(&mut |doc_id, doc| {
        for (i, e) in doc.entities.iter().enumerate() {
            let Some(g) = maps[d][i] else { continue };
            let ge = &mut global[g];
            for (a, c) in &e.aliases {
                *ge.aliases.entry(a.clone()).or_insert(0) += c;
            }
            ge.mentions += e.mentions;
            if ge.documents.last().map(|x| x.as_str()) != Some(doc_id) {
                ge.documents.push(doc_id.to_string());
            }
        }
        d += 1;
    });
    for ge in &mut global {
        ge.documents.sort();
        ge.documents.dedup();
        // The fullest proper name: most words, then most frequent, then alphabetical.
        if ge.entity_type == EntityType::Person {
            if let Some((best, _)) = ge.aliases.iter().max_by(|a, b| {
                let wa = a.0.split(' ').count();
                let wb = b.0.split(' ').count();
                wa.cmp(&wb).then(a.1.cmp(b.1)).then(b.0.cmp(a.0))
            }) {
                ge.label = best.clone();
            }
        }
    }
    (global, maps)
}

/// The resolved entities seen with each title (and the place it belongs to),
/// for descriptions: at most two distinct entities are kept per (title, of),
/// as only "exactly one" matters.
#[derive(Default)]
struct TitleIndex {
    /// title -> of -> up to two distinct global entities.
    by_title: HashMap<String, HashMap<Option<String>, Vec<usize>>>,
    /// A word suffix of a title ("minister" of "prime minister") -> the titles ending with it.
    by_suffix: HashMap<String, Vec<String>>,
}

impl TitleIndex {
    fn add(&mut self, e: &LocalEntity, g: usize) {
        for (t, o) in &e.titles {
            if !self.by_title.contains_key(t) {
                for (i, _) in t.match_indices(' ') {
                    self.by_suffix.entry(t[i + 1..].to_string()).or_default().push(t.clone());
                }
                self.by_title.insert(t.clone(), HashMap::new());
            }
            let set = self.by_title.get_mut(t).unwrap().entry(o.clone()).or_default();
            if set.len() < 2 && !set.contains(&g) {
                set.push(g);
            }
        }
    }

    /// The one entity whose titles fit `title` (and `of`, when given), if exactly one does.
    fn the_one(&self, title: &str, of: &Option<String>) -> Option<usize> {
        // Titles that fit: the same, longer ones ending with it, shorter ones it ends with.
        let mut candidates: Vec<&str> = vec![title];
        if let Some(longer) = self.by_suffix.get(title) {
            candidates.extend(longer.iter().map(|s| s.as_str()));
        }
        for (i, _) in title.match_indices(' ') {
            candidates.push(&title[i + 1..]);
        }
        let mut found: Vec<usize> = Vec::new();
        for t in candidates {
            let Some(by_of) = self.by_title.get(t) else { continue };
            debug_assert!(title_matches(t, title));
            let sets: Vec<&Vec<usize>> = match of {
                Some(_) => by_of.get(of).into_iter().collect(),
                None => by_of.values().collect(),
            };
            for set in sets {
                for &g in set {
                    if !found.contains(&g) {
                        found.push(g);
                        if found.len() > 1 {
                            return None;
                        }
                    }
                }
            }
        }
        found.first().copied()
    }
}

/// "Prime Minister's Office" -> "PMO", "Associated Press" -> "AP".
fn initials(label: &str) -> String {
    label
        .split([' ', '-'])
        .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and" | "for" | "&" | "'s" | ""))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::find_mentions;
    use crate::text::segment;

    fn resolve(text: &str) -> (Vec<Vec<Mention>>, DocumentEntities) {
        let sents = segment(text, 0, text.len());
        let names = crate::mentions::capitalised_words(sents.iter().map(|s| s.tokens.as_slice()));
        let mentions: Vec<Vec<Mention>> = sents
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let words = s.words();
                find_mentions(i, &s.tokens, &crate::tag::tag(&words), None, &names)
            })
            .collect();
        let ents = resolve_document(&mentions);
        (mentions, ents)
    }

    /// The label of the entity that the first mention written `text`, from
    /// sentence `from` on, is linked to in `r`.
    fn label_of<'a>(
        mentions: &[Vec<Mention>],
        r: &'a DocumentEntities,
        from: std::ops::RangeFrom<usize>,
        text: &str,
    ) -> Option<&'a str> {
        let (s, k) = (from.start..mentions.len())
            .find_map(|s| mentions[s].iter().position(|m| m.text == text).map(|k| (s, k)))
            .unwrap_or_else(|| panic!("no mention {text}: {mentions:?}"));
        r.links[s][k].map(|i| r.entities[i].label.as_str())
    }

    fn referent<'a>(m: &(Vec<Vec<Mention>>, DocumentEntities), text: &str) -> Option<&'a str>
    where
        'static: 'a,
    {
        let (mentions, ents) = m;
        for (s, sent) in mentions.iter().enumerate() {
            for (k, x) in sent.iter().enumerate() {
                if x.text == text {
                    return ents.links[s][k]
                        .map(|i| Box::leak(ents.entities[i].label.clone().into_boxed_str()) as &str);
                }
            }
        }
        None
    }

    #[test]
    fn the_company_is_the_organisation_named_before_and_the_italian_the_person() {
        let (mut mentions, _) = resolve(
            "Tencent agreed to sell its shares to Canada. The Chinese company bought the stake in 2016. \
             Carlo Ancelotti told reporters. The Italian said he was happy.",
        );
        // As the NER model types them.
        for m in mentions.iter_mut().flatten() {
            if m.text == "Tencent" {
                m.entity_type = Some(EntityType::Org);
            }
        }
        let r = resolve_document(&mentions);
        let referent = |text: &str| label_of(&mentions, &r, 0.., text);
        assert_eq!(referent("The Chinese company"), Some("Tencent"), "not the country named nearer");
        assert_eq!(referent("The Italian"), Some("Carlo Ancelotti"));
        assert!(!mentions[1].iter().chain(&mentions[3]).any(|m| m.kind == MentionKind::Demonym), "{mentions:?}");
    }

    #[test]
    fn the_company_said_after_a_clause_is_its_subject() {
        let (mut mentions, _) = resolve(
            "Zorbia has ordered 60 jets from Quentor, the carrier said on Tuesday. \
             Zorbia sued Quentor, saying the company had copied its designs.",
        );
        for m in mentions.iter_mut().flatten() {
            if matches!(m.text.as_str(), "Zorbia" | "Quentor") {
                m.entity_type = Some(EntityType::Org);
            }
        }
        let r = resolve_document(&mentions);
        assert_eq!(label_of(&mentions, &r, 0.., "the carrier"), Some("Zorbia"), "the source, not the nearest");
        assert_eq!(label_of(&mentions, &r, 1.., "the company"), Some("Quentor"), "elsewhere the nearest");
    }

    #[test]
    fn a_word_typed_an_organisation_is_the_company_it_starts_not_the_person_it_ends() {
        let (mut mentions, _) =
            resolve("Chevron agreed to buy Hess Corp on Monday. Hess CEO John Hess will join the board. Hess said.");
        // As the NER model types them: the company before the title, the man alone.
        for (s, sent) in mentions.iter_mut().enumerate() {
            for m in sent.iter_mut().filter(|m| m.text == "Hess") {
                m.entity_type = Some(if s == 1 { EntityType::Org } else { EntityType::Person });
            }
        }
        let r = resolve_document(&mentions);
        let label = |s: usize, text: &str| label_of(&mentions, &r, s.., text);
        assert_eq!(label(1, "Hess"), Some("Hess Corp"));
        assert_eq!(label(2, "Hess"), Some("John Hess"), "typed a person, the surname still wins");
    }

    #[test]
    fn a_one_word_name_nothing_typed_named_twice_is_an_organisation() {
        let r = resolve("Apple fined Spotify on Monday. Spotify welcomed it. Zorbel spoke once.");
        let spotify = r.1.entities.iter().find(|e| e.label == "Spotify").expect("Spotify is an entity");
        assert_eq!(spotify.entity_type, EntityType::Org);
        assert_eq!(spotify.mentions, 2);
        let zorbel = r.1.entities.iter().find(|e| e.label == "Zorbel");
        assert!(zorbel.is_none_or(|e| e.description.is_some()), "named once: left to the corpus rule: {zorbel:?}");
        let r = resolve("Mark Carney spoke. Carney and Mark met.");
        assert!(r.1.entities.iter().all(|e| e.entity_type == EntityType::Person), "{:?}", r.1.entities);
    }

    #[test]
    fn an_organisations_first_word_is_the_organisation() {
        let (mut mentions, _) = resolve("Boeing bought Spirit AeroSystems. Spirit makes fuselages. Spirit rose.");
        mentions.iter_mut().flatten().for_each(|m| m.entity_type = Some(EntityType::Org));
        let r = resolve_document(&mentions);
        let spirit: Vec<Option<usize>> = mentions
            .iter()
            .enumerate()
            .flat_map(|(s, sent)| {
                (0..sent.len()).filter(move |&k| sent[k].text.starts_with("Spirit")).map(move |k| (s, k))
            })
            .map(|(s, k)| r.links[s][k])
            .collect();
        assert_eq!(spirit.len(), 3, "{mentions:?}");
        assert!(spirit.iter().all(|&x| x.is_some() && x == spirit[0]), "{spirit:?}");
        assert_eq!(r.entities[spirit[0].unwrap()].label, "Spirit AeroSystems");
    }

    #[test]
    fn a_word_typed_a_person_that_starts_the_organisations_name_is_the_organisation() {
        // "Bayern goalkeeper Manuel Neuer": the model may take the club's word for a person.
        let (mut mentions, _) =
            resolve("Bayern Munich beat Paris. Bayern goalkeeper Manuel Neuer saved a shot. Neuer smiled.");
        for m in mentions.iter_mut().flatten() {
            m.entity_type = Some(if m.text == "Bayern Munich" { EntityType::Org } else { EntityType::Person });
        }
        let r = resolve_document(&mentions);
        assert_eq!(label_of(&mentions, &r, 1.., "Bayern"), Some("Bayern Munich"), "{mentions:?}");
        assert_eq!(label_of(&mentions, &r, 2.., "Neuer"), Some("Manuel Neuer"));
    }

    #[test]
    fn an_its_passes_over_a_name_after_a_preposition() {
        let r = resolve("Washington has a treaty with Manila and has expanded its military presence.");
        assert_eq!(referent(&r, "its"), Some("Washington"));
        let r = resolve("The International Monetary Fund urged Kenya to cut its debt.");
        assert_eq!(referent(&r, "its"), Some("Kenya"), "an object is no adjunct");
    }

    #[test]
    fn a_datelines_capitals_give_way_to_the_name_as_written() {
        let r = resolve("MANILA (Reuters) - Japan signed a pact. The ceremony was held in Manila on Monday.");
        let labels: Vec<&str> = r.1.entities.iter().map(|e| e.label.as_str()).collect();
        assert!(labels.contains(&"Manila") && !labels.contains(&"MANILA"), "{labels:?}");
    }

    #[test]
    fn a_name_ending_a_persons_full_name_is_that_person_and_a_club_is_one_throughout() {
        let r = resolve("Marine Le Pen spoke on Monday. Le Pen told TF1 that she would wait.");
        assert_eq!(referent(&r, "Le Pen"), Some("Marine Le Pen"));
        // An Arabic article is left out of a surname written alone.
        let r = resolve("President Bashar al-Assad fled on Sunday. Russia granted Assad asylum.");
        assert_eq!(referent(&r, "Assad"), Some("Bashar al-Assad"));
        assert_eq!(last_word("Ahmed al-Sharaa"), "Sharaa");
        assert_eq!(last_word("Mohammed al"), "al");
        assert_eq!(last_word("Alan Ashby"), "Ashby");
        let r = resolve(
            "LIVERPOOL (Reuters) - Liverpool beat Everton 2-0 on Sunday.\n\nLiverpool manager Arne Slot spoke.",
        );
        let liverpool: Vec<_> = r.1.entities.iter().filter(|e| e.label == "Liverpool").collect();
        assert_eq!(liverpool.len(), 1, "{:?}", r.1.entities);
        assert_eq!(liverpool[0].entity_type, EntityType::Org);
    }

    #[test]
    fn the_company_across_sentences_is_the_story_s_organisation_when_it_leads() {
        let text = "Zorvo Group shares fell. Zorvo Group said its trial failed. Zorvo Group is Danish. \
                    The result helps Eli Lilly. Lilly's drug Zepbound gained ground. The company said it would file.";
        assert_eq!(referent(&resolve(text), "The company"), Some("Zorvo Group"));
        // No leader (a tie): the subject of the nearest sentence, as before.
        let text = "Zorvo Group shares fell. The result helps Eli Lilly. The company said it would file.";
        assert_eq!(referent(&resolve(text), "The company"), Some("Eli Lilly"));
    }

    #[test]
    fn a_name_in_brackets_is_no_earlier_sentences_subject() {
        let r = resolve("TOKYO (Reuters) - Prices rose on Friday.\n\nThe bank said rates would rise.");
        assert_eq!(referent(&r, "The bank"), None, "a dateline's agency is no antecedent");
        let r = resolve("Sales at Zentro Motors (ZNT) fell. The company said demand slowed.");
        assert_eq!(referent(&r, "The company"), Some("Zentro Motors"));
    }

    #[test]
    fn the_subject_of_a_reported_clause_is_the_speaker() {
        let r = resolve("Volodymyr Zelenskiy thanked Olaf Scholz and said he would travel to Paris.");
        assert_eq!(referent(&r, "he"), Some("Volodymyr Zelenskiy"));
        let r = resolve("Donald Trump spoke to Mark Carney after he won the leadership race.");
        assert_eq!(referent(&r, "he"), Some("Mark Carney"), "not reported: the nearest");
    }

    #[test]
    fn a_pronoun_after_a_relative_clause_skips_the_names_inside_it() {
        let r = resolve("Mark Carney, who beat Pierre Poilievre, said he would meet Trump.");
        assert_eq!(referent(&r, "he"), Some("Mark Carney"));
        let r = resolve("Mark Carney beat Pierre Poilievre, who said he would stay.");
        assert_eq!(referent(&r, "he"), Some("Pierre Poilievre"), "inside the clause it may refer back");
    }

    #[test]
    fn an_organisations_its_skips_a_relative_clause_and_is_otherwise_the_nearest_name() {
        let (mut mentions, _) = resolve("Tencent, which owns a stake in Supercell, agreed to sell its shares.");
        // As the NER model types them.
        for m in mentions.iter_mut().flatten() {
            if m.text == "Tencent" || m.text == "Supercell" {
                m.entity_type = Some(EntityType::Org);
            }
        }
        let r = resolve_document(&mentions);
        let k = mentions[0].iter().position(|m| m.text == "its").expect("its is a mention");
        assert_eq!(r.links[0][k].map(|i| r.entities[i].label.as_str()), Some("Tencent"), "{mentions:?}");
        // With no clause aside, the nearest: the one urged is the one whose debt it is.
        let r = resolve("The International Monetary Fund urged Kenya to cut its debt.");
        assert_eq!(referent(&r, "its"), Some("Kenya"));
    }

    #[test]
    fn a_name_with_staff_is_an_organisation_throughout_the_document() {
        let r = resolve(
            "Microsoft agreed to buy Supercell on Monday. Supercell chief executive Ilkka Paananen said \
             that Supercell would stay in Helsinki.",
        );
        let (mentions, ents) = &r;
        let supercell: Vec<Option<usize>> = mentions
            .iter()
            .enumerate()
            .flat_map(|(s, sent)| {
                sent.iter().enumerate().filter(|(_, m)| m.text == "Supercell").map(move |(k, _)| (s, k))
            })
            .map(|(s, k)| ents.links[s][k])
            .collect();
        assert_eq!(supercell.len(), 3, "{mentions:?}");
        assert!(supercell.iter().all(|&x| x.is_some() && x == supercell[0]), "{supercell:?}");
        assert_eq!(ents.entities[supercell[0].unwrap()].entity_type, EntityType::Org);
    }

    #[test]
    fn the_leader_of_a_country_is_its_president() {
        let r = resolve(
            "French President Emmanuel Macron met South Korean President Lee Jae-myung. \
             The South Korean leader said the talks went well.",
        );
        assert_eq!(referent(&r, "The South Korean leader"), Some("Lee Jae-myung"));
    }

    #[test]
    fn a_company_is_one_entity_with_or_without_its_legal_form() {
        let (mut mentions, _) = resolve("Microsoft Corp. said on Monday it would buy Nokia. Microsoft shares rose.");
        // As the NER model types them.
        mentions.iter_mut().flatten().for_each(|m| m.entity_type = Some(EntityType::Org));
        let r = resolve_document(&mentions);
        assert_eq!(r.links[0][0], r.links[1][0], "{mentions:?}");
        assert_eq!(r.entities[r.links[0][0].unwrap()].label, "Microsoft Corp.");
        assert_eq!(without_company_suffix("Ford Motor Co"), "Ford Motor");
        assert_eq!(without_company_suffix("Apple Inc."), "Apple");
        assert_eq!(without_company_suffix("Inc."), "Inc.", "a legal form alone stays");
        assert_eq!(without_company_suffix("Bank of Canada"), "Bank of Canada");
    }

    #[test]
    fn quoted_first_person_is_the_speaker() {
        let r = resolve(
            "Donald Trump met Mark Carney. Trump said Carney “could not have been nicer and I congratulated him.”",
        );
        assert_eq!(referent(&r, "I"), Some("Donald Trump"));
        assert_eq!(referent(&r, "him"), Some("Mark Carney"), "the object pronoun skips the speaker");
        // No speaker in the sentence: the first person may be the reporter.
        let r = resolve("Donald Trump met Mark Carney. “I was there,” a witness recalled.");
        assert_eq!(referent(&r, "I"), None);
    }

    #[test]
    fn surnames_titles_pronouns_and_descriptions() {
        let r = resolve(
            "U.S. President Donald Trump met Prime Minister Mark Carney. Carney said he was firm. \
             Later the US president spoke to reporters.",
        );
        assert_eq!(referent(&r, "Carney"), Some("Mark Carney"));
        assert_eq!(referent(&r, "he"), Some("Mark Carney"));
        assert_eq!(referent(&r, "the US president"), Some("Donald Trump"));
        let us = r.1.entities.iter().find(|e| e.label == "United States").unwrap();
        assert_eq!(us.mentions, 2);
    }

    #[test]
    fn corpus_merge_joins_surnames_acronyms_and_suffixes() {
        let a = resolve("Mark Carney met officials of the Prime Minister's Office and the US Commerce Department.");
        let b = resolve("Carney spoke. The PMO and the Commerce Department agreed.");
        let (global, maps) = merge_documents(&[("a", &a.1), ("b", &b.1)][..]);
        let labels: Vec<&str> = global.iter().map(|g| g.label.as_str()).collect();
        assert!(labels.contains(&"Mark Carney"), "{labels:?}");
        let carney_b = b.1.entities.iter().position(|e| e.label == "Carney").unwrap();
        assert_eq!(global[maps[1][carney_b].unwrap()].label, "Mark Carney");
        let pmo = b.1.entities.iter().position(|e| e.label == "PMO").unwrap();
        assert_eq!(global[maps[1][pmo].unwrap()].label, "Prime Minister's Office");
        let cd = b.1.entities.iter().position(|e| e.label == "Commerce Department").unwrap();
        assert_eq!(global[maps[1][cd].unwrap()].label, "US Commerce Department");
    }

    /// The corpus label that the entity labelled `name` in the second of two
    /// documents takes when the two are merged.
    fn corpus_label(first: &str, second: &str, name: &str) -> String {
        let (a, b) = (resolve(first), resolve(second));
        let (global, maps) = merge_documents(&[("a", &a.1), ("b", &b.1)][..]);
        let k = b.1.entities.iter().position(|e| e.label == name).unwrap();
        global[maps[1][k].unwrap()].label.clone()
    }

    #[test]
    fn a_shorter_organisation_name_joins_a_longer_one_only_past_a_place() {
        let a = "Jagmeet Singh leads the New Democratic Party. The US Commerce Department spoke.";
        let b = "Lee Jae-myung leads the Democratic Party. The Commerce Department agreed.";
        assert_eq!(corpus_label(a, b, "Democratic Party"), "Democratic Party");
        assert_eq!(corpus_label(a, b, "Commerce Department"), "US Commerce Department");
    }

    #[test]
    fn a_short_name_joins_the_longer_one_of_its_own_document_first() {
        let a = "The Electoral Commission said Mahama won.";
        let b = "The European Commission fined Apple. The Commission said Apple broke the law.";
        assert_eq!(corpus_label(a, b, "The Commission"), "European Commission");
    }

    #[test]
    fn a_short_name_declared_in_one_document_joins_its_body_in_another() {
        let a = "The United Nations Children's Fund (UNICEF) sent water. UNICEF said so.";
        let b = "Gavi said it was working with UNICEF.";
        assert_eq!(corpus_label(a, b, "UNICEF"), "United Nations Children's Fund");
    }

    #[test]
    fn a_first_word_another_document_uses_for_its_body_joins_that_body() {
        let a = "Zorvex Motor said it would merge. Shares of Zorvex fell.";
        let b = "Investors bought shares of Zorvex on Monday. Zorvex rose.";
        assert_eq!(corpus_label(a, b, "Zorvex"), "Zorvex Motor");
        // Not when the first word is no name the other document used alone.
        let c = "Quella Bank said it would merge.";
        let d = "Investors bought shares of Quella on Monday. Quella rose.";
        assert_eq!(corpus_label(c, d, "Quella"), "Quella");
    }

    #[test]
    fn the_union_is_the_organisation_whose_name_ends_with_union() {
        let r = resolve(
            "Samsung Electronics said the National Samsung Electronics Union had walked out. \
             The union said talks had failed.",
        );
        assert_eq!(referent(&r, "The union"), Some("National Samsung Electronics Union"));
    }

    #[test]
    fn shared_surnames_in_different_documents_stay_apart() {
        let a = resolve("John Smith won.");
        let b = resolve("Mary Smith lost.");
        let c = resolve("Smith spoke.");
        let (global, maps) = merge_documents(&[("a", &a.1), ("b", &b.1), ("c", &c.1)][..]);
        assert_eq!(maps[2][0], None, "ambiguous surname is not merged: {global:?}");
    }
}
