//! Scoring facts against a gold file, by GOLD.md's rules.
//!
//! * Arguments are normalised (NFKC, no whitespace, no quotation or book-title marks).
//! * A name matches the gold name or any of its gold aliases in the same document.
//! * `partner` is unordered; `affiliation` is scored on affiliations plus the
//!   (person, organisation) pairs of roles, on both sides.
//! * Matching is one-to-one. The lenient variant also matches an award or title when one
//!   normalised string contains the other and the shorter is at least 60% of the longer.
//! * Documents absent from the gold file are not scored.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::fact::Relation;

/// One fact as a line of a gold or system file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Row {
    pub doc: String,
    pub relation: Relation,
    pub args: Vec<String>,
}

impl Row {
    pub fn tsv(&self) -> String {
        format!("{}\t{}\t{}", self.doc, self.relation, self.args.join("\t"))
    }
}

/// Parses a gold file in GOLD.md's TSV format.
pub fn parse_gold(text: &str, path: &Path) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |message: String| Error::Gold {
            path: path.to_owned(),
            line: i + 1,
            message,
        };
        if f.len() < 3 {
            return Err(bad("expected doc<TAB>relation<TAB>arg1 ...".into()));
        }
        let relation =
            Relation::parse(f[1]).ok_or_else(|| bad(format!("unknown relation {:?}", f[1])))?;
        let args: Vec<String> = f[2..].iter().map(|s| s.trim().to_owned()).collect();
        let arity = relation.arity();
        if args.len() < arity || args.len() > arity {
            return Err(bad(format!(
                "{relation} takes {arity} argument(s), found {}",
                args.len()
            )));
        }
        out.push(Row {
            doc: f[0].trim().to_owned(),
            relation,
            args,
        });
    }
    Ok(out)
}

/// GOLD.md's normalisation of an argument.
pub fn normalise(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .filter(|c| {
            !matches!(
                c,
                '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '《' | '》'
            )
        })
        .collect()
}

/// Counts for one relation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of one variant (strict or lenient).
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub per_relation: BTreeMap<Relation, Counts>,
    /// Gold facts not matched and system facts not matched.
    pub missed: Vec<Row>,
    pub spurious: Vec<Row>,
}

impl Scores {
    /// Micro-average over the core relations.
    pub fn core(&self) -> Counts {
        let mut c = Counts::default();
        for r in Relation::CORE {
            if let Some(x) = self.per_relation.get(&r) {
                c.add(*x);
            }
        }
        c
    }
}

/// Strict and lenient scores.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub strict: Scores,
    pub lenient: Scores,
    pub documents: usize,
}

/// Per-document name resolution through the gold aliases.
struct Names {
    root: HashMap<String, String>,
}

impl Names {
    fn new(gold: &[&Row]) -> Self {
        let mut parent: HashMap<String, String> = HashMap::new();
        fn find(p: &mut HashMap<String, String>, x: &str) -> String {
            let mut cur = x.to_owned();
            while let Some(next) = p.get(&cur) {
                if *next == cur {
                    break;
                }
                cur = next.clone();
            }
            cur
        }
        for r in gold.iter().filter(|r| r.relation == Relation::Alias) {
            let a = normalise(&r.args[0]);
            let b = normalise(&r.args[1]);
            parent.entry(a.clone()).or_insert_with(|| a.clone());
            parent.entry(b.clone()).or_insert_with(|| b.clone());
            let (ra, rb) = (find(&mut parent, &a), find(&mut parent, &b));
            if ra != rb {
                parent.insert(rb, ra);
            }
        }
        let keys: Vec<String> = parent.keys().cloned().collect();
        let root = keys
            .into_iter()
            .map(|k| {
                let r = find(&mut parent, &k);
                (k, r)
            })
            .collect();
        Names { root }
    }

    fn canon(&self, s: &str) -> String {
        let n = normalise(s);
        self.root.get(&n).cloned().unwrap_or(n)
    }
}

/// A comparable key of a fact: relation, exact arguments, and the free-text argument that
/// lenient matching may relax.
type Key = (Relation, Vec<String>, Option<String>);

/// The key of a fact.
fn key(row: &Row, names: &Names) -> Key {
    let c = |s: &str| names.canon(s);
    match row.relation {
        Relation::Partner => {
            let mut v = vec![c(&row.args[0]), c(&row.args[1])];
            v.sort();
            (row.relation, v, None)
        }
        Relation::Alias => {
            let (a, b) = (normalise(&row.args[0]), normalise(&row.args[1]));
            let (ca, cb) = (c(&row.args[0]), c(&row.args[1]));
            // a swapped pair (alias, canonical) is the same fact
            if ca == cb && b == cb {
                (row.relation, vec![ca, a], None)
            } else {
                (row.relation, vec![ca, b], None)
            }
        }
        Relation::Award => (
            row.relation,
            vec![c(&row.args[0])],
            Some(normalise(&row.args[1])),
        ),
        Relation::Role | Relation::FormerRole => (
            row.relation,
            vec![c(&row.args[0]), c(&row.args[2])],
            Some(normalise(&row.args[1])),
        ),
        Relation::Institution => (
            row.relation,
            vec![c(&row.args[0]), normalise(&row.args[1])],
            None,
        ),
        Relation::Level | Relation::Located => (
            row.relation,
            vec![c(&row.args[0]), normalise(&row.args[1])],
            None,
        ),
        _ => (row.relation, row.args.iter().map(|a| c(a)).collect(), None),
    }
}

/// Whether two free-text arguments match leniently.
pub fn lenient_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let (ls, ll) = (short.chars().count(), long.chars().count());
    long.contains(short) && ls * 10 >= ll * 6
}

/// Affiliation rows: affiliations plus the (person, organisation) pairs of roles.
fn with_affiliations(rows: &[&Row]) -> Vec<Row> {
    let mut out: Vec<Row> = rows.iter().map(|r| (*r).clone()).collect();
    let mut seen: HashSet<(String, String)> = rows
        .iter()
        .filter(|r| r.relation == Relation::Affiliation)
        .map(|r| (normalise(&r.args[0]), normalise(&r.args[1])))
        .collect();
    for r in rows.iter().filter(|r| r.relation == Relation::Role) {
        if seen.insert((normalise(&r.args[0]), normalise(&r.args[2]))) {
            out.push(Row {
                doc: r.doc.clone(),
                relation: Relation::Affiliation,
                args: vec![r.args[0].clone(), r.args[2].clone()],
            });
        }
    }
    out
}

/// Scores `system` against `gold`.
pub fn score(gold: &[Row], system: &[Row]) -> Report {
    let mut by_doc: BTreeMap<&str, (Vec<&Row>, Vec<&Row>)> = BTreeMap::new();
    for g in gold {
        by_doc.entry(&g.doc).or_default().0.push(g);
    }
    for s in system {
        if let Some(e) = by_doc.get_mut(s.doc.as_str()) {
            e.1.push(s);
        }
    }
    let mut report = Report {
        documents: by_doc.len(),
        ..Report::default()
    };
    for (g, s) in by_doc.values() {
        let names = Names::new(g);
        let g = with_affiliations(g);
        let s = with_affiliations(s);
        for lenient in [false, true] {
            let scores = if lenient {
                &mut report.lenient
            } else {
                &mut report.strict
            };
            score_doc(&g, &s, &names, lenient, scores);
        }
    }
    report
}

fn score_doc(gold: &[Row], system: &[Row], names: &Names, lenient: bool, out: &mut Scores) {
    for rel in Relation::ALL {
        let dedup = |rows: &[Row]| -> Vec<(Row, Key)> {
            let mut seen = HashSet::new();
            rows.iter()
                .filter(|r| r.relation == rel)
                .filter_map(|r| {
                    let k = key(r, names);
                    seen.insert(k.clone()).then(|| (r.clone(), k))
                })
                .collect()
        };
        let g = dedup(gold);
        let s = dedup(system);
        let mut g_used = vec![false; g.len()];
        let mut s_used = vec![false; s.len()];
        // exact first
        for (i, (_, sk)) in s.iter().enumerate() {
            if let Some(j) = (0..g.len()).find(|&j| !g_used[j] && g[j].1 == *sk) {
                g_used[j] = true;
                s_used[i] = true;
            }
        }
        if lenient {
            for (i, (_, sk)) in s.iter().enumerate() {
                if s_used[i] {
                    continue;
                }
                let found = (0..g.len()).find(|&j| {
                    let gk = &g[j].1;
                    !g_used[j]
                        && gk.1 == sk.1
                        && matches!((&gk.2, &sk.2), (Some(a), Some(b)) if lenient_match(a, b))
                });
                if let Some(j) = found {
                    g_used[j] = true;
                    s_used[i] = true;
                }
            }
        }
        let tp = s_used.iter().filter(|u| **u).count();
        let c = out.per_relation.entry(rel).or_default();
        c.tp += tp;
        c.fp += s.len() - tp;
        c.fn_ += g.len() - tp;
        out.missed.extend(
            g.iter()
                .zip(&g_used)
                .filter(|(_, u)| !**u)
                .map(|(r, _)| r.0.clone()),
        );
        out.spurious.extend(
            s.iter()
                .zip(&s_used)
                .filter(|(_, u)| !**u)
                .map(|(r, _)| r.0.clone()),
        );
    }
}

/// The report as a table: one row per relation, then the core micro-average.
pub fn table(report: &Report) -> String {
    let mut s = format!(
        "documents scored: {}\n{:<12} {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}\n",
        report.documents, "relation", "tp", "fp", "fn", "P", "R", "F1", "P~", "R~", "F1~"
    );
    let line = |name: &str, c: Counts, l: Counts| {
        format!(
            "{name:<12} {:>5} {:>5} {:>5}  {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}\n",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1(),
            l.precision(),
            l.recall(),
            l.f1()
        )
    };
    for r in Relation::ALL {
        let c = report
            .strict
            .per_relation
            .get(&r)
            .copied()
            .unwrap_or_default();
        let l = report
            .lenient
            .per_relation
            .get(&r)
            .copied()
            .unwrap_or_default();
        s.push_str(&line(r.as_str(), c, l));
    }
    s.push_str(&line(
        "core micro",
        report.strict.core(),
        report.lenient.core(),
    ));
    s.push_str(
        "(P R F1: strict; P~ R~ F1~: lenient; core = hospital person role branch award partner)\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(tsv: &str) -> Vec<Row> {
        parse_gold(tsv, Path::new("t.tsv")).expect("parses")
    }

    #[test]
    fn aliases_let_a_short_name_match() {
        let gold = rows("d\thospital\t南岭市人民医院\nd\talias\t南岭市人民医院\t市人民医院\n");
        let sys = rows("d\thospital\t市人民医院\n");
        let r = score(&gold, &sys);
        let c = r.strict.per_relation[&Relation::Hospital];
        assert_eq!((c.tp, c.fp, c.fn_), (1, 0, 0));
    }

    #[test]
    fn partner_is_unordered_and_one_to_one() {
        let gold = rows("d\tpartner\tA医院\tB大学\n");
        let sys =
            rows("d\tpartner\tB大学\tA医院\nd\tpartner\tA医院\tB大学\nd\tpartner\tA医院\tC大学\n");
        let c = score(&gold, &sys).strict.per_relation[&Relation::Partner];
        // the two orders are one fact; C is spurious
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 0));
        assert!((c.precision() - 0.5).abs() < 1e-9);
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_correct_role_earns_its_affiliation() {
        let gold = rows("d\trole\t王某甲\t院长\tA医院\nd\taffiliation\t李某乙\tA医院\n");
        let sys = rows("d\trole\t王某甲\t副院长\tA医院\nd\taffiliation\t李某乙\tB医院\n");
        let r = score(&gold, &sys);
        let aff = r.strict.per_relation[&Relation::Affiliation];
        // gold: (王,A) from the role and (李,A); system: (王,A) from its role and (李,B)
        assert_eq!((aff.tp, aff.fp, aff.fn_), (1, 1, 1));
        let role = r.strict.per_relation[&Relation::Role];
        assert_eq!((role.tp, role.fp, role.fn_), (0, 1, 1));
    }

    #[test]
    fn lenient_needs_containment_and_sixty_percent() {
        // 6 of 10 chars: matches; 5 of 10: does not
        assert!(lenient_match("一二三四五六", "一二三四五六七八九十"));
        assert!(!lenient_match("一二三四五", "一二三四五六七八九十"));
        assert!(!lenient_match("一二三四五六", "七八九十一二三四五X"));
        let gold = rows("d\taward\tA医院\t全国医疗系统先进集体\n");
        let sys = rows("d\taward\tA医院\t医疗系统先进集体\n");
        let r = score(&gold, &sys);
        assert_eq!(r.strict.per_relation[&Relation::Award].tp, 0);
        assert_eq!(r.lenient.per_relation[&Relation::Award].tp, 1);
        // 8 of 10 chars
        assert!((r.lenient.per_relation[&Relation::Award].f1() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn micro_average_over_core_relations() {
        let gold = rows("d\thospital\tA医院\nd\tperson\t王某甲\nd\tlevel\tA医院\t三级甲等\n");
        let sys = rows("d\thospital\tA医院\nd\tperson\t李某乙\nd\tlevel\tA医院\t三级甲等\n");
        let r = score(&gold, &sys);
        let core = r.strict.core();
        // level is not core: tp 1 (hospital), fp 1, fn 1
        assert_eq!((core.tp, core.fp, core.fn_), (1, 1, 1));
        assert!((core.f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn documents_absent_from_gold_are_not_scored() {
        let gold = rows("d\thospital\tA医院\n");
        let sys = rows("d\thospital\tA医院\ne\thospital\tB医院\n");
        let r = score(&gold, &sys);
        assert_eq!(r.strict.per_relation[&Relation::Hospital].fp, 0);
        assert_eq!(r.documents, 1);
    }

    #[test]
    fn normalisation_ignores_quotes_width_and_spaces() {
        assert_eq!(normalise("“ＡＢＣＤ 一级”"), "ABCD一级");
    }

    #[test]
    fn malformed_gold_names_line() {
        let err = parse_gold("# c\nd\trole\tA\tB\n", Path::new("g.tsv")).expect_err("arity");
        assert!(err.to_string().contains("g.tsv:2"), "{err}");
        let err = parse_gold("d\tfriend\tA\tB\n", Path::new("g.tsv")).expect_err("relation");
        assert!(err.to_string().contains("unknown relation"));
    }
}
