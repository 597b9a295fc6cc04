// pa11y with its HTML_CodeSniffer runner (WCAG 2 AA), driving Debian's chromium through
// puppeteer's executablePath: puppeteer never downloads a browser (.puppeteerrc.cjs).
//
// Called by tests/browser/test_pa11y.py through node:
//   node tests/browser/pa11y_run.cjs JOB.json
// JOB.json: {"chromium": "/usr/bin/chromium", "args": [...], "standard": "WCAG2AA",
//            "pages": [{"name": "...", "url": "...", "steps": [...]}]}
// A page without steps is opened by pa11y at its url. A page with steps is reached by them
// first (a portal page behind a sign-in form or an upload), then checked as it stands:
//   {"goto": url} | {"fill": [selector, text]} | {"upload": [selector, path]}
//   | {"click": selector} (and wait for the page it leads to)
// The pages share one browser, so a sign-in holds for the pages after it.
// Prints one JSON object: {"pa11y": version, "browser": version, "pages": [{"name", "url",
// "title", "selects": [{"groups", "selected"}], "issues": [...]}]}, issues typed error, warning and notice as HTML_CodeSniffer reports them.
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
  const version = require("pa11y/package.json").version;
  const browserVersion = await browser.version();
  try {
    for (const target of job.pages) {
      const page = await browser.newPage();
      try {
        for (const step of target.steps || []) {
          if (step.goto) {
            await page.goto(step.goto, { waitUntil: "load" });
          } else if (step.fill) {
            await page.type(step.fill[0], step.fill[1]);
          } else if (step.upload) {
            const input = await page.$(step.upload[0]);
            await input.uploadFile(step.upload[1]);
          } else if (step.click) {
            await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(step.click)]);
          }
        }
        const result = await pa11y(target.steps ? page.url() : target.url, {
          browser,
          page,
          ignoreUrl: Boolean(target.steps),  // checked where the steps left it
          runners: ["htmlcs"],
          standard: job.standard || "WCAG2AA",
          includeWarnings: true,
          includeNotices: false,
          timeout: 120000,
        });
        const title = await page.title();
        // what the checked page held: its select boxes, their groups and selected options
        const selects = await page.evaluate(() => Array.from(document.querySelectorAll("select"),
          (s) => ({ groups: s.querySelectorAll("optgroup").length,
                    selected: s.querySelectorAll("option[selected]").length })));
        pages.push({ name: target.name, url: result.pageUrl, title, selects, issues: result.issues });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ pa11y: version, browser: browserVersion, pages }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
