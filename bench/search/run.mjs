#!/usr/bin/env node
// bench/search/run.mjs: baokan's search beside Pagefind, measured
// (make bench-search; see bench/search/README.md).
//
//   node bench/search/run.mjs [--articles 10000[,100000]] [--pagefind 10000]
//        [--out bench/out/search] [--seed 1] [--baokan ./baokan]
//
// For each size: writes a synthetic archive with bench/gen-corpus, builds
// the site with baokan (timed, peak RSS, index figures from
// BAOKAN_IDX_STATS), counts the index's files and bytes (raw and
// gzipped), and runs the queries below in headless Chromium through a
// local static server: bytes a query loads (first query in a fresh
// browser, and a second query on the same page after it), time to
// results, and the count shown.  Recall and precision come from the full
// answer against the truth from scanning the parsed text of every article
// (baokan check --json), folded as the index folds; baokan's full answer
// is computed by assets/search.js itself under Node over the same files
// (the page's count must agree), Pagefind's by loading every result's
// data in Chromium.  For the sizes in --pagefind the same built site is
// indexed by Pagefind (npm pagefind, installed into bench/search/) and
// measured the same way.  Writes OUT/results.md and OUT/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '..', '..');
const S = require(path.join(top, 'assets', 'search.js'));

const args = { articles: '10000', pagefind: '10000', out: 'bench/out/search', seed: '1',
	baokan: './baokan' };
for (let i = 2; i < process.argv.length; i += 2) {
	const k = process.argv[i].replace(/^--/, '');
	if (!(k in args)) {
		console.error('usage: run.mjs [--articles N,N] [--pagefind N,N] [--out DIR] [--seed S] [--baokan PATH]');
		process.exit(2);
	}
	args[k] = process.argv[i + 1];
}
const sizes = args.articles.split(',').filter(Boolean).map(Number);
const pfSizes = new Set(args.pagefind.split(',').filter(Boolean).map(Number));
const out = path.resolve(top, args.out);
const baokan = path.resolve(top, args.baokan);
fs.mkdirSync(out, { recursive: true });
const log = (m) => process.stderr.write('bench-search: ' + m + '\n');

// The queries: [label, query, kind].  Substrings of words and across
// words, digits, Latin, traditional characters, two terms.
const QUERIES = [
	['2 chars', '劳模'],
	['4 chars', '工会驿站'],
	['4 chars', '劳动模范'],
	['3 chars', '农民工'],
	['across words', '动模'],
	['across words', '会驿'],
	['digits', '12351'],
	['Latin', 'APP'],
	['mixed', '2025年'],
	['traditional', '勞模'],
	['traditional', '工會驛站'],
	['two terms', '工会 职工'],
	['two terms', '劳模 工匠'],
	['none', '段简'],
];
const PAGE = S.PAGE_SIZE;

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
let chromium;
try {
	({ chromium } = require(path.join(top, 'tests', 'browser', 'node_modules', 'playwright-core')));
} catch (e) {
	console.error('bench-search: needs playwright-core in tests/browser (make test-deps)');
	process.exit(1);
}

function timed(argv, opts) {
	// GNU time for the peak RSS of the child.
	const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv],
		{ encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
	if (r.status !== 0)
		throw new Error(argv.join(' ') + ' failed: ' + (r.stderr || '').slice(-2000));
	const m = /([\d.]+) (\d+)\s*$/.exec(r.stderr);
	return { seconds: Number(m[1]), rssMB: Number(m[2]) / 1024, stdout: r.stdout };
}

function walk(dir) {
	const files = [];
	const go = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) go(p);
			else files.push(p);
		}
	};
	go(dir);
	return files;
}

// Files, bytes, and bytes once gzipped (as a host that compresses would
// send them; Pagefind's files are gzip already and stay as they are).
function dirSize(dir, gzipTypes) {
	let bytes = 0, gz = 0, n = 0;
	for (const f of walk(dir)) {
		const b = fs.readFileSync(f);
		n++;
		bytes += b.length;
		gz += gzipTypes.test(f) ? zlib.gzipSync(b, { level: 6 }).length : b.length;
	}
	return { files: n, bytes, gz };
}

// ---- the archive, the site, the truth --------------------------------------

function corpus(n) {
	const dir = path.join(out, 'corpus-' + n);
	if (fs.existsSync(path.join(dir, '.done-' + args.seed)))
		return dir;
	log(`writing a ${n}-article archive`);
	execFileSync(path.join(top, 'bench', 'gen-corpus'), ['--articles', String(n), '--seed', args.seed,
		'--out', dir, '--force', '--quiet', '--baokan', baokan], { stdio: 'inherit' });
	fs.writeFileSync(path.join(dir, '.done-' + args.seed), '');
	return dir;
}

function buildSite(n, content) {
	const site = path.join(out, 'site-' + n);
	const stats = path.join(out, 'idxstats-' + n + '.jsonl');
	fs.rmSync(stats, { force: true });
	log(`building the ${n}-article site`);
	const t = timed([baokan, 'build', '--quiet', '--content', content, '--output', site],
		{ cwd: top, env: { ...process.env, CI: '1', BAOKAN_IDX_STATS: stats } });
	const idx = JSON.parse(fs.readFileSync(stats, 'utf8').trim().split('\n').pop());
	return { site, build: t, idx };
}

// Article id to its folded text (headlines, summary, body), from the parser.
function truthTexts(content) {
	const files = fs.readdirSync(content).filter((f) => f.endsWith('.txt')).sort()
		.map((f) => path.join(content, f));
	const texts = new Map();
	for (let i = 0; i < files.length; i += 2000) {
		const r = spawnSync(baokan, ['check', '--json', ...files.slice(i, i + 2000)],
			{ encoding: 'utf8', maxBuffer: 1 << 30 });
		for (const line of r.stdout.split('\n')) {
			if (!line.startsWith('{')) continue;
			const rec = JSON.parse(line);
			for (const a of rec.articles || [])
				texts.set(a.id, S.fold([a.kicker, a.title, a.subtitle, a.summary,
					...a.body.map((b) => b.text)].filter(Boolean).join('\n')));
		}
	}
	return texts;
}

const truthOf = (texts, q) => {
	const terms = S.parseQuery(q);
	const ids = new Set();
	for (const [id, t] of texts)
		if (terms.length && terms.every((x) => t.includes(x.text)))
			ids.add(id);
	return ids;
};

// Article ids by document number, read once from the docs chunks (d/).
function docIds(site) {
	const ids = [];
	for (const f of walk(path.join(site, 'search', 'd'))) {
		const code = fs.readFileSync(f, 'utf8');
		const v = JSON.parse(code.slice(code.indexOf(',') + 1, code.lastIndexOf(')')));
		v.docs.forEach((d, i) => { ids[v.first + i] = d[0]; });
	}
	return ids;
}

// The most entries (files and folders) in one folder under dir, and the
// number of folders.
function folders(dir) {
	let widest = 0, n = 0;
	const go = (d) => {
		const es = fs.readdirSync(d, { withFileTypes: true });
		widest = Math.max(widest, es.length);
		for (const e of es)
			if (e.isDirectory()) {
				n++;
				go(path.join(d, e.name));
			}
	};
	go(dir);
	return { widest, folders: n };
}

// baokan's whole answer: assets/search.js under Node over the built files.
async function baokanAnswer(site, ids, q) {
	const st = new S.Store((name, store) => setImmediate(() => {
		let code;
		try {
			code = fs.readFileSync(path.join(site, 'search', name + '.js'), 'utf8');
		} catch (e) {
			store.fail(name, e);
			return;
		}
		vm.runInNewContext(code, { baokanSearch: { add: (n, v) => store.add(n, v) } });
	}));
	const res = await S.search(st, Object.assign(S.readParams(''), { q }));
	return new Set(res.ids.map((d) => ids[d]));
}

function score(got, want) {
	let hit = 0;
	for (const id of got) if (want.has(id)) hit++;
	return {
		recall: want.size ? hit / want.size : (got.size ? 0 : 1),
		precision: got.size ? hit / got.size : (want.size ? 0 : 1),
	};
}

// ---- Pagefind --------------------------------------------------------------

function pagefindBin() {
	const bin = path.join(here, 'node_modules', '.bin', 'pagefind');
	if (!fs.existsSync(bin)) {
		log('installing pagefind into bench/search (npm)');
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], { cwd: here, stdio: 'inherit' });
	}
	return bin;
}

// A copy of the site whose article pages tell Pagefind what to index:
// the headlines and the body, as baokan indexes them (not the byline,
// the facets or the titles of the neighbouring articles).
function pagefindSite(n, site) {
	const dir = path.join(out, 'site-' + n + '-pagefind');
	fs.rmSync(dir, { recursive: true, force: true });
	execFileSync('cp', ['-r', site, dir]);
	for (const f of walk(path.join(dir, 'articles'))) {
		if (!f.endsWith('.html')) continue;
		const s = fs.readFileSync(f, 'utf8')
			.replace('<header class="headline">', '<header class="headline" data-pagefind-body="">')
			.replace('<p class="byline">', '<p class="byline" data-pagefind-ignore="all">')
			.replace('<p class="meta">', '<p class="meta" data-pagefind-ignore="all">')
			.replace(/<(div|aside|section) class="(body|summary)"/g, '<$1 class="$2" data-pagefind-body=""');
		fs.writeFileSync(f, s);
	}
	// The page the benchmark drives: Pagefind's JS API, as its docs show.
	fs.writeFileSync(path.join(dir, 'pf-bench.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind bench</title></head>
<body><p id="status"></p><ol id="results"></ol>
<script type="module">
const pagefind = await import('./pagefind/pagefind.js');
window.pfQuery = async (q, all) => {
	const t0 = performance.now();
	const r = await pagefind.search(q);
	const shown = await Promise.all((all ? r.results : r.results.slice(0, ${PAGE})).map((x) => x.data()));
	const ol = document.getElementById('results');
	ol.textContent = '';
	for (const d of shown.slice(0, ${PAGE})) {
		const li = document.createElement('li');
		const a = document.createElement('a');
		a.href = d.url;
		a.textContent = d.meta.title;
		const p = document.createElement('p');
		p.innerHTML = d.excerpt;
		li.append(a, p);
		ol.append(li);
	}
	document.getElementById('status').textContent = r.results.length + ' results';
	return { total: r.results.length, ms: performance.now() - t0, urls: shown.map((d) => d.url) };
};
window.pfReady = true;
</script></body></html>
`);
	log(`indexing the ${n}-article site with Pagefind`);
	const t = timed([pagefindBin(), '--site', dir], { cwd: here });
	return { dir, build: t, size: dirSize(path.join(dir, 'pagefind'), /\.(js|json|css)$/) };
}

// ---- serving and measuring --------------------------------------------------

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

// A static server for OUT; with gzip, text files go compressed when asked.
function serve(gzip) {
	const server = http.createServer((req, res) => {
		const u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		const f = path.join(out, path.normalize(u));
		if (!f.startsWith(out) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
			res.writeHead(404);
			res.end();
			return;
		}
		let body = fs.readFileSync(f);
		const type = TYPES[path.extname(f)] || 'application/octet-stream';
		const head = { 'Content-Type': type, 'Cache-Control': 'max-age=3600' };
		if (gzip && /text|json/.test(type) && /gzip/.test(req.headers['accept-encoding'] || '')) {
			body = zlib.gzipSync(body, { level: 6 });
			head['Content-Encoding'] = 'gzip';
		}
		head['Content-Length'] = body.length;
		res.writeHead(200, head);
		res.end(body);
	});
	return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

// Bytes of the search's own files (not the page's HTML and CSS) that the
// page and its workers (Pagefind searches in one) received: each
// response's headers and body as sent (the server states the length).
async function meter(page, filter) {
	let bytes = 0, files = 0;
	page.on('requestfinished', async (req) => {
		if (!filter(req.url()))
			return;
		const res = await req.response();
		const sz = await req.sizes();
		const len = Number((res && res.headers()['content-length']) || sz.responseBodySize);
		bytes += len + sz.responseHeadersSize;
		files++;
	});
	return { take: async () => {
		await new Promise((r) => setTimeout(r, 200));	/* late events */
		const r = { bytes, files };
		bytes = 0;
		files = 0;
		return r;
	} };
}

const statusDone = () => {
	const s = document.getElementById('status');
	return s && /找到|没有/.test(s.textContent);
};

// baokan: each query first in a fresh browser, then the next query of the
// list typed into the same page.
async function runBaokan(browser, base, n) {
	const rows = [];
	for (let i = 0; i < QUERIES.length; i++) {
		const q = QUERIES[i][1], q2 = QUERIES[(i + 1) % QUERIES.length][1];
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		const m = await meter(page, (u) => u.includes('/search/') || u.endsWith('/search.js'));
		await page.goto(`${base}site-${n}/search.html?q=${encodeURIComponent(q)}`);
		await page.waitForFunction(statusDone, null, { timeout: 120000 });
		const ms = await page.evaluate(() => performance.now());
		const status = await page.textContent('#status');
		const first = await m.take();
		await page.fill('#q', q2);
		await page.evaluate(() => {
			window.__t0 = performance.now();
			document.getElementById('status').textContent = '';
		});
		await page.press('#q', 'Enter');
		await page.waitForFunction(statusDone, null, { timeout: 120000 });
		const ms2 = await page.evaluate(() => performance.now() - window.__t0);
		const second = await m.take();
		rows.push({ q, first, ms, status, q2, second, ms2 });
		await ctx.close();
	}
	return rows;
}

async function runPagefind(browser, base, n) {
	const rows = [];
	for (let i = 0; i < QUERIES.length; i++) {
		const q = QUERIES[i][1], q2 = QUERIES[(i + 1) % QUERIES.length][1];
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		const m = await meter(page, (u) => u.includes('/pagefind/'));
		const t0 = Date.now();
		await page.goto(`${base}site-${n}-pagefind/pf-bench.html`);
		await page.waitForFunction(() => window.pfReady === true, null, { timeout: 60000 });
		const r = await page.evaluate((x) => window.pfQuery(x, false), q);
		const ms = await page.evaluate(() => performance.now());
		const first = await m.take();
		const r2 = await page.evaluate((x) => window.pfQuery(x, false), q2);
		const second = await m.take();
		rows.push({ q, first, ms, total: r.total, q2, second, ms2: r2.ms, wall: Date.now() - t0 });
		await ctx.close();
	}
	return rows;
}

// Pagefind's whole answer (every result's data), for recall and precision.
async function pagefindAnswers(browser, base, n) {
	const page = await browser.newPage();
	await page.goto(`${base}site-${n}-pagefind/pf-bench.html`);
	await page.waitForFunction(() => window.pfReady === true, null, { timeout: 60000 });
	const out2 = new Map();
	for (const [, q] of QUERIES) {
		const r = await page.evaluate((x) => window.pfQuery(x, true), q);
		out2.set(q, new Set(r.urls.map((u) => u.replace(/^.*\//, '').replace(/\.html$/, ''))));
	}
	await page.close();
	return out2;
}

// ---- the report -------------------------------------------------------------

const kb = (b) => (b / 1024).toFixed(b < 10240 ? 1 : 0);
const mb = (b) => (b / 1048576).toFixed(1);
const f2 = (x) => x.toFixed(2);

async function main() {
	const results = { date: new Date().toISOString(), sizes: [] };
	const plain = await serve(false), gz = await serve(true);
	const bases = { plain: `http://127.0.0.1:${plain.address().port}/`,
		gzip: `http://127.0.0.1:${gz.address().port}/` };
	const browser = await chromium.launch({ executablePath: chromiumPath,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-sync'] });
	try {
		for (const n of sizes) {
			const content = corpus(n);
			const b = buildSite(n, content);
			const articles = b.idx.docs;
			const size = dirSize(path.join(b.site, 'search'), /\.js$/);
			Object.assign(size, folders(path.join(b.site, 'search')));
			const all = walk(b.site).length;
			log(`truth from the parsed text of ${articles} articles`);
			const texts = truthTexts(content);
			const R = { n, articles, build: b.build, idx: b.idx, size, siteFiles: all, queries: [] };
			let pf = null;
			if (pfSizes.has(n)) {
				pf = pagefindSite(n, b.site);
				R.pagefind = { build: pf.build, size: pf.size };
				Object.assign(R.pagefind.size, folders(path.join(pf.dir, 'pagefind')));
			}
			log('queries in chromium');
			const ours = { plain: await runBaokan(browser, bases.plain, n),
				gzip: await runBaokan(browser, bases.gzip, n) };
			const theirs = pf ? { plain: await runPagefind(browser, bases.plain, n),
				gzip: await runPagefind(browser, bases.gzip, n) } : null;
			const pfAll = pf ? await pagefindAnswers(browser, bases.plain, n) : null;
			const ids = docIds(b.site);
			for (let i = 0; i < QUERIES.length; i++) {
				const [label, q] = QUERIES[i];
				const want = truthOf(texts, q);
				const got = await baokanAnswer(b.site, ids, q);
				const row = {
					label, q, truth: want.size,
					baokan: { ...score(got, want), total: got.size, status: ours.plain[i].status,
						first: ours.plain[i].first, firstGz: ours.gzip[i].first, ms: ours.plain[i].ms,
						second: ours.plain[i].second, secondGz: ours.gzip[i].second, ms2: ours.plain[i].ms2,
						q2: ours.plain[i].q2 },
				};
				row.baokan.countAgrees = row.baokan.status === (got.size ? `找到 ${got.size} 篇文章` :
					`没有找到包含“${q}”的文章`);
				if (pf)
					row.pagefind = { ...score(pfAll.get(q), want), total: pfAll.get(q).size,
						shown: theirs.plain[i].total,
						first: theirs.plain[i].first, firstGz: theirs.gzip[i].first, ms: theirs.plain[i].ms,
						second: theirs.plain[i].second, secondGz: theirs.gzip[i].second,
						ms2: theirs.plain[i].ms2 };
				R.queries.push(row);
			}
			results.sizes.push(R);
		}
		// file:// : does each one answer a query with no server?
		const n0 = sizes[0];
		const fileCheck = async (url, ready) => {
			const page = await browser.newPage();
			const errs = [];
			page.on('pageerror', (e) => errs.push(e.message));
			page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
			await page.goto(url);
			let ok = false;
			try {
				ok = await ready(page);
			} catch (e) {
				errs.push(e.message.split('\n')[0]);
			}
			await page.close();
			return { ok, errors: errs.slice(0, 2) };
		};
		results.file = {
			baokan: await fileCheck(`file://${out}/site-${n0}/search.html?q=${encodeURIComponent('劳模')}`,
				async (p) => {
					await p.waitForFunction(statusDone, null, { timeout: 60000 });
					return /找到 \d+/.test(await p.textContent('#status'));
				}),
		};
		if (pfSizes.has(n0))
			results.file.pagefind = await fileCheck(`file://${out}/site-${n0}-pagefind/pf-bench.html`,
				async (p) => {
					await p.waitForFunction(() => window.pfReady === true, null, { timeout: 15000 });
					const r = await p.evaluate(() => window.pfQuery('劳模', false));
					return r.total > 0;
				});
	} finally {
		await browser.close();
		plain.close();
		gz.close();
	}
	fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 1));
	const md = report(results);
	fs.writeFileSync(path.join(out, 'results.md'), md);
	process.stdout.write(md);
}

function report(res) {
	const L = [];
	L.push(`# Search benchmark (${res.date.slice(0, 10)}; ${process.arch}, ${require('node:os').cpus().length} cores)`, '');
	L.push('Synthetic archives from bench/gen-corpus; bytes are what headless Chromium received for the',
		'search\'s own files (baokan: assets/search.js and search/*; Pagefind: pagefind/*), from a local',
		'static server sending files as they are ("raw") or gzip-compressing text ("gzip"; Pagefind\'s',
		'index files are gzip already). "first": a fresh browser opens the results page for the query;',
		`"then": the next query of the list typed into that page. Results pages show ${PAGE} results.`, '');
	L.push('| archive | engine | build s | peak RSS MB | index files | per 10,000 articles | most in one folder | index MB | index MB gzip |');
	L.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const R of res.sizes) {
		L.push(`| ${R.articles} | baokan (whole site build; index ${f2((R.idx.add_ms + R.idx.write_ms) / 1000)} s of it) | ${f2(R.build.seconds)} | ${R.build.rssMB.toFixed(0)} | ${R.size.files} | ${Math.round(R.size.files * 10000 / R.articles)} | ${R.size.widest} | ${mb(R.size.bytes)} | ${mb(R.size.gz)} |`);
		if (R.pagefind)
			L.push(`| ${R.articles} | Pagefind (indexing the built site) | ${f2(R.pagefind.build.seconds)} | ${R.pagefind.build.rssMB.toFixed(0)} | ${R.pagefind.size.files} | ${Math.round(R.pagefind.size.files * 10000 / R.articles)} | ${R.pagefind.size.widest} | ${mb(R.pagefind.size.bytes)} | ${mb(R.pagefind.size.gz)} |`);
	}
	L.push('');
	for (const R of res.sizes) {
		L.push(`## ${R.articles} articles`, '');
		L.push(`Index: ${R.idx.keys} keys (${R.idx.trigrams} trigrams of ${R.idx.frequent} frequent bigrams), ${R.idx.postings} postings, ` +
			`${R.idx.positions} positions, ${R.idx.hot} long lists, ${R.idx.chunks} docs chunks, ${R.size.folders} folders; ` +
			`${R.idx.runs} spilled runs, lists in memory at most ${mb(R.idx.peak_list_bytes)} MB; the whole site is ${R.siteFiles} files.`, '');
		const pf = !!R.pagefind;
		L.push('| query | truth | engine | found | recall | precision | first KB raw | first KB gzip | first ms | then | then KB raw | then KB gzip | then ms |');
		L.push('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
		for (const q of R.queries) {
			const b = q.baokan;
			L.push(`| ${q.q} (${q.label}) | ${q.truth} | baokan | ${b.total}${b.countAgrees ? '' : ' (page: ' + b.status + ')'} | ${f2(b.recall)} | ${f2(b.precision)} | ${kb(b.first.bytes)} | ${kb(b.firstGz.bytes)} | ${b.ms.toFixed(0)} | ${b.q2} | ${kb(b.second.bytes)} | ${kb(b.secondGz.bytes)} | ${b.ms2.toFixed(0)} |`);
			if (pf) {
				const p = q.pagefind;
				L.push(`| | | Pagefind | ${p.total} | ${f2(p.recall)} | ${f2(p.precision)} | ${kb(p.first.bytes)} | ${kb(p.firstGz.bytes)} | ${p.ms.toFixed(0)} | ${b.q2} | ${kb(p.second.bytes)} | ${kb(p.secondGz.bytes)} | ${p.ms2.toFixed(0)} |`);
			}
		}
		const med = (xs) => { const s = xs.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
		const sum = (eng, k) => med(R.queries.filter((q) => q[eng]).map((q) => q[eng][k].bytes));
		L.push('');
		L.push(`Median over the queries: baokan first ${kb(sum('baokan', 'first'))} KB raw / ${kb(sum('baokan', 'firstGz'))} KB gzip, then ${kb(sum('baokan', 'second'))} / ${kb(sum('baokan', 'secondGz'))} KB` +
			(pf ? `; Pagefind first ${kb(sum('pagefind', 'first'))} / ${kb(sum('pagefind', 'firstGz'))} KB, then ${kb(sum('pagefind', 'second'))} / ${kb(sum('pagefind', 'secondGz'))} KB.` : '.'), '');
	}
	if (res.file) {
		L.push('## From file:// (no server)', '');
		for (const [k, v] of Object.entries(res.file))
			L.push(`- ${k}: ${v.ok ? 'answers a query' : 'does not answer' + (v.errors.length ? ' (' + v.errors.join('; ').slice(0, 200) + ')' : '')}`);
		L.push('');
	}
	return L.join('\n') + '\n';
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
