import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (apps/server) serves `dist/` at `/` with an SPA fallback and the JSON API
// under `/api/v1`. In development, Vite proxies the API and the readiness probe to it.
const apiTarget = 'http://localhost:8080';

/**
 * Long-lived vendor chunks. antd is not forced into one group: Rolldown then places each antd
 * component next to the lazily loaded area pages that use it, and only the shared core
 * (ConfigProvider, Layout, Menu, Button, Form ...) loads up front.
 */
const vendorGroups: { name: string; test: RegExp; priority: number }[] = [
  { name: 'vendor-echarts', test: /node_modules[\\/]echarts[\\/]/, priority: 40 },
  { name: 'vendor-zrender', test: /node_modules[\\/]zrender[\\/]/, priority: 45 },
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
    priority: 30,
  },
];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/readyz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: vendorGroups.map((g) => ({
            name: g.name,
            test: g.test,
            priority: g.priority,
          })),
        },
      },
    },
  },
});
