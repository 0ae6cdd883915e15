/*
 * index.test.js: assets/search.js against the index gen/idx.c writes for
 * the made-up articles of tests/unit/test_idx.c (see fixture.js).
 */
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { search: S, fixtureDir, nodeStore, SKIP } = require('./fixture.js');

const FX = fixtureDir();
const OPTS = FX ? {} : { skip: SKIP };

async function loadAll(store) {
	const meta = await store.get('meta');
	const chunks = [], shards = [];

	for (let c = 0; c * meta.chunk < meta.docs; c++)
		chunks.push('docs-' + String(c).padStart(3, '0'));
	for (let s = 0; s < meta.shards; s++)
		shards.push('grams-' + String(s).padStart(3, '0'));
	await store.getAll(chunks.concat(shards));
	S.setFoldTable(meta.fold);
	return { meta, chunks, shards };
}

/* Every document as a record, for brute-force answers. */
function allDocs(store, meta) {
	const out = [];

	for (let d = 0; d < meta.docs; d++)
		out.push(store.doc(meta, d));
	return out;
}

function ask(store, q, extra) {
	return S.search(store, Object.assign(S.readParams(''), { q }, extra));
}

test('C and JS fold and split every code point alike', OPTS, async () => {
	const chars = JSON.parse(fs.readFileSync(path.join(FX, 'chars.json')));
	const store = nodeStore(FX);
	const meta = await store.get('meta');
	const fold = new Map(chars.fold.map((p) => [p[0], p[1]]));
	const nonterm = new Uint8Array(0x110000);
	let bad = [];

	S.setFoldTable(meta.fold);
	for (const [lo, hi] of chars.nonterm)
		nonterm.fill(1, lo, hi + 1);
	for (let cp = 0; cp <= 0x10ffff && bad.length < 5; cp++) {
		const want = fold.has(cp) ? fold.get(cp) : cp;
		if (S.foldCode(cp) !== want)
			bad.push('fold U+' + cp.toString(16));
		if (S.isTerm(cp) !== !nonterm[cp])
			bad.push('term U+' + cp.toString(16));
	}
	assert.deepEqual(bad, []);
	assert.ok(fold.size > 700, 'fold table came through: ' + fold.size);
	for (const [a, b, s] of chars.shard)
		assert.equal(S.shardOf(String.fromCodePoint(a) +
		    String.fromCodePoint(b), 1024), s);
});

test('the grams shards hold exactly the bigrams JS finds in the docs', OPTS,
    async () => {
	const store = nodeStore(FX);
	const { meta, shards } = await loadAll(store);
	const want = new Map(), got = new Map();

	allDocs(store, meta).forEach((r) => {
		for (const f of [r.kicker, r.title, r.subtitle, r.text])
			for (const g of S.bigrams(S.fold(f))) {
				if (!want.has(g))
					want.set(g, []);
				const v = want.get(g);
				if (v[v.length - 1] !== r.n)
					v.push(r.n);
			}
	});
	shards.forEach((name, s) => {
		/* Object.keys() puts "25" before "07": read the file's order. */
		const raw = fs.readFileSync(path.join(FX, 'search', name + '.js'),
		    'utf8');
		const keys = Array.from(raw.matchAll(/"([^"]+)":"/g), (m) => m[1]);
		assert.equal(keys.length, Object.keys(store.data[name]).length);
		assert.deepEqual(keys, keys.slice().sort((x, y) => {
			const a = Array.from(x, (c) => c.codePointAt(0));
			const b = Array.from(y, (c) => c.codePointAt(0));
			return a[0] - b[0] || a[1] - b[1];
		}), name + ' keys sorted by code point');
		for (const g of keys) {
			assert.equal(S.shardOf(g, meta.shards), s, g + ' in ' + name);
			got.set(g, S.decodePostings(store.data[name][g]));
		}
	});
	assert.ok(want.size > 100);
	assert.deepEqual(new Map([...got].sort()), new Map([...want].sort()));
});

/* Queries answered by the index, in rank order, as document ids. */
const CASES = [
	['app', {}, ['t-02', 't-07', 't-05', 't-00']],
	['ＡＰＰ', {}, ['t-02', 't-07', 't-05', 't-00']],
	['“APP”', {}, ['t-02', 't-07', 't-05', 't-00']],
	['app', { sort: 'date' }, ['t-07', 't-05', 't-02', 't-00']],
	['apps', {}, ['t-07']],
	['12351', {}, ['t-01', 't-07']],
	['0731-12351', {}, ['t-07']],
	['0731 12351', {}, ['t-07']],
	['12351热线', {}, ['t-01']],
	['热线', {}, ['t-07', 't-01']],
	['工会', {}, ['t-06', 't-01', 't-00', 't-03']],
	['工会 快递', {}, ['t-00', 't-06']],
	['app 入会', {}, ['t-05']],
	['法律援助', {}, ['t-02']],
	['一键直达', {}, ['t-02']],
	['工会律师免费', {}, ['t-01']],
	['读日报', {}, ['t-04']],
	['读⽇报', {}, ['t-04']],
	['𠮷祥', {}, ['t-04']],
	['script', {}, ['t-03']],
	['快递员王', {}, ['t-06']],
	['快递员下载', {}, ['t-00']],
	['xyz', {}, []],
	['工会夜校开设书法、摄影', {}, ['t-03']],
	['工会夜校开设书法摄影', {}, []],
	['夜', {}, ['t-03']],
	['报', {}, ['t-04']],
	['工会', { region: '湖南省' }, ['t-01', 't-03']],
	['工会', { city: '菏泽市' }, ['t-00']],
	['', { kind: 'feature' }, ['t-02', 't-03']],
	['', { from: '2025-06-01' }, ['t-07', 't-05', 't-06']],
	['', { reporter: '王芳' }, ['t-01']],
	['', { topic: 'rights', to: '2025-05-01' }, ['t-02', 't-01']],
	['', { region: '火星' }, []]
];

test('queries give exactly the documents expected, in rank order', OPTS,
    async () => {
	const store = nodeStore(FX);
	const meta = await store.get('meta');

	for (const [q, extra, ids] of CASES) {
		const r = await ask(store, q, extra);
		assert.deepEqual(r.ids.map((d) => store.doc(meta, d).id), ids,
		    JSON.stringify([q, extra]));
		assert.equal(r.total, ids.length);
	}
});

test('every query agrees with a brute-force scan of the text', OPTS,
    async () => {
	const store = nodeStore(FX);
	const { meta } = await loadAll(store);
	const docs = allDocs(store, meta);
	const words = new Set();

	/* Substrings of the documents themselves, and some that are not. */
	docs.forEach((r) => {
		const t = Array.from(r.text);
		for (let i = 0; i + 1 < t.length; i += 3)
			for (const n of [2, 3, 5, 8])
				words.add(t.slice(i, i + n).join(''));
	});
	['工会 职工', '报道', 'APP 12351', '职 工', 'ａｐｐ', '二〇二五'].forEach(
	    (w) => words.add(w));
	let n = 0;
	for (const w of words) {
		const terms = S.parseQuery(w);
		if (!terms.length)
			continue;
		const titleOnly = terms.every((t) => !t.grams.length);
		const want = docs.filter((r) => S.matchesAll(titleOnly ?
		    S.fold(r.title) : S.fold([r.kicker, r.title, r.subtitle,
		    r.text].join('\n')), terms)).map((r) => r.n);
		const res = await ask(store, w, {});
		assert.deepEqual(res.ids.slice().sort((a, b) => a - b), want, w);
		n++;
	}
	assert.ok(n > 150, n + ' queries');
});

test('snippets and titles mark the matched characters exactly', OPTS,
    async () => {
	const store = nodeStore(FX);
	const join = (ps) => ps.map((p) => (p.mark ? '[' + p.text + ']' :
	    p.text)).join('');
	let r = await ask(store, 'app', {});
	assert.equal(join(r.items[0].title), '[ＡＰＰ]上线新功能');
	assert.equal(join(r.items[0].snippet.parts),
	    '全总推出的[ＡＰＰ]新增“法律援助”栏目（试运行），职工可在线咨询。');
	r = await ask(store, '工会 快递', {});
	assert.equal(join(r.items[0].snippet.parts), '本报讯 市总[工会]在[快递]' +
	    '站点建起职工书屋，[快递]员下载[工会]APP就能借书。');
	assert.equal(join(r.items[0].title), '职工书屋走进[快递]站点');
	assert.equal(r.items[0].url, 'article/2025/03/t-00.html');
	assert.equal(r.items[0].date, '2025-03-02');
	assert.equal(r.items[0].region, '山东省 菏泽市');
	r = await ask(store, 'script', {});
	assert.ok(join(r.items[0].snippet.parts).includes(
	    '页面代码</[script]><[script]>alert(1)</[script]>'));
	r = await ask(store, '读日报', {});
	assert.equal(join(r.items[0].snippet.parts),
	    '第一行\u2028第二行，大家一起[读⽇报]。𠮷祥是个生僻字。');
});

test('a query loads only the shards and chunks it needs', OPTS, async () => {
	const loaded = [];
	const store = nodeStore(FX, loaded);
	const meta = await store.get('meta');
	const r = await ask(store, '读日报', {});
	const grams = ['读日', '日报'].map((g) => 'grams-' +
	    String(S.shardOf(g, meta.shards)).padStart(3, '0'));

	assert.equal(r.total, 1);
	assert.deepEqual(loaded.filter((x) => x.startsWith('docs-')),
	    ['docs-001']);
	assert.deepEqual(loaded.filter((x) => x.startsWith('grams-')).sort(),
	    [...new Set(grams)].sort());
	assert.ok(meta.shards > 2, 'the fixture has several shards');
});

test('an index file that fails to load rejects the search', OPTS, async () => {
	const store = nodeStore(path.join(FX, 'nowhere'));
	await assert.rejects(ask(store, '工会', {}), /cannot load/);
});
