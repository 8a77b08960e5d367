// Enhancements of every page, none of which the page needs: search, a light/dark switch,
// source previews on citations, filters for long comparison tables, the choice of columns in
// tables of three subjects or more, copy-link anchors on headings,
// copy buttons on code, and printing with folded parts unfolded. Without this script every part of the page still
// shows and every link still works.
(() => {
  "use strict";
  const root = document.documentElement;
  // The buttons that need this script keep their place until now, unseen (see style.css).
  root.classList.add("scripted");
  // The site's root, from where this script is (js/site.js): right under any sub-path.
  const siteRoot = new URL("../", document.currentScript.src);
  // The words it and the search dialog show, in the site's language (theme/words/).
  const wordsElement = document.getElementById("fb-words");
  const { search: searchWords = {}, ...words } = wordsElement ? JSON.parse(wordsElement.textContent) : {};
  const fill = (text, values) => String(text ?? "").replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

  // Search: the button shows only with scripts; the search code and the index load when the
  // reader first opens it (by click, "/" or Ctrl-K), so pages weigh nothing more.
  const searchButton = document.querySelector("[data-search]");
  if (searchButton) {
    let search = null;
    const openSearch = () => {
      search ||= import(new URL("js/search.js", siteRoot).href).then((m) => m.create(siteRoot, searchWords, fill));
      search.then((s) => s.open(searchButton), () => { search = null; });
    };
    searchButton.addEventListener("click", openSearch);
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
      const ctrlK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
      if (slash || ctrlK) {
        event.preventDefault();
        openSearch();
      }
    });
  }

  // Light/dark: "auto" follows the system; a choice is remembered (read early in <head>).
  const KEY = "factbook-theme";
  const modes = ["auto", "light", "dark"];
  const themeSwitch = document.querySelector("[data-theme-switch]");
  if (themeSwitch) {
    const show = (mode) => {
      const name = words[mode] || mode;
      themeSwitch.textContent = fill(words.theme, { mode: name });
      themeSwitch.setAttribute("aria-label", fill(words.theme_label, { mode: name }));
    };
    let mode = root.dataset.theme || "auto";
    show(mode);
    themeSwitch.addEventListener("click", () => {
      mode = modes[(modes.indexOf(mode) + 1) % modes.length];
      if (mode === "auto") delete root.dataset.theme;
      else root.dataset.theme = mode;
      try {
        if (mode === "auto") localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, mode);
      } catch (_) { /* storage off: the choice lasts for this page */ }
      show(mode);
    });
  }

  // Citations: a preview of the source on hover and focus, in a popover; the link still leads
  // to the page's list of sources.
  const preview = document.createElement("div");
  preview.className = "cite-preview";
  preview.setAttribute("popover", "manual");
  preview.setAttribute("role", "tooltip");
  preview.id = "fb-cite-preview";
  let shownFor = null;
  const hide = () => {
    if (!shownFor) return;
    shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    if (preview.matches(":popover-open")) preview.hidePopover();
  };
  const showPreview = (link) => {
    const source = document.getElementById(link.hash.slice(1));
    if (!source || !preview.showPopover) return;
    hide();
    preview.replaceChildren(...Array.from(source.childNodes, (n) => n.cloneNode(true)));
    preview.querySelectorAll("a").forEach((a) => a.setAttribute("tabindex", "-1"));
    preview.showPopover();
    const at = link.getBoundingClientRect();
    const width = preview.offsetWidth;
    const left = Math.max(8, Math.min(at.left, window.innerWidth - width - 8));
    preview.style.left = `${left}px`;
    preview.style.top = `${at.bottom + 6}px`;
    link.setAttribute("aria-describedby", preview.id);
    shownFor = link;
  };
  if (document.querySelector("a.cite")) {
    document.body.append(preview);
    for (const [on, off] of [["mouseover", "mouseout"], ["focusin", "focusout"]]) {
      document.addEventListener(on, (e) => {
        const link = e.target.closest && e.target.closest("a.cite");
        if (link) showPreview(link);
      });
      document.addEventListener(off, (e) => {
        if (e.target.closest && e.target.closest("a.cite")) hide();
      });
    }
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
    window.addEventListener("scroll", hide, { passive: true });
  }

  // Long tables: show only the rows where the subjects differ, or where sources disagree.
  for (const figure of document.querySelectorAll("figure.compare")) {
    const table = figure.querySelector("table.compare-table");
    const rows = table ? table.querySelectorAll("tbody tr:not(.group-row)") : [];
    const same = table ? table.querySelectorAll("tr.row-same").length : 0;
    const disputed = table ? table.querySelectorAll("tr.row-disputed").length : 0;
    if (rows.length < 8 || (same === 0 && disputed === 0)) continue;
    const filters = document.createElement("fieldset");
    filters.className = "table-filters";
    const legend = document.createElement("legend");
    legend.textContent = words.show_only;
    filters.append(legend);
    const boxes = [];
    const add = (label, count, test) => {
      if (!count) return;
      const box = document.createElement("input");
      box.type = "checkbox";
      const text = document.createElement("label");
      text.append(box, ` ${label}`);
      filters.append(text);
      boxes.push([box, test]);
    };
    add(words.rows_differ, same, (row) => !row.classList.contains("row-same"));
    add(words.rows_disputed, disputed, (row) => row.classList.contains("row-disputed"));
    const apply = () => {
      for (const body of table.tBodies) {
        let any = false;
        for (const row of body.rows) {
          if (row.classList.contains("group-row")) continue;
          row.hidden = !boxes.every(([box, test]) => !box.checked || test(row));
          any = any || !row.hidden;
        }
        body.hidden = !any;
      }
    };
    filters.addEventListener("change", apply);
    figure.insertBefore(filters, figure.querySelector(".table-wrap"));
  }

  // Tables of three subjects or more: the reader picks the columns. The choice is the page's
  // address (?compare=django,rails), so it survives a reload and can be shared; every such
  // table of the page shows the chosen subjects it has (all of them if it has none).
  const chosen = () => {
    const list = new URLSearchParams(location.search).get("compare");
    return list ? new Set(list.split(",").filter(Boolean)) : null;
  };
  const choosers = [];
  const showColumns = () => {
    const pick = chosen();
    for (const { table, heads, boxes } of choosers) {
      const has = heads.filter((th) => pick && pick.has(th.dataset.subject));
      const shown = new Set((has.length ? has : heads).map((th) => th.cellIndex));
      for (const row of table.rows) {
        if (row.classList.contains("group-row")) {
          row.cells[0].colSpan = shown.size + 1;
          continue;
        }
        for (const cell of row.cells) {
          if (cell.cellIndex > 0) cell.hidden = !shown.has(cell.cellIndex);
        }
      }
      boxes.forEach((box, i) => { box.checked = shown.has(heads[i].cellIndex); });
      // The caption may name every subject: say which are shown (in print too).
      let note = table.caption && table.caption.querySelector(".columns-shown");
      if (table.caption && !note) {
        note = document.createElement("span");
        note.className = "columns-shown";
        table.caption.append(note);
      }
      const names = heads.filter((th) => shown.has(th.cellIndex)).map((th) => th.textContent);
      if (note) note.textContent = shown.size < heads.length ? ` (${words.columns}: ${names.join(", ")})` : "";
      const last = boxes.filter((box) => box.checked);
      boxes.forEach((box) => { box.disabled = last.length === 1 && box.checked; });
    }
  };
  for (const figure of document.querySelectorAll("figure.compare")) {
    const table = figure.querySelector("table.compare-table");
    const heads = table ? [...table.querySelectorAll("thead th[data-subject]")] : [];
    if (heads.length < 3) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "table-columns";
    const legend = document.createElement("legend");
    legend.textContent = words.columns;
    fieldset.append(legend);
    const boxes = heads.map((th) => {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = th.dataset.subject;
      const label = document.createElement("label");
      label.append(box, ` ${th.textContent}`);
      fieldset.append(label);
      return box;
    });
    fieldset.addEventListener("change", () => {
      const params = new URLSearchParams(location.search);
      const on = boxes.filter((box) => box.checked).map((box) => box.value);
      if (on.length === boxes.length) params.delete("compare");
      else params.set("compare", on.join(","));
      const query = params.toString().replace(/%2C/g, ",");
      history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
      showColumns();
    });
    figure.insertBefore(fieldset, figure.querySelector(".table-wrap"));
    choosers.push({ table, heads, boxes });
  }
  showColumns();

  // Headings: the anchor link copies the section's address as well as going to it.
  document.addEventListener("click", (e) => {
    const anchor = e.target.closest && e.target.closest("a.heading-anchor");
    if (!anchor || !navigator.clipboard) return;
    navigator.clipboard.writeText(anchor.href).then(() => {
      anchor.dataset.copied = "";
      setTimeout(() => delete anchor.dataset.copied, 1500);
    }, () => {});
  });

  // Code blocks: a button that copies the code.
  if (navigator.clipboard) {
    for (const code of document.querySelectorAll("main pre > code")) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = words.copy;
      button.addEventListener("click", () => {
        navigator.clipboard.writeText(code.textContent).then(() => {
          button.textContent = words.copied;
          setTimeout(() => { button.textContent = words.copy; }, 1500);
        }, () => {});
      });
      code.parentElement.classList.add("has-copy");
      code.parentElement.append(button);
    }
  }

  // Print what is folded, and every row.
  const folded = [];
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details:not([open])")) {
      if (details.closest(".site-header")) continue;
      details.open = true;
      folded.push(details);
    }
    document.querySelectorAll("tr[hidden], tbody[hidden]").forEach((el) => { el.dataset.printHidden = ""; el.hidden = false; });
  });
  window.addEventListener("afterprint", () => {
    folded.splice(0).forEach((details) => { details.open = false; });
    document.querySelectorAll("[data-print-hidden]").forEach((el) => { delete el.dataset.printHidden; el.hidden = true; });
  });
})();
