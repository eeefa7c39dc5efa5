// The offline crisis kit: register the service worker the build writes at the site's root (sw.js), which keeps
// the crisis lines, the home page, the saved list and each page the visitor opens on this device, and shows them
// when the network is gone. Without a service worker (an old browser, a private window) the site works as before.

import { siteRoot } from "./shared.js";

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.pathname })
    .catch((error) => console.warn("This site cannot be kept for offline use here:", error.message));
}
