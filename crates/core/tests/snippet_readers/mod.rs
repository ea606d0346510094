//! Readers that turn a snippet back into the request it makes, each by its language's own rules.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use syn::visit::{self, Visit};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

fn run(
    program: &str,
    args: &[&str],
    dir: &Path,
    env: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .map_err(|e| format!("{program} did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

fn first_line_json(out: &[u8]) -> Result<Sent, String> {
    let text = String::from_utf8_lossy(out);
    let line = text.lines().next().unwrap_or("");
    serde_json::from_str(line).map_err(|e| format!("stub printed {line:?}: {e}"))
}

/// bash itself splits the words; `curl` is a function printing its arguments, then stdin.
pub fn read_curl(code: &str, env: &[(String, String)]) -> Result<Sent, String> {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "curl() {{ printf '%s\\0' \"$#\" \"$@\"; if [ \"${{@: -1}}\" = \"@-\" ]; then cat; fi; }}\n{code}"
    );
    std::fs::write(dir.path().join("snippet.sh"), script).unwrap();
    let out = run("bash", &["snippet.sh"], dir.path(), env)?;
    let mut fields = out.split(|b| *b == 0);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|e| e.to_string());
    let n: usize = text(fields.next().unwrap_or_default())?
        .parse()
        .map_err(|_| "no argc")?;
    let args: Vec<String> = (0..n)
        .map(|_| text(fields.next().unwrap_or_default()))
        .collect::<Result<_, _>>()?;
    let argv_len: usize = std::iter::once(n.to_string().len())
        .chain(args.iter().map(String::len))
        .map(|l| l + 1)
        .sum();
    let stdin = text(&out[argv_len..])?;
    let mut sent = Sent {
        method: String::new(),
        url: String::new(),
        headers: vec![],
        body: None,
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} without a value"));
        match arg.as_str() {
            "--head" => sent.method = "HEAD".into(),
            "--request" => sent.method = value()?,
            "--url" => sent.url = value()?,
            "--header" => {
                let h = value()?;
                let (k, v) = h.split_once(": ").ok_or(format!("header {h:?}"))?;
                sent.headers.push((k.into(), v.into()));
            }
            "--data-raw" => sent.body = Some(value()?),
            "--data-binary" if value()? == "@-" => sent.body = Some(stdin.clone()),
            other => return Err(format!("unexpected curl argument {other:?}")),
        }
    }
    Ok(sent)
}

const PY_STUB: &str = r#"import json as _json

class _Response:
    status_code = 200
    text = ""

def request(method, url, headers=None, json=None, data=None):
    body = None
    if json is not None:
        body = _json.dumps(json)
    elif data is not None:
        body = data.decode("utf-8")
    print(_json.dumps({"method": method, "url": url, "headers": list(headers.items()), "body": body}))
    return _Response()
"#;

/// python3 parses and runs the snippet against a `requests` module that records the call.
pub fn read_python(code: &str, env: &[(String, String)]) -> Result<Sent, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requests.py"), PY_STUB).unwrap();
    std::fs::write(dir.path().join("snippet.py"), code).unwrap();
    first_line_json(&run("python3", &["snippet.py"], dir.path(), env)?)
}

const JS_STUB: &str = r#"globalThis.fetch = async (url, init) => {
  const headers = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers);
  console.log(JSON.stringify({ method: init.method, url, headers, body: init.body ?? null }));
  return { status: 200, text: async () => "" };
};
"#;

/// node parses and runs the snippet (an ES module: it awaits at top level) with a stub fetch.
pub fn read_javascript(code: &str, env: &[(String, String)]) -> Result<Sent, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("snippet.mjs"), format!("{JS_STUB}{code}")).unwrap();
    first_line_json(&run("node", &["snippet.mjs"], dir.path(), env)?)
}

fn lookup(env: &[(String, String)], var: &str) -> Result<String, String> {
    env.iter()
        .find(|(k, _)| k == var)
        .map(|(_, v)| v.clone())
        .ok_or(format!("reads {var}, which is not set"))
}

struct RustReader<'a> {
    env: &'a [(String, String)],
    locals: HashMap<String, String>,
    sent: Sent,
    error: Option<String>,
}

fn lit_str(e: &syn::Expr) -> Result<String, String> {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s.value()),
        _ => Err("not a string literal".into()),
    }
}

impl RustReader<'_> {
    fn value(&self, e: &syn::Expr) -> Result<String, String> {
        match e {
            syn::Expr::Reference(r) => match &*r.expr {
                syn::Expr::Path(p) => {
                    let name = p.path.get_ident().ok_or("path")?.to_string();
                    self.locals
                        .get(&name)
                        .cloned()
                        .ok_or(format!("no local {name}"))
                }
                _ => Err("a reference to something else".into()),
            },
            syn::Expr::Macro(m) if m.mac.path.is_ident("format") => {
                let template = m
                    .mac
                    .parse_body::<syn::LitStr>()
                    .map_err(|e| e.to_string())?
                    .value();
                let mut out = String::new();
                let mut chars = template.chars().peekable();
                while let Some(c) = chars.next() {
                    match (c, chars.peek()) {
                        ('{', Some('{')) | ('}', Some('}')) => {
                            out.push(c);
                            chars.next();
                        }
                        ('{', _) => {
                            let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                            out.push_str(self.locals.get(&name).ok_or(format!("no local {name}"))?);
                        }
                        _ => out.push(c),
                    }
                }
                Ok(out)
            }
            other => lit_str(other),
        }
    }

    fn method(e: &syn::Expr) -> Result<String, String> {
        match e {
            syn::Expr::Path(p) => Ok(p.path.segments.last().ok_or("path")?.ident.to_string()),
            syn::Expr::Try(t) => match &*t.expr {
                syn::Expr::Call(c) => match c.args.first() {
                    Some(syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::ByteStr(b),
                        ..
                    })) => String::from_utf8(b.value()).map_err(|e| e.to_string()),
                    _ => Err("from_bytes without a byte string".into()),
                },
                _ => Err("a method expression".into()),
            },
            _ => Err("a method expression".into()),
        }
    }

    fn call(&mut self, m: &syn::ExprMethodCall) -> Result<(), String> {
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        match m.method.to_string().as_str() {
            "request" => {
                self.sent.method = Self::method(args[0])?;
                self.sent.url = lit_str(args[1])?;
            }
            "header" => {
                let pair = (lit_str(args[0])?, self.value(args[1])?);
                self.sent.headers.push(pair);
            }
            "body" => self.sent.body = Some(lit_str(args[0])?),
            _ => {}
        }
        Ok(())
    }
}

impl<'ast> Visit<'ast> for RustReader<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Ident(id), Some(init)) = (&local.pat, &local.init) {
            if let syn::Expr::Try(t) = &*init.expr {
                if let syn::Expr::Call(c) = &*t.expr {
                    if let Some(var) = c.args.first().and_then(|a| lit_str(a).ok()) {
                        match lookup(self.env, &var) {
                            Ok(v) => {
                                self.locals.insert(id.ident.to_string(), v);
                            }
                            Err(e) => self.error = Some(e),
                        }
                    }
                }
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        // The receiver first: the chain is then read in source order.
        visit::visit_expr_method_call(self, m);
        if let Err(e) = self.call(m) {
            self.error.get_or_insert(format!(".{}(): {e}", m.method));
        }
    }
}

/// syn parses the snippet as a Rust file; the request builder chain is then read off it.
pub fn read_rust(code: &str, env: &[(String, String)]) -> Result<Sent, String> {
    let file = syn::parse_file(code).map_err(|e| format!("not Rust: {e}"))?;
    let mut reader = RustReader {
        env,
        locals: HashMap::new(),
        sent: Sent {
            method: String::new(),
            url: String::new(),
            headers: vec![],
            body: None,
        },
        error: None,
    };
    reader.visit_file(&file);
    match reader.error {
        Some(e) => Err(e),
        None => Ok(reader.sent),
    }
}

#[derive(Debug, PartialEq)]
enum Ps {
    Str(String),
    Word(String),
}

const PS_SINGLE: &[char] = &['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
const PS_DOUBLE: &[char] = &['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// PowerShell's tokens as its language specification quotes them: in '…' only a doubled quote
/// character is special; in "…" the backtick escapes and `$env:NAME` expands.
fn ps_tokens(code: &str, env: &[(String, String)]) -> Result<Vec<Ps>, String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() || c == '`' {
            continue;
        }
        if PS_SINGLE.contains(&c) {
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => return Err("unterminated '".into()),
                    Some(q) if PS_SINGLE.contains(&q) => match chars.peek() {
                        Some(n) if PS_SINGLE.contains(n) => s.push(chars.next().unwrap()),
                        _ => break,
                    },
                    Some(ch) => s.push(ch),
                }
            }
            out.push(Ps::Str(s));
        } else if PS_DOUBLE.contains(&c) {
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => return Err("unterminated \"".into()),
                    Some('`') => match chars.next() {
                        Some('n') => s.push('\n'),
                        Some('r') => s.push('\r'),
                        Some('t') => s.push('\t'),
                        Some('0') => s.push('\0'),
                        Some(other) => s.push(other),
                        None => return Err("` at the end".into()),
                    },
                    Some('$') => {
                        let name: String = std::iter::from_fn(|| {
                            chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                        })
                        .collect();
                        let var = name
                            .strip_prefix("env:")
                            .ok_or(format!("expands ${name}"))?;
                        s.push_str(&lookup(env, var)?);
                    }
                    Some(q) if PS_DOUBLE.contains(&q) => break,
                    Some(ch) => s.push(ch),
                }
            }
            out.push(Ps::Str(s));
        } else {
            let mut w = String::from(c);
            while let Some(n) = chars.next_if(|n| !n.is_whitespace()) {
                w.push(n);
            }
            out.push(Ps::Word(w));
        }
    }
    Ok(out)
}

pub fn read_powershell(code: &str, env: &[(String, String)]) -> Result<Sent, String> {
    let tokens = ps_tokens(code, env)?;
    let mut sent = Sent {
        method: String::new(),
        url: String::new(),
        headers: vec![],
        body: None,
    };
    let text = |t: Option<&Ps>| match t {
        Some(Ps::Str(s)) => Ok(s.clone()),
        Some(Ps::Word(w)) if w.starts_with("$env:") => lookup(env, &w[5..]),
        other => Err(format!("expected a string, found {other:?}")),
    };
    let word = |w: &str| Ps::Word(w.into());
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Ps::Word(w) if w == "$headers" && tokens.get(i + 2) == Some(&word("@{")) => {
                i += 3;
                while tokens.get(i) != Some(&word("}")) {
                    if tokens.get(i + 1) != Some(&word("=")) {
                        return Err(format!("hashtable entry at token {i}"));
                    }
                    sent.headers
                        .push((text(tokens.get(i))?, text(tokens.get(i + 2))?));
                    i += 3;
                }
            }
            Ps::Word(w) if w == "$body" && tokens.get(i + 1) == Some(&word("=")) => {
                sent.body = Some(text(tokens.get(i + 2))?);
                i += 2;
            }
            Ps::Word(w) if w == "-Method" || w == "-CustomMethod" => {
                sent.method = text(tokens.get(i + 1))?
            }
            Ps::Word(w) if w == "-Uri" => sent.url = text(tokens.get(i + 1))?,
            Ps::Word(w) if w == "-ContentType" => {
                sent.headers
                    .push(("Content-Type".into(), text(tokens.get(i + 1))?));
            }
            _ => {}
        }
        i += 1;
    }
    Ok(sent)
}
