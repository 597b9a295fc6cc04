// pa11y drives Debian's chromium (/usr/bin/chromium, installed by `make setup`) through
// puppeteer's launch option executablePath: puppeteer must never download a browser of its own.
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  "chrome-headless-shell": { skipDownload: true },
  firefox: { skipDownload: true },
};
