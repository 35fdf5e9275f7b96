//! Running the `pleno` binary as a user does.

use std::process::Command;

/// Runs `pleno ARGS…`: exit code, stdout, stderr.
pub fn pleno(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pleno"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("pleno {args:?} did not start: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// As [`pleno`], with success as a flag.
#[allow(dead_code)] // not every test file asks for it
pub fn pleno_ok(args: &[&str]) -> (bool, String, String) {
    let (code, out, err) = pleno(args);
    (code == Some(0), out, err)
}
