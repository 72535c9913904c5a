//! `newsgraph annotate`: the model stages' output as CoNLL-U, for scoring from outside.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use newsgraph::pipeline;
use newsgraph::text::conllu::{self, ConlluSentence, Word};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum From {
    /// Raw text: newsgraph splits sentences and tokens.
    Text,
    /// CoNLL-U: keep its sentences and words, ignore every other column.
    Conllu,
    /// One token a line, blank line between sentences.
    Tokens,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum To {
    Conllu,
}

/// Write CoNLL-U with predicted LEMMA, UPOS, XPOS, HEAD, DEPREL and NER=... in MISC.
///
/// With --from conllu or tokens the input's words are kept, so the output lines
/// up with a gold file; no gold column is read. A name tagged as an entity in
/// some sentences of a document is tagged in its other sentences too; a
/// document starts at a `# newdoc` comment (CoNLL-U) or a `-DOCSTART-` line
/// (tokens, as in CoNLL-2003), else the whole input is one document.
///
/// Example:
///   newsgraph annotate ../shared/data/ud-ewt/en_ewt-ud-test.conllu --from conllu > pred.conllu
///   echo "Carney met Starmer in London." | newsgraph annotate - --from text
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct AnnotateArgs {
    /// Input file, or - for standard input.
    #[arg(default_value = "-")]
    input: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    from: From,
    #[arg(long, value_enum, default_value = "conllu")]
    to: To,
    #[command(flatten)]
    parser: super::ParserArgs,
}

fn read_input(path: &Path) -> Result<String> {
    let mut s = String::new();
    if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut s).context("cannot read standard input")?;
    } else {
        s = std::fs::read_to_string(path).with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
    }
    Ok(s)
}

pub fn run(args: AnnotateArgs) -> Result<ExitCode> {
    args.parser.apply()?;
    let _ = args.to;
    let input = read_input(&args.input)?;
    let mut sentences: Vec<ConlluSentence> = match args.from {
        From::Conllu => conllu::read(input.as_bytes(), &args.input)?
            .into_iter()
            .map(|s| ConlluSentence {
                comments: s.comments,
                words: s.words.into_iter().map(|w| Word { form: w.form, ..Default::default() }).collect(),
            })
            .collect(),
        From::Tokens => input
            .split("\n\n")
            .map(|block| ConlluSentence {
                comments: vec![],
                words: block
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Word { form: l.to_string(), ..Default::default() })
                    .collect(),
            })
            .filter(|s| !s.words.is_empty())
            .collect(),
        From::Text => newsgraph::text::segment(&input, 0, input.len())
            .into_iter()
            .enumerate()
            .map(|(i, s)| ConlluSentence {
                comments: vec![
                    format!("# sent_id = {}", i + 1),
                    format!("# text = {}", input[s.start..s.end].replace('\n', " ")),
                ],
                words: s.tokens.into_iter().map(|t| Word { form: t.text, ..Default::default() }).collect(),
            })
            .collect(),
    };
    let forms: Vec<Vec<String>> = sentences.iter().map(|s| s.words.iter().map(|w| w.form.clone()).collect()).collect();
    // Documents are annotated one at a time (a name tagged in one sentence of
    // a document is tagged in its others): CoNLL-U documents start at a
    // `# newdoc` comment, token files at a `-DOCSTART-` line (CoNLL-2003);
    // without such marks the whole input is one document.
    let starts_document = |i: usize| {
        let s = &sentences[i];
        s.comments.iter().any(|c| c.starts_with("# newdoc"))
            || (s.words.first().is_some_and(|w| w.form == "-DOCSTART-"))
            || (i > 0 && sentences[i - 1].words.first().is_some_and(|w| w.form == "-DOCSTART-"))
    };
    let mut annotations = Vec::with_capacity(forms.len());
    let mut start = 0;
    for end in 1..=forms.len() {
        if end == forms.len() || starts_document(end) {
            annotations.extend(pipeline::annotate_all(&forms[start..end]));
            start = end;
        }
    }
    for (s, a) in sentences.iter_mut().zip(annotations) {
        for (i, w) in s.words.iter_mut().enumerate() {
            w.lemma = a.tags[i].lemma.to_string();
            w.upos = a.tags[i].upos.to_string();
            w.xpos = a.tags[i].xpos.to_string();
            if let Some(arcs) = &a.arcs {
                w.head = Some(arcs[i].head);
                w.deprel = arcs[i].deprel.to_string();
            }
            if let Some(ner) = &a.ner {
                w.misc = format!("NER={}", ner[i]);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    conllu::write(&mut out, &sentences)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
