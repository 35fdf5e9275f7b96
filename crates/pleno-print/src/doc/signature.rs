//! The signature part of every document: "Ditetapkan di … tanggal …", the PPK (Ketua and
//! anggota) and one slot per saksi with room for a refusal note, as tables with ruled rows
//! that continue on the next page with their heading when they do not fit.

use pleno_core::reference::Saksi;
use pleno_core::{Ballot, BallotItems};

use super::canvas::{Align, Style};
use super::flow::Flow;
use super::font::{fit, wrap};
use super::{DocSetup, SaksiSlot, Signer};

const HEAD_H: f64 = 5.0;
const PPK_ROW_H: f64 = 8.5;
const SAKSI_ROW_H: f64 = 9.5;

/// One slot per participant of `ballot` (pair, party or DPD candidate) with the names of the
/// saksi mandated for it (joined when two were mandated), or empty for a handwritten name.
pub fn saksi_slots(ballot: &Ballot, saksi: &[Saksi]) -> Vec<SaksiSlot> {
    ballot
        .participants()
        .into_iter()
        .map(|(nomor, name)| {
            let names: Vec<&str> = saksi
                .iter()
                .filter(|s| s.contest == ballot.contest && s.participant == nomor)
                .map(|s| s.name.as_str())
                .collect();
            let participant = match &ballot.items {
                BallotItems::Parties(lists) => lists
                    .iter()
                    .find(|l| l.party.nomor == nomor)
                    .map_or(name.clone(), |l| {
                        format!("{} ({})", l.party.name, l.party.short)
                    }),
                _ => name,
            };
            SaksiSlot {
                nomor: match ballot.items {
                    BallotItems::Pairs(_) => format!("{nomor:02}"),
                    _ => nomor.to_string(),
                },
                participant,
                name: names.join(" / "),
            }
        })
        .collect()
}

/// Column edges as fractions of the body width.
struct Cols {
    x: Vec<f64>,
}

impl Cols {
    fn new(left: f64, width: f64, fractions: &[f64]) -> Cols {
        let mut x = vec![left];
        let mut at = left;
        for f in fractions {
            at += width * f;
            x.push(at);
        }
        Cols { x }
    }
    fn w(&self, i: usize) -> f64 {
        self.x[i + 1] - self.x[i]
    }
}

fn table_header(flow: &mut Flow<'_>, cols: &Cols, names: &[&str]) {
    let y = flow.y;
    let c = flow.page();
    let right = cols.x[cols.x.len() - 1];
    c.fill_rect(cols.x[0], y, right - cols.x[0], HEAD_H, 0.88);
    for (i, n) in names.iter().enumerate() {
        c.text(
            cols.x[i] + cols.w(i) / 2.0,
            y + 3.4,
            Align::Centre,
            Style::new(6.5, true),
            n,
        );
    }
    c.stroke_rect(cols.x[0], y, right - cols.x[0], HEAD_H, 0.3);
    flow.y += HEAD_H;
}

fn row_lines(flow: &mut Flow<'_>, cols: &Cols, top: f64, h: f64) {
    let c = flow.page();
    let right = cols.x[cols.x.len() - 1];
    c.stroke_rect(cols.x[0], top, right - cols.x[0], h, 0.2);
    for x in &cols.x[1..cols.x.len() - 1] {
        c.line(*x, top, *x, top + h, 0.15);
    }
}

/// Starts a new page when fewer than `h` mm remain, re-drawing the table heading.
fn ensure_row(flow: &mut Flow<'_>, h: f64, cols: &Cols, names: &[&str], title: &str) {
    if flow.room() < h {
        flow.new_page(false);
        let y = flow.y + 3.5;
        flow.page().text(
            cols.x[0],
            y,
            Align::Left,
            Style::new(8.0, true),
            &format!("{title} (lanjutan)"),
        );
        flow.y = y + 1.5;
        table_header(flow, cols, names);
    }
}

/// The place and date, the PPK block and the saksi block.
pub fn draw(
    flow: &mut Flow<'_>,
    setup: &DocSetup,
    saksi_title: &str,
    participant_heading: &str,
    saksi: &[SaksiSlot],
) {
    let l = flow.frame.left();
    let width = flow.frame.body_width();
    let r = flow.frame.right();
    let ppk_n = if setup.ppk.is_empty() {
        5
    } else {
        setup.ppk.len()
    };
    // The date and the PPK block stay on one page when they can, and never leave the date
    // alone at the foot of a page.
    let whole = 18.0 + HEAD_H + ppk_n as f64 * PPK_ROW_H;
    if flow.room() < whole && whole <= flow.fresh_room() {
        flow.new_page(false);
    }
    flow.ensure(18.0 + HEAD_H + 2.0 * PPK_ROW_H);
    flow.y += 5.0;
    let y = flow.y;
    let x = r - width * 0.38;
    let c = flow.page();
    c.text(
        x,
        y,
        Align::Left,
        Style::new(8.0, false),
        &format!("Ditetapkan di  : {}", setup.tempat),
    );
    c.text(
        x,
        y + 4.2,
        Align::Left,
        Style::new(8.0, false),
        &format!("Pada tanggal : {}", setup.tanggal),
    );
    flow.y += 8.0;

    let title = setup.body();
    let y = flow.y + 3.0;
    flow.page()
        .text(l, y, Align::Left, Style::new(8.0, true), &title);
    flow.y = y + 1.5;
    let cols = Cols::new(l, width, &[0.06, 0.40, 0.18, 0.36]);
    let names = ["NO.", "NAMA", "JABATAN", "TANDA TANGAN"];
    table_header(flow, &cols, &names);
    let ppk: Vec<Signer> = if setup.ppk.is_empty() {
        // No members recorded: five slots (Ketua and four anggota) to fill by hand.
        std::iter::once("Ketua")
            .chain(std::iter::repeat_n("Anggota", 4))
            .map(|r| Signer {
                role: r.to_string(),
                name: String::new(),
            })
            .collect()
    } else {
        setup.ppk.clone()
    };
    for (i, s) in ppk.iter().enumerate() {
        ensure_row(flow, PPK_ROW_H, &cols, &names, &title);
        let top = flow.y;
        let base = top + PPK_ROW_H / 2.0 + 1.2;
        let c = flow.page();
        c.text(
            cols.x[0] + cols.w(0) / 2.0,
            base,
            Align::Centre,
            Style::new(7.5, false),
            &format!("{}.", i + 1),
        );
        if s.name.trim().is_empty() {
            c.dotted(cols.x[1] + 2.0, base + 0.6, cols.x[2] - 2.0);
        } else {
            c.text(
                cols.x[1] + 1.5,
                base,
                Align::Left,
                Style::new(7.5, true),
                &fit(&s.name, 7.5, true, cols.w(1) - 3.0),
            );
        }
        c.text(
            cols.x[2] + 1.5,
            base,
            Align::Left,
            Style::new(7.5, false),
            &fit(&s.role, 7.5, false, cols.w(2) - 3.0),
        );
        // Numbers alternate left and right, as on KPU forms, so neighbours do not overlap.
        let sx = if i % 2 == 0 {
            cols.x[3] + 2.0
        } else {
            cols.x[3] + cols.w(3) * 0.45
        };
        c.text(
            sx,
            base + 1.5,
            Align::Left,
            Style::new(7.0, false),
            &format!("{}.", i + 1),
        );
        c.dotted(sx + 3.5, base + 2.0, sx + cols.w(3) * 0.5);
        row_lines(flow, &cols, top, PPK_ROW_H);
        flow.y += PPK_ROW_H;
    }

    if saksi.is_empty() {
        return;
    }
    let whole = 12.0 + HEAD_H + saksi.len() as f64 * SAKSI_ROW_H;
    if flow.room() < whole && whole <= flow.fresh_room() {
        flow.new_page(false);
    }
    flow.ensure(12.0 + HEAD_H + 2.0 * SAKSI_ROW_H);
    let y = flow.y + 6.0;
    let c = flow.page();
    c.text(l, y, Align::Left, Style::new(8.0, true), saksi_title);
    c.text(
        l,
        y + 3.5,
        Align::Left,
        Style::new(6.5, false),
        "Saksi yang tidak bersedia menandatangani menuliskan alasannya pada kolom keterangan.",
    );
    flow.y = y + 5.0;
    let cols = Cols::new(l, width, &[0.06, 0.34, 0.22, 0.18, 0.20]);
    let names = [
        "NO.",
        participant_heading,
        "NAMA SAKSI",
        "TANDA TANGAN",
        "KETERANGAN",
    ];
    table_header(flow, &cols, &names);
    for s in saksi {
        ensure_row(flow, SAKSI_ROW_H, &cols, &names, saksi_title);
        let top = flow.y;
        let c = flow.page();
        let lines = wrap(&s.participant, 6.5, false, cols.w(1) - 3.0);
        let n = lines.len().min(2);
        let first = top + SAKSI_ROW_H / 2.0 - (n as f64 - 1.0) * 1.4 + 1.0;
        c.text(
            cols.x[0] + cols.w(0) / 2.0,
            top + SAKSI_ROW_H / 2.0 + 1.0,
            Align::Centre,
            Style::new(7.0, false),
            &s.nomor,
        );
        for (j, line) in lines.iter().take(2).enumerate() {
            let text = if j == 1 && lines.len() > 2 {
                fit(
                    &format!("{line} {}", lines[2..].join(" ")),
                    6.5,
                    false,
                    cols.w(1) - 3.0,
                )
            } else {
                line.clone()
            };
            c.text(
                cols.x[1] + 1.5,
                first + j as f64 * 2.8,
                Align::Left,
                Style::new(6.5, false),
                &text,
            );
        }
        let base = top + SAKSI_ROW_H / 2.0 + 1.2;
        if s.name.trim().is_empty() {
            c.dotted(cols.x[2] + 2.0, base + 0.6, cols.x[3] - 2.0);
        } else {
            c.text(
                cols.x[2] + 1.5,
                base,
                Align::Left,
                Style::new(7.0, true),
                &fit(&s.name, 7.0, true, cols.w(2) - 3.0),
            );
        }
        row_lines(flow, &cols, top, SAKSI_ROW_H);
        flow.y += SAKSI_ROW_H;
    }
}
