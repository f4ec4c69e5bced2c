//! Names relative to their document (市妇幼保健院, 县卫健委: which city's, which county's, only
//! the article can tell) and how they are scoped to it (市中心医院@DOC). The graph stage mints
//! IRIs from these names and identity clusters them; both must read and spell them alike, so
//! the concept lives here, below both.

use crate::link::Gazetteer;

/// Reads the places a name starts with: the most specific gazetteer division its leading
/// place words name, and the rest of the name. A name may chain places (河南省鹤壁市…); each
/// must lie within the one before.
pub fn leading_place(g: &Gazetteer, name: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = name.chars().collect();
    let mut at = 0;
    let mut place: Option<usize> = None;
    'outer: while at < chars.len() {
        for len in (2..=(chars.len() - at).min(12)).rev() {
            let cand: String = chars[at..at + len].iter().collect();
            let hits: Vec<usize> = g
                .by_name(&cand)
                .iter()
                .chain(g.by_short(&cand))
                .copied()
                .filter(|&i| place.is_none_or(|p| g.within(i, p) && i != p))
                .collect();
            // A short name (鹤壁) is only read as a place where it is the only division so
            // called, or the one inside the place already read.
            if hits.len() == 1 || (hits.len() > 1 && place.is_some()) {
                place = Some(hits[0]);
                at += len;
                continue 'outer;
            }
        }
        break;
    }
    let rest: String = chars[at..].iter().collect();
    place.map(|p| (p, rest))
}

/// Whether a name is relative to its document: it opens with a bare level word (市妇幼保健院,
/// 县卫健委) whose place only the document can tell.
pub(crate) fn relative(g: &Gazetteer, name: &str) -> bool {
    // The level word first: the graph stage asks this of every organisation it names.
    ["省", "市", "县", "区", "州", "自治区", "自治州"]
        .iter()
        .any(|w| name.starts_with(w))
        && leading_place(g, name).is_none()
}

/// A name relative to a document, scoped to it (市中心医院@DOC): the graph stage and identity
/// must spell it alike for a person's IRI to name the same organisation.
pub(crate) fn scoped_name(name: &str, doc_id: &str) -> String {
    format!("{name}@{doc_id}")
}
