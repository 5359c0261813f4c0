import { defineConfig } from 'vite'

// The embeddable widget: one self-contained IIFE, no React, added next to the app's build output.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2019',
    lib: {
      entry: 'src/widget/main.ts',
      name: 'FluxoWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
})
