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
	S.setFoldTable(S.encodeFold([[0x2f47, 0x65e5], [0x2f2f, 0x5de5],
	    [0x52de, 0x52b3], [0x81fa, 0x53f0]]));
	assert.equal(S.fold('⽇报⼯会'), '日报工会');
	assert.equal(S.fold('勞模在臺北'), '劳模在台北');
	assert.equal(S.foldCode(0x2f47), 0x65e5);
	const s = 'ＡＢ⽇𠮷x勞';
	assert.equal(S.fold(s).length, s.length);
	S.setFoldTable('');
	assert.equal(S.fold('⽇报勞'), '⽇报勞');
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

test('encodeFold: from gaps and zigzag deltas, as ngram_fold_table()', () => {
	assert.equal(S.encodeFold([]), '');
	/* 0x41 - (-1) - 1 = 65 = 2 * 32 + 1, "C1"; 0x61 - 0x41 = 32, zigzag 64, "C0". */
	assert.equal(S.encodeFold([[0x41, 0x61]]), 'C1C0');
	/* to below from: 0x42 to 0x41 is -1, zigzag 1; gap 0. */
	assert.equal(S.encodeFold([[0x41, 0x61], [0x42, 0x41]]), 'C1C001');
	S.setFoldTable(S.encodeFold([[0x20bb7, 0x5409], [0x9f8d, 0x9f99]]));
	assert.equal(S.foldCode(0x20bb7), 0x5409);
	assert.equal(S.foldCode(0x9f8d), 0x9f99);
	assert.equal(S.fold('龍𠮷'), '龙吉');
	S.setFoldTable('');
});

test('cover: one or two characters are a key; longer, bigrams at 0, 2, ...', () => {
	const c = (s) => S.cover(Array.from(s)).map((k) => k.key + '@' + k.off);
	assert.deepEqual(c('工'), ['工@0']);
	assert.deepEqual(c('工会'), ['工会@0']);
	assert.deepEqual(c('总工会'), ['总工@0', '工会@1']);
	assert.deepEqual(c('工会驿站'), ['工会@0', '驿站@2']);
	assert.deepEqual(c('全国总工会'), ['全国@0', '总工@2', '工会@3']);
	assert.deepEqual(c('𠮷祥如意'), ['𠮷祥@0', '如意@2']);
});

test('parseQuery: fold, split at space, trim punctuation, dedupe', () => {
	S.setFoldTable(S.encodeFold([[0x52de, 0x52b3]]));
	const t = S.parseQuery('  “ＡＰＰ”　工会，  工会 5+1+N 夜 勞模 0731-12351 ');
	assert.deepEqual(t.map((x) => x.text),
	    ['app', '工会', '5+1+n', '夜', '劳模', '0731-12351']);
	assert.deepEqual(t.map((x) => x.how),
	    ['pos', 'list', 'text', 'list', 'list', 'text']);
	assert.deepEqual(t[0].keys.map((k) => k.key), ['ap', 'pp']);
	assert.deepEqual(t[2].keys.map((k) => k.key), ['5', '1', 'n']);
	assert.deepEqual(t[5].keys.map((k) => k.key), ['07', '31', '12', '35', '51']);
	assert.deepEqual(S.parseQuery('。，！'), []);
	/* Inner punctuation stays part of the term. */
	assert.equal(S.parseQuery('攥指成拳”让')[0].text, '攥指成拳”让');
	S.setFoldTable('');
});

/* Encoders written from the format in gen/idx.c, for the decoders. */
function num(v) {
	let s = S.DIGITS[v % 32];
	v = Math.floor(v / 32);
	while (v > 0) {
		s = S.DIGITS[32 + v % 32] + s;
		v = Math.floor(v / 32);
	}
	return s;
}

function encList(docs, title) {
	let prev = -1, out = '';
	docs.forEach((d, i) => {
		out += num((d - prev - 1) * 2 + (title[i] ? 1 : 0));
		prev = d;
	});
	return out;
}

function encGaps(docs) {
	let prev = -1, out = '';
	for (const d of docs) {
		out += num(d - prev - 1);
		prev = d;
	}
	return out;
}

/* The bitmap form of a list, as list_text() in gen/idx_write.c writes it. */
function encBitmap(docs, title) {
	const mem = new Array(Math.floor(docs[docs.length - 1] / 6) + 1).fill(0);
	const tit = new Array(Math.ceil(docs.length / 6)).fill(0);
	docs.forEach((d, i) => {
		mem[Math.floor(d / 6)] |= 1 << (d % 6);
		if (title[i])
			tit[Math.floor(i / 6)] |= 1 << (i % 6);
	});
	return '~' + mem.map((v) => S.DIGITS.charAt(v)).join('') + '~' +
	    tit.map((v) => S.DIGITS.charAt(v)).join('');
}

/* A text code over the ASCII characters and those of texts. */
function makeCode(texts, single) {
	const chars = [];
	for (let c = 0; c < 128; c++)
		chars.push(String.fromCharCode(c));
	for (const ch of new Set(Array.from(texts.join(''))))
		if (ch.codePointAt(0) >= 128)
			chars.push(ch);
	return [single, chars.join('')];
}

function encPos(lists) {
	let out = '';
	for (const ps of lists) {
		let prev = -1;
		ps.forEach((p, i) => {
			out += num((p - prev - 1) * 2 + (i < ps.length - 1 ? 1 : 0));
			prev = p;
		});
	}
	return out;
}

test('decodeNums: base-32 digits, most significant first', () => {
	assert.deepEqual(S.decodeNums(''), []);
	assert.deepEqual(S.decodeNums('0v'), [0, 31]);
	assert.deepEqual(S.decodeNums('B0BA0'), [32, 1024]);
	assert.deepEqual(S.decodeNums('D_____v'), [4294967295]);
	assert.throws(() => S.decodeNums('0!'), /bad index digit/);
	assert.throws(() => S.decodeNums('0工'), /bad index digit/);
});

test('decodeList, decodeGaps, decodePositions invert the format', () => {
	const r = rng(7);
	for (let k = 0; k < 200; k++) {
		const docs = [], title = [], pos = [];
		let d = r(3) - 1;
		for (let n = r(50); n > 0; n--) {
			d += 1 + r(k % 2 ? 3 : 100000);
			docs.push(d);
			title.push(r(2));
			const ps = [];
			let p = r(300) - 1;
			for (let m = 1 + r(4); m > 0; m--)
				ps.push(p += 1 + r(k % 3 ? 5 : 3000));
			pos.push(ps);
		}
		assert.deepEqual(S.decodeList(encList(docs, title)), { docs, title });
		if (docs.length)
			assert.deepEqual(S.decodeList(encBitmap(docs, title)),
			    { docs, title });
		assert.deepEqual(S.decodeGaps(encGaps(docs)), docs);
		const want = docs.map((x, i) => i).filter(() => r(3) === 0);
		const got = S.decodePositions(encPos(pos), 0, want);
		assert.deepEqual(Object.keys(got).map(Number), want);
		for (const i of want)
			assert.deepEqual(got[i], pos[i]);
		/* A block that starts at list index 5. */
		if (pos.length > 5) {
			const w = want.filter((i) => i >= 5);
			const b = S.decodePositions(encPos(pos.slice(5)), 5, w);
			for (const i of w)
				assert.deepEqual(b[i], pos[i]);
		}
	}
});

test('decodeList: the bitmap form, six documents a digit', () => {
	/* Documents 0, 5, 6 and 13 (bits 0 and 5 = 33 "B", 1, 2); titles on
	 * the first and the last (bits 0 and 3 = 9). */
	assert.deepEqual(S.decodeList('~B12~9'), { docs: [0, 5, 6, 13],
	    title: [1, 0, 0, 1] });
	assert.equal(encBitmap([0, 5, 6, 13], [1, 0, 0, 1]), '~B12~9');
});

test('text code: one or two symbols a ranked character, others as they are', () => {
	const meta = { code: makeCode(['工会驿站'], 40) };
	const code = S.textCode(meta);
	const samples = ['', 'abc "q" \\ </script>', '工会驿站，劳模', '𠮷祥\u2028',
	    'x\n\t工'];
	for (const t of samples)
		assert.equal(S.decodeText(S.encodeText(t, code), code), t, t);
	/* Ranked characters never appear as themselves: ! (rank 33, under
	 * single) is one symbol, 工 and 会 two. */
	const e = S.encodeText('!工会', code);
	assert.equal(e.length, 1 + 2 + 2);
	assert.ok(/^[ -~]*$/.test(e) && !/["\\]/.test(e), e);
	assert.equal(S.encodeText('劳模', code), '劳模', 'unranked: as they are');
	assert.throws(() => S.decodeText('"', code), /bad text code/);
	/* A small archive has no code: its text is as it is. */
	assert.equal(S.textCode({ code: null }), null);
	assert.equal(S.decodeText('工会 "APP"', null), '工会 "APP"');
	assert.equal(S.encodeText('工会', null), '工会');
	/* single 93: every symbol a rank of its own. */
	const one = S.textCode({ code: [93, makeCode([], 0)[1]] });
	assert.equal(S.decodeText('!', one), String.fromCharCode(1));
});

test('fileName: a thousand files a folder', () => {
	const meta = { folder: 1000 };
	assert.equal(S.fileName(meta, 'd', 0), 'd/0/0');
	assert.equal(S.fileName(meta, 'd', 999), 'd/0/999');
	assert.equal(S.fileName(meta, 'g', 12345), 'g/12/345');
});

test('positionalKeys: a frequent bigram gives way to its trigram', () => {
	const t = (q) => S.parseQuery(q)[0];
	const keys = (q, f) => S.positionalKeys(t(q), f).map((k) => k.key + '@' +
	    k.off);
	assert.deepEqual(keys('工会驿站', {}), ['工会@0', '驿站@2']);
	assert.deepEqual(keys('工会驿站', { '工会': 1 }), ['工会驿@0', '驿站@2']);
	/* At the end of the term the trigram reaches back. */
	assert.deepEqual(keys('工会驿站', { '驿站': 1 }), ['工会@0', '会驿站@1']);
	assert.deepEqual(keys('全国总工会', { '工会': 1 }),
	    ['全国@0', '总工@2', '总工会@2']);
	/* A trigram that is the whole term is the only key. */
	assert.deepEqual(keys('农民工', { '民工': 1 }), ['农民工@0']);
	assert.deepEqual(keys('农民工', { '农民': 1 }), ['农民工@0']);
});

test('intersect and intersectAll agree with plain set intersection', () => {
	const r = rng(11);
	function list(n, range) {
		const s = new Set();
		while (s.size < n)
			s.add(r(range));
		return [...s].sort((a, b) => a - b);
	}
	assert.deepEqual(S.intersect([], [1, 2]), []);
	assert.deepEqual(S.intersect([1, 3, 5], [1, 2, 3, 4, 5]), [1, 3, 5]);
	assert.deepEqual(S.intersectAll([]), { docs: [], at: [] });
	for (let k = 0; k < 300; k++) {
		const a = list(r(40), 200), b = list(r(2000), 5000), c = list(r(100), 300);
		const want = a.filter((x) => b.includes(x));
		assert.deepEqual(S.intersect(a, b), want);
		assert.deepEqual(S.intersect(b, a), want);
		const x = S.intersectAll([a, b, c]);
		assert.deepEqual(x.docs, want.filter((v) => c.includes(v)));
		x.docs.forEach((d, i) => {
			assert.equal(a[x.at[0][i]], d);
			assert.equal(b[x.at[1][i]], d);
			assert.equal(c[x.at[2][i]], d);
		});
	}
});

test('phraseAt: every covering bigram at its offset', () => {
	/* 工会驿站 covered by 工会@0 and 驿站@2. */
	assert.deepEqual(S.phraseAt([0, 2], [[256, 300, 310], [258, 320]]), [256]);
	assert.deepEqual(S.phraseAt([0, 2], [[256], [259]]), []);
	/* 全国总工会: 全国@0 总工@2 工会@3. */
	assert.deepEqual(S.phraseAt([0, 2, 3], [[10, 40], [12, 42], [13, 50]]), [10]);
	assert.deepEqual(S.phraseAt([0, 2], [[], [2]]), []);
});

test('keyHash, strHash, shardOf: top bits, spread over the shards', () => {
	const seen = new Array(16).fill(0);
	for (let a = 0x4e00; a < 0x4e00 + 400; a++)
		seen[S.shardOf(S.keyHash(String.fromCodePoint(a) + '会'), 16)]++;
	assert.ok(seen.every((n) => n > 5), seen.join(','));
	assert.equal(S.shardOf(S.keyHash('工会'), 1), 0);
	assert.equal(S.shardOf(0xffffffff, 256), 255);
	assert.equal(S.shardOf(0x20000000, 256), 32);
	assert.equal(S.shardOf(0x20000000, 8), 1);
	assert.equal(S.keyHash('𠮷祥'), S.keyHash('\ud842\udfb7祥'));
	assert.notEqual(S.keyHash('工'), S.keyHash('工会'));
	assert.notEqual(S.keyHash('工会'), S.keyHash('工会驿'));
	assert.ok(S.strHash('p山东省') >= 0 && S.strHash('p山东省') < 2 ** 32);
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
	const date = [20240101, 20250101, 20230101, 20250101, 20250101];
	const dateOf = (d) => date[d];
	const miss = { 0: 1, 1: 2, 2: 0, 3: 1, 4: 2 };
	assert.deepEqual(S.rank([0, 1, 2, 3, 4], dateOf, miss, 'relevance'),
	    [2, 3, 0, 1, 4]);
	assert.deepEqual(S.rank([0, 1, 2, 3, 4], dateOf, miss, 'date'),
	    [1, 3, 4, 0, 2]);
	assert.deepEqual(S.rank([4, 3, 1], dateOf, null, 'relevance'), [1, 3, 4]);
});

test('dater: document numbers to dates through the runs', () => {
	const f = S.dater({ dates: [20250101, 2, 20240101, 1, 20250301, 3] });
	assert.deepEqual([0, 1, 2, 3, 4, 5].map(f),
	    [20250101, 20250101, 20240101, 20250301, 20250301, 20250301]);
	assert.equal(S.dater({ dates: [] })(0), 0);
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
	const r = (mode, total, p) => S.statusText({ mode, total },
	    Object.assign({ q: '工会' }, p));
	assert.equal(r('text', 12), '找到 12 篇文章');
	assert.equal(r('text', 0), '没有找到包含“工会”的文章');
	assert.equal(r('text', 0, { region: '山东省' }),
	    '没有找到包含“工会”的文章（在所选范围内）');
	assert.equal(r('browse', 0), '没有符合条件的文章');
	assert.equal(r('browse', 3), '找到 3 篇文章');
	assert.equal(r('none', 0), '请输入要搜索的词语。');
});

test('search.js builds its DOM without HTML strings, eval, fetch or modules', () => {
	const src = fs.readFileSync(path.join(REPO, 'assets', 'search.js'),
	    'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
	for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML',
	    'document.write', 'eval(', 'new Function', 'fetch(',
	    'XMLHttpRequest', 'import(', 'import ', 'export ', 'WebAssembly',
	    'setTimeout("', '?.', '??'])
		assert.ok(!src.includes(bad), bad);
});

/*
 * A synthetic index in memory, written from the format: every fifth
 * document says 工会驿站; with frequent, 工会 is a frequent bigram, so
 * the phrase is verified through the trigram 工会驿.
 */
function memIndex(n, chunk, frequent) {
	const meta = {
		version: 3, docs: n, chunk, folder: 1000,
		shards: { u: 1, g: 1, t: 1, p: 1, f: 1 }, hot: 0, blocks: 0,
		frequent: frequent ? '工会' : '', fold: '',
		code: makeCode(['正文第篇期工会驿站'], 30), dates: []
	};
	const code = S.textCode(meta);
	const files = { meta, 'u/0/0': {}, 'g/0/0': {}, 't/0/0': {}, 'p/0/0': {},
	    'f/0/0': {} };
	const prov = { '山东省': [], '湖南省': [] }, word = [], wordPos = [];
	for (let d = 0; d < n; d++) {
		meta.dates.push(20250101 + (d % 28), 1);
		prov[d % 3 ? '山东省' : '湖南省'].push(d);
		const c = S.fileName(meta, 'd', Math.floor(d / chunk));
		files[c] = files[c] || { first: d, docs: [] };
		const text = d % 5 ? '正文' + d : '正文 工会驿站' + d;
		files[c].docs.push(['id' + d, 'a/' + d + '.html',
		    S.encodeText('第' + d + '篇', code), '', '',
		    S.encodeText('期', code), 1, '', S.encodeText(text, code)]);
		if (d % 5 === 0) {
			word.push(d);
			wordPos.push([256 + 3]);
		}
	}
	for (const p of Object.keys(prov))
		files['f/0/0']['p' + p] = encGaps(prov[p]);
	files['g/0/0']['工会'] = encList(word, word.map(() => 0));
	files['g/0/0']['驿站'] = encList(word, word.map(() => 0));
	files['p/0/0']['驿站'] = encPos(wordPos.map((ps) => ps.map((p) => p + 2)));
	if (frequent)
		files['t/0/0']['工会驿'] = { d: encList(word, word.map(() => 0)),
		    p: encPos(wordPos) };
	else
		files['p/0/0']['工会'] = encPos(wordPos);
	return { meta, files };
}

function memStore(files, loaded) {
	return new S.Store((name, st) => setImmediate(() => {
		if (loaded)
			loaded.push(name);
		if (files[name])
			st.add(name, files[name]);
		else
			st.fail(name, new Error('no ' + name));
	}));
}

test('search: browse by filter pages by PAGE_SIZE, newest first', async () => {
	const chunk = 4, { meta, files } = memIndex(45, chunk);
	const store = memStore(files);
	const all = (p) => S.search(store, Object.assign(S.readParams(''), p));
	const dateOf = S.dater(meta);

	let r = await all({ region: '山东省', page: 2 });
	assert.equal(r.mode, 'browse');
	assert.equal(r.total, 30);
	assert.equal(r.pages, Math.ceil(30 / S.PAGE_SIZE));
	assert.equal(r.items.length, S.PAGE_SIZE);
	const dates = r.ids.map(dateOf);
	assert.deepEqual(dates, dates.slice().sort((a, b) => b - a));
	assert.deepEqual(r.items.map((it) => it.doc),
	    r.ids.slice(S.PAGE_SIZE, 2 * S.PAGE_SIZE));

	r = await all({ region: '山东省', page: 9 });
	assert.equal(r.items.length, 0);
	assert.equal(r.total, 30);
	r = await all({ region: '火星' });
	assert.equal(r.total, 0);
	r = await all({ from: '2025-01-27', to: '2025-01-28' });
	assert.deepEqual(r.ids.slice().sort((a, b) => a - b), [26, 27]);
	r = await all({});
	assert.equal(r.mode, 'none');
	assert.equal(r.total, 0);

	/* Browsing loads the chunks of the page shown, no others. */
	const loaded = [];
	r = await S.search(memStore(files, loaded), Object.assign(
	    S.readParams(''), { region: '湖南省' }));
	assert.equal(r.total, 15);
	const want = new Set(r.items.map((it) => S.fileName(meta, 'd',
	    Math.floor(it.doc / chunk))));
	assert.deepEqual(loaded.filter((x) => x.startsWith('d/')).sort(),
	    [...want].sort());
	assert.equal(r.items[0].title.map((p) => p.text).join(''),
	    '第' + r.items[0].doc + '篇', 'titles decoded from the text code');
});

test('search: a phrase through positions, with a filter', async () => {
	for (const frequent of [false, true]) {
		const { files } = memIndex(45, 4, frequent);
		const loaded = [];
		const r = await S.search(memStore(files, loaded), Object.assign(
		    S.readParams(''), { q: '工会驿站', region: '湖南省' }));
		/* Multiples of 5 that are multiples of 3. */
		assert.deepEqual(r.ids.slice().sort((a, b) => a - b), [0, 15, 30]);
		assert.ok(loaded.includes('p/0/0') && loaded.includes('f/0/0'));
		/* A frequent 工会 is never looked up: its trigram stands in. */
		assert.equal(loaded.includes('t/0/0'), frequent);
		assert.deepEqual(r.items[0].snippet.parts.filter((p) => p.mark)
		    .map((p) => p.text), ['工会驿站']);
	}
});

test('search: every file loaded is kept for the next query on the page',
    async () => {
	const { files } = memIndex(45, 4);
	const loaded = [];
	const store = memStore(files, loaded);
	const ask = (q) => S.search(store, Object.assign(S.readParams(''), { q }));
	const a = await ask('工会驿站');
	const first = loaded.length;
	const b = await ask('工会驿站');
	assert.deepEqual(b.ids, a.ids);
	assert.equal(loaded.length, first, 'the same query loads nothing more');
	await ask('驿站');
	assert.equal(loaded.length, first, 'nor one whose files are loaded');
	assert.equal(new Set(loaded).size, loaded.length, 'no file twice');
});

test('search: a missing file is an error, not an empty answer', async () => {
	const { meta } = memIndex(5, 4);
	const broken = memStore({ meta });
	await assert.rejects(S.search(broken, Object.assign(S.readParams(''),
	    { q: '正文' })), /no g\/0\/0/);
});
