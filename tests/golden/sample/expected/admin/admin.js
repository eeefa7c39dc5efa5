// The editors' form: Sveltia CMS, copied from node_modules by the build, over this site's content files. This script
// loads it, with what is ours:
// - It talks to nobody but this site and GitHub's API. The CMS would ask unpkg.com whether a newer version is out and
//   githubstatus.com whether GitHub is up: it is told "not here" without a request. Its stylesheet names three fonts
//   on a CDN: it is pointed at the copies in fonts/ before the page is drawn.
// - It saves the YAML a person would write (yaml.js): the schema comment line first, the schema's order, quotes
//   only where they are needed.
// - Each change's pull request says in plain words what it changes and how the details were checked
//   (pull-request.js), where the CMS would say only that it made it.
// - It knows this site's repository, branch and address, which the build prints into the page.
import { withPlainWords } from "./pull-request.js";
import { formatFrontMatter, formatYaml } from "./yaml.js";

const page = document.documentElement.dataset;
const HOW_VERIFIED = JSON.parse(page.howVerified); // the listing pages' words for each way of checking
const ALLOWED = [location.origin, "https://api.github.com"];
const CDN_FONT = /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/([a-z0-9-]+\.woff2)/g;

const listings = []; // each listing the form wrote in this visit, for its pull request's words
const fetchAllowed = window.fetch.bind(window);
window.fetch = (resource, options) => {
  const url = new URL(resource instanceof Request ? resource.url : resource, location.href);
  if (["data:", "blob:"].includes(url.protocol)) return fetchAllowed(resource, options);
  if (ALLOWED.includes(url.origin)) return fetchAllowed(resource, withPlainWords(url, options, listings, HOW_VERIFIED));
  return Promise.resolve(new Response(null, { status: 404, statusText: "Not fetched: this page talks only to GitHub" }));
};

new MutationObserver((changes) => {
  for (const node of changes.flatMap((change) => [...change.addedNodes])) {
    if (node instanceof HTMLStyleElement && node.textContent.includes("cdn.jsdelivr.net")) {
      node.textContent = node.textContent.replace(CDN_FONT, (_, family, file) => `fonts/${family}-${file}`);
    }
  }
}).observe(document.head, { childList: true });

/** Return the schemas by name, as the site publishes them. */
async function schemas() {
  const names = ["listing", "guide", "page", "translation"];
  const loaded = await Promise.all(names.map((name) => fetch(`${page.schemas}${name}.schema.json`).then((r) => r.json())));
  return Object.fromEntries(names.map((name, i) => [name, loaded[i]]));
}

function start(CMS) {
  const schema = schemas();
  // Only the writing is ours: the CMS reads the files with its own YAML parser, as `check` would.
  CMS.registerCustomFormat("yaml", "yaml", {
    toFile: async (data) => {
      listings.push(data);
      return formatYaml(data, (await schema).listing, [page.firstLine]);
    },
  });
  CMS.registerCustomFormat("yaml-frontmatter", "md", {
    toFile: async (data) => {
      const { guide, page: prose, translation } = await schema;  // a guide's front matter has a page's fields and more
      // A translation's reviewed is true or false where its original's is a date (translation.schema.json); the
      // form's one field for both keeps a translation's as the words "true" or "false".
      if (data.reviewed === "true" || data.reviewed === "false") {
        return formatFrontMatter({ ...data, reviewed: data.reviewed === "true" }, translation);
      }
      return formatFrontMatter(data, { ...guide, properties: { ...prose.properties, ...guide.properties } });
    },
  });
  CMS.init({
    config: {
      backend: { repo: page.repository, branch: page.branch },
      site_url: page.site,
      logo: { src: page.logo },
    },
  });
}

window.CMS_MANUAL_INIT = true;
const script = document.createElement("script");
script.src = "sveltia-cms.js";
script.addEventListener("load", () => start(window.CMS));
script.addEventListener("error", () => { document.querySelector("[data-missing]").hidden = false; });
document.head.append(script);
