// Search with no library. site_gen/search.py writes the index under search/, from the model:
//   meta.json         {chunk, shards, statements, version}: shards are the words' first two letters
//   facets.json       {values: {country, stance, event}, of: {country: [place per statement], ...}}
//   terms/<key>.json  {word: [statement numbers]}; a number is a place in time order
//   docs/<n>.json     [{url, title, excerpt, lang, dir}] for statements n * chunk onwards
// A query fetches only the shards of its words and the chunks of the results it shows. Every word
// must match, as the start of a word ("Mod" finds "Modi"); whole words rank first, then the newest.

const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const SHOWN = 50;

/** Text as the index compares it: the same steps as site_gen.search.fold. */
export function fold(text) {
  return text.normalize("NFKD").toLowerCase().replace(ACCENTS, "").replaceAll("\u03c2", "\u03c3");
}

/** The folded words of a text: the same as site_gen.search.terms. */
export function terms(text) {
  return fold(text).match(WORD) || [];
}

/** The file a shard key is in: the same as site_gen.search.shard_file. */
export function shardFile(key) {
  if (/^[a-z0-9]+$/.test(key)) return key;
  return "u-" + Array.from(key, (c) => c.codePointAt(0).toString(16)).join("-");
}

const form = document.querySelector("form[data-search]");
if (form) start(form);

function start(form) {
  const input = form.querySelector("input[name=q]");
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const filters = document.querySelector("form[data-search-filters]");
  const selects = Array.from(filters.querySelectorAll("select"));
  const files = new Map();
  let meta = null;
  let facets = null;
  let asked = ""; // the query as typed, for the status line
  let words = []; // its folded words
  let found = []; // statement numbers, best first
  let runs = 0;
  let shows = 0;
  let typing = 0;

  function load(path) {
    if (!files.has(path)) {
      const file = fetch(form.dataset.index + path).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.json();
      });
      file.catch(() => files.delete(path)); // try again on the next search
      files.set(path, file);
    }
    return files.get(path);
  }

  function value(facet, n) {
    return facets.values[facet][facets.of[facet][n]];
  }

  // statement number -> whether `word` is one of its words (not only the start of one)
  async function matches(word) {
    const chars = Array.from(word);
    const keys = chars.length === 1
      ? meta.shards.filter((key) => key.startsWith(word))
      : [chars.slice(0, 2).join("")].filter((key) => meta.keys.has(key));
    const shards = await Promise.all(keys.map((key) => load(`terms/${shardFile(key)}.json`)));
    const hits = new Map();
    for (const shard of shards) {
      for (const [term, numbers] of Object.entries(shard)) {
        if (!term.startsWith(word)) continue;
        const whole = term === word;
        for (const n of numbers) hits.set(n, whole || hits.get(n) === true);
      }
    }
    return hits;
  }

  function rank(hits) {
    const [first, ...rest] = hits.sort((a, b) => a.size - b.size);
    const ranked = [];
    next: for (const [n, whole] of first) {
      let score = whole ? 1 : 0;
      for (const other of rest) {
        if (!other.has(n)) continue next;
        if (other.get(n)) score += 1;
      }
      ranked.push([score, n]);
    }
    return ranked.sort((a, b) => b[0] - a[0] || b[1] - a[1]).map(([, n]) => n);
  }

  async function run(query) {
    const ticket = ++runs;
    asked = query;
    words = [...new Set(terms(query))];
    found = [];
    filters.hidden = true;
    if (!query.trim()) {
      shows++;
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    try {
      [meta, facets] = await Promise.all([load("meta.json"), load("facets.json")]);
      meta.keys ??= new Set(meta.shards);
      const hits = await Promise.all(words.map(matches));
      if (ticket !== runs) return;
      found = hits.length ? rank(hits) : [];
      for (const select of selects) {
        const places = [...new Set(found.map((n) => facets.of[select.name][n]))];
        const values = places.sort((a, b) => a - b).map((i) => facets.values[select.name][i]);
        select.replaceChildren(option(""), ...values.map(option));
      }
      filters.hidden = found.length < 2;
      await show();
    } catch (error) {
      if (ticket !== runs) return;
      list.replaceChildren();
      status.textContent = "The search index could not be loaded; please try again.";
      console.error(error);
    }
  }

  async function show() {
    const ticket = ++shows;
    if (!asked.trim()) return;
    const chosen = found.filter((n) => selects.every((s) => !s.value || value(s.name, n) === s.value));
    const shown = chosen.slice(0, SHOWN);
    const docs = await Promise.all(
      shown.map((n) => load(`docs/${Math.floor(n / meta.chunk)}.json`).then((d) => d[n % meta.chunk])),
    );
    if (ticket !== shows) return;
    list.replaceChildren(...shown.map((n, i) => result(n, docs[i])));
    const total = found.length;
    report(
      total === 0 ? "No statement matches “" : `${total} statement${total === 1 ? "" : "s"} found for “`,
      total === 0 || shown.length === total ? "”." : `”, ${shown.length} shown.`,
    );
  }

  // the status line, the query isolated in <bdi> so that right-to-left words stay in place
  function report(before, after) {
    const query = document.createElement("bdi");
    query.textContent = asked;
    status.replaceChildren(before, query, after);
  }

  function result(n, doc) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = doc.url;
    link.textContent = doc.title;
    const line = document.createElement("p");
    line.className = "meta";
    line.textContent = `${value("country", n)} · ${value("stance", n)}`;
    item.append(link, line);
    if (doc.excerpt) item.append(excerpt(doc));
    return item;
  }

  // the excerpt as text, each word the query matched in a <mark>
  function excerpt(doc) {
    const text = doc.excerpt;
    const paragraph = document.createElement("p");
    paragraph.lang = doc.lang;
    paragraph.dir = doc.dir;
    let done = 0;
    for (const match of text.matchAll(WORD)) {
      if (!terms(match[0]).some((term) => words.some((word) => term.startsWith(word)))) continue;
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      paragraph.append(text.slice(done, match.index), mark);
      done = match.index + match[0].length;
    }
    paragraph.append(text.slice(done));
    return paragraph;
  }

  function option(text) {
    const element = document.createElement("option");
    element.value = text;
    element.textContent = text || "All";
    return element;
  }

  function search() {
    clearTimeout(typing);
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(search, 250);
  });
  selects.forEach((select) => select.addEventListener("change", show));
  filters.addEventListener("submit", (event) => event.preventDefault());
  filters.addEventListener("reset", () => setTimeout(show, 0));
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  run(input.value);
}
