//! Stage 5: entity mentions: typed spans of tokens that name something.

use serde::{Deserialize, Serialize};

/// The entity types of the gold rules (OntoNotes-style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    /// Countries, cities, states: places with a government.
    Gpe,
    /// Other places: regions, seas, mountains.
    Loc,
    /// Buildings and facilities: White House, airports.
    Fac,
    Event,
    Law,
    Product,
    /// Nationalities and groups ("Canadian"); never a node of its own.
    Norp,
}

impl EntityType {
    pub const ALL: [EntityType; 9] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Fac,
        EntityType::Event,
        EntityType::Law,
        EntityType::Product,
        EntityType::Norp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Event => "EVENT",
            EntityType::Law => "LAW",
            EntityType::Product => "PRODUCT",
            EntityType::Norp => "NORP",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    pub fn is_place(self) -> bool {
        matches!(self, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

mod find;
pub mod lexicon;

pub use find::{capitalised_words, find_mentions};

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A proper name: "Mark Carney", "U.S.".
    Name,
    /// "he", "she", "they", "its".
    Pronoun,
    /// A definite description: "the US president", "the Canadian prime minister".
    Description,
    /// A nationality word standing for its country: "Canadian".
    Demonym,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// A span of tokens in one sentence that refers to an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub sentence: usize,
    /// Token range `[start, end)` of the name (titles excluded).
    pub start: usize,
    pub end: usize,
    /// The name as written, or the canonical place for demonyms.
    pub text: String,
    /// `None` when neither the model nor the rules could type a lone name;
    /// resolution may type it from an earlier full name.
    pub entity_type: Option<EntityType>,
    pub kind: MentionKind,
    /// The gazetteer's canonical name ("US" -> "United States").
    pub canonical: Option<String>,
    /// Title words before the name, lower case ("prime minister"), and where they start.
    pub title: Option<String>,
    pub title_start: Option<usize>,
    /// The place, party or body the title belongs to ("Canadian Prime Minister" -> "Canada").
    pub title_of: Option<String>,
    pub gender: Option<Gender>,
    /// For pronouns: "they"/"their".
    pub plural: bool,
    /// For "I"/"me"/"my" inside a quotation: the token where the mention of
    /// the person quoted starts ("Trump said: “I congratulated him”").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<usize>,
    /// The tokens `[start, end)` of the relative clause or parenthesis the
    /// mention sits in (", who beat Poilievre,"): a pronoun after it does not
    /// refer back into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aside: Option<(usize, usize)>,
    /// For "he"/"she": the subject of what someone said ("Zelenskiy thanked
    /// Scholz and said he would travel"), so the speaker, the sentence's
    /// subject, more often than the nearest name. For "the company" after a
    /// clause and its comma, before "said": the clause's subject.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reported: bool,
    /// The name follows a preposition ("a treaty with Manila"): an adjunct,
    /// seldom what a later "its" refers to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_preposition: bool,
    /// For "him", "her", "them" as objects: the tokens `[start, end)` of their
    /// clause's subject, whom they cannot mean ("Macron called Merz to
    /// congratulate him"), from the parse (see [`mark_clause_subjects`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause_subject: Option<(usize, usize)>,
    /// For a reported "it", "he", "she": the tokens `[start, end)` of the
    /// subject of the verb of saying its clause hangs on ("Gavi ... said it
    /// was working"), from the parse; the pronoun is that speaker. For a
    /// possessive "his", "her" on an object: the subject of that object's verb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<(usize, usize)>,
    /// The name owns the noun after it ("Carney's predecessor"): a modifier,
    /// seldom what an object pronoun means.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub possessive: bool,
    /// The name and an organisation's name are joined by "and" or "or"
    /// ("taken private by Permira and the Canada Pension Plan Investment
    /// Board"): resolution reads a lone word the model took for a person's
    /// name, never given in full, as an organisation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed_with_org: bool,
    /// A city's name used for its club ("Liverpool beat Manchester City 2-0",
    /// "Liverpool manager Arne Slot"): resolution makes the name the club all
    /// through the document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub club: bool,
    /// The title is one held before ("former President", "Incumbent
    /// President" beside a winner, "outgoing"): "the new president" is someone else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub past_title: bool,
}

/// "himself", "herself", "itself", "themselves" (lower case).
pub fn is_reflexive(word: &str) -> bool {
    matches!(word, "himself" | "herself" | "itself" | "themselves")
}

impl Mention {
    /// The name this mention stands for: its canonical form, else its text.
    pub fn name(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.text)
    }

    /// A reference by a noun after "the" ("the group", "the Chinese
    /// carmaker"), resolved like a pronoun: no name of its own.
    pub fn is_nominal_reference(&self) -> bool {
        self.kind == MentionKind::Pronoun && self.text.get(..4).is_some_and(|t| t.eq_ignore_ascii_case("the "))
    }
}

/// Reads from the parse what the pronouns of a sentence cannot or must mean.
/// For each object pronoun ("him", "her", "them", "the company"): the tokens
/// of its clause's subject and its conjuncts ("both Carney and Poilievre
/// hated him"), the subject of its verb or, for an infinitive or participle
/// without one, of the verb that governs it (`clause_subject`); for a subject
/// after "where", the place "where" stands for (`clause_subject` too); for a
/// reported subject ("said it would"), the subject of the verb of saying
/// (`reported_by`); for a reflexive ("himself"), its clause's subject
/// (`reported_by` too). Drops a "them" that a plural noun in a parallel
/// clause stands for ("isolate teenagers and push them").
pub fn mark_clause_subjects(
    mentions: &mut Vec<Mention>,
    words: &[&str],
    tags: &[crate::tag::TokenTag],
    arcs: &[crate::parse::Arc],
) {
    let head = |i: usize| arcs.get(i).and_then(|a| (a.head > 0 && a.head <= arcs.len()).then(|| a.head - 1));
    // The tokens that name what token `s` names: its name parts, titles and
    // conjuncts ("both Carney and Conservative Leader Pierre Poilievre"), not
    // a clause on it ("Vance, who met Weidel, ..."); first to last.
    let span = |s: usize| {
        let names_it = |mut k: usize| {
            for _ in 0..arcs.len() {
                if k == s {
                    return true;
                }
                if !matches!(
                    arcs[k].deprel,
                    "flat" | "compound" | "conj" | "appos" | "nmod:desc" | "amod" | "det" | "cc"
                ) {
                    return false;
                }
                match head(k) {
                    Some(h) => k = h,
                    None => return false,
                }
            }
            false
        };
        let inside: Vec<usize> = (0..arcs.len()).filter(|&k| names_it(k)).collect();
        (inside.first().copied().unwrap_or(s), inside.last().copied().unwrap_or(s) + 1)
    };
    let subject =
        |v: usize| arcs.iter().position(|a| a.head == v + 1 && matches!(a.deprel, "nsubj" | "nsubj:pass")).map(span);
    // "..., and Gavi, the vaccine alliance, said it" parsed with the second
    // "said" a conjunct of the first and no subject: the word before it (past
    // an apposition after a comma) opening with "and" is its speaker.
    let conjoined_speaker = |v: usize| {
        if arcs[v].deprel != "conj" || v < 3 {
            return None;
        }
        let mut end = v;
        if words[v - 1] == "," {
            let open = (0..v - 1).rev().take(6).find(|&k| words[k] == ",")?;
            if !matches!(words[open + 1].to_lowercase().as_str(), "the" | "a" | "an") {
                return None;
            }
            end = open;
        }
        // (The span takes in the "and" where the parser made the name a conjunct.)
        match span(end - 1) {
            (a, b) if words[a] == "and" => Some((a + 1, b)),
            (a, b) if a >= 1 && words[a - 1] == "and" => Some((a, b)),
            _ => None,
        }
    };
    // "accused Luxon of putting his coalition first": the deed's doer is the
    // one accused (the object of a verb of accusing the gerund hangs on).
    let lex = lexicon::lexicon();
    let accused = |v: usize| {
        let marked = (0..arcs.len())
            .any(|k| head(k) == Some(v) && arcs[k].deprel == "mark" && matches!(words[k], "of" | "for" | "with"));
        let charge = head(v).filter(|&h| {
            marked && arcs[v].deprel == "advcl" && tags.get(h).is_some_and(|t| lex.has("accusing_verbs", &t.lemma))
        });
        charge.and_then(|h| (0..arcs.len()).find(|&k| head(k) == Some(h) && arcs[k].deprel == "obj")).map(span)
    };
    // The subject of verb `v`, or for an infinitive or participle without one
    // (up to three steps), of the verb it hangs on: "Sinner beat Alcaraz to
    // win", "Russia had run a campaign to promote" (an infinitive on an
    // object noun, of that object's verb).
    let acting_subject = |mut v: usize| {
        for _ in 0..3 {
            if let Some(s) = subject(v).or_else(|| accused(v)) {
                return Some(s);
            }
            v = match arcs[v].deprel {
                "xcomp" | "advcl" | "conj" => head(v)?,
                "acl" => head(v).filter(|&n| arcs[n].deprel == "obj").and_then(head)?,
                _ => return None,
            };
        }
        None
    };
    // "would isolate teenagers and push them": an object "them" of a verb
    // conjoined to one whose object is a plural common noun is that noun's
    // people or things, no entity.
    let parallel_plural = |at: usize| {
        let verb = head(at).filter(|&v| arcs[at].deprel == "obj" && arcs[v].deprel == "conj");
        let first = verb.and_then(head);
        first.is_some_and(|f| {
            (0..at)
                .any(|k| head(k) == Some(f) && arcs[k].deprel == "obj" && tags.get(k).is_some_and(|t| t.xpos == "NNS"))
        })
    };
    mentions.retain(|m| {
        !(m.kind == MentionKind::Pronoun && m.end == m.start + 1 && m.text == "them" && parallel_plural(m.start))
    });
    let names: Vec<(usize, usize)> =
        mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| (m.start, m.end)).collect();
    for m in mentions.iter_mut().filter(|m| m.kind == MentionKind::Pronoun) {
        let lower = m.text.to_lowercase();
        // "Fain ... while paying himself": a reflexive is its clause's subject.
        if is_reflexive(&lower) {
            let verb =
                arcs.get(m.start).filter(|a| matches!(a.deprel, "obj" | "iobj" | "obl")).and_then(|_| head(m.start));
            m.reported_by = verb.and_then(acting_subject);
            continue;
        }
        let own_verb = arcs.get(m.start).filter(|a| a.deprel == "nsubj").and_then(|_| head(m.start));
        // "The United States said it would donate ..., and Gavi ... said it was
        // working with UNICEF": a reported subject's speaker is the subject of
        // the verb of saying its clause hangs on.
        if m.reported {
            let speech = own_verb.filter(|&v| arcs[v].deprel == "ccomp").and_then(head);
            m.reported_by = speech.and_then(|v| subject(v).or_else(|| conjoined_speaker(v)));
        }
        // "Jaiswal scored 161, and Kohli hit his 30th century", "Sharma stayed
        // in Mumbai for the birth of his child": a possessive "his"/"her" on an
        // object is the subject of the verb that object belongs to (or of the
        // verb an infinitive without one hangs on: "Sinner beat Alcaraz to win
        // his first title").
        if m.reported && m.reported_by.is_none() && matches!(lower.as_str(), "his" | "her") {
            let mut noun = arcs.get(m.start).filter(|a| a.deprel == "nmod:poss").and_then(|_| head(m.start));
            for _ in 0..4 {
                match noun {
                    Some(k) if matches!(arcs[k].deprel, "nmod" | "compound" | "conj" | "appos") => noun = head(k),
                    _ => break,
                }
            }
            let verb = noun.filter(|&k| matches!(arcs[k].deprel, "obj" | "iobj" | "obl")).and_then(head);
            m.reported_by = verb.and_then(acting_subject);
        }
        // "in Germany, where they face Belgium": not the place "where" stands for.
        // (The place is the word before "where" and its comma, however the
        // parser attached the clause.)
        if let Some(v) = own_verb {
            let at_where = (1..m.start)
                .find(|&k| head(k) == Some(v) && arcs[k].deprel == "advmod" && words[k].eq_ignore_ascii_case("where"));
            if let Some(k) = at_where {
                let place = if words[k - 1] == "," { k.checked_sub(2) } else { Some(k - 1) };
                m.clause_subject = place.map(span);
            }
        }
        // "Elliott ... has pushed the company to improve": so are "the company",
        // "the bank" as objects (the noun is the phrase's last word).
        let at = if m.is_nominal_reference() { m.end - 1 } else { m.start };
        if !(matches!(lower.as_str(), "him" | "her" | "them") || at != m.start)
            // ("agreed to give it to him": an obl too.)
            || !arcs.get(at).is_some_and(|a| matches!(a.deprel, "obj" | "iobj" | "obl"))
        {
            continue;
        }
        if let Some(s) = head(at).and_then(acting_subject) {
            // (After a preposition, only a named subject is left out: "leaders
            // who engage with him" says nothing of whom "him" means.)
            let named = || names.iter().any(|&(a, b)| s.0 <= a && b <= s.1);
            if arcs[at].deprel != "obl" || named() {
                m.clause_subject = Some(s);
            }
        }
    }
}
