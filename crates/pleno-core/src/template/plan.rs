//! Which layout each page of a form uses and which pairs, parties and candidates sit in its
//! slots. Plano pages follow the catalogue's page codes exactly; salinan sheets are ours.

use crate::catalogue::{Catalogue, PageCode, closing_page};
use crate::contest::Contest;
use crate::field::FieldKey;

/// Tag ids of the salinan family are `SALINAN_TAG_BASE + type × 100 + sheet` (1101, 1102 for
/// PPWP; 1x99 for the closing sheet of the other forms). The official salinan carries no tag, so
/// these ids are Pleno's own; they stay clear of the plano codes (101–599) and of SIREKAP's
/// variant ranges (131–595), and inside tag36h10's 2320 codes.
pub const SALINAN_TAG_BASE: u16 = 1000;

/// DPD candidates per salinan sheet (the official DPD salinan holds 20 per sheet).
pub const SALINAN_DPD_PER_SHEET: usize = 20;
/// Parties per salinan sheet.
pub const SALINAN_PARTIES_PER_SHEET: usize = 2;

/// One block of slots on a page: a party (on party pages) and the numbers in its slots
/// (pairs, candidates or DPD candidates, in page order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Group {
    pub party: Option<u8>,
    pub numbers: Vec<u8>,
}

/// What one physical page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub tag_id: u16,
    pub layout: &'static str,
    /// Groups in layout order (`group` 1 is the first).
    pub groups: Vec<Group>,
    /// Catalogue pages whose fields appear here (one for the plano; several on a salinan).
    pub covers: Vec<PageCode>,
    /// 1-based page number within its form and the form's page count ("Halaman 2 dari 3").
    pub page_no: usize,
    pub page_count: usize,
}

impl Plan {
    /// Whether catalogue field `key` belongs on this page.
    pub fn holds(&self, key: FieldKey, page: PageCode) -> bool {
        if !self.covers.contains(&page) {
            return false;
        }
        let party_in = |p: u8| self.groups.iter().any(|g| g.party == Some(p));
        let number_in = |n: u8| self.groups.iter().any(|g| g.numbers.contains(&n));
        match key {
            FieldKey::PartyVotes(p) | FieldKey::PartyTotal(p) | FieldKey::CandidateVotes(p, _) => {
                party_in(p)
            }
            FieldKey::DpdCandidate(n) | FieldKey::Paslon(n) => number_in(n),
            _ => true,
        }
    }
}

/// Rows per party page: the smallest printed layout (10, 12, 14) that holds the longest list,
/// never below the contest's usual one (DPR 10, DPRD Provinsi 12, DPRD Kab/Kota 14; docs/domain.md
/// §2.1). DPRD Provinsi lists of 13–14 candidates therefore get the 14-row layout.
pub fn party_rows(catalogue: &Catalogue) -> usize {
    let base = match catalogue.contest {
        Contest::DprdProv => 12,
        Contest::DprdKab => 14,
        _ => 10,
    };
    let longest = groups_by_page(catalogue)
        .iter()
        .map(|(_, g)| g.numbers.len())
        .max()
        .unwrap_or(0);
    [10, 12, 14]
        .into_iter()
        .find(|&r| r >= base && r >= longest)
        .unwrap_or(14)
}

/// The group on each catalogue page that has slots (PPWP p.2, party pages, DPD pages).
fn groups_by_page(catalogue: &Catalogue) -> Vec<(PageCode, Group)> {
    let mut out: Vec<(PageCode, Group)> = Vec::new();
    for f in &catalogue.fields {
        let (party, number) = match f.key {
            FieldKey::Paslon(n) | FieldKey::DpdCandidate(n) => (None, Some(n)),
            FieldKey::PartyVotes(p) | FieldKey::PartyTotal(p) => (Some(p), None),
            FieldKey::CandidateVotes(p, n) => (Some(p), Some(n)),
            _ => continue,
        };
        let idx = if let Some(i) = out.iter().position(|(pg, _)| *pg == f.page) {
            i
        } else {
            out.push((f.page, Group::default()));
            out.len() - 1
        };
        let group = &mut out[idx].1;
        if party.is_some() {
            group.party = party;
        }
        if let Some(n) = number
            && !group.numbers.contains(&n)
        {
            group.numbers.push(n);
        }
    }
    out
}

/// The plano pages of a form, in order.
pub fn plano_plans(catalogue: &Catalogue) -> Vec<Plan> {
    let pages = catalogue.pages();
    let groups = groups_by_page(catalogue);
    let contest = catalogue.contest;
    let closing = closing_page(contest);
    let rows = party_rows(catalogue);
    let count = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(i, &code)| {
            let layout = match (contest, code.page()) {
                (Contest::Ppwp, 1) => "ppwp-1",
                (Contest::Ppwp, 2) => "ppwp-2",
                (Contest::Ppwp, _) => "ppwp-3",
                (_, 1) => "leg-admin",
                _ if code == closing => "leg-closing",
                (Contest::Dpd, _) => "dpd-8",
                _ => match rows {
                    10 => "party-10",
                    12 => "party-12",
                    _ => "party-14",
                },
            };
            let page_groups = groups
                .iter()
                .filter(|(pg, _)| *pg == code)
                .map(|(_, g)| g.clone())
                .collect();
            Plan {
                tag_id: code.0,
                layout,
                groups: page_groups,
                covers: vec![code],
                page_no: i + 1,
                page_count: count,
            }
        })
        .collect()
}

/// The salinan sheets of a form, in order: sheet 1 = sections I–III; PPWP sheet 2 = IV and V;
/// otherwise party sheets (2 parties each) or DPD sheets (20 candidates each), then V.
pub fn salinan_plans(catalogue: &Catalogue) -> Vec<Plan> {
    let contest = catalogue.contest;
    let base = SALINAN_TAG_BASE + contest.type_number() * 100;
    let admin = PageCode::new(contest, 1);
    let closing = closing_page(contest);
    let groups = groups_by_page(catalogue);
    let mut plans = vec![Plan {
        tag_id: base + 1,
        layout: "salinan-admin",
        groups: Vec::new(),
        covers: vec![admin],
        page_no: 0,
        page_count: 0,
    }];
    match contest {
        Contest::Ppwp => plans.push(Plan {
            tag_id: base + 2,
            layout: "salinan-ppwp-2",
            groups: groups.into_iter().map(|(_, g)| g).collect(),
            covers: vec![PageCode::new(contest, 2), closing],
            page_no: 0,
            page_count: 0,
        }),
        Contest::Dpd => {
            let numbers: Vec<u8> = groups.iter().flat_map(|(_, g)| g.numbers.clone()).collect();
            let pages: Vec<PageCode> = groups.iter().map(|(p, _)| *p).collect();
            for (i, chunk) in numbers.chunks(SALINAN_DPD_PER_SHEET).enumerate() {
                plans.push(Plan {
                    tag_id: base + 2 + i as u16,
                    layout: "salinan-dpd-20",
                    groups: vec![Group {
                        party: None,
                        numbers: chunk.to_vec(),
                    }],
                    covers: pages.clone(),
                    page_no: 0,
                    page_count: 0,
                });
            }
        }
        _ => {
            let rows = party_rows(catalogue);
            let layout = match rows {
                10 => "salinan-party-10",
                12 => "salinan-party-12",
                _ => "salinan-party-14",
            };
            for (i, chunk) in groups.chunks(SALINAN_PARTIES_PER_SHEET).enumerate() {
                plans.push(Plan {
                    tag_id: base + 2 + i as u16,
                    layout,
                    groups: chunk.iter().map(|(_, g)| g.clone()).collect(),
                    covers: chunk.iter().map(|(p, _)| *p).collect(),
                    page_no: 0,
                    page_count: 0,
                });
            }
        }
    }
    if contest != Contest::Ppwp {
        plans.push(Plan {
            tag_id: base + 99,
            layout: "salinan-closing",
            groups: Vec::new(),
            covers: vec![closing],
            page_no: 0,
            page_count: 0,
        });
    }
    let count = plans.len();
    for (i, p) in plans.iter_mut().enumerate() {
        p.page_no = i + 1;
        p.page_count = count;
    }
    plans
}
