//! Reads photographed C.Hasil pages: alignment, page identity, digit model, OMR.
