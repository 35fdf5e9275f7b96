//! A page of a contest kind defined by data ([`crate::kind`]): it has no shipped layout, so it
//! is drawn only by a layout the office calibrated, whose fields are named with the kind's keys.

use super::layout::Layout;
use super::resolve::{Resolved, assemble, resolved_field, same_keys};
use super::{Template, TemplateError};
use crate::field::FieldKey;
use crate::kind::ContestKind;

impl Template {
    /// Page `code` of `kind` drawn by `layout`, which must hold exactly the page's fields.
    pub fn for_kind(
        layout: &Layout,
        code: u16,
        kind: &ContestKind,
    ) -> Result<Template, TemplateError> {
        let pages = kind.page_codes();
        let Some(page_no) = pages.iter().position(|c| *c == code) else {
            return Err(TemplateError::UnknownPage(code));
        };
        let mut fields = Vec::with_capacity(layout.fields.len());
        for spec in &layout.fields {
            // A field named by series (`suara_paslon_{n}` with its slot) is the slot's pair.
            let name = match spec.slot {
                Some(n) => spec.key.replace("{n}", &n.to_string()),
                None => spec.key.clone(),
            };
            fields.push(resolved_field(layout, &name, spec)?);
        }
        // A calibrated layout's texts are what the sample printed; placeholders have no
        // meaning for a kind.
        let texts = layout
            .texts
            .iter()
            .filter(|t| !t.text.contains('{'))
            .cloned()
            .collect();
        let items = Resolved {
            fields,
            texts,
            tag: layout.tag.clone(),
        };
        let t = assemble(layout, code, items, (page_no + 1, pages.len()))?;
        let expected: Vec<FieldKey> = kind.page_fields(code).iter().map(|f| f.key).collect();
        same_keys(&t, code, &expected)?;
        Ok(t)
    }
}
