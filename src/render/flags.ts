/**
 * The command line Galley starts Chromium with: every flag it passes, and
 * why (docs/engine.md lists them with the same reasons). Nothing is left
 * to puppeteer's defaults: the engine launches the browser itself.
 */

/** Features switched off through --disable-features, each a service that reaches out or is not needed. */
const DISABLED_FEATURES = [
  // Offers to translate pages, fetching language models and the translate script.
  "Translate",
  // Optimization Guide: hints and model downloads from Google's servers.
  "OptimizationHints",
  "OptimizationHintsFetching",
  "OptimizationGuideModelDownloading",
  "OptimizationTargetPrediction",
  // Media Router (Cast): looks for devices on the local network.
  "MediaRouter",
  "DialMediaRouteProvider",
  // Asks Google's autofill servers about forms.
  "AutofillServerCommunication",
  // Certificate Transparency log lists, a component update of their own.
  "CertificateTransparencyComponentUpdater",
  // Network time queries (clients2.google.com).
  "NetworkTimeServiceQuerying",
  // Privacy Sandbox and interest-group services, which fetch lists.
  "PrivacySandboxSettings4",
  "InterestFeedContentSuggestions",
  // puppeteer's own choices, kept: no back-forward cache (pages are
  // navigated to about:blank between documents), no Accept-CH restarts.
  "BackForwardCache",
  "AcceptCHFrame",
];

/**
 * Flags for a headless Chromium on a build machine: the pages are local
 * files, so nothing may reach the network, and several tabs lay out at
 * once, so no tab may be throttled.
 */
export function chromiumFlags(): string[] {
  const flags = [
    "--headless=new",
    "--hide-scrollbars",
    "--mute-audio",
    // Layout and printing never need the GPU; a GPU process costs 50 MB.
    "--disable-gpu",
    // Text is printed as outlines without hinting: the same metrics on every machine.
    "--font-render-hinting=none",
    // Colours as written, whatever the machine's display profile.
    "--force-color-profile=srgb",
    // The page loads its fonts and scripts from file: URLs (see tabs.ts for what it may load).
    "--allow-file-access-from-files",
    // Shared memory in the browser's TMPDIR (its own profile folder) rather
    // than /dev/shm, which is small in many containers.
    "--disable-dev-shm-usage",
    // Several documents are laid out at once, each in its own tab; without
    // these, Chromium starves every tab but the front one and they hang.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    // A long layout is not a hung page, and the protocol is not flooding.
    "--disable-hang-monitor",
    "--disable-ipc-flooding-protection",
    // No prompts or pop-up blocking in an unattended browser.
    "--disable-popup-blocking",
    "--disable-prompt-on-repost",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-search-engine-choice-screen",
    // No keyring or keychain to ask for passwords.
    "--password-store=basic",
    "--use-mock-keychain",
    // Nothing reaches out: no background fetches (variations, safe-browsing
    // lists, the new-tab page), no component updates, no sync or sign-in,
    // no metrics upload, domain reliability reports, hyperlink auditing
    // pings, phishing model downloads, crash uploads or field trials.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--metrics-recording-only",
    "--disable-domain-reliability",
    "--no-pings",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-field-trial-config",
    "--no-service-autorun",
    // No extensions (Debian's launcher loads those in /usr/share/chromium/extensions),
    // no default apps, and none that run in the background.
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-default-apps",
    "--disable-quic",
    // With all the flags above, Chromium 156 still looked up
    // update.googleapis.com and accounts.google.com on every start (seen
    // with strace). The pages load only local files, so no name is ever
    // resolved: every lookup fails at once, without reaching the network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    `--disable-features=${DISABLED_FEATURES.join(",")}`,
    // The network service in the browser process: one process fewer.
    "--enable-features=NetworkServiceInProcess2",
    // puppeteer's defaults, kept: a browser under automation (no infobars,
    // no session restore prompts).
    "--enable-automation",
    "--allow-pre-commit-input",
  ];
  // Chromium refuses to start its sandbox as root.
  if (process.getuid?.() === 0) flags.push("--no-sandbox");
  return flags;
}
