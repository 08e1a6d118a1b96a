// Search with Pagefind: the index loads only on this page, after the page is shown.
// Results can be narrowed by country, stance and event (Pagefind metadata of each statement).
const form = document.querySelector("form[data-search]");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const filters = document.querySelector("form[data-search-filters]");
const selects = Array.from(filters.querySelectorAll("select"));
let pagefind = null;
let found = [];

function option(value) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = value || "All";
  return o;
}

function show() {
  list.replaceChildren();
  const shown = found.filter((d) => selects.every((s) => !s.value || d.meta[s.name] === s.value));
  for (const data of shown) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [data.meta.country, data.meta.stance].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    item.append(link, meta, excerpt);
    list.append(item);
  }
  return shown.length;
}

async function run(query) {
  found = [];
  list.replaceChildren();
  filters.hidden = true;
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  if (!pagefind) {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ baseUrl: "/" }); // indexed URLs already carry the base path
  }
  const search = await pagefind.search(query);
  found = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  for (const s of selects) {
    const values = [...new Set(found.map((d) => d.meta[s.name]).filter(Boolean))].sort();
    s.replaceChildren(option(""), ...values.map(option));
  }
  filters.hidden = found.length < 2;
  report(query, show());
}

function report(query, shown) {
  const n = found.length;
  status.textContent = n === 0
    ? `No statement matches “${query}”.`
    : `${n} statement${n === 1 ? "" : "s"} found for “${query}”` + (shown < n ? `, ${shown} shown.` : ".");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
selects.forEach((s) => s.addEventListener("change", () => report(input.value, show())));
filters.addEventListener("submit", (event) => event.preventDefault());
filters.addEventListener("reset", () => setTimeout(() => report(input.value, show()), 0));
const initial = new URLSearchParams(window.location.search).get("q") || "";
input.value = initial;
run(initial);
