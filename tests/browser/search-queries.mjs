// tests/browser/search-queries.mjs: the search page of the built site in
// headless chromium (playwright-core), from file:// and over HTTP under a
// sub-path: simplified and traditional queries, several terms, a filter
// with no query, sorting by date, paging, the highlight, the no-result
// message, the keyboard, and that each result opens its article.  Every
// count is checked against the truth from scanning the parsed text of the
// sample pages, folded as the index folds.  Prints "ok - ..." lines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '..', '..');
const baokan = path.resolve(top, process.env.BAOKAN || './baokan');
const S = require(path.join(top, 'assets', 'search.js'));
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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baokan-queries-'));
const site = path.join(tmp, 'archive');
execFileSync(baokan, ['build', '--quiet', '--output', site],
	{ cwd: top, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'ignore'] });

// The fold table the index was built with, from its meta.js.
vm.runInNewContext(fs.readFileSync(path.join(site, 'search', 'meta.js'), 'utf8'),
	{ baokanSearch: { add: (n, v) => S.setFoldTable(v.fold) } });

// Every article's records, for the truth.
const articles = [];
for (const f of fs.readdirSync(path.join(top, 'content')).sort()) {
	if (!f.endsWith('.txt')) continue;
	const rec = JSON.parse(execFileSync(baokan, ['parse', path.join('content', f)], { cwd: top }));
	for (const a of rec.articles)
		articles.push({
			id: a.id, title: a.title, date: rec.issue.date,
			province: a.regions.length ? a.regions[0].province : null,
			text: S.fold([a.kicker, a.title, a.subtitle, a.summary,
				...a.body.map((b) => b.text)].filter(Boolean).join('\n')),
		});
}
// The ids of the articles holding every term of q, folded.
const truth = (q) => new Set(articles.filter((a) =>
	S.parseQuery(q).every((t) => a.text.includes(t.text))).map((a) => a.id));

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
const bases = [['file://', 'file://' + site + '/'],
	['http sub-path', `http://127.0.0.1:${server.address().port}/archive/`]];

const browser = await chromium.launch({
	executablePath: exe,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

// Waits for an answer; the status, the article ids shown, the marks, the dates.
async function results(page) {
	await page.waitForFunction(() => {
		const s = document.getElementById('status');
		return s && /找到|没有|请输入|失败/.test(s.textContent);
	}, null, { timeout: 15000 });
	return page.evaluate(() => ({
		status: document.getElementById('status').textContent,
		ids: Array.from(document.querySelectorAll('#results h2 a'), (a) =>
			a.getAttribute('href').replace(/^.*\//, '').replace(/\.html$/, '')),
		hrefs: Array.from(document.querySelectorAll('#results h2 a'), (a) => a.getAttribute('href')),
		marks: Array.from(document.querySelectorAll('#results mark'), (m) => m.textContent),
		dates: Array.from(document.querySelectorAll('#results time'), (t) => t.getAttribute('datetime')),
		next: document.querySelector('#results a[rel=next]') !== null,
	}));
}

const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const errors = [];

try {
	const multi = '工会 职工';
	const want = { simp: truth('劳模'), multi: truth(multi) };
	check(want.simp.size >= 2 && want.simp.size <= 10,
		`the sample pages hold 劳模 in ${want.simp.size} articles (one page)`);
	const byProv = new Map();
	for (const a of articles)
		if (a.province) byProv.set(a.province, (byProv.get(a.province) || 0) + 1);
	const [prov, provN] = [...byProv].sort((x, y) => y[1] - x[1])[0];
	check(want.multi.size > S.PAGE_SIZE, `"${multi}" matches ${want.multi.size} articles, more than a page`);

	for (const [how, base] of bases) {
		const page = await browser.newPage();
		page.on('pageerror', (e) => errors.push(how + ': ' + e.message));
		page.on('response', (r) => {
			if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
				errors.push(how + ': ' + r.status() + ' ' + r.url());
		});
		const go = async (qs) => {
			await page.goto(base + 'search.html?' + qs);
			return results(page);
		};

		// Simplified, then traditional characters: the same articles.
		let r = await go('q=' + encodeURIComponent('劳模'));
		check(r.status === `找到 ${want.simp.size} 篇文章` && same(new Set(r.ids), want.simp),
			`${how}: 劳模 finds exactly the ${want.simp.size} articles that hold it`);
		check(r.marks.length > 0 && r.marks.every((m) => m === '劳模'),
			`${how}: 劳模 highlighted on exactly those characters`);
		const simpIds = r.ids;
		r = await go('q=' + encodeURIComponent('勞模'));
		check(r.status === `找到 ${want.simp.size} 篇文章` && r.ids.join() === simpIds.join(),
			`${how}: traditional 勞模 finds the same articles in the same order`);
		check(r.marks.length > 0 && r.marks.every((m) => S.fold(m) === '劳模'),
			`${how}: 勞模 highlights the text's 劳模`);
		check(new URL(page.url()).searchParams.get('q') === '勞模', `${how}: the query lives in the URL`);

		// Several terms narrow; the first page, then the next.
		r = await go('q=' + encodeURIComponent(multi));
		check(r.status === `找到 ${want.multi.size} 篇文章` && r.ids.length === S.PAGE_SIZE &&
			r.ids.every((id) => want.multi.has(id)),
			`${how}: "${multi}" counts ${want.multi.size} and shows a page of them`);
		check(r.marks.length > 0 && r.marks.every((m) => m === '工会' || m === '职工'),
			`${how}: each mark is one of the terms`);
		check(r.next, `${how}: a next-page link`);
		const firstPage = r.ids;
		await page.click('#results a[rel=next]');
		await page.waitForFunction((t) => {
			const a = document.querySelector('#results h2 a');
			return a && !a.getAttribute('href').endsWith(t + '.html');
		}, firstPage[0]);
		r = await results(page);
		check(new URL(page.url()).searchParams.get('page') === '2' &&
			r.ids.every((id) => want.multi.has(id) && !firstPage.includes(id)),
			`${how}: page 2 holds the next articles`);

		// Sorted by date: newest first.
		r = await go('q=' + encodeURIComponent(multi) + '&sort=date');
		check(r.dates.length === S.PAGE_SIZE && r.dates.every((d, i) => i === 0 || r.dates[i - 1] >= d),
			`${how}: sort=date lists newest first`);
		check(await page.inputValue('#sort') === 'date', `${how}: the sort select shows date`);

		// A filter with no query browses.
		r = await go('region=' + encodeURIComponent(prov));
		check(r.status === `找到 ${provN} 篇文章` &&
			r.ids.every((id) => articles.find((a) => a.id === id).province === prov),
			`${how}: region=${prov} alone lists its ${provN} articles`);
		// A filter narrows a query.
		const wantBoth = [...want.multi].filter((id) => articles.find((a) => a.id === id).province === prov);
		r = await go('q=' + encodeURIComponent(multi) + '&region=' + encodeURIComponent(prov));
		check(r.status === `找到 ${wantBoth.length} 篇文章`,
			`${how}: "${multi}" in ${prov}: ${wantBoth.length} articles`);

		// Nothing found says so plainly.
		r = await go('q=' + encodeURIComponent('段简'));
		check(truth('段简').size === 0 && r.status === '没有找到包含“段简”的文章' && r.ids.length === 0,
			`${how}: no match says so: "${r.status}"`);

		// The keyboard: type, Enter, Tab to the first result, Enter opens it.
		await page.goto(base + 'search.html');
		await results(page);
		await page.focus('#q');
		await page.keyboard.type('劳模');
		await page.keyboard.press('Enter');
		r = await results(page);
		check(r.status === `找到 ${want.simp.size} 篇文章`, `${how}: typed query and Enter search`);
		await page.focus('#results h2 a');
		const id = r.ids[0];
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		const h1 = (await page.textContent('h1')).trim();
		check(page.url().endsWith(id + '.html') && h1 === articles.find((a) => a.id === id).title,
			`${how}: Enter on the first result opens its article ("${h1}")`);
		await page.close();
	}
	check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.slice(0, 3).join('; ') : ''));
} catch (e) {
	check(false, 'browser test threw: ' + e.message);
} finally {
	await browser.close();
	server.close();
	fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
