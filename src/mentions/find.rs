//! Finding mentions in one sentence: names (capitalised runs and NER spans),
//! titles before them, descriptions ("the US president"), pronouns, demonyms.

use std::collections::HashSet;

use super::lexicon::{lexicon, title_text, Lexicon};
use super::{EntityType, Gender, Mention, MentionKind};
use crate::tag::TokenTag;
use crate::text::Token;

/// Words that join capitalised words inside one name ("Bank of England").
const CONNECTORS: &[&str] = &[
    "of", "on", "for", "de", "du", "la", "von", "van", "der", "al", "&", "-", "and", "bin", "ibn", "bint", "da", "dos",
    "das", "del", "di",
];

/// Lower-case particles inside personal names.
const NAME_PARTICLES: &[&str] = &["von", "van", "der", "den", "de", "la", "le", "du", "da", "di", "bin", "al", "ter"];

fn is_capitalised(word: &str) -> bool {
    if word.contains('$') {
        return false; // "US$74.25" is money
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // "eBay"-like names are rare in news; digits-first ("7-Eleven") likewise.
        _ => false,
    }
}

/// The tokens `[s, e)` joined as in the text, any white space folded to one space.
fn span_text(tokens: &[Token], s: usize, e: usize) -> String {
    let mut out = String::new();
    for i in s..e {
        if i > s && tokens[i - 1].end < tokens[i].start {
            out.push(' ');
        }
        out.push_str(&tokens[i].text);
    }
    out
}

/// True when `text` is `words` joined by single spaces (without building the join).
fn is_joined(text: &str, words: &[&str]) -> bool {
    let mut rest = text;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let Some(r) = rest.strip_prefix(' ') else { return false };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(w) else { return false };
        rest = r;
    }
    rest.is_empty()
}

fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'" | "’")
}

/// Words of a document written capitalised somewhere other than at a
/// sentence start: "Trump" opening a sentence is then a name, not a noun.
pub fn capitalised_words<'a>(sentences: impl Iterator<Item = &'a [Token]>) -> HashSet<String> {
    let mut out = HashSet::new();
    for tokens in sentences {
        for (i, t) in tokens.iter().enumerate().skip(1) {
            let after_open = tokens[i - 1].text.chars().all(|c| !c.is_alphanumeric());
            if !after_open && is_capitalised(&t.text) && t.text.chars().any(char::is_lowercase) {
                out.insert(t.text.clone());
            }
        }
    }
    out
}

/// Finds the mentions of sentence `sentence` from its tokens, tags and NER
/// labels (if any); `names` are the document's [`capitalised_words`].
pub fn find_mentions(
    sentence: usize,
    tokens: &[Token],
    tags: &[TokenTag],
    ner: Option<&[&str]>,
    names: &HashSet<String>,
) -> Vec<Mention> {
    let lex = lexicon();
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let mut out: Vec<Mention> = Vec::new();
    let headline = is_headline(&words, lex);
    let mut covered = vec![false; words.len()];
    // Whether each token touches the one before it (no white space between).
    let attached: Vec<bool> = (0..tokens.len()).map(|i| i > 0 && tokens[i - 1].end == tokens[i].start).collect();
    for (s, e) in capitalised_runs(&words, &attached, tags, names, lex) {
        process_run(sentence, &words, tags, ner, s, e, headline, lex, &mut out);
        covered[s..e].iter_mut().for_each(|c| *c = true);
    }
    // "paying Apple and Mozilla": a name left untyped takes the type of the
    // name it is joined to by "and" or "or" (not a people's word or a
    // modifier: "the British Crown and Maori chiefs").
    let typed: Vec<(usize, usize, EntityType)> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Name)
        .filter_map(|m| m.entity_type.map(|t| (m.start, m.end, t)))
        .collect();
    let conjunction = |k: usize| words.get(k).is_some_and(|w| matches!(*w, "and" | "or"));
    let modifies_a_noun = |e: usize| tags.get(e).is_some_and(|t| t.upos == "NOUN");
    for m in out.iter_mut().filter(|m| m.kind == MentionKind::Name && m.entity_type.is_none()) {
        if modifies_a_noun(m.end) || lex.demonym(&m.text).is_some() {
            continue;
        }
        let before = typed.iter().find(|t| m.start >= 2 && conjunction(m.start - 1) && t.1 == m.start - 1);
        let after = typed.iter().find(|t| conjunction(m.end) && t.0 == m.end + 1);
        m.entity_type = before.or(after).map(|t| t.2);
    }
    // NER spans that no capitalised run covers are mostly lower-case web text
    // ("the", "research"): in news they cost more precision than they add recall,
    // so the model only types the runs (see `classify`).
    find_descriptions(sentence, &words, tags, lex, &mut out, &covered);
    find_nominal_references(sentence, &words, tags, lex, &mut out);
    find_pronouns(sentence, &words, tags, lex, &mut out);
    find_quoted_first_person(sentence, &words, tags, lex, &mut out);
    // Names as written: no space where the text has none ("Prime Minister's Office").
    for m in &mut out {
        if m.kind == MentionKind::Name && m.end > m.start && is_joined(&m.text, &words[m.start..m.end]) {
            m.text = span_text(tokens, m.start, m.end);
        }
    }
    out.sort_by_key(|m| (m.start, m.end));
    // "Opposition leader Lee Jae-myung of the Democratic Party", "Senator
    // Bernie Sanders of Vermont": a titled person's body or place after "of".
    for i in 0..out.len() {
        let m = &out[i];
        if m.kind != MentionKind::Name || m.title.is_none() || m.title_of.is_some() || words.get(m.end) != Some(&"of") {
            continue;
        }
        let at =
            if words.get(m.end + 1).is_some_and(|w| w.eq_ignore_ascii_case("the")) { m.end + 2 } else { m.end + 1 };
        let owner = out.iter().find(|o| {
            o.start == at
                && o.kind == MentionKind::Name
                && matches!(o.entity_type, Some(EntityType::Org | EntityType::Gpe))
                && words.get(o.end).is_none_or(|w| *w != "'s")
        });
        if let Some(o) = owner {
            out[i].title_of = Some(o.name().to_string());
        }
    }
    for m in out.iter_mut().filter(|m| m.kind == MentionKind::Name) {
        let before = if m.start >= 2 && matches!(words[m.start - 1].to_lowercase().as_str(), "the" | "a" | "an") {
            m.start - 2
        } else {
            m.start.wrapping_sub(1)
        };
        m.after_preposition = tags.get(before).is_some_and(|t| t.upos == "ADP" && t.xpos == "IN")
            && !words[before].eq_ignore_ascii_case("of");
        if let Some(t) = m.title_start {
            let past = |k: usize| {
                words.get(k).is_some_and(|w| {
                    matches!(w.to_lowercase().as_str(), "former" | "incumbent" | "outgoing" | "ousted" | "then")
                })
            };
            m.past_title = past(t) || t >= 1 && past(t - 1);
        }
        // "Mr Smith", "Ms Okafor": the form of address gives the gender.
        if m.gender.is_none() && matches!(m.entity_type, None | Some(EntityType::Person)) && m.start >= 1 {
            let address = words[m.start - 1];
            if lex.has("honorifics", address) {
                m.gender = gender_of_title(address, lex);
            }
        }
    }
    for (a, b) in asides(&words) {
        for m in out.iter_mut().filter(|m| m.start >= a && m.end <= b) {
            m.aside = Some((a, b));
        }
    }
    // "Elon Musk, the chief executive of SpaceX, said": a description in
    // apposition to a person's name is that person, already named (the roles
    // stage reads the title from the words).
    let named_before = |mut at: usize| {
        if at >= 1 && matches!(words[at - 1].to_lowercase().as_str(), "the" | "a" | "an") {
            at -= 1;
        }
        at >= 2
            && words[at - 1] == ","
            && out
                .iter()
                .any(|n| n.kind == MentionKind::Name && n.entity_type == Some(EntityType::Person) && n.end == at - 1)
    };
    let appositions: Vec<usize> =
        (0..out.len()).filter(|&k| out[k].kind == MentionKind::Description && named_before(out[k].start)).collect();
    for k in appositions.into_iter().rev() {
        out.remove(k);
    }
    acronyms_in_brackets(&words, &mut out);
    for m in out.iter_mut().filter(|m| m.kind == MentionKind::Name) {
        m.possessive = words.get(m.end).is_some_and(|w| is_possessive(w));
    }
    mark_listed_with_org(&words, &mut out);
    names_known_as(&words, &mut out);
    merged_bodies(&words, lex, &mut out);
    awards_won(&words, tags, &mut out);
    out
}

/// "Rodri won the Ballon d'Or": what one wins with "the" is a prize or a
/// contest, not the person the model took the unknown name for ("won the
/// Trump endorsement": a name before a noun only modifies it).
fn awards_won(words: &[&str], tags: &[TokenTag], out: &mut [Mention]) {
    for m in out.iter_mut().filter(|m| m.kind == MentionKind::Name) {
        let won = m.start >= 2
            && words[m.start - 1].eq_ignore_ascii_case("the")
            && tags.get(m.start - 2).is_some_and(|t| t.upos == "VERB" && &*t.lemma == "win")
            && !tags.get(m.end).is_some_and(|t| matches!(t.upos, "NOUN" | "PROPN" | "PART"));
        if won && matches!(m.entity_type, None | Some(EntityType::Person)) && m.title.is_none() && m.canonical.is_none()
        {
            m.entity_type = Some(EntityType::Event);
            m.gender = None;
        }
    }
}

/// "the merger of PSA and Fiat Chrysler", "a tie-up between Honda and
/// Nissan": the names a merger joins are organisations, whatever person the
/// model took one for (a titled name stays a person).
fn merged_bodies(words: &[&str], lex: &Lexicon, out: &mut [Mention]) {
    let mut in_merger = false;
    let mut last_end = 0;
    for m in out.iter_mut().filter(|m| m.kind == MentionKind::Name) {
        let mut k = m.start;
        if k >= 1 && words[k - 1].eq_ignore_ascii_case("the") {
            k -= 1;
        }
        let opens =
            k >= 2 && matches!(words[k - 1], "of" | "between" | "with") && lex.has("merger_nouns", words[k - 2]);
        // The next name of the list: "PSA and Fiat Chrysler", "A, B and C".
        let listed = in_merger && k == last_end + 1 && matches!(words[last_end], "and" | ",");
        in_merger = opens || listed;
        last_end = m.end;
        if in_merger && m.entity_type == Some(EntityType::Person) && m.title.is_none() && m.canonical.is_none() {
            m.entity_type = Some(EntityType::Org);
            m.gender = None;
        }
    }
}

/// "Mohamed Hamdan Dagalo, known as Hemedti": the name after "known as" is
/// another name of the person or body just before.
fn names_known_as(words: &[&str], out: &mut [Mention]) {
    for b in 0..out.len() {
        let at = out[b].start;
        if out[b].kind != MentionKind::Name || at < 4 || words[at - 2] != "known" || words[at - 1] != "as" {
            continue;
        }
        let comma = if matches!(words[at - 3], "also" | "better" | "widely") { at - 4 } else { at - 3 };
        // (A body too: "the California Department of Forestry and Fire
        // Protection, known as Cal Fire".)
        let named = out[..b].iter().rposition(|a| {
            a.kind == MentionKind::Name
                && matches!(a.entity_type, Some(EntityType::Person | EntityType::Org))
                && a.end == comma
                && words[comma] == ","
        });
        if let Some(a) = named {
            let full = out[a].name().to_string();
            out[b].canonical = Some(full);
            out[b].entity_type = out[a].entity_type;
        }
    }
}

/// Sets `listed_with_org` on the names joined to an organisation's name by
/// "and" or "or" (an article between allowed), either way round.
fn mark_listed_with_org(words: &[&str], out: &mut [Mention]) {
    let joined = |a: &Mention, b: &Mention| {
        let mut j = a.end;
        if !words.get(j).is_some_and(|w| matches!(*w, "and" | "or")) {
            return false;
        }
        j += 1;
        if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("the")) {
            j += 1;
        }
        j == b.start
    };
    let names: Vec<usize> = (0..out.len()).filter(|&k| out[k].kind == MentionKind::Name).collect();
    for &a in &names {
        for &b in &names {
            if a != b && (joined(&out[a], &out[b]) || joined(&out[b], &out[a])) {
                let other_is_org = out[b].entity_type == Some(EntityType::Org);
                out[a].listed_with_org |= other_is_org;
            }
        }
    }
}

/// "The United Nations Children's Fund (UNICEF)", "Alternative for Germany
/// (AfD)": a short name with two capitals or more in brackets right after a
/// name of two words or more is that name's short name, whatever its letters
/// spell. Such a pair names a body: a name the model took for a person's is
/// one only when the short name spells its initials ("Mohammed bin Salman (MBS)"),
/// and one it took for a place the gazetteer does not know is an organisation.
fn acronyms_in_brackets(words: &[&str], out: &mut [Mention]) {
    for i in 1..out.len() {
        let (before, rest) = out.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut rest[0]);
        let short = b.end == b.start + 1
            && b.text.chars().all(char::is_alphabetic)
            && b.text.chars().filter(|c| c.is_uppercase()).count() >= 2
            && b.text.chars().count() <= 8;
        if a.kind != MentionKind::Name
            || b.kind != MentionKind::Name
            || !short
            || !a.text.contains(' ')
            || a.end + 1 != b.start
            || words[a.end] != "("
            || words.get(b.end) != Some(&")")
        {
            continue;
        }
        // "NEW YORK (AP)": a short name listed as another's is not this one.
        let listed_other = b.canonical.as_ref().is_some_and(|c| Some(c) != a.canonical.as_ref() && *c != a.text);
        if listed_other {
            continue;
        }
        // The short name's capitals, in order, among the name's initials ("MBS"
        // in "Crown Prince Mohammed bin Salman").
        let mut initials = a.text.split([' ', '-']).filter_map(|w| w.chars().next()).flat_map(char::to_uppercase);
        let spells = b.text.chars().filter(|c| c.is_uppercase()).all(|c| initials.any(|i| i == c));
        if a.canonical.is_none() {
            a.entity_type = match a.entity_type {
                Some(EntityType::Person) if spells => Some(EntityType::Person),
                None | Some(EntityType::Person | EntityType::Gpe | EntityType::Loc) => Some(EntityType::Org),
                t => t,
            };
        }
        b.canonical = Some(a.name().to_string());
        b.entity_type = a.entity_type;
    }
}

/// Relative clauses set off by commas (", who beat Poilievre,", ", which owns
/// a stake in Supercell,") and parentheses, as token ranges: what they say is
/// aside from the sentence's main clause.
fn asides(words: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..words.len() {
        let close = match words[i] {
            "," if words.get(i + 1).is_some_and(|w| matches!(*w, "who" | "which" | "whose" | "whom" | "where")) => ",",
            "(" => ")",
            _ => continue,
        };
        // Unclosed, the clause runs to the end of the sentence.
        let k = words[i + 1..].iter().position(|w| *w == close).unwrap_or(words.len() - i - 1);
        out.push((i + 1, i + 1 + k));
    }
    out
}

/// Maximal runs of capitalised words, joined by connectors, stopped by possessives.
fn capitalised_runs(
    words: &[&str],
    attached: &[bool],
    tags: &[TokenTag],
    names: &HashSet<String>,
    lex: &Lexicon,
) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(words[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < words.len() && is_capitalised(words[end]) {
                end += 1;
            } else if end + 1 < words.len()
                && is_possessive(words[end])
                && is_capitalised(words[end + 1])
                && title_at(words, start, end, lex) == end - start
            {
                // "Prime Minister's Office": a title's possessive inside a name.
                end += 2;
            } else if end + 1 < words.len()
                && is_possessive(words[end])
                && is_capitalised(words[end + 1])
                && lex.has("possessive_name_words", words[end - 1])
            {
                // "the United Nations Children's Fund": a plural noun's possessive inside a name.
                end += 2;
            } else if end + 1 < words.len()
                && end - start == 2
                && matches!(words[start], "St." | "St" | "Saint")
                && is_possessive(words[end])
                && is_capitalised(words[end + 1])
                && lex.has("fac_heads", words[end + 1])
            {
                // "St. Peter's Square", "St Paul's Cathedral": a saint's possessive in a place's name.
                end += 2;
            } else if end + 1 < words.len()
                && (end - start == 1 || end - start == 2 && words[start].eq_ignore_ascii_case("the"))
                && is_possessive(words[end])
                && lex.has("possessive_society_heads", words[end + 1])
                && is_capitalised(words[end + 1])
                && !words.get(end + 2).is_some_and(|w| is_capitalised(w))
                && !lex.is_place_or_people(words[end - 1])
                && lex.known(words[end - 1]).is_none()
                && !lex.is_organisation(words[end - 1])
                && !lex.is_given_name(words[end - 1])
            {
                // "the Alzheimer's Association": an unknown word's possessive
                // before a society's head ("Canada's Parliament" is Canada's).
                end += 2;
            } else if end + 2 < words.len()
                && words[end + 1] == "the"
                && is_capitalised(words[end + 2])
                && match words[end] {
                    "of" => lex.has("org_heads", words[end - 1]),
                    "on" => ON_HEADS.contains(&words[end - 1].to_lowercase().as_str()),
                    _ => false,
                }
            {
                // "the Organization of the Petroleum Exporting Countries", "the
                // Treaty on the Prohibition of Nuclear Weapons": a body's or
                // treaty's head word goes on through "of the"/"on the" with a name.
                end += 3;
            } else if end + 1 < words.len()
                && matches!(words[end], "'" | "’")
                && words[end - 1].ends_with('s')
                && is_capitalised(words[end + 1])
                && lex.has("org_heads", words[end + 1])
            {
                // "the Indian Commercial Pilots' Association": so is a plural's
                // apostrophe before an organisation's head word.
                end += 2;
            } else if end + 1 < words.len()
                && CONNECTORS.contains(&words[end])
                && is_capitalised(words[end + 1])
                && connector_joins(words, attached, end, lex)
            {
                end += 2;
            } else if let Some(k) = body_name_through_in(words, start, end, lex) {
                // "the Committee on Foreign Investment in the United States",
                // "the Board of Control for Cricket in India": some bodies'
                // names go on through "in" (elsewhere "in" ends a name).
                end = k;
            } else if end + 1 < words.len()
                && words[end] == "-"
                && attached[end]
                && attached[end + 1]
                && (is_unknown_lowercase_word(words[end + 1])
                    || words[end + 1].rsplit_once('-').is_some_and(|(_, last)| is_capitalised(last)))
            {
                // The lower-case half of a hyphenated given name: "Lee Jae-myung"
                // (but "Helsinki-based", "Trump-era": English words), or a
                // hyphenated tail ending in a capital ("Tehreek-e-Insaf").
                end += 2;
            } else if end < words.len()
                && ["d'", "d’"].iter().any(|p| words[end].strip_prefix(p).is_some_and(is_capitalised))
            {
                // "Ballon d'Or", "Cote d'Ivoire": a French "of" before a capital.
                end += 1;
            } else if end + 2 < words.len()
                && matches!(words[end], "al" | "el")
                && words[end + 1] == "-"
                && attached[end + 1]
                && attached[end + 2]
                && is_capitalised(words[end + 2])
            {
                // "Abdel Fattah al-Sisi", "Khalil al-Hayya".
                end += 3;
            } else if end + 2 < words.len()
                && NAME_PARTICLES.contains(&words[end])
                && NAME_PARTICLES.contains(&words[end + 1])
                && is_capitalised(words[end + 2])
            {
                // "Ursula von der Leyen", "Juan de la Cruz".
                end += 3;
            } else {
                break;
            }
        }
        let (s, e) = trim_run(words, tags, names, start, end, lex);
        if s < e {
            runs.push((s, e));
        }
        i = end;
    }
    runs
}

/// Where a body's name that starts at `start` goes on through the "in" at
/// `at` ends, if it does. The name has a head word with a "for"/"of"/"on"
/// phrase; then it is a listed name (up to six words after "in"), or its
/// phrase names no place and "in" and a country end the capitalised words
/// ("the Board of Control for Cricket in India"; "the Bank of England in
/// Britain" is two names).
fn body_name_through_in(words: &[&str], start: usize, at: usize, lex: &Lexicon) -> Option<usize> {
    if words.get(at) != Some(&"in") || !words.get(at + 1).is_some_and(|w| is_capitalised(w) || *w == "the") {
        return None;
    }
    // The body's head words with a phrase after them (cheap, so checked first:
    // "in" after a name is common).
    let heads: Vec<&str> = words[start..at]
        .windows(2)
        .filter(|p| matches!(p[1], "for" | "of" | "on") && lex.has("org_heads", p[0]))
        .map(|p| p[0])
        .collect();
    if heads.is_empty() {
        return None;
    }
    let listed = (at + 2..=(at + 7).min(words.len())).rev().find(|&k| {
        let name = words[start..k].join(" ");
        lex.is_organisation(&name) || lex.known(&name).is_some()
    });
    if listed.is_some() {
        return listed;
    }
    // (Not a government's department: "the Ministry of Defence in Britain".)
    let government =
        |h: &&str| ["ministry", "department", "office", "government"].iter().any(|g| h.eq_ignore_ascii_case(g));
    if heads.iter().all(government) || lex.is_known_place(words[at - 1]) {
        return None;
    }
    let from = if words[at + 1] == "the" { at + 2 } else { at + 1 };
    let end = (from..words.len()).find(|&k| !is_capitalised(words[k])).unwrap_or(words.len());
    (end > from && lex.is_country(&words[from..end].join(" "))).then_some(end)
}

/// Participles after a name and a hyphen that make an adjective of it
/// ("the Iran-backed group").
const SPONSOR_PARTICIPLES: [&str; 7] = ["backed", "based", "led", "owned", "run", "linked", "aligned"];

/// Head words a name goes on after with "on" ("Council on Foreign Relations").
const ON_HEADS: [&str; 8] =
    ["commission", "committee", "council", "conference", "panel", "convention", "treaty", "agreement"];

/// "and" joins only inside organisation names ("Research, Studies and International News"
/// is rare); "Carney and Starmer" are two names. A hyphen joins only when
/// written without spaces ("Canada-U.S.", not the dateline "PARIS - Real
/// Madrid"). "of" after a title joins inside a longer title ("Secretary of
/// State Marco Rubio") or before a place ("the Prime Minister of Canada"),
/// but not after a person's name ("Elizabeth Warren of Massachusetts").
fn connector_joins(words: &[&str], attached: &[bool], at: usize, lex: &Lexicon) -> bool {
    match words[at] {
        // "&" joins company names ("Procter & Gamble", "Ben & Jerry's").
        "&" => true,
        "and" => {
            let after: Vec<&&str> = words[at + 1..].iter().take_while(|w| is_capitalised(w)).collect();
            // "Centres for Disease Control and Prevention", "Ministry of Trade and
            // Industry": one unknown word after "and" goes on with a body's
            // "for"/"of" phrase ("the Bank of England and Barclays" lists two).
            let before: Vec<&&str> =
                words[..at].iter().rev().take_while(|w| is_capitalised(w) || matches!(**w, "for" | "of")).collect();
            let body_phrase = before.windows(2).any(|p| matches!(*p[0], "for" | "of") && lex.has("org_heads", p[1]))
                && !before.first().is_some_and(|w| lex.is_known_place(w));
            // ("California Department of Forestry and Fire Protection": up to
            // three such words, none a title's.)
            let lone_unknown = (1..=3).contains(&after.len())
                && after.iter().all(|w| {
                    lex.known(w).is_none()
                        && !lex.is_organisation(w)
                        && !lex.is_given_name(w)
                        && !lex.title_starts(w)
                        && !lex.has("titles", w)
                });
            // "Nippon Steel and U.S. Steel": a body's whole name before "and"
            // (two words or more, ending in a head word) lists two bodies
            // ("Food and Agriculture Organization" is one).
            let lists_bodies = after.len() >= 2
                && before.len() >= 2
                && before.iter().take(2).all(|w| is_capitalised(w))
                && lex.has("org_heads", before[0]);
            !lists_bodies && after.last().is_some_and(|w| lex.has("org_heads", w)) || body_phrase && lone_unknown
        }
        "-" => attached[at] && attached[at + 1],
        // "Kenya National Commission on Human Rights", "Council on Foreign Relations".
        "on" => ON_HEADS.contains(&words[at - 1].to_lowercase().as_str()),
        // "Elizabeth Warren of Massachusetts", "John Smith of Goldman Sachs":
        // a person and where they are from, not one name.
        "of" if words[..at].iter().rev().take_while(|w| is_capitalised(w)).any(|w| lex.is_given_name(w)) => false,
        // "leaving the Port of Baltimore for Sri Lanka": from a place to a place.
        "for"
            if is_place_name(words[at - 1], lex)
                && (1..=3).any(|k| words.get(at + 1..at + 1 + k).is_some_and(|p| is_place_name(&p.join(" "), lex))) =>
        {
            false
        }
        _ => {
            !lex.has("titles", words[at - 1])
                || words[at - 1].eq_ignore_ascii_case("bank")
                || lex.has("titles", &words[at - 1..at + 2].join(" ").to_lowercase())
                || lex.is_known_place(words[at + 1])
        }
    }
}

/// A place the gazetteer knows, or a listed city ("Sri Lanka", "Baltimore").
fn is_place_name(name: &str, lex: &Lexicon) -> bool {
    lex.is_known_place(name) || lex.is_city(name) || lex.country_of_city(name).is_some()
}

/// A lower-case alphabetic word the tagger's lexicon does not know ("myung"),
/// so not an English word.
fn is_unknown_lowercase_word(word: &str) -> bool {
    // A long word in -ing or -ed is an English participle the tagger's word
    // list lacks ("Marxist-leaning"); a syllable of a given name is short.
    let participle = word.len() >= 6 && (word.ends_with("ing") || word.ends_with("ed"));
    word.chars().all(|c| c.is_lowercase())
        && !participle
        && crate::tag::Tagger::builtin().is_some_and(|t| t.likely_xpos(word).is_none())
}

/// "CAPE CANAVERAL, Florida (AP) -", "LIMA (AP) -": words in capitals before
/// a dateline's comma or bracket are its place.
fn opens_dateline(words: &[&str], s: usize, e: usize) -> bool {
    words[s..e]
        .iter()
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase))
        && words.get(e).is_some_and(|w| matches!(*w, "," | "("))
}

/// Drops sentence-initial common words ("However", "Industries") and function words from a run's edges.
fn trim_run(
    words: &[&str],
    tags: &[TokenTag],
    names: &HashSet<String>,
    mut s: usize,
    mut e: usize,
    lex: &Lexicon,
) -> (usize, usize) {
    while s < e {
        let w = words[s];
        let sentence_initial = s == 0 || words[..s].iter().all(|w| !w.chars().any(char::is_alphanumeric));
        // (A listed company too: "Boeing referred questions to ...".)
        let known = lex.known(w).is_some() || lex.demonym(w).is_some() || names.contains(w) || lex.is_organisation(w);
        let dateline = sentence_initial && opens_dateline(words, s, e);
        // A run of three words or more ending in an organisation's head word
        // keeps its first word opening a sentence ("Advanced Micro Devices, its
        // main rival, ...") or after "the" (`opens_body`).
        // So does an adjective before one opening a sentence ("Democratic Party
        // leader Lee Jae-myung", "Constitutional Court judges").
        let body = (e - s >= 3 || e - s == 2 && tags.get(s).is_some_and(|t| t.upos == "ADJ"))
            && lex.has("org_heads", words[e - 1]);
        // "Club president Florentino Perez": an organisation's head word alone
        // opening a sentence is a common noun.
        // Nor is a word opening a sentence that opens a title with the words
        // after it ("Junta chief Min Aung Hlaing").
        let lone_head =
            sentence_initial && e - s == 1 && (lex.has("org_heads", w) || title_at(words, s, words.len(), lex) > 1);
        let common = lex.has("not_names", w)
            || lone_head
            || sentence_initial
                && !known
                && !dateline
                && !body
                && !is_camel_case(w)
                // ("COP29 President Mukhtar Babayev": capitals and digits make a name.)
                && !w.chars().any(|c| c.is_ascii_digit())
                && tags.get(s).is_some_and(|t| t.upos != "PROPN")
                && !lex.is_given_name(w)
                // (The first word of a title: "Prime Minister Keir Starmer", "Finance Minister ...".)
                && title_at(words, s, e, lex) == 0;
        // "WHO Director-General Tedros": an acronym before a capitalised word
        // opens a name even where the tagger reads a pronoun.
        // So does one before a lower-case title: "ACT leader David Seymour".
        let acronym = w.chars().count() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase())
            && words.get(s + 1).is_some_and(|n| {
                is_capitalised(n) && n.chars().any(char::is_lowercase)
                    || n.starts_with(char::is_lowercase) && lex.has("titles", n)
            });
        // "Conservative leader Pierre Poilievre" opening a sentence: a party's word before a title.
        let party_before_title = lex.party(w).is_some()
            && words.get(s + 1).is_some_and(|n| n.starts_with(char::is_lowercase) && lex.has("titles", n));
        // ("The Hague", "THE HAGUE" in a dateline: a city named with its article.)
        let the_name = acronym
            || party_before_title
            || matches!(w, "The" | "THE")
                && s + 1 < e
                && (lex.known(&words[s..e].join(" ")).is_some()
                    || lex.country_of_city(&words[s..e].join(" ")).is_some()
                    || e - s == 2 && lex.has("org_heads", words[e - 1]));
        // "New York", "New Zealand": a listed word that starts a known name.
        // ("The U.S. Justice Department" still loses its "The": `the_name` decides that.)
        let starts_known = w != "The"
            && (s + 2..=e).any(|k| {
                let t = words[s..k].join(" ");
                lex.known(&t).is_some() || lex.is_organisation(&t)
            });
        // "the New Democratic Party", "the ruling New Patriotic Party": a listed
        // word after "the" or a lower-case word that opens an organisation's name
        // of three words or more.
        let opens_body = !sentence_initial
            && s > 0
            && w != "The"
            && (words[s - 1].eq_ignore_ascii_case("the") || words[s - 1].starts_with(char::is_lowercase))
            && body;
        if common && !the_name && !starts_known && !opens_body {
            s += 1;
        } else {
            break;
        }
    }
    while e > s
        && (CONNECTORS.contains(&words[e - 1])
            || e - s == 1 && (lex.has("not_names", words[e - 1]) || lex.has("faith_adjectives", words[e - 1])))
    {
        e -= 1;
    }
    // "a former European Union Brexit negotiator": a known body, then one
    // word that goes with the lower-case title after it, not with the name.
    let title_after = words.get(e).is_some_and(|w| w.starts_with(char::is_lowercase) && lex.has("titles", w));
    if title_after && e - s >= 3 {
        let body = &words[s..e - 1].join(" ");
        let known_body = lex.known(body).is_some_and(|k| k.entity_type == EntityType::Org) || lex.is_organisation(body);
        let last = words[e - 1];
        if known_body
            && !is_camel_case(last)
            && !lex.has("org_heads", last)
            && !lex.is_organisation(&words[s..e].join(" "))
        {
            e -= 1;
        }
    }
    (s, e)
}

/// Longest title starting at `i` (case-insensitive), as its length in tokens.
/// A capitalised portfolio before "Minister" or "Secretary" is part of the
/// title ("Interior Minister", "Health Secretary"), unless it names a place
/// or a people ("Canada", "Japanese" say whose minister).
fn title_at(words: &[&str], i: usize, end: usize, lex: &Lexicon) -> usize {
    // Most words start no title: that answers for every length at once.
    if lex.title_starts(words[i]) {
        let mut phrase = String::new();
        if let Some(n) =
            (1..=lex.max_title_words.min(end - i)).rev().find(|&n| is_title(&words[i..i + n], lex, &mut phrase))
        {
            return n;
        }
    }
    let portfolio = i + 1 < end
        && lex.has("portfolio_titles", words[i + 1])
        && is_capitalised(words[i])
        && lex.known(words[i]).is_none()
        && lex.demonym(words[i]).is_none()
        && !lex.has("titles", words[i])
        // "United Nations Secretary-General": the end of a known name is no portfolio.
        && !(1..=2).any(|k| i >= k && lex.known(&words[i - k..=i].join(" ")).is_some());
    if portfolio {
        return 1 + title_at(words, i + 1, end, lex);
    }
    0
}

/// True when `words` joined by spaces are a title (any case); `phrase` is scratch space.
fn is_title(words: &[&str], lex: &Lexicon, phrase: &mut String) -> bool {
    phrase.clear();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            phrase.push(' ');
        }
        phrase.push_str(w);
    }
    lex.has("titles", phrase)
}

#[allow(clippy::too_many_arguments)]
fn process_run(
    sentence: usize,
    words: &[&str],
    tags: &[TokenTag],
    ner: Option<&[&str]>,
    s: usize,
    e: usize,
    headline: bool,
    lex: &Lexicon,
    out: &mut Vec<Mention>,
) {
    // The whole run is a known name ("Bank of England", "Prime Minister's Office" aside).
    let whole = words[s..e].join(" ");
    // "the 17-year-old Barcelona winger": a city before a player's or coach's
    // title is its club, with or without a name after the title.
    if (1..=2).any(|n| e + n <= words.len() && names_a_city_club(&whole, &words[e..e + n].join(" "), lex)) {
        let mut m = name_mention(sentence, s, e, whole, Some(EntityType::Org), None, lex);
        m.club = true;
        out.push(m);
        return;
    }
    if let Some(k) = lex.known(&whole) {
        let mut m = name_mention(sentence, s, e, whole, Some(k.entity_type), None, lex);
        m.canonical = Some(k.canonical.clone());
        head_after_name(words, e, lex, &mut m);
        out.push(m);
        return;
    }
    // "the Air India Boeing 787": a listed maker's name and a model number
    // name a product (the words before it are a name of their own).
    // ("fined Apple 500 million euros" is an amount.)
    if words.get(e).is_some_and(|w| is_model_number(w))
        && !words.get(e + 1).is_some_and(|w| AMOUNT_WORDS.contains(&w.to_lowercase().as_str()))
    {
        if let Some(k) = (s..e).find(|&k| lex.is_organisation(&words[k..e].join(" "))) {
            if k > s {
                process_run(sentence, words, tags, ner, s, k, headline, lex, out);
            }
            // "Boeing 737-800": the variant after a hyphen.
            let variant = e + 2 < words.len() && words[e + 1] == "-" && is_model_number(words[e + 2]);
            let end = if variant { e + 3 } else { e + 1 };
            let text = format!("{} {}", words[k..e].join(" "), words[e..end].concat());
            out.push(name_mention(sentence, k, end, text, Some(EntityType::Product), None, lex));
            return;
        }
    }
    // "IAM District 751", "UAW Local 600": a union's branch, named with its number.
    let branch_number = words.get(e).is_some_and(|w| w.len() <= 5 && w.chars().all(|c| c.is_ascii_digit()));
    if e - s >= 2 && matches!(words[e - 1], "District" | "Local" | "Lodge") && branch_number {
        let text = format!("{whole} {}", words[e]);
        out.push(name_mention(sentence, s, e + 1, text, Some(EntityType::Org), None, lex));
        return;
    }
    if words[s..e].iter().any(|w| is_possessive(w)) {
        let t = classify(words, tags, ner, s, e, lex).unwrap_or(EntityType::Org);
        out.push(name_mention(sentence, s, e, whole, Some(t), None, lex));
        return;
    }
    // "including Canadian Jeremy Hansen": a nationality word before a given
    // name is no part of the name.
    let given_name_next = e - s >= 3 && lex.is_given_name(words[s + 1]);
    if let Some(country) = lex.demonym(words[s]).filter(|_| given_name_next) {
        out.push(demonym(sentence, s, country));
        process_run(sentence, words, tags, ner, s + 1, e, headline, lex, out);
        return;
    }
    // "Republican Donald Trump", "Democrat Nancy Pelosi": a party's word
    // before a given name is the party, not part of the name.
    if given_name_next && lex.party(words[s]).is_some() {
        process_run(sentence, words, tags, ner, s, s + 1, headline, lex, out);
        process_run(sentence, words, tags, ner, s + 1, e, headline, lex, out);
        return;
    }
    // Split hyphenated place pairs: "Canada-U.S." names two places.
    if words[s..e].contains(&"-") {
        let parts: Vec<(usize, usize)> = split_on(words, s, e, "-");
        let place_or_people = |a: usize, b: usize| lex.is_place_or_people(&words[a..b].join(" "));
        if parts.iter().all(|&(a, b)| place_or_people(a, b)) {
            for (a, b) in parts {
                process_run(sentence, words, tags, ner, a, b, headline, lex, out);
            }
            return;
        }
    }
    if let Some(country) = lex.demonym(&whole) {
        // "North American", "Canadian": a nationality word; "Canadian parliament" names a body.
        if words.get(e).is_some_and(|w| *w == "parliament") {
            let mut m =
                name_mention(sentence, s, e + 1, format!("{whole} parliament"), Some(EntityType::Org), None, lex);
            m.canonical = Some(format!("Parliament of {country}"));
            out.push(m);
        } else {
            let mut d = demonym(sentence, s, country);
            d.end = e;
            out.push(d);
        }
        return;
    }
    // A run of known names side by side: "make Canada America's ...".
    if title_at(words, s, e, lex) == 0 {
        if let Some(parts) = known_parts(words, s, e, lex) {
            if parts.len() > 1 && (parts.iter().map(|(a, b)| b - a).sum::<usize>() == e - s || headline) {
                for (a, b) in parts {
                    process_run(sentence, words, tags, ner, a, b, headline, lex, out);
                }
                return;
            }
        }
    }
    // Titles inside the run: modifier | title(s) | name. A run ending in an
    // organisation's head word names the organisation, titles and all ("the
    // U.S. Justice Department", "the General Court").
    let organisation = e - s >= 2 && !words[s..e].contains(&"of") && lex.has("org_heads", words[e - 1]);
    let mut first_title = None;
    let mut last_title_end = s;
    let mut j = if organisation { e } else { s };
    while j < e {
        // ("Notre-Dame": a word after a hyphen is no title.)
        let n = if j > s && words[j - 1] == "-" { 0 } else { title_at(words, j, e, lex) };
        if n > 0 && (first_title.is_none() || j == last_title_end) {
            first_title.get_or_insert(j);
            last_title_end = j + n;
            j += n;
        } else if first_title.is_some() {
            break;
        } else {
            j += 1;
        }
    }
    let (mod_end, mut name_start) = match first_title {
        Some(t) => (t, last_title_end),
        None => (s, s),
    };
    // Royals are named with their title: "King Charles III".
    if let Some(t) = first_title {
        if name_start < e && words[name_start] != "of" && lex.has("royal_titles", &words[t..last_title_end].join(" ")) {
            name_start = t;
        }
    }
    // "Mayor of London Sadiq Khan", "Archbishop of Paris Laurent Ulrich": a
    // known place after the title's "of", then the name (the longest place
    // that leaves a given name or two words).
    let mut of_place = None;
    if first_title.is_some() && name_start < e && words[name_start] == "of" {
        let place_end = (name_start + 2..e).rev().find(|&k| {
            let place = words[name_start + 1..k].join(" ");
            (lex.known(&place).is_some_and(|p| p.entity_type.is_place()) || lex.country_of_city(&place).is_some())
                && (lex.is_given_name(words[k]) || e - k >= 2)
        });
        if let Some(k) = place_end {
            of_place = Some((name_start + 1, k));
            name_start = k;
        }
    }
    // A modifier before the title: "Canadian", "U.S.", "Conservative", "White House".
    let mut title_of = None;
    if mod_end > s {
        title_of = modifier_entity(sentence, words, s, mod_end, lex, out);
    }
    if let Some((a, b)) = of_place {
        title_of = modifier_entity(sentence, words, a, b, lex, out).or(title_of);
    }
    // "IAM District 751 President Jon Holden": a body named right before the
    // run that opens with the title owns it.
    if title_of.is_none() && first_title == Some(s) {
        let owner = out.iter().rev().find(|o| o.end == s && o.kind == MentionKind::Name);
        if let Some(o) = owner.filter(|o| o.entity_type == Some(EntityType::Org)) {
            title_of = Some(o.name().to_string());
        }
    }
    // "Prime Minister Sheikh Mohammed", "Prime Minister Sir Keir Starmer": the
    // honorific is not part of the office.
    let title = first_title.map(|t| {
        let mut end = last_title_end;
        while end > t + 1 && lex.has("honorifics", words[end - 1]) {
            end -= 1;
        }
        title_text(&words[t..end])
    });
    if name_start >= e || words[name_start] == "of" {
        // No name after the title: "the Canadian Prime Minister", "Prime Minister of Canada".
        if let Some(t) = first_title {
            let of = if name_start < e && words[name_start] == "of" {
                let target = modifier_entity(sentence, words, name_start + 1, e, lex, out);
                target.or(title_of)
            } else {
                title_of
            };
            let definite = t > 0 && matches!(words[t - 1].to_lowercase().as_str(), "the")
                || s > 0 && words[s - 1].eq_ignore_ascii_case("the");
            if definite {
                out.push(Mention {
                    sentence,
                    start: t,
                    end: last_title_end,
                    text: words[t..last_title_end].join(" "),
                    entity_type: Some(EntityType::Person),
                    kind: MentionKind::Description,
                    canonical: None,
                    title: title.clone(),
                    title_start: Some(t),
                    title_of: of,
                    gender: gender_of_title(title.as_deref().unwrap_or(""), lex),
                    plural: false,
                    speaker: None,
                    aside: None,
                    reported: false,
                    after_preposition: false,
                    clause_subject: None,
                    possessive: false,
                    listed_with_org: false,
                    club: false,
                    reported_by: None,
                    past_title: false,
                });
            }
        }
        return;
    }
    let name = words[name_start..e].join(" ");
    // Headlines capitalise every word, which misleads the model as much as the rules.
    let mut entity_type = classify(words, tags, if headline { None } else { ner }, name_start, e, lex);
    if name_start == 0 && opens_dateline(words, 0, e) && lex.known(&name).is_none() {
        entity_type = Some(EntityType::Gpe);
    }
    // Title-case headlines capitalise every word: only typed evidence makes a name there.
    if headline && first_title.is_none() {
        let first_name = lex.is_given_name(words[name_start]);
        let typed_by_head = matches!(entity_type, Some(t) if t != EntityType::Person);
        if !(typed_by_head || first_name && e - name_start > 1) {
            if let Some(parts) = known_parts(words, name_start, e, lex) {
                for (a, b) in parts {
                    process_run(sentence, words, tags, ner, a, b, false, lex, out);
                }
            }
            return;
        }
    }
    // "Acting President Choi Sang-mok": a name after an office is a person,
    // whatever place the model took it for (a known place keeps its type).
    let model_place = matches!(entity_type, Some(EntityType::Gpe | EntityType::Loc)) && lex.known(&name).is_none();
    if title.is_some() && (entity_type.is_none() || model_place) {
        entity_type = Some(EntityType::Person);
    }
    let mut m = name_mention(sentence, name_start, e, name, entity_type, title.clone(), lex);
    m.club = entity_type == Some(EntityType::Org) && plays_as_a_club(words, ner, name_start, e, lex);
    if title.is_some() {
        m.title_start = first_title;
        m.title_of = title_of;
        m.gender = m.gender.or_else(|| gender_of_title(title.as_deref().unwrap(), lex));
    } else if m.entity_type == Some(EntityType::Person) {
        lowercase_title_before(words, name_start, lex, &mut m, out);
    }
    head_after_name(words, e, lex, &mut m);
    out.push(m);
}

/// "Gold Dome missile defence system", "G7 summit": a lower-case head after the name types it.
fn head_after_name(words: &[&str], e: usize, lex: &Lexicon, m: &mut Mention) {
    let Some(&next) = words.get(e) else { return };
    let lower = next.to_lowercase();
    // "his first Wimbledon title": a name no gazetteer knows before "title" is a competition.
    if lex.has("event_titles", &lower)
        && matches!(m.entity_type, None | Some(EntityType::Gpe | EntityType::Loc))
        && m.title.is_none()
        && m.canonical.is_none()
        && lex.known(&m.text).is_none()
    {
        m.entity_type = Some(EntityType::Event);
        return;
    }
    // "the Artemis II mission": a numbered name before a mission word is the
    // mission, whatever the model made of it ("King Charles III" has none).
    let numbered = m.text.rsplit(' ').next().is_some_and(|w| w != m.text && is_ordinal_word(w));
    if numbered
        && matches!(lower.as_str(), "mission" | "missions" | "launch" | "landing" | "flight" | "spaceflight")
        && m.title.is_none()
        && m.canonical.is_none()
    {
        m.entity_type = Some(EntityType::Event);
        return;
    }
    // "Florida's Big Bend region", "the Rift Valley area": a name no list
    // knows before a word for a stretch of land is a natural place.
    if matches!(lower.as_str(), "region" | "valley" | "area" | "plateau" | "delta" | "highlands")
        && matches!(m.entity_type, None | Some(EntityType::Person))
        && m.title.is_none()
        && m.canonical.is_none()
        && lex.known(&m.text).is_none()
    {
        m.entity_type = Some(EntityType::Loc);
        return;
    }
    // "its Black Horse unit": a part of a firm is a body.
    if matches!(lower.as_str(), "unit" | "subsidiary" | "division" | "arm")
        && matches!(m.entity_type, None | Some(EntityType::Person))
        && m.title.is_none()
        && m.canonical.is_none()
    {
        m.entity_type = Some(EntityType::Org);
        return;
    }
    // "the Santiago Bernabeu stadium": a venue's lower-case head after a name
    // no list knows ("the Tesla plant" names the firm).
    if matches!(
        lower.as_str(),
        "stadium" | "arena" | "airport" | "palace" | "cathedral" | "mosque" | "temple" | "hospital" | "prison"
    ) && m.title.is_none()
        && m.canonical.is_none()
        && lex.known(&m.text).is_none()
        && !lex.is_organisation(&m.text)
    {
        m.entity_type = Some(EntityType::Fac);
        return;
    }
    // "the COP29 climate summit": a numbered name, one lower-case word between
    // ("the Apple developer conference" names the firm).
    let head_next = words.get(e + 1).is_some_and(|w| lex.has("event_heads", w));
    if head_next
        && m.text.chars().any(|c| c.is_ascii_digit())
        && next.chars().all(char::is_lowercase)
        && matches!(m.entity_type, None | Some(EntityType::Org))
        && m.title.is_none()
        && m.canonical.is_none()
    {
        m.entity_type = Some(EntityType::Event);
        return;
    }
    if lex.has("event_heads", &lower) && m.entity_type != Some(EntityType::Person) && m.title.is_none() {
        m.end = e + 1;
        m.text = format!("{} {}", m.text, next);
        m.entity_type = Some(EntityType::Event);
        m.canonical = None;
    } else if (lex.has("product_heads", &lower) || lex.has("product_class_heads", &lower))
        && m.title.is_none()
        && match m.entity_type {
            None | Some(EntityType::Person) => true,
            // A place the gazetteer does not know, named before "missile" or
            // "system", is the product's name (the model's guess of a place
            // comes from the capitals alone); "Canada missile system" stays a place.
            Some(EntityType::Gpe | EntityType::Loc) => lex.known(&m.text).is_none(),
            // "60 A350 jets": a model code, whatever the model guessed; "its
            // Chrome browser": a name before a product class that no list
            // knows as a company.
            Some(EntityType::Org) => {
                is_model_code(&m.text)
                    || lex.has("product_class_heads", &lower)
                        && lex.known(&m.text).is_none()
                        && !lex.is_organisation(&m.text)
            }
            _ => false,
        }
    {
        m.entity_type = Some(EntityType::Product);
    }
}

/// A number naming which of a series: "Two", "II", "2".
fn is_ordinal_word(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "one" | "two" | "three" | "i" | "ii" | "iii" | "iv")
        || !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

/// Words after a number that make it an amount, not a model's number.
const AMOUNT_WORDS: &[&str] = &[
    "million", "billion", "trillion", "thousand", "m", "bn", "mln", "%", "percent", "per", "euros", "dollars",
    "pounds", "francs", "yen", "yuan", "rupees", "shares", "points", "votes", "seats", "people",
];

/// A model's number after its maker's name: "787", "737".
fn is_model_number(w: &str) -> bool {
    w.len() == 3 && w.chars().all(|c| c.is_ascii_digit())
}

/// Capitals then digits, and maybe letters after ("A350", "B52", "A320neo").
fn is_model_code(text: &str) -> bool {
    let letters = text.chars().take_while(char::is_ascii_uppercase).count();
    let digits = text.chars().skip(letters).take_while(char::is_ascii_digit).count();
    (1..=3).contains(&letters) && digits >= 2 && text.chars().skip(letters + digits).all(|c| c.is_ascii_lowercase())
}

/// Known names (gazetteer, demonyms) found left to right in `words[s..e]`, longest first.
fn known_parts(words: &[&str], s: usize, e: usize, lex: &Lexicon) -> Option<Vec<(usize, usize)>> {
    let mut parts = Vec::new();
    let mut i = s;
    while i < e {
        let hit = (i + 1..=e).rev().find(|&j| {
            let t = words[i..j].join(" ");
            lex.known(&t).is_some() || lex.demonym(&t).is_some()
        });
        match hit {
            Some(j) => {
                parts.push((i, j));
                i = j;
            }
            None => i += 1,
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// A title-case line ("Canada's Arctic Sovereignty at Stake"): most content
/// words capitalised, and no full stop at the end ("Apple's Tim Cook met
/// Donald Trump on Monday." is a sentence full of names).
fn is_headline(words: &[&str], lex: &Lexicon) -> bool {
    if words.last() == Some(&".") {
        return false;
    }
    let (mut content, mut caps) = (0, 0);
    for w in words {
        if w.len() > 3 && w.chars().next().is_some_and(char::is_alphabetic) && !lex.has("not_names", w) {
            content += 1;
            caps += usize::from(is_capitalised(w));
        }
    }
    content >= 3 && caps * 10 >= content * 8
}

fn split_on(words: &[&str], s: usize, e: usize, sep: &str) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut a = s;
    for i in s..e {
        if words[i] == sep {
            parts.push((a, i));
            a = i + 1;
        }
    }
    parts.push((a, e));
    parts.retain(|(a, b)| a < b);
    parts
}

/// Adds the mention for a modifier before a title and returns its canonical name.
fn modifier_entity(
    sentence: usize,
    words: &[&str],
    s: usize,
    e: usize,
    lex: &Lexicon,
    out: &mut Vec<Mention>,
) -> Option<String> {
    if s >= e {
        return None;
    }
    let text = words[s..e].join(" ");
    // "Liverpool manager Arne Slot": a city's club.
    if (1..=2).any(|n| e + n <= words.len() && names_a_city_club(&text, &words[e..e + n].join(" "), lex)) {
        let mut m = name_mention(sentence, s, e, text.clone(), Some(EntityType::Org), None, lex);
        m.club = true;
        out.push(m);
        return Some(text);
    }
    if let Some(k) = lex.known(&text) {
        let mut m = name_mention(sentence, s, e, text, Some(k.entity_type), None, lex);
        m.canonical = Some(k.canonical.clone());
        out.push(m);
        return Some(k.canonical.clone());
    }
    if let Some(country) = lex.demonym(&text) {
        // "Canadian", "South Korean".
        let mut d = demonym(sentence, s, country);
        d.end = e;
        out.push(d);
        return Some(country.clone());
    }
    if e - s == 1 {
        if let Some(party) = lex.party(&text) {
            let mut m = name_mention(sentence, s, e, text, Some(EntityType::Org), None, lex);
            m.canonical = Some(party.clone());
            out.push(m);
            return Some(party);
        }
    }
    // Any other capitalised modifier names a body: "McGill University", "White House".
    let t = classify(words, &[], None, s, e, lex).unwrap_or(EntityType::Org);
    out.push(name_mention(sentence, s, e, text.clone(), Some(t), None, lex));
    Some(text)
}

fn demonym(sentence: usize, at: usize, country: &str) -> Mention {
    Mention {
        sentence,
        start: at,
        end: at + 1,
        text: country.to_string(),
        entity_type: Some(EntityType::Gpe),
        kind: MentionKind::Demonym,
        canonical: Some(country.to_string()),
        title: None,
        title_start: None,
        title_of: None,
        gender: None,
        plural: false,
        speaker: None,
        aside: None,
        reported: false,
        after_preposition: false,
        clause_subject: None,
        possessive: false,
        listed_with_org: false,
        club: false,
        reported_by: None,
        past_title: false,
    }
}

/// "White House spokesperson Anna Kelly", "University of Toronto history professor
/// Robert Bothwell": a lower-case title (and up to two modifiers) before a name,
/// owned by the mention just before it.
fn lowercase_title_before(words: &[&str], name_start: usize, lex: &Lexicon, m: &mut Mention, out: &mut [Mention]) {
    let mut t = name_start;
    let mut phrase = String::new();
    // "People Power Party leader Han Dong-hoon": a title does not start inside
    // a name already found ("Party leader" is a title of its own elsewhere).
    let inside = |i: usize| out.iter().any(|o| o.start <= i && i < o.end && o.kind != MentionKind::Pronoun);
    let found = (1..=lex.max_title_words.min(t))
        .rev()
        .find(|&n| !inside(t - n) && is_title(&words[t - n..t], lex, &mut phrase));
    let Some(n) = found else { return };
    let title = title_text(&words[t - n..t]);
    t -= n;
    m.title = Some(title.clone());
    m.title_start = Some(t);
    m.gender = m.gender.or_else(|| gender_of_title(&title, lex));
    // Skip lower-case modifiers ("history", "political science", "former").
    let mut k = t;
    while k > 0
        && t - k < 2
        && words[k - 1].chars().all(|c| c.is_lowercase())
        && !CONNECTORS.contains(&words[k - 1])
        && !lex.has("not_names", words[k - 1])
    {
        k -= 1;
    }
    // The owner: a mention ending right there, or "X's".
    let owner_end = if k > 0 && is_possessive(words[k - 1]) { k - 1 } else { k };
    if let Some(owner) = out.iter_mut().rev().find(|o| o.end == owner_end && o.kind != MentionKind::Pronoun) {
        m.title_of = Some(owner.name().to_string());
        // "Supercell chief executive Ilkka Paananen": a name that has staff is
        // an organisation, though the model did not type it.
        if owner.entity_type.is_none() && owner.kind == MentionKind::Name {
            owner.entity_type = Some(EntityType::Org);
        }
        // "Liverpool manager Arne Slot": a city with a coach or captain is its club.
        if owner.kind == MentionKind::Name && names_a_city_club(owner.name(), &title, lex) {
            owner.entity_type = Some(EntityType::Org);
            owner.club = true;
        }
    }
}

fn gender_of_title(title: &str, lex: &Lexicon) -> Option<Gender> {
    lex.gender_in(title.split(' ').next().unwrap_or(""), "male_titles", "female_titles")
}

fn name_mention(
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    entity_type: Option<EntityType>,
    title: Option<String>,
    lex: &Lexicon,
) -> Mention {
    let first = text.split(' ').next().unwrap_or("");
    // A person's first word is a given name only when a surname follows
    // ("Harris" alone is a surname); an untyped name may be no person at all
    // ("Georgia Power"), so only the hand-written lists speak for it.
    let gender = match entity_type {
        Some(EntityType::Person) if text.contains(' ') => lex.gender_of_given_name(first),
        Some(EntityType::Person) | None => lex.gender_of_listed_name(first),
        _ => None,
    };
    let canonical = lex
        .known(&text)
        .map(|k| k.canonical.clone())
        .or_else(|| (entity_type != Some(EntityType::Person)).then(|| lex.party(&text)).flatten());
    let entity_type = match (&canonical, entity_type) {
        (Some(c), None) if c.ends_with(" Party") => Some(EntityType::Org),
        _ => entity_type,
    };
    Mention {
        sentence,
        start,
        end,
        text,
        entity_type,
        kind: MentionKind::Name,
        canonical,
        title,
        title_start: None,
        title_of: None,
        gender,
        plural: false,
        speaker: None,
        aside: None,
        reported: false,
        after_preposition: false,
        clause_subject: None,
        possessive: false,
        listed_with_org: false,
        club: false,
        reported_by: None,
        past_title: false,
    }
}

/// The type of the name `words[s..e]` from gazetteers, head words, NER and shape.
fn classify(
    words: &[&str],
    tags: &[TokenTag],
    ner: Option<&[&str]>,
    s: usize,
    e: usize,
    lex: &Lexicon,
) -> Option<EntityType> {
    let text = words[s..e].join(" ");
    // "Liverpool beat Manchester City 2-0" (before the gazetteer: Liverpool is a city).
    if plays_as_a_club(words, ner, s, e, lex) {
        return Some(EntityType::Org);
    }
    if let Some(k) = lex.known(&text) {
        return Some(k.entity_type);
    }
    // "Florida's Big Bend region": a name no list knows before "region" is a natural place.
    if words.get(e) == Some(&"region") {
        return Some(EntityType::Loc);
    }
    // "Air India", "Air New Zealand": "Air" and a country's name is its airline.
    if e - s > 1 && words[s] == "Air" && lex.is_country(&words[s + 1..e].join(" ")) {
        return Some(EntityType::Org);
    }
    // "Typhoon Yagi", "Operation Sindoor".
    if e - s > 1 && lex.has("event_firsts", words[s]) {
        return Some(EntityType::Event);
    }
    // "the maker of ChatGPT": what a firm makes is a product.
    if s >= 2
        && words[s - 1] == "of"
        && matches!(words[s - 2], "maker" | "makers" | "developer" | "manufacturer" | "creator")
        && !lex.is_organisation(&text)
    {
        return Some(EntityType::Product);
    }
    // "sold under the brand name Kisunla".
    if s >= 2 && matches!(words[s - 2], "brand" | "trade") && words[s - 1] == "name" {
        return Some(EntityType::Product);
    }
    // "Japan's Eisai": a listed company after a place's possessive (a
    // listed one-word name may be a surname elsewhere: "Ford").
    if e - s == 1
        && s >= 2
        && is_possessive(words[s - 1])
        && lex.is_known_place(words[s - 2])
        && lex.is_organisation(&text)
    {
        return Some(EntityType::Org);
    }
    // "Taiwan's Foxconn had approached Nissan": one word no list knows after a
    // country's possessive, as the subject of a verb, is a company (the model
    // may read a place), unless the model read a person ("Russia's Putin said").
    let subject_of_a_verb = tags.get(e).is_some_and(|t| matches!(t.upos, "VERB" | "AUX"));
    let model_person = model_typed(ner, s, e, "PER");
    if e - s == 1
        && !model_person
        && !lex.is_given_name(words[s])
        && s >= 2
        && is_possessive(words[s - 1])
        && lex.is_country(words[s - 2])
        && subject_of_a_verb
        && !lex.is_city(&text)
    {
        return Some(EntityType::Org);
    }
    // "World War Two", "World War II": a number after the head word.
    let numbered = e - s > 2 && is_ordinal_word(words[e - 1]);
    let last = words[if numbered { e - 2 } else { e - 1 }].to_lowercase();
    // "Bank of England", "Treaty on the Prohibition of Nuclear Weapons": the
    // head is before the first "of" or "on".
    let mut head = words[s + 1..e]
        .iter()
        .position(|w| matches!(*w, "of" | "on"))
        .map_or(last.clone(), |p| words[s + p].to_lowercase());
    // "Office for Budget Responsibility", "Centers for Disease Control": a body's head before "for".
    if let Some(p) = words[s + 1..e].iter().position(|w| *w == "for") {
        let before = words[s + p].to_lowercase();
        if lex.has("org_heads", &before) {
            head = before;
        }
    }
    if e - s == 1 && lex.party(words[s]).is_some() {
        return Some(EntityType::Org);
    }
    if lex.has("law_heads", &head) && e - s > 1 {
        return Some(EntityType::Law);
    }
    // "The Teamsters Canada Rail Conference, which represents ..., said":
    // an event does not speak; a body with an event's head word does.
    if lex.has("event_heads", &head) && e - s > 1 {
        return Some(if speaks(words, tags, e, lex) { EntityType::Org } else { EntityType::Event });
    }
    if lex.has("fac_heads", &head) && e - s > 1 {
        return Some(EntityType::Fac);
    }
    if lex.has("loc_heads", &head) && e - s > 1 {
        return Some(EntityType::Loc);
    }
    // "the Trump administration", "the Biden era": a lone name before these
    // is the person they are named for.
    if e - s == 1
        && words.get(e).is_some_and(|w| matches!(*w, "administration" | "presidency" | "era"))
        && !lex.is_organisation(&text)
    {
        return Some(EntityType::Person);
    }
    // "Houthi militants", "Wagner fighters": a name before its members is a
    // body; so is one before "party" ("his Georgian Dream party"; not a
    // listed name: "a Christmas party").
    if words.get(e).is_some_and(|w| lex.has("member_nouns", w) && w.starts_with(char::is_lowercase))
        || words.get(e) == Some(&"party") && lex.known(&text).is_none()
    {
        return Some(EntityType::Org);
    }
    // "one of its ships, the Maersk Hangzhou,": a name in apposition to a
    // product noun is that product.
    if s >= 3
        && words[s - 1].eq_ignore_ascii_case("the")
        && words[s - 2] == ","
        && lex.has("product_heads", words[s - 3])
        && words.get(e) == Some(&",")
    {
        return Some(EntityType::Product);
    }
    if lex.has("org_heads", &head) && (e - s > 1 || words[s].chars().all(|c| c.is_uppercase())) {
        return Some(EntityType::Org);
    }
    // Letters, a hyphen and digits: a model name ("F-35", "Boeing 737").
    if words[s..e].iter().any(|w| {
        let mut parts = w.splitn(2, '-');
        let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        !a.is_empty()
            && a.chars().all(|c| c.is_ascii_uppercase())
            && !b.is_empty()
            && b.chars().all(|c| c.is_ascii_digit())
    }) {
        return Some(EntityType::Product);
    }
    // "its experimental obesity drug CagriSema", "Lilly's rival drug
    // Zepbound": a lower-case product noun right before a name no list knows.
    let product_noun = |w: &str| {
        w.chars().all(char::is_lowercase) && (lex.has("product_heads", w) || lex.has("product_class_heads", w))
    };
    if s > 0 && product_noun(words[s - 1]) && !lex.is_organisation(&text) {
        return Some(EntityType::Product);
    }
    // "its humanoid robot, Optimus, could": the same in commas.
    let in_commas = s >= 2 && words[s - 1] == "," && words.get(e) == Some(&",");
    if in_commas && product_noun(words[s - 2]) && !lex.is_organisation(&text) {
        return Some(EntityType::Product);
    }
    // "Spirit AeroSystems", "BlackRock", "OpenAI": a capital inside a word
    // marks a company ("McDonald", "DeSantis", "LeBron" are names); so do an
    // ampersand ("Procter & Gamble") and a listed name of more than one word
    // ("Morgan Stanley", which the model may take for a place after "at").
    if words[s..e].iter().any(|w| is_camel_case(w) || *w == "&") || e - s > 1 && lex.is_organisation(&text) {
        return Some(EntityType::Org);
    }
    // "Chandrababu Naidu, who ...": a relative "who" follows a person, and a
    // "whose" a person or a body (bodies have their head words, checked above).
    let relative = words.get(e + 1).map_or("", |w| *w);
    // ("The Houthis, who control much of Yemen": a group named in the plural.)
    let group = e - s == 1 && s >= 1 && words[s - 1].eq_ignore_ascii_case("the") && words[s].ends_with('s');
    if words.get(e) == Some(&",") && (matches!(relative, "who" | "whom") && !group || relative == "whose" && e - s > 1)
    {
        return Some(EntityType::Person);
    }
    // "analysts at Jefferies": people who work at a firm.
    if s >= 2 && words[s - 1] == "at" && lex.has("staff_nouns", words[s - 2]) {
        return Some(EntityType::Org);
    }
    // "lawmakers from Te Pati Maori": the party of members, unless the model
    // read a place ("lawmakers from Ohio" is known before this).
    let model_place = model_typed(ner, s, e, "LOC");
    if s >= 2 && words[s - 1] == "from" && lex.has("member_of_nouns", words[s - 2]) && !model_place {
        return Some(EntityType::Org);
    }
    // "Danish drugmaker Bavarian Nordic": a company noun right before the name;
    // "the leftist New Popular Front alliance", "the Tata group": right after it.
    // ("chip equipment maker Naura Technology"; "the maker" alone is no
    // reference to a body, so maker is no company noun.)
    let before = |w: &str| is_company_noun(w, lex) || w == "maker";
    if s > 0 && before(words[s - 1]) || words.get(e).is_some_and(|w| is_company_noun(w, lex)) {
        return Some(EntityType::Org);
    }
    // "Foxconn, the Taiwanese electronics maker,": such a noun heading an
    // apposition of up to four words ("Toshiyuki Mimaki, a co-chair of the
    // group," is no group).
    let article = |w: &&str| matches!(w.to_lowercase().as_str(), "the" | "a" | "an");
    if words.get(e) == Some(&",") && words.get(e + 1).is_some_and(article) {
        let close = (e + 2..(e + 7).min(words.len())).find(|&k| matches!(words[k], "," | "." | ";"));
        let modifier = |k: usize| {
            words[k].chars().all(|c| c.is_alphabetic() || c == '-')
                && tags.get(k).is_some_and(|t| matches!(t.upos, "ADJ" | "NOUN" | "PROPN"))
        };
        if close.is_some_and(|c| c > e + 2 && (e + 2..c).all(modifier) && before(words[c - 1])) {
            return Some(EntityType::Org);
        }
    }
    // "the COP29 climate summit", "the G20 summit": a name before up to two
    // lower-case words ending in an event's head word is that event.
    let event_after = (e..(e + 2).min(words.len()))
        .take_while(|&k| words[k].chars().all(char::is_lowercase))
        .any(|k| lex.has("event_heads", words[k]));
    if event_after && !lex.is_organisation(&text) {
        return Some(EntityType::Event);
    }
    // "Shares in Novo Nordisk fell", "Novo Nordisk shares slump": what has
    // shares traded is a company.
    let shares = |w: &str| matches!(w, "shares" | "stock");
    if s >= 2 && shares(&words[s - 2].to_lowercase()) && matches!(words[s - 1], "in" | "of")
        || words.get(e).is_some_and(|w| shares(&w.to_lowercase()))
    {
        return Some(EntityType::Org);
    }
    // "The bank's monetary policy committee, known as Copom", "a rebel group
    // called M23": the name of a body just described.
    if s >= 3 && matches!(words[s - 1], "as" | "called") && (words[s - 1] == "called" || words[s - 2] == "known") {
        let noun = s - if words[s - 1] == "called" { 2 } else { 3 };
        let noun = if words[noun] == "," && noun > 0 { noun - 1 } else { noun };
        if is_body_noun(words[noun], lex) {
            return Some(EntityType::Org);
        }
    }
    // "Eurofer, the European steel association, ...": an apposition headed by one.
    if names_a_body_in_apposition(words, e, lex) {
        return Some(EntityType::Org);
    }
    // "Starship, the giant rocket being developed by SpaceX": a product's.
    if names_a_product_in_apposition(words, e, lex) {
        return Some(EntityType::Product);
    }
    // "Bavarian Nordic, which makes ...": not a person.
    // "Peru's former president Toledo", "India's delegate Chandni Raina": a
    // lower-case title right before a name no gazetteer knows makes a person.
    if s > 0 && words[s - 1].chars().all(char::is_lowercase) && lex.has("titles", words[s - 1]) {
        return Some(EntityType::Person);
    }
    let not_a_person = words.get(e) == Some(&",") && relative == "which";
    let given_name = lex.is_given_name(words[s]);
    // "Yoon's People Power Party" tagged as one organisation: the model's type
    // is the whole phrase's, not the owner's.
    let owner_of_span = words.get(e).is_some_and(|w| is_possessive(w))
        && ner.is_some_and(|labels| labels.get(e).is_some_and(|l| l.starts_with("I-")));
    if let Some(labels) = ner.filter(|_| !owner_of_span) {
        let label = labels[s..e].iter().find_map(|l| l.get(2..)).unwrap_or("");
        match label {
            "PER" if not_a_person => return Some(EntityType::Org),
            "PER" => return Some(EntityType::Person),
            // "Marine Le Pen's far-right National Rally": a given name first,
            // and a possessive, make an owner no listed body is a person.
            "ORG"
                if given_name
                    && e - s > 1
                    && words.get(e).is_some_and(|w| is_possessive(w))
                    && !lex.is_organisation(&text)
                    && lex.known(&text).is_none() =>
            {
                return Some(EntityType::Person)
            }
            "ORG" => return Some(EntityType::Org),
            // "alongside Vinicius Junior and Jude Bellingham": a given name
            // first outweighs the model's guess of an unknown place.
            "LOC" if given_name && e - s > 1 && !lex.is_city(&text) => return Some(EntityType::Person),
            "LOC" if names_a_team_or_firm_after_a_city(words, s, e, lex) => return Some(EntityType::Org),
            "LOC" => return Some(EntityType::Gpe),
            _ => {}
        }
    }
    // A capital or major city, or a listed one-word organisation, that the
    // model left untyped ("in Doha", "Nvidia").
    if lex.is_city(&text) {
        return Some(EntityType::Gpe);
    }
    if lex.is_organisation(&text) {
        return Some(EntityType::Org);
    }
    if given_name && e - s > 1 {
        return Some(EntityType::Person);
    }
    let acronym = e - s == 1
        && words[s].chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
        && words[s].chars().count() >= 2;
    if acronym {
        return Some(EntityType::Org);
    }
    let all_proper = (s..e).all(|i| tags.get(i).is_none_or(|t| t.upos == "PROPN"));
    if not_a_person {
        return None;
    }
    // "will leave the Bundestag", "the Elysee said": a lone name after "the"
    // is no person; unless plural ("the Alps"), a body.
    if e - s == 1 && s > 0 && words[s - 1].eq_ignore_ascii_case("the") && !words[s].ends_with('s') {
        return Some(EntityType::Org);
    }
    if e - s >= 2
        && e - s <= 4
        && all_proper
        && words[s..e].iter().all(|w| w.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c)))
    {
        return Some(EntityType::Person);
    }
    None
}

/// Whether the model tagged any word of `s..e` with the entity type `ty` ("PER", "ORG", "LOC").
fn model_typed(ner: Option<&[&str]>, s: usize, e: usize, ty: &str) -> bool {
    ner.is_some_and(|labels| labels[s..e].iter().any(|l| l.ends_with(ty)))
}

/// "Liverpool beat Manchester City 2-0": a side of a result is a club, unless
/// the side is a country's (a known place that is no city) or a player's
/// ("Jannik Sinner beat Carlos Alcaraz 4-6 6-4": a given name, or the
/// model's person).
fn plays_as_a_club(words: &[&str], ner: Option<&[&str]>, s: usize, e: usize, lex: &Lexicon) -> bool {
    let player = lex.is_given_name(words[s]) || model_typed(ner, s, e, "PER");
    // (The name is joined only for the rare side of a result.)
    !player && names_a_side_in_a_result(words, s, e, lex) && {
        let text = words[s..e].join(" ");
        lex.known(&text).is_none() || lex.country_of_city(&text).is_some()
    }
}

/// A city before a coach's, manager's, captain's or player's title names its
/// club ("Liverpool manager Arne Slot"; "England captain Harry Kane" is the country's side).
fn names_a_city_club(name: &str, title: &str, lex: &Lexicon) -> bool {
    // (Or a longer name with a city in it that is no known place: "Manchester City".)
    let with_city =
        || name.contains(' ') && lex.known(name).is_none() && name.split(' ').any(|w| lex.country_of_city(w).is_some());
    lex.has("sports_titles", title) && (lex.country_of_city(name).is_some() || with_city())
}

/// Whether the name at `s..e` is a side of a match result: the subject of a
/// result verb ("Liverpool beat ...", "Arsenal, who beat ...") or its object
/// ("... beat Manchester City 2-0"), with a score ("2-0") soon after.
fn names_a_side_in_a_result(words: &[&str], s: usize, e: usize, lex: &Lexicon) -> bool {
    // A score is tokenized "2", "-", "0".
    let goals = |k: usize| words.get(k).is_some_and(|w| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()));
    let is_score = |k: usize| goals(k) && words.get(k + 1).is_some_and(|w| matches!(*w, "-" | "–")) && goals(k + 2);
    let score_within = |from: usize, n: usize| (from..from + n).any(is_score);
    let mut verb = e;
    if words.get(verb) == Some(&",") && words.get(verb + 1).is_some_and(|w| matches!(*w, "who" | "which")) {
        verb += 2;
    }
    let subject = words.get(verb).is_some_and(|w| lex.has("result_verbs", w)) && score_within(verb + 1, 8);
    let object = s > 0 && lex.has("result_verbs", words[s - 1]) && score_within(e, 2);
    subject || object
}

/// "Real Madrid", "Manchester United", "Bayern Munich": a listed city inside a
/// longer name that is no place itself names a club or a firm; "East
/// Jerusalem", "Greater London", "Mexico City" are places.
fn names_a_team_or_firm_after_a_city(words: &[&str], s: usize, e: usize, lex: &Lexicon) -> bool {
    if e - s < 2 || lex.known(&words[s..e].join(" ")).is_some() || lex.is_city(&words[s..e].join(" ")) {
        return false;
    }
    let has_city = (s..e).any(|a| (a + 1..=e).any(|b| b - a < e - s && lex.is_city(&words[a..b].join(" "))));
    has_city && !words[s..e].iter().any(|w| lex.has("place_name_words", w))
}

/// A lower-case letter followed by a capital inside a word, not after a
/// surname prefix: "AeroSystems", "PayPal", but not "McDonald", "DeSantis".
fn is_camel_case(word: &str) -> bool {
    const PREFIXES: &[&str] = &["Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz"];
    // "VMware", "JPMorgan": capitals then a lower-case word ("MPs", "CEOs": plurals).
    let capitals = word.chars().take_while(|c| c.is_uppercase()).count();
    if capitals >= 2 && word.chars().skip(capitals).take_while(|c| c.is_lowercase()).count() >= 2 {
        return true;
    }
    let mut prev = ' ';
    word.char_indices().any(|(at, c)| {
        let inner_capital = c.is_uppercase() && prev.is_lowercase() && !PREFIXES.contains(&&word[..at]);
        prev = c;
        inner_capital
    })
}

/// "the (former) (US|Canadian|Liberal) president / prime minister / leader" not followed by a name.
fn find_descriptions(
    sentence: usize,
    words: &[&str],
    _tags: &[TokenTag],
    lex: &Lexicon,
    out: &mut Vec<Mention>,
    covered: &[bool],
) {
    let mut i = 0;
    while i < words.len() {
        if !words[i].eq_ignore_ascii_case("the") {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if j < words.len() && matches!(words[j], "former" | "then" | "new" | "current") {
            j += 1;
        }
        let mut of = None;
        let mod_start = j;
        if j < words.len() {
            let w = words[j];
            let two = words.get(j + 1).map(|w2| format!("{w} {w2}").to_lowercase());
            if let Some(c) = two.and_then(|two| lex.demonyms.get(&two)) {
                // "the South Korean leader".
                of = Some(c.clone());
                j += 2;
            } else if let Some(k) = lex.known(w) {
                of = Some(k.canonical.clone());
                j += 1;
            } else if let Some(c) = lex.demonym(w) {
                of = Some(c.clone());
                j += 1;
            } else if let Some(p) = lex.party(w).filter(|_| is_capitalised(w)) {
                of = Some(p);
                j += 1;
            }
        }
        let n = if j < words.len() && !covered[j] { title_at(words, j, words.len(), lex) } else { 0 };
        let followed_by_name = words.get(j + n).is_some_and(|w| is_capitalised(w));
        if n > 0 && !followed_by_name && !words[j..j + n].iter().any(|w| lex.has("male_titles", w) && w.len() <= 3) {
            if let Some(c) = &of {
                if j > mod_start && !covered[mod_start] {
                    let mut m = demonym(sentence, mod_start, c);
                    m.end = j;
                    if let Some(k) = lex.known(words[mod_start]) {
                        m.kind = MentionKind::Name;
                        m.text = words[mod_start].to_string();
                        m.entity_type = Some(k.entity_type);
                    } else if c.ends_with(" Party") {
                        m.kind = MentionKind::Name;
                        m.text = words[mod_start].to_string();
                        m.entity_type = Some(EntityType::Org);
                    }
                    out.push(m);
                }
            }
            let title = title_text(&words[j..j + n]);
            // "of the Bank of England" after the title names the body.
            if of.is_none() && words.get(j + n) == Some(&"of") {
                if let Some(o) = out.iter().find(|m| m.start == j + n + 1 || m.start == j + n + 2) {
                    of = Some(o.name().to_string());
                }
            }
            out.push(Mention {
                sentence,
                start: j,
                end: j + n,
                text: words[i..j + n].join(" "),
                entity_type: Some(EntityType::Person),
                kind: MentionKind::Description,
                canonical: None,
                gender: gender_of_title(&title, lex),
                title: Some(title),
                title_start: Some(j),
                title_of: of,
                plural: false,
                speaker: None,
                aside: None,
                reported: false,
                after_preposition: false,
                clause_subject: None,
                possessive: false,
                listed_with_org: false,
                club: false,
                reported_by: None,
                past_title: false,
            });
            i = j + n;
        } else {
            i += 1;
        }
    }
}

/// Whether the name ending before `e` is the subject of a speech verb right
/// after it, or after a relative clause or parenthesis set off from it.
fn speaks(words: &[&str], tags: &[TokenTag], e: usize, lex: &Lexicon) -> bool {
    let mut at = e;
    if let Some(&(_, b)) = asides(words).iter().find(|&&(a, _)| a == e + 1) {
        at = b + 1;
    }
    tags.get(at).is_some_and(|t| t.upos == "VERB" && is_speech_verb(t, lex))
}

/// Whether the name ending before `e` is followed by an apposition headed by
/// a company noun: ", the European steel association," (the noun last, before
/// a comma, "which", "that" or the sentence end; "Smith, the company's chief"
/// is a person).
fn names_a_body_in_apposition(words: &[&str], e: usize, lex: &Lexicon) -> bool {
    if words.get(e) != Some(&",") {
        return false;
    }
    // After an article, or a capitalised owner's possessive ("Novo Nordisk,
    // Europe's second most valuable company,").
    let start = if words.get(e + 1).is_some_and(|w| matches!(*w, "the" | "a" | "an")) {
        e + 2
    } else if words.get(e + 1).is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.get(e + 2).is_some_and(|w| is_possessive(w))
    {
        e + 3
    } else {
        return false;
    };
    // The noun heads the apposition: none after an "of" ("Toshiyuki Mimaki, a
    // co-chair of the group," is a person), and one may have its own "of"
    // ("Nihon Hidankyo, a Japanese organisation of survivors").
    (start..words.len().min(start + 5)).take_while(|&j| words[j] != "of").any(|j| {
        is_company_noun(words[j], lex)
            && words.get(j + 1).is_none_or(|w| matches!(*w, "," | "." | "which" | "that" | "of"))
    })
}

/// ", the (adjectives) rocket," after a name: a product class noun heads the apposition.
fn names_a_product_in_apposition(words: &[&str], e: usize, lex: &Lexicon) -> bool {
    if words.get(e) != Some(&",") || !words.get(e + 1).is_some_and(|w| matches!(*w, "the" | "a" | "an")) {
        return false;
    }
    let class = |w: &str| lex.has("product_heads", w) || lex.has("product_class_heads", w);
    (e + 2..words.len().min(e + 6)).take_while(|&j| words[j].chars().all(char::is_lowercase)).any(|j| {
        class(words[j])
            && words.get(j + 1).is_none_or(|w| {
                matches!(
                    *w,
                    "," | "."
                        | "which"
                        | "that"
                        | "being"
                        | "built"
                        | "made"
                        | "sold"
                        | "developed"
                        | "approved"
                        | "designed"
                )
            })
    })
}

/// A lower-case listed company noun ("carmaker", "union"): "the Bank of
/// England" is a name, not a description.
fn is_company_noun(w: &str, lex: &Lexicon) -> bool {
    lex.has("company_nouns", w) && w.chars().all(char::is_lowercase)
}

/// A lower-case noun for a body of any kind: a company noun or an
/// institution's head ("committee", "union").
fn is_body_noun(w: &str, lex: &Lexicon) -> bool {
    w.starts_with(char::is_lowercase) && (lex.has("institution_heads", w) || is_company_noun(w, lex))
}

/// Whether the token is a form of a verb of saying ("said", "told").
fn is_speech_verb(t: &TokenTag, lex: &Lexicon) -> bool {
    lex.has("speech_verbs", &t.lemma)
}

/// "the Chinese company", "the carmaker": an organisation named before; "The
/// Belgian" (a nationality word as a noun, then a verb): a person named
/// before. Both are resolved like pronouns, to the nearest fitting entity
/// (see `resolve::link_pronoun`); the nationality word then names no country.
fn find_nominal_references(sentence: usize, words: &[&str], tags: &[TokenTag], lex: &Lexicon, out: &mut Vec<Mention>) {
    // "committee chair Joergen Watne Frydnes", "union leader Shaun Fain": a
    // lower-case body's noun before a title and a name is that body.
    for i in 0..words.len().saturating_sub(1) {
        // (Opening a sentence too: "Club president Florentino Perez".)
        let body_noun = is_body_noun(words[i], lex) || i == 0 && is_body_noun(&words[i].to_lowercase(), lex);
        if body_noun
            && (i == 0 || !matches!(words[i - 1].to_lowercase().as_str(), "the" | "a" | "an" | "its" | "their"))
        {
            let title = title_at(words, i + 1, words.len(), lex);
            if title > 0 && words.get(i + 1 + title).is_some_and(|w| is_capitalised(w)) {
                out.push(pronoun(sentence, i, words[i], Some(EntityType::Org), None, false));
            }
        }
        if !words[i].eq_ignore_ascii_case("the") {
            continue;
        }
        let mut j = i + 1;
        // A nationality word, not a place's short name ("the U.S." is a place).
        let is_demonym = |w: &str| {
            lex.demonym(w).is_some()
                && is_capitalised(w)
                && w.chars().all(|c| c.is_alphabetic() || c == ' ')
                && lex.known(w).is_none()
        };
        // (Of one word or two: "the West African nation".)
        let two = words.get(j + 1).is_some_and(|n| is_capitalised(n) && is_demonym(&format!("{} {n}", words[j])));
        let demonym = two || is_demonym(words[j]);
        if demonym {
            j += 1 + two as usize;
        }
        // "the Iran-backed group", "the Paris-based company".
        if !demonym && j + 2 < words.len() && words[j + 1] == "-" && SPONSOR_PARTICIPLES.contains(&words[j + 2]) {
            j += 3;
        } else if !demonym
            && words[j].split_once('-').is_some_and(|(a, b)| !a.is_empty() && SPONSOR_PARTICIPLES.contains(&b))
        {
            j += 1;
        }
        // "The central bank", "the electric carmaker": one lower-case
        // adjective before a body's noun.
        if !demonym
            && j + 1 < words.len()
            && tags.get(j).is_some_and(|t| t.upos == "ADJ")
            && words[j].starts_with(char::is_lowercase)
            && is_company_noun(words[j + 1], lex)
        {
            j += 1;
        }
        let next_is_verb = || tags.get(j).is_some_and(|t| matches!(t.upos, "VERB" | "AUX" | "ADV"));
        // "the 22-year-old told the BBC": a person, named before.
        // (One token, "22-year-old", or five, "22 - year - old".)
        let one_token = j < words.len()
            && words[j]
                .strip_suffix("-year-old")
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let five_tokens = j + 4 < words.len()
            && words[j].chars().all(|c| c.is_ascii_digit())
            && words[j + 1..j + 5] == ["-", "year", "-", "old"];
        let age = one_token || five_tokens;
        let age_end = if one_token { j + 1 } else { j + 5 };
        let institution =
            || !demonym && lex.has("institution_heads", words[j]) && words[j].starts_with(char::is_lowercase);
        // "the bill", "the treaty": a law named before (not "the law firm").
        let law = || {
            !demonym
                && matches!(words[j], "bill" | "treaty" | "law" | "pact" | "accord")
                && !tags.get(j + 1).is_some_and(|t| matches!(t.upos, "NOUN" | "PROPN"))
        };
        let (entity_type, end) = if j < words.len() && (is_company_noun(words[j], lex) || institution()) {
            (EntityType::Org, j + 1)
        } else if j < words.len() && law() {
            (EntityType::Law, j + 1)
        } else if j < words.len() && demonym && matches!(words[j], "nation" | "country") {
            // "the West African nation": a country named before.
            (EntityType::Gpe, j + 1)
        } else if !demonym
            && age
            && tags.get(age_end).is_some_and(|t| matches!(t.upos, "VERB" | "AUX"))
            // After a quotation the names in it are not who spoke.
            && !words[..i].iter().any(|w| matches!(*w, "\"" | "“" | "”"))
        {
            (EntityType::Person, age_end)
        } else if demonym && !words[j - 1].ends_with('s') && next_is_verb() {
            (EntityType::Person, j)
        } else {
            continue;
        };
        // The nationality word is part of this reference, not a country of its own.
        out.retain(|m| !(m.kind == MentionKind::Demonym && m.start > i && m.start < end));
        // "the Palestinian group Hamas", "the carmaker Tesla": the name right
        // after the description is what it stands for; no earlier one.
        // (And it is an organisation, whatever the model made of it: "the
        // magazine France Football"; a listed place keeps its type.)
        if entity_type == EntityType::Org && words.get(end).is_some_and(|w| is_capitalised(w)) {
            if let Some(m) = out.iter_mut().find(|m| m.start == end && m.kind == MentionKind::Name) {
                if m.entity_type != Some(EntityType::Org) && m.canonical.is_none() && lex.known(&m.text).is_none() {
                    m.entity_type = Some(EntityType::Org);
                    m.gender = None;
                }
            }
            continue;
        }
        let mut m = pronoun(sentence, i, &words[i..end].join(" "), Some(entity_type), None, false);
        m.end = end;
        // "IndiGo ordered jets from Airbus, the carrier said": the source named
        // after the clause is its subject, not the name nearest to it.
        m.reported = i > 0 && words[i - 1] == "," && tags.get(end).is_some_and(|t| is_speech_verb(t, lex));
        out.push(m);
    }
}

/// Verbs whose object a preposition of cause follows ("sued it over", "fined it for").
const BLAMING_VERBS: [&str; 8] = ["sue", "blame", "fine", "criticise", "criticize", "thank", "praise", "punish"];

fn find_pronouns(sentence: usize, words: &[&str], tags: &[TokenTag], lex: &Lexicon, out: &mut Vec<Mention>) {
    let [male, female, plural, thing] =
        ["pronouns_male", "pronouns_female", "pronouns_plural", "pronouns_thing"].map(|s| lex.section(s));
    for (i, w) in words.iter().enumerate() {
        // One lookup for all four lists.
        let sections = lex.sections_of(w);
        let (gender, plural, thing) = if sections & male != 0 {
            (Some(Gender::Male), false, false)
        } else if sections & female != 0 {
            (Some(Gender::Female), false, false)
        } else if sections & plural != 0 {
            (None, true, false)
        } else if sections & thing != 0 {
            (None, false, true)
        } else {
            continue;
        };
        // "said he would", "said that she": the subject of a reported clause.
        let verb = if i >= 2 && words[i - 1] == "that" { i - 2 } else { i.wrapping_sub(1) };
        let after_speech = tags.get(verb).is_some_and(|t| t.upos == "VERB" && lex.has("speech_verbs", &t.lemma));
        // "it" is mostly expletive or a thing ("its" is worth resolving), but
        // "the Red Cross said it had sent" is the speaker's "it".
        // So is "since it bought Slack", "after it acquired": "it" as the subject
        // of a past-tense verb in a clause opened by a conjunction of time or cause.
        let acts_in_clause = || {
            i >= 1
                && matches!(
                    words[i - 1].to_lowercase().as_str(),
                    "since" | "after" | "before" | "when" | "because" | "until" | "once"
                )
                && tags.get(i + 1).is_some_and(|t| {
                    // (A participle right after "it" is a past tense the tagger misread.)
                    t.upos == "VERB"
                        && matches!(t.xpos, "VBD" | "VBN")
                        && !matches!(
                            t.lemma.as_ref(),
                            "emerge" | "seem" | "appear" | "become" | "take" | "happen" | "turn"
                        )
                })
        };
        // "accusing it of cutting corners", "blamed it for the outage": "it" as
        // the one a verb of blame or redress acts on, a preposition after it.
        let blamed = || {
            i >= 1
                && tags.get(i - 1).is_some_and(|t| {
                    t.upos == "VERB"
                        && (lex.has("accusing_verbs", &t.lemma) || BLAMING_VERBS.contains(&t.lemma.as_ref()))
                })
                && words.get(i + 1).is_some_and(|n| matches!(*n, "of" | "for" | "over" | "with"))
        };
        if (*w == "it" || *w == "It") && !after_speech && !acts_in_clause() && !blamed() {
            continue;
        }
        let entity_type = if thing || plural { None } else { Some(EntityType::Person) };
        let mut m = pronoun(sentence, i, w, entity_type, gender, plural);
        m.reported = matches!(*w, "he" | "she" | "it") && after_speech
            // "Sinner beat Alcaraz to win his first title": a possessive "his"
            // or "her" is the sentence's subject more often than the nearest name.
            || matches!(*w, "his" | "her") && tags.get(i).is_some_and(|t| t.xpos == "PRP$");
        out.push(m);
    }
}

/// A one-token pronoun mention.
fn pronoun(
    sentence: usize,
    at: usize,
    word: &str,
    entity_type: Option<EntityType>,
    gender: Option<Gender>,
    plural: bool,
) -> Mention {
    Mention {
        sentence,
        start: at,
        end: at + 1,
        text: word.to_string(),
        entity_type,
        kind: MentionKind::Pronoun,
        canonical: None,
        title: None,
        title_start: None,
        title_of: None,
        gender,
        plural,
        speaker: None,
        aside: None,
        reported: false,
        after_preposition: false,
        clause_subject: None,
        possessive: false,
        listed_with_org: false,
        club: false,
        reported_by: None,
        past_title: false,
    }
}

/// "Trump said Carney “couldn't have been nicer and I congratulated him”":
/// inside a quotation, "I", "me" and "my" are the speaker, the person or
/// organisation right before a speech verb outside the quotation ("Trump
/// said", "he added") or right after it ("said Trump"). Without a speaker in
/// the sentence the first person stays unresolved (it may be the reporter).
fn find_quoted_first_person(sentence: usize, words: &[&str], tags: &[TokenTag], lex: &Lexicon, out: &mut Vec<Mention>) {
    let quoted = quoted_tokens(words);
    if !quoted.contains(&true) {
        return;
    }
    let can_speak = |m: &Mention| m.entity_type.is_none_or(|t| matches!(t, EntityType::Person | EntityType::Org));
    let speaker = (0..words.len()).filter(|&v| !quoted[v] && lex.has("speech_verbs", &tags[v].lemma)).find_map(|v| {
        let before = out.iter().find(|m| {
            m.end <= v
                && !quoted[m.start]
                && (m.end..v).all(|k| matches!(tags[k].upos, "ADV" | "AUX" | "PART"))
                && can_speak(m)
        });
        let after = || out.iter().find(|m| m.start == v + 1 && can_speak(m));
        before.or_else(after).map(|m| m.start)
    });
    let Some(speaker) = speaker else { return };
    for (i, w) in words.iter().enumerate() {
        if quoted[i] && matches!(*w, "I" | "me" | "Me" | "my" | "My" | "myself") {
            let mut m = pronoun(sentence, i, w, Some(EntityType::Person), None, false);
            m.speaker = Some(speaker);
            out.push(m);
        }
    }
}

/// Which tokens are inside quotation marks. Curly quotes say which side they
/// open; a straight quote opens when no quotation is open. A quotation still
/// open at the end of the sentence continues past it (news quotes often span
/// several sentences), so it counts as open to the end.
fn quoted_tokens(words: &[&str]) -> Vec<bool> {
    let mut inside = false;
    words
        .iter()
        .map(|w| match *w {
            "“" | "«" => {
                inside = true;
                false
            }
            "”" | "»" => {
                inside = false;
                false
            }
            "\"" | "``" | "''" => {
                inside = !inside;
                false
            }
            _ => inside,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn mentions(s: &str) -> Vec<Mention> {
        let tokens = tokenize(s, 0, s.len());
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let tags = crate::tag::tag(&words);
        find_mentions(0, &tokens, &tags, None, &HashSet::new())
    }

    fn show(s: &str) -> Vec<String> {
        mentions(s)
            .iter()
            .map(|m| {
                format!(
                    "{:?}:{}:{}{}",
                    m.kind,
                    m.text,
                    m.entity_type.map_or("?", |t| t.as_str()),
                    m.title.as_ref().map_or(String::new(), |t| format!(
                        ":{}@{}",
                        t,
                        m.title_of.as_deref().unwrap_or("-")
                    ))
                )
            })
            .collect()
    }

    #[test]
    fn a_run_ending_in_an_organisation_head_is_the_organisation_titles_and_all() {
        assert_eq!(
            show("The U.S. Justice Department went to the General Court."),
            ["Name:U.S. Justice Department:ORG", "Name:General Court:ORG"]
        );
        assert_eq!(show("Attorney General Pam Bondi spoke."), ["Name:Pam Bondi:PERSON:attorney general@-"]);
        // A company head word after "General": a company, not a general's name.
        assert_eq!(show("Investors chose General Electric."), ["Name:General Electric:ORG"]);
        assert_eq!(show("Investors met General Mark Milley."), ["Name:Mark Milley:PERSON:general@-"]);
    }

    /// The mentions of `text` with the NER labels `label` gives each word
    /// (as the model tagged them in a test article).
    fn mentions_with_ner(text: &str, label: impl Fn(&str) -> &'static str) -> Vec<Mention> {
        let tokens = tokenize(text, 0, text.len());
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let tags = crate::tag::tag(&words);
        let ner: Vec<&str> = words.iter().map(|w| label(w)).collect();
        find_mentions(0, &tokens, &tags, Some(&ner), &HashSet::new())
    }

    #[test]
    fn a_sentence_full_of_names_is_not_a_headline() {
        let found = show("Apple's Tim Cook met Donald Trump on Monday in the city.");
        assert!(found.contains(&"Name:Tim Cook:PERSON".to_string()), "{found:?}");
        assert!(found.contains(&"Name:Donald Trump:PERSON".to_string()), "{found:?}");
    }

    #[test]
    fn arabic_and_romance_particles_stay_inside_a_name() {
        let names: Vec<String> = mentions(
            "later on, the talks of Abdel Fattah al-Sisi with Mohammed bin Salman and Luiz Lula da Silva ended",
        )
        .into_iter()
        .map(|m| m.text)
        .collect();
        assert_eq!(names, ["Abdel Fattah al-Sisi", "Mohammed bin Salman", "Luiz Lula da Silva"]);
    }

    #[test]
    fn storms_and_operations_are_events_and_what_a_firm_makes_a_product() {
        assert_eq!(show("Typhoon Quorra killed 12 people"), ["Name:Typhoon Quorra:EVENT"]);
        assert_eq!(show("during Operation Zelbrand troops moved"), ["Name:Operation Zelbrand:EVENT"]);
        assert_eq!(show("the maker of Zentrix said"), ["Name:Zentrix:PRODUCT"]);
        assert_eq!(show("it sold its Quorvex browser"), ["Pronoun:its:?", "Name:Quorvex:PRODUCT"]);
    }

    #[test]
    fn a_plural_nouns_possessive_stays_inside_a_name_a_countrys_does_not() {
        let names: Vec<String> = mentions("the United Nations Children's Fund and Japan's Foreign Ministry")
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(names, ["United Nations Children's Fund", "Japan", "Foreign Ministry"]);
    }

    #[test]
    fn numbered_events_hyphenated_titles_and_titles_after_a_known_name() {
        assert_eq!(show("since the end of World War Two"), ["Name:World War Two:EVENT"]);
        assert_eq!(show("a visit by President-elect Donald Trump"), ["Name:Donald Trump:PERSON:president-elect@-"]);
        assert_eq!(
            show("United Nations Secretary-General Antonio Guterres urged"),
            ["Name:United Nations:ORG", "Name:Antonio Guterres:PERSON:secretary-general@United Nations"]
        );
    }

    #[test]
    fn tournaments_spacecraft_and_acting_titles() {
        assert_eq!(show("in the French Open final"), ["Name:French Open:EVENT"]);
        assert_eq!(show("its Quorvane capsule"), ["Pronoun:its:?", "Name:Quorvane:PRODUCT"]);
        assert_eq!(
            show("NASA acting administrator Janet Petro said"),
            ["Name:NASA:ORG", "Name:Janet Petro:PERSON:acting administrator@NASA"]
        );
        let found = show("after the match the 22-year-old said it was hard");
        assert_eq!(found, ["Pronoun:the 22 - year - old:PERSON", "Pronoun:it:?"]);
    }

    #[test]
    fn a_datelines_capitals_are_a_place() {
        assert_eq!(
            show("CAPE CANAVERAL, Florida (AP) -"),
            ["Name:CAPE CANAVERAL:GPE", "Name:Florida:GPE", "Name:AP:ORG"]
        );
        assert_eq!(show("QUORVA (AP) - A court ruled"), ["Name:QUORVA:GPE", "Name:AP:ORG"]);
        assert_eq!(show("at the COP29 climate summit"), ["Name:COP29:EVENT"]);
        assert_eq!(show("its new Zelbrook processors"), ["Pronoun:its:?", "Name:Zelbrook:PRODUCT"]);
        let names: Vec<String> =
            mentions("members of the International Association of Machinists and Aerospace Workers voted")
                .into_iter()
                .map(|m| m.text)
                .collect();
        assert_eq!(names, ["International Association of Machinists and Aerospace Workers"], "a union's name");
        assert_eq!(show("Rival Zorvex reported weaker sales"), ["Name:Zorvex:?"], "'Rival' opens no name");
    }

    #[test]
    fn a_judges_court_is_a_title_not_a_name() {
        assert_eq!(
            show("U.S. District Judge Amit Mehta said"),
            ["Name:U.S.:GPE", "Name:Amit Mehta:PERSON:district judge@United States"]
        );
    }

    #[test]
    fn capitals_in_brackets_after_a_body_are_its_short_name() {
        let found = mentions("The Quillan Relief Fund (QUIRF) sent aid");
        let short = found.iter().find(|m| m.text == "QUIRF").expect("the short name is a mention");
        assert_eq!(short.canonical.as_deref(), Some("Quillan Relief Fund"));
        let found = mentions("Zorbia (ZB) sent aid");
        assert!(found.iter().all(|m| m.canonical.is_none()), "one word is no body's full name: {found:?}");
    }

    #[test]
    fn camel_case_is_a_company_and_a_listed_city_a_place() {
        assert_eq!(show("OpenAI released a model"), ["Name:OpenAI:ORG"], "sentence-initial, yet a name");
        assert_eq!(show("it would soon buy Spirit AeroSystems"), ["Name:Spirit AeroSystems:ORG"]);
        assert!(is_camel_case("PayPal") && is_camel_case("OpenAI"));
        assert!(is_camel_case("VMware") && is_camel_case("JPMorgan") && !is_camel_case("MPs"));
        assert!(!is_camel_case("McDonald") && !is_camel_case("DeSantis") && !is_camel_case("LeBron"));
        assert!(!is_camel_case("NATO") && !is_camel_case("Carney"));
        assert_eq!(show("the talks were held in Doha"), ["Name:Doha:GPE"]);
    }

    #[test]
    fn an_honorific_after_an_office_is_not_part_of_it() {
        assert_eq!(
            show("Qatari Prime Minister Sheikh Mohammed Al Thani spoke."),
            ["Demonym:Qatar:GPE", "Name:Mohammed Al Thani:PERSON:prime minister@Qatar"]
        );
    }

    #[test]
    fn relative_clauses_and_parentheses_are_asides() {
        let m = mentions("Mark Carney, who beat Pierre Poilievre, met John Smith (Labour) in London.");
        let aside: Vec<(&str, Option<(usize, usize)>)> = m.iter().map(|m| (m.text.as_str(), m.aside)).collect();
        assert_eq!(
            aside,
            [
                ("Mark Carney", None),
                ("Pierre Poilievre", Some((3, 7))),
                ("John Smith", None),
                ("Labour", Some((12, 13))),
                ("London", None)
            ]
        );
    }

    #[test]
    fn a_product_head_after_a_name_the_model_took_for_a_place_makes_a_product() {
        let found =
            mentions_with_ner("He proposed the Zenith Dome missile defence system and a Canada missile system.", |w| {
                match w {
                    "Zenith" | "Canada" => "B-LOC",
                    "Dome" => "I-LOC",
                    _ => "O",
                }
            });
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Zenith Dome"), Some(EntityType::Product), "{found:?}");
        assert_eq!(type_of("Canada"), Some(EntityType::Gpe), "a known place stays a place");
    }

    #[test]
    fn listed_organisations_and_people_followed_by_who_are_typed_against_the_model() {
        let found = mentions_with_ner(
            "Analysts at Morgan Stanley said Nvidia met Chandrababu Naidu, who leads the party.",
            |w| match w {
                "Morgan" | "Chandrababu" => "B-LOC",
                "Stanley" | "Naidu" => "I-LOC",
                _ => "O",
            },
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Morgan Stanley"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Nvidia"), Some(EntityType::Org), "a listed one-word name the model left untyped");
        assert_eq!(type_of("Chandrababu Naidu"), Some(EntityType::Person));
    }

    #[test]
    fn company_nouns_which_clauses_and_given_names_overrule_the_model() {
        let found = mentions_with_ner(
            "Danish drugmaker Bavarian Nordic met Zorbel Quant, which makes vaccines, and John Bellingham.",
            |w| match w {
                "Bavarian" | "Zorbel" => "B-PER",
                "Nordic" | "Quant" => "I-PER",
                "John" => "B-LOC",
                "Bellingham" => "I-LOC",
                _ => "O",
            },
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Bavarian Nordic"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Zorbel Quant"), Some(EntityType::Org), "', which' follows no person");
        assert_eq!(type_of("John Bellingham"), Some(EntityType::Person));
    }

    #[test]
    fn staff_at_a_name_a_speaking_conference_and_new_after_the_make_organisations() {
        let found = mentions_with_ner(
            "Analysts at Zorbex said the New Quentic Party, which met Tuesday, and the Vornia Rail Conference, \
             which represents drivers, said no. The Quolm Security Conference opened on Friday.",
            |w| if w == "Zorbex" { "B-LOC" } else { "O" },
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Zorbex"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("New Quentic Party"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Vornia Rail Conference"), Some(EntityType::Org), "it speaks: {found:?}");
        assert_eq!(type_of("Quolm Security Conference"), Some(EntityType::Event), "{found:?}");
    }

    #[test]
    fn a_model_code_before_a_product_noun_is_a_product() {
        assert!(is_model_code("A350") && is_model_code("B52") && is_model_code("A320neo"));
        assert!(!is_model_code("G7") && !is_model_code("ABCD12") && !is_model_code("Airbus") && !is_model_code("350"));
        let found = mentions_with_ner("IndiGo ordered 60 A350 jets from Airbus.", |w| match w {
            "IndiGo" | "A350" | "Airbus" => "B-ORG",
            _ => "O",
        });
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("A350"), Some(EntityType::Product), "{found:?}");
        assert_eq!(type_of("Airbus"), Some(EntityType::Org));
    }

    #[test]
    fn an_apposition_headed_by_a_company_noun_makes_an_organisation() {
        let lex = lexicon();
        let check = |text: &str| {
            let words: Vec<&str> = text.split(' ').collect();
            names_a_body_in_apposition(&words, 1, lex)
        };
        assert!(check("Eurofer , the European steel association , which represents producers"));
        assert!(check("Zorbel , a Danish drugmaker ."));
        assert!(check("Zorbel , Europe 's second most valuable company , is"));
        assert!(!check("Zorbel , Europe 's richest man , said"));
        assert!(!check("Smith , the company 's chief executive , said"), "the noun must head the apposition");
        assert!(!check("Carney , the prime minister , said"));
        assert!(!check("Zorbel said the company would"));
        let found = mentions_with_ner("Farmers' union Solidarity and Quentor, the Dutch carrier, agreed.", |_| "O");
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Solidarity"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Quentor"), Some(EntityType::Org), "{found:?}");
        // Named after a description: "known as", "called".
        let found = mentions_with_ner(
            "The bank's policy committee, known as Zopom, met. A rebel group called Q77 fought. A dog known as Rex barked.",
            |w| if w == "Zopom" || w == "Q77" { "B-LOC" } else { "O" },
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("Zopom"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Q77"), Some(EntityType::Org), "{found:?}");
        assert_ne!(type_of("Rex"), Some(EntityType::Org), "{found:?}");
    }

    #[test]
    fn a_city_inside_a_longer_name_is_a_club_or_firm_unless_a_place_word_says_otherwise() {
        let lex = lexicon();
        let check = |text: &str| {
            let words: Vec<&str> = text.split(' ').collect();
            names_a_team_or_firm_after_a_city(&words, 0, words.len(), lex)
        };
        assert!(check("Real Madrid") && check("Manchester United") && check("Bayern Munich"));
        assert!(!check("East Jerusalem") && !check("Greater London") && !check("Madrid") && !check("Mexico City"));
    }

    #[test]
    fn an_acronym_opening_a_sentence_before_a_capitalised_word_is_kept() {
        let found = show("WHO Director-General Tedros Adhanom said the new strain was spreading quickly.");
        assert_eq!(
            found[..2],
            ["Name:WHO:ORG", "Name:Tedros Adhanom:PERSON:director-general@World Health Organization"],
            "{found:?}"
        );
    }

    #[test]
    fn an_ampersand_joins_a_company_name_and_company_heads_type_it() {
        assert_eq!(
            show("later on it competed with Procter & Gamble and with Trian Fund Management in markets"),
            ["Name:Procter & Gamble:ORG", "Name:Trian Fund Management:ORG"]
        );
    }

    #[test]
    fn hyphenated_titles_are_written_with_their_hyphen() {
        assert_eq!(
            show("later on UN Secretary-General Antonio Guterres spoke to them"),
            ["Name:UN:ORG", "Name:Antonio Guterres:PERSON:secretary-general@United Nations", "Pronoun:them:?"]
        );
    }

    #[test]
    fn quotation_spans() {
        let q = quoted_tokens(&["He", "said", "“", "I", "won", "”", "and", "\"", "we", "\"", "it"]);
        assert_eq!(q, [false, false, false, true, true, false, false, false, true, false, false]);
        assert_eq!(quoted_tokens(&["“", "I", "went", "."]), [false, true, true, true], "open to the end");
    }

    #[test]
    fn quoted_first_person_points_at_the_speaker() {
        let got = show("“I will win,” said Mark Carney.");
        assert!(got.contains(&"Pronoun:I:PERSON".to_string()), "{got:?}");
        let got = show("I think Mark Carney will win.");
        assert!(!got.iter().any(|m| m.starts_with("Pronoun:I")), "unquoted first person is the writer: {got:?}");
    }

    #[test]
    fn datelines_portfolios_long_titles_and_hyphenated_given_names() {
        assert_eq!(
            show("Mayor Olivia Chow of Toronto and the Bank of England spoke."),
            ["Name:Olivia Chow:PERSON:mayor@Toronto", "Name:Toronto:GPE", "Name:Bank of England:ORG"]
        );
        let got = show("PARIS - Real Madrid beat Liverpool.");
        assert!(got.contains(&"Name:PARIS:GPE".into()) && !got.iter().any(|m| m.contains('-')), "{got:?}");
        assert_eq!(
            show("French Interior Minister Gerald Darmanin spoke."),
            ["Demonym:France:GPE", "Name:Gerald Darmanin:PERSON:interior minister@France"]
        );
        assert_eq!(
            show("US Secretary of State Marco Rubio spoke."),
            ["Name:US:GPE", "Name:Marco Rubio:PERSON:secretary of state@United States"]
        );
        assert_eq!(
            show("South Korean President Lee Jae-myung met the Prime Minister of Canada."),
            [
                "Demonym:South Korea:GPE",
                "Name:Lee Jae-myung:PERSON:president@South Korea",
                "Description:Prime Minister:PERSON:prime minister@Canada",
                "Name:Canada:GPE"
            ]
        );
        assert_eq!(
            show("Shares rose in New York and in the Berlin-based studio."),
            ["Name:New York:GPE", "Pronoun:the Berlin - based studio:ORG", "Name:Berlin:GPE"]
        );
    }

    #[test]
    fn parties_owners_and_bodies_before_a_title() {
        let label = |w: &str| match w {
            "Marine" => "B-ORG",
            "Le" | "Pen" => "I-ORG",
            _ => "O",
        };
        let found = mentions_with_ner(
            "The motion, brought by the leftist New Popular Front alliance, passed with the support of Marine \
             Le Pen's far-right National Rally, which said no.",
            label,
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("New Popular Front"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Marine Le Pen"), Some(EntityType::Person), "{found:?}");
        assert_eq!(type_of("National Rally"), Some(EntityType::Org), "{found:?}");
        let got = show("Barnier, a former European Union Brexit negotiator, resigned.");
        assert!(got.contains(&"Name:European Union:ORG".to_string()), "{got:?}");
    }

    #[test]
    fn summits_airlines_and_people_after_an_office() {
        let found = mentions_with_ner(
            "Countries at the COP29 climate summit agreed. COP29 President Mukhtar Babayev spoke. They examined \
             the Jeju Air plane. Acting President Choi Sang-mok ordered checks.",
            |w| match w {
                "Choi" => "B-LOC",
                "Sang" | "-" | "mok" => "I-LOC",
                _ => "O",
            },
        );
        let type_of = |name: &str| found.iter().find(|m| m.text == name).and_then(|m| m.entity_type);
        assert_eq!(type_of("COP29"), Some(EntityType::Event), "{found:?}");
        assert_eq!(type_of("Jeju Air"), Some(EntityType::Org), "{found:?}");
        assert_eq!(type_of("Choi Sang-mok"), Some(EntityType::Person), "{found:?}");
        let babayev = found.iter().find(|m| m.text == "Mukhtar Babayev").unwrap();
        assert_eq!(babayev.title_of.as_deref(), Some("COP29"), "a name with digits opens a sentence");
    }

    #[test]
    fn shares_make_a_company_and_a_product_noun_a_product() {
        let found = mentions_with_ner(
            "Shares in Zorvo Nordal fell after its obesity drug CagriQuen failed. Zorvo Nordal shares slumped.",
            |w| {
                if w == "Zorvo" || w == "CagriQuen" {
                    "B-PER"
                } else if w == "Nordal" {
                    "I-PER"
                } else {
                    "O"
                }
            },
        );
        let types: Vec<_> = found.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.entity_type).collect();
        assert_eq!(types, [Some(EntityType::Org), Some(EntityType::Product), Some(EntityType::Org)], "{found:?}");
    }

    #[test]
    fn a_citys_club_by_its_result_or_its_staff() {
        let found = mentions_with_ner(
            "Liverpool beat Manchester City 2-0 at Anfield. Arsenal, who beat Chelsea 3-1, are third. Jannik \
             Sinner beat Carlos Alcaraz 6-4 on Sunday. France beat England 2-1.",
            |w| match w {
                "Liverpool" | "Manchester" | "City" => "B-LOC",
                "Jannik" | "Carlos" => "B-PER",
                "Sinner" | "Alcaraz" => "I-PER",
                _ => "O",
            },
        );
        let m = |name: &str| found.iter().find(|m| m.text == name).unwrap_or_else(|| panic!("{name}: {found:?}"));
        for club in ["Liverpool", "Manchester City", "Arsenal", "Chelsea"] {
            assert_eq!((m(club).entity_type, m(club).club), (Some(EntityType::Org), true), "{club}");
        }
        assert_eq!(m("Carlos Alcaraz").entity_type, Some(EntityType::Person));
        assert_eq!(m("France").entity_type, Some(EntityType::Gpe), "a country's side is the country");
        let found = mentions_with_ner("Liverpool manager Arne Slot praised him.", |_| "O");
        assert!(m_of(&found, "Liverpool").club, "{found:?}");
        let found = mentions_with_ner("He met Barcelona head coach Hansi Flick.", |_| "O");
        assert!(m_of(&found, "Barcelona").club, "{found:?}");
    }

    fn m_of<'a>(found: &'a [Mention], name: &str) -> &'a Mention {
        found.iter().find(|m| m.text == name).unwrap_or_else(|| panic!("{name}: {found:?}"))
    }

    #[test]
    fn a_title_opening_a_sentence_keeps_its_first_word() {
        assert_eq!(show("Prime Minister Keir Starmer spoke."), ["Name:Keir Starmer:PERSON:prime minister@-"]);
        assert_eq!(show("Finance Minister Katsunobu Kato spoke."), ["Name:Katsunobu Kato:PERSON:finance minister@-"]);
        assert_eq!(show("Vice President JD Vance spoke."), ["Name:JD Vance:PERSON:vice president@-"]);
    }

    #[test]
    fn titles_modifiers_and_names() {
        assert_eq!(
            show("Canadian Prime Minister Mark Carney met U.S. President Donald Trump."),
            [
                "Demonym:Canada:GPE",
                "Name:Mark Carney:PERSON:prime minister@Canada",
                "Name:U.S.:GPE",
                "Name:Donald Trump:PERSON:president@United States"
            ]
        );
    }

    #[test]
    fn lowercase_titles_after_bodies() {
        assert_eq!(
            show("He met White House spokesperson Anna Kelly."),
            ["Pronoun:He:PERSON", "Name:White House:FAC", "Name:Anna Kelly:PERSON:spokesperson@White House"]
        );
    }

    #[test]
    fn descriptions_and_parties() {
        let got = show("Later the US president thanked the Liberal leader.");
        assert!(got.contains(&"Description:the US president:PERSON:president@United States".to_string()), "{got:?}");
        assert!(got.contains(&"Description:the Liberal leader:PERSON:leader@Liberal Party".to_string()), "{got:?}");
    }

    #[test]
    fn a_form_of_address_gives_the_gender() {
        let got = mentions("Mr Smith said he was pleased.");
        assert_eq!(got[0].text, "Smith");
        assert_eq!(got[0].gender, Some(Gender::Male), "{got:?}");
    }

    #[test]
    fn a_lone_name_before_administration_is_a_person() {
        let got = show("Musk heads a department in the Trump administration.");
        assert!(got.contains(&"Name:Trump:PERSON".to_string()), "{got:?}");
    }

    #[test]
    fn a_sponsored_group_is_a_description() {
        let got = show("The ship was attacked by the Iran-backed group.");
        assert!(got.iter().any(|m| m.starts_with("Pronoun:the Iran") && m.ends_with("group:ORG")), "{got:?}");
    }

    #[test]
    fn organisations_events_products() {
        let got = show("The Boeing 737-800 crashed.");
        assert!(got.contains(&"Name:Boeing 737-800:PRODUCT".to_string()), "{got:?}");
        let got = show("The Bank of England and the G7 summit discussed F-35 jets.");
        assert!(got.contains(&"Name:Bank of England:ORG".to_string()), "{got:?}");
        assert!(got.contains(&"Name:G7 summit:EVENT".to_string()), "{got:?}");
        assert!(got.contains(&"Name:F-35:PRODUCT".to_string()), "{got:?}");
    }

    #[test]
    fn hyphenated_places_split() {
        let got = show("the Canada-U.S. relationship");
        assert_eq!(got, ["Name:Canada:GPE", "Name:U.S.:GPE"]);
    }
}
