/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// The UI is served three ways: by Vite in development, from ui/dist inside the Tauri app
// (custom protocol), and from ui/dist by any static server next to `pleno serve` (browser E2E,
// LAN display). Relative asset paths keep all three working.
export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // `pleno serve` on its default port; the dev UI proxies /api to it.
    proxy: { '/api': { target: process.env.PLENO_API ?? 'http://127.0.0.1:8470', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    root,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
});
