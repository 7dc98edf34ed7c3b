/// <reference types="vitest/config" />
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const live = Boolean(process.env.LIVE_API_BASE);

// The CRM API's CORS list allows http://127.0.0.1:5173 and http://localhost:5173 (Settings.web_app_origins).
export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  test: {
    environment: "jsdom",
    globals: true,
    // LIVE_API_BASE is set only by tests/integration/web (a seeded local stack): then the live suite runs.
    include: live ? ["tests/live/**/*.live.ts"] : ["tests/**/*.test.{ts,tsx}"],
    setupFiles: live ? [] : ["tests/setup.ts"],
    env: { TZ: "UTC" },
    css: false,
  },
});
