//! Signed reports: Ed25519 key pairs, signatures over the canonical JSON of a
//! report, and the checks `rubricate verify` runs.
//!
//! The canonical form of a report is its JSON with the top-level `signature`
//! field removed, every object's keys sorted by byte order at every level, and
//! no whitespace (see [`canonical_json`]). The signature covers every other
//! field, so a hand-edited score, rating or evidence no longer verifies.
//!
//! ```
//! let key = rubricate::sign::generate_key().unwrap();
//! let rubric = rubricate::rubric::load("policy-impact").unwrap();
//! let report = rubricate::grade_text("a.md", "We raise the threshold.", &rubric);
//! let mut signed = rubricate::sign::sign_report(&report, &key);
//! assert!(rubricate::sign::verify_signature(&signed, &key.verifying_key()).is_ok());
//! signed["score"] = serde_json::json!(99.0);
//! assert!(rubricate::sign::verify_signature(&signed, &key.verifying_key()).is_err());
//! ```

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::de::{Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::report::{sha256_hex, Report, Summary, SCHEMA_VERSION};
use crate::rubric::Rubric;

/// The only signature algorithm, as written in the `signature` object.
pub const ALGORITHM: &str = "ed25519";
/// The first line of a secret key file.
pub const SECRET_HEADER: &str = "rubricate ed25519 secret key";
/// The first line of a public key file.
pub const PUBLIC_HEADER: &str = "rubricate ed25519 public key";
/// The field added to a signed report.
pub const SIGNATURE_FIELD: &str = "signature";
/// The largest key file read, in bytes (a key file is two short lines).
pub const MAX_KEY_BYTES: u64 = 64 * 1024;

/// Why a key could not be made, read or written, or a report file parsed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("cannot gather randomness for a key: {0}")]
    Random(String),
    #[error("{path}: {message}")]
    Key { path: String, message: String },
    #[error("{path}: already exists (pass --force to overwrite it)")]
    Exists { path: String },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{0}")]
    Reports(String),
}

/// A fresh signing key from the operating system's random source.
pub fn generate_key() -> Result<SigningKey, SignError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| SignError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// The text of a secret key file: the header line, then the 32-byte seed in hex.
pub fn secret_key_text(key: &SigningKey) -> String {
    format!("{SECRET_HEADER}\n{}\n", hex(key.as_bytes()))
}

/// The text of a public key file: the header line, then the 32-byte key in hex.
pub fn public_key_text(key: &VerifyingKey) -> String {
    format!("{PUBLIC_HEADER}\n{}\n", hex(key.as_bytes()))
}

/// The hex form of a public key, as written in a signature.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex(key.as_bytes())
}

/// Splits a key file into its header and its hex body; lines starting with
/// `#` are comments.
fn key_body(text: &str, header: &str, other: &str, what: &str) -> Result<[u8; 32], String> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    match lines.next() {
        Some(h) if h == header => {}
        Some(h) if h == other => {
            return Err(format!(
                "this is not a {what} key file (its first line is `{other}`)"
            ));
        }
        _ => {
            return Err(format!(
                "not a rubricate key file (the first line must be `{header}`)"
            ))
        }
    }
    let body = lines.next().unwrap_or("");
    if lines.next().is_some() {
        return Err("unexpected text after the key".to_string());
    }
    let bytes = unhex(body).ok_or_else(|| "the key is not hex".to_string())?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| format!("the key has {} bytes, expected 32", bytes.len()))
}

/// Parses the text of a secret key file.
pub fn parse_secret_key(text: &str) -> Result<SigningKey, String> {
    key_body(text, SECRET_HEADER, PUBLIC_HEADER, "secret").map(|seed| SigningKey::from_bytes(&seed))
}

/// Parses the text of a public key file.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, String> {
    let bytes = key_body(text, PUBLIC_HEADER, SECRET_HEADER, "public")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| "not a valid Ed25519 public key".to_string())
}

fn read_key_file(path: &Path) -> Result<String, SignError> {
    crate::source::read_capped_text(path, MAX_KEY_BYTES).map_err(|e| SignError::Key {
        path: path.display().to_string(),
        message: match e {
            crate::source::ReadError::Io(e) => format!("cannot read key: {}", io_message(&e)),
            crate::source::ReadError::NotUtf8 { .. } => "cannot read key: not UTF-8 text".into(),
            too_large => format!("not a key file: {too_large}"),
        },
    })
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
        _ => {
            let s = e.to_string();
            s.find(" (os error")
                .map_or(s.clone(), |i| s[..i].to_string())
        }
    }
}

/// Reads a secret key file (written by [`write_key_pair`]).
pub fn read_secret_key(path: &Path) -> Result<SigningKey, SignError> {
    parse_secret_key(&read_key_file(path)?).map_err(|message| SignError::Key {
        path: path.display().to_string(),
        message,
    })
}

/// Reads a public key file (`PREFIX.pub`).
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, SignError> {
    parse_public_key(&read_key_file(path)?).map_err(|message| SignError::Key {
        path: path.display().to_string(),
        message,
    })
}

/// The public key path that goes with a secret key path: `PREFIX.pub`.
pub fn public_path(prefix: &Path) -> PathBuf {
    let mut name = prefix.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

fn write_file(path: &Path, text: &str, force: bool, secret: bool) -> Result<(), SignError> {
    let fail = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            SignError::Exists {
                path: path.display().to_string(),
            }
        } else {
            SignError::Io {
                path: path.display().to_string(),
                message: format!("cannot write key: {}", io_message(&e)),
            }
        }
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let mut file = options.open(path).map_err(fail)?;
    #[cfg(unix)]
    if secret {
        // A file that existed keeps its old mode through `open`; tighten it.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    #[cfg(not(unix))]
    let _ = secret;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// Writes a key pair: the secret key to `prefix` (mode 0600 on Unix) and the
/// public key to `prefix.pub`. Refuses to overwrite either unless `force`.
/// Returns the public key path.
pub fn write_key_pair(prefix: &Path, key: &SigningKey, force: bool) -> Result<PathBuf, SignError> {
    let public = public_path(prefix);
    if !force {
        for p in [prefix, public.as_path()] {
            if p.symlink_metadata().is_ok() {
                return Err(SignError::Exists {
                    path: p.display().to_string(),
                });
            }
        }
    }
    write_file(prefix, &secret_key_text(key), force, true)?;
    write_file(
        &public,
        &public_key_text(&key.verifying_key()),
        force,
        false,
    )?;
    Ok(public)
}

/// Writes `value` in canonical form: compact, object keys sorted by byte
/// order at every level. Strings and numbers are written as serde_json writes
/// them, so a report read back from JSON reproduces the same bytes.
fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).expect("a string serializes"));
                out.push(':');
                write_canonical(out, &map[k]);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, v);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("a scalar serializes")),
    }
}

/// The bytes a signature covers: the report without its top-level
/// `signature` field, keys sorted at every level, no whitespace.
pub fn canonical_json(report: &Value) -> String {
    let mut out = String::new();
    match report {
        Value::Object(map) if map.contains_key(SIGNATURE_FIELD) => {
            let mut rest: Map<String, Value> = map.clone();
            rest.remove(SIGNATURE_FIELD);
            write_canonical(&mut out, &Value::Object(rest));
        }
        other => write_canonical(&mut out, other),
    }
    out
}

/// The `signature` object of a signed report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportSignature {
    /// Always [`ALGORITHM`].
    pub algorithm: String,
    /// The signer's public key, hex.
    pub public_key: String,
    /// The 64-byte signature over [`canonical_json`], hex.
    pub value: String,
}

fn signature_over(canonical: &str, key: &SigningKey) -> ReportSignature {
    let signature: Signature = key.sign(canonical.as_bytes());
    ReportSignature {
        algorithm: ALGORITHM.to_string(),
        public_key: public_key_hex(&key.verifying_key()),
        value: hex(&signature.to_bytes()),
    }
}

/// The signature of a report.
pub fn signature_of(report: &Report, key: &SigningKey) -> ReportSignature {
    let value = serde_json::to_value(report).expect("reports serialize");
    signature_over(&canonical_json(&value), key)
}

/// A report and its signature, serialized as the report's own fields (in
/// their usual order) followed by `signature`.
#[derive(Clone, Debug, Serialize)]
pub struct SignedReport<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    pub signature: ReportSignature,
}

impl<'a> SignedReport<'a> {
    pub fn new(report: &'a Report, key: &SigningKey) -> Self {
        SignedReport {
            report,
            signature: signature_of(report, key),
        }
    }
}

/// Signs a report value in place, replacing any earlier signature.
pub fn sign_value(report: &mut Value, key: &SigningKey) {
    let signature = signature_over(&canonical_json(report), key);
    if let Value::Object(map) = report {
        map.insert(
            SIGNATURE_FIELD.to_string(),
            serde_json::to_value(signature).expect("a signature serializes"),
        );
    }
}

/// A report as a JSON value with its `signature` object added.
pub fn sign_report(report: &Report, key: &SigningKey) -> Value {
    let mut value = serde_json::to_value(report).expect("reports serialize");
    sign_value(&mut value, key);
    value
}

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    reports: Vec<SignedReport<'a>>,
    summary: &'a Summary,
}

/// `grade --format json` with every report signed: the same document as
/// [`crate::report::json::render`], each report carrying a `signature`.
pub fn render_json(reports: &[Report], summary: &Summary, key: &SigningKey) -> String {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        reports: reports.iter().map(|r| SignedReport::new(r, key)).collect(),
        summary,
    };
    let mut out = serde_json::to_string_pretty(&envelope).expect("reports serialize");
    out.push('\n');
    out
}

/// `grade --format jsonl` with the report signed: one line.
pub fn render_line(report: &Report, key: &SigningKey) -> String {
    let mut out =
        serde_json::to_string(&SignedReport::new(report, key)).expect("reports serialize");
    out.push('\n');
    out
}

/// Checks a report's signature against a trusted public key.
pub fn verify_signature(report: &Value, key: &VerifyingKey) -> Result<(), String> {
    let sig = report
        .get(SIGNATURE_FIELD)
        .ok_or("the report is not signed (no `signature` field)")?;
    let field = |name: &str| -> Result<&str, String> {
        sig.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the signature has no `{name}` string"))
    };
    let algorithm = field("algorithm")?;
    if algorithm != ALGORITHM {
        return Err(format!(
            "unsupported algorithm `{algorithm}` (expected {ALGORITHM})"
        ));
    }
    let claimed = field("public_key")?;
    let trusted = public_key_hex(key);
    if !claimed.eq_ignore_ascii_case(&trusted) {
        return Err(format!(
            "signed by another key ({}...), not the key given ({}...)",
            &claimed[..claimed.len().min(16)],
            &trusted[..16]
        ));
    }
    let bytes = unhex(field("value")?)
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .ok_or("the signature value is not 64 bytes of hex")?;
    key.verify_strict(
        canonical_json(report).as_bytes(),
        &Signature::from_bytes(&bytes),
    )
    .map_err(|_| {
        "the signature does not match the report (it was changed after signing)".to_string()
    })
}

fn string_field<'a>(report: &'a Value, pointer: &str) -> Result<&'a str, String> {
    report
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!(
                "the report has no `{}`",
                pointer.trim_start_matches('/').replace('/', ".")
            )
        })
}

/// Checks the report's `answer_sha256` against the answer's bytes.
pub fn verify_answer(report: &Value, answer: &[u8]) -> Result<(), String> {
    let claimed = string_field(report, "/answer_sha256")?;
    let actual = sha256_hex(answer);
    if claimed.eq_ignore_ascii_case(&actual) {
        Ok(())
    } else {
        Err(format!(
            "the answer's SHA-256 is {}..., the report says {}...",
            &actual[..16],
            &claimed[..claimed.len().min(16)]
        ))
    }
}

/// Checks the report's rubric id and digest against a loaded rubric.
pub fn verify_rubric(report: &Value, rubric: &Rubric) -> Result<(), String> {
    let id = string_field(report, "/rubric/id")?;
    let digest = string_field(report, "/rubric/digest")?;
    if digest.eq_ignore_ascii_case(&rubric.digest) {
        return Ok(());
    }
    Err(format!(
        "graded with rubric `{id}` digest {}..., the rubric given (`{}`) has digest {}...",
        &digest[..digest.len().min(16)],
        rubric.id,
        &rubric.digest[..rubric.digest.len().min(16)]
    ))
}

/// A JSON value read strictly: an object holding a key twice, at any depth,
/// is an error. `serde_json` keeps the last of two equal keys, so a report
/// file could show a reader one score and a signature check another.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Parses one JSON value strictly (see [`Strict`]).
fn parse_strict(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<Strict>(text).map(|s| s.0)
}

/// Whether a parse failed on a duplicated key rather than on JSON syntax.
fn is_duplicate(e: &serde_json::Error) -> bool {
    e.classify() == serde_json::error::Category::Data
}

fn is_report(value: &Value) -> bool {
    value.get("answer_sha256").is_some() && value.get("rubric").is_some()
}

/// The reports in a `grade` output: a `--format json` document (every entry
/// of `reports`), one report object, or `--format jsonl` lines. An object
/// holding a key twice is refused, wherever it is.
pub fn reports_in(text: &str) -> Result<Vec<Value>, SignError> {
    let parsed = parse_strict(text);
    let values = match parsed {
        Err(e) if is_duplicate(&e) => return Err(SignError::Reports(e.to_string())),
        Ok(Value::Object(mut map)) if map.get("reports").is_some_and(Value::is_array) => {
            match map.remove("reports") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        Ok(v) => vec![v],
        Err(first) => {
            let mut out = Vec::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match parse_strict(line) {
                    Ok(v) => out.push(v),
                    Err(e) if is_duplicate(&e) => {
                        return Err(SignError::Reports(format!("line {}: {e}", i + 1)));
                    }
                    Err(_) if out.is_empty() => {
                        return Err(SignError::Reports(format!("not JSON: {first}")));
                    }
                    Err(e) => {
                        return Err(SignError::Reports(format!("line {}: not JSON: {e}", i + 1)));
                    }
                }
            }
            out
        }
    };
    if values.is_empty() {
        return Err(SignError::Reports("no reports in the file".to_string()));
    }
    if let Some(i) = values.iter().position(|v| !is_report(v)) {
        return Err(SignError::Reports(format!(
            "entry {} is not a rubricate report (no `answer_sha256` and `rubric`)",
            i + 1
        )));
    }
    Ok(values)
}
