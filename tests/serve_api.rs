//! `newsgraph serve` with a real server on a loopback port: every API route
//! on the seed graph, 400 for bad input, nothing served outside the routes,
//! and a clean stop on SIGINT (Ctrl-C).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server; killed when dropped so a failing test leaves nothing behind.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the seeds into `dir` and starts `serve` on a free loopback port.
fn start(dir: &Path) -> Server {
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let built = Command::new(bin).arg("build").arg(&seeds).arg("-o").arg(dir).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--graph"])
        .arg(dir.join("graph.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in the first line: {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "binds to loopback: {addr}");
    Server { child, addr }
}

/// One raw HTTP/1.1 GET (no client library, so paths are sent exactly as
/// written, "/../" included); returns the status and the body.
fn get(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { unchunk(body) } else { body.to_string() };
    (status, body)
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

fn json(addr: &str, target: &str) -> serde_json::Value {
    let (status, body) = get(addr, target);
    assert_eq!(status, 200, "{target}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{target}: not JSON ({e}): {body}"))
}

#[test]
fn every_route_answers_the_seed_graph() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let a = &server.addr;

    let (status, page) = get(a, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<html") && page.contains("cytoscape"), "the page is served");

    let graph = json(a, "/api/graph");
    let on_disk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(graph, on_disk, "/api/graph is graph.json");
    let focused = json(a, "/api/graph?focus=Carney&depth=1");
    assert!(focused["nodes"].as_array().unwrap().len() < graph["nodes"].as_array().unwrap().len());

    let n = json(a, "/api/neighbors?name=Carney");
    assert_eq!(n["entity"]["id"], "mark_carney");
    let labels: Vec<&str> = n["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| [r["source_label"].as_str().unwrap(), r["target_label"].as_str().unwrap()])
        .collect();
    for who in ["Donald Trump", "Keir Starmer"] {
        assert!(labels.contains(&who), "{who} is a neighbour of Carney: {labels:?}");
    }
    assert!(n["neighbors"][0]["evidence"][0]["text"].as_str().unwrap().len() > 10);
    let two = json(a, "/api/neighbors?name=Mark%20Carney&depth=2&direction=out");
    assert!(two["neighbors"].as_array().unwrap().iter().all(|r| r["depth"].as_u64().unwrap() <= 2));

    let p = json(a, "/api/path?from=Starmer&to=Trump");
    assert_eq!(
        (p["from"].as_str(), p["to"].as_str(), p["found"].as_bool()),
        (Some("keir_starmer"), Some("donald_trump"), Some(true))
    );
    assert!(!p["path"].as_array().unwrap().is_empty());

    let s = json(a, "/api/search?q=starm");
    assert_eq!(s["results"][0]["id"], "keir_starmer");
    let s = json(a, "/api/search?q=Prime%20Minister%20Carney&limit=3");
    assert!(s["results"].as_array().unwrap().len() <= 3);
}

#[test]
fn bad_input_is_400_json_and_no_file_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let a = &server.addr;
    for target in [
        "/api/neighbors",
        "/api/neighbors?name=",
        "/api/neighbors?name=Carney&depth=-1",
        "/api/neighbors?name=Carney&depth=1000",
        "/api/neighbors?name=Carney&direction=sideways",
        "/api/neighbors?nam=Carney",
        "/api/neighbors?name=Nobody%20Atall",
        "/api/path?from=Carney",
        "/api/path?from=Carney&to=Zzyzx",
        "/api/search",
        "/api/search?q=a&limit=0",
        "/api/search?q=%20%20",
        "/api/graph?depth=2",
    ] {
        let (status, body) = get(a, target);
        assert_eq!(status, 400, "{target}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{target}: {e}: {body}"));
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{target}: {body}");
    }
    let unknown: serde_json::Value = serde_json::from_str(&get(a, "/api/neighbors?name=Carny").1).unwrap();
    assert!(unknown["closest"].as_array().unwrap().iter().any(|c| c == "Mark Carney"), "{unknown}");
    for target in ["/../Cargo.toml", "/..%2F..%2Fetc%2Fpasswd", "/graph.json", "/seeds/", "/api/users", "/src/main.rs"]
    {
        let (status, body) = get(a, target);
        assert_eq!(status, 404, "{target}: {body}");
        assert!(!body.contains("[package]") && !body.contains("root:"), "{target} leaked a file");
    }
}

#[test]
#[cfg(unix)]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(dir.path());
    assert_eq!(get(&server.addr, "/api/search?q=Carney").0, 200);
    // SIGINT is what Ctrl-C sends.
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(std::time::Instant::now() < deadline, "serve did not stop within 10 s of SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    let mut rest = String::new();
    server.child.stdout.as_mut().unwrap().read_to_string(&mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest:?}");
    assert!(TcpStream::connect(&server.addr).is_err(), "the port is closed");
}
