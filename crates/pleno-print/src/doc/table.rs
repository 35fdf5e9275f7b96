//! A recap table on paper: the code and label columns, then the place columns in blocks that
//! fit the page width, each block but the last ending in JUMLAH PINDAHAN (carried to the next
//! block, which starts with it) and the last in JUMLAH AKHIR (or JUMLAH when one block holds
//! everything). Rows go down the pages in units; the column header repeats on every page and a
//! party split across pages repeats its name with "(lanjutan)".

use pleno_core::FieldKey;
use pleno_core::format::thousands;
use pleno_core::recap::{RecapTable, Totals};

use super::canvas::{Align, Canvas, Style};
use super::flow::Flow;
use super::font::{fit, width_mm, wrap};
use super::rows::{Row, Unit};

pub const ROW_H: f64 = 4.3;
const CODE_W: f64 = 15.0;
const CELL_PT: f64 = 7.0;
const HEAD_PT: f64 = 6.5;
const PAD: f64 = 1.3;
/// Narrowest place column: "TPS 001" and 3-digit figures with room to breathe.
const MIN_DATA_W: f64 = 13.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    Data(usize),
    /// Carried in from the previous block.
    CarriedIn,
    /// Carried to the next block.
    CarriedOut,
    /// The table total: JUMLAH AKHIR (several blocks) or JUMLAH.
    Total,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub label_w: f64,
    pub data_w: f64,
    pub total_w: f64,
    pub blocks: Vec<Vec<ColKind>>,
}

fn longest(values: impl Iterator<Item = u64>, bold: bool) -> f64 {
    values
        .map(|v| width_mm(&thousands(v), CELL_PT, bold))
        .fold(0.0, f64::max)
}

/// Width a column heading needs: its longest word, as headings wrap at spaces.
fn heading_w(name: &str) -> f64 {
    name.split_whitespace()
        .map(|w| width_mm(w, HEAD_PT, true))
        .fold(0.0, f64::max)
}

/// Column widths and blocks for `body_w` mm.
pub fn plan(table: &RecapTable, body_w: f64, label_w: f64) -> Plan {
    let keys: Vec<FieldKey> = table.rows.iter().map(|r| r.key).collect();
    let data_w = table
        .columns
        .iter()
        .map(|c| longest(keys.iter().map(|k| c.totals.value(*k)), true).max(heading_w(&c.name)))
        .fold(0.0, f64::max)
        + 2.0 * PAD;
    let data_w = data_w.max(MIN_DATA_W);
    let total_w = (longest(keys.iter().map(|k| table.total.value(*k)), true)
        .max(heading_w("PINDAHAN"))
        + 2.0 * PAD)
        .max(MIN_DATA_W + 2.0);
    let n = table.columns.len();
    let fixed = CODE_W + label_w;
    let mut blocks = Vec::new();
    if fixed + n as f64 * data_w + total_w <= body_w + 0.01 {
        let mut b: Vec<ColKind> = (0..n).map(ColKind::Data).collect();
        b.push(ColKind::Total);
        blocks.push(b);
    } else {
        let mut next = 0;
        while next < n {
            let carried_in = usize::from(next > 0);
            let room = body_w - fixed - total_w * (1 + carried_in) as f64;
            let fit = ((room / data_w).floor() as usize).max(1);
            let end = (next + fit).min(n);
            let mut b = Vec::new();
            if carried_in == 1 {
                b.push(ColKind::CarriedIn);
            }
            b.extend((next..end).map(ColKind::Data));
            b.push(if end == n {
                ColKind::Total
            } else {
                ColKind::CarriedOut
            });
            blocks.push(b);
            next = end;
        }
    }
    Plan {
        label_w,
        data_w,
        total_w,
        blocks,
    }
}

/// Whether every column fits on one block at this width.
pub fn fits(table: &RecapTable, body_w: f64, label_w: f64) -> bool {
    plan(table, body_w, label_w).blocks.len() == 1
}

fn heading(kind: ColKind, table: &RecapTable, several: bool) -> (String, Option<&'static str>) {
    match kind {
        ColKind::Data(i) => (
            table
                .columns
                .get(i)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            None,
        ),
        ColKind::CarriedIn => ("JUMLAH PINDAHAN".into(), Some("dari blok sebelumnya")),
        ColKind::CarriedOut => ("JUMLAH PINDAHAN".into(), Some("dibawa ke blok berikut")),
        ColKind::Total if several => ("JUMLAH AKHIR".into(), None),
        ColKind::Total => ("JUMLAH".into(), None),
    }
}

/// Values of each block's carried columns: sums of the data columns before (in) and up to
/// the end of (out) the block.
fn carried(table: &RecapTable, plan: &Plan) -> Vec<(Totals, Totals)> {
    let mut running = Totals::default();
    let mut out = Vec::new();
    for block in &plan.blocks {
        let before = running.clone();
        for k in block {
            if let ColKind::Data(i) = k
                && let Some(c) = table.columns.get(*i)
            {
                running.add(&c.totals);
            }
        }
        out.push((before, running.clone()));
    }
    out
}

struct Geometry {
    x: Vec<f64>,
    w: Vec<f64>,
    right: f64,
}

fn geometry(plan: &Plan, block: &[ColKind], left: f64) -> Geometry {
    let mut x = Vec::new();
    let mut w = Vec::new();
    let mut at = left + CODE_W + plan.label_w;
    for k in block {
        let cw = match k {
            ColKind::Data(_) => plan.data_w,
            _ => plan.total_w,
        };
        x.push(at);
        w.push(cw);
        at += cw;
    }
    Geometry { x, w, right: at }
}

fn header_lines(
    block: &[ColKind],
    table: &RecapTable,
    plan: &Plan,
    several: bool,
) -> Vec<Vec<String>> {
    block
        .iter()
        .map(|k| {
            let (name, note) = heading(*k, table, several);
            let cw = match k {
                ColKind::Data(_) => plan.data_w,
                _ => plan.total_w,
            };
            let mut lines = wrap(&name, HEAD_PT, true, cw - 2.0 * PAD * 0.6);
            if let Some(n) = note {
                lines.extend(wrap(n, 5.5, false, cw - PAD));
            }
            lines
        })
        .collect()
}

/// Draws the column header at the flow's y and returns its height.
fn draw_header(
    c: &mut Canvas,
    y: f64,
    left: f64,
    g: &Geometry,
    lines: &[Vec<String>],
    label_w: f64,
    block: &[ColKind],
) -> f64 {
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(2);
    let h = n as f64 * 2.7 + 2.4;
    c.fill_rect(left, y, g.right - left, h, 0.88);
    let mid = y + h / 2.0 + 1.0;
    c.text(
        left + CODE_W / 2.0,
        mid,
        Align::Centre,
        Style::new(HEAD_PT, true),
        "NO.",
    );
    c.text(
        left + CODE_W + label_w / 2.0,
        mid,
        Align::Centre,
        Style::new(HEAD_PT, true),
        "URAIAN",
    );
    for (i, col) in lines.iter().enumerate() {
        let cx = g.x[i] + g.w[i] / 2.0;
        let top = y + (h - col.len() as f64 * 2.7) / 2.0 + 2.2;
        for (j, line) in col.iter().enumerate() {
            let style = if j > 0
                && !matches!(block[i], ColKind::Data(_))
                && line.chars().next().is_some_and(char::is_lowercase)
            {
                Style::new(5.5, false)
            } else {
                Style::new(HEAD_PT, true)
            };
            c.text(cx, top + j as f64 * 2.7, Align::Centre, style, line);
        }
    }
    c.line(left, y + h, g.right, y + h, 0.3);
    h
}

/// Value of `key` in column `kind` of block `b`.
fn value(
    table: &RecapTable,
    carry: &[(Totals, Totals)],
    b: usize,
    kind: ColKind,
    key: FieldKey,
) -> u64 {
    match kind {
        ColKind::Data(i) => table.cell(key, i),
        ColKind::CarriedIn => carry.get(b).map_or(0, |c| c.0.value(key)),
        ColKind::CarriedOut => carry.get(b).map_or(0, |c| c.1.value(key)),
        ColKind::Total => table.total.value(key),
    }
}

/// The part of a table on one page: where it starts and the bands (section and group rows)
/// whose text runs across the columns, so the column rules stop above them.
struct Segment {
    top: f64,
    bands: Vec<(f64, f64)>,
}

impl Segment {
    fn new(top: f64) -> Segment {
        Segment {
            top,
            bands: Vec::new(),
        }
    }
}

fn close_segment(
    c: &mut Canvas,
    seg: &Segment,
    bottom: f64,
    left: f64,
    g: &Geometry,
    label_w: f64,
) {
    let mut xs = vec![left + CODE_W, left + CODE_W + label_w];
    xs.extend(g.x.iter().skip(1));
    let mut from = seg.top;
    let mut pieces = Vec::new();
    for (a, b) in &seg.bands {
        if *a > from {
            pieces.push((from, *a));
        }
        from = *b;
    }
    if bottom > from {
        pieces.push((from, bottom));
    }
    for (a, b) in pieces {
        for x in &xs {
            c.line(*x, a, *x, b, 0.15);
        }
    }
    c.stroke_rect(left, seg.top, g.right - left, bottom - seg.top, 0.35);
}

/// Lays out `table` with `units` as rows, block after block. `cont` names the place for
/// continuation pages. The flow's current page must be fresh (the section just started).
pub fn draw(flow: &mut Flow<'_>, table: &RecapTable, units: &[Unit], plan: &Plan, place: &str) {
    let left = flow.frame.left();
    let carry = carried(table, plan);
    let several = plan.blocks.len() > 1;
    for (b, block) in plan.blocks.iter().enumerate() {
        let g = geometry(plan, block, left);
        let data: Vec<usize> = block
            .iter()
            .filter_map(|k| {
                if let ColKind::Data(i) = k {
                    Some(*i)
                } else {
                    None
                }
            })
            .collect();
        let span = match (data.first(), data.last()) {
            (Some(a), Some(z)) if several => format!(
                " — kolom {}–{} dari {} ({} s.d. {})",
                a + 1,
                z + 1,
                table.columns.len(),
                table.columns[*a].name,
                table.columns[*z].name
            ),
            _ => String::new(),
        };
        flow.cont = format!("{place}{span} (lanjutan)");
        if b > 0 {
            flow.cont = format!("{place}{span}");
            flow.new_page(false);
            flow.cont = format!("{place}{span} (lanjutan)");
        } else {
            flow.page();
        }
        let lines = header_lines(block, table, plan, several);
        let header_h = {
            let y = flow.y;
            let c = flow.page();
            draw_header(c, y, left, &g, &lines, plan.label_w, block)
        };
        let mut seg = Segment::new(flow.y);
        flow.y += header_h;
        let fresh = flow.fresh_room() - header_h;
        for unit in units {
            let h = unit.rows.len() as f64 * ROW_H;
            // Small units move whole to the next page; a party block may also split when at
            // least five of its rows fit, so long ballots do not leave half-empty pages.
            let splittable = unit.rows.len() > 6 && flow.room() >= 5.0 * ROW_H;
            if h > flow.room() && h <= fresh && !splittable {
                let y = flow.y;
                close_segment(flow.page(), &seg, y, left, &g, plan.label_w);
                flow.new_page(false);
                seg = Segment::new(flow.y);
                let y = flow.y;
                flow.y += draw_header(flow.page(), y, left, &g, &lines, plan.label_w, block);
            }
            let group = unit.rows.iter().find_map(|r| match r {
                Row::Group { code, label } => Some((code.clone(), label.clone())),
                _ => None,
            });
            for (ri, row) in unit.rows.iter().enumerate() {
                if flow.room() < ROW_H {
                    let y = flow.y;
                    close_segment(flow.page(), &seg, y, left, &g, plan.label_w);
                    flow.new_page(false);
                    seg = Segment::new(flow.y);
                    let y = flow.y;
                    flow.y += draw_header(flow.page(), y, left, &g, &lines, plan.label_w, block);
                    // A block split over pages says whose rows continue.
                    if ri > 0
                        && let Some((code, label)) = &group
                        && !matches!(row, Row::Group { .. })
                    {
                        let cont = Row::Group {
                            code: code.clone(),
                            label: format!("{label} (lanjutan)"),
                        };
                        if let Some(band) = draw_row(flow, &cont, table, &carry, b, block, &g, plan)
                        {
                            seg.bands.push(band);
                        }
                    }
                }
                if let Some(band) = draw_row(flow, row, table, &carry, b, block, &g, plan) {
                    seg.bands.push(band);
                }
            }
        }
        let y = flow.y;
        close_segment(flow.page(), &seg, y, left, &g, plan.label_w);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    flow: &mut Flow<'_>,
    row: &Row,
    table: &RecapTable,
    carry: &[(Totals, Totals)],
    b: usize,
    block: &[ColKind],
    g: &Geometry,
    plan: &Plan,
) -> Option<(f64, f64)> {
    let left = flow.frame.left();
    let y = flow.y;
    let base = y + ROW_H - 1.2;
    let c = flow.page();
    let label_x = left + CODE_W + PAD;
    match row {
        Row::Section(title) => {
            c.fill_rect(left, y, g.right - left, ROW_H, 0.80);
            c.text(
                left + PAD,
                base,
                Align::Left,
                Style::new(7.5, true),
                &fit(title, 7.5, true, g.right - left - 2.0 * PAD),
            );
        }
        Row::Group { code, label } => {
            c.fill_rect(left, y, g.right - left, ROW_H, 0.93);
            c.text(
                left + PAD,
                base,
                Align::Left,
                Style::new(CELL_PT, true),
                code,
            );
            c.text(
                label_x,
                base,
                Align::Left,
                Style::new(CELL_PT, true),
                &fit(label, CELL_PT, true, g.right - label_x - PAD),
            );
        }
        Row::Value {
            code,
            label,
            key,
            strong,
            indent,
        } => {
            // Total and carried columns are shaded so the eye finds them down the page.
            for (i, k) in block.iter().enumerate() {
                if !matches!(k, ColKind::Data(_)) {
                    c.fill_rect(g.x[i], y, g.w[i], ROW_H, 0.94);
                }
            }
            let style = Style::new(CELL_PT, *strong);
            c.text(
                left + PAD,
                base,
                Align::Left,
                Style::new(CELL_PT, false),
                code,
            );
            let lx = if *indent { label_x + 2.5 } else { label_x };
            c.text(
                lx,
                base,
                Align::Left,
                style,
                &fit(
                    label,
                    CELL_PT,
                    *strong,
                    left + CODE_W + plan.label_w - lx - PAD,
                ),
            );
            for (i, k) in block.iter().enumerate() {
                let v = value(table, carry, b, *k, *key);
                let bold = *strong || matches!(k, ColKind::Total);
                c.text(
                    g.x[i] + g.w[i] - PAD,
                    base,
                    Align::Right,
                    Style::new(CELL_PT, bold),
                    &thousands(v),
                );
            }
        }
    }
    c.line(left, y + ROW_H, g.right, y + ROW_H, 0.1);
    flow.y += ROW_H;
    matches!(row, Row::Section(_) | Row::Group { .. }).then_some((y, y + ROW_H))
}
