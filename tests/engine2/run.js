// Answers a batch of SPARQL SELECT queries with Comunica over one N-Triples file, in one process.
// Usage: node run.js QUERIES.json ANSWERS.json. QUERIES.json is a list of {"data": N-Triples file, "query": text};
// each data file is read once. ANSWERS.json gets, per query and in the same order, {"rows": [{var: term}]} (terms as
// in the SPARQL 1.1 JSON results format) or {"error": message}.
"use strict";
const fs = require("fs");
const { Parser, Store } = require("n3");
const { QueryEngine } = require("@comunica/query-sparql-rdfjs");

function termJson(term) {
  // The SPARQL 1.1 JSON results shape, so the Python side reads both engines' terms alike.
  if (term.termType === "NamedNode") return { type: "uri", value: term.value };
  if (term.termType === "BlankNode") return { type: "bnode", value: term.value };
  const out = { type: "literal", value: term.value };
  if (term.language) out["xml:lang"] = term.language;
  else out.datatype = term.datatype.value;
  return out;
}

async function answer(engine, store, text) {
  const stream = await engine.queryBindings(text, { sources: [store] });
  const rows = [];
  for (const bindings of await stream.toArray()) {
    const row = {};
    for (const [variable, term] of bindings) row[variable.value] = termJson(term);
    rows.push(row);
  }
  return { rows };
}

async function main() {
  const [queriesPath, answersPath] = process.argv.slice(2);
  const stores = new Map();
  const engine = new QueryEngine();
  const answers = [];
  for (const { data, query } of JSON.parse(fs.readFileSync(queriesPath, "utf8"))) {
    if (!stores.has(data)) {
      stores.set(data, new Store(new Parser({ format: "N-Triples" }).parse(fs.readFileSync(data, "utf8"))));
    }
    try {
      answers.push(await answer(engine, stores.get(data), query));
    } catch (err) {
      answers.push({ error: String(err && err.message ? err.message : err).slice(0, 2000) });
    }
  }
  fs.writeFileSync(answersPath, JSON.stringify(answers));
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
