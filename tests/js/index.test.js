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

/* Loads every file of the index. */
async function loadAll(store) {
	const meta = await store.get('meta');
	const names = [];

	for (let c = 0; c * meta.chunk < meta.docs; c++)
		names.push(S.fileName(meta, 'd', c));
	for (const f of 'ugtpf')
		for (let s = 0; s < meta.shards[f]; s++)
			names.push(S.fileName(meta, f, s));
	for (let h = 0; h < meta.hot; h++)
		names.push(S.fileName(meta, 'h', h));
	for (let q = 0; q < meta.blocks; q++)
		names.push(S.fileName(meta, 'q', q));
	await store.getAll(names);
	S.setFoldTable(meta.fold);
	return { meta };
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
	assert.ok(fold.size > 3500, 'fold table came through: ' + fold.size);
	for (const [a, b, c, h] of chars.hash)
		assert.equal(S.keyHash(String.fromCodePoint(a) +
		    (b ? String.fromCodePoint(b) : '') +
		    (c ? String.fromCodePoint(c) : '')), h);
	for (const [k, h] of chars.strhash)
		assert.equal(S.strHash(k), h, k);
});

/*
 * The keys of a document as the writer indexes them, worked out here from
 * the format: key to { title, pos } (pos in code points, for bigrams that
 * are not frequent and for trigrams; trigrams only when one of their
 * bigrams is frequent).
 */
function docKeys(r, frequent) {
	const keys = new Map();
	const cps = [];
	let pos = 0;

	[r.title, r.kicker, r.subtitle, r.text].forEach((f, i) => {
		for (const ch of Array.from(S.fold(f || '')))
			cps[pos++] = S.isTerm(ch.codePointAt(0)) ? ch : null;
		cps[pos++] = null;
		if (i === 0 && pos < S.TITLE_SPAN) {
			while (pos < S.TITLE_SPAN)
				cps[pos++] = null;
		}
	});
	const add = (k, p, positional) => {
		if (!keys.has(k))
			keys.set(k, { title: p < S.TITLE_SPAN, pos: [] });
		if (positional)
			keys.get(k).pos.push(p);
	};
	for (let p = 0; p < cps.length; p++) {
		const [a, b, c] = [cps[p], cps[p + 1], cps[p + 2]];
		if (!a)
			continue;
		add(a, p, false);
		if (b)
			add(a + b, p, !frequent.has(a + b));
		if (b && c && (frequent.has(a + b) || frequent.has(b + c)))
			add(a + b + c, p, true);
	}
	return keys;
}

/* The keys of the object a shard file registers, in the file's order. */
function topKeys(raw) {
	const keys = [];
	let depth = 0, i = raw.indexOf('{'), str = null;

	for (; i < raw.length; i++) {
		const ch = raw[i];
		if (str !== null) {
			if (ch === '\\')
				str += ch + raw[++i];
			else if (ch === '"') {
				if (depth === 1 && raw[i + 1] === ':')
					keys.push(JSON.parse('"' + str + '"'));
				str = null;
			} else
				str += ch;
		} else if (ch === '"')
			str = '';
		else if (ch === '{' || ch === '[')
			depth++;
		else if (ch === '}' || ch === ']')
			depth--;
	}
	return keys;
}

test('the shards hold exactly the keys, lists and positions of the docs',
    OPTS, async () => {
	const store = nodeStore(FX);
	const { meta } = await loadAll(store);
	const want = new Map(), got = new Map();
	const cps = Array.from(meta.frequent);
	const frequent = new Set();
	let blocks = 0, hot = 0;

	for (let i = 0; i < cps.length; i += 2)
		frequent.add(cps[i] + cps[i + 1]);
	assert.ok(frequent.has('工会') && frequent.has('ap'), meta.frequent);
	allDocs(store, meta).forEach((r) => {
		for (const [k, v] of docKeys(r, frequent)) {
			if (!want.has(k))
				want.set(k, []);
			want.get(k).push([r.n, v.title ? 1 : 0, v.pos.join(',')]);
		}
	});
	for (const f of 'ugt') {
		for (let s = 0; s < meta.shards[f]; s++) {
			const name = S.fileName(meta, f, s);
			/* Object.keys() puts "25" before "07": read the file's order. */
			const raw = fs.readFileSync(path.join(FX, 'search', name +
			    '.js'), 'utf8');
			const keys = topKeys(raw);
			assert.equal(keys.length, Object.keys(store.data[name]).length);
			const hs = keys.map((k) => S.keyHash(k));
			assert.deepEqual(hs, hs.slice().sort((x, y) => x - y),
			    name + ' keys in hash order');
			for (const k of keys) {
				const n = Array.from(k).length;
				assert.equal('ugt'.charAt(n - 1), f, k + ' in its family');
				assert.equal(S.shardOf(S.keyHash(k), meta.shards[f]), s,
				    k + ' in ' + name);
				const l = await S.keyList(store, meta, k);
				const v = store.data[name][k];
				hot += typeof (typeof v === 'object' ? v.d : v) === 'number';
				blocks += l.q !== undefined;
				let pos = l.docs.map(() => '');
				if (n > 1 && !(n === 2 && frequent.has(k))) {
					const idx = l.docs.map((d, i) => i);
					const dp = await S.keyPositions(store, meta, k, l, idx);
					pos = idx.map((i) => dp[i].join(','));
				} else
					assert.ok(l.p === undefined && l.q === undefined, k);
				got.set(k, l.docs.map((d, i) => [d, l.title[i], pos[i]]));
			}
		}
	}
	assert.ok(want.size > 100);
	assert.ok(hot > 0 && blocks > 0, 'the fixture has long lists and blocks');
	assert.ok([...got.keys()].some((k) => Array.from(k).length === 3),
	    'the fixture has trigrams');
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
	['工会', {}, ['t-09', 't-06', 't-01', 't-00', 't-03']],
	['工会 快递', {}, ['t-00', 't-06']],
	['app 入会', {}, ['t-05']],
	['劳模', {}, ['t-08', 't-09']],
	['勞模', {}, ['t-08', 't-09']],
	['劳模 工会', {}, ['t-09']],
	['台北', {}, ['t-08']],
	['臺北', {}, ['t-08']],
	['工会驿站', {}, ['t-09']],
	['工會驛站', {}, ['t-09']],
	['法律援助', {}, ['t-02']],
	['一键直达', {}, ['t-02']],
	['工会律师免费', {}, ['t-01']],
	['读日报', {}, ['t-04']],
	['读⽇报', {}, ['t-04']],
	['𠮷祥', {}, ['t-04']],
	['script', {}, ['t-03']],
	['快递员王', {}, ['t-06']],
	['快递员下载', {}, ['t-00']],
	['快递员下', {}, ['t-00']],
	['xyz', {}, []],
	['工会夜校开设书法、摄影', {}, ['t-03']],
	['工会夜校开设书法摄影', {}, []],
	['夜', {}, ['t-03']],
	['报', {}, ['t-04', 't-00', 't-03']],
	['工会', { region: '湖南省' }, ['t-01', 't-03']],
	['工会', { city: '菏泽市' }, ['t-09', 't-00']],
	['', { kind: 'feature' }, ['t-08', 't-02', 't-03']],
	['', { from: '2025-06-01' }, ['t-08', 't-09', 't-07', 't-05', 't-06']],
	['', { reporter: '王芳' }, ['t-01']],
	['', { topic: 'rights', to: '2025-05-01' }, ['t-02', 't-01']],
	['', { region: '火星' }, []],
	['工会', { region: '火星' }, []]
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
	['工会 职工', '报道', 'APP 12351', '职 工', 'ａｐｐ', '二〇二五',
	    '勞模風采', '全國勞模表彰', '工', '会', '5+1', '0731-'].forEach(
	    (w) => words.add(w));
	let n = 0;
	for (const w of words) {
		const terms = S.parseQuery(w);
		if (!terms.length)
			continue;
		const want = docs.filter((r) => {
			const f = S.fold([r.title, r.kicker, r.subtitle, r.text]
			    .join('\n'));
			return terms.every((t) => f.indexOf(t.text) >= 0);
		}).map((r) => r.n);
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
	const shard = (f, k) => S.fileName(meta, f, S.shardOf(S.keyHash(k),
	    meta.shards[f]));
	let r = await ask(store, '读日报', {});

	assert.equal(r.total, 1);
	assert.deepEqual(loaded.filter((x) => x.startsWith('d/')), ['d/0/1']);
	assert.deepEqual(loaded.filter((x) => /^[ugt]\//.test(x)).sort(),
	    [...new Set(['读日', '日报'].map((k) => shard('g', k)))].sort());
	assert.ok(!loaded.includes('facets'), 'the filter choices wait');
	assert.ok(meta.shards.g > 2, 'the fixture has several shards');
	assert.ok(loaded.length < 12, loaded.join(' '));

	/* A frequent bigram's list is never loaded for a phrase: its trigram is. */
	loaded.length = 0;
	r = await ask(store, '工会驿站', {});
	assert.equal(r.total, 1);
	assert.ok(loaded.includes(shard('t', '工会驿')), loaded.join(' '));
	assert.ok(!loaded.includes(shard('g', '工会')) ||
	    shard('g', '工会') === shard('g', '驿站'), loaded.join(' '));
	/* app is a trigram of frequent bigrams: its list alone answers. */
	loaded.length = 0;
	r = await ask(store, 'app', {});
	assert.equal(r.total, 4);
	assert.ok(!loaded.some((x) => /^[pq]\//.test(x)), loaded.join(' '));
});

test('an index file that fails to load rejects the search', OPTS, async () => {
	const store = nodeStore(path.join(FX, 'nowhere'));
	await assert.rejects(ask(store, '工会', {}), /cannot load/);
});
