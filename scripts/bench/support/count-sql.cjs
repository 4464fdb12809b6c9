// Preloaded (node --require) into worker processes by scripts/bench/cluster-counts.ts: counts the SQL statements
// each process sends (by kind) and the notifications it receives, and writes them to COUNT_SQL_DIR/<pid>-<n>.json
// on SIGUSR2 (the bench marks the start and the end of its window), with the process's CPU time.
const fs = require("node:fs");
const path = require("node:path");
const pg = require("pg");
const dir = process.env.COUNT_SQL_DIR;
const counts = {};
const bump = (k) => (counts[k] = (counts[k] ?? 0) + 1);
const kind = (text) => {
  const s = String(text).replace(/\s+/g, " ").trim();
  const m = /graphile_worker\.(\w+)|pg_notify\('([^']+)'|^(LISTEN \w+)|^(\w+) (?:INTO |FROM )?"?(\w+)"?/i.exec(s);
  if (!m) return s.slice(0, 40);
  if (m[1]) return `gw.${m[1]}`;
  if (m[2]) return `notify ${m[2]}`;
  if (m[3]) return m[3];
  return `${m[4].toUpperCase()} ${m[5]}`;
};
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === "string" ? config : config && config.text;
  if (!text) return query.call(this, config, ...rest);
  const k = /RETURNING "version", "recoveries"/.test(text) ? "lease.take" : kind(text);
  bump(`sql ${k}`);
  const result = query.call(this, config, ...rest);
  if (/^(UPDATE|lease)/.test(k) && result && typeof result.then === "function") {
    result.then((r) => r && r.rowCount === 0 && bump(`sql ${k} (0 rows)`), () => bump(`sql ${k} (error)`));
  }
  return result;
};
const emit = pg.Client.prototype.emit;
pg.Client.prototype.emit = function (event, msg, ...rest) {
  if (event === "notification") bump(`received ${msg && msg.channel}`);
  return emit.call(this, event, msg, ...rest);
};
let n = 0;
if (dir) {
  process.on("SIGUSR2", () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(path.join(dir, `${process.pid}-${n++}.json`), JSON.stringify({ pid: process.pid, cpuMs: (cpu.user + cpu.system) / 1000, counts }));
  });
}
module.exports = { bump };
