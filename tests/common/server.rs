//! A running `hkg serve` on a free port, and its answers, for the tests that ask it over
//! HTTP.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::s;

/// A running `hkg serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub agent: ureq::Agent,
    /// Kept open: what the server prints later must not fail for want of a reader.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    pub fn start(store: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hkg"))
            .args(["serve", "--store", s(store), "--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starts hkg serve");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        stdout.read_line(&mut line).expect("reads the first line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|u| u.strip_suffix("/sparql"))
            .unwrap_or_else(|| panic!("hkg serve printed {line:?}"))
            .to_owned();
        assert!(!base.ends_with(":0"), "the real port, not 0: {base}");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child,
            base,
            agent,
            _stdout: stdout,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET /sparql?query=Q with `accept` and more parameters.
    pub fn get(&self, q: &str, accept: Option<&str>, params: &[(&str, &str)]) -> Reply {
        let mut r = self.agent.get(self.url("/sparql")).query("query", q);
        for (k, v) in params {
            r = r.query(*k, *v);
        }
        if let Some(a) = accept {
            r = r.header("Accept", a);
        }
        Reply::of(r.call().expect("GET /sparql"))
    }

    pub fn get_path(&self, path: &str, accept: Option<&str>) -> Reply {
        let mut r = self.agent.get(self.url(path));
        if let Some(a) = accept {
            r = r.header("Accept", a);
        }
        Reply::of(r.call().expect("GET"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn of(r: ureq::http::Response<ureq::Body>) -> Reply {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r
            .into_body()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("a text body");
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub fn ok(self) -> Reply {
        assert_eq!(self.status, 200, "{}", self.body);
        self
    }
}

/// A port nothing listens on now (for a server to start on, or for one that is down).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until something listens on `port` of loopback, for at most a minute.
pub fn wait_for(port: u16) {
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server on {port} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A request read from `conn`: its head, and its body (by Content-Length).
pub fn read_request(conn: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let n = conn.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            return (String::new(), Vec::new());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end + 4]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = conn.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return (head, buf[end + 4..].to_vec());
        }
    }
}
