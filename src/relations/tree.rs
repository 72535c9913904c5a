//! Action relations read off the dependency tree: who (nsubj, or obl:agent of
//! a passive) did what (the verb's lemma) to whom (obj, iobj, obl, nsubj:pass),
//! with subjects passed down through conjunctions, control ("agreed to meet"),
//! raising ("is set to meet") and relative clauses ("Carney, who beat ...").

use super::{Relation, RelationKind, SentenceView};
use crate::mentions::{EntityType, MentionKind};

const MODALS: &[&str] = &["will", "would", "could", "may", "might", "should", "must", "can", "shall"];
const PLAN_HEADS: &[&str] = &[
    "plan", "set", "expect", "intend", "want", "aim", "hope", "prepare", "schedule", "go", "seek", "vow", "promise",
    "threaten", "try", "agree",
];
/// Reporting verbs relate a speaker to an entity only through obj/iobj/obl ("told Sky News"), never a clause.
const RELATIVE_PRONOUNS: &[&str] = &["who", "which", "that", "whom"];

struct Tree<'a> {
    heads: Vec<Option<usize>>,
    deprels: Vec<&'a str>,
    children: Vec<Vec<usize>>,
}

impl<'a> Tree<'a> {
    fn new(s: &'a SentenceView<'a>) -> Option<Tree<'a>> {
        let arcs = s.arcs?;
        let n = arcs.len();
        let heads: Vec<Option<usize>> = arcs.iter().map(|a| (a.head > 0 && a.head <= n).then(|| a.head - 1)).collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = h {
                children[*h].push(i);
            }
        }
        Some(Tree { heads, deprels: arcs.iter().map(|a| a.deprel).collect(), children })
    }

    /// Children with relation `rel` or a subtype of it (`obl` matches `obl:tmod`).
    fn kids<'b>(&'b self, i: usize, rel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i].iter().copied().filter(move |&c| {
            let d = self.deprels[c];
            d == rel || d.strip_prefix(rel).is_some_and(|r| r.starts_with(':'))
        })
    }

    fn kids_exact<'b>(&'b self, i: usize, rel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i].iter().copied().filter(move |&c| self.deprels[c] == rel)
    }
}

/// Whether some mention of entity `e` in the sentence is typed `ty`.
fn mentioned_as(s: &SentenceView<'_>, e: usize, ty: EntityType) -> bool {
    s.mentions.iter().zip(s.links).any(|(m, l)| *l == Some(e) && m.entity_type == Some(ty))
}

/// Entity of the mention covering token `i`, if any; a title belongs to the
/// name after it (the parser may head "Prime Minister Mark Carney" on "Minister").
fn entity_at(s: &SentenceView<'_>, i: usize) -> Option<usize> {
    // A title's modifier ("Canadian" in "Canadian Prime Minister Mark Carney") is part of the title.
    let titled = s.mentions.iter().zip(s.links).find(|(m, _)| {
        m.title_start.is_some_and(|t| {
            let from = s
                .mentions
                .iter()
                .filter(|x| x.end == t && x.kind != MentionKind::Pronoun)
                .map(|x| x.start)
                .min()
                .unwrap_or(t);
            from <= i && i < m.start
        })
    });
    if let Some((_, l)) = titled {
        return *l;
    }
    s.mentions.iter().zip(s.links).filter(|(m, _)| m.start <= i && i < m.end).find_map(|(_, l)| *l)
}

/// Verbs that link a thing to a property, not one entity to another.
const LINKING_VERBS: &[&str] =
    &["be", "have", "become", "remain", "seem", "appear", "include", "do", "make", "call", "come", "go", "let"];
/// Verbs of saying and thinking take a clause ("Trump says Carney wants a deal"):
/// the entity after them is the clause's subject, not their object.
const CLAUSE_VERBS: &[&str] = &[
    "say", "think", "believe", "claim", "add", "note", "argue", "insist", "suggest", "write", "state", "hope",
    "expect", "know", "feel", "predict", "report",
    // "citing problems with the heat shield of the Orion capsule": a reason given.
    "cite",
];
/// Prepositions whose object is an entity acted upon ("meet with", "impose on", "travel to");
/// places and times of an action ("in London", "at the White House") are not.
const OBJECT_PREPOSITIONS: &[&str] =
    &["with", "on", "against", "to", "for", "from", "about", "into", "toward", "towards", "over", "upon", "onto"];
/// Inside an object noun: "Canada's sovereignty", "tariffs on Canadian goods".
/// ("added 140 companies, including Naura Technology": the companies named.)
const NOUN_PREPOSITIONS: &[&str] = &["of", "on", "against", "to", "with", "over", "from", "including"];
/// Words of quantity that stand for part of what their "of" names ("control
/// much of Yemen"), whatever the tagger made of them.
const QUANTITY_WORDS: &[&str] = &["much", "most", "part", "all", "some", "half", "rest", "parts"];

fn is_quantity_word(s: &SentenceView<'_>, i: usize) -> bool {
    QUANTITY_WORDS.iter().any(|q| s.tags[i].lemma.eq_ignore_ascii_case(q))
}
/// Nouns of owning part of a firm, whose "in" names the firm.
const STAKE_NOUNS: &[&str] = &["stake", "holding", "interest", "investment", "shareholding"];

fn is_stake_noun(s: &SentenceView<'_>, i: usize) -> bool {
    STAKE_NOUNS.contains(&s.tags[i].lemma.to_lowercase().as_str())
}

/// Verb `v` takes a holding as its object ("holds a 24% stake"): its "in" names the firm.
fn holds_a_stake(s: &SentenceView<'_>, t: &Tree<'_>, v: usize) -> bool {
    t.kids_exact(v, "obj").any(|o| is_stake_noun(s, o))
}

/// The entity of the name right before a comma at token `at` ("Rodri, who ...").
fn name_before_comma(s: &SentenceView<'_>, at: usize) -> Option<usize> {
    if at < 2 || s.tokens[at - 1].text != "," {
        return None;
    }
    let m = s.mentions.iter().position(|m| m.end == at - 1 && m.kind == MentionKind::Name)?;
    s.links[m]
}

fn case_of(s: &SentenceView<'_>, t: &Tree<'_>, i: usize) -> Option<String> {
    t.children[i].iter().find(|&&c| t.deprels[c] == "case").map(|&c| s.tokens[c].text.to_lowercase())
}

/// The entities a nominal at `i` stands for: itself and its conjuncts; for
/// objects (`descend`), also entities inside a common noun ("Canada's
/// sovereignty", "tariffs on Canadian goods").
fn entities_of(s: &SentenceView<'_>, t: &Tree<'_>, i: usize, depth: usize, descend: bool) -> Vec<usize> {
    let mut out = Vec::new();
    // In apposition by the tree, or right after the noun's comma where the
    // parser hung the name elsewhere: a person, named whole.
    let named_in_apposition = || {
        t.kids_exact(i, "appos").find_map(|a| entity_at(s, a)).or_else(|| {
            let after = (s.tokens.get(i + 1)?.text == ",").then_some(i + 2)?;
            let m = s.mentions.iter().position(|m| {
                m.start == after && m.kind == MentionKind::Name && m.entity_type == Some(EntityType::Person)
            })?;
            s.links[m]
        })
    };
    if let Some(e) = entity_at(s, i) {
        out.push(e);
    } else if let Some(e) = named_by_compound(s, t, i) {
        out.push(e);
    } else if let Some(e) = named_in_apposition().filter(|_| s.tags[i].upos == "NOUN") {
        // "his Indian counterpart, Subrahmanyam Jaishankar": the noun names
        // the one in apposition, not what its modifiers mention; "his coaches
        // Darren Cahill and Simone Vagnozzi": all of them.
        out.push(e);
        for a in t.kids_exact(i, "appos").collect::<Vec<_>>() {
            out.extend(t.kids_exact(a, "conj").filter_map(|c| entity_at(s, c)));
        }
    } else if let Some(e) =
        t.heads[i].filter(|_| t.deprels[i] == "appos" && s.tags[i].upos == "NOUN").and_then(|h| entity_at(s, h))
    {
        // "Tavares, a Portuguese engineer who ran ...": a noun in apposition
        // to a name is that name.
        out.push(e);
    } else if descend && depth < 2 && (matches!(s.tags[i].upos, "NOUN" | "NUM") || is_quantity_word(s, i)) {
        for c in t.children[i].iter().copied() {
            let inside = match t.deprels[c] {
                // "won Sri Lanka's presidential election": a vote's owner is
                // where it was held, not what the winner acted on.
                "nmod:poss" => !CONTEST_NOUNS.contains(&s.tags[i].lemma.to_lowercase().as_str()),
                // "the idea of Canada becoming a state": a name with a clause of its
                // own is that clause's subject; the object is the whole proposition.
                // (The gerund hangs off the name or, misparsed, off the noun right after it.)
                "nmod" => {
                    let gerund = |a: usize| s.tags[a].xpos == "VBG";
                    // "took a stake in Salesforce": what a holding is in is
                    // its object ("a plant in Texas" is no object).
                    case_of(s, t, c)
                        .is_some_and(|p| NOUN_PREPOSITIONS.contains(&p.as_str()) || p == "in" && is_stake_noun(s, i))
                        && !t.kids_exact(c, "acl").any(gerund)
                        && !t.kids_exact(i, "acl").any(|a| a == c + 1 && gerund(a))
                }
                "amod" => depth >= 1,
                // ("much of Yemen" with the name parsed as an obl of "much".)
                "obl" => is_quantity_word(s, i) && case_of(s, t, c).as_deref() == Some("of"),
                _ => false,
            };
            if inside {
                out.extend(entities_of(s, t, c, depth + 1, descend));
            }
        }
    }
    // "visited Valdosta, Georgia": a place after a place and a comma, with no
    // list around them, only says where the first is.
    let conjuncts: Vec<usize> = t.kids_exact(i, "conj").collect();
    let place = |e: usize| mentioned_as(s, e, EntityType::Gpe) || mentioned_as(s, e, EntityType::Loc);
    let locator = |c: usize| {
        conjuncts.len() == 1
            && t.kids_exact(c, "cc").next().is_none()
            && c >= 1
            && s.tokens[c - 1].text == ","
            && entity_at(s, i).is_some_and(place)
            && entity_at(s, c).is_some_and(place)
    };
    for &c in &conjuncts {
        if let Some(e) = entity_at(s, c).filter(|_| !locator(c)) {
            out.push(e);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// "Quang Ninh province", "the Firefox browser": a place noun is the place
/// its compound names, a product noun the product.
fn named_by_compound(s: &SentenceView<'_>, t: &Tree<'_>, i: usize) -> Option<usize> {
    const PLACE_NOUNS: &[&str] =
        &["province", "state", "region", "county", "district", "island", "prefecture", "territory", "oblast"];
    if s.tags[i].upos != "NOUN" {
        return None;
    }
    let noun = s.tokens[i].text.to_lowercase();
    let lex = crate::mentions::lexicon::lexicon();
    let place = PLACE_NOUNS.contains(&noun.as_str());
    let product = lex.has("product_heads", &noun) || lex.has("product_class_heads", &noun);
    // "the libertarian ACT party", "the carmaker's Jeep brand" aside: a body's noun.
    let body = noun == "party" || lex.has("company_nouns", &noun);
    if !place && !product && !body {
        return None;
    }
    let c = t.kids_exact(i, "compound").last()?;
    let e = entity_at(s, c)?;
    let m = s.mentions.iter().zip(s.links).find(|(_, l)| **l == Some(e)).map(|(m, _)| m)?;
    let ty = m.entity_type?;
    (place && ty.is_place() || product && ty == EntityType::Product || body && ty == EntityType::Org).then_some(e)
}

/// Verbs whose object is the subject of their infinitive ("asked Trump to stop").
const OBJECT_CONTROL_VERBS: &[&str] = &[
    "advise",
    "allow",
    "ask",
    "authorise",
    "authorize",
    "beg",
    "challenge",
    "compel",
    "convince",
    "direct",
    "enable",
    "encourage",
    "force",
    "help",
    "instruct",
    "invite",
    "order",
    "permit",
    "persuade",
    "press",
    "pressure",
    "push",
    "remind",
    "require",
    "tell",
    "urge",
    "warn",
];

/// "Mangione, the man accused of killing Thompson", "Mangione is accused of
/// killing", "police accused Mangione of killing": the doer of a gerund after
/// "of"/"for"/"with" on a verb of accusing is the one accused (though the
/// accusation's subject is someone else).
fn accused_of(s: &SentenceView<'_>, t: &Tree<'_>, v: usize, hops: usize) -> Option<Vec<usize>> {
    let marked = t.kids_exact(v, "mark").any(|m| matches!(s.tokens[m].text.as_str(), "of" | "for" | "with"));
    if s.tags[v].xpos != "VBG" || !marked || t.deprels[v] != "advcl" {
        return None;
    }
    let h = t.heads[v]?;
    // (Verbs that charge someone with a deed, `accusing_verbs` in words.txt.)
    if !crate::mentions::lexicon::lexicon().has("accusing_verbs", &s.tags[h].lemma) {
        return None;
    }
    let accused = if let Some(o) = t.kids_exact(h, "obj").next() {
        entities_of(s, t, o, 0, false)
    } else if t.kids(h, "nsubj:pass").next().is_some() {
        // The passive's subject, or for "who" the name its clause is on.
        controller(s, t, h, hops)
    } else if t.deprels[h] == "acl" && s.tags[h].xpos == "VBN" {
        // The noun the participle is on, or the name that noun stands beside.
        let n = t.heads[h]?;
        let found = entities_of(s, t, n, 0, false);
        match t.heads[n] {
            Some(named) if found.is_empty() && t.deprels[n] == "appos" => entities_of(s, t, named, 0, false),
            _ => found,
        }
    } else {
        return None;
    };
    Some(accused)
}

/// The subject entities of verb `v`, passed down from its governor when it has none of its own.
fn subjects_of(s: &SentenceView<'_>, t: &Tree<'_>, v: usize, hops: usize) -> (Vec<usize>, bool) {
    // The first own subject decides.
    if let Some(subj) = t.kids_exact(v, "nsubj").chain(t.kids_exact(v, "nsubj:outer")).next() {
        // "Carney, who beat Poilievre": the relative pronoun stands for the noun the clause modifies.
        if RELATIVE_PRONOUNS.contains(&s.tags[subj].lemma.to_lowercase().as_str()) {
            if let Some(h) = t.heads[v].filter(|_| t.deprels[v] == "acl:relcl") {
                return (entities_of(s, t, h, 0, false), true);
            }
            // "Rodri, who helped Spain ..." misparsed with "who" the main
            // clause's subject: the name before the comma.
            if let Some(e) = name_before_comma(s, subj) {
                return (vec![e], true);
            }
        }
        // "Nelson Peltz, whose Trian Fund Management holds a stake" misparsed
        // with the name as the subject and the body in apposition: the body
        // that "whose" owns, right before the verb, is the subject.
        let whose_body = t.kids_exact(subj, "appos").find(|&a| {
            subj < a && a < v && t.kids_exact(a, "nmod:poss").any(|p| s.tokens[p].text.eq_ignore_ascii_case("whose"))
        });
        if let Some(a) = whose_body {
            return (entities_of(s, t, a, 0, false), false);
        }
        return (entities_of(s, t, subj, 0, false), false);
    }
    if let Some(accused) = accused_of(s, t, v, hops) {
        return (accused, true);
    }
    if hops >= 3 {
        return (Vec::new(), false);
    }
    let Some(h) = t.heads[v] else { return (Vec::new(), false) };
    match t.deprels[v] {
        // "met X and criticised Y".
        "conj" => (subjects_of(s, t, h, hops + 1).0, true),
        // "agreed to meet"; "is set to meet"; after a verb of object control
        // the object acts ("invited Ishiba to visit Seoul"). Other verbs keep
        // their subject: "beat Liverpool to win the cup" is a misparsed purpose.
        // ("The treaty has been used to give Maori rights": what is used does nothing.)
        "xcomp" | "advcl"
            if s.tags[h].lemma.eq_ignore_ascii_case("use")
                && t.kids(h, "nsubj:pass").next().is_some()
                && is_infinitive(s, t, v) =>
        {
            (Vec::new(), true)
        }
        "xcomp" => match controlling_object(s, t, h) {
            Some(o) => (entities_of(s, t, o, 0, false), true),
            None => (controller(s, t, h, hops), true),
        },
        // "Trump, who ..." handled above; "a deal promised by Carney" has no subject here.
        "acl:relcl" => (entities_of(s, t, h, 0, false), true),
        // "Keir Starmer to visit Canada" (headline), "Starmer's decision to invite Trump".
        // A past participle on a name is passive or a misparse ("Rahul Gandhi,
        // nearly doubled its seats"), not a clause the name is the subject of.
        "acl" | "advcl"
            if matches!(s.tags[h].upos, "NOUN" | "PROPN") && s.tags[v].xpos != "VBN" && s.tags[v].xpos != "VBD" =>
        {
            let mut subj = entities_of(s, t, h, 0, false);
            // The owner of an event noun controls its infinitive ("Starmer's decision
            // to invite Trump"), not a participle ("Canada's relationship with the UK
            // while positioning Carney as ...", a clause misattached to the noun).
            if subj.is_empty() && is_infinitive(s, t, v) {
                subj = t.kids_exact(h, "nmod:poss").flat_map(|c| entities_of(s, t, c, 0, false)).collect();
            }
            // "was elected leader to replace Trudeau", "signed an order to impose tariffs":
            // an infinitive on the object of a verb is controlled by that verb's subject.
            if subj.is_empty() && is_infinitive(s, t, v) && matches!(t.deprels[h], "obj" | "xcomp") {
                if let Some(g) = t.heads[h] {
                    subj = controller(s, t, g, hops);
                }
            }
            (subj, true)
        }
        // "Carney flew to London to meet Starmer", "By making this visit, Carney ...":
        // an adverbial infinitive or a clause opened by a preposition ("by", "after",
        // "before", "while") has the main clause's subject. A bare participle
        // ("..., prompting backlash") is left alone: its subject is often the whole clause.
        "advcl" if s.tags[h].upos == "VERB" && (is_infinitive(s, t, v) || has_subordinating_preposition(s, t, v)) => {
            match controlling_object(s, t, h).filter(|_| is_infinitive(s, t, v)) {
                Some(o) => (entities_of(s, t, o, 0, false), true),
                None => (controller(s, t, h, hops), true),
            }
        }
        // "Yoon declared martial law, accusing the Democratic Party of ...": a
        // bare participle after a comma is the main clause's subject's doing,
        // unless it tells what the clause brought about ("..., prompting Canada
        // to retaliate": its subject is the whole clause).
        "advcl"
            if s.tags[h].upos == "VERB"
                && s.tags[v].xpos == "VBG"
                && v > 0
                && s.tokens[v - 1].text == ","
                && t.kids_exact(v, "mark").next().is_none()
                && !RESULT_PARTICIPLES.contains(&s.tags[v].lemma.to_lowercase().as_str()) =>
        {
            // "the outage had cost the airline $500 million, and Delta sued
            // CrowdStrike, accusing it of ...", the participle misattached to a
            // verb with no named subject: the nearest verb before it with one.
            let mut subj = controller(s, t, h, hops);
            if subj.is_empty() {
                subj = (h + 1..v)
                    .rev()
                    .filter(|&k| s.tags[k].upos == "VERB")
                    .find_map(|k| {
                        let named =
                            t.kids_exact(k, "nsubj").flat_map(|n| entities_of(s, t, n, 0, false)).collect::<Vec<_>>();
                        (!named.is_empty()).then_some(named)
                    })
                    .unwrap_or_default();
            }
            (subj, true)
        }
        _ => (Vec::new(), false),
    }
}

/// Votes and races, whose owner is where they are held.
const CONTEST_NOUNS: &[&str] = &["election", "race", "vote", "poll", "primary", "referendum", "runoff", "contest"];

/// Verbs whose bare participle after a clause tells its outcome, not what its
/// subject did next.
const RESULT_PARTICIPLES: &[&str] = &[
    "prompt",
    "spark",
    "trigger",
    "cause",
    "fuel",
    "send",
    "leave",
    "bring",
    "mark",
    "raise",
    "drive",
    "make",
    "lead",
    "push",
    "force",
    "put",
    "boost",
    "lift",
    "hit",
    "wipe",
    "give",
    "add",
    "underscore",
    "highlight",
    "signal",
    "reflect",
    "deal",
    "set",
    "renew",
    "revive",
    "deepen",
    "heighten",
    "intensify",
    "threaten",
    "reaffirm",
    "reinforce",
    "underline",
    "strengthen",
    "show",
    "demonstrate",
    "illustrate",
    "confirm",
    "cement",
    "end",
];

/// The object of verb `g` that does what its infinitive says: after a verb
/// of object control ("invited Ishiba to visit") or "call on" ("called on
/// China to help").
fn controlling_object(s: &SentenceView<'_>, t: &Tree<'_>, g: usize) -> Option<usize> {
    let lemma = &*s.tags[g].lemma;
    // (The parser reads some such objects as indirect: "allowed Google to keep paying".)
    let object =
        t.kids_exact(g, "obj").chain(t.kids_exact(g, "iobj")).next().filter(|_| OBJECT_CONTROL_VERBS.contains(&lemma));
    object.or_else(|| t.kids_exact(g, "obl").find(|&o| lemma == "call" && case_of(s, t, o).as_deref() == Some("on")))
}

/// Who controls a clause governed by verb `g`: its subject, or for a passive
/// governor its passive subject ("Carney was elected ... to replace Trudeau").
fn controller(s: &SentenceView<'_>, t: &Tree<'_>, g: usize, hops: usize) -> Vec<usize> {
    let subj = subjects_of(s, t, g, hops + 1).0;
    if !subj.is_empty() {
        return subj;
    }
    t.kids(g, "nsubj:pass").flat_map(|c| entities_of(s, t, c, 0, false)).collect()
}

/// "has no plans to visit Washington", "no intention of meeting": the action
/// hangs off a noun that "no" denies, so the text says it will not happen.
fn denied_intention(s: &SentenceView<'_>, t: &Tree<'_>, lower: &[String], v: usize) -> bool {
    t.deprels[v] == "acl"
        && t.heads[v].is_some_and(|h| s.tags[h].upos == "NOUN" && t.kids_exact(h, "det").any(|d| lower[d] == "no"))
}

/// Verbs (and "unable") whose infinitive does not happen: "refused to condemn
/// Russia", "had been unable to agree with Anglo".
const REFUSAL_VERBS: &[&str] = &["refuse", "decline", "fail", "reject", "unable"];

/// "India has refused to condemn Russia": the infinitive of a verb of refusal,
/// itself not negated ("did not refuse to meet" is a meeting), is denied.
fn refused(s: &SentenceView<'_>, t: &Tree<'_>, v: usize) -> bool {
    t.deprels[v] == "xcomp"
        && is_infinitive(s, t, v)
        && t.heads[v].is_some_and(|h| {
            REFUSAL_VERBS.contains(&s.tags[h].lemma.to_lowercase().as_str())
                && !t.children[h].iter().any(|&c| is_negation(&s.tokens[c].text.to_lowercase()))
        })
}

/// Verbs of intending whose infinitive does not happen when they are denied
/// ("did not agree to meet"; "did not hesitate to criticise" is no such verb).
const INTENTION_VERBS: &[&str] =
    &["seek", "want", "plan", "intend", "try", "agree", "aim", "wish", "decide", "hope", "promise", "attempt"];

/// "not", "n't", "never" (in lower case).
fn is_negation(word: &str) -> bool {
    matches!(word, "not" | "n't" | "n’t" | "never")
}

/// "to meet": a verb with the infinitive marker.
fn is_infinitive(s: &SentenceView<'_>, t: &Tree<'_>, v: usize) -> bool {
    t.kids_exact(v, "mark").any(|m| s.tags[m].xpos == "TO" || s.tokens[m].text.eq_ignore_ascii_case("to"))
}

/// "by making", "after meeting", "before signing", "while visiting": a gerund
/// clause introduced by a preposition, which takes the main clause's subject.
fn has_subordinating_preposition(s: &SentenceView<'_>, t: &Tree<'_>, v: usize) -> bool {
    s.tags[v].xpos == "VBG"
        && t.kids_exact(v, "mark").any(|m| {
            matches!(
                s.tokens[m].text.to_lowercase().as_str(),
                "by" | "after" | "before" | "while" | "when" | "without" | "since" | "upon" | "on"
            )
        })
}

pub(super) fn extract_actions(s: &SentenceView<'_>) -> Option<Vec<Relation>> {
    let t = Tree::new(s)?;
    let lower: Vec<String> = s.tokens.iter().map(|x| x.text.to_lowercase()).collect();
    let mut out = Vec::new();
    for v in 0..s.tokens.len() {
        if s.tags[v].upos != "VERB" || entity_at(s, v).is_some() {
            continue;
        }
        let lemma = s.tags[v].lemma.to_lowercase();
        // "Mozilla, which makes the Firefox browser": making a product is an action.
        let makes_product = lemma == "make"
            && t.kids_exact(v, "obj")
                .any(|o| entities_of(s, &t, o, 0, true).into_iter().any(|e| mentioned_as(s, e, EntityType::Product)));
        // "called Merz to congratulate him" is a call; "called Canada a state" names.
        // (A "to" infinitive after the object, whatever the parser made of it,
        // says why the call was made.)
        let phones = lemma == "call"
            && t.kids_exact(v, "obj").count() == 1
            // ("called the fall of Assad a victory", the name's noun parsed as an obl;
            // "called Raisi a true friend" as an iobj and an obj.)
            && t.kids_exact(v, "obl:unmarked").next().is_none()
            && t.kids_exact(v, "iobj").next().is_none()
            && t.kids(v, "xcomp").all(|x| {
                s.tags[x].upos == "VERB" && t.kids_exact(x, "mark").any(|m| s.tokens[m].text.eq_ignore_ascii_case("to"))
            });
        // "added 140 companies, including Naura Technology, to its trade
        // restriction list": adding something to a list is no saying (the
        // parser may hang the "to" phrase on the object's names).
        let adds_to = lemma == "add"
            && t.kids_exact(v, "obj").next().is_some_and(|o| {
                (o + 1..s.tokens.len()).any(|k| t.deprels[k] == "case" && s.tokens[k].text.eq_ignore_ascii_case("to"))
            });
        if LINKING_VERBS.contains(&lemma.as_str()) && !makes_product && !phones
            || CLAUSE_VERBS.contains(&lemma.as_str()) && !adds_to
        {
            continue;
        }
        // "a meeting with Trump": a gerund after a determiner is a noun.
        if s.tags[v].xpos == "VBG" && t.children[v].iter().any(|&c| t.deprels[c] == "det") {
            continue;
        }
        let in_title = s
            .mentions
            .iter()
            .any(|m| m.kind != MentionKind::Pronoun && m.title_start.is_some_and(|ts| ts <= v && v < m.start));
        if in_title {
            continue;
        }
        // "The Greens, led by Robert Habeck, ...": an agent makes a participle passive.
        let passive = t.kids(v, "nsubj:pass").next().is_some()
            || t.kids(v, "aux:pass").next().is_some()
            || t.kids_exact(v, "obl:agent").next().is_some();
        let (active_subjects, inherited) = subjects_of(s, &t, v, 0);
        let mut subjects = Vec::new();
        let mut objects = Vec::new();
        let mut via_obl = false;
        if passive {
            // "Canada was threatened by Trump": the agent acts on the passive subject.
            for c in t.kids_exact(v, "obl:agent") {
                subjects.extend(entities_of(s, &t, c, 0, false));
            }
            for c in t.kids(v, "nsubj:pass") {
                objects.extend(entities_of(s, &t, c, 0, true));
            }
            // "a deal signed by Trump", "Air India, which is owned by the Tata
            // Group": the clause's noun is what the agent acts on.
            if objects.is_empty() && matches!(t.deprels[v], "acl" | "acl:relcl") {
                if let Some(h) = t.heads[v] {
                    objects.extend(entities_of(s, &t, h, 0, false));
                    // "Leqembi, a similar drug sold by Eisai": the noun's name
                    // in apposition.
                    // (Or right after the name's comma, where the parser hung the noun elsewhere.)
                    if objects.is_empty() && t.deprels[h] == "appos" {
                        if let Some(named) = t.heads[h] {
                            objects.extend(entities_of(s, &t, named, 0, false));
                        }
                    }
                    if objects.is_empty() && s.tags[h].upos == "NOUN" {
                        // The noun phrase's first word: its words right before it.
                        let first = (0..h)
                            .rev()
                            .take_while(|&k| t.children[h].contains(&k) && s.tags[k].upos != "PUNCT")
                            .last()
                            .unwrap_or(h);
                        objects.extend(name_before_comma(s, first));
                    }
                }
            }
        } else {
            subjects = active_subjects;
            for rel in ["obj", "iobj"] {
                for c in t.kids_exact(v, rel).collect::<Vec<_>>() {
                    objects.extend(entities_of(s, &t, c, 0, true));
                }
            }
            // "criticised him and Chrystia Freeland" parsed with the second name as an
            // obl of the verb: an obl with "and" but no preposition, after an object,
            // is that object's conjunct.
            if !objects.is_empty() {
                for c in t.kids_exact(v, "obl").collect::<Vec<_>>() {
                    let after_object = t.kids_exact(v, "obj").any(|o| o < c);
                    if after_object && case_of(s, &t, c).is_none() && t.kids(c, "cc").next().is_some() {
                        objects.extend(entities_of(s, &t, c, 0, true));
                    }
                }
            }
            // "the agreement, which Trump signed", "the deal Trump signed": in a relative
            // clause with its own subject, a relative-pronoun object or a missing
            // object is the noun the clause modifies.
            if objects.is_empty() && !inherited && t.deprels[v] == "acl:relcl" {
                let pronoun_object = t.kids_exact(v, "obj").any(|c| RELATIVE_PRONOUNS.contains(&lower[c].as_str()));
                let no_object = t.kids_exact(v, "obj").next().is_none()
                    && t.kids(v, "ccomp").next().is_none()
                    && t.kids(v, "xcomp").next().is_none();
                // "Mitsubishi Motors, in which Nissan holds a 24% stake", "the
                // group with which it merged": a relative pronoun after an
                // object's preposition (or "in", for a holding).
                let pronoun_obl = t.kids_exact(v, "obl").any(|c| {
                    RELATIVE_PRONOUNS.contains(&lower[c].as_str())
                        && case_of(s, &t, c).is_some_and(|p| {
                            OBJECT_PREPOSITIONS.contains(&p.as_str()) || p == "in" && holds_a_stake(s, &t, v)
                        })
                });
                if pronoun_object || no_object || pronoun_obl {
                    if let Some(h) = t.heads[v] {
                        objects.extend(entities_of(s, &t, h, 0, false));
                    }
                }
            }
            // "has imposed sweeping 25% tariffs on Canadian goods" parsed with
            // "sweeping" as a participle clause holding the object: a bare
            // participle right after a verb that has no object of its own is an
            // adjective on that object.
            if objects.is_empty() && t.kids_exact(v, "obj").next().is_none() {
                let adjective = t.kids_exact(v, "advcl").find(|&a| {
                    a == v + 1
                        && s.tags[a].xpos == "VBG"
                        && t.kids(a, "nsubj").next().is_none()
                        && t.kids_exact(a, "mark").next().is_none()
                });
                if let Some(a) = adjective {
                    for c in t.kids_exact(a, "obj").collect::<Vec<_>>() {
                        objects.extend(entities_of(s, &t, c, 0, true));
                    }
                }
            }
            if objects.is_empty() {
                // "has invested billions of dollars in OpenAI", "took a stake in
                // Salesforce": what money goes into is acted upon.
                let invests = lemma == "invest" || holds_a_stake(s, &t, v);
                for c in t.kids(v, "obl").collect::<Vec<_>>() {
                    let case = case_of(s, &t, c);
                    let into = case.as_deref() == Some("in");
                    let acted_upon = case.is_some_and(|p| OBJECT_PREPOSITIONS.contains(&p.as_str()) || into && invests);
                    if t.deprels[c] != "obl" || !acted_upon {
                        continue;
                    }
                    // "thanked the federal government for its help": with an
                    // object of its own, a verb's reason named only by a
                    // possessive pronoun is no second object.
                    let through_pronoun = entity_at(s, c).is_none()
                        && t.kids_exact(c, "nmod:poss").any(|p| s.tags[p].upos == "PRON")
                        && t.kids_exact(v, "obj").next().is_some();
                    if through_pronoun {
                        continue;
                    }
                    let mut found = entities_of(s, &t, c, 0, true);
                    // ("Rebels seized Damascus on Sunday and President Bashar al-Assad
                    // fled to Moscow" with the name parsed as a conjunct of
                    // "Sunday": the verb's own subject is no object of it.)
                    found.retain(|e| !subjects.contains(e));
                    // ("will invest $500 million in Texas": money goes into a
                    // firm; a place is only where.)
                    if into {
                        found.retain(|&e| mentioned_as(s, e, EntityType::Org));
                    }
                    if !found.is_empty() {
                        via_obl = true;
                        objects.extend(found);
                        break;
                    }
                }
            }
        }
        // Parser slips ("after Donald Trump has repeatedly threatened ..." with Trump
        // attached elsewhere): an entity right before the verb, past auxiliaries and
        // adverbs only, is its subject; one right after it (past a determiner) its object.
        // Only where the tree gives the verb no subject at all: "A federal judge
        // in Austin ordered ..." has one, though it names no entity.
        let has_subject = t.kids(v, "nsubj").next().is_some();
        if subjects.is_empty() && !passive && !has_subject {
            if let Some(e) = adjacent_entity(s, v, true) {
                subjects.push(e);
            }
        }
        if objects.is_empty() && !passive {
            if let Some(e) = adjacent_entity(s, v, false) {
                objects.push(e);
            }
        }
        if subjects.is_empty() || objects.is_empty() {
            continue;
        }
        let negated_here = |v: usize| {
            t.children[v].iter().any(|&c| is_negation(&lower[c]) && matches!(t.deprels[c], "advmod" | "neg"))
        };
        // "would not seek to open talks", "did not agree to meet": the
        // infinitive of a denied intention does not happen either.
        let intention_denied = t.deprels[v] == "xcomp"
            && is_infinitive(s, &t, v)
            && t.heads[v]
                .is_some_and(|h| INTENTION_VERBS.contains(&s.tags[h].lemma.to_lowercase().as_str()) && negated_here(h));
        let negated = negated_here(v) || intention_denied || denied_intention(s, &t, &lower, v) || refused(s, &t, v);
        let modality = modality(s, &t, &lower, v);
        let mut relation = lemma;
        if let Some(p) = t.kids_exact(v, "compound:prt").next() {
            relation = format!("{relation} {}", lower[p]);
        }
        let confidence = match (inherited, via_obl) {
            (false, false) => 0.9,
            (false, true) | (true, false) => 0.7,
            (true, true) => 0.6,
        };
        super::actions_between(&subjects, &objects, &relation, negated, &modality, s.index, confidence, &mut out);
    }
    out.extend(verbs_tagged_as_nouns(s));
    Some(out)
}

/// "Trump greets Carney", "Starmer welcomes Carney": a present-tense verb
/// between two names is often tagged as a plural noun, and then the parse
/// has no verb. A word ending in -s right between two names is read as one.
fn verbs_tagged_as_nouns(s: &SentenceView<'_>) -> Vec<Relation> {
    let mut out = Vec::new();
    for v in 1..s.tokens.len().saturating_sub(1) {
        let t = &s.tags[v];
        let word = s.tokens[v].text.as_str();
        // "thanked his coaches Darren Cahill": after a possessive or determiner, a noun.
        if t.xpos != "NNS"
            || matches!(s.tags[v - 1].xpos, "PRP$" | "DT" | "POS")
            || !word.ends_with('s')
            || !word.chars().all(|c| c.is_lowercase())
            || entity_at(s, v).is_some()
        {
            continue;
        }
        let (Some(sub), Some(obj)) = (adjacent_entity(s, v, true), adjacent_entity(s, v, false)) else { continue };
        let named =
            |e: usize| s.mentions.iter().zip(s.links).any(|(m, l)| *l == Some(e) && m.kind == MentionKind::Name);
        if !named(obj) {
            continue;
        }
        if sub == obj {
            continue;
        }
        if !mentioned_as(s, sub, EntityType::Person) {
            continue;
        }
        out.push(Relation {
            subject: sub,
            object: obj,
            relation: t.lemma.to_lowercase(),
            kind: RelationKind::Action,
            negated: false,
            modality: None,
            sentence: s.index,
            confidence: 0.5,
        });
    }
    out
}

/// The entity directly before (`left`) or after verb `v`, skipping auxiliaries,
/// adverbs and negation before it, or a determiner after it.
fn adjacent_entity(s: &SentenceView<'_>, v: usize, left: bool) -> Option<usize> {
    if left {
        let mut k = v;
        while k > 0 {
            k -= 1;
            if let Some(e) = entity_at(s, k) {
                // Only when the name ends right here (not a title in the middle of the way).
                return s.mentions.iter().zip(s.links).any(|(m, l)| *l == Some(e) && m.end == k + 1).then_some(e);
            }
            if !matches!(s.tags[k].upos, "AUX" | "ADV" | "PART") {
                return None;
            }
        }
        None
    } else {
        let mut k = v + 1;
        while k < s.tokens.len() && s.tags[k].upos == "DET" {
            k += 1;
        }
        // "agree Gaza ceasefire", "wins Sri Lanka presidential election": a name
        // that ends before a common noun (adjectives between) modifies it;
        // so does an owner ("won Sri Lanka's presidential election": the tree's
        // object, if it is anyone's, said so).
        let ends_before_noun = |e: usize| {
            s.mentions.iter().zip(s.links).any(|(m, l)| {
                *l == Some(e)
                    && m.start == k
                    && (modifies_a_noun(s, m.end)
                        || s.tokens.get(m.end).is_some_and(|t| matches!(t.text.as_str(), "'s" | "’s")))
            })
        };
        // "to win his first title": a possessive is no object.
        let possessive = s.tags.get(k).is_some_and(|t| t.xpos == "PRP$");
        (k < s.tokens.len() && !possessive).then(|| entity_at(s, k)).flatten().filter(|&e| !ends_before_noun(e))
    }
}

/// A common noun from `k` on, past adjectives ("Sri Lanka presidential
/// election"), but not a time ("will visit Mommouth next week").
fn modifies_a_noun(s: &SentenceView<'_>, k: usize) -> bool {
    let mut j = k;
    while s.tags.get(j).is_some_and(|t| t.upos == "ADJ") {
        if matches!(s.tokens[j].text.to_lowercase().as_str(), "next" | "last" | "this" | "early" | "late" | "following")
        {
            return false;
        }
        j += 1;
    }
    s.tags.get(j).is_some_and(|t| t.upos == "NOUN")
}

/// "will meet", "could meet", "plans to meet", "is set to meet".
fn modality(s: &SentenceView<'_>, t: &Tree<'_>, lower: &[String], v: usize) -> Option<String> {
    for c in t.kids_exact(v, "aux").collect::<Vec<_>>() {
        let l = s.tags[c].lemma.to_lowercase();
        let w = lower[c].as_str();
        if MODALS.contains(&l.as_str()) || MODALS.contains(&w) {
            return Some(if w == "'ll" || w == "’ll" || w == "wo" { "will".into() } else { l });
        }
        if matches!(w, "'ll" | "’ll") {
            return Some("will".into());
        }
    }
    if t.deprels[v] == "xcomp" {
        if let Some(h) = t.heads[v] {
            let hl = s.tags[h].lemma.to_lowercase();
            if PLAN_HEADS.contains(&hl.as_str()) && hl != "agree" && hl != "promise" && hl != "threaten" && hl != "try"
            {
                return Some(if hl == "go" { "going to".into() } else { format!("{hl} to") });
            }
            return modality(s, t, lower, h);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::{EntityType, Mention};
    use crate::parse::Arc;
    use crate::relations::RelationKind;
    use crate::tag::TokenTag;
    use crate::text::Token;

    /// A sentence from (word, upos, lemma, head, deprel) rows and entity spans.
    fn run(rows: &[(&str, &'static str, &str, usize, &'static str)], ents: &[(usize, usize)]) -> Vec<String> {
        let tokens: Vec<Token> = rows.iter().map(|r| Token { text: r.0.into(), start: 0, end: 0 }).collect();
        // Participles in -ing are the only fine tags the rules below look at.
        let xpos =
            |r: &(&str, &str, &str, usize, &str)| if r.1 == "VERB" && r.0.ends_with("ing") { "VBG" } else { "_" };
        let tags: Vec<TokenTag> =
            rows.iter().map(|r| TokenTag { upos: r.1, xpos: xpos(r), lemma: r.2.into() }).collect();
        let arcs: Vec<Arc> = rows.iter().map(|r| Arc { head: r.3, deprel: r.4 }).collect();
        let mentions: Vec<Mention> = ents
            .iter()
            .map(|&(a, b)| Mention {
                sentence: 0,
                start: a,
                end: b,
                text: rows[a..b].iter().map(|r| r.0).collect::<Vec<_>>().join(" "),
                entity_type: Some(EntityType::Person),
                kind: MentionKind::Name,
                canonical: None,
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
            })
            .collect();
        let links: Vec<Option<usize>> = (0..mentions.len()).map(Some).collect();
        let view = SentenceView {
            index: 0,
            tokens: &tokens,
            tags: &tags,
            arcs: Some(&arcs),
            mentions: &mentions,
            links: &links,
            previous: &[],
            topic: None,
        };
        let name = |e: usize| mentions[e].text.clone();
        extract_actions(&view)
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}{}{} {}",
                    name(r.subject),
                    if r.negated { "not " } else { "" },
                    r.relation,
                    r.modality.as_ref().map_or(String::new(), |m| format!(" ({m})")),
                    name(r.object)
                )
            })
            .collect()
    }

    /// Actions the whole pipeline finds in `text`, as "subject relation object".
    fn actions_in(text: &str) -> Vec<String> {
        let doc = crate::text::Document { id: "t".into(), title: None, date: None, text: text.into() };
        let x = crate::pipeline::extract_document(&doc);
        let label = |i: usize| x.entities.entities[i].label.clone();
        x.relations
            .iter()
            .filter(|r| r.kind == RelationKind::Action)
            .map(|r| format!("{} {} {}", label(r.subject), r.relation, label(r.object)))
            .collect()
    }

    #[test]
    fn the_one_accused_of_a_deed_does_it() {
        for text in [
            "Luigi Mangione, the man accused of killing Chief Executive Brian Thompson, was charged on Tuesday.",
            "Prosecutors accused Luigi Mangione of killing Brian Thompson.",
            "Luigi Mangione, who is accused of killing Brian Thompson, appeared in court.",
        ] {
            let got = actions_in(text);
            assert!(got.contains(&"Luigi Mangione kill Brian Thompson".to_string()), "{text}: {got:?}");
        }
        // Naming, not phoning: "called X a Y" with the second noun parsed as an obl.
        let got = actions_in("Abu Mohammed al-Golani called the fall of Bashar al-Assad a victory for the nation.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_subject_that_names_no_entity_is_not_replaced_by_the_name_before_the_verb() {
        let got = actions_in("A federal judge in Austin ordered Greg Abbott to remove the buoys on Monday.");
        assert!(!got.iter().any(|a| a.starts_with("Austin")), "{got:?}");
        let got = actions_in("The opposition Congress party, led by Rahul Gandhi, nearly doubled its seats.");
        assert!(!got.iter().any(|a| a.starts_with("Rahul Gandhi double")), "{got:?}");
    }

    #[test]
    fn passive_turns_active() {
        // Canada was threatened by Trump .
        let got = run(
            &[
                ("Canada", "PROPN", "Canada", 3, "nsubj:pass"),
                ("was", "AUX", "be", 3, "aux:pass"),
                ("threatened", "VERB", "threaten", 0, "root"),
                ("by", "ADP", "by", 5, "case"),
                ("Trump", "PROPN", "Trump", 3, "obl:agent"),
            ],
            &[(0, 1), (4, 5)],
        );
        assert_eq!(got, ["Trump threaten Canada"]);
    }

    #[test]
    fn conjunctions_on_both_sides_and_modality() {
        // Carney and Starmer will meet Macron and Merz .
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 5, "nsubj"),
                ("and", "CCONJ", "and", 3, "cc"),
                ("Starmer", "PROPN", "Starmer", 1, "conj"),
                ("will", "AUX", "will", 5, "aux"),
                ("meet", "VERB", "meet", 0, "root"),
                ("Macron", "PROPN", "Macron", 5, "obj"),
                ("and", "CCONJ", "and", 8, "cc"),
                ("Merz", "PROPN", "Merz", 6, "conj"),
            ],
            &[(0, 1), (2, 3), (5, 6), (7, 8)],
        );
        assert_eq!(
            got,
            [
                "Carney meet (will) Macron",
                "Carney meet (will) Merz",
                "Starmer meet (will) Macron",
                "Starmer meet (will) Merz"
            ]
        );
    }

    #[test]
    fn control_negation_and_prepositional_objects() {
        // Trump did not agree to meet with Carney .
        let got = run(
            &[
                ("Trump", "PROPN", "Trump", 4, "nsubj"),
                ("did", "AUX", "do", 4, "aux"),
                ("not", "PART", "not", 4, "advmod"),
                ("agree", "VERB", "agree", 0, "root"),
                ("to", "PART", "to", 6, "mark"),
                ("meet", "VERB", "meet", 4, "xcomp"),
                ("with", "ADP", "with", 8, "case"),
                ("Carney", "PROPN", "Carney", 6, "obl"),
            ],
            &[(0, 1), (7, 8)],
        );
        // (The meeting was not agreed to: it is denied with the intention.)
        assert_eq!(got, ["Trump not meet Carney"]);
    }

    #[test]
    fn the_object_of_the_governing_verb_controls_its_infinitive() {
        // Lee invited Ishiba to visit Seoul / Lee promised Ishiba to visit Seoul .
        for (verb, lemma, doer) in [("invited", "invite", "Ishiba"), ("promised", "promise", "Lee")] {
            let got = run(
                &[
                    ("Lee", "PROPN", "Lee", 2, "nsubj"),
                    (verb, "VERB", lemma, 0, "root"),
                    ("Ishiba", "PROPN", "Ishiba", 2, "obj"),
                    ("to", "PART", "to", 5, "mark"),
                    ("visit", "VERB", "visit", 2, "xcomp"),
                    ("Seoul", "PROPN", "Seoul", 5, "obj"),
                ],
                &[(0, 1), (2, 3), (5, 6)],
            );
            assert_eq!(got, [format!("Lee {lemma} Ishiba"), format!("{doer} visit Seoul")], "{verb}");
        }
    }

    #[test]
    fn a_call_with_a_to_infinitive_after_its_object_is_a_call() {
        // Bawumia called Mahama to congratulate him : "to congratulate" parsed as xcomp.
        let got = run(
            &[
                ("Bawumia", "PROPN", "Bawumia", 2, "nsubj"),
                ("called", "VERB", "call", 0, "root"),
                ("Mahama", "PROPN", "Mahama", 2, "obj"),
                ("to", "PART", "to", 5, "mark"),
                ("congratulate", "VERB", "congratulate", 2, "xcomp"),
                ("Ghana", "PROPN", "Ghana", 5, "obj"),
            ],
            &[(0, 1), (2, 3), (5, 6)],
        );
        assert!(got.contains(&"Bawumia call Mahama".to_string()), "{got:?}");
        // Trump called Canada a state : naming, no call.
        let got = run(
            &[
                ("Trump", "PROPN", "Trump", 2, "nsubj"),
                ("called", "VERB", "call", 0, "root"),
                ("Canada", "PROPN", "Canada", 2, "obj"),
                ("a", "DET", "a", 5, "det"),
                ("state", "NOUN", "state", 2, "xcomp"),
            ],
            &[(0, 1), (2, 3)],
        );
        assert!(!got.iter().any(|g| g.contains(" call ")), "{got:?}");
    }

    #[test]
    fn whom_a_verb_calls_on_acts() {
        // Lee called on China to help restrain Pyongyang .
        let got = run(
            &[
                ("Lee", "PROPN", "Lee", 2, "nsubj"),
                ("called", "VERB", "call", 0, "root"),
                ("on", "ADP", "on", 4, "case"),
                ("China", "PROPN", "China", 2, "obl"),
                ("to", "PART", "to", 6, "mark"),
                ("help", "VERB", "help", 2, "advcl"),
                ("restrain", "VERB", "restrain", 6, "xcomp"),
                ("Pyongyang", "PROPN", "Pyongyang", 7, "obj"),
            ],
            &[(0, 1), (3, 4), (7, 8)],
        );
        assert!(got.contains(&"China restrain Pyongyang".to_string()), "{got:?}");
        assert!(!got.contains(&"Lee restrain Pyongyang".to_string()), "{got:?}");
    }

    #[test]
    fn unmarked_obl_with_and_after_an_object_is_its_conjunct() {
        // Trump criticised Trudeau and Freeland for it : "Freeland" misparsed as obl.
        let got = run(
            &[
                ("Trump", "PROPN", "Trump", 2, "nsubj"),
                ("criticised", "VERB", "criticise", 0, "root"),
                ("Trudeau", "PROPN", "Trudeau", 2, "obj"),
                ("and", "CCONJ", "and", 5, "cc"),
                ("Freeland", "PROPN", "Freeland", 2, "obl"),
                ("for", "ADP", "for", 7, "case"),
                ("it", "PRON", "it", 2, "obl"),
            ],
            &[(0, 1), (2, 3), (4, 5)],
        );
        assert_eq!(got, ["Trump criticise Trudeau", "Trump criticise Freeland"]);
    }

    #[test]
    fn relative_clause_subject_is_the_modified_name() {
        // Carney , who beat Poilievre , spoke .
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 7, "nsubj"),
                (",", "PUNCT", ",", 4, "punct"),
                ("who", "PRON", "who", 4, "nsubj"),
                ("beat", "VERB", "beat", 1, "acl:relcl"),
                ("Poilievre", "PROPN", "Poilievre", 4, "obj"),
                (",", "PUNCT", ",", 4, "punct"),
                ("spoke", "VERB", "speak", 0, "root"),
            ],
            &[(0, 1), (4, 5)],
        );
        assert_eq!(got, ["Carney beat Poilievre"]);
    }

    #[test]
    fn relative_clause_object_is_the_modified_name() {
        // CUSMA , which Trump signed , lapsed .
        let got = run(
            &[
                ("CUSMA", "PROPN", "CUSMA", 6, "nsubj"),
                (",", "PUNCT", ",", 5, "punct"),
                ("which", "PRON", "which", 5, "obj"),
                ("Trump", "PROPN", "Trump", 5, "nsubj"),
                ("signed", "VERB", "sign", 1, "acl:relcl"),
                ("lapsed", "VERB", "lapse", 0, "root"),
            ],
            &[(0, 1), (3, 4)],
        );
        assert_eq!(got, ["Trump sign CUSMA"]);
    }

    #[test]
    fn a_passive_relative_clause_acts_on_the_modified_name() {
        // Zorbia , which is owned by Quentor , grew .
        let got = run(
            &[
                ("Zorbia", "PROPN", "Zorbia", 8, "nsubj"),
                (",", "PUNCT", ",", 5, "punct"),
                ("which", "PRON", "which", 5, "nsubj:pass"),
                ("is", "AUX", "be", 5, "aux:pass"),
                ("owned", "VERB", "own", 1, "acl:relcl"),
                ("by", "ADP", "by", 7, "case"),
                ("Quentor", "PROPN", "Quentor", 5, "obl:agent"),
                ("grew", "VERB", "grow", 0, "root"),
            ],
            &[(0, 1), (6, 7)],
        );
        assert_eq!(got, ["Quentor own Zorbia"]);
    }

    #[test]
    fn purpose_clauses_take_the_main_subject() {
        // Carney flew to London to meet Starmer .
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 2, "nsubj"),
                ("flew", "VERB", "fly", 0, "root"),
                ("to", "ADP", "to", 4, "case"),
                ("London", "PROPN", "London", 2, "obl"),
                ("to", "PART", "to", 6, "mark"),
                ("meet", "VERB", "meet", 2, "advcl"),
                ("Starmer", "PROPN", "Starmer", 6, "obj"),
            ],
            &[(0, 1), (3, 4), (6, 7)],
        );
        assert_eq!(got, ["Carney fly London", "Carney meet Starmer"]);
        // Carney was elected leader to replace Trudeau .
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 3, "nsubj:pass"),
                ("was", "AUX", "be", 3, "aux:pass"),
                ("elected", "VERB", "elect", 0, "root"),
                ("leader", "NOUN", "leader", 3, "obj"),
                ("to", "PART", "to", 6, "mark"),
                ("replace", "VERB", "replace", 4, "acl"),
                ("Trudeau", "PROPN", "Trudeau", 6, "obj"),
            ],
            &[(0, 1), (6, 7)],
        );
        assert_eq!(got, ["Carney replace Trudeau"]);
        // Carney has no plans to visit Washington .
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 2, "nsubj"),
                ("has", "VERB", "have", 0, "root"),
                ("no", "DET", "no", 4, "det"),
                ("plans", "NOUN", "plan", 2, "obj"),
                ("to", "PART", "to", 6, "mark"),
                ("visit", "VERB", "visit", 4, "acl"),
                ("Washington", "PROPN", "Washington", 6, "obj"),
            ],
            &[(0, 1), (6, 7)],
        );
        assert_eq!(got, ["Carney not visit Washington"]);
    }

    #[test]
    fn a_bare_participle_clause_keeps_no_subject() {
        // Trump imposed tariffs , prompting Canada to retaliate .
        let got = run(
            &[
                ("Trump", "PROPN", "Trump", 2, "nsubj"),
                ("imposed", "VERB", "impose", 0, "root"),
                ("tariffs", "NOUN", "tariff", 2, "obj"),
                (",", "PUNCT", ",", 5, "punct"),
                ("prompting", "VERB", "prompt", 2, "advcl"),
                ("Canada", "PROPN", "Canada", 5, "obj"),
            ],
            &[(0, 1), (5, 6)],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_bare_participle_after_a_comma_is_the_subjects_doing() {
        // Yoon declared law , accusing the Democratic Party .
        let got = run(
            &[
                ("Yoon", "PROPN", "Yoon", 2, "nsubj"),
                ("declared", "VERB", "declare", 0, "root"),
                ("law", "NOUN", "law", 2, "obj"),
                (",", "PUNCT", ",", 5, "punct"),
                ("accusing", "VERB", "accuse", 2, "advcl"),
                ("Democratic", "ADJ", "Democratic", 7, "amod"),
                ("Party", "PROPN", "Party", 5, "obj"),
            ],
            &[(0, 1), (5, 7)],
        );
        assert_eq!(got, ["Yoon accuse Democratic Party"]);
    }

    #[test]
    fn the_body_whose_owns_is_the_subject_where_the_parser_made_it_an_apposition() {
        // Peltz , whose Trian Management holds a stake in Unilever .
        let got = run(
            &[
                ("Peltz", "PROPN", "Peltz", 6, "nsubj"),
                (",", "PUNCT", ",", 5, "punct"),
                ("whose", "PRON", "whose", 5, "nmod:poss"),
                ("Trian", "PROPN", "Trian", 5, "compound"),
                ("Management", "NOUN", "management", 1, "appos"),
                ("holds", "VERB", "hold", 0, "root"),
                ("a", "DET", "a", 8, "det"),
                ("stake", "NOUN", "stake", 6, "obj"),
                ("in", "ADP", "in", 10, "case"),
                ("Unilever", "PROPN", "Unilever", 8, "nmod"),
            ],
            &[(0, 1), (3, 5), (9, 10)],
        );
        assert_eq!(got, ["Trian Management hold Unilever"]);
    }

    #[test]
    fn entities_inside_objects() {
        // Trump threatened Canada 's sovereignty .
        let got = run(
            &[
                ("Trump", "PROPN", "Trump", 2, "nsubj"),
                ("threatened", "VERB", "threaten", 0, "root"),
                ("Canada", "PROPN", "Canada", 5, "nmod:poss"),
                ("'s", "PART", "'s", 3, "case"),
                ("sovereignty", "NOUN", "sovereignty", 2, "obj"),
            ],
            &[(0, 1), (2, 3)],
        );
        assert_eq!(got, ["Trump threaten Canada"]);
    }

    #[test]
    fn a_participle_right_after_a_verb_is_an_adjective_on_its_object() {
        // The U.S. has imposed sweeping tariffs on Canada (with "sweeping" misparsed as a clause).
        let got = run(
            &[
                ("The", "DET", "the", 2, "det"),
                ("U.S.", "PROPN", "U.S.", 4, "nsubj"),
                ("has", "AUX", "have", 4, "aux"),
                ("imposed", "VERB", "impose", 0, "root"),
                ("sweeping", "VERB", "sweep", 4, "advcl"),
                ("tariffs", "NOUN", "tariff", 5, "obj"),
                ("on", "ADP", "on", 8, "case"),
                ("Canada", "PROPN", "Canada", 6, "nmod"),
            ],
            &[(1, 2), (7, 8)],
        );
        assert_eq!(got, ["U.S. impose Canada"]);
    }

    #[test]
    fn a_name_with_a_gerund_of_its_own_is_not_the_object() {
        // Trump raised the idea of Canada becoming a state .
        let rows = [
            ("Trump", "PROPN", "Trump", 2, "nsubj"),
            ("raised", "VERB", "raise", 0, "root"),
            ("the", "DET", "the", 4, "det"),
            ("idea", "NOUN", "idea", 2, "obj"),
            ("of", "ADP", "of", 6, "case"),
            ("Canada", "PROPN", "Canada", 4, "nmod"),
            ("becoming", "VERB", "become", 4, "acl"),
            ("a", "DET", "a", 9, "det"),
            ("state", "NOUN", "state", 7, "obj"),
        ];
        let got = run(&rows, &[(0, 1), (5, 6)]);
        assert!(got.is_empty(), "{got:?}");
        // Without the gerund the name inside the object is the object: "raised the idea of Canada".
        let got = run(&rows[..6], &[(0, 1), (5, 6)]);
        assert_eq!(got, ["Trump raise Canada"]);
    }

    #[test]
    fn an_owner_controls_an_infinitive_on_its_noun_but_not_a_participle() {
        // Starmer 's decision to invite Trump .
        let got = run(
            &[
                ("Starmer", "PROPN", "Starmer", 3, "nmod:poss"),
                ("'s", "PART", "'s", 1, "case"),
                ("decision", "NOUN", "decision", 0, "root"),
                ("to", "PART", "to", 5, "mark"),
                ("invite", "VERB", "invite", 3, "acl"),
                ("Trump", "PROPN", "Trump", 5, "obj"),
            ],
            &[(0, 1), (5, 6)],
        );
        assert_eq!(got, ["Starmer invite Trump"]);
        // Canada 's relationship with the UK while positioning Carney as a leader .
        let got = run(
            &[
                ("Canada", "PROPN", "Canada", 3, "nmod:poss"),
                ("'s", "PART", "'s", 1, "case"),
                ("relationship", "NOUN", "relationship", 0, "root"),
                ("while", "SCONJ", "while", 5, "mark"),
                ("positioning", "VERB", "position", 3, "acl"),
                ("Carney", "PROPN", "Carney", 5, "obj"),
            ],
            &[(0, 1), (5, 6)],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_verb_of_refusal_denies_its_infinitive() {
        // India has refused to condemn Russia .
        let got = run(
            &[
                ("India", "PROPN", "India", 3, "nsubj"),
                ("has", "AUX", "have", 3, "aux"),
                ("refused", "VERB", "refuse", 0, "root"),
                ("to", "PART", "to", 5, "mark"),
                ("condemn", "VERB", "condemn", 3, "xcomp"),
                ("Russia", "PROPN", "Russia", 5, "obj"),
            ],
            &[(0, 1), (5, 6)],
        );
        assert_eq!(got, ["India not condemn Russia"]);
        // Carney did not refuse to meet Trump : a meeting.
        let got = run(
            &[
                ("Carney", "PROPN", "Carney", 4, "nsubj"),
                ("did", "AUX", "do", 4, "aux"),
                ("not", "PART", "not", 4, "advmod"),
                ("refuse", "VERB", "refuse", 0, "root"),
                ("to", "PART", "to", 6, "mark"),
                ("meet", "VERB", "meet", 4, "xcomp"),
                ("Trump", "PROPN", "Trump", 6, "obj"),
            ],
            &[(0, 1), (6, 7)],
        );
        assert_eq!(got, ["Carney meet Trump"]);
    }

    #[test]
    fn a_noun_names_the_person_after_its_comma() {
        // Blinken raised the issue with his counterpart , Jaishankar (the name misparsed as a clause).
        let got = run(
            &[
                ("Blinken", "PROPN", "Blinken", 2, "nsubj"),
                ("raised", "VERB", "raise", 0, "root"),
                ("the", "DET", "the", 4, "det"),
                ("issue", "NOUN", "issue", 2, "obj"),
                ("with", "ADP", "with", 7, "case"),
                ("his", "PRON", "his", 7, "nmod:poss"),
                ("counterpart", "NOUN", "counterpart", 4, "nmod"),
                (",", "PUNCT", ",", 2, "punct"),
                ("Jaishankar", "PROPN", "Jaishankar", 2, "xcomp"),
            ],
            &[(0, 1), (8, 9)],
        );
        assert_eq!(got, ["Blinken raise Jaishankar"]);
    }

    #[test]
    fn the_verbs_own_subject_is_no_object_of_it() {
        // The name parsed as a conjunct of "Sunday" (the "on" phrase) and, in part, as the subject.
        let got = run(
            &[
                ("Rebels", "NOUN", "rebel", 2, "nsubj"),
                ("seized", "VERB", "seize", 0, "root"),
                ("Damascus", "PROPN", "Damascus", 2, "obj"),
                ("on", "ADP", "on", 5, "case"),
                ("Sunday", "PROPN", "Sunday", 9, "obl"),
                ("and", "CCONJ", "and", 7, "cc"),
                ("Bashar", "PROPN", "Bashar", 5, "conj"),
                ("Assad", "PROPN", "Assad", 9, "nsubj"),
                ("fled", "VERB", "flee", 2, "ccomp"),
                ("to", "ADP", "to", 11, "case"),
                ("Moscow", "PROPN", "Moscow", 9, "obl"),
            ],
            &[(2, 3), (6, 8), (10, 11)],
        );
        assert_eq!(got, ["Bashar Assad flee Moscow"]);
    }
}
