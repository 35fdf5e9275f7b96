// Every command of the shell. `build.rs` makes an `allow-<name>` permission of each for the
// capability files. The use cases themselves are not listed here: they are pleno-app's table
// (`pleno_app::api::USE_CASES`), reached through `read` and `write` by name.

/// Commands the projector window may call: nothing here changes anything.
pub const READ: &[&str] = &["read", "page_image"];

/// Commands that change the workspace or the shell (main window only).
pub const WRITE: &[&str] = &[
    "write",
    "recent_workspaces",
    "open_workspace",
    "create_workspace",
    "close_workspace",
    "open_document",
    "open_projector",
    "places",
    "open_demo",
    "painted",
    "sharing_status",
    "set_sharing",
];

pub const ALL: &[&str] = &[
    "read",
    "page_image",
    "write",
    "recent_workspaces",
    "open_workspace",
    "create_workspace",
    "close_workspace",
    "open_document",
    "open_projector",
    "places",
    "open_demo",
    "painted",
    "sharing_status",
    "set_sharing",
];
