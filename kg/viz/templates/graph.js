// The cikg graph page: draws the network, then search, filters and the details panel.
// Text from the graph is only ever written with textContent (never as HTML), so a label or a
// sentence that looks like markup is shown as it is and cannot run anything.
(function () {
  "use strict";

  const timings = { start: performance.now() };
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const data = read("cikg-data");
  const options = read("cikg-options");
  const nodeRecords = read("cikg-nodes");
  const edgeRecords = read("cikg-edges");
  const documentTitle = Object.fromEntries(data.documents.map((d) => [d.id, d.title]));
  const classStyle = Object.fromEntries(data.classes.map((c) => [c.cls, c]));
  const LANGUAGES = { en: "English", zh: "Chinese", fr: "French", es: "Spanish" };
  const SVG = "http://www.w3.org/2000/svg";

  // ---- small DOM helpers -------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function glyph(shape, color, size) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 10 10");
    svg.setAttribute("class", "glyph");
    const polygons = {
      diamond: "5,0.5 9.5,5 5,9.5 0.5,5",
      square: "1,1 9,1 9,9 1,9",
      triangle: "5,0.5 9.5,9 0.5,9",
      triangleDown: "0.5,1 9.5,1 5,9.5",
      hexagon: "2.5,0.7 7.5,0.7 9.8,5 7.5,9.3 2.5,9.3 0.2,5",
      star: "5,0.3 6.2,3.6 9.8,3.7 7,5.9 8,9.5 5,7.4 2,9.5 3,5.9 0.2,3.7 3.8,3.6",
    };
    let shapeNode;
    if (polygons[shape]) {
      shapeNode = document.createElementNS(SVG, "polygon");
      shapeNode.setAttribute("points", polygons[shape]);
    } else {
      shapeNode = document.createElementNS(SVG, "circle");
      shapeNode.setAttribute("cx", "5");
      shapeNode.setAttribute("cy", "5");
      shapeNode.setAttribute("r", "4.3");
    }
    shapeNode.setAttribute("fill", color);
    shapeNode.setAttribute("stroke", "#333");
    shapeNode.setAttribute("stroke-width", "0.6");
    svg.append(shapeNode);
    return svg;
  }

  const entity = (id) => data.entities[id];
  const link = (id) => data.links[id];
  const docName = (id) => documentTitle[id] || id;

  // ---- tooltips (DOM elements, so vis-network never parses them as HTML) -------------------

  function nodeTooltip(id) {
    const e = entity(id);
    const docs = e.documents.length === 1 ? "1 document" : e.documents.length + " documents";
    return el("div", {}, el("div", { className: "tip-title", textContent: e.label }),
      el("div", { className: "tip-meta", textContent: e.classLabel + " · " + docs }));
  }

  function edgeTooltip(id) {
    const l = link(id);
    const first = l.evidence.length ? l.evidence[0].sentence : "";
    return el("div", {},
      el("div", { className: "tip-title", textContent: entity(l.from).label + " — " + l.propertyLabel + " → " + entity(l.to).label }),
      el("div", { className: "tip-meta", textContent: first.length > 180 ? first.slice(0, 179) + "…" : first }));
  }

  for (const n of nodeRecords) n.title = nodeTooltip(n.id);
  for (const e of edgeRecords) e.title = edgeTooltip(e.id);

  // ---- the network -------------------------------------------------------------------------

  const nodes = new vis.DataSet(nodeRecords);
  const edges = new vis.DataSet(edgeRecords);
  const container = document.getElementById("graph");
  const status = document.getElementById("status");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  let ready = false;
  timings.created = performance.now();

  network.on("stabilizationProgress", (p) => {
    status.textContent = "Laying out " + nodeRecords.length + " entities… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  // Lay out once, then stop the physics: a large graph stays still and cheap to pan and zoom.
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    timings.stabilized = performance.now();
    ready = true;
    status.textContent = "Layout done in " + ((timings.stabilized - timings.start) / 1000).toFixed(1) +
      " s. Drag to move, scroll to zoom.";
  });

  const linksOf = {};
  for (const [id, l] of Object.entries(data.links)) {
    (linksOf[l.from] = linksOf[l.from] || []).push(id);
    (linksOf[l.to] = linksOf[l.to] || []).push(id);
  }

  // ---- header and legend -------------------------------------------------------------------

  function plural(n, word, words) {
    return n.toLocaleString("en") + " " + (n === 1 ? word : words || word + "s");
  }

  document.title = data.title + " · cikg";
  document.getElementById("title").textContent = data.title;
  const facts = edgeRecords.filter((e) => !e.weak).length;
  document.getElementById("summary").textContent = [
    plural(nodeRecords.length, "entity", "entities"),
    plural(facts, "fact"),
    plural(edgeRecords.length - facts, "co-mention"),
    plural(data.documents.length, "document"),
  ].join(" · ");
  const notes = document.getElementById("notes");
  for (const note of data.notes) notes.append(el("li", { textContent: note }));

  const classOn = new Set(data.classes.map((c) => c.cls));
  const docOn = new Set(data.documents.map((d) => d.id));
  const linkOn = { fact: true, weak: true };
  const classBoxes = {};
  const docBoxes = {};

  const classFilter = document.getElementById("class-filter");
  for (const c of data.classes) {
    const box = el("input", { type: "checkbox", checked: true, value: c.cls });
    box.addEventListener("change", () => { toggle(classOn, c.cls, box.checked); applyFilters(); });
    classBoxes[c.cls] = box;
    classFilter.append(el("label", { title: c.cls }, box, glyph(c.shape, c.color, 14),
      el("span", { textContent: c.label }), el("span", { className: "count", textContent: c.count })));
  }
  const docFilter = document.getElementById("doc-filter");
  for (const d of data.documents) {
    const box = el("input", { type: "checkbox", checked: true, value: d.id });
    box.addEventListener("change", () => { toggle(docOn, d.id, box.checked); applyFilters(); });
    docBoxes[d.id] = box;
    docFilter.append(el("label", { title: d.title }, box, el("span", { className: "doc-title", textContent: d.id })));
  }
  document.getElementById("show-facts").addEventListener("change", (ev) => { linkOn.fact = ev.target.checked; applyFilters(); });
  document.getElementById("show-weak").addEventListener("change", (ev) => { linkOn.weak = ev.target.checked; applyFilters(); });

  function toggle(set, key, on) {
    if (on) set.add(key); else set.delete(key);
  }

  const inDocs = (docs) => docs.length === 0 || docs.some((d) => docOn.has(d));

  // Filters hide items rather than remove them, so every node keeps its place in the layout.
  function applyFilters() {
    const nodeChanges = [];
    const visible = new Set();
    for (const n of nodes.get({ fields: ["id", "cls", "docs", "hidden"] })) {
      const show = classOn.has(n.cls) && inDocs(n.docs);
      if (show) visible.add(n.id);
      if (Boolean(n.hidden) === show) nodeChanges.push({ id: n.id, hidden: !show });
    }
    const edgeChanges = [];
    for (const e of edges.get({ fields: ["id", "from", "to", "weak", "docs", "hidden"] })) {
      const show = (e.weak ? linkOn.weak : linkOn.fact) && inDocs(e.docs) && visible.has(e.from) && visible.has(e.to);
      if (Boolean(e.hidden) === show) edgeChanges.push({ id: e.id, hidden: !show });
    }
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    status.textContent = "Showing " + plural(visible.size, "entity", "entities") +
      " of " + nodeRecords.length + ".";
  }

  function showAll() {
    for (const box of [...Object.values(classBoxes), ...Object.values(docBoxes)]) box.checked = true;
    data.classes.forEach((c) => classOn.add(c.cls));
    data.documents.forEach((d) => docOn.add(d.id));
    for (const id of ["show-facts", "show-weak"]) document.getElementById(id).checked = true;
    linkOn.fact = linkOn.weak = true;
    applyFilters();
  }

  document.getElementById("fit").addEventListener("click", () => network.fit({ animation: { duration: 300 } }));
  document.getElementById("reset").addEventListener("click", showAll);

  // ---- details panel -----------------------------------------------------------------------

  const details = document.getElementById("details");

  function section(title, ...children) {
    return [el("h3", { textContent: title }), ...children];
  }

  function entityButton(id) {
    const button = el("button", { type: "button", className: "linkish", textContent: entity(id).label });
    button.addEventListener("click", () => selectNode(id));
    return button;
  }

  function evidenceBlock(ev) {
    const meta = [docName(ev.document), ev.rule ? "rule " + ev.rule : "",
      ev.confidence !== null && ev.confidence !== undefined ? "confidence " + ev.confidence : ""].filter(Boolean).join(" · ");
    return [el("blockquote", { className: "evidence", textContent: ev.sentence }), el("p", { className: "meta", textContent: meta })];
  }

  function showEntity(id) {
    const e = entity(id);
    const style = classStyle[e.coarse] || { shape: "dot", color: "#aaa", label: e.coarse };
    const names = el("table", { className: "names" });
    for (const [lang, labels] of e.labels) {
      names.append(el("tr", {}, el("td", { className: "lang", title: LANGUAGES[lang] || lang, textContent: lang }),
        el("td", {}, el("span", { textContent: labels[0] }),
          labels.length > 1 ? el("span", { className: "alt", textContent: " · " + labels.slice(1).join(" · ") }) : null)));
    }
    const docs = el("ul", {}, ...e.documents.map((d) => el("li", { textContent: docName(d) + " (" + d + ")" })));
    const parts = [
      el("h2", { textContent: e.label }),
      el("p", { className: "cls" }, glyph(style.shape, style.color, 14),
        el("span", { textContent: e.classLabel + (e.classLabel !== style.label ? " · " + style.label : "") })),
      ...section("Names", names),
      ...section("Documents", docs),
    ];
    if (e.attributes.length) {
      const items = el("div");
      for (const a of e.attributes) {
        items.append(el("p", {}, el("strong", { textContent: a.property + ": " }), a.value));
        for (const ev of a.evidence) items.append(...evidenceBlock(ev));
      }
      parts.push(...section("Attributes", items));
    }
    // Facts before co-mentions, each group by property.
    const ids = (linksOf[id] || []).slice().sort((a, b) => (link(a).weak - link(b).weak) ||
      link(a).propertyLabel.localeCompare(link(b).propertyLabel));
    if (ids.length) {
      const list = el("ul");
      for (const lid of ids) {
        const l = link(lid);
        const other = l.from === id ? l.to : l.from;
        const open = el("button", { type: "button", className: "linkish", textContent: l.propertyLabel });
        open.addEventListener("click", () => selectEdge(lid));
        list.append(el("li", { className: l.weak ? "weak" : "" }, l.from === id ? "" : "← ", open,
          l.from === id ? " → " : " ", entityButton(other)));
      }
      parts.push(...section("Links (" + ids.length + ")", list));
    }
    if (e.mentions.length) {
      const more = e.mentionCount > e.mentions.length ? " — first " + e.mentions.length + " of " + e.mentionCount : "";
      parts.push(...section("Mentions" + more, ...e.mentions.flatMap(evidenceBlock)));
    }
    details.replaceChildren(...parts);
  }

  function showLink(id) {
    const l = link(id);
    const parts = [
      el("h2", {}, entityButton(l.from), " — " + l.propertyLabel + " → ", entityButton(l.to)),
      el("p", { className: l.weak ? "weak" : "meta", textContent: l.weak
        ? "Co-mention: named in the same sentence, no verb pattern links them."
        : "Fact (cikg:" + l.property + ")" }),
      ...section("Evidence (" + l.evidence.length + ")", ...l.evidence.flatMap(evidenceBlock)),
    ];
    details.replaceChildren(...parts);
  }

  function clearDetails() {
    details.replaceChildren(el("p", { className: "hint", textContent: "Click an entity or a link to see its details." }));
  }

  // ---- selection and search ----------------------------------------------------------------

  function reveal(id) {
    const n = nodes.get(id);
    if (!n.hidden) return;
    classOn.add(n.cls);
    if (classBoxes[n.cls]) classBoxes[n.cls].checked = true;
    if (!inDocs(n.docs)) { docOn.add(n.docs[0]); docBoxes[n.docs[0]].checked = true; }
    applyFilters();
  }

  function selectNode(id) {
    reveal(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    showEntity(id);
  }

  function selectEdge(id) {
    const l = link(id);
    reveal(l.from);
    reveal(l.to);
    if (edges.get(id).hidden) showAll();
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    showLink(id);
  }

  network.on("click", (params) => {
    if (params.nodes.length) showEntity(params.nodes[0]);
    else if (params.edges.length) showLink(params.edges[0]);
    else clearDetails();
  });

  const fold = (s) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const searchIndex = Object.entries(data.entities).map(([id, e]) => ({
    id: id, rank: e.pagerank,
    names: [e.label, ...e.labels.flatMap((pair) => pair[1])].map(fold),
  }));

  // Exact name first, then names that start with the query, then names that contain it;
  // among equals, the more central entity.
  function find(query) {
    const q = fold(query);
    if (!q) return null;
    let best = null;
    for (const item of searchIndex) {
      let score = 3;
      for (const name of item.names) {
        score = Math.min(score, name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : 3);
      }
      if (score < 3 && (!best || score < best.score || (score === best.score && item.rank > best.rank))) {
        best = { id: item.id, score: score, rank: item.rank };
      }
    }
    return best ? best.id : null;
  }

  const searchStatus = document.getElementById("search-status");
  function search(query) {
    const id = find(query);
    if (id === null) {
      searchStatus.textContent = query.trim() ? "No entity is named “" + query.trim() + "”." : "";
      return null;
    }
    selectNode(id);
    searchStatus.textContent = "Found " + entity(id).label + ".";
    return id;
  }

  const datalist = document.getElementById("names");
  for (const e of Object.values(data.entities).sort((a, b) => a.label.localeCompare(b.label))) {
    datalist.append(el("option", { value: e.label }));
  }
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });

  // ---- for tests, benchmarks and the curious (browser console) -----------------------------

  window.cikg = {
    network: network,
    nodes: nodes,
    edges: edges,
    data: data,
    timings: timings,
    isReady: () => ready,
    nodeCount: () => network.body.nodeIndices.length, // nodes vis-network draws (not hidden)
    edgeCount: () => network.body.edgeIndices.length,
    selectedNodes: () => network.getSelectedNodes(),
    selectedEdges: () => network.getSelectedEdges(),
    search: search,
    selectNode: selectNode,
    selectEdge: selectEdge,
  };
})();
