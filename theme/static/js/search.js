// Search page: runs the Pagefind index (built after the site by `python -m pagefind`).
// Without JavaScript the page says so; the rest of the site never needs it.
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const text = form.dataset;

// Harakat, Quranic marks, superscript alef and tatweel: a query without them finds words with them.
const fold = (q) => q.normalize("NFC").replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, "").trim();

// An excerpt keeps only its text and Pagefind's <mark> elements.
function excerpt(html) {
  const p = document.createElement("p");
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  for (const node of doc.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

async function search(query) {
  status.textContent = text.searching;
  list.replaceChildren();
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind.js", new URL(text.bundle, document.baseURI)).href);
    await pagefind.options({ baseUrl: new URL(text.site, document.baseURI).pathname });
  } catch (error) {
    status.textContent = text.error;
    return;
  }
  const found = await pagefind.search(fold(query));
  const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  status.textContent = results.length
    ? text.count.replace("%(num)s", new Intl.NumberFormat(document.documentElement.lang, { numberingSystem: text.digits }).format(found.results.length))
    : text.none;
  for (const result of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    link.dir = "auto";
    const heading = document.createElement("h2");
    heading.append(link);
    item.append(heading, excerpt(result.excerpt));
    list.append(item);
  }
}

const query = new URLSearchParams(location.search).get("q") || "";
input.value = query;
if (fold(query)) search(query);
