//! The UI's copy of the table (`ui/src/lib/api/generated/commands.ts`), written from
//! `USE_CASES` so that the UI cannot name a use case, path or access the app does not have.
//! The test below fails when the file is stale; `PLENO_BLESS=1 cargo test -p pleno-app
//! generated_ts` rewrites it.

use std::fmt::Write as _;

use super::USE_CASES;

/// Where the generated file lives, from the repository root.
pub const GENERATED: &str = "ui/src/lib/api/generated/commands.ts";

/// The TypeScript text of the route table.
pub fn routes_ts() -> String {
    let mut out = String::from(
        "// Generated from pleno-app's use-case table (crates/pleno-app/src/api/table.rs) by\n\
         // crates/pleno-app/src/api/ts.rs. Do not edit: `PLENO_BLESS=1 cargo test -p pleno-app\n\
         // generated_ts` rewrites it, and that test fails while it is stale.\n\n\
         export const ROUTES = {\n",
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ts_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(GENERATED);
        let want = routes_ts();
        if std::env::var_os("PLENO_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{GENERATED} is stale: run `PLENO_BLESS=1 cargo test -p pleno-app generated_ts`"
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
