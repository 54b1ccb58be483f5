// policygraph web page: named queries with parameter forms, a SPARQL editor,
// answers as tables with links, and a network view of an answer.
//
// Everything that comes from the store is put into the page with textContent
// or as attribute values set through the DOM, never as HTML. The page only
// talks to its own server (/api/queries, /sparql); no outside requests.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { catalog: null, prefixes: {}, current: null, answer: null, network: null };
  const DESCRIBE = "describe";

  // -- helpers -------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function compact(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(state.prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > state.prefixes[best].length)) best = p;
    }
    return best ? best + ":" + iri.slice(state.prefixes[best].length) : iri;
  }

  const NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger|gYear)$/;

  function isNumber(term) {
    return term && term.type === "literal" && NUMERIC.test(term.datatype || "");
  }

  function cellText(term, column) {
    if (!term) return "";
    if (term.type === "uri") return compact(term.value);
    if (term.type === "bnode") return "_:" + term.value;
    if (isNumber(term) && /yuan/i.test(column)) {
      const n = Number(term.value);
      if (Number.isFinite(n)) return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
    }
    return term.value;
  }

  function setStatus(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }

  async function fetchText(url, options) {
    const resp = await fetch(url, options);
    const text = await resp.text();
    if (!resp.ok) throw new Error(text.trim() || resp.status + " " + resp.statusText);
    return { text, type: resp.headers.get("Content-Type") || "" };
  }

  // -- catalog -------------------------------------------------------------

  async function loadCatalog() {
    const { text } = await fetchText("/api/queries");
    const data = JSON.parse(text);
    state.catalog = data.queries;
    state.prefixes = data.prefixes || {};
    const list = $("query-list");
    list.replaceChildren();
    for (const q of state.catalog) {
      if (q.name === DESCRIBE) continue;
      const link = el("a", { href: "#q=" + encodeURIComponent(q.name), "data-query": q.name, text: q.title });
      list.append(el("li", {}, link, el("span", { class: "qname", text: q.name })));
    }
    $("endpoint-url").textContent = location.origin + "/sparql";
    if (!$("editor").value) $("editor").value = defaultEditorText();
  }

  function defaultEditorText() {
    const used = ["pg", "pgid", "eli", "org", "prov", "skos", "dcterms"];
    const lines = used.filter((p) => state.prefixes[p]).map((p) => "PREFIX " + p + ": <" + state.prefixes[p] + ">");
    return lines.join("\n") + "\n\nSELECT ?doc ?title WHERE {\n  ?doc a pg:CitedDocument ;\n       eli:title ?title .\n}\nLIMIT 20\n";
  }

  function findQuery(name) {
    return (state.catalog || []).find((q) => q.name === name) || null;
  }

  function showQuery(name, values) {
    const q = findQuery(name);
    if (!q) {
      setStatus("no named query " + name, true);
      return;
    }
    state.current = q;
    $("named").hidden = false;
    $("named-title").textContent = q.title;
    $("named-question").textContent = q.question;
    const notes = $("named-notes");
    notes.replaceChildren(...q.notes.map((n) => el("li", { text: n })));
    const box = $("named-params");
    box.replaceChildren();
    for (const p of q.params) {
      const id = "param-" + p.name;
      const given = values && values[p.name] !== undefined ? values[p.name] : null;
      let input;
      if (p.input === "checkbox") {
        input = el("input", { id, name: p.name, type: "checkbox" });
        input.checked = (given ?? p.default ?? "false") === "true";
      } else {
        input = el("input", {
          id, name: p.name, type: p.input === "number" ? "text" : p.input,
          inputmode: p.input === "number" ? "numeric" : null,
          placeholder: p.example || p.default || "", required: p.required,
        });
        input.value = given ?? p.default ?? (p.required ? p.example || "" : "");
      }
      box.append(el("div", { class: "param" },
        el("label", { for: id }, el("code", { text: p.name }), el("span", { class: "ptype", text: " (" + p.type + (p.required ? ", required" : "") + ")" })),
        input,
        el("span", { class: "pdesc", text: p.description })));
    }
    for (const a of document.querySelectorAll("#query-list a")) {
      a.classList.toggle("active", a.dataset.query === name);
    }
    updateCsvLink();
  }

  function formValues() {
    const out = {};
    if (!state.current) return out;
    for (const p of state.current.params) {
      const input = $("param-" + p.name);
      if (!input) continue;
      const v = input.type === "checkbox" ? (input.checked ? "true" : "false") : input.value;
      if (v !== "") out[p.name] = v;
    }
    return out;
  }

  function namedUrl(name, values, ext) {
    const qs = new URLSearchParams(values).toString();
    return "/api/queries/" + encodeURIComponent(name) + (ext ? "." + ext : "") + (qs ? "?" + qs : "");
  }

  function updateCsvLink() {
    if (!state.current) return;
    const link = $("named-csv");
    link.href = namedUrl(state.current.name, formValues(), "csv");
    link.setAttribute("download", state.current.name + ".csv");
  }

  async function runNamed(name, values) {
    setStatus("running " + name + " …");
    const started = performance.now();
    try {
      const { text } = await fetchText(namedUrl(name, values));
      const answer = JSON.parse(text);
      showAnswer(answer, performance.now() - started, name);
    } catch (err) {
      showError(err);
    }
  }

  // -- free SPARQL -----------------------------------------------------------

  function queryForm(text) {
    const stripped = text.replace(/#[^\n]*/g, " ").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>/g, " ");
    const m = stripped.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
    return m ? m[1].toUpperCase() : "SELECT";
  }

  async function runEditor() {
    const text = $("editor").value;
    if (!text.trim()) return;
    const form = queryForm(text);
    const accept = form === "CONSTRUCT" || form === "DESCRIBE" ? "text/turtle" : "application/sparql-results+json";
    setStatus("running …");
    const started = performance.now();
    try {
      const body = new URLSearchParams({ query: text });
      const { text: out } = await fetchText("/sparql", {
        method: "POST", body, headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
      });
      const ms = performance.now() - started;
      if (accept === "text/turtle") showGraphText(out, ms);
      else showAnswer(JSON.parse(out), ms, null);
    } catch (err) {
      showError(err);
    }
  }

  // -- answers ---------------------------------------------------------------

  function clearAnswer() {
    $("results").replaceChildren();
    $("explorer-link").hidden = true;
    $("network").hidden = true;
    $("network-legend").hidden = true;
    $("network-toggle").disabled = true;
    if (state.network) {
      state.network.destroy();
      state.network = null;
    }
    state.answer = null;
  }

  function showError(err) {
    clearAnswer();
    setStatus(String(err.message || err), true);
  }

  function showGraphText(text, ms) {
    clearAnswer();
    const n = text.split("\n").filter((l) => l.trim() && !l.startsWith("@prefix") && !l.startsWith("PREFIX")).length;
    setStatus("graph answer (" + n + " lines of Turtle) in " + Math.round(ms) + " ms");
    $("results").append(el("pre", { class: "turtle", text }));
  }

  function showAnswer(answer, ms, name) {
    clearAnswer();
    if (typeof answer.boolean === "boolean") {
      setStatus("ASK answer in " + Math.round(ms) + " ms");
      $("results").append(el("p", { class: "boolean", text: answer.boolean ? "true" : "false" }));
      return;
    }
    const vars = answer.head.vars || [];
    const rows = answer.results.bindings || [];
    state.answer = { vars, rows, name };
    const more = answer.truncated ? " (more rows exist; narrow the query)" : "";
    setStatus(rows.length + " row" + (rows.length === 1 ? "" : "s") + more + " in " + Math.round(ms) + " ms");
    const numeric = vars.map((v) => rows.some((r) => isNumber(r[v])) && rows.every((r) => !r[v] || isNumber(r[v])));
    // columns holding long text get room, so Chinese titles do not wrap one character per line
    const long = vars.map((v) => rows.some((r) => r[v] && r[v].type === "literal" && r[v].value.length > 12));
    const head = el("tr", {}, ...vars.map((v, i) => el("th", { class: numeric[i] ? "num" : null, scope: "col", text: v })));
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr");
      vars.forEach((v, i) => {
        const term = row[v];
        const td = el("td", { class: numeric[i] ? "num" : long[i] ? "long" : null });
        if (term && term.type === "uri") {
          td.append(el("a", { href: "#describe=" + encodeURIComponent(term.value), title: term.value, text: cellText(term, v) }));
        } else if (term) {
          td.textContent = cellText(term, v);
          if (term["xml:lang"]) td.setAttribute("lang", term["xml:lang"]);
        }
        tr.append(td);
      });
      body.append(tr);
    }
    $("results").append(el("table", { class: "answer" }, el("thead", {}, head), body));
    $("network-toggle").disabled = !(window.vis && networkData(vars, rows).nodes.length);
  }

  // -- network view ------------------------------------------------------------

  // Nodes are the IRIs of the answer; in each row, consecutive IRI columns are
  // linked. A node's label is the "<column>_label" value when the answer has
  // one, else the next text column of the row, else the short IRI.
  function networkData(vars, rows) {
    const nodes = new Map();
    const edges = new Map();
    const isIri = vars.map((v) => rows.some((r) => r[v] && r[v].type === "uri"));
    for (const row of rows) {
      let previous = null;
      vars.forEach((v, i) => {
        const term = row[v];
        if (!isIri[i] || !term || term.type !== "uri") return;
        if (!nodes.has(term.value)) {
          nodes.set(term.value, { id: term.value, label: nodeLabel(vars, row, i), group: v, title: term.value });
        }
        if (previous && previous !== term.value) {
          const key = previous + "\u0000" + term.value;
          if (!edges.has(key)) edges.set(key, { id: key, from: previous, to: term.value, arrows: "to" });
        }
        previous = term.value;
      });
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  function nodeLabel(vars, row, i) {
    const v = vars[i];
    const named = row[v + "_label"] || row[v + "Label"];
    let label = named ? named.value : null;
    if (!label) {
      for (let j = i + 1; j < vars.length; j++) {
        const t = row[vars[j]];
        if (!t) continue;
        if (t.type === "uri") break;
        if (!isNumber(t)) { label = t.value; break; }
      }
    }
    label = label || compact(row[v].value);
    return label.length > 28 ? label.slice(0, 27) + "…" : label;
  }

  function toggleNetwork() {
    const box = $("network");
    if (!box.hidden) {
      box.hidden = true;
      $("network-legend").hidden = true;
      return;
    }
    if (!state.answer || !window.vis) return;
    const data = networkData(state.answer.vars, state.answer.rows);
    box.hidden = false;
    if (state.network) state.network.destroy();
    state.network = new vis.Network(box, {
      nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges),
    }, {
      nodes: { shape: "dot", size: 12, font: { face: "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif" } },
      edges: { color: { inherit: "from" }, smooth: false },
      physics: { stabilization: { iterations: 200 }, barnesHut: { gravitationalConstant: -4000 } },
      interaction: { hover: true },
    });
    state.network.on("doubleClick", (params) => {
      if (params.nodes.length) location.hash = "describe=" + encodeURIComponent(params.nodes[0]);
    });
    const groups = [...new Set(data.nodes.map((n) => n.group))];
    $("network-legend").replaceChildren(el("span", { text: data.nodes.length + " nodes, " + data.edges.length + " links; colours: " + groups.join(", ") + " · double-click a node to describe it" }));
    $("network-legend").hidden = false;
  }

  // policygraph.viz's page of the dependency network around a resource, made by the server
  function showExplorerLink(iri) {
    const link = $("explorer-link");
    link.href = "/network?" + new URLSearchParams({ focus: iri, depth: "2" }).toString();
    link.hidden = false;
  }

  // -- routing (the hash holds what is shown, so answers can be linked) ---------

  function route() {
    const hash = location.hash.slice(1);
    const params = new URLSearchParams(hash);
    if (params.has("q")) {
      const name = params.get("q");
      const values = {};
      for (const [k, v] of params) if (k !== "q") values[k] = v;
      showQuery(name, values);
      if (params.has("run")) runNamed(name, formValues());
    } else if (params.has("describe")) {
      const iri = params.get("describe");
      if (findQuery(DESCRIBE)) {
        $("named").hidden = true;
        runNamed(DESCRIBE, { iri }).then(() => showExplorerLink(iri));
      }
    }
  }

  function init() {
    $("named-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (!state.current) return;
      const values = formValues();
      const hash = new URLSearchParams({ q: state.current.name, ...values, run: "1" }).toString();
      if (location.hash.slice(1) === hash) runNamed(state.current.name, values);
      else location.hash = hash;
    });
    $("named-form").addEventListener("input", updateCsvLink);
    $("named-edit").addEventListener("click", () => {
      if (!state.current) return;
      $("editor").value = state.current.sparql;
      $("editor").focus();
      setStatus("the parameters are variables in the editor: replace them, or bind them with VALUES");
    });
    $("editor-run").addEventListener("click", runEditor);
    $("editor").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        runEditor();
      } else if (ev.key === "Tab" && !ev.shiftKey) {
        ev.preventDefault();
        const t = ev.target;
        const s = t.selectionStart;
        t.setRangeText("  ", s, t.selectionEnd, "end");
      }
    });
    $("network-toggle").addEventListener("click", toggleNetwork);
    window.addEventListener("hashchange", route);
    loadCatalog().then(route).catch(showError);
  }

  init();
})();
