// The search dialog, loaded by site.js when the reader first opens search: results from the
// site's Pagefind index (pagefind/) as the reader types, narrowed by the filters factbook
// writes into each page (kind of page, section, subject, tag). Keyboard: arrows move between
// the box and the results, Enter follows, Escape closes and returns to where search opened.

const PAGE = 5;
const FILTERS = ["kind", "section", "subject", "tag"];

// Pagefind's excerpts are text with <mark> around the words found: keep exactly that.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

function element(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

// `words` are the [search] words of the site's language (theme/words/); `fill` puts values
// in their {names}.
export function create(root, words, fill) {
  const pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
    await pf.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true });
    await pf.init();
    return pf;
  });

  const input = element("input", {
    type: "search", id: "fb-search-input", autocomplete: "off", spellcheck: false,
    placeholder: words.placeholder,
  });
  input.setAttribute("aria-controls", "fb-search-results");
  const close = element("button", { type: "button", className: "search-close" }, words.close);
  const filters = element("div", { className: "search-filter-list" });
  const filterBox = element("details", { className: "search-filters", hidden: true },
    element("summary", {}, words.filters), filters);
  const status = element("p", { className: "search-status", id: "fb-search-status" });
  status.setAttribute("role", "status");
  const list = element("ul", { className: "search-results", id: "fb-search-results" });
  list.setAttribute("aria-label", words.results);
  const more = element("button", { type: "button", className: "search-more", hidden: true }, words.more_results);
  const dialog = element("dialog", { className: "search-dialog" },
    element("div", { className: "search-bar" },
      element("label", { htmlFor: "fb-search-input", className: "search-label" }, words.label),
      input, close),
    filterBox, status, list, more);
  dialog.setAttribute("aria-label", words.dialog);
  document.body.append(dialog);

  let opener = null;
  let found = [];
  let shown = 0;
  const chosen = {};

  pagefind.then(async (pf) => {
    const available = await pf.filters();
    for (const name of FILTERS) {
      const values = Object.keys(available[name] || {}).sort();
      if (values.length < 2) continue;
      const select = element("select", { id: `fb-search-${name}` },
        element("option", { value: "" }, words[`any_${name}`]),
        ...values.map((v) => element("option", { value: v }, v)));
      select.addEventListener("change", () => {
        if (select.value) chosen[name] = select.value;
        else delete chosen[name];
        run();
      });
      filters.append(element("label", { className: "search-filter" }, `${words[name]} `, select));
      filterBox.hidden = false;
    }
  }, () => {
    status.textContent = words.unavailable;
  });

  // Each search is numbered: one that finishes after a newer one began shows nothing, so a
  // slow answer for "Instagr" never replaces the answer for "Instagram".
  let latest = 0;

  async function run() {
    const ticket = ++latest;
    const term = input.value.trim();
    const any = Object.keys(chosen).length > 0;
    if (!term && !any) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const pf = await pagefind;
    const search = await pf.debouncedSearch(term || null, { filters: { ...chosen } }, 120);
    if (search === null || ticket !== latest) return;
    const results = search.results;
    const items = await load(results.slice(0, PAGE));
    if (ticket !== latest) return;
    found = results;
    shown = items.length;
    list.replaceChildren(...items);
    more.hidden = shown >= found.length;
    const n = found.length;
    const form = n === 1 ? "one" : "other";
    status.textContent = !n
      ? fill(term ? words.no_results_for : words.no_results, { term })
      : fill(term ? words[`results_for_${form}`] : words[`results_${form}`], { n, term });
  }

  const load = async (results) => (await Promise.all(results.map((r) => r.data()))).map(resultItem);

  async function showMore() {
    const ticket = latest;
    const items = await load(found.slice(shown, shown + PAGE));
    if (ticket !== latest) return;
    shown += items.length;
    list.append(...items);
    more.hidden = shown >= found.length;
  }

  function resultItem(result) {
    const where = [result.filters.kind, result.meta.section || result.filters.section]
      .flat().filter(Boolean).join(" · ");
    const item = element("li", { className: "search-result" },
      element("a", { href: result.url, className: "search-title" }, result.meta.title || result.url),
      element("span", { className: "search-where" }, where),
      element("p", { className: "search-excerpt" }, excerptNodes(result.excerpt)));
    const parts = (result.sub_results || []).filter((s) => s.url !== result.url && s.url.includes("#"));
    if (parts.length) {
      item.append(element("ul", { className: "search-parts" },
        ...parts.slice(0, 2).map((s) => element("li", {}, element("a", { href: s.url }, s.title)))));
    }
    return item;
  }

  const links = () => [...list.querySelectorAll("a")];
  dialog.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === input || at >= 0)) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)]?.focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape") {
      // A search box would take the first Escape to clear itself: it closes the dialog.
      event.preventDefault();
      dialog.close();
    } else if (event.key === "Enter" && event.target === input && all.length) {
      event.preventDefault();
      all[0].click();
    }
  });
  input.addEventListener("input", run);
  more.addEventListener("click", () => showMore());
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => opener?.focus());
  // Following a result to another part of this page closes the dialog.
  list.addEventListener("click", (event) => { if (event.target.closest("a")) dialog.close(); });

  return {
    open(from) {
      opener = from;
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
    },
  };
}
