//! Every error code that crosses into the CLI, the desktop shell and HTTP, with its HTTP
//! status, declared once (docs/api.md lists them; the UI titles each by code). The store's
//! errors map onto them variant by variant, so a new store error does not compile until it
//! has a code here.

use serde::{Serialize, Serializer};

use pleno_store::StoreError;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal => $status:literal, )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable text the UI translates and tests against.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// HTTP status: 400 the user can fix it, 401/403 not allowed, 404 not there,
            /// 409 someone else holds it, 500 the machine.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }
        }
    };
}

error_codes! {
    /// No token, or an unknown one.
    Unauthorized = "unauthorized" => 401,
    /// A read-only token or window asked to change something.
    Forbidden = "forbidden" => 403,
    /// The workspace is open read-only.
    ReadOnly = "read_only" => 403,
    /// A change that does not name the clerk.
    ActorRequired = "actor_required" => 400,
    /// Closing a desa by someone who does not chair its panel.
    NotPanelChair = "not_panel_chair" => 403,
    /// The desktop shell has no workspace open.
    NoWorkspace = "no_workspace" => 400,
    /// Arguments that do not parse.
    BadRequest = "bad_request" => 400,
    /// A request body that did not arrive in time.
    RequestTimeout = "request_timeout" => 408,
    /// A request body larger than the server takes.
    RequestTooLarge = "request_too_large" => 413,
    /// A reference or figures file that cannot be read.
    BadInputFile = "bad_input_file" => 400,
    /// A bundle that is damaged, tampered with or not for this workspace.
    BadBundle = "bad_bundle" => 400,
    /// No such record, page, job or route.
    NotFound = "not_found" => 404,
    /// A path to import that does not exist.
    FileNotFound = "file_not_found" => 400,
    /// A stored photo that cannot be decoded.
    ImageUnreadable = "image_unreadable" => 400,
    /// A sample scan whose layout could not be detected (the message says what was missing).
    CalibrationFailed = "calibration_failed" => 400,
    /// A retrained digit model that is not an ONNX model Pleno can run, or that failed its
    /// check against the model in use (the message names the set and the figures).
    ModelRefused = "model_refused" => 400,
    /// A page the reader refused again (its reason and code are in the message).
    PageRefused = "page_refused" => 400,
    /// Figures for a form with none in them.
    EmptyForm = "empty_form" => 400,
    /// A change of figure without its reason.
    ReasonRequired = "reason_required" => 400,
    /// A reason that is only spaces.
    EmptyReason = "empty_reason" => 400,
    /// Agreeing a form that breaks a rule.
    FormHasErrors = "form_has_errors" => 400,
    /// Agreeing a form with warnings not acknowledged.
    WarningsNeedAcknowledgement = "warnings_need_acknowledgement" => 400,
    /// A form with fields still empty.
    FormIncomplete = "form_incomplete" => 400,
    /// A misread suggestion that no longer applies.
    NoSuggestion = "no_suggestion" => 400,
    /// A recount result without a recount order.
    NoRecountOrdered = "no_recount_ordered" => 400,
    /// The workstation key is not in the workspace.
    KeyMissing = "key_missing" => 400,
    /// A workstation key already exists.
    KeyExists = "key_exists" => 400,
    /// The workstation key file is damaged.
    KeyCorrupt = "key_corrupt" => 400,
    /// The workstation key is kept under a passphrase not yet given in this session.
    KeyLocked = "key_locked" => 400,
    /// The passphrase given does not open the workstation key.
    PassphraseWrong = "passphrase_wrong" => 400,
    /// A new passphrase too short or not repeated alike.
    PassphraseWeak = "passphrase_weak" => 400,
    /// A kecamatan's first bundle: its key's fingerprint must be compared with the signed paper.
    KeyNotEnrolled = "key_not_enrolled" => 400,
    /// A bundle signed by another key than the one enrolled for its kecamatan.
    KeyNotTrusted = "key_not_trusted" => 400,
    /// The fingerprint typed is not the bundle key's.
    FingerprintMismatch = "fingerprint_mismatch" => 400,
    /// The digit model cannot be loaded.
    ReaderUnavailable = "reader_unavailable" => 400,
    /// A form layout that does not fit its catalogue.
    Template = "template" => 400,
    /// The bundled demo data is missing or damaged.
    DemoData = "demo_data" => 500,
    /// The system viewer could not open a document.
    OpenFailed = "open_failed" => 400,
    /// A document could not be laid out.
    PrintFailed = "print_failed" => 400,
    /// Printing final documents while figures are not agreed.
    RecapIncomplete = "recap_incomplete" => 400,
    /// A PDF without Pleno's integrity mark.
    NotAPlenoDocument = "not_a_pleno_document" => 400,
    /// Reading or writing a file failed.
    Io = "io" => 500,
    /// A failure inside Pleno.
    Internal = "internal" => 500,
    /// A folder that is not a Pleno workspace.
    NotAWorkspace = "not_a_workspace" => 400,
    /// A database that is not Pleno's.
    NotPlenoDatabase = "not_pleno_database" => 400,
    /// Creating a workspace where one exists.
    WorkspaceExists = "workspace_exists" => 400,
    /// A workspace written by a newer Pleno.
    SchemaNewer = "schema_newer" => 400,
    /// An older workspace opened read-only cannot be upgraded.
    SchemaOlderReadOnly = "schema_older_read_only" => 400,
    /// Another Pleno has the workspace open.
    WorkspaceLocked = "workspace_locked" => 409,
    /// The database is busy; try again.
    DatabaseBusy = "database_busy" => 409,
    /// The disk is full.
    DiskFull = "disk_full" => 500,
    /// The database is damaged.
    DatabaseCorrupt = "database_corrupt" => 500,
    /// Another database failure.
    Database = "database" => 500,
    /// An original file is missing from the workspace.
    BlobMissing = "blob_missing" => 400,
    /// An original file no longer matches its hash.
    BlobCorrupt = "blob_corrupt" => 400,
    /// A malformed file hash.
    BadBlobHash = "bad_blob_hash" => 400,
    /// A workspace setup that does not hold together.
    InvalidSetup = "invalid_setup" => 400,
    /// A clerk name that is empty or too long.
    InvalidActor = "invalid_actor" => 400,
    /// A stored value this version does not know.
    UnknownValue = "unknown_value" => 400,
    /// A kecamatan action in a kabupaten workspace, or the reverse.
    WrongLevel = "wrong_level" => 400,
    /// A batch with nothing in it.
    EmptyBatch = "empty_batch" => 400,
    /// A field key that is not on the form.
    FieldNotOnForm = "field_not_on_form" => 400,
    /// A figure outside what the field can hold.
    ValueOutOfRange = "value_out_of_range" => 400,
    /// A change after closing that names no objection.
    ObjectionRequired = "objection_required" => 400,
    /// An objection about another place.
    ObjectionNotApplicable = "objection_not_applicable" => 400,
    /// A reading that does not belong to the field.
    ReadingMismatch = "reading_mismatch" => 400,
    /// A reading with impossible values.
    InvalidReading = "invalid_reading" => 400,
    /// A page without a TPS, contest and page code.
    PageNotIdentified = "page_not_identified" => 400,
    /// A page code the form does not have.
    PageCodeNotOnForm = "page_code_not_on_form" => 400,
    /// Page corners that do not make a page.
    InvalidGeometry = "invalid_geometry" => 400,
    /// More panels than the limit.
    PanelLimit = "panel_limit" => 400,
    /// A panel name already in use.
    PanelNameTaken = "panel_name_taken" => 400,
    /// A KPPS panel count other than 1 or 2.
    BadKppsPanels = "bad_kpps_panels" => 400,
    /// Closing a desa with forms not agreed.
    DesaIncomplete = "desa_incomplete" => 400,
    /// Finalising with desa not closed.
    KecamatanIncomplete = "kecamatan_incomplete" => 400,
    /// Figures for a form recorded as absent.
    FormRecordedAbsent = "form_recorded_absent" => 400,
    /// Changing an agreed form without reopening it.
    FormIsAgreed = "form_is_agreed" => 400,
    /// Signing off what is already signed off.
    AlreadySignedOff = "already_signed_off" => 409,
    /// Reopening what is already reopened.
    AlreadyRevoked = "already_revoked" => 400,
    /// Reopening a desa while the kecamatan is final.
    FinalStillActive = "final_still_active" => 400,
    /// Resolving an objection twice.
    ObjectionAlreadyResolved = "objection_already_resolved" => 400,
    /// Settings out of their bounds.
    InvalidSettings = "invalid_settings" => 400,
    /// A device made without a name, a person, or with a role and panel that do not match.
    InvalidDevice = "invalid_device" => 400,
    /// A pairing code that is wrong, used or expired.
    PairingRefused = "pairing_refused" => 401,
    /// Too many wrong pairing codes in a short time; wait a minute.
    TooManyAttempts = "too_many_attempts" => 429,
    /// A write based on a form that another panel changed since (who, what, when in the message).
    StaleWrite = "stale_write" => 409,
    /// A LAN client named a path on the workstation's disk (or a place outside `keluaran/`).
    ServerPathRefused = "server_path_refused" => 403,
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&StoreError> for ErrorCode {
    fn from(e: &StoreError) -> ErrorCode {
        match e {
            StoreError::NotAWorkspace { .. } => ErrorCode::NotAWorkspace,
            StoreError::NotPlenoDatabase { .. } => ErrorCode::NotPlenoDatabase,
            StoreError::AlreadyExists { .. } => ErrorCode::WorkspaceExists,
            StoreError::NewerSchema { .. } => ErrorCode::SchemaNewer,
            StoreError::OlderSchemaReadOnly { .. } => ErrorCode::SchemaOlderReadOnly,
            StoreError::Locked { .. } => ErrorCode::WorkspaceLocked,
            StoreError::Busy { .. } => ErrorCode::DatabaseBusy,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::DiskFull { .. } => ErrorCode::DiskFull,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StoreError::Sqlite { .. } => ErrorCode::Database,
            StoreError::BlobMissing { .. } => ErrorCode::BlobMissing,
            StoreError::BlobCorrupt { .. } => ErrorCode::BlobCorrupt,
            StoreError::BadBlobHash { .. } => ErrorCode::BadBlobHash,
            StoreError::InvalidSetup { .. } => ErrorCode::InvalidSetup,
            StoreError::InvalidActor { .. } => ErrorCode::InvalidActor,
            StoreError::UnknownValue { .. } => ErrorCode::UnknownValue,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::WrongLevel { .. } => ErrorCode::WrongLevel,
            StoreError::EmptyBatch => ErrorCode::EmptyBatch,
            StoreError::FieldNotOnForm { .. } => ErrorCode::FieldNotOnForm,
            StoreError::ValueOutOfRange { .. } => ErrorCode::ValueOutOfRange,
            StoreError::ReasonRequired { .. } => ErrorCode::ReasonRequired,
            StoreError::EmptyReason { .. } => ErrorCode::EmptyReason,
            StoreError::ObjectionRequired { .. } => ErrorCode::ObjectionRequired,
            StoreError::ObjectionNotApplicable { .. } => ErrorCode::ObjectionNotApplicable,
            StoreError::ReadingMismatch { .. } => ErrorCode::ReadingMismatch,
            StoreError::InvalidReading { .. } => ErrorCode::InvalidReading,
            StoreError::PageNotIdentified { .. } => ErrorCode::PageNotIdentified,
            StoreError::PageCodeNotOnForm { .. } => ErrorCode::PageCodeNotOnForm,
            StoreError::InvalidGeometry { .. } => ErrorCode::InvalidGeometry,
            StoreError::PanelLimit { .. } => ErrorCode::PanelLimit,
            StoreError::PanelNameTaken { .. } => ErrorCode::PanelNameTaken,
            StoreError::BadKppsPanels { .. } => ErrorCode::BadKppsPanels,
            StoreError::FormIncomplete { .. } => ErrorCode::FormIncomplete,
            StoreError::DesaIncomplete { .. } => ErrorCode::DesaIncomplete,
            StoreError::KecamatanIncomplete { .. } => ErrorCode::KecamatanIncomplete,
            StoreError::FormRecordedAbsent { .. } => ErrorCode::FormRecordedAbsent,
            StoreError::FormIsAgreed { .. } => ErrorCode::FormIsAgreed,
            StoreError::AlreadySignedOff { .. } => ErrorCode::AlreadySignedOff,
            StoreError::AlreadyRevoked { .. } => ErrorCode::AlreadyRevoked,
            StoreError::FinalStillActive { .. } => ErrorCode::FinalStillActive,
            StoreError::ObjectionAlreadyResolved { .. } => ErrorCode::ObjectionAlreadyResolved,
            StoreError::InvalidSettings { .. } => ErrorCode::InvalidSettings,
            StoreError::InvalidDevice { .. } => ErrorCode::InvalidDevice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_listed_in_the_api_documentation() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
        }
        let doc = include_str!("../../../docs/api.md");
        let section = &doc[doc.find("## Error codes").unwrap()..];
        for c in ErrorCode::ALL {
            assert!(
                section.contains(&format!("`{c}`")),
                "docs/api.md does not list `{c}`"
            );
        }
    }
}
