//! Push: the store's graphs handed to another triple store over the SPARQL 1.1 Graph Store
//! HTTP Protocol, one `PUT ?graph=IRI` per named graph (each document's, and the identity
//! graph), and a `DELETE` for the graph of each document removed since the last push.
//!
//! Why incremental, and how: a corpus grows by a few documents at a time, and sending every
//! graph again each time would cost as much as the first push. A state file in the store
//! folder (`hkg-push-state.json`, not triples: exports and shapes stay as they are) records,
//! per endpoint, the version of each graph the server accepted: a document's content and
//! rules hashes, the identity graph's SHA-256. A push sends what differs and deletes what is
//! gone. The state is written (to a temporary file, then renamed) only with graphs the
//! server answered 2xx for, so a push that is killed or refused leaves a state that the
//! next push completes; a PUT replaces its graph whole, so sending one twice duplicates
//! nothing.

use std::collections::BTreeMap;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNodeRef;
use sha2::Digest as _;

use crate::error::{Error, Result};
use crate::export;
use crate::fault::{self, Phase};
use crate::graph::HKG;
use crate::resolve::IDENTITY;
use crate::store::KgStore;

/// The state file, in the store folder.
pub const STATE: &str = "hkg-push-state.json";

/// What was pushed to each endpoint: graph IRI → version.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct State {
    endpoints: BTreeMap<String, BTreeMap<String, String>>,
}

impl State {
    fn read(path: &Path) -> Result<State> {
        match std::fs::read_to_string(path) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| Error::Page {
                at: path.display().to_string(),
                message: format!("not a push state file ({e}); remove it to push everything again"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(Error::read(path)(e)),
        }
    }

    /// Writes the state whole or not at all.
    fn write(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Invalid(e.to_string()))?;
        std::fs::write(&tmp, text).map_err(Error::write(&tmp))?;
        std::fs::rename(&tmp, path).map_err(Error::write(path))
    }
}

/// What a push did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pushed {
    pub put: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub bytes: u64,
}

/// Credentials for the server: Basic, or Digest when the server asks for it (Virtuoso does).
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: String,
    pub password: String,
}

impl Auth {
    /// `user:password`, as `HKG_PUSH_AUTH` holds it.
    pub fn parse(s: &str) -> Option<Auth> {
        let (user, password) = s.split_once(':')?;
        Some(Auth {
            user: user.to_owned(),
            password: password.to_owned(),
        })
    }
}

/// A Digest challenge, kept to answer the next requests without another 401.
#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop: bool,
    count: u32,
}

fn md5_hex(s: &str) -> String {
    let d = md5::Md5::digest(s.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn challenge(header: &str) -> Option<Challenge> {
    let rest = header.trim().strip_prefix("Digest")?;
    let mut params: BTreeMap<String, String> = BTreeMap::new();
    // key="value", key=value, ...
    let mut s = rest.trim();
    while !s.is_empty() {
        let (key, after) = s.split_once('=')?;
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"')?;
            (q[..end].to_owned(), &q[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        params.insert(key, value);
        s = next.trim_start().trim_start_matches(',').trim_start();
    }
    Some(Challenge {
        realm: params.get("realm")?.clone(),
        nonce: params.get("nonce")?.clone(),
        opaque: params.get("opaque").cloned(),
        qop: params
            .get("qop")
            .is_some_and(|q| q.split(',').any(|x| x.trim() == "auth")),
        count: 0,
    })
}

impl Challenge {
    fn answer(&mut self, auth: &Auth, method: &str, uri: &str) -> String {
        self.count += 1;
        let ha1 = md5_hex(&format!("{}:{}:{}", auth.user, self.realm, auth.password));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let nc = format!("{:08x}", self.count);
        let cnonce = md5_hex(&format!("{}{}", self.nonce, self.count))[..16].to_owned();
        let response = if self.qop {
            md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce))
        } else {
            md5_hex(&format!("{ha1}:{}:{ha2}", self.nonce))
        };
        let mut h = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5",
            auth.user, self.realm, self.nonce
        );
        if self.qop {
            h.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
        }
        if let Some(o) = &self.opaque {
            h.push_str(&format!(", opaque=\"{o}\""));
        }
        h
    }
}

/// One graph's body: bytes in memory (a document's), or a spooled file (the identity graph,
/// which grows with the corpus).
enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
}

/// The HTTP side: an agent, the endpoint, the credentials and the Digest state.
struct Server {
    agent: ureq::Agent,
    endpoint: String,
    auth: Option<Auth>,
    /// How the server takes credentials, once a first request has asked: Some(None) for
    /// Basic (or none at all), Some(Some(challenge)) for Digest.
    scheme: Option<Option<Challenge>>,
}

impl Server {
    fn url(&self, graph: &str) -> String {
        let sep = if self.endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("graph", graph);
        format!("{}{sep}{}", self.endpoint, q.finish())
    }

    fn fail(&self, message: String) -> Error {
        Error::Endpoint {
            url: self.endpoint.clone(),
            message,
        }
    }

    /// Sends one request (a PUT with `body`, or a DELETE), with the credentials the server
    /// asks for; a stale Digest nonce is answered anew once.
    fn send(&mut self, method: &str, graph: &str, body: &mut Option<Body>) -> Result<u16> {
        let url = self.url(graph);
        let uri = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
            .unwrap_or_else(|| "/".into());
        // Learn how the server wants credentials before the first graph is sent: a GET of
        // the graph carries no body, where a refused PUT would have sent it for nothing
        // (Virtuoso closes the connection on a PUT it refuses, mid-body).
        if self.auth.is_some() && self.scheme.is_none() {
            let probe = self
                .agent
                .get(&url)
                .header("Accept", "application/n-triples")
                .call()
                .map_err(|e| self.fail(format!("cannot reach it: {e}")))?;
            self.scheme = Some(
                probe
                    .headers()
                    .get_all("www-authenticate")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find_map(challenge),
            );
        }
        for _ in 0..2 {
            let mut authorization = None;
            if let Some(auth) = &self.auth {
                authorization = Some(match self.scheme.as_mut().and_then(Option::as_mut) {
                    Some(c) => c.answer(auth, method, &uri),
                    None => format!(
                        "Basic {}",
                        base64_lite::encode(&format!("{}:{}", auth.user, auth.password))
                    ),
                });
            }
            let response = match (method, &mut *body) {
                ("PUT", Some(b)) => {
                    let mut r = self
                        .agent
                        .put(&url)
                        .header("Content-Type", "application/n-triples");
                    if let Some(a) = &authorization {
                        r = r.header("Authorization", a);
                    }
                    match b {
                        Body::Bytes(v) => r.send(&v[..]),
                        Body::File(f, len) => {
                            f.rewind().map_err(|e| {
                                self.fail(format!("cannot reread the spooled graph: {e}"))
                            })?;
                            r.header("Content-Length", &len.to_string())
                                .send(ureq::SendBody::from_reader(&mut *f))
                        }
                    }
                }
                _ => {
                    let mut r = self.agent.delete(&url);
                    if let Some(a) = &authorization {
                        r = r.header("Authorization", a);
                    }
                    r.call()
                }
            };
            let response = response.map_err(|e| self.fail(format!("cannot reach it: {e}")))?;
            let status = response.status().as_u16();
            if status == 401 {
                // A Digest nonce the server no longer takes: answer its new one, once.
                let fresh = response
                    .headers()
                    .get_all("www-authenticate")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find(|v| v.contains("stale=true") || v.contains("stale=\"true\""))
                    .and_then(challenge);
                if let (Some(c), Some(_)) = (fresh, &self.auth) {
                    self.scheme = Some(Some(c));
                    continue;
                }
                let hint = if self.auth.is_none() {
                    "set HKG_PUSH_AUTH=user:password"
                } else {
                    "check HKG_PUSH_AUTH"
                };
                return Err(self.fail(format!(
                    "authentication failed (401) for {method} of graph {graph}: {hint}"
                )));
            }
            let text = response.into_body().read_to_string().unwrap_or_default();
            // A DELETE of a graph the server no longer has is done too.
            let done = (200..300).contains(&status) || (method == "DELETE" && status == 404);
            if !done {
                let first: String = text.chars().take(300).collect();
                return Err(self.fail(format!(
                    "refused the {method} of graph {graph} with {status}: {}",
                    first.trim()
                )));
            }
            return Ok(status);
        }
        Err(self.fail(format!(
            "authentication failed (401) for {method} of graph {graph}"
        )))
    }
}

mod base64_lite {
    /// Standard base64 with padding, for a Basic Authorization header.
    pub fn encode(s: &str) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let b = s.as_bytes();
        let mut out = String::new();
        for c in b.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// The documents of the store and their versions (content and rules hashes).
fn documents(kg: &KgStore) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    kg.select_each(
        "push: documents",
        &format!(
            "SELECT ?g ?c ?r WHERE {{ GRAPH ?g {{ ?g <{HKG}docId> ?id ; <{HKG}contentHash> ?c ; <{HKG}rulesHash> ?r }} }}"
        ),
        &mut |r| {
            let text = crate::resolve::text;
            out.insert(text(&r[0]), format!("{} {}", text(&r[1]), text(&r[2])));
        },
    )?;
    Ok(out)
}

/// Pushes the store read by `kg`, whose folder is `store`, to the Graph Store endpoint
/// `endpoint`: what changed since the last push there, or everything with `full`.
pub fn push(
    kg: &KgStore,
    store: &Path,
    endpoint: &str,
    auth: Option<Auth>,
    full: bool,
    progress: &mut dyn FnMut(&str),
) -> Result<Pushed> {
    let state_path: PathBuf = store.join(STATE);
    let mut state = State::read(&state_path)?;
    let mut pushed_before = if full {
        BTreeMap::new()
    } else {
        state.endpoints.get(endpoint).cloned().unwrap_or_default()
    };
    let mut server = Server {
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .build()
            .into(),
        endpoint: endpoint.to_owned(),
        auth,
        scheme: None,
    };
    let docs = documents(kg)?;
    let mut done = Pushed::default();
    let mut last_saved = Instant::now();
    let mut save =
        |state: &mut State, pushed: &BTreeMap<String, String>, force: bool| -> Result<()> {
            if force || last_saved.elapsed() > Duration::from_secs(2) {
                state.endpoints.insert(endpoint.to_owned(), pushed.clone());
                state.write(&state_path)?;
                last_saved = Instant::now();
            }
            Ok(())
        };
    let total = docs.len();
    for (i, (g, version)) in docs.iter().enumerate() {
        if pushed_before.get(g) == Some(version) {
            done.unchanged += 1;
            continue;
        }
        let mut bytes = Vec::new();
        export::write_graph(
            kg,
            RdfFormat::NTriples,
            Some(NamedNodeRef::new_unchecked(g)),
            &mut bytes,
        )?;
        done.bytes += bytes.len() as u64;
        server.send("PUT", g, &mut Some(Body::Bytes(bytes)))?;
        fault::point(Phase::Push);
        pushed_before.insert(g.clone(), version.clone());
        done.put += 1;
        save(&mut state, &pushed_before, false)?;
        progress(&format!("{}/{total} documents", i + 1));
    }
    // The graphs of documents removed since.
    let gone: Vec<String> = pushed_before
        .keys()
        .filter(|g| g.as_str() != IDENTITY && !docs.contains_key(*g))
        .cloned()
        .collect();
    for g in gone {
        server.send("DELETE", &g, &mut None)?;
        fault::point(Phase::Push);
        pushed_before.remove(&g);
        done.deleted += 1;
        save(&mut state, &pushed_before, false)?;
    }
    // The identity graph, spooled to a file while its hash is taken.
    let mut spool = tempfile::tempfile().map_err(|e| Error::Write {
        what: "a temporary file for the identity graph".into(),
        source: e,
    })?;
    let mut hashing = Hashing {
        out: std::io::BufWriter::new(&mut spool),
        hash: sha2::Sha256::new(),
        len: 0,
    };
    export::write_graph(
        kg,
        RdfFormat::NTriples,
        Some(NamedNodeRef::new_unchecked(IDENTITY)),
        &mut hashing,
    )?;
    let (hash, len) = (hashing.hash.clone().finalize(), hashing.len);
    hashing
        .out
        .flush()
        .map_err(Error::write(Path::new("the spooled identity graph")))?;
    drop(hashing);
    let version: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    if pushed_before.get(IDENTITY) == Some(&version) {
        done.unchanged += 1;
    } else {
        done.bytes += len;
        server.send("PUT", IDENTITY, &mut Some(Body::File(spool, len)))?;
        fault::point(Phase::Push);
        pushed_before.insert(IDENTITY.to_owned(), version);
        done.put += 1;
    }
    save(&mut state, &pushed_before, true)?;
    Ok(done)
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W: Write> {
    out: W,
    hash: sha2::Sha256,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_answers_rfc_2617s_example() {
        // RFC 2617, 3.5: Mufasa at testrealm@host.com.
        let mut c = challenge(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        )
        .expect("a challenge");
        assert!(c.qop);
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        assert_eq!(ha1, "939e7578ed9e3c518a452acee763bce9");
        let h = c.answer(
            &Auth::parse("Mufasa:Circle Of Life").expect("auth"),
            "GET",
            "/dir/index.html",
        );
        assert!(
            h.contains("nc=00000001") && h.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
        );
        assert_eq!(
            base64_lite::encode("Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64_lite::encode("a"), "YQ==");
    }
}
