// Fanfare: search and filter the story list in the browser, over the index
// that generator/search writes (see its package comment for the format).
// Nothing is fetched until someone searches or filters: then the manifest,
// the word shards a query needs, one facet file per filter and the
// document shards of the results shown. The state lives in the URL
// (?q=…&industry=…), so it can be shared and the back button works.
const form = document.querySelector("form.search[data-index]");
if (form) init(form);

// The filters are folded on a phone, so that the first story shows on the
// first screen; on a wider screen they are open from the start.
const filters = document.querySelector("details.search-filters");
if (filters && matchMedia("(min-width: 48em)").matches) filters.open = true;

function init(form) {
  const D = form.dataset, q = form.elements.q;
  const fields = [...form.elements].filter((e) => e.name);
  const selects = fields.filter((e) => e.tagName === "SELECT");
  const section = document.querySelector(".list-section");
  const status = section.querySelector(".search-status");
  const list = [...section.children].filter((e) => e !== status && e.tagName !== "H2");
  const results = el("div", "grid");
  const more = el("button", "button search-more", null, D.more);
  results.hidden = more.hidden = true;
  more.type = "button";
  status.after(results, more);
  const base = new URL(D.index, location.href), per = +D.per || 12;
  const files = new Map(), decoded = new Map();
  let seq = 0, found = [], shown = 0, typing = false;

  // get fetches one file of the index once.
  const get = (name) => {
    if (!files.has(name)) {
      const p = fetch(new URL(name, base)).then((r) => {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      p.catch(() => files.delete(name));
      files.set(name, p);
    }
    return files.get(name);
  };
  const manifest = () => get(base.href).then((m) => {
    if (m.v !== 1) throw new Error("index version " + m.v);
    return m;
  });

  // match returns the stories holding word w (or, with prefix, a word
  // starting with w): the last word is matched as it is being typed.
  async function match(m, w, prefix) {
    const i = shard(m, w), j = prefix ? Math.min(shard(m, w + "\uffff"), i + 2) : i;
    const names = m.words.slice(i, j + 1).map((s) => s[1]);
    const shards = await Promise.all(names.map(get));
    let b = null;
    shards.forEach((s, k) => {
      for (const key of prefix ? Object.keys(s) : [w]) {
        if (s[key] == null || !key.startsWith(w)) continue;
        const id = names[k] + " " + key;
        if (!decoded.has(id)) decoded.set(id, bits(s[key], m.n));
        b = or(b, decoded.get(id));
      }
    });
    return b || new Uint32Array((m.n + 31) >> 5);
  }

  async function facet(m, param, value) {
    const f = m.facets.find((f) => f.param === param);
    const v = f && f.values.find((v) => v[0] === value);
    if (!v) return new Uint32Array((m.n + 31) >> 5);
    return bits(v[2][0] === ":" ? v[2].slice(1) : await get(v[2]), m.n);
  }

  // docs returns the documents of the given ids, fetching their shards.
  async function docs(m, ids) {
    const size = m.docsPerShard;
    const need = [...new Set(ids.map((id) => Math.floor(id / size)))];
    const got = new Map(await Promise.all(need.map(async (k) => [k, await get(m.docs[k])])));
    return ids.map((id) => got.get(Math.floor(id / size))[id % size]);
  }

  async function run(t0) {
    const my = ++seq;
    if (!selects.some((s) => s.value) && !words(q.value).length) {
      show(false);
      status.textContent = "";
      return;
    }
    try {
      const m = await manifest();
      const parts = selects.filter((s) => s.value).map((s) => facet(m, s.name, s.value));
      const ws = words(q.value), open = /[\p{L}\p{N}]$/u.test(q.value);
      ws.forEach((w, k) => parts.push(match(m, w, open && k === ws.length - 1 && [...w].length > 1)));
      let b = null;
      for (const p of await Promise.all(parts)) b = and(b, p);
      const ids = b ? toIDs(b) : [...Array(m.n).keys()];
      const first = await docs(m, ids.slice(0, per));
      if (my !== seq) return;
      found = ids;
      shown = 0;
      results.textContent = "";
      render(first);
      show(true);
      const n = ids.length;
      status.textContent = n === 0 ? D.foundNone : n === 1 ? D.foundOne : D.foundN.replace("%d", n.toLocaleString(document.documentElement.lang));
      performance.measure("fanfare-search", { start: t0, end: performance.now() });
    } catch (err) {
      if (my === seq) status.textContent = D.failed;
    }
  }

  function render(ds) {
    for (const d of ds) results.append(card(d));
    shown += ds.length;
    more.hidden = shown >= found.length;
  }

  function show(on) {
    for (const e of list) e.hidden = on;
    results.hidden = !on;
    if (!on) more.hidden = true;
  }

  more.addEventListener("click", async () => {
    const my = seq, from = shown;
    try {
      const ds = await docs(await manifest(), found.slice(shown, shown + per));
      if (my !== seq) return;
      render(ds);
      results.children[from]?.querySelector("a")?.focus();
    } catch (err) {
      status.textContent = D.failed;
    }
  });

  function card(d) {
    const [url, title, summary, brand, customer, stage, date] = d;
    const a = el("article", "card story-card"), body = el("div", "card-body", a);
    const kicker = el("p", "card-kicker", body);
    if (brand) el("span", "", kicker, brand);
    if (stage) el("span", "", kicker, stageName(stage));
    el("a", "", el("h3", "card-title", body), title).href = url;
    if (summary) el("p", "card-text", body, summary);
    if (customer || date) {
      const meta = el("p", "card-meta", body);
      if (customer) el("span", "", meta, customer);
      if (date) {
        const t = el("time", "", meta, new Intl.DateTimeFormat(document.documentElement.lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(date + "T00:00:00Z")));
        t.dateTime = date;
      }
    }
    return a;
  }

  function stageName(slug) {
    const o = form.elements.stage && [...form.elements.stage.options].find((o) => o.value === slug);
    return (o && o.dataset.name) || slug;
  }

  // The URL holds the state: ?q=…&<field>=<term>.
  function query() {
    const p = new URLSearchParams();
    for (const e of fields) if (e.value.trim()) p.set(e.name, e.value.trim());
    const s = p.toString();
    return location.pathname + (s ? "?" + s : "");
  }
  function fromURL() {
    const p = new URLSearchParams(location.search);
    for (const e of fields) {
      const v = p.get(e.name) || "";
      e.value = e.tagName === "SELECT" && ![...e.options].some((o) => o.value === v) ? "" : v;
    }
  }
  function commit(push, t0) {
    const url = query();
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    run(t0);
  }

  // Typing replaces the history entry the first keystroke made, so that
  // Back undoes a whole search, not one letter; leaving the field or a
  // pause of a second ends the search.
  let idle;
  form.addEventListener("input", (e) => {
    const push = !(typing && e.target === q);
    typing = e.target === q;
    clearTimeout(idle);
    if (typing) idle = setTimeout(() => (typing = false), 1000);
    commit(push, e.timeStamp);
  });
  form.addEventListener("focusin", () => manifest().catch(() => {}), { once: true });
  q.addEventListener("blur", () => (typing = false));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    typing = false;
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    for (const f of fields) f.value = "";
    typing = false;
    commit(true, performance.now());
  });
  addEventListener("popstate", () => {
    typing = false;
    fromURL();
    run(performance.now());
  });
  fromURL();
  if (fields.some((e) => e.value)) run(performance.now());
}

// words splits a query as generator/search.Normalise splits a text.
function words(s) {
  return s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u)
    .filter((w) => { const n = [...w].length; return n > 1 ? n <= 32 : n === 1 && /\p{N}/u.test(w); });
}

// shard returns the index of the last word shard whose first word is <= w.
function shard(m, w) {
  let lo = 0, hi = m.words.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.words[mid][0] <= w) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Lists of ids become bit sets of n bits, so that AND and OR are cheap.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUE = new Int8Array(128);
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function bits(s, n) {
  const b = new Uint32Array((n + 31) >> 5), set = (id) => (b[id >> 5] |= 1 << (id & 31));
  let id = -1, g = 0;
  if (s[0] === "~") {
    for (let i = 1; i < s.length; i++) {
      const v = VALUE[s.charCodeAt(i)];
      for (let k = 0; k < 6; k++) if ((v >> k) & 1) set((i - 1) * 6 + k);
    }
  } else {
    for (let i = 0; i < s.length; i++) {
      const v = VALUE[s.charCodeAt(i)];
      if (v >= 32) g = g * 32 + v - 32;
      else set((id += g * 32 + v + 1)), (g = 0);
    }
  }
  return b;
}
const and = (a, b) => (a ? a.map((x, i) => x & b[i]) : b);
const or = (a, b) => (a ? a.map((x, i) => x | b[i]) : b);
function toIDs(b) {
  const out = [];
  for (let w = 0; w < b.length; w++) for (let x = b[w]; x; x &= x - 1) out.push(w * 32 + 31 - Math.clz32(x & -x));
  return out;
}

function el(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  if (parent) parent.append(e);
  return e;
}
