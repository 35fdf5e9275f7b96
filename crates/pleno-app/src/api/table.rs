//! The table: one line per use case. Its function lives in the module named first.

use schemars::{Schema, SchemaGenerator};

use super::{
    Access, Input, Method, UseCase, Ws, acting, control_schemas, encode, read_schemas,
    write_schemas,
};
use super::{devices, documents, key, layouts, models, objections, pages, reads, review, settings};
use crate::error::{AppResult, not_found};
use crate::workspace::Who;

macro_rules! run {
    (Write, $f:path, $ws:expr, $who:expr, $args:expr) => {
        $f($ws, acting($who)?, $args)
    };
    (Control, $f:path, $ws:expr, $who:expr, $args:expr) => {
        $f($ws, $who, $args)
    };
    ($other:ident, $f:path, $ws:expr, $who:expr, $args:expr) => {
        $f($ws, $args)
    };
}

macro_rules! schema {
    (Write, $f:path, $args:expr, $out:expr) => {
        write_schemas($f, $args, $out)
    };
    (Control, $f:path, $args:expr, $out:expr) => {
        control_schemas($f, $args, $out)
    };
    ($other:ident, $f:path, $args:expr, $out:expr) => {
        read_schemas($f, $args, $out)
    };
}

macro_rules! use_cases {
    ($( $name:ident : $method:ident $path:literal, $access:ident => $f:path; )*) => {
        /// Every use case, in the order the API documentation lists them.
        pub const USE_CASES: &[UseCase] = &[
            $( UseCase {
                name: stringify!($name),
                method: Method::$method,
                path: $path,
                access: Access::$access,
            }, )*
        ];

        /// Runs the use case `name` with `input`; `who` is required for writes.
        pub fn call(ws: &Ws, who: Option<&Who>, name: &str, input: Input) -> AppResult<serde_json::Value> {
            match name {
                $( stringify!($name) => {
                    let args = input.decode(stringify!($name))?;
                    let out = run!($access, $f, ws, who, args)?;
                    if Access::$access == Access::Write {
                        super::after_write(ws, who, stringify!($name));
                    }
                    encode(&out)
                } )*
                _ => Err(not_found(format!("perintah '{name}' tidak dikenal; lihat docs/api.md"))),
            }
        }

        /// Every use case's arguments (inline) and answer (usually a reference into `out`'s
        /// definitions), in table order: what the UI's TypeScript types are written from.
        pub fn schemas(args: &mut SchemaGenerator, out: &mut SchemaGenerator) -> Vec<(&'static str, Schema, Schema)> {
            vec![ $( {
                let (a, o) = schema!($access, $f, args, out);
                (stringify!($name), a, o)
            }, )* ]
        }
    };
}

use_cases! {
    workspace_summary: Get "/api/workspace", Read => reads::workspace_summary;
    crop_learning: Get "/api/crops/learning", Read => reads::crop_learning;
    election: Get "/api/election", Read => reads::election;
    organisation: Get "/api/organisation", Read => reads::organisation;
    add_panel: Post "/api/panels", Write => settings::add_panel;
    assign_desa: Post "/api/panels/{id}/desa", Write => settings::assign_desa;
    set_panel_chair: Post "/api/panels/{id}/chair", Write => settings::set_panel_chair;
    hand_over_tps: Post "/api/tps/{tps}/handover", Write => settings::hand_over_tps;
    set_kpps_panels: Post "/api/tps/{tps}/kpps-panels", Write => settings::set_kpps_panels;
    policy: Get "/api/settings/policy", Read => reads::policy;
    set_policy: Put "/api/settings/policy", Write => settings::set_policy;
    set_max_panels: Put "/api/settings/max-panels", Write => settings::set_max_panels;
    devices: Get "/api/devices", Read => devices::devices;
    create_device: Post "/api/devices", Write => devices::create_device;
    revoke_device: Post "/api/devices/{id}/revoke", Write => devices::revoke_device;
    qr: Get "/api/qr", Read => reads::qr;

    queue: Get "/api/queue", Read => reads::queue;
    form: Get "/api/forms/{tps}/{contest}", Read => reads::form;
    confirm_form: Post "/api/forms/{tps}/{contest}/confirm", Write => review::confirm_form;
    correct_field: Put "/api/forms/{tps}/{contest}/fields/{key}", Write => review::correct_field;
    accept_suggestion: Post "/api/forms/{tps}/{contest}/suggestions/{index}/accept", Write => review::accept_suggestion;
    request_recount: Post "/api/forms/{tps}/{contest}/recount", Write => review::request_recount;
    enter_recount: Post "/api/forms/{tps}/{contest}/recount-result", Write => review::enter_recount;
    enter_form: Post "/api/forms/{tps}/{contest}/entries", Write => review::enter_form;
    field_history: Get "/api/forms/{tps}/{contest}/fields/{key}/history", Read => reads::field_history;

    pages: Get "/api/pages", Read => reads::pages;
    page: Get "/api/pages/{id}", Read => reads::page;
    assign_page: Post "/api/pages/{id}/assign", Write => pages::assign_page;
    set_corners: Post "/api/pages/{id}/corners", Write => pages::set_corners;
    import_photos: Post "/api/import", Write => pages::import_photos;
    import_uploads: Post "/api/uploads/{batch}/import", Write => pages::import_uploads;
    import_figures: Post "/api/import/figures", Write => pages::import_figures;
    import_uploaded_figures: Post "/api/uploads/{batch}/figures", Write => pages::import_uploaded_figures;
    jobs: Get "/api/jobs", Read => reads::jobs;
    job: Get "/api/jobs/{id}", Read => reads::job;
    cancel_job: Post "/api/jobs/{id}/cancel", Control => pages::cancel_job;

    objections: Get "/api/objections", Read => reads::objections;
    raise_objection: Post "/api/objections", Write => objections::raise_objection;
    resolve_objection: Post "/api/objections/{id}/resolve", Write => objections::resolve_objection;
    signoffs: Get "/api/signoffs", Read => reads::signoffs;
    close_desa: Post "/api/desa/{desa}/close", Write => objections::close_desa;
    finalize_kecamatan: Post "/api/kecamatan/finalize", Write => objections::finalize_kecamatan;
    reopen_signoff: Post "/api/signoffs/{id}/reopen", Write => objections::reopen_signoff;

    recap: Get "/api/recap", Read => reads::recap;
    print: Post "/api/print", Write => documents::print;
    export: Post "/api/export", Write => documents::export;
    bundle_export: Post "/api/bundle/export", Write => documents::bundle_export;
    bundle_import: Post "/api/bundle/import", Write => documents::bundle_import;
    outputs: Get "/api/files", Read => reads::outputs;

    key_status: Get "/api/key", Read => key::key_status;
    unlock_key: Post "/api/key/unlock", Write => key::unlock_key;
    lock_key: Post "/api/key/lock", Write => key::lock_key;
    protect_key: Post "/api/key/protect", Write => key::protect_key;

    calibrated_layouts: Get "/api/layouts", Read => layouts::calibrated_layouts;
    detect_layout_sample: Post "/api/layouts/detect", Read => layouts::detect_layout_sample;
    install_layout: Post "/api/layouts", Write => layouts::install_layout;
    install_layout_file: Post "/api/layouts/file", Write => layouts::install_layout_file;
    remove_layout: Post "/api/layouts/{page_code}/remove", Write => layouts::remove_layout;

    model_in_use: Get "/api/model", Read => models::model_in_use;
    check_model: Post "/api/model/check", Read => models::check_model;
    install_model: Post "/api/model", Write => models::install_model;
    remove_model: Post "/api/model/remove", Write => models::remove_model;

    audit: Get "/api/audit", Read => reads::audit;
    audit_kinds: Get "/api/audit/kinds", Read => reads::audit_kinds;
    verify_audit: Post "/api/audit/verify", Read => documents::verify_audit;
    backup: Post "/api/backup", Write => documents::backup;
    selection: Get "/api/selection", Read => reads::selection;
    set_selection: Post "/api/selection", Control => review::set_selection;
    floor: Get "/api/floor", Read => reads::floor;
    give_floor: Post "/api/floor", Control => review::give_floor;
}
