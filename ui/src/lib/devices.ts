// Words for the LAN devices' roles, shared by the top bar and the device list in Persiapan.

import type { DeviceRole } from './api/types';
import { tr } from './i18n.svelte';

export const ROLES: DeviceRole[] = ['panel_member', 'panel_chair', 'display', 'witness', 'operator'];

/** The role as the office says it, with the panel for panel roles. */
export function roleLabel(role: DeviceRole, panel?: number | null): string {
  const p = panel != null ? ` ${panel}` : '';
  switch (role) {
    case 'operator':
      return tr('operator', 'operator');
    case 'panel_member':
      return tr(`anggota panel${p}`, `panel${p} member`);
    case 'panel_chair':
      return tr(`pimpinan panel${p}`, `panel${p} chair`);
    case 'display':
      return tr('layar/proyektor', 'display/projector');
    case 'witness':
      return tr('layar saksi (angka saja)', 'witness display (figures only)');
  }
}
