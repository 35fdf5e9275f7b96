//! Naming a draft: each detected field (`?N`) becomes a catalogue key, or is dropped.

use pleno_core::template::Layout;

use crate::error::{AppError, AppResult, ErrorCode};

/// Names the fields of a draft: `names` maps a draft number (`?N`) to a catalogue key,
/// possibly with `{n}` and its slot (`suara_calon_{n}` and 3), or to `-` for boxes that hold
/// no figure of the form (the date of the closing page), which are dropped. Every field must
/// end up named or dropped.
pub fn name_fields(draft: &mut Layout, names: &[(usize, String, Option<u8>)]) -> AppResult<()> {
    let dropped: Vec<String> = names
        .iter()
        .filter(|(_, key, _)| key == "-")
        .map(|(n, _, _)| format!("?{n}"))
        .collect();
    for (n, key, slot) in names.iter().filter(|(_, key, _)| key != "-") {
        let f = draft
            .fields
            .iter_mut()
            .find(|f| f.key == format!("?{n}"))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "draf {} tidak punya isian ?{n} (atau sudah dinamai)",
                        draft.id
                    ),
                )
            })?;
        if key.contains("{n}") != slot.is_some() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("isian ?{n}: kunci dengan {{n}} perlu nomor urut (@N), kunci lain tidak"),
            ));
        }
        f.key.clone_from(key);
        f.slot = *slot;
    }
    for d in &dropped {
        let before = draft.fields.len();
        draft.fields.retain(|f| &f.key != d);
        if draft.fields.len() == before {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("draf {} tidak punya isian {d} untuk dibuang", draft.id),
            ));
        }
    }
    match draft.fields.iter().find(|f| f.key.starts_with('?')) {
        Some(f) => Err(AppError::new(
            ErrorCode::BadRequest,
            format!("isian {} belum dinamai", f.key),
        )),
        None => Ok(()),
    }
}
