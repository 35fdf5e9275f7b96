//! On-site adaptation without retraining (issue 22): the office's agreed box crops, as the
//! model's penultimate-layer embeddings, are labelled prototypes; a box whose nearest
//! prototypes all carry the model's own class earns confidence, and a box whose neighbours
//! agree on another class goes to a person. The model's class is never changed, so a figure
//! is never read otherwise than the network read it; the page's rules still decide acceptance.

use serde::Serialize;

use crate::model::{CLASSES, EMPTY, MARK};

/// What adaptation did to one box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Adaptation {
    /// The nearest prototypes all carry the model's class: its doubt was cut.
    Raised,
    /// The nearest prototypes agree on another class: the field goes to review.
    Disputed,
}

/// How neighbours are judged (measured in `examples/adaptation.rs`; docs/reader.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptParams {
    /// Neighbours looked at.
    pub k: usize,
    /// Cosine distance beyond which a prototype is no neighbour.
    pub max_distance: f32,
    /// The share of the model's doubt (1 − p) left when every neighbour agrees.
    pub doubt_kept: f32,
}

impl Default for AdaptParams {
    fn default() -> AdaptParams {
        AdaptParams {
            k: 5,
            max_distance: 0.25,
            doubt_kept: 0.2,
        }
    }
}

/// The office's labelled crops as unit-length embeddings with their class (0–9, 10 empty,
/// 11 mark).
#[derive(Debug, Clone, Default)]
pub struct Prototypes {
    items: Vec<(Vec<f32>, usize)>,
    pub params: AdaptParams,
}

fn unit(v: &[f32]) -> Option<Vec<f32>> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    (n.is_finite() && n > 1e-6).then(|| v.iter().map(|x| x / n).collect())
}

impl Prototypes {
    /// Keeps the items with a class the model knows and an embedding as long as the first's.
    pub fn new(
        items: impl IntoIterator<Item = (Vec<f32>, usize)>,
        params: AdaptParams,
    ) -> Prototypes {
        let mut out: Vec<(Vec<f32>, usize)> = Vec::new();
        for (e, class) in items {
            if class >= CLASSES || out.first().is_some_and(|f| f.0.len() != e.len()) {
                continue;
            }
            if let Some(u) = unit(&e) {
                out.push((u, class));
            }
        }
        Prototypes { items: out, params }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The classes of the nearest prototypes within reach, nearest first.
    fn neighbours(&self, embedding: &[f32]) -> Vec<usize> {
        let Some(e) = unit(embedding) else {
            return Vec::new();
        };
        let mut near: Vec<(f32, usize)> = self
            .items
            .iter()
            .filter(|(p, _)| p.len() == e.len())
            .map(|(p, c)| (1.0 - p.iter().zip(&e).map(|(a, b)| a * b).sum::<f32>(), *c))
            .filter(|(d, _)| *d <= self.params.max_distance)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        near.truncate(self.params.k);
        near.into_iter().map(|(_, c)| c).collect()
    }

    /// One box's probabilities after adaptation, and what was done. The class the model gave
    /// stays the most probable one.
    pub fn adapt(
        &self,
        p: &[f32; CLASSES],
        embedding: &[f32],
    ) -> ([f32; CLASSES], Option<Adaptation>) {
        let k = self.params.k;
        let near = self.neighbours(embedding);
        if near.len() < k {
            return (*p, None);
        }
        let class = crate::fields::argmax(p);
        if near.iter().all(|c| *c == class) {
            let keep = self.params.doubt_kept.clamp(0.0, 1.0);
            let mut out = p.map(|v| v * keep);
            out[class] = 1.0 - (1.0 - p[class]) * keep;
            return (out, Some(Adaptation::Raised));
        }
        // A clear majority for one other class (a bare split says nothing).
        let mut votes = [0usize; CLASSES];
        for c in &near {
            votes[*c] += 1;
        }
        let (top, n) = votes
            .iter()
            .enumerate()
            .max_by_key(|(_, n)| **n)
            .map_or((class, 0), |(c, n)| (c, *n));
        // Empty and crossed-out both mean "no digit here", wherever the box is.
        let blank = |c: usize| c == EMPTY || c == MARK;
        if top != class && 2 * n > near.len() && !(blank(top) && blank(class)) {
            return (*p, Some(Adaptation::Disputed));
        }
        (*p, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(class: usize, v: f32) -> [f32; CLASSES] {
        let mut p = [(1.0 - v) / 11.0; CLASSES];
        p[class] = v;
        p
    }

    #[test]
    fn agreeing_neighbours_cut_doubt_and_disagreeing_ones_dispute_without_changing_the_class() {
        let seven = vec![1.0, 0.0, 0.1];
        let one = vec![0.0, 1.0, 0.1];
        let protos = Prototypes::new(
            (0..5)
                .map(|_| (seven.clone(), 7))
                .chain((0..5).map(|_| (one.clone(), 1))),
            AdaptParams::default(),
        );
        let (raised, how) = protos.adapt(&p(7, 0.9), &[0.9, 0.05, 0.1]);
        assert_eq!(how, Some(Adaptation::Raised));
        assert!((raised[7] - 0.98).abs() < 1e-4, "{raised:?}");
        assert!((raised.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        let (same, how) = protos.adapt(&p(7, 0.999), &[0.0, 1.0, 0.1]);
        assert_eq!(how, Some(Adaptation::Disputed));
        assert_eq!(crate::fields::argmax(&same), 7);
        // An empty box whose neighbours were crossed out: both say "no digit".
        let blanks = Prototypes::new(
            (0..5).map(|_| (vec![0.0, 0.0, 1.0], MARK)),
            AdaptParams::default(),
        );
        assert_eq!(blanks.adapt(&p(EMPTY, 0.9), &[0.0, 0.0, 1.0]).1, None);
        // Far from every prototype, or too few of them: nothing changes.
        assert_eq!(protos.adapt(&p(7, 0.9), &[0.0, 0.0, -1.0]).1, None);
        let few = Prototypes::new([(seven, 7)], AdaptParams::default());
        assert_eq!(few.adapt(&p(7, 0.9), &[1.0, 0.0, 0.1]).1, None);
    }
}
