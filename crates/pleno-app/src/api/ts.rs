//! The UI's copy of the table, written from `USE_CASES` and the use cases' own Rust types so
//! that the UI cannot name a use case, path, argument or answer field the app does not have:
//! `ui/src/lib/api/generated/commands.ts` (routes and access) and
//! `ui/src/lib/api/generated/types.ts` (every type that crosses, and `Api`: each use case's
//! arguments and answer). The types go Rust → JSON Schema (schemars, which reads the serde
//! attributes, so renames, tags and skipped fields come out as they travel) → TypeScript
//! (`ts_type` below). The test below fails when either file is stale;
//! `PLENO_BLESS=1 cargo test -p pleno-app generated_ts` rewrites them.

use std::fmt::Write as _;

use schemars::generate::{Contract, SchemaSettings};
use serde_json::{Map, Value};

use super::{USE_CASES, schemas};

/// Where the generated files live, from the repository root.
pub const GENERATED: &str = "ui/src/lib/api/generated/commands.ts";
pub const GENERATED_TYPES: &str = "ui/src/lib/api/generated/types.ts";

const HEADER: &str = "// Generated from pleno-app's use-case table (crates/pleno-app/src/api/table.rs) by\n\
     // crates/pleno-app/src/api/ts.rs. Do not edit: `PLENO_BLESS=1 cargo test -p pleno-app\n\
     // generated_ts` rewrites it, and that test fails while it is stale.\n\n";

/// The TypeScript text of the route table.
pub fn routes_ts() -> String {
    let mut out = format!("{HEADER}export const ROUTES = {{\n");
    for c in USE_CASES {
        let _ = writeln!(
            out,
            "  {}: {{ method: '{}', path: '{}', access: '{}' }},",
            c.name,
            c.method.as_str(),
            c.path,
            c.access.as_str()
        );
    }
    out.push_str("} as const;\n");
    out
}

/// The TypeScript text of every type that crosses, and the `Api` map of each use case's
/// arguments and answer. Answers are described as serialised, arguments as deserialised
/// (a field with a default may be left out).
pub fn types_ts() -> String {
    let settings = |contract| {
        let mut s = SchemaSettings::draft2020_12();
        s.contract = contract;
        s.into_generator()
    };
    let mut args_gen = settings(Contract::Deserialize);
    let mut out_gen = settings(Contract::Serialize);
    let cases = schemas(&mut args_gen, &mut out_gen);
    // Not an answer but pushed to listeners (SSE, desktop events): the UI reads it all the same.
    out_gen.subschema_for::<crate::events::AppEvent>();
    // The desktop shell's LAN sharing answers this (`src-tauri` set_sharing, sharing_status).
    out_gen.subschema_for::<crate::http::SharingStatus>();

    let mut defs = out_gen.definitions().clone();
    for (name, schema) in args_gen.definitions() {
        match defs.get(name) {
            None => {
                defs.insert(name.clone(), schema.clone());
            }
            // A type whose JSON differs by direction would need two names; none does yet.
            Some(have) => assert!(
                strip_docs(have) == strip_docs(schema),
                "{name} is read and written in different shapes; give the two directions two types"
            ),
        }
    }

    let mut out = String::from(HEADER);
    for (name, schema) in &defs {
        doc(&mut out, schema, "");
        match interface_body(schema) {
            Some(body) => {
                let _ = writeln!(out, "export interface {name} {body}\n");
            }
            None => {
                let _ = writeln!(out, "export type {name} = {};\n", ts_type(schema, ""));
            }
        }
    }
    out.push_str("/** Each use case's arguments and answer, by the name `ROUTES` gives it. */\n");
    out.push_str("export interface Api {\n");
    for (name, args, answer) in &cases {
        let _ = writeln!(
            out,
            "  {name}: {{\n    args: {};\n    out: {};\n  }};",
            ts_type(args.as_value(), "    "),
            ts_type(answer.as_value(), "    ")
        );
    }
    out.push_str("}\n");
    out
}

fn strip_docs(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "description" && k.as_str() != "title")
                .map(|(k, v)| (k.clone(), strip_docs(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_docs).collect()),
        other => other.clone(),
    }
}

fn doc(out: &mut String, schema: &Value, indent: &str) {
    if let Some(d) = schema.get("description").and_then(Value::as_str) {
        let d = d.replace("*/", "* /");
        if d.contains('\n') {
            let _ = writeln!(out, "{indent}/**");
            for line in d.lines() {
                let _ = writeln!(
                    out,
                    "{indent} *{}{line}",
                    if line.is_empty() { "" } else { " " }
                );
            }
            let _ = writeln!(out, "{indent} */");
        } else {
            let _ = writeln!(out, "{indent}/** {d} */");
        }
    }
}

/// `{ … }` for a plain object with named properties (written as an interface), else None.
fn interface_body(schema: &Value) -> Option<String> {
    let m = schema.as_object()?;
    let plain = m.get("type").and_then(Value::as_str) == Some("object")
        && m.contains_key("properties")
        && !["oneOf", "anyOf", "allOf", "additionalProperties"]
            .iter()
            .any(|k| m.get(*k).is_some_and(|v| v != &Value::Bool(false)));
    plain.then(|| object_ts(m, ""))
}

fn object_ts(m: &Map<String, Value>, indent: &str) -> String {
    let empty = Map::new();
    let props = m
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: Vec<&str> = m
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if props.is_empty() {
        return match m.get("additionalProperties") {
            Some(v) if v.is_object() || v == &Value::Bool(true) => {
                format!("Record<string, {}>", ts_type(v, indent))
            }
            _ => "Record<string, never>".to_string(),
        };
    }
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, schema) in props {
        doc(&mut out, schema, &inner);
        let opt = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        let _ = writeln!(out, "{inner}{name}{opt}: {};", ts_type(schema, &inner));
    }
    out.push_str(indent);
    out.push('}');
    out
}

/// The TypeScript for one schema; `indent` is where a multi-line object would start.
pub(crate) fn ts_type(schema: &Value, indent: &str) -> String {
    let m = match schema {
        Value::Bool(false) => return "never".into(),
        Value::Object(m) => m,
        _ => return "unknown".into(),
    };
    if let Some(r) = m.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(c) = m.get("const") {
        return c.to_string();
    }
    if let Some(e) = m.get("enum").and_then(Value::as_array) {
        return union(e.iter().map(Value::to_string).collect());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = m.get(key).and_then(Value::as_array) {
            let variants = union(alts.iter().map(|a| ts_type(a, indent)).collect());
            return with_common(m, variants, indent);
        }
    }
    if let Some(all) = m.get("allOf").and_then(Value::as_array) {
        let parts: Vec<String> = all.iter().map(|a| ts_type(a, indent)).collect();
        return with_common(m, parts.join(" & "), indent);
    }
    match m.get("type") {
        Some(Value::String(t)) => typed(m, t, indent),
        Some(Value::Array(ts)) => union(
            ts.iter()
                .filter_map(Value::as_str)
                .map(|t| typed(m, t, indent))
                .collect(),
        ),
        _ => "unknown".into(),
    }
}

/// Properties declared beside a oneOf/allOf (a flattened struct beside a tagged enum).
fn with_common(m: &Map<String, Value>, variants: String, indent: &str) -> String {
    if m.contains_key("properties") {
        format!("{} & ({variants})", object_ts(m, indent))
    } else {
        variants
    }
}

fn typed(m: &Map<String, Value>, t: &str, indent: &str) -> String {
    match t {
        "string" => "string".into(),
        "integer" | "number" => "number".into(),
        "boolean" => "boolean".into(),
        "null" => "null".into(),
        "array" => {
            if let Some(items) = m.get("prefixItems").and_then(Value::as_array) {
                let parts: Vec<String> = items.iter().map(|i| ts_type(i, indent)).collect();
                return format!("[{}]", parts.join(", "));
            }
            let item = m
                .get("items")
                .map_or("unknown".into(), |i| ts_type(i, indent));
            // A Rust array ([f64; 4]) has a fixed length: a tuple, so `box[3]` is a number.
            let len = |k: &str| m.get(k).and_then(Value::as_u64);
            if let (Some(min), Some(max)) = (len("minItems"), len("maxItems"))
                && min == max
                && max <= 8
            {
                let n = usize::try_from(max).unwrap_or(0);
                return format!("[{}]", vec![item; n].join(", "));
            }
            if item.contains(' ') && !item.starts_with('{') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        "object" => object_ts(m, indent),
        _ => "unknown".into(),
    }
}

fn union(mut parts: Vec<String>) -> String {
    let mut seen = std::collections::HashSet::new();
    parts.retain(|p| seen.insert(p.clone()));
    parts.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(file: &str, want: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(file);
        if std::env::var_os("PLENO_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{file} is stale: run `PLENO_BLESS=1 cargo test -p pleno-app generated_ts`"
        );
    }

    #[test]
    fn generated_ts_is_current() {
        check(GENERATED, &routes_ts());
        check(GENERATED_TYPES, &types_ts());
    }

    #[test]
    fn schemas_become_typescript() {
        let t = |v: serde_json::Value| ts_type(&v, "");
        assert_eq!(
            t(serde_json::json!({"type": ["string", "null"]})),
            "string | null"
        );
        assert_eq!(
            t(serde_json::json!({"type": "array", "items": {"enum": ["a", "b"]}})),
            "(\"a\" | \"b\")[]"
        );
        assert_eq!(
            t(serde_json::json!({"anyOf": [{"$ref": "#/$defs/Page"}, {"type": "null"}]})),
            "Page | null"
        );
        assert_eq!(
            t(
                serde_json::json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "integer"}]})
            ),
            "[number, number]"
        );
        assert_eq!(
            t(
                serde_json::json!({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2})
            ),
            "[number, number]"
        );
        assert_eq!(
            t(serde_json::json!({"type": "object", "additionalProperties": {"type": "integer"}})),
            "Record<string, number>"
        );
        assert_eq!(
            t(
                serde_json::json!({"type": "object", "properties": {"a": {"type": "boolean"}, "b": {"type": "string"}}, "required": ["a"]})
            ),
            "{\n  a: boolean;\n  b?: string;\n}"
        );
    }

    #[test]
    fn names_and_routes_are_unique() {
        let mut names: Vec<_> = USE_CASES.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), USE_CASES.len(), "a use case is declared twice");
        let routes: Vec<_> = USE_CASES.iter().map(|c| (c.method, c.path)).collect();
        let mut seen = std::collections::HashSet::new();
        for (m, p) in routes {
            assert!(
                seen.insert((m.as_str(), p)),
                "{} {p} declared twice",
                m.as_str()
            );
        }
    }

    #[test]
    fn every_get_only_reads() {
        // A read-only token may call exactly the reads; verify_audit reads but is a POST
        // because it can take seconds and should not be cached or prefetched.
        for c in USE_CASES {
            if c.method == super::super::Method::Get {
                assert_eq!(c.access, super::super::Access::Read, "{}", c.name);
            }
        }
    }
}
