//! What the boxes of one field say when two readers read them: the digit model's class of each
//! box and the segment reader's digit (boxes with the printed guide, docs/reader.md). Shared by
//! the reader (at read time) and the app (from stored readings), so both decide alike.

/// What the model read in one box: a digit, or nothing (an empty box, an "X" or a "-").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxClass {
    Digit(u8),
    Nothing,
}

/// Whether the segment reader spells the model's reading of a field (boxes most significant
/// first): a box it reads as another digit — or as a digit where the model saw nothing — is a
/// disagreement (`Some(false)`); every written digit spelled the same, at least one, is
/// agreement (`Some(true)`); anything else (ordinary handwriting, no guide) is no verdict.
/// In the leading part of a field a box traced as 0 means nothing either way.
pub fn segments_verdict(boxes: impl IntoIterator<Item = (BoxClass, Option<u8>)>) -> Option<bool> {
    let (mut all, mut confirmed, mut leading) = (true, false, true);
    for (class, seg) in boxes {
        let nothing = match class {
            BoxClass::Nothing => true,
            BoxClass::Digit(0) => leading,
            BoxClass::Digit(_) => false,
        };
        leading &= nothing;
        match (seg, class) {
            (Some(0), _) if nothing => {}
            (Some(_), _) if nothing => return Some(false),
            (Some(s), BoxClass::Digit(d)) if s != d => return Some(false),
            (Some(_), _) => confirmed = true,
            (None, _) => all &= nothing,
        }
    }
    (all && confirmed).then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BoxClass::{Digit, Nothing};

    #[test]
    fn two_readers_agree_disagree_or_say_nothing() {
        // Both digits spelled as read: earned.
        assert_eq!(
            segments_verdict([(Nothing, None), (Digit(8), Some(8)), (Digit(7), Some(7))]),
            Some(true)
        );
        // A traced 3 the model took for 7 (the real failure): a person looks.
        assert_eq!(
            segments_verdict([(Nothing, None), (Digit(8), Some(8)), (Digit(7), Some(3))]),
            Some(false)
        );
        // A digit in the empty leading box.
        assert_eq!(
            segments_verdict([(Nothing, Some(1)), (Digit(8), Some(8)), (Digit(7), Some(7))]),
            Some(false)
        );
        // A leading zero traced as a rectangle means nothing either way.
        assert_eq!(
            segments_verdict([
                (Digit(0), Some(0)),
                (Digit(8), Some(8)),
                (Digit(7), Some(7))
            ]),
            Some(true)
        );
        // Ordinary handwriting in one digit box, or no guide: no verdict.
        assert_eq!(
            segments_verdict([(Nothing, None), (Digit(8), None), (Digit(7), Some(7))]),
            None
        );
        assert_eq!(segments_verdict([(Digit(8), None), (Digit(7), None)]), None);
        // An empty field confirms nothing.
        assert_eq!(segments_verdict([(Nothing, None), (Nothing, None)]), None);
    }
}
