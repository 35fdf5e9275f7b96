//! Synthetic photographs of filled C.Hasil pages, with their truth, for the reader's tests and
//! benchmarks.
