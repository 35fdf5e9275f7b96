// The browser screens the installed `pleno serve` hands to LAN laptops and displays, opened in
// Chromium as a panel laptop would: the clerk's Beranda (full token) and the projector
// (read-only token). Fails on a script error or a Content-Security-Policy refusal.
// Usage: node tests/deb/lan.mjs BASE_URL FULL_TOKEN READ_TOKEN OUT_DIR
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, full, read, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Refused to|Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${base}/?token=${full}`);
  await page.getByRole('heading', { name: /Kecamatan SUKAMAJU/ }).waitFor({ timeout: 20000 });
  await page.screenshot({ path: join(out, 'lan-panel.png') });
  await page.goto(`${base}/?window=projector&token=${read}`);
  await page.getByText(/Rapat pleno rekapitulasi/).waitFor({ timeout: 20000 });
  await page.screenshot({ path: join(out, 'lan-proyektor.png') });
} catch (e) {
  problems.push(String(e));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`layar LAN: ${problems.join('\n')}`);
  process.exit(1);
}
