import { describe, expect, it } from 'vitest';

import { auditDetail, identityNote, refusal, refusalText, severityLabel } from './glossary';

describe('glossary', () => {
  it('words a refusal by its code and keeps the message that says what to do', () => {
    const r = refusal('corners_not_found', 'tanda sudut tidak ditemukan (hanya 2 dari 4 terlihat); foto seluruh halaman', 'id');
    expect(r.code).toBe('corners_not_found');
    expect(r.title).toBe('Tanda sudut tidak terlihat');
    expect(refusalText('tag_not_decoded', 'kode halaman (AprilTag) tidak terbaca', 'id')).toBe(
      'Kode halaman tidak terbaca: kode halaman (AprilTag) tidak terbaca',
    );
    expect(refusalText('tag_not_decoded', 'x', 'en')).toBe('Page code unreadable: x');
    // The tag was read; the page's print agreed too little to place its fields.
    expect(refusalText('page_not_placed', 'kode halaman 101 terbaca', 'id')).toBe(
      'Halaman tidak dapat ditempatkan: kode halaman 101 terbaca',
    );
    // A sheet printed without a tag, whose boxes fit two calibrated pages.
    expect(refusalText('structure_ambiguous', 'cocok dengan halaman 1101 maupun 1102', 'id')).toBe(
      'Halaman tanpa kode tidak pasti: cocok dengan halaman 1101 maupun 1102',
    );
    // A reason without a code (a clerk's, or an unfiled page's) is shown as it is, even when
    // it looks like one.
    expect(refusalText(null, 'halaman 101 terbaca, tetapi TPS-nya tidak tertulis', 'id')).toBe('halaman 101 terbaca, tetapi TPS-nya tidak tertulis');
    expect(refusalText(null, 'pindah: panel 2 sakit', 'id')).toBe('pindah: panel 2 sakit');
    // A code this UI does not know yet still shows, as the code.
    expect(refusalText('new_check', 'ulang', 'id')).toBe('new_check: ulang');
  });

  it('grades findings with one pair on every screen', () => {
    expect(severityLabel('error', 'id')).toBe('TIDAK COCOK');
    expect(severityLabel('warning', 'id')).toBe('PERIKSA');
    expect(severityLabel('error', 'en')).toBe('MISMATCH');
  });

  it('summarises an audit detail in words and Indonesian numbers', () => {
    const created = { detail: { desa: 15, drill: true, kecamatan: '330319', level: 'kecamatan', tps: 120 }, rows: { x: [] } };
    expect(auditDetail(created, 'id')).toBe('desa: 15 · uji coba: ya · kecamatan: 330319 · tingkat: kecamatan · TPS: 120');
    const stored = { detail: { hash: '952456e9847d65f2d74f3a80b8a16bda', size: 256553 } };
    expect(auditDetail(stored, 'id')).toBe('sidik: 952456e9847d · ukuran (bait): 256.553');
    const agreed = { detail: { contest: 'dprd-kab', last_entry: 79057, signoff: 593, tps: '3303192001007' } };
    expect(auditDetail(agreed, 'id')).toBe('jenis: DPRD Kab/Kota · angka terakhir no.: 79057 · persetujuan no.: 593 · TPS: 3303192001007');
    const refused = { detail: { from: 'unidentified', status: 'rejected', reason: 'pindah: panel 2' } };
    expect(auditDetail(refused, 'id')).toBe('dari: tidak dikenali · status: ditolak · alasan: pindah: panel 2');
    const filed = { detail: { page: 7, status: 'rejected', reason_code: 'blurred' } };
    expect(auditDetail(filed, 'id')).toBe('halaman no.: 7 · status: ditolak · ditolak karena: Foto buram');
    // A calibrated layout's event names the page and the layout; the layout itself is not
    // spelled out in the line.
    const layout = { detail: { page_code: 302, layout_id: 'dpd-kantor', layout: { fields: [] } } };
    expect(auditDetail(layout, 'id')).toBe('kode halaman: 302 · tata letak: dpd-kantor');
    const checkpoint = { detail: { seq: 1234, hash: 'ab12cd34ef567890aa', public_key: '17ed76ed3bf384500e2a', signature: '45aabe098647fe4a2536' } };
    expect(auditDetail(checkpoint, 'id')).toBe('peristiwa no.: 1234 · sidik: ab12cd34ef56 · kunci: 17ed76ed3bf3… · tanda tangan: 45aabe098647…');
  });
});

describe('identityNote', () => {
  it('says when a page was not known by its tag', () => {
    expect(identityNote({ identity: 'structure' }, 'id')).toContain('tanpa AprilTag');
    expect(identityNote({ identity: 'qr' }, 'id')).toContain('kode QR');
    expect(identityNote({ identity: 'named' }, 'en')).toContain('other half');
    expect(identityNote({ identity: 'tag' }, 'id')).toBeNull();
    expect(identityNote(null, 'id')).toBeNull();
  });
});
