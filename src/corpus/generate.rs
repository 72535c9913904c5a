//! A reproducible, news-like benchmark corpus of any size.
//!
//! Made only from text the project ships: the paragraphs of the seed articles
//! (`seeds/`), and sentences from templates about generated people,
//! organisations and places. Names are built from syllables by a seeded
//! random generator (SplitMix64), so the same `--seed` gives the same bytes.
//!
//! Like a real archive, the number of distinct entities keeps growing: the
//! pool of entities a document may draw from grows as `40 + 6·n^0.75` with the
//! document number `n` (Heaps' law), and within the pool popularity is skewed
//! (a few entities appear everywhere, most rarely), like a Zipf law.

use std::io::Write;

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
}

const FIRST: &[&str] = &[
    "James", "Mary", "Ahmed", "Priya", "Olga", "Chen", "Lucia", "Kwame", "Sofia", "Tomas", "Aisha", "Daniel", "Elena",
    "Hiroshi", "Fatima", "Liam", "Noura", "Pierre", "Ingrid", "Rafael", "Mei", "Samuel", "Anna", "Viktor", "Grace",
    "Omar", "Helen", "Diego", "Sara", "Nikolai", "Amara", "Jonas", "Leila", "Marco", "Yuki", "Peter", "Laura", "Karim",
    "Julia", "Ravi", "Emma", "Lars", "Zainab", "Paul", "Clara", "Andrei", "Maya",
];
const ONSET: &[&str] = &[
    "B", "Br", "C", "Ch", "D", "Dr", "F", "G", "Gr", "H", "J", "K", "Kl", "L", "M", "N", "P", "Pr", "R", "S", "St",
    "T", "Tr", "V", "W", "Z",
];
const VOWEL: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
const CODA: &[&str] = &["n", "r", "l", "s", "th", "nd", "rk", "m", "v", "tt", "ck", "ld"];
const SURNAME_END: &[&str] = &["son", "ova", "ez", "ini", "berg", "ski", "man", "ley", "ford", "well", "ard", "ic"];
const TOWN_END: &[&str] = &["ton", "ville", "ford", "burg", "stad", "field", "port", "mouth", "bridge", "haven"];
const ORG_END: &[&str] = &[
    "Holdings",
    "Group",
    "Institute",
    "Bank",
    "Foundation",
    "Industries",
    "Energy",
    "Motors",
    "Airlines",
    "University",
    "Council",
    "Party",
    "Agency",
    "Pharmaceuticals",
    "Press",
];
const TITLES: &[&str] = &[
    "chief executive",
    "minister",
    "president",
    "chair",
    "spokesperson",
    "mayor",
    "governor",
    "director",
    "senator",
    "ambassador",
];
const TOPICS: &[&str] =
    &["tariff", "housing", "budget", "energy", "climate", "trade", "security", "health", "pension", "transport"];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn syllables(r: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(r.pick(ONSET));
        s.push_str(r.pick(VOWEL));
        if r.below(2) == 0 {
            s.push_str(r.pick(CODA));
        }
    }
    // Only the first letter is a capital.
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[derive(Clone, Debug)]
enum Kind {
    Person { first: String, last: String, title: &'static str },
    Org(String),
    Place(String),
}

/// The `k`-th entity of the corpus with seed `seed`: the same every time.
fn entity(seed: u64, k: usize) -> Kind {
    let mut r = Rng::new(seed.wrapping_mul(0x1000_0000_01B3) ^ (k as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    match k % 5 {
        0 | 1 | 2 => {
            let first = if r.below(3) == 0 { syllables(&mut r, 2) } else { r.pick(FIRST).to_string() };
            let last = format!("{}{}", syllables(&mut r, 1), r.pick(SURNAME_END));
            Kind::Person { first, last, title: r.pick(TITLES) }
        }
        3 => Kind::Org(format!("{} {}", syllables(&mut r, 2), r.pick(ORG_END))),
        _ => Kind::Place(format!("{}{}", syllables(&mut r, 1), r.pick(TOWN_END))),
    }
}

/// The seed articles' paragraphs that read as prose (header line dropped).
pub fn seed_paragraphs(dir: &std::path::Path) -> crate::Result<Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| crate::Error::Invalid(format!("cannot read the seeds folder {}: {e}", dir.display())))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| crate::Error::io(&f, e))?;
        for para in text.split("\n\n") {
            let p = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if p.starts_with("date ") || p.split(' ').count() < 8 || !p.ends_with(['.', '"', '”', '?']) {
                continue;
            }
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err(crate::Error::Invalid(format!("no prose paragraphs in {}", dir.display())));
    }
    Ok(out)
}

/// Generates documents of about `words` words in total, as JSON Lines.
pub struct Generator {
    seed: u64,
    paragraphs: Vec<String>,
    rng: Rng,
    doc: usize,
}

/// One generated article.
#[derive(Clone, Debug, serde::Serialize)]
pub struct GeneratedDoc {
    pub id: String,
    pub date: String,
    pub title: String,
    pub text: String,
    #[serde(skip)]
    pub words: usize,
}

impl Generator {
    pub fn new(seed: u64, paragraphs: Vec<String>) -> Self {
        Generator { seed, paragraphs, rng: Rng::new(seed), doc: 0 }
    }

    /// Entities available to document `n`: grows without bound, sublinearly.
    fn pool(n: usize) -> usize {
        40 + (6.0 * (n as f64).powf(0.75)) as usize
    }

    /// A popular-skewed pick from the pool: rank = pool · u³.
    fn pick_entity(&mut self, want: usize) -> Kind {
        let pool = Self::pool(self.doc);
        let u = self.rng.unit();
        let k = ((pool as f64) * u * u * u) as usize;
        // Entities of the wanted kind: persons are 0,1,2 mod 5, orgs 3, places 4.
        entity(self.seed, k - k % 5 + want)
    }

    /// The next article.
    pub fn next_doc(&mut self) -> GeneratedDoc {
        self.doc += 1;
        let n = self.doc;
        let persons: Vec<Kind> = (0..3 + self.rng.below(3)).map(|i| self.pick_entity(i % 3)).collect();
        let orgs: Vec<Kind> = (0..1 + self.rng.below(2)).map(|_| self.pick_entity(3)).collect();
        let places: Vec<Kind> = (0..1 + self.rng.below(2)).map(|_| self.pick_entity(4)).collect();
        let r = &mut self.rng;
        let year = 2015 + (n / 5000) % 11;
        let date = format!("{year}-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28));
        let full = |k: &Kind| match k {
            Kind::Person { first, last, .. } => format!("{first} {last}"),
            Kind::Org(s) | Kind::Place(s) => s.clone(),
        };
        let last = |k: &Kind| match k {
            Kind::Person { last, .. } => last.clone(),
            Kind::Org(s) | Kind::Place(s) => s.clone(),
        };
        let title_of = |k: &Kind| match k {
            Kind::Person { title, .. } => *title,
            _ => "official",
        };
        let p0 = &persons[0];
        let title = format!(
            "{} {} {} over {} plan",
            full(p0),
            r.pick(&["meets", "visits", "warns", "backs"]),
            full(&places[0]),
            r.pick(TOPICS)
        );
        let mut text = String::new();
        let target = 250 + r.below(600);
        let mut words = 0;
        let mut first_mention = vec![true; persons.len()];
        let mut para_n = 0;
        while words < target {
            let mut para = String::new();
            if r.below(10) < 3 && !self.paragraphs.is_empty() {
                para.push_str(&r.pick(&self.paragraphs));
            } else {
                for _ in 0..2 + r.below(3) {
                    let a = r.below(persons.len());
                    let mut b = r.below(persons.len());
                    if b == a {
                        b = (a + 1) % persons.len();
                    }
                    // Placeholders: the first mention of a person is the full name, later ones often the surname.
                    let (pa, pb) = ("\u{1}", "\u{2}");
                    let o = full(&r.pick(&orgs));
                    let g = full(&r.pick(&places));
                    let t = title_of(&persons[a]);
                    let topic = r.pick(TOPICS);
                    let day = r.pick(DAYS);
                    let month = r.pick(MONTHS);
                    let s = match r.below(16) {
                        0 => format!("{pa}, the {t} of {o}, met {pb} in {g} on {day}."),
                        1 => format!("{pa} said {o} would invest {} million dollars in {g}.", 5 + r.below(900)),
                        2 => format!("{o} announced that {pa} will visit {g} next week."),
                        3 => format!("{pb} criticised {pa} over the {topic} plan, calling it a mistake."),
                        4 => format!("Speaking in {g} on {day}, {pa} told reporters that {o} had rejected the offer."),
                        5 => format!("{pa} signed an agreement with {o} in {month}."),
                        6 => {
                            format!("\"We will not accept this,\" {pa} said, after {pb} threatened to leave the talks.")
                        }
                        7 => format!("{pa} was appointed {t} of {o} in {month} {year}."),
                        8 => format!("{pb} thanked {pa} for the support of {g} during the {topic} crisis."),
                        9 => format!("Officials in {g} said the {topic} deal with {o} could be delayed."),
                        10 => format!("{pa} and {pb} discussed the {topic} budget at a meeting in {g}."),
                        11 => format!("{o} hired {pb} as its new {} last {month}.", r.pick(TITLES)),
                        12 => format!("Critics accused {pa} of misleading voters about {topic} spending."),
                        13 => format!("{pb} did not respond to a request for comment from {o}."),
                        14 => format!("In {g}, {pa} praised {pb} and promised more money for {topic}."),
                        _ => format!("{pa} is expected to meet {pb} again in {month}, according to {o}."),
                    };
                    let mut s = s;
                    for (ph, i) in [(pa, a), (pb, b)] {
                        if let Some(at) = s.find(ph) {
                            let first = if std::mem::replace(&mut first_mention[i], false) || i % 2 == 1 {
                                full(&persons[i])
                            } else {
                                last(&persons[i])
                            };
                            s.replace_range(at..at + ph.len(), &first);
                            let later = if i % 2 == 0 { last(&persons[i]) } else { full(&persons[i]) };
                            s = s.replace(ph, &later);
                        }
                    }
                    if !para.is_empty() {
                        para.push(' ');
                    }
                    para.push_str(&s);
                }
            }
            words += para.split_whitespace().count();
            if para_n > 0 {
                text.push_str("\n\n");
            }
            text.push_str(&para);
            para_n += 1;
        }
        GeneratedDoc { id: format!("bench-{n:08}"), date, title, text, words }
    }

    /// Writes documents as JSON Lines until `words` words are written; returns (documents, words).
    pub fn write_jsonl(&mut self, words: usize, out: &mut impl Write) -> std::io::Result<(usize, usize)> {
        let (mut docs, mut written) = (0, 0);
        while written < words {
            let d = self.next_doc();
            written += d.words + d.title.split_whitespace().count();
            docs += 1;
            serde_json::to_writer(&mut *out, &d)?;
            out.write_all(b"\n")?;
        }
        Ok((docs, written))
    }
}

/// Parses sizes like `1M`, `10m`, `250k`, `1000`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim().to_lowercase();
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1_000.0),
        Some('m') => (&t[..t.len() - 1], 1_000_000.0),
        Some('g') => (&t[..t.len() - 1], 1_000_000_000.0),
        _ => (&t[..], 1.0),
    };
    let n: f64 = num.parse().map_err(|_| format!("{s:?} is not a size (like 1M, 250k, 1000)"))?;
    Ok((n * mult) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_entities_keep_growing() {
        let paras = vec!["Prime Minister Mark Carney met Keir Starmer in London on Monday.".to_string()];
        let mut a = Vec::new();
        let mut b = Vec::new();
        Generator::new(7, paras.clone()).write_jsonl(20_000, &mut a).unwrap();
        Generator::new(7, paras.clone()).write_jsonl(20_000, &mut b).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        Generator::new(8, paras).write_jsonl(20_000, &mut c).unwrap();
        assert_ne!(a, c);
        assert!(Generator::pool(100_000) > 10 * Generator::pool(1_000));
        assert_eq!(parse_size("10M"), Ok(10_000_000));
        assert_eq!(parse_size("250k"), Ok(250_000));
    }
}
