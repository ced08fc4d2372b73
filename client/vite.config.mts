import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The repository root runs `vite --config client/vite.config.mts`, so paths are anchored here, not at the cwd.
const clientDir = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.ONEWINDOW_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: clientDir,
  // Vite 8 compiles JSX itself (tsconfig "jsx": "react-jsx"); @vitejs/plugin-react is left out because its
  // optional Babel peers do not resolve on this registry, and fast refresh is a development nicety only.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are big; one vendor chunk per library keeps the app chunk small and cacheable.
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; in a browser-only bundle the
      // directive means nothing, and the bundler's warning about each of them buries real problems.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        manualChunks: (id: string) => {
          if (/node_modules\/(react|react-dom|react-router|react-router-dom|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/(antd|@ant-design|rc-[^/]+|@rc-component)\//.test(id)) return 'antd';
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          return undefined;
        },
      },
    },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
