//! The fact: what extraction produces, the graph stores, `hkg facts` prints and `hkg eval`
//! scores. One vocabulary for all four, fixed by GOLD.md.

use std::fmt;

/// GOLD.md's relations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    Hospital,
    Institution,
    Alias,
    Person,
    Role,
    FormerRole,
    Affiliation,
    Branch,
    Award,
    Partner,
    Level,
    Located,
}

impl Relation {
    /// Every relation, in GOLD.md's order.
    pub const ALL: [Relation; 12] = [
        Relation::Hospital,
        Relation::Institution,
        Relation::Alias,
        Relation::Person,
        Relation::Role,
        Relation::FormerRole,
        Relation::Affiliation,
        Relation::Branch,
        Relation::Award,
        Relation::Partner,
        Relation::Level,
        Relation::Located,
    ];

    /// The relations of the headline micro-F1.
    pub const CORE: [Relation; 6] = [
        Relation::Hospital,
        Relation::Person,
        Relation::Role,
        Relation::Branch,
        Relation::Award,
        Relation::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Hospital => "hospital",
            Relation::Institution => "institution",
            Relation::Alias => "alias",
            Relation::Person => "person",
            Relation::Role => "role",
            Relation::FormerRole => "former_role",
            Relation::Affiliation => "affiliation",
            Relation::Branch => "branch",
            Relation::Award => "award",
            Relation::Partner => "partner",
            Relation::Level => "level",
            Relation::Located => "located",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Number of arguments the relation takes.
    pub fn arity(self) -> usize {
        match self {
            Relation::Hospital | Relation::Person => 1,
            Relation::Role | Relation::FormerRole => 3,
            _ => 2,
        }
    }

    pub fn is_core(self) -> bool {
        Relation::CORE.contains(&self)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a fact was read: the sentence and the characters that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Byte range in the normalised text.
    pub start: usize,
    pub end: usize,
    /// The extractor that produced the fact.
    pub extractor: &'static str,
}

/// One extracted fact of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub relation: Relation,
    pub args: Vec<String>,
    pub evidence: Evidence,
}

impl Fact {
    /// The TSV line of GOLD.md for document `doc`.
    pub fn tsv(&self, doc: &str) -> String {
        let mut s = format!("{doc}\t{}", self.relation);
        for a in &self.args {
            s.push('\t');
            s.push_str(a);
        }
        s
    }
}
