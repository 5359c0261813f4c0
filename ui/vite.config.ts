import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// In development the API runs separately; the production server serves the built files itself.
const apiTarget = process.env.FLUXO_API_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  build: {
    rolldownOptions: {
      input: {
        main: 'index.html',
        'widget-demo': 'widget-demo.html',
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
