//! Writing to stdout without panicking when the reader goes away (`pleno demo | head`).

use std::io::Write as _;

pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe is the reader's choice, not an error of ours.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
