/* The query page: YASGUI on our own endpoint, offline, with the named queries as examples.
 *
 * Everything YASGUI would fetch from the web is switched off: the LOV property/class autocompleters, the prefix.cc
 * look-up (the bundled prefix list stays) and the default DBpedia/Wikidata endpoint catalogue.
 * An example opens from its link or from the URL fragment `#query=<name>` (the form the service description uses).
 */
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") return;
  var endpoint = el.dataset.endpoint;
  var base = el.dataset.base;
  var prefixes = JSON.parse(el.dataset.prefixes);  // the endpoint's predeclared prefixes, to shorten IRIs in results
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var byName = {};
  examples.forEach(function (ex) { byName[ex.name] = ex; });

  var yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    populateFromUrl: false,
    persistenceId: "tradekg-query",
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: null,
      value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    },
    yasr: { prefixes: prefixes }
  });
  window.tradekgYasgui = yasgui;  // for tests and for the curious, from the console

  function openExample(name) {
    var ex = byName[name];
    if (!ex) return null;
    var tab = yasgui.addTab(true, { name: ex.title.split(":")[0], yasqe: { value: ex.query },
                                     requestConfig: { endpoint: endpoint } }, { avoidDuplicateTabs: true });
    var item = document.getElementById("example-" + name);
    document.querySelectorAll(".examples li.current").forEach(function (li) { li.classList.remove("current"); });
    if (item) item.classList.add("current");
    el.scrollIntoView({ block: "start" });
    return tab;
  }
  window.tradekgOpenExample = openExample;

  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var name = params.get("query");
    if (name && byName[name]) openExample(name);
  }
  window.addEventListener("hashchange", fromHash);
  document.querySelectorAll("a.example").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "#query=" + a.dataset.name);
      openExample(a.dataset.name);
    });
  });
  fromHash();

  // IRIs under our base open their page on this server rather than leaving for the IRI's host.
  el.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || a.href.indexOf(base) !== 0) return;
    e.preventDefault();
    window.open(new URL(a.href.slice(base.length), location.origin + "/").href, "_blank", "noopener");
  });
})();
