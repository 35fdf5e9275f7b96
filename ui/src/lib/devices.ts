// Words for the LAN devices' roles, shared by the top bar and the device list in Persiapan.

import type { Device, DeviceRole } from './api/types';
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

/** Screens a panel laptop does not show: setting up panels, devices and the policy is the
 * operator's (the server refuses it anyway, `crates/pleno-app/src/devices.rs`). */
const OPERATOR_SCREENS = ['persiapan'];

/** Whether this window shows `screen` in its menu. */
export function showsScreen(device: Device | null, screen: string): boolean {
  const panel = device?.role === 'panel_member' || device?.role === 'panel_chair';
  return !(panel && OPERATOR_SCREENS.includes(screen));
}

/** An SVG drawn by Pleno (a QR code) as an <img> source: no markup of it enters the page. */
export function svgImage(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}
