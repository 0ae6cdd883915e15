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
const { REPO, fixtureDir, SKIP } = require('./fixture.js');

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
	/* Empty selects are filled from the facets, with counts. */
	assert.match(h, /<option value="山东省">山东省（3）<\/option>/);
	assert.match(h, /<option value="feature">通讯（2）<\/option>/);
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
	assert.equal(status(h), '找到 2 篇文章');
	assert.deepEqual(hrefs(h), ['article/2025/05/t-02.html',
	    'article/2024/12/t-03.html']);
	h = dump('search.html', '?q=xyz');
	assert.equal(status(h), '没有找到包含“xyz”的文章');
	assert.deepEqual(hrefs(h), []);
	h = dump('search.html', '?q=' + encodeURIComponent('夜'));
	assert.equal(status(h), '找到 1 篇文章（单字只搜索标题）');
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
	const n = 45, chunk = 20;
	const meta = {
		version: 1, docs: n, chunk, shards: 1, fold: '',
		provinces: [['山东省', 30], ['湖南省', 15]], cities: [], topics: [],
		kinds: [['news', n]], reporters: [], date: [], province: [],
		city: [], kind: [], topic: [], reporter: [], title: []
	};
	const chunks = [];
	for (let d = 0; d < n; d++) {
		meta.date.push(20250101 + d);
		meta.province.push(d % 3 ? 1 : 2);
		meta.city.push(0);
		meta.kind.push(1);
		meta.topic.push([]);
		meta.reporter.push([]);
		meta.title.push('第' + d + '篇');
		const c = Math.floor(d / chunk);
		chunks[c] = chunks[c] || { first: d, docs: [] };
		chunks[c].docs.push(['id' + d, 'a/' + d + '.html', '', '', '期', 1,
		    '', '正文' + d]);
	}
	const put = (name, v) => fs.writeFileSync(path.join(dir, 'search',
	    name + '.js'), 'baokanSearch.add(' + JSON.stringify(name) + ',' +
	    JSON.stringify(v) + ');\n');
	fs.mkdirSync(path.join(dir, 'search'), { recursive: true });
	fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
	fs.copyFileSync(path.join(REPO, 'assets', 'search.js'),
	    path.join(dir, 'assets', 'search.js'));
	fs.writeFileSync(path.join(dir, 'search.html'), page('', {}));
	put('meta', meta);
	put('grams-000', {});
	chunks.forEach((c, i) => put('docs-' + String(i).padStart(3, '0'), c));
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
		assert.equal(await p.$$eval('#results li', (l) => l.length), 20);
		assert.equal(await p.getAttribute('a[rel=next]', 'href'),
		    '?region=%E5%B1%B1%E4%B8%9C%E7%9C%81&page=2');
		await p.click('a[rel=next]');
		await p.waitForFunction(() => document.querySelectorAll(
		    '#results li').length === 10);
		assert.match(p.url(), /&page=2$/);
		assert.equal(await p.getAttribute('#results ol', 'start'), '21');
		assert.equal(await p.textContent('.pager-at'), '第 2 / 2 页');
		assert.equal(await p.$('a[rel=next]'), null);
		/* The pager is reachable by keyboard: links with hrefs. */
		await p.focus('a[rel=prev]');
		await p.keyboard.press('Enter');
		await p.waitForFunction(() => document.querySelectorAll(
		    '#results li').length === 20);
		assert.doesNotMatch(p.url(), /page=/);
	} finally {
		await browser.close();
	}
	assert.deepEqual(errors, []);
});
