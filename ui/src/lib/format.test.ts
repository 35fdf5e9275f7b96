import { describe, expect, it } from 'vitest';
import {
  confidenceBand,
  contestLabel,
  fieldCode,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatTime,
  parseFigure,
  smearBeyond,
  sourceLabel,
  tpsLabel,
} from './format';

describe('formatNumber', () => {
  it('groups thousands with a dot, as on the KPU forms', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(7)).toBe('7');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1234)).toBe('1.234');
    expect(formatNumber(12412)).toBe('12.412');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(-1234)).toBe('-1.234');
  });
  it('uses a comma for decimals and a dash for nothing', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(undefined)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});

describe('parseFigure', () => {
  it('reads what a clerk types', () => {
    expect(parseFigure('152')).toBe(152);
    expect(parseFigure(' 1.234 ')).toBe(1234);
    expect(parseFigure('0')).toBe(0);
  });
  it('refuses anything that is not a whole figure', () => {
    expect(parseFigure('')).toBeNull();
    expect(parseFigure('12a')).toBeNull();
    expect(parseFigure('-3')).toBeNull();
    expect(parseFigure('1,5')).toBeNull();
    expect(parseFigure('1234567')).toBeNull();
  });
});

describe('dates', () => {
  // The PPK works in local time (WIB for Purbalingga); stored times are UTC.
  const at = '2024-02-29T07:05:09.411Z';
  it('shows Indonesian dates with the month name', () => {
    expect(formatDate(at, 'id', 'Asia/Jakarta')).toBe('29 Februari 2024');
    expect(formatDate(at, 'en', 'Asia/Jakarta')).toBe('29 February 2024');
  });
  it('shows the time with a dot in Indonesian, a colon in English', () => {
    expect(formatDateTime(at, 'id', 'Asia/Jakarta')).toBe('29 Februari 2024 14.05');
    expect(formatDateTime(at, 'en', 'Asia/Jakarta')).toBe('29 February 2024 14:05');
    expect(formatTime(at, 'id', 'Asia/Jakarta')).toBe('14.05.09');
  });
  it('crosses midnight into the next local day', () => {
    expect(formatDate('2024-02-14T18:30:00Z', 'id', 'Asia/Jakarta')).toBe('15 Februari 2024');
    expect(formatDate('2024-12-31T23:00:00Z', 'id', 'Asia/Jayapura')).toBe('1 Januari 2025');
  });
  it('leaves text it cannot read alone', () => {
    expect(formatDate('kemarin')).toBe('kemarin');
  });
});

describe('small labels', () => {
  it('formats durations, percentages, TPS and contests', () => {
    expect(formatDuration(45)).toBe('45 detik');
    expect(formatDuration(180)).toBe('3 menit');
    expect(formatDuration(3900)).toBe('1 jam 5 menit');
    expect(formatDuration(3600, 'en')).toBe('1 h');
    expect(formatDuration(null)).toBe('–');
    expect(formatPercent(0.973)).toBe('97%');
    expect(formatPercent(0.9735, 1)).toBe('97,4%');
    expect(tpsLabel('3303192003004')).toBe('TPS 004');
    expect(contestLabel('dprd_kab')).toBe('DPRD Kab/Kota');
    expect(contestLabel('dprd-prov')).toBe('DPRD Provinsi');
    expect(contestLabel('ppwp')).toBe('PPWP');
    expect(sourceLabel('recount')).toBe('hitung ulang');
    expect(sourceLabel(null, 'en')).toBe('machine reading');
  });
  it('bands confidence against the policy threshold', () => {
    expect(confidenceBand(0.99, 0.97)).toBe('ok');
    expect(confidenceBand(0.9, 0.97)).toBe('doubt');
    expect(confidenceBand(0.5, 0.97)).toBe('low');
    expect(confidenceBand(null)).toBe('none');
  });
});

describe('fieldCode', () => {
  it('keeps the column, as on the paper', () => {
    expect(fieldCode({ code: 'I.B.1', col: 'L' })).toBe('I.B.1 (L)');
    expect(fieldCode({ code: 'IV.2', col: null })).toBe('IV.2');
  });
});

describe('smearBeyond', () => {
  it('names the worst smear of a field only beyond the bar', () => {
    expect(smearBeyond([{ smear: 0.01 }, { smear: 0.07 }, {}], 0.04)).toBe(0.07);
    expect(smearBeyond([{ smear: 0.04 }, { smear: null }], 0.04)).toBeNull();
    // Readings made before the shake was measured carry none.
    expect(smearBeyond([{}, {}], 0.04)).toBeNull();
    expect(smearBeyond(undefined)).toBeNull();
  });
});
