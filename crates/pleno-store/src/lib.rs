//! SQLite workspace store with provenance, audit hash chain and content-addressed blobs.
