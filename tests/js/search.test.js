/*
 * search.test.js: the query logic of assets/search.js under node:test.
 * The end-to-end tests against the C writer's output are in
 * index.test.js; the browser run in browser.test.js.
 */
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, search: S } = require('./fixture.js');

/* A seeded generator, so a failing case can be run again. */
function rng(seed) {
	let x = seed >>> 0 || 1;
	return function (n) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x % n;
	};
}

function marked(parts) {
	return parts.filter((p) => p.mark).map((p) => p.text);
}

function joined(parts) {
	return parts.map((p) => (p.mark ? '[' + p.text + ']' : p.text)).join('');
}

test('fold: full-width ASCII to half-width, ASCII to lower case', () => {
	S.setFoldTable('');
	assert.equal(S.fold('ＡＰＰ'), 'app');
	assert.equal(S.fold('（１２３５１）'), '(12351)');
	assert.equal(S.fold('Hello，ＷＯＲＬＤ！'), 'hello,world!');
	assert.equal(S.fold('工会\u3000APP'), '工会 app');
	assert.equal(S.fold('中文不变。'), '中文不变。');
});

test('fold: the table from meta.js plugs in, lengths stay', () => {
	S.setFoldTable('⽇日⼯工');
	assert.equal(S.fold('⽇报⼯会'), '日报工会');
	assert.equal(S.foldCode(0x2f47), 0x65e5);
	const s = 'ＡＢ⽇𠮷x';
	assert.equal(S.fold(s).length, s.length);
	S.setFoldTable('');
	assert.equal(S.fold('⽇报'), '⽇报');
});

test('term characters: letters, digits, ideographs; not punctuation', () => {
	for (const c of ['a', '9', '工', '〇', '𠮷', 'あ', 'é'])
		assert.ok(S.isTerm(c.codePointAt(0)), c);
	for (const c of [' ', ',', '-', '。', '，', '“', '》', '·', '\u2028',
	    '\ufffd', '①', '😀'])
		assert.ok(!S.isTerm(c.codePointAt(0)), c);
});

test('bigrams: adjacent term characters, broken by punctuation', () => {
	assert.deepEqual(S.bigrams('工会app'), ['工会', '会a', 'ap', 'pp']);
	assert.deepEqual(S.bigrams('工，会 工会'), ['工会']);
	assert.deepEqual(S.bigrams('𠮷祥如意'), ['𠮷祥', '祥如', '如意']);
	assert.deepEqual(S.bigrams('5+1+n'), []);
});

test('parseQuery: fold, split at space, trim punctuation, dedupe', () => {
	S.setFoldTable('');
	const t = S.parseQuery('  “ＡＰＰ”　工会，  工会 5+1+N 夜 ');
	assert.deepEqual(t.map((x) => x.text), ['app', '工会', '5+1+n', '夜']);
	assert.deepEqual(t[0].grams, ['ap', 'pp']);
	assert.equal(t[0].exact, false);
	assert.equal(t[1].exact, true, 'a two-character term is its own bigram');
	assert.deepEqual(t[2].grams, []);
	assert.deepEqual(t[3].grams, []);
	assert.deepEqual(S.parseQuery('。，！'), []);
	assert.deepEqual(S.parseQuery('工会工会')[0].grams, ['工会', '会工']);
	/* Inner punctuation stays part of the term. */
	assert.equal(S.parseQuery('攥指成拳”让')[0].text, '攥指成拳”让');
});

test('parseQuery: a long term keeps at most six bigrams, first and last', () => {
	const g = S.parseQuery('构建多元协同劳动法律监督机制')[0].grams;
	assert.equal(g.length, 6);
	assert.equal(g[0], '构建');
	assert.equal(g[5], '机制');
});

test('decodePostings: base-32 digits, gaps minus one', () => {
	assert.deepEqual(S.decodePostings(''), []);
	assert.deepEqual(S.decodePostings('0'), [0]);
	assert.deepEqual(S.decodePostings('001'), [0, 1, 3]);
	assert.deepEqual(S.decodePostings('B0'), [32]);
	assert.deepEqual(S.decodePostings('v0'), [31, 32]);
	assert.deepEqual(S.decodePostings('BA0'), [1024]);
	assert.deepEqual(S.decodePostings('D_____v'), [4294967295]);
	assert.throws(() => S.decodePostings('0!'), /bad postings digit/);
});

test('decodePostings inverts an encoder written from the format', () => {
	const r = rng(7);
	function enc(ids) {
		let prev = -1, out = '';
		for (const d of ids) {
			let v = d - prev - 1, s = S.DIGITS[v % 32];
			prev = d;
			v = Math.floor(v / 32);
			while (v > 0) {
				s = S.DIGITS[32 + v % 32] + s;
				v = Math.floor(v / 32);
			}
			out += s;
		}
		return out;
	}
	for (let k = 0; k < 200; k++) {
		const ids = [];
		let d = r(3) - 1;
		for (let n = r(50); n > 0; n--) {
			d += 1 + r(k % 2 ? 3 : 100000);
			ids.push(d);
		}
		assert.deepEqual(S.decodePostings(enc(ids)), ids);
	}
});

test('intersect agrees with a plain set intersection', () => {
	const r = rng(11);
	function list(n, range) {
		const s = new Set();
		while (s.size < n)
			s.add(r(range));
		return [...s].sort((a, b) => a - b);
	}
	assert.deepEqual(S.intersect([], [1, 2]), []);
	assert.deepEqual(S.intersect([1, 3, 5], [1, 2, 3, 4, 5]), [1, 3, 5]);
	for (let k = 0; k < 300; k++) {
		const a = list(r(40), 200), b = list(r(2000), 5000);
		const want = a.filter((x) => b.includes(x));
		assert.deepEqual(S.intersect(a, b), want);
		assert.deepEqual(S.intersect(b, a), want);
	}
});

test('shardOf: a power-of-two mask, spread over the shards', () => {
	const seen = new Array(16).fill(0);
	for (let a = 0x4e00; a < 0x4e00 + 400; a++)
		seen[S.shardOf(String.fromCodePoint(a) + '会', 16)]++;
	assert.ok(seen.every((n) => n > 5), seen.join(','));
	assert.equal(S.shardOf('工会', 1), 0);
	assert.equal(S.shardOf('𠮷祥', 8), S.shardOf('\ud842\udfb7祥', 8));
});

test('matchesAll: every term, substring of the folded text (AND)', () => {
	S.setFoldTable('');
	const hay = S.fold('菏泽市总工会推出ＡＰＰ，12351热线');
	const q = (s) => S.parseQuery(s);
	assert.ok(S.matchesAll(hay, q('总工会')));
	assert.ok(S.matchesAll(hay, q('app 12351 菏泽')));
	assert.ok(!S.matchesAll(hay, q('app 济南')));
	assert.ok(S.matchesAll(hay, q('工会推出app')));
	assert.ok(!S.matchesAll(hay, q('app12351')), 'the comma is in between');
	assert.ok(S.matchesAll(hay, q('推出app,12351')),
	    '， folds to , so the phrase matches');
});

test('snippet: window around the first match, marks exact', () => {
	S.setFoldTable('');
	const pre = '一二三四五六七八九十'.repeat(5);
	const text = pre + '工会推出ＡＰＰ' + '甲乙丙丁戊己庚辛壬癸'.repeat(10);
	const s = S.snippet(text, S.parseQuery('app'));
	assert.equal(s.start, 50 + 4 - 20);
	assert.equal(s.end, s.start + 80);
	assert.ok(s.before && s.after);
	assert.deepEqual(marked(s.parts), ['ＡＰＰ']);
	assert.equal(s.parts.map((p) => p.text).join(''),
	    text.slice(s.start, s.end));
	const at = text.indexOf('ＡＰＰ') - s.start;
	assert.equal(s.parts[0].text.length, at);
});

test('snippet: every occurrence of every term, overlaps merged', () => {
	S.setFoldTable('');
	const t = S.parseQuery('工会 会员');
	const s = S.snippet('全体工会会员和工会干部', t);
	assert.equal(joined(s.parts), '全体[工会][会员]和[工会]干部');
	assert.ok(!s.before && !s.after);
	const o = S.snippet('总工会下属工会', S.parseQuery('总工会 工会'));
	assert.equal(joined(o.parts), '[总工会]下属[工会]');
});

test('snippet: near the end the window slides back; no match starts it', () => {
	S.setFoldTable('');
	const text = '子'.repeat(200) + '目标';
	const s = S.snippet(text, S.parseQuery('目标'));
	assert.equal(s.end, text.length);
	assert.equal(s.start, text.length - 80);
	assert.deepEqual(marked(s.parts), ['目标']);
	assert.ok(!s.after);
	const n = S.snippet(text, S.parseQuery('标题里的词'));
	assert.equal(n.start, 0);
	assert.equal(n.end, 80);
	assert.deepEqual(marked(n.parts), []);
});

test('snippet: never splits a surrogate pair; a match cut at the edge', () => {
	S.setFoldTable('');
	const text = '𠮷'.repeat(60) + '目标' + '𠮷'.repeat(60);
	const s = S.snippet(text, S.parseQuery('目标'));
	for (const i of [s.start, s.end]) {
		const c = text.charCodeAt(i);
		assert.ok(!(c >= 0xdc00 && c <= 0xdfff), 'boundary at ' + i);
	}
	assert.deepEqual(marked(s.parts), ['目标']);
	/* An occurrence across the end widens the window: no half marks. */
	const u = '甲'.repeat(20) + '工会' + '乙'.repeat(57) + '工会' + '丙'.repeat(9);
	const v = S.snippet(u, S.parseQuery('工会'));
	assert.equal(v.end, 81);
	assert.deepEqual(marked(v.parts), ['工会', '工会']);
	/* Overlapping matches of one term chain the widening along. */
	const w = '甲'.repeat(20) + '啊啊' + '乙'.repeat(57) + '啊'.repeat(5) + '丙';
	const x = S.snippet(w, S.parseQuery('啊啊'));
	assert.deepEqual(marked(x.parts), ['啊啊', '啊啊啊啊啊']);
	assert.equal(x.end, 84);
});

test('highlight: the whole title, case and width folded', () => {
	S.setFoldTable('');
	assert.equal(joined(S.highlight('ＡＰＰ上线，app 更新', S.parseQuery('App'))),
	    '[ＡＰＰ]上线，[app] 更新');
	assert.deepEqual(S.highlight('', S.parseQuery('x')), []);
});

test('rank: title matches first, then newest; date sort ignores titles', () => {
	S.setFoldTable('');
	const meta = {
		title: ['工会新闻', '其他', '工会与职工', '职工书屋', '其他二'],
		date: [20240101, 20250101, 20230101, 20250101, 20250101]
	};
	const ft = (d) => S.fold(meta.title[d]);
	const terms = S.parseQuery('工会 职工');
	assert.deepEqual(S.rank([0, 1, 2, 3, 4], meta, terms, 'relevance', ft),
	    [2, 3, 0, 1, 4]);
	assert.deepEqual(S.rank([0, 1, 2, 3, 4], meta, terms, 'date', ft),
	    [1, 3, 4, 0, 2]);
	assert.deepEqual(S.rank([4, 3, 1], meta, [], 'relevance', ft), [1, 3, 4]);
});

test('makeFilter: names to ids, dates inclusive, unknown matches none', () => {
	const meta = {
		provinces: [['山东省', 2], ['湖南省', 1]],
		cities: [['菏泽市', 1, 1], ['长沙市', 2, 1]],
		topics: [['rights', 2]], kinds: [['news', 3]],
		reporters: [['李明', 1]],
		province: [1, 2, 1], city: [1, 2, 0], kind: [1, 1, 1],
		topic: [[1], [], [1]], reporter: [[], [1], []],
		date: [20250101, 20250301, 20250501]
	};
	const ids = (p) => [0, 1, 2].filter(S.makeFilter(meta, p));
	assert.deepEqual(ids({}), [0, 1, 2]);
	assert.deepEqual(ids({ region: '山东省' }), [0, 2]);
	assert.deepEqual(ids({ city: '长沙市' }), [1]);
	assert.deepEqual(ids({ topic: 'rights', to: '2025-03-01' }), [0]);
	assert.deepEqual(ids({ reporter: '李明' }), [1]);
	assert.deepEqual(ids({ from: '2025-03-01', to: '2025-05-01' }), [1, 2]);
	assert.deepEqual(ids({ region: '火星' }), []);
	assert.deepEqual(ids({ from: 'garbage' }), [0, 1, 2]);
});

test('readParams and buildQuery round-trip and drop defaults', () => {
	const p = S.readParams('?q=%E5%B7%A5%E4%BC%9A+app&region=&sort=date&page=3&x=1');
	assert.equal(p.q, '工会 app');
	assert.equal(p.sort, 'date');
	assert.equal(p.page, 3);
	assert.equal(p.region, '');
	assert.equal(S.buildQuery(p), 'q=%E5%B7%A5%E4%BC%9A+app&sort=date&page=3');
	assert.deepEqual(S.readParams('?' + S.buildQuery(p)), p);
	const d = S.readParams('?page=-4&sort=bogus');
	assert.equal(d.page, 1);
	assert.equal(d.sort, 'relevance');
	assert.equal(S.buildQuery(d), '');
});

test('status lines', () => {
	const r = (mode, total) => S.statusText({ mode, total }, { q: '工会' });
	assert.equal(r('text', 12), '找到 12 篇文章');
	assert.equal(r('text', 0), '没有找到包含“工会”的文章');
	assert.equal(r('browse', 0), '没有符合条件的文章');
	assert.match(r('title', 2), /找到 2 篇文章（单字只搜索标题）/);
});

test('search.js builds its DOM without HTML strings, eval or fetch', () => {
	const src = fs.readFileSync(path.join(REPO, 'assets', 'search.js'),
	    'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
	for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML',
	    'document.write', 'eval(', 'new Function', 'fetch(',
	    'XMLHttpRequest', 'import(', 'setTimeout("'])
		assert.ok(!src.includes(bad), bad);
});

/* Paging, over a synthetic index held in memory. */
test('search: browse by filter pages by 20, newest first', async () => {
	const n = 45, chunk = 10, meta = {
		version: 1, docs: n, chunk, shards: 1, fold: '',
		provinces: [['山东省', 30], ['湖南省', 15]], cities: [],
		topics: [], kinds: [['news', n]], reporters: [],
		date: [], province: [], city: [], kind: [], topic: [],
		reporter: [], title: []
	};
	const files = { meta, 'grams-000': {} };
	for (let d = 0; d < n; d++) {
		meta.date.push(20250101 + (d % 28));
		meta.province.push(d % 3 ? 1 : 2);
		meta.city.push(0);
		meta.kind.push(1);
		meta.topic.push([]);
		meta.reporter.push([]);
		meta.title.push('第' + d + '篇');
		const c = 'docs-' + String(Math.floor(d / chunk)).padStart(3, '0');
		files[c] = files[c] || { first: d, docs: [] };
		files[c].docs.push(['id' + d, 'a/' + d + '.html', '', '', '期', 1,
		    '', '正文' + d]);
	}
	const loaded = [];
	const store = new S.Store((name, st) => setImmediate(() => {
		loaded.push(name);
		if (files[name])
			st.add(name, files[name]);
		else
			st.fail(name, new Error('no ' + name));
	}));
	const all = (p) => S.search(store, Object.assign(S.readParams(''), p));

	let r = await all({ region: '山东省', page: 2 });
	assert.equal(r.mode, 'browse');
	assert.equal(r.total, 30);
	assert.equal(r.pages, 2);
	assert.equal(r.items.length, 10);
	const dates = r.ids.map((d) => meta.date[d]);
	assert.deepEqual(dates, dates.slice().sort((a, b) => b - a));
	assert.deepEqual(r.items.map((it) => it.doc), r.ids.slice(20, 30));

	r = await all({ region: '山东省', page: 9 });
	assert.equal(r.items.length, 0);
	assert.equal(r.total, 30);

	r = await all({});
	assert.equal(r.mode, 'none');
	assert.equal(r.total, 0);

	/* Browsing loads the chunks of the page shown, no others. */
	const fresh = new S.Store((name, st) => setImmediate(() => {
		loaded.push(name);
		st.add(name, files[name]);
	}));
	loaded.length = 0;
	r = await S.search(fresh, Object.assign(S.readParams(''),
	    { region: '湖南省' }));
	assert.equal(r.total, 15);
	assert.deepEqual(loaded.slice().sort(), ['docs-000', 'docs-001',
	    'docs-002', 'docs-003', 'docs-004', 'meta'].filter((x) =>
	    x === 'meta' || r.items.some((it) =>
	    Math.floor(it.doc / chunk) === Number(x.slice(5)))));

	/* A missing shard is an error, not an empty answer. */
	const broken = new S.Store((name, st) => setImmediate(() => {
		if (name === 'meta')
			st.add(name, meta);
		else
			st.fail(name, new Error('no ' + name));
	}));
	await assert.rejects(S.search(broken, Object.assign(S.readParams(''),
	    { q: '正文' })), /no grams-000/);
});
