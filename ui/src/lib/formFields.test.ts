import { describe, expect, it } from 'vitest';

import type { Election, FieldView, Finding } from './api/types';
import { groupOf, groupTitle, ruleSeverity } from './formFields';

const field = (code: string, section: string) => ({ code, section }) as unknown as FieldView;
const election = {
  ballots: [{ contest: 'dpr', items: { kind: 'parties', items: [{ party: { nomor: 3, name: 'Partai Contoh', short: 'PC' }, candidates: [] }] } }],
} as unknown as Election;

describe('formFields', () => {
  it('groups a party list by party and the rest by section', () => {
    expect(groupOf(field('IV.3.A.1', 'IV'))).toBe('IV.3');
    expect(groupOf(field('IV.2', 'IV'))).toBe('IV');
    expect(groupOf(field('II.4', 'II'))).toBe('II');
    expect(groupTitle(field('IV.3.B', 'IV'), 'dpr', election, 'id')).toBe('IV.3 Partai Contoh (PC)');
    expect(groupTitle(field('II.4', 'II'), 'dpr', election, 'en')).toBe('II. Ballot usage');
  });

  it('grades a rule by its worst finding', () => {
    const findings = [{ rule: 'R8', severity: 'warning' }, { rule: 'R8', severity: 'error' }, { rule: 'R14', severity: 'warning' }] as Finding[];
    expect(ruleSeverity(findings, 'R8')).toBe('error');
    expect(ruleSeverity(findings, 'R14')).toBe('warning');
  });
});
