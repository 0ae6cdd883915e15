// tests/browser/lib.mjs: what the real-browser tests share.  The site is
// built from content/ into a temporary folder and served from it under
// /archive/, so the same pages open from file:// and over HTTP under a
// sub-path; the truth about which articles hold a term comes from
// `baokan parse`, never from the search index (whose format may change);
// every scenario runs in each browser through puppeteer-core: Debian's
// chromium over CDP and Debian's firefox-esr over WebDriver BiDi (stock
// Firefox speaks it; playwright would need its own patched build).
// Checks print "ok - BROWSER WHERE what" or "FAIL - ..."; a browser that is
// not installed prints "skip - ..." (chromium is required, so it fails).
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

// WAIT_MS 20000: the longest a page may take to answer; a cold Firefox
// on a busy two-core machine needs a few seconds, a hang needs a bound.
const WAIT_MS = 20000;

let failed = 0;
export function check(cond, what) {
	console.log((cond ? 'ok - ' : 'FAIL - ') + what);
	if (!cond)
		failed++;
	return cond;
}

const cleanups = [];
// Runs the cleanups (the server, the temporary folder) and exits with the
// verdict.
export async function finish() {
	for (const f of cleanups.reverse()) {
		try {
			await f();
		} catch (e) {
			/* A browser already gone is no failure of the site. */
		}
	}
	process.exit(failed ? 1 : 0);
}

let puppeteer;
try {
	puppeteer = require('puppeteer-core');
} catch (e) {
	console.log('FAIL - puppeteer-core is not installed (cd tests/browser && npm ci)');
	process.exit(1);
}

// The site, built once per test program into a fresh folder whose
// "archive" subfolder is the sub-path the server shows it under.
export function buildSite() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baokan-browser-'));
	cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
	const site = path.join(tmp, 'archive');
	try {
		execFileSync(baokan, ['build', '--quiet', '--output', site],
			{ cwd: top, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (e) {
		check(false, `baokan build of the test site failed: ${e.message}`);
		fs.rmSync(tmp, { recursive: true, force: true });
		process.exit(1);
	}
	return { tmp, site };
}

// A static server for tmp, so the site answers under /archive/.
export async function serve(tmp) {
	const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
		'.css': 'text/css; charset=utf-8' };
	const server = http.createServer((req, res) => {
		const u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		const f = path.join(tmp, path.normalize(u));
		if (!f.startsWith(tmp + path.sep) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
			res.writeHead(404);
			res.end('not found');
			return;
		}
		res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream' });
		res.end(fs.readFileSync(f));
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	cleanups.push(() => new Promise((r) => server.close(r)));
	return `http://127.0.0.1:${server.address().port}/archive/`;
}

// The folding the search promises (README "Search"), for the test's own
// truth: full-width to half-width and lower case (NFKC does both for the
// characters met here), and traditional to simplified for the traditional
// characters the tests query.  Kept apart from assets/search.js and the
// index's fold table on purpose: a test that folded with the code under
// test could not catch that code folding wrong.
const TRAD = { 勞: '劳', 會: '会', 職: '职', 驛: '驿' };
export function fold(s) {
	return s.normalize('NFKC').toLowerCase().replace(/[勞會職驛]/g, (c) => TRAD[c]);
}

// Every article of content/, as `baokan parse` reads it: id, title, the
// issue's date, the first province, and the searchable text folded.
export function readArticles() {
	const out = [];
	for (const f of fs.readdirSync(path.join(top, 'content')).sort()) {
		if (!f.endsWith('.txt'))
			continue;
		const rec = JSON.parse(execFileSync(baokan, ['parse', path.join('content', f)],
			{ cwd: top, stdio: ['ignore', 'pipe', 'ignore'] }));
		for (const a of rec.articles)
			out.push({
				id: a.id, title: a.title, date: rec.issue.date,
				province: a.regions.length ? a.regions[0].province : null,
				text: fold([a.kicker, a.title, a.subtitle, a.summary,
					...a.body.map((b) => b.text)].filter(Boolean).join('\n')),
			});
	}
	return out;
}

// The ids of the articles holding every white-space separated term of q.
export function truth(articles, q) {
	const terms = fold(q).split(/\s+/).filter(Boolean);
	return new Set(articles.filter((a) => terms.every((t) => a.text.includes(t))).map((a) => a.id));
}

export const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

// The browsers, each with how puppeteer launches it.  CHROMIUM and FIREFOX
// name other binaries; BROWSERS=chromium (a comma list) runs fewer.
const BROWSERS = [
	{
		name: 'chromium', exe: process.env.CHROMIUM || '/usr/bin/chromium', required: true,
		package: 'chromium',
		options: (exe) => ({
			executablePath: exe, headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
				'--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
		}),
	},
	{
		// puppeteer gives Firefox a fresh temporary profile with updates,
		// telemetry and the other background traffic turned off; the prefs
		// below close what is left.
		name: 'firefox', exe: process.env.FIREFOX || '/usr/bin/firefox-esr', required: false,
		package: 'firefox-esr',
		options: (exe) => ({
			browser: 'firefox', executablePath: exe, headless: true,
			extraPrefsFirefox: {
				'network.captive-portal-service.enabled': false,
				'network.connectivity-service.enabled': false,
				'browser.safebrowsing.update.enabled': false,
				'extensions.getAddons.cache.enabled': false,
				'app.normandy.enabled': false,
				'browser.region.network.url': '',
				'browser.search.update': false,
				// Whatever still reaches out (Remote Settings looks up
				// firefox.settings.services.mozilla.com despite puppeteer's
				// dummy server) is sent to a proxy that is not there, so
				// nothing leaves the machine; 127.0.0.1 is never proxied.
				'network.proxy.type': 1,
				'network.proxy.http': '127.0.0.1',
				'network.proxy.http_port': 9,
				'network.proxy.ssl': '127.0.0.1',
				'network.proxy.ssl_port': 9,
				'network.trr.mode': 5,
				// Stock Firefox keeps each file:// page in its own origin;
				// puppeteer relaxes that, which would hide what users meet.
				'security.fileuri.strict_origin_policy': true,
			},
		}),
	},
];

// Calls fn(browser, name) for every browser installed, each launched in
// turn and closed after; a missing optional browser is a skip.  A throw
// inside fn is one failure named after the browser, and the next browser
// still runs.
export async function eachBrowser(fn) {
	const only = process.env.BROWSERS ? process.env.BROWSERS.split(',') : null;
	for (const b of BROWSERS) {
		if (only && !only.includes(b.name))
			continue;
		if (!fs.existsSync(b.exe)) {
			if (b.required)
				check(false, `${b.name} is not installed at ${b.exe} (apt-get install ${b.package})`);
			else
				console.log(`skip - ${b.name} not installed (apt-get install ${b.package})`);
			continue;
		}
		let browser = null;
		try {
			browser = await puppeteer.launch(b.options(b.exe));
			await fn(browser, b.name);
		} catch (e) {
			check(false, `${b.name}: the test threw: ${e.message}`);
		} finally {
			if (browser)
				await browser.close().catch(() => {});
		}
	}
}

// A new page whose script errors, failed requests, HTTP errors and
// console errors (a CSP refusal is one) are pushed onto errors, labelled.
export async function openPage(browser, label, errors) {
	const page = await browser.newPage();
	page.setDefaultTimeout(WAIT_MS);
	// Browsers ask the host root for /favicon.ico on their own.
	const ours = (u) => !u.endsWith('/favicon.ico');
	page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
	page.on('response', (r) => {
		if (r.status() >= 400 && ours(r.url()))
			errors.push(`${label}: ${r.status()} ${r.url()}`);
	});
	page.on('requestfailed', (r) => {
		if (ours(r.url()))
			errors.push(`${label}: failed ${r.url()}`);
	});
	page.on('console', (m) => {
		if (m.type() === 'error' && ours((m.location() && m.location().url) || '') && !/favicon/.test(m.text()))
			errors.push(`${label}: console: ${m.text()}`);
	});
	return page;
}

// Waits until the search page has answered, then reads what it shows: the
// status line, the result links and the article ids they name, the marked
// text, the dates, whether a next-page link is there.
export async function results(page) {
	await page.waitForFunction(() => {
		const s = document.getElementById('status');
		return s && /找到|没有|请输入|失败/.test(s.textContent);
	}, { timeout: WAIT_MS });
	return page.evaluate(() => {
		const hrefs = Array.from(document.querySelectorAll('#results h2 a'), (a) => a.getAttribute('href'));
		return {
			status: document.getElementById('status').textContent,
			hrefs,
			ids: hrefs.map((h) => h.replace(/^.*\//, '').replace(/\.html$/, '')),
			marks: Array.from(document.querySelectorAll('#results mark'), (m) => m.textContent),
			dates: Array.from(document.querySelectorAll('#results time'), (t) => t.getAttribute('datetime')),
			next: document.querySelector('#results a[rel=next]') !== null,
		};
	});
}

// Whether the results' titles and snippets hold marks, every mark is one
// of the (folded) terms, and no text left unmarked between them still
// holds a term: the highlight is on exactly the right characters.
export function markedExactly(page, terms) {
	return page.evaluate(() => {
		const runs = [];
		const marks = [];
		for (const e of document.querySelectorAll('#results h2 a, #results .result-snippet')) {
			let run = '';
			for (const n of e.childNodes) {
				if (n.nodeName === 'MARK') {
					marks.push(n.textContent);
					runs.push(run);
					run = '';
				} else {
					run += n.textContent;
				}
			}
			runs.push(run);
		}
		return { marks, runs };
	}).then(({ marks, runs }) => marks.length > 0 &&
		marks.every((m) => terms.includes(fold(m))) &&
		runs.every((r) => terms.every((t) => !fold(r).includes(t))));
}

// Follows a link or a key press that loads another page, and returns the
// article's headline once it is there.
export async function navigate(page, act) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
	return page.$eval('h1', (h) => h.textContent.trim());
}
