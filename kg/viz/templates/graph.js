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
  const documentById = Object.fromEntries(data.documents.map((d) => [d.id, d]));
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
  const counts = data.counts;
  document.getElementById("summary").textContent = [
    plural(counts.entities, "entity", "entities"),
    plural(counts.facts, "fact") + " (" + counts.relations.toLocaleString("en") + " between entities, " +
      counts.attributes.toLocaleString("en") + " values)",
    plural(counts.coMentions, "co-mention") + (counts.relations ? " (hidden at first)" : ""),
    plural(data.documents.length, "document"),
  ].join(" · ");
  const notes = document.getElementById("notes");
  for (const note of data.notes) notes.append(el("li", { textContent: note }));

  const classOn = new Set(data.classes.map((c) => c.cls));
  const docOn = new Set(data.documents.map((d) => d.id));
  // Typed facts first: co-mentions start hidden whenever there is a fact to show.
  const linkOn = { fact: true, weak: counts.relations === 0 };
  const propertyOn = new Set(data.properties.map((p) => p.property));
  const propertyBoxes = {};
  let minConfidence = 0;
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
    docFilter.append(el("label", { title: docCitation(d) }, box, el("span", { className: "doc-title", textContent: d.id })));
  }
  const propertyFilter = document.getElementById("property-filter");
  for (const p of data.properties) {
    const box = el("input", { type: "checkbox", checked: true, value: p.property });
    box.addEventListener("change", () => { toggle(propertyOn, p.property, box.checked); applyFilters(); });
    propertyBoxes[p.property] = box;
    propertyFilter.append(el("label", { title: "cikg:" + p.property }, box, el("span", { textContent: p.label }),
      el("span", { className: "count", textContent: p.count })));
  }
  function setProperties(on) {
    for (const [property, box] of Object.entries(propertyBoxes)) { box.checked = on; toggle(propertyOn, property, on); }
    applyFilters();
  }
  document.getElementById("properties-all").addEventListener("click", () => setProperties(true));
  document.getElementById("properties-none").addEventListener("click", () => setProperties(false));
  const confidence = document.getElementById("confidence");
  const confidenceValue = document.getElementById("confidence-value");
  confidence.addEventListener("input", () => {
    minConfidence = Number(confidence.value);
    confidenceValue.textContent = minConfidence.toFixed(2);
    applyFilters();
  });
  document.getElementById("show-weak").checked = linkOn.weak;
  document.getElementById("show-facts").addEventListener("change", (ev) => { linkOn.fact = ev.target.checked; applyFilters(); });
  document.getElementById("show-weak").addEventListener("change", (ev) => { linkOn.weak = ev.target.checked; applyFilters(); });

  function toggle(set, key, on) {
    if (on) set.add(key); else set.delete(key);
  }

  const inDocs = (docs) => docs.length === 0 || docs.some((d) => docOn.has(d));
  const factShown = (e) => linkOn.fact && propertyOn.has(e.property) && (e.confidence ?? 1) >= minConfidence;

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
    for (const e of edges.get({ fields: ["id", "from", "to", "weak", "property", "confidence", "docs", "hidden"] })) {
      const show = (e.weak ? linkOn.weak : factShown(e)) && inDocs(e.docs) && visible.has(e.from) && visible.has(e.to);
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
    confidence.value = "0";
    minConfidence = 0;
    confidenceValue.textContent = "0.00";
    setProperties(true);
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

  function docCitation(d) {
    return [d.title, d.author, d.publisher, d.series, d.issued].filter(Boolean).join(" · ");
  }

  function evidenceBlock(ev) {
    const meta = [docName(ev.document), ev.rule ? "rule " + ev.rule : "",
      ev.confidence !== null && ev.confidence !== undefined ? "confidence " + ev.confidence : ""].filter(Boolean).join(" · ");
    const line = el("p", { className: "meta", textContent: meta + " " });
    const doc = documentById[ev.document];
    if (doc && doc.text && ev.start !== null && ev.end !== null) {
      const open = el("button", { type: "button", className: "linkish open-source", textContent: "open in the document" });
      open.addEventListener("click", () => openDocument(ev.document, ev.start, ev.end));
      line.append(open);
    }
    return [el("blockquote", { className: "evidence", lang: ev.language, textContent: ev.sentence }), line];
  }

  // Sentences grouped by language, English first (a translation repeating a claim is its own evidence).
  function evidenceByLanguage(list) {
    const groups = new Map();
    for (const ev of list) {
      if (!groups.has(ev.language)) groups.set(ev.language, []);
      groups.get(ev.language).push(ev);
    }
    const order = [...groups.keys()].sort((a, b) => (a !== "en") - (b !== "en") || a.localeCompare(b));
    return order.flatMap((lang) => [
      el("p", { className: "lang-group", textContent: (LANGUAGES[lang] || lang) + " (" + groups.get(lang).length + ")" }),
      ...groups.get(lang).flatMap(evidenceBlock)]);
  }

  // ---- the source document, offline, with the sentence highlighted --------------------------

  const reader = document.getElementById("reader");
  const readerText = document.getElementById("reader-text");
  function openDocument(id, start, end) {
    const d = documentById[id];
    document.getElementById("reader-title").textContent = d.title;
    document.getElementById("reader-meta").textContent = [d.author, d.publisher, d.series, d.issued,
      d.sourceFile ? "file " + d.sourceFile : ""].filter(Boolean).join(" · ");
    const parts = [];
    if (start !== undefined && start !== null) {
      const mark = el("mark", { textContent: d.text.slice(start, end) });
      parts.push(d.text.slice(0, start), mark, d.text.slice(end));
      readerText.replaceChildren(...parts);
      reader.hidden = false;
      mark.scrollIntoView({ block: "center" });
    } else {
      readerText.replaceChildren(d.text);
      reader.hidden = false;
    }
  }
  document.getElementById("reader-close").addEventListener("click", () => { reader.hidden = true; });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") reader.hidden = true; });

  // Facts with a value (an entity's attributes, what a document states about itself), each with its evidence.
  function factsWithEvidence(list) {
    const items = el("div");
    for (const f of list) {
      items.append(el("p", {}, el("strong", { textContent: f.property + ": " }), f.value));
      items.append(...evidenceByLanguage(f.evidence));
    }
    return items;
  }

  function showDocument(id) {
    const d = documentById[id];
    details.replaceChildren(el("h2", { textContent: d.title }),
      el("p", { className: "meta", textContent: id + (d.sourceFile ? " · file " + d.sourceFile : "") }),
      ...section("What the document states about itself", factsWithEvidence(d.facts)));
  }

  function documentItem(d) {
    const doc = documentById[d];
    const item = el("li", {}, el("span", { textContent: doc ? docCitation(doc) + " (" + d + ")" : d }));
    if (doc && doc.facts.length) {
      const about = el("button", { type: "button", className: "linkish open-facts", textContent: " sources" });
      about.addEventListener("click", () => showDocument(d));
      item.append(about);
    }
    if (doc && doc.text) {
      const open = el("button", { type: "button", className: "linkish", textContent: " read" });
      open.addEventListener("click", () => openDocument(d));
      item.append(open);
    }
    return item;
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
    const docs = el("ul", {}, ...e.documents.map(documentItem));
    const parts = [
      el("h2", { textContent: e.label }),
      el("p", { className: "cls" }, glyph(style.shape, style.color, 14),
        el("span", { textContent: e.classLabel + (e.classLabel !== style.label ? " · " + style.label : "") })),
      ...section("Names", names),
      ...section("Documents", docs),
    ];
    if (e.attributes.length) parts.push(...section("Attributes", factsWithEvidence(e.attributes)));
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
      parts.push(...section("Facts and co-mentions (" + ids.length + ")", list));
    }
    if (e.mentions.length) {
      const more = e.mentionCount > e.mentions.length ? " — first " + e.mentions.length + " of " + e.mentionCount : "";
      parts.push(...section("Mentions" + more, ...evidenceByLanguage(e.mentions)));
    }
    details.replaceChildren(...parts);
  }

  function showLink(id) {
    const l = link(id);
    const parts = [
      el("h2", {}, entityButton(l.from), " — " + l.propertyLabel + " → ", entityButton(l.to)),
      el("p", { className: l.weak ? "weak" : "meta", textContent: l.weak
        ? "Co-mention: named in the same sentence, no verb pattern links them."
        : "Fact (cikg:" + l.property + "), confidence " + l.confidence }),
      ...section("Evidence (" + plural(l.evidence.length, "sentence") + ")", ...evidenceByLanguage(l.evidence)),
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
    if (edges.get(id).hidden) {
      if (l.weak) { linkOn.weak = true; document.getElementById("show-weak").checked = true; applyFilters(); }
      if (edges.get(id).hidden) showAll();
    }
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

  // ---- path finder: the shortest chain of links shown now ------------------------------------

  function shortestPath(from, to) {
    const shown = new Set(edges.get({ filter: (e) => !e.hidden }).map((e) => e.id));
    const previous = new Map([[from, null]]);
    const queue = [from];
    while (queue.length) {
      const here = queue.shift();
      if (here === to) break;
      for (const lid of linksOf[here] || []) {
        if (!shown.has(lid)) continue;
        const l = link(lid);
        const next = l.from === here ? l.to : l.from;
        if (!previous.has(next)) { previous.set(next, [here, lid]); queue.push(next); }
      }
    }
    if (!previous.has(to)) return null;
    const steps = [];
    for (let at = to; previous.get(at); at = previous.get(at)[0]) steps.unshift(previous.get(at)[1]);
    return steps;
  }

  const pathStatus = document.getElementById("path-status");
  function findPath(fromName, toName) {
    const from = find(fromName);
    const to = find(toName);
    if (!from || !to) {
      pathStatus.textContent = "No entity is named “" + (!from ? fromName : toName).trim() + "”.";
      return null;
    }
    const steps = shortestPath(from, to);
    if (steps === null) {
      pathStatus.textContent = "No path between " + entity(from).label + " and " + entity(to).label +
        " through the links shown" + (linkOn.weak ? "." : "; tick co-mentions to walk them too.");
      return null;
    }
    const visited = [from];
    for (const lid of steps) { const l = link(lid); visited.push(l.from === visited[visited.length - 1] ? l.to : l.from); }
    network.setSelection({ nodes: visited, edges: steps }, { unselectAll: true, highlightEdges: false });
    network.fit({ nodes: visited, animation: { duration: 300 } });
    const list = el("ol", { className: "path" });
    steps.forEach((lid, i) => {
      const l = link(lid);
      const open = el("button", { type: "button", className: "linkish", textContent: l.propertyLabel });
      open.addEventListener("click", () => selectEdge(lid));
      list.append(el("li", {}, entityButton(visited[i]), l.from === visited[i] ? " — " : " ← ", open,
        l.from === visited[i] ? " → " : " — ", entityButton(visited[i + 1])));
    });
    details.replaceChildren(el("h2", { textContent: "Path: " + entity(from).label + " → " + entity(to).label }),
      el("p", { className: "meta", textContent: plural(steps.length, "link") + " (click one for its evidence)" }), list);
    pathStatus.textContent = "Found a path of " + plural(steps.length, "link") + ".";
    return visited;
  }
  document.getElementById("path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    findPath(document.getElementById("path-from").value, document.getElementById("path-to").value);
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
    findPath: findPath,
    openDocument: openDocument,
    showDocument: showDocument,
    visibleEdges: () => edges.get({ filter: (e) => !e.hidden }),
  };
})();
