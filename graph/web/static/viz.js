/* The network view: fetch the JSON twin, draw it with Cytoscape.js, explain whatever is clicked.
 *
 * Small networks get a force-directed layout in the browser (cose); large ones come with positions computed on the
 * server (departments placed by a networkx spring layout of who works with whom, measures around them), so the page
 * only draws. Labels of measures appear only on selection, and every label hides when too small to read.
 * `window.tradekgViz` exposes the Cytoscape instance, the counts drawn and the timings, for tests and for people.
 */
(function () {
  "use strict";
  const root = document.getElementById("viz");
  const canvas = document.getElementById("viz-canvas");
  const info = document.getElementById("viz-info");
  const status = document.getElementById("viz-status");
  const started = performance.now();
  const KIND_COLOURS = { department: "#0b5cad", measure: "#e8912d", zone: "#2e9e5b", theme: "#8e44ad" };
  const COMMUNITY_COLOURS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
  ];
  const ROLE_COLOURS = { lead: "#c0392b", cooperating: "#2f80c0", responsible: "#7a8699" };
  let large = false; // a network too big to restyle every element on each click
  let lit = null; // the elements highlighted for the current selection
  const records = new Map(); // element id -> everything /viz.json says about it
  const record = (ele) => records.get(ele.id());
  window.tradekgViz = { ready: false, error: null, timings: {}, record: (id) => records.get(id) };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function link(href, text) {
    return href ? el("a", { href: href }, text) : el("span", {}, text);
  }

  /* A passage with the quoted name marked: text nodes only, so nothing in the data is read as HTML. */
  function marked(text, start, end) {
    const p = el("p", {});
    if (start < 0 || end <= start) {
      p.append(text);
      return p;
    }
    p.append(text.slice(0, start), el("mark", {}, text.slice(start, end)), text.slice(end));
    return p;
  }

  function fail(message) {
    window.tradekgViz.error = message;
    status.textContent = message;
    status.classList.add("error");
  }

  fetch(root.dataset.json, { headers: { Accept: "application/json" } })
    .then((resp) => (resp.ok ? resp.json() : resp.text().then((t) => Promise.reject(new Error(t)))))
    .then((doc) => {
      const n = doc.elements.nodes.length;
      status.textContent = `Drawing ${n} nodes and ${doc.elements.edges.length} edges…`;
      setTimeout(() => draw(doc), 0); // let the message show before drawing takes the page's thread
    })
    .catch((err) => fail("The network could not be loaded: " + err.message));

  function draw(doc) {
    const fetched = performance.now();
    // Cytoscape copies every element's data, so it gets only what drawing needs; the panel reads the full records.
    const maxDegree = Math.max(1, ...doc.elements.nodes.map((n) => n.data.degree || 0));
    const nodes = doc.elements.nodes.map((n) => {
      const d = n.data;
      records.set(d.id, d);
      const kindColour = KIND_COLOURS[d.kind] || "#555";
      return {
        data: {
          id: d.id,
          kind: d.kind,
          label: d.label,
          size: 10 + 46 * Math.sqrt((d.degree || 0) / maxDegree),
          kindColour: kindColour,
          communityColour: COMMUNITY_COLOURS[(d.community || 0) % COMMUNITY_COLOURS.length],
          colour: kindColour,
        },
        position: n.position,
      };
    });
    const edges = doc.elements.edges.map((e) => {
      const d = e.data;
      records.set(d.id, d);
      const data = { id: d.id, source: d.source, target: d.target, weight: d.weight || 1 };
      data.roleColour = ROLE_COLOURS[d.role] || "#9aa3b0";
      return { data: data };
    });
    const preset = doc.layout === "preset";
    large = nodes.length > Number(root.dataset.large);
    const prepared = performance.now();
    const cy = cytoscape({
      container: canvas,
      elements: { nodes: nodes, edges: edges },
      layout: { name: "preset" },
      minZoom: 0.02,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: large ? 1 : "auto",
      style: [
        {
          selector: "node",
          style: { width: "data(size)", height: "data(size)", "background-color": "data(colour)" },
        },
        {
          // Only hubs carry labels (measures show theirs when selected): thousands of empty labels still cost time.
          selector: "node[kind != 'measure'], node:selected",
          style: {
            label: "data(label)",
            "font-size": 11,
            "min-zoomed-font-size": 9,
            "text-valign": "bottom",
            "text-margin-y": 2,
            "text-outline-color": "#fff",
            "text-outline-width": 2,
            color: "#1d2430",
          },
        },
        { selector: "node[kind = 'measure']", style: { shape: "rectangle" } },
        { selector: "node[kind = 'zone'], node[kind = 'theme']", style: { shape: "diamond" } },
        {
          selector: "edge",
          style: {
            width: "mapData(weight, 1, 10, 1, 6)",
            "line-color": "data(roleColour)",
            opacity: 0.55,
            "curve-style": "haystack",
          },
        },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
        { selector: "edge:selected", style: { opacity: 1, width: 5, "line-color": "#111" } },
        { selector: ".faded", style: { opacity: 0.2 } },
        { selector: "edge.near", style: { opacity: 1, width: 2.5, "line-color": "#333" } },
      ],
    });
    const created = performance.now();
    let laidOut = created;
    const finish = () => {
      const drawn = performance.now();
      window.tradekgViz = {
        cy: cy,
        record: (id) => records.get(id),
        ready: true,
        error: null,
        layout: preset ? "preset" : "cose",
        counts: { nodes: cy.nodes().length, edges: cy.edges().length },
        timings: {
          fetch_ms: Math.round(fetched - started),
          prepare_ms: Math.round(prepared - fetched),
          create_ms: Math.round(created - prepared),
          layout_ms: Math.round(laidOut - created),
          render_ms: Math.round(drawn - laidOut),
          draw_ms: Math.round(drawn - fetched),
          total_ms: Math.round(drawn - started),
        },
      };
      status.textContent =
        `${cy.nodes().length} nodes, ${cy.edges().length} edges, ${doc.counts.communities} communities` +
        ` — drawn in ${(drawn - started) / 1000 < 10 ? ((drawn - started) / 1000).toFixed(1) : Math.round((drawn - started) / 1000)} s`;
      if (doc.truncated) {
        status.textContent += ` — incomplete: a query reached this server's cap of ${doc.max_rows} rows (max_rows)`;
        status.classList.add("error");
      }
      root.classList.add("ready");
    };
    const settle = () => {
      laidOut = performance.now();
      cy.one("render", () => requestAnimationFrame(finish));
    };
    if (preset || nodes.length === 0) {
      cy.fit(undefined, 30);
      settle();
      cy.forceRender();
    } else {
      const layout = cy.layout({
        name: "cose",
        animate: false,
        randomize: true,
        numIter: 1000,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 60,
        fit: true,
        padding: 30,
      });
      layout.one("layoutstop", settle);
      layout.run();
    }
    wire(cy, doc);
  }

  function wire(cy, doc) {
    cy.on("tap", "node", (evt) => showNode(cy, evt.target));
    cy.on("tap", "edge", (evt) => showEdge(evt.target));
    cy.on("tap", (evt) => {
      if (evt.target === cy) {
        highlight(cy, null);
        info.replaceChildren(el("p", { class: "muted" }, "Click a node or an edge."));
      }
    });
    for (const input of document.querySelectorAll("input[name=colour]")) {
      input.addEventListener("change", () => recolour(cy, input.value));
    }
    const checked = document.querySelector("input[name=colour]:checked");
    if (checked && checked.value !== "kind") recolour(cy, checked.value);
    document.getElementById("viz-fit").addEventListener("click", () => cy.fit(undefined, 30));
    const form = document.getElementById("viz-search");
    const list = document.getElementById("viz-names");
    const names = new Set();
    cy.nodes().forEach((n) => {
      if (n.data("kind") !== "measure") {
        names.add(n.data("label"));
        if (record(n).label_zh) names.add(record(n).label_zh);
      }
    });
    list.replaceChildren(...[...names].sort().map((name) => el("option", { value: name })));
    form.addEventListener("submit", (evt) => {
      evt.preventDefault();
      search(cy, form.elements.q.value);
    });
  }

  function recolour(cy, by) {
    cy.batch(() => cy.nodes().forEach((n) => n.data("colour", n.data(by === "community" ? "communityColour" : "kindColour"))));
    root.dataset.colour = by;
  }

  /* The best match for a name: exact label first, then departments, then shorter labels; selects it and centres it. */
  function search(cy, text) {
    const q = text.trim().toLowerCase();
    const found = document.getElementById("viz-found");
    if (!q) return;
    const hits = cy.nodes().filter((n) =>
      [record(n).label, record(n).label_zh, record(n).text].some((v) => v && String(v).toLowerCase().includes(q)),
    );
    if (!hits.length) {
      found.textContent = `no node matches “${text.trim()}”`;
      return;
    }
    const rank = (n) => [
      [record(n).label, record(n).label_zh].some((v) => v && v.toLowerCase() === q) ? 0 : 1,
      n.data("kind") === "measure" ? 1 : 0,
      String(n.data("label")).length,
    ];
    const best = hits.toArray().sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    })[0];
    found.textContent = hits.length === 1 ? "1 match" : `${hits.length} matches; showing the best`;
    cy.elements().unselect();
    best.select();
    cy.animate({ center: { eles: best }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    showNode(cy, best);
  }

  function heading(d) {
    return el(
      "h2",
      {},
      el("span", { class: "kind kind-" + d.kind }, d.kind),
      " ",
      link(d.page, d.label),
      d.label_zh && d.label_zh !== d.label ? el("span", { class: "muted", lang: "zh" }, " " + d.label_zh) : null,
    );
  }

  /* Marks a selection's neighbourhood; small networks also fade everything else (restyling thousands of elements
   * on every click would take seconds, so large ones only mark the few that matter). */
  function highlight(cy, eles) {
    cy.batch(() => {
      if (lit) lit.removeClass("near");
      if (!large) {
        cy.elements().removeClass("faded");
        if (eles) cy.elements().difference(eles).addClass("faded");
      }
      lit = eles ? eles.addClass("near") : null;
    });
  }

  function showNode(cy, node) {
    const d = record(node);
    highlight(cy, node.closedNeighborhood());
    const parts = [heading(d)];
    const facts = el("dl", { class: "facts" });
    const fact = (name, value) => value !== undefined && value !== null && value !== "" && facts.append(el("dt", {}, name), el("dd", {}, value));
    const share = (x) => (x === undefined ? undefined : `${Math.round(100 * x)}%`);
    const fixed = (x) => (x === undefined ? undefined : Number(x).toFixed(4));
    fact("degree", d.degree);
    fact("co-responsible with", d.partners);
    if (d.partners !== undefined) fact("shared measures", d.weighted_degree);
    else if (d.weighted_degree !== d.degree) fact("weighted degree", d.weighted_degree);
    fact("lead in", share(d.lead_share));
    fact("cooperating in", share(d.cooperating_share));
    fact("PageRank", fixed(d.pagerank));
    fact("betweenness", fixed(d.betweenness));
    fact("community", d.community);
    if (d.kind === "measure") {
      fact("document", link(d.document_page, d.document_label || d.document));
      fact("date", d.date);
      fact("measure", d.ordinal);
    }
    parts.push(facts);
    if (d.kind === "measure" && d.text) parts.push(el("blockquote", { class: "passage" }, el("p", {}, d.text)));
    const around = node.connectedEdges().toArray().map((e) => ({ edge: e, other: e.source().same(node) ? e.target() : e.source() }));
    around.sort((a, b) => order(a.other) - order(b.other) || String(a.other.data("label")).localeCompare(b.other.data("label")));
    const kinds = new Set(around.map((a) => a.other.data("kind")));
    const title = kinds.size === 1 ? plural([...kinds][0], around.length) : `${around.length} neighbours`;
    const list = el("ol", { class: "neighbours" });
    for (const { edge, other } of around) {
      const od = record(other);
      const role = record(edge).role;
      list.append(
        el(
          "li",
          { "data-id": od.id, "data-kind": od.kind },
          link(od.page, od.label),
          role ? el("span", { class: "tag role-" + role }, " " + role) : null,
          record(edge).weight > 1 ? el("span", { class: "tag" }, ` ×${record(edge).weight}`) : null,
          od.kind === "measure" && od.text && !od.label.includes(od.text)
            ? el("div", { class: "muted snippet" }, od.text.slice(0, 160))
            : null,
        ),
      );
    }
    parts.push(el("h3", {}, title), list);
    info.replaceChildren(...parts);
  }

  function order(node) {
    const d = record(node);
    return d.kind === "measure" ? (Date.parse(d.date) || 0) / 1e5 + (d.ordinal || 0) : 0;
  }

  function plural(kind, n) {
    const word = { department: "department", measure: "measure", zone: "zone", theme: "theme" }[kind] || kind;
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function showEdge(edge) {
    const d = record(edge);
    const [a, b] = [record(edge.source()), record(edge.target())];
    const [unit, measure] = a.kind === "measure" ? [b, a] : [a, b];
    const parts = [];
    if (d.role && measure.kind === "measure") {
      parts.push(
        el("h2", {}, link(unit.page, unit.label), el("span", { class: "tag role-" + d.role }, ` ${d.role} for `), link(measure.page, measure.label)),
      );
      const passage = el("blockquote", { class: "passage evidence" });
      const text = d.passage || d.quote || "(no evidence recorded)";
      const at = d.quote ? text.lastIndexOf(d.quote) : -1;
      passage.append(marked(text, at, at + (d.quote || "").length));
      parts.push(el("h3", {}, "Evidence"), passage);
      const links = el("p", {}, link(measure.page, "measure page"));
      if (d.evidence_page) links.append(" · ", link(d.evidence_page, "evidence record"));
      if (measure.document_page) links.append(" · ", link(measure.document_page, "document"));
      parts.push(links);
    } else {
      parts.push(el("h2", {}, link(a.page, a.label), " — ", link(b.page, b.label)));
      parts.push(el("p", {}, `${plural("measure", d.measures || d.weight)} behind this link (weight ${d.weight}).`));
    }
    info.replaceChildren(...parts);
  }
})();
