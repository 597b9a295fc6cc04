// pa11y with its HTML_CodeSniffer runner (WCAG 2 AA), driving Debian's chromium through
// puppeteer's executablePath: puppeteer never downloads a browser (.puppeteerrc.cjs).
//
// Called by tests/browser/test_pa11y.py through node:
//   node tests/browser/pa11y_run.cjs JOB.json
// JOB.json: {"chromium": "/usr/bin/chromium", "args": [...], "standard": "WCAG2AA",
//            "pages": [{"name": "...", "url": "...", "actions": ["..."]}]}
// Prints one JSON object: {"pa11y": version, "pages": [{"name", "url", "issues": [...]}]},
// issues with type error, warning and notice as HTML_CodeSniffer reports them.
"use strict";

const fs = require("fs");
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
  const browser = await puppeteer.launch({
    executablePath: job.chromium,
    args: job.args || [],
    headless: true,
  });
  const pages = [];
  try {
    for (const target of job.pages) {
      const page = await browser.newPage();
      try {
        const result = await pa11y(target.url, {
          browser,
          page,
          runners: ["htmlcs"],
          standard: job.standard || "WCAG2AA",
          includeWarnings: true,
          includeNotices: false,
          actions: target.actions || [],
          timeout: 120000,
        });
        pages.push({ name: target.name, url: result.pageUrl, issues: result.issues });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  const version = require("pa11y/package.json").version;
  process.stdout.write(JSON.stringify({ pa11y: version, pages }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
