import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The built files go straight into the module's jar, under the classpath folder the server serves.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/sightline-ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:7600' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
