/*
 * browser.test.js: assets/search.js in headless chromium, from file://,
 * on a bare page under the site's CSP, over the fixture index.  The page
 * is dumped with --dump-dom once the index scripts have run (virtual
 * time), so no driver library is needed.  Skips without chromium or the
 * fixture; tests/browser/ checks the built site itself.
 */
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO, search: S, fixtureDir, SKIP } = require('./fixture.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FX = fixtureDir();
const OPTS = !FX ? { skip: SKIP } : !fs.existsSync(CHROMIUM) ?
    { skip: 'no chromium at ' + CHROMIUM } : {};

function page(root, selects) {
	const sel = (name, first) => `<select id="${name}" name="${name}">` +
	    `<option value="">${first}</option>${selects[name] || ''}</select>`;
	return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">
<title>搜索</title></head><body>
<form id="search-form" action="search.html" method="get" role="search">
<input type="search" id="q" name="q">
${sel('region', '全部地区')}${sel('topic', '全部专题')}${sel('kind', '全部体裁')}
<input type="date" id="from" name="from"><input type="date" id="to" name="to">
<button type="submit">搜索</button></form>
<p id="status" role="status" aria-live="polite"></p>
<div id="results" data-root="${root}"></div>
<script src="${root}assets/search.js" defer></script>
</body></html>
`;
}

let site;

function setup() {
	if (site)
		return site;
	site = fs.mkdtempSync(path.join(os.tmpdir(), 'baokan-js-site-'));
	process.on('exit', () => fs.rmSync(site, { recursive: true, force: true }));
	fs.cpSync(path.join(FX, 'search'), path.join(site, 'search'),
	    { recursive: true });
	fs.mkdirSync(path.join(site, 'assets'));
	fs.copyFileSync(path.join(REPO, 'assets', 'search.js'),
	    path.join(site, 'assets', 'search.js'));
	fs.writeFileSync(path.join(site, 'search.html'), page('', {}));
	fs.mkdirSync(path.join(site, 'deep', 'er'), { recursive: true });
	fs.writeFileSync(path.join(site, 'deep', 'er', 'search.html'),
	    page('../../', { kind: '<option value="news">消息</option>' +
	    '<option value="feature">通讯</option>' }));
	/* A copy of the page with no index beside it. */
	fs.mkdirSync(path.join(site, 'bare', 'assets'), { recursive: true });
	fs.copyFileSync(path.join(site, 'assets', 'search.js'),
	    path.join(site, 'bare', 'assets', 'search.js'));
	fs.writeFileSync(path.join(site, 'bare', 'search.html'), page('', {}));
	return site;
}

function dump(rel, query) {
	const url = 'file://' + path.join(setup(), rel) + query;
	return execFileSync(CHROMIUM, ['--headless', '--no-sandbox',
	    '--disable-gpu', '--no-first-run', '--disable-extensions',
	    '--virtual-time-budget=5000', '--dump-dom', url],
	    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
	    timeout: 60000 });
}

const all = (html, re) => Array.from(html.matchAll(re), (m) => m[1]);
const status = (html) => (/<p id="status"[^>]*>([^<]*)<\/p>/.exec(html) ||
    [])[1];
const hrefs = (html) => all(html, /<h2 class="result-title"><a href="([^"]*)"/g);

test('file://: a query finds, ranks and marks, under the CSP', OPTS, () => {
	const h = dump('search.html', '?q=app');
	assert.equal(status(h), '找到 4 篇文章');
	assert.deepEqual(hrefs(h), ['article/2025/05/t-02.html',
	    'article/2025/07/t-07.html', 'article/2025/06/t-05.html',
	    'article/2025/03/t-00.html']);
	assert.deepEqual(all(h, /<mark>([^<]*)<\/mark>/g),
	    ['ＡＰＰ', 'ＡＰＰ', 'App', 'app', 'APP']);
	assert.match(h, /<time datetime="2025-05-01">2025-05-01<\/time> · 2025年5月1日 第2版 · 山东省 济南市/);
	/* Empty selects wait for the filters to be used (facets.js). */
	assert.match(h, /<select id="region" name="region"><option value="">全部地区<\/option><\/select>/);
});

test('file://: article text is text, never markup', OPTS, () => {
	const h = dump('search.html', '?q=script');
	assert.equal(status(h), '找到 1 篇文章');
	assert.match(h, /页面代码&lt;\/<mark>script<\/mark>&gt;&lt;<mark>script<\/mark>&gt;alert\(1\)/);
	/* Only search.js itself: index scripts are removed once loaded. */
	assert.equal(all(h, /<(script)\b/g).length, 1);
});

test('a page below the root reaches the index and links through data-root',
    OPTS, () => {
	const h = dump('deep/er/search.html', '?q=' +
	    encodeURIComponent('工会') + '&region=' + encodeURIComponent('湖南省'));
	assert.equal(status(h), '找到 2 篇文章');
	assert.deepEqual(hrefs(h), ['../../article/2025/04/t-01.html',
	    '../../article/2024/12/t-03.html']);
	/* A select that came with options keeps them. */
	assert.match(h, /<select id="kind" name="kind"><option value="">全部体裁<\/option><option value="news">消息<\/option><option value="feature">通讯<\/option><\/select>/);
});

test('filters alone browse by date; no match and one character say so', OPTS,
    () => {
	let h = dump('search.html', '?kind=feature');
	assert.equal(status(h), '找到 3 篇文章');
	assert.deepEqual(hrefs(h), ['article/2025/08/t-08.html',
	    'article/2025/05/t-02.html', 'article/2024/12/t-03.html']);
	/* The value of a filter shows in its select even before facets.js. */
	assert.match(h, /<option value="feature">feature<\/option>/);
	h = dump('search.html', '?q=xyz');
	assert.equal(status(h), '没有找到包含“xyz”的文章');
	assert.deepEqual(hrefs(h), []);
	h = dump('search.html', '?q=' + encodeURIComponent('夜'));
	assert.equal(status(h), '找到 1 篇文章');
	h = dump('search.html', '?q=' + encodeURIComponent('勞模'));
	assert.equal(status(h), '找到 2 篇文章');
	assert.deepEqual(all(h, /<mark>([^<]*)<\/mark>/g),
	    ['勞模', '勞模', '劳模', '劳模', '劳模']);
	h = dump('search.html', '');
	assert.equal(status(h), '请输入要搜索的词语。');
});

test('a missing index is reported, not shown as no results', OPTS, () => {
	const h = dump('bare/search.html', '?q=app');
	assert.match(status(h), /^搜索索引加载失败：cannot load .*meta\.js$/);
});

/*
 * Driving the page (typing, submitting, paging, going back) needs a
 * driver: playwright-core, when tests/browser has installed it.
 */
function playwright() {
	try {
		return require(path.join(REPO, 'tests', 'browser', 'node_modules',
		    'playwright-core'));
	} catch (e) {
		return null;
	}
}

const PW = playwright();
const PW_OPTS = Object.keys(OPTS).length ? OPTS : !PW ?
    { skip: 'no playwright-core in tests/browser/node_modules' } : {};

/* A synthetic index of 45 documents, written as the format says. */
function bigSite() {
	const dir = path.join(setup(), 'big');
	const n = 45, chunk = 4;
	const chars = [];
	for (let c = 0; c < 128; c++)
		chars.push(String.fromCharCode(c));
	const meta = {
		version: 3, docs: n, chunk, folder: 1000,
		shards: { u: 1, g: 1, t: 1, p: 1, f: 1 }, hot: 0, blocks: 0,
		frequent: '', fold: '', code: [40, chars.join('') + '第篇期正文'],
		dates: []
	};
	const code = S.textCode({ code: meta.code });
	const gaps = (docs) => {
		let prev = -1, out = '';
		for (const d of docs) {
			let v = d - prev - 1, t = S.DIGITS[v % 32];
			v = Math.floor(v / 32);
			while (v > 0) {
				t = S.DIGITS[32 + v % 32] + t;
				v = Math.floor(v / 32);
			}
			out += t;
			prev = d;
		}
		return out;
	};
	const chunks = [], prov = { '山东省': [], '湖南省': [] };
	for (let d = 0; d < n; d++) {
		meta.dates.push(20250101 + d, 1);
		prov[d % 3 ? '山东省' : '湖南省'].push(d);
		const c = Math.floor(d / chunk);
		chunks[c] = chunks[c] || { first: d, docs: [] };
		chunks[c].docs.push(['id' + d, 'a/' + d + '.html',
		    S.encodeText('第' + d + '篇', code), '', '',
		    S.encodeText('期', code), 1, '', S.encodeText('正文' + d, code)]);
	}
	const put = (name, v) => {
		const f = path.join(dir, 'search', name + '.js');

		fs.mkdirSync(path.dirname(f), { recursive: true });
		fs.writeFileSync(f, 'baokanSearch.add(' + JSON.stringify(name) +
		    ',' + JSON.stringify(v) + ');\n');
	};
	fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
	fs.copyFileSync(path.join(REPO, 'assets', 'search.js'),
	    path.join(dir, 'assets', 'search.js'));
	fs.writeFileSync(path.join(dir, 'search.html'), page('', {}));
	put('meta', meta);
	for (const f of 'ugtp')
		put(f + '/0/0', {});
	put('f/0/0', { 'p山东省': gaps(prov['山东省']),
	    'p湖南省': gaps(prov['湖南省']) });
	put('facets', { provinces: [['山东省', 30], ['湖南省', 15]], cities: [],
	    topics: [], kinds: [], reporters: [] });
	chunks.forEach((c, i) => put(S.fileName(meta, 'd', i), c));
	return dir;
}

test('submitting, paging and going back keep the URL and the results in step',
    PW_OPTS, async () => {
	const browser = await PW.chromium.launch({ executablePath: CHROMIUM,
	    args: ['--headless', '--no-sandbox', '--disable-gpu'] });
	const errors = [];
	try {
		const p = await browser.newPage();
		p.on('pageerror', (e) => errors.push(e.message));
		const done = () => p.waitForFunction(() =>
		    /找到|没有|请输入/.test(document.getElementById('status')
		    .textContent));
		await p.goto('file://' + path.join(setup(), 'search.html'));
		await done();
		await p.fill('#q', 'ＡＰＰ');
		await p.press('#q', 'Enter');
		await p.waitForFunction(() => /找到 4/.test(
		    document.getElementById('status').textContent));
		assert.match(p.url(), /search\.html\?q=%EF%BC%A1%EF%BC%B0%EF%BC%B0$/);
		/* Using the filters loads their choices, with counts. */
		await p.focus('#region');
		await p.waitForSelector('#region option[value="湖南省"]',
		    { state: 'attached' });
		assert.equal(await p.textContent('#region option[value="山东省"]'),
		    '山东省（4）');
		await p.selectOption('#region', '湖南省');
		await p.click('button[type=submit]');
		await p.waitForFunction(() => /找到 1 篇/.test(
		    document.getElementById('status').textContent));
		assert.match(p.url(), /region=%E6%B9%96%E5%8D%97%E7%9C%81/);
		await p.goBack();
		await p.waitForFunction(() => /找到 4/.test(
		    document.getElementById('status').textContent));
		assert.equal(await p.inputValue('#q'), 'ＡＰＰ');
		assert.equal(await p.inputValue('#region'), '');

		await p.goto('file://' + path.join(bigSite(), 'search.html') +
		    '?region=' + encodeURIComponent('山东省'));
		await done();
		assert.equal(await p.textContent('#status'), '找到 30 篇文章');
		assert.equal(await p.$$eval('#results li', (l) => l.length),
		    S.PAGE_SIZE);
		assert.equal(await p.getAttribute('a[rel=next]', 'href'),
		    '?region=%E5%B1%B1%E4%B8%9C%E7%9C%81&page=2');
		const first = await p.textContent('#results li a');
		await p.click('a[rel=next]');
		await p.waitForFunction((t) => document.querySelector(
		    '#results li a').textContent !== t, first);
		assert.match(p.url(), /&page=2$/);
		assert.equal(await p.getAttribute('#results ol', 'start'),
		    String(S.PAGE_SIZE + 1));
		assert.equal(await p.textContent('.pager-at'), '第 2 / 3 页');
		/* The pager is reachable by keyboard: links with hrefs. */
		await p.focus('a[rel=prev]');
		await p.keyboard.press('Enter');
		await p.waitForFunction((t) => document.querySelector(
		    '#results li a').textContent === t, first);
		assert.doesNotMatch(p.url(), /page=/);
	} finally {
		await browser.close();
	}
	assert.deepEqual(errors, []);
});
