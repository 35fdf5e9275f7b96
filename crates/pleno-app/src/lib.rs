//! Use cases over a Pleno workspace: import, review, panels, recap, print, export, HTTP API.
