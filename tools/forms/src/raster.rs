//! A grey page raster read from pdftoppm's PGM output, and connected components of its ink.

use anyhow::{Context, Result, bail};

pub struct Grey {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Grey {
    /// Binary PGM (P5, maxval 255) as written by `pdftoppm -gray`.
    pub fn read_pgm(path: &std::path::Path) -> Result<Grey> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'#' {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
        }
        i += 1;
        if fields[0] != "P5" || fields[3] != "255" {
            bail!("{}: not an 8-bit binary PGM", path.display());
        }
        let w: usize = fields[1].parse()?;
        let h: usize = fields[2].parse()?;
        let px = bytes
            .get(i..i + w * h)
            .context("PGM shorter than its header says")?
            .to_vec();
        Ok(Grey { w, h, px })
    }

    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.w + x]
    }
}

/// One 8-connected component of pixels darker than a threshold.
#[derive(Debug, Clone)]
pub struct Component {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    pub count: usize,
    pub label: u32,
}

impl Component {
    pub fn w(&self) -> usize {
        self.x1 - self.x0 + 1
    }
    pub fn h(&self) -> usize {
        self.y1 - self.y0 + 1
    }
    pub fn fill(&self) -> f64 {
        self.count as f64 / (self.w() * self.h()) as f64
    }
}

/// Labels every dark pixel; returns the components and the label image (0 = paper).
pub fn components(img: &Grey, dark_below: u8) -> (Vec<Component>, Vec<u32>) {
    let (w, h) = (img.w, img.h);
    let mut labels = vec![0u32; w * h];
    let mut comps = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if labels[start] != 0 || img.px[start] >= dark_below {
            continue;
        }
        let label = comps.len() as u32 + 1;
        let mut c = Component {
            x0: usize::MAX,
            y0: usize::MAX,
            x1: 0,
            y1: 0,
            count: 0,
            label,
        };
        labels[start] = label;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            c.x0 = c.x0.min(x);
            c.x1 = c.x1.max(x);
            c.y0 = c.y0.min(y);
            c.y1 = c.y1.max(y);
            c.count += 1;
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if labels[j] == 0 && img.px[j] < dark_below {
                        labels[j] = label;
                        stack.push(j);
                    }
                }
            }
        }
        comps.push(c);
    }
    (comps, labels)
}
