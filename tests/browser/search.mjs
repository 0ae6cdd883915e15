// tests/browser/search.mjs: the built site in a real browser (Debian's
// headless chromium through playwright-core), opened from file:// and over
// HTTP under a sub-path.  A query's results are checked against the truth
// from scanning the parsed text of every issue.  Prints "ok - ..." lines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '..', '..');
const baokan = path.resolve(top, process.env.BAOKAN || './baokan');
let failed = 0;
const check = (cond, what) => {
	console.log((cond ? 'ok - ' : 'FAIL - ') + what);
	if (!cond) failed++;
};

let chromium;
try {
	({ chromium } = require('playwright-core'));
} catch (e) {
	console.log('FAIL - playwright-core is not installed (cd tests/browser && npm install)');
	process.exit(1);
}
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(exe)) {
	console.log('FAIL - no chromium at ' + exe + ' (apt-get install chromium)');
	process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baokan-browser-'));
const site = path.join(tmp, 'archive');
execFileSync(baokan, ['build', '--quiet', '--output', site], { cwd: top, env: { ...process.env, CI: '1' } });

// The truth: every article whose text holds the term.
function truth(term) {
	const ids = new Map();
	for (const f of fs.readdirSync(path.join(top, 'content')).sort()) {
		if (!f.endsWith('.txt')) continue;
		const rec = JSON.parse(execFileSync(baokan, ['parse', path.join('content', f)], { cwd: top }));
		for (const a of rec.articles) {
			const text = [a.kicker, a.title, a.subtitle, a.summary, ...a.body.map((b) => b.text)]
				.filter(Boolean).join('\n');
			if (text.includes(term)) ids.set(a.id, a.title);
		}
	}
	return ids;
}

// A static server for the folder holding the site, so it sits under /archive/.
const server = http.createServer((req, res) => {
	const u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	const f = path.join(tmp, path.normalize(u));
	if (!f.startsWith(tmp) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
		res.writeHead(404);
		res.end('not found');
		return;
	}
	const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };
	res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream' });
	res.end(fs.readFileSync(f));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/archive/`;

const browser = await chromium.launch({
	executablePath: exe,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

async function results(page) {
	await page.waitForFunction(() => {
		const s = document.getElementById('status');
		return s && /找到|没有/.test(s.textContent);
	}, null, { timeout: 15000 });
	const status = await page.textContent('#status');
	const links = await page.$$eval('#results li a, #results article a', (as) =>
		as.map((a) => a.getAttribute('href')).filter((h) => /articles\//.test(h)));
	return { status, links: [...new Set(links)] };
}

try {
	const term = '工会驿站';
	const want = truth(term);
	check(want.size >= 2, `the sample pages hold "${term}" in ${want.size} articles`);
	const errors = [];
	for (const [how, url] of [['file://', 'file://' + site + '/search.html?q=' + encodeURIComponent(term)],
		['http sub-path', base + 'search.html?q=' + encodeURIComponent(term)]]) {
		const page = await browser.newPage();
		page.on('pageerror', (e) => errors.push(how + ': ' + e.message));
		page.on('response', (r) => {
			// The browser asks the host root for /favicon.ico on its own.
			if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
				errors.push(how + ': ' + r.status() + ' ' + r.url());
		});
		page.on('requestfailed', (r) => errors.push(how + ': failed ' + r.url()));
		await page.goto(url);
		const r = await results(page);
		check(r.status.includes(`找到 ${want.size} 篇`), `${how}: status counts ${want.size} articles ("${r.status}")`);
		const got = new Set(r.links.map((h) => path.basename(h, '.html')));
		check(got.size === want.size && [...want.keys()].every((id) => got.has(id)),
			`${how}: results are exactly the articles that contain the term`);
		const marks = await page.$$eval('#results mark', (ms) => ms.map((m) => m.textContent));
		check(marks.length > 0 && marks.every((m) => m === term), `${how}: the match is highlighted exactly`);
		if (r.links.length) {
			await page.click(`#results a[href="${r.links[0]}"]`);
			await page.waitForLoadState('load');
			const h1 = await page.textContent('h1');
			const id = path.basename(r.links[0], '.html');
			check(h1.trim() === want.get(id), `${how}: a result opens its article ("${h1.trim()}")`);
		}
		await page.close();
	}
	// From the home page's search box, over HTTP under the sub-path.
	const page = await browser.newPage();
	await page.goto(base + 'index.html');
	check((await page.title()).length > 0, 'home page opens under /archive/');
	const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
	check(/Noto|serif|sans/i.test(css), 'the stylesheet applies under the CSP');
	await page.fill('input[name="q"]', '劳模');
	await Promise.all([page.waitForNavigation(), page.press('input[name="q"]', 'Enter')]);
	check(page.url().startsWith(base + 'search.html?') && page.url().includes('q='), 'the search box leads to search.html?q=…');
	const r2 = await results(page);
	check(r2.status.includes(`找到 ${truth('劳模').size} 篇`), `home search box: "${r2.status}"`);
	await page.goto(base + 'search.html?q=' + encodeURIComponent('没有这样的词语组合'));
	const r3 = await results(page);
	check(/没有/.test(r3.status) && r3.links.length === 0, 'a query with no match says so plainly');
	await page.setViewportSize({ width: 1200, height: 1400 });
	await page.goto('file://' + site + '/search.html?q=' + encodeURIComponent(term));
	await results(page);
	await page.screenshot({ path: path.join(os.tmpdir(), 'baokan-search.png'), fullPage: false });
	await page.close();
	check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.slice(0, 3).join('; ') : ''));
} catch (e) {
	check(false, 'browser test threw: ' + e.message);
} finally {
	await browser.close();
	server.close();
	fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
