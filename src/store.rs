//! Stage 5, store: the embedded Oxigraph store, one named graph per document.
//!
//! A document is written in one transaction that first drops its old graph, so a changed
//! document is replaced, never duplicated, and a failure leaves the previous version intact.
//! Each graph records the content hash and the rules hash it was built from; a document whose
//! two hashes match is skipped. Queries see the union of all graphs by default.

use std::path::Path;

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::eval::Row;
use crate::fact::Relation;
use crate::graph::{doc_graph, doc_id_of, HKG};

/// The knowledge-graph store.
#[derive(Clone)]
pub struct KgStore {
    store: Store,
    label: String,
}

impl KgStore {
    /// Opens (or creates) an on-disk store.
    pub fn open(path: &Path) -> Result<Self> {
        let label = path.display().to_string();
        let store = Store::open(path).map_err(|e| Error::Store {
            path: label.clone(),
            source: e,
        })?;
        Ok(KgStore { store, label })
    }

    /// A throw-away in-memory store.
    pub fn memory() -> Result<Self> {
        let label = "(memory)".to_owned();
        let store = Store::new().map_err(|e| Error::Store {
            path: label.clone(),
            source: e,
        })?;
        Ok(KgStore { store, label })
    }

    /// The underlying Oxigraph store.
    pub fn inner(&self) -> &Store {
        &self.store
    }

    pub(crate) fn err(&self, e: oxigraph::store::StorageError) -> Error {
        Error::Store {
            path: self.label.clone(),
            source: e,
        }
    }

    fn literal_of(&self, graph: &NamedNode, predicate: &str) -> Result<Option<String>> {
        let p = NamedNode::new_unchecked(format!("{HKG}{predicate}"));
        let q = self
            .store
            .quads_for_pattern(
                Some(graph.as_ref().into()),
                Some(p.as_ref()),
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .next();
        match q {
            Some(Ok(q)) => Ok(match q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }),
            Some(Err(e)) => Err(self.err(e)),
            None => Ok(None),
        }
    }

    /// Whether the document is stored with this content and rules.
    pub fn is_current(&self, doc_id: &str, content_hash: &str, rules_hash: &str) -> Result<bool> {
        let g = doc_graph(doc_id);
        Ok(
            self.literal_of(&g, "contentHash")?.as_deref() == Some(content_hash)
                && self.literal_of(&g, "rulesHash")?.as_deref() == Some(rules_hash),
        )
    }

    /// Replaces a document's graph with `quads`, atomically.
    pub fn replace_document(&self, doc_id: &str, quads: &[Quad]) -> Result<()> {
        self.replace_graph(doc_graph(doc_id).as_ref(), quads)
    }

    /// Replaces any named graph with `quads`, atomically.
    pub fn replace_graph(&self, g: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(g).map_err(|e| self.err(e))?;
        tx.insert_named_graph(g);
        for q in quads {
            tx.insert(q);
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Removes a document's graph; false when there was none.
    pub fn remove_document(&self, doc_id: &str) -> Result<bool> {
        let g = doc_graph(doc_id);
        let exists = self
            .store
            .contains_named_graph(g.as_ref())
            .map_err(|e| self.err(e))?;
        if exists {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
            tx.commit().map_err(|e| self.err(e))?;
        }
        Ok(exists)
    }

    /// Ids of the stored documents, sorted.
    pub fn documents(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.err(e))? {
                if let Some(id) = doc_id_of(n.as_str()) {
                    out.push(id);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Runs a SELECT query over the union of all graphs; rows of optional terms.
    pub fn select(&self, name: &str, sparql: &str) -> Result<Table> {
        let mut rows = Vec::new();
        let vars = self.select_each(name, sparql, &mut |r| rows.push(r.to_vec()))?;
        Ok((vars, rows))
    }

    /// Runs a SELECT query over the union of all graphs, handing each row to `row` as it
    /// streams out of the store, so a large result is never held whole; returns the variables.
    pub fn select_each(
        &self,
        name: &str,
        sparql: &str,
        row: &mut dyn FnMut(&[Option<Term>]),
    ) -> Result<Vec<String>> {
        let qerr = |m: String| Error::Query {
            name: name.to_owned(),
            message: m,
        };
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| qerr(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| qerr(e.to_string()))?;
        match results {
            QueryResults::Solutions(solutions) => {
                let vars: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut values = Vec::with_capacity(vars.len());
                for s in solutions {
                    let s = s.map_err(|e| qerr(e.to_string()))?;
                    values.clear();
                    values.extend(vars.iter().map(|v| s.get(v.as_str()).cloned()));
                    row(&values);
                }
                Ok(vars)
            }
            _ => Err(qerr("expected a SELECT query".into())),
        }
    }

    /// Every stored fact as a gold-format row, sorted by document, relation and arguments.
    pub fn facts(&self) -> Result<Vec<Row>> {
        let q = format!(
            "PREFIX hkg: <{HKG}>
             SELECT ?g ?rel ?a1 ?a2 ?a3 WHERE {{
               GRAPH ?g {{ ?f a hkg:Fact ; hkg:relation ?rel ; hkg:arg1 ?a1 .
                          OPTIONAL {{ ?f hkg:arg2 ?a2 }} OPTIONAL {{ ?f hkg:arg3 ?a3 }} }}
             }}"
        );
        let (_, rows) = self.select("facts", &q)?;
        let mut out = Vec::new();
        for r in rows {
            let text = |t: &Option<Term>| -> Option<String> {
                match t {
                    Some(Term::Literal(l)) => Some(l.value().to_owned()),
                    Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
                    _ => None,
                }
            };
            let (Some(g), Some(rel)) = (text(&r[0]), text(&r[1])) else {
                continue;
            };
            let (Some(doc), Some(relation)) = (doc_id_of(&g), Relation::parse(&rel)) else {
                continue;
            };
            let args: Vec<String> = r[2..].iter().filter_map(text).collect();
            out.push(Row {
                doc,
                relation,
                args,
            });
        }
        out.sort();
        Ok(out)
    }

    /// Counts for `hkg stats`.
    pub fn stats(&self) -> Result<Stats> {
        let documents = self.documents()?.len();
        let mut per_relation = std::collections::BTreeMap::new();
        for r in self.facts()? {
            *per_relation.entry(r.relation).or_insert(0usize) += 1;
        }
        let q = format!(
            "PREFIX hkg: <{HKG}> PREFIX schema: <https://schema.org/>
             SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
               VALUES ?c {{ hkg:Hospital hkg:Institution hkg:Person hkg:Branch }}
               ?e a ?c }} GROUP BY ?c"
        );
        let (_, rows) = self.select("stats", &q)?;
        let mut entities = std::collections::BTreeMap::new();
        for r in rows {
            if let (Some(Term::NamedNode(c)), Some(Term::Literal(n))) = (&r[0], &r[1]) {
                let name = c.as_str().trim_start_matches(HKG).to_owned();
                entities.insert(name, n.value().parse().unwrap_or(0));
            }
        }
        let quads = self.store.len().map_err(|e| self.err(e))?;
        Ok(Stats {
            documents,
            per_relation,
            entities,
            quads,
        })
    }

    /// Flushes pending writes to disk.
    pub fn flush(&self) -> Result<()> {
        self.store.flush().map_err(|e| self.err(e))
    }
}

/// Variable names and rows of a SELECT result.
pub type Table = (Vec<String>, Vec<Vec<Option<Term>>>);

/// Store counts.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub documents: usize,
    pub per_relation: std::collections::BTreeMap<Relation, usize>,
    /// Distinct entity IRIs per class (Hospital, Institution, Person, Branch).
    pub entities: std::collections::BTreeMap<String, usize>,
    pub quads: usize,
}

/// Whether a named node is a document graph.
pub fn is_doc_graph(n: NamedNodeRef<'_>) -> bool {
    doc_id_of(n.as_str()).is_some()
}
