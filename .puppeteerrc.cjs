// Galley never downloads a browser of its own: it uses the system Chromium
// (see src/render/browser.ts). This stops puppeteer's install step from trying.
module.exports = { skipDownload: true };
