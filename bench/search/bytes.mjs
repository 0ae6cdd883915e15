#!/usr/bin/env node
// bench/search/bytes.mjs: what each benchmark query loads from a built
// site's search/ folder, without a browser: the first query on a fresh
// page, then the next query of the list on the same page, as run.mjs
// measures them in Chromium, in seconds instead of minutes (for tuning
// the index layout; run.mjs's table is the figure of record).
//
//   node bench/search/bytes.mjs SITE [QUERY ...]
//
// Bytes are each file's size plus HEADER bytes of response headers, raw
// and gzipped at level 6 (as run.mjs's server sends them); per query,
// the files by family (letter), their count and KB raw/gzip.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const S = require(path.join(top, 'assets', 'search.js'));
/* HEADER 190: what Chromium counted for run.mjs's server's headers. */
const HEADER = 190;
const QUERIES = ['劳模', '工会驿站', '劳动模范', '农民工', '动模', '会驿', '12351', 'APP',
	'2025年', '勞模', '工會驛站', '工会 职工', '劳模 工匠', '段简'];

const site = process.argv[2];
if (!site) {
	console.error('usage: bytes.mjs SITE [QUERY ...]');
	process.exit(2);
}
const queries = process.argv.length > 3 ? process.argv.slice(3) : QUERIES;
const gz = new Map();

function size(file) {
	const b = fs.readFileSync(file);
	if (!gz.has(file))
		gz.set(file, zlib.gzipSync(b, { level: 6 }).length);
	return [b.length + HEADER, gz.get(file) + HEADER];
}

function store(log) {
	return new S.Store((name, st) => setImmediate(() => {
		const file = path.join(site, 'search', name + '.js');
		log.push(file);
		vm.runInNewContext(fs.readFileSync(file, 'utf8'),
			{ baokanSearch: { add: (n, v) => st.add(n, v) } });
	}));
}

const kb = (b) => (b / 1024).toFixed(0);
const sum = (files) => files.reduce((a, f) => {
	const s = size(f);
	return [a[0] + s[0], a[1] + s[1]];
}, [0, 0]);
const byFamily = (files) => {
	const g = {};
	for (const f of files) {
		const rel = path.relative(path.join(site, 'search'), f);
		const k = rel.includes('/') ? rel[0] : rel.replace(/\.js$/, '');
		const s = size(f);
		g[k] = g[k] || [0, 0, 0];
		g[k][0]++;
		g[k][1] += s[0];
		g[k][2] += s[1];
	}
	return Object.entries(g).map(([k, v]) => `${k}:${v[0]}/${kb(v[1])}/${kb(v[2])}`).join(' ');
};
const ask = (st, q) => S.search(st, Object.assign(S.readParams(''), { q }));
const script = path.join(site, 'assets', 'search.js');
const rows = [];
for (let i = 0; i < queries.length; i++) {
	const log = [], st = store(log), q2 = queries[(i + 1) % queries.length];
	const r1 = await ask(st, queries[i]);
	const f1 = log.splice(0);
	const r2 = await ask(st, q2);
	const f2 = log.splice(0);
	const a = sum(f1.concat(fs.existsSync(script) ? [script] : [])), b = sum(f2);
	rows.push([a, b]);
	console.log(`${queries[i]}\t${r1.total}\t${kb(a[0])}/${kb(a[1])}\tthen ${q2}\t${r2.total}\t` +
		`${kb(b[0])}/${kb(b[1])}\t${byFamily(f2)}`);
}
const med = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`median: first ${kb(med(rows.map((r) => r[0][0])))}/${kb(med(rows.map((r) => r[0][1])))} KB, ` +
	`then ${kb(med(rows.map((r) => r[1][0])))}/${kb(med(rows.map((r) => r[1][1])))} KB (raw/gzip)`);
