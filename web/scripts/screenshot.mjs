#!/usr/bin/env node
// Signs in to a running web app and saves screenshots of its pages, to check the RTL layout by eye:
//   node scripts/screenshot.mjs [app-url] [out-dir] [email] [password]
// Needs a Chromium on the machine (Debian: apt-get install chromium); CHROMIUM overrides the path.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const [
  appUrl = "http://127.0.0.1:5173/",
  outDir = "screenshots",
  email = "owner@demo.agentlocator.co.il",
  password = "demo-password",
] = process.argv.slice(2);

/** Every "loading…" line gone: the page shows what the API answered. */
async function settled(page) {
  await page.waitForFunction(() => !document.body.textContent?.includes("טוען…"));
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "he-IL", timezoneId: "UTC" });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  page.on("console", (message) => message.type() === "error" && console.error("console:", message.text()));
  await page.goto(appUrl);
  await page.getByLabel("אימייל").fill(email);
  await page.getByLabel("סיסמה").fill(password);
  await page.getByRole("button", { name: "כניסה" }).click();
  await page.locator("table.list tbody tr").first().waitFor();
  await page.screenshot({ path: join(outDir, "leads.png"), fullPage: true });

  // The oldest lead: the seeded one with a call, messages and a meeting.
  await page.locator("table.list tbody tr a").last().click();
  await page.getByRole("heading", { name: "היסטוריה" }).waitFor();
  await settled(page);
  await page.screenshot({ path: join(outDir, "lead.png"), fullPage: true });

  const callLink = page.locator("ol.timeline a").first();
  if (await callLink.count()) {
    await callLink.click();
    await page.getByRole("heading", { name: "תמלול" }).waitFor();
    await page.screenshot({ path: join(outDir, "call.png"), fullPage: true });
  }

  await page.goto(new URL("#/appointments", appUrl).toString());
  await page.getByRole("heading", { level: 1 }).waitFor();
  await settled(page);
  await page.screenshot({ path: join(outDir, "appointments.png"), fullPage: true });

  await page.goto(new URL("#/statuses", appUrl).toString());
  await page.getByRole("heading", { name: "סטטוסים" }).waitFor();
  await settled(page);
  await page.screenshot({ path: join(outDir, "statuses.png"), fullPage: true });
  await page.goto(new URL("#/settings", appUrl).toString());
  await page.getByRole("heading", { name: "הגדרות עסק" }).waitFor();
  await page.screenshot({ path: join(outDir, "settings.png"), fullPage: true });

  await page.goto(new URL("#/leads?source=whatsapp&sort=name:asc", appUrl).toString());
  await page.locator("table.list tbody tr").first().waitFor();
  await settled(page);
  await page.screenshot({ path: join(outDir, "leads-whatsapp.png"), fullPage: true });
  console.log(`screenshots in ${outDir}`);
} catch (error) {
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages[0]) await pages[0].screenshot({ path: join(outDir, "failed.png"), fullPage: true });
  throw error;
} finally {
  await browser.close();
}
