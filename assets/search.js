/*
 * search.js: the search page of a baokan archive.
 *
 * The index (written by gen/idx_write.c, whose comment documents the
 * format) is a set of classic scripts under search/ and its numbered
 * folders that each call
 * baokanSearch.add(NAME, VALUE).  This file defines that function, loads
 * the scripts it needs by inserting <script> elements (fetch() is refused
 * on file://; no modules, no eval, no WebAssembly, no inline script), and
 * answers a query with substring semantics: a term finds every article
 * whose text holds it and only those.
 *
 *   1. Fold the query as the writer folded the text (full-width to ASCII,
 *      lower case, the fold table from meta.js: traditional characters to
 *      simplified) and split it at white space into terms that must all
 *      match (AND).
 *   2. A term of one or two characters is a key of the index, and its
 *      list is the answer.  A longer one is covered by the bigrams at
 *      offsets 0, 2, 4, ... (the last one ending at its end); the lists
 *      are intersected, and each candidate is verified with the bigrams'
 *      positions: ABCDE occurs at p when AB, CD and DE occur at p, p + 2
 *      and p + 3.  A frequent bigram (工会) has no positions: the
 *      trigram of it and the term's next character (or, at the term's
 *      end, the one before) stands in, and a trigram that is the whole
 *      term answers by its list alone.  A term with punctuation inside
 *      (0731-12351) is verified against the text itself.
 *   3. Filters come from facet lists and the date runs of meta.js; the
 *      answer is ranked (more terms in the title first, then newest) or
 *      sorted by date, and paged by PAGE_SIZE.
 *   4. Only the results shown load their docs chunk (title, text, in
 *      the text code of meta.js); the page is rendered with textContent
 *      and createElement only.  Every file loaded is kept for the next
 *      query on the page.
 *
 * The page (search.html) provides: a GET form holding input#q (name q)
 * and optionally selects or inputs named region, city, topic, kind,
 * reporter, sort and date inputs named from and to; #status; and #results
 * whose data-root attribute is the relative path to the site root ("" at
 * the root).  Empty selects are filled from the index's facets.js when
 * the filters are first used; selects that come with options keep them.
 *
 * Under Node (tests/js) the file exports its pure functions and the
 * search pipeline; nothing touches the DOM unless a document exists.
 * The language is kept to what Firefox ESR and Chromium both run.
 */
(function (global) {
	'use strict';

	/* PAGE_SIZE 10: a screenful of titles and snippets; each loads a chunk. */
	var PAGE_SIZE = 10;
	/* SNIPPET_CHARS 80: two lines of Chinese on a phone. */
	var SNIPPET_CHARS = 80;
	/* SNIPPET_BEFORE 20: context shown before the first match. */
	var SNIPPET_BEFORE = 20;
	/* MAX_TERMS 10: a pasted paragraph must not load every shard. */
	var MAX_TERMS = 10;
	/* TITLE_SPAN 64: positions under it are in the title (ngram.h). */
	var TITLE_SPAN = 64;

	var DIGITS = '0123456789abcdefghijklmnopqrstuv' +
	    'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_';
	var DIGIT_VALUE = (function () {
		var t = new Int8Array(128), i;

		for (i = 0; i < 128; i++)
			t[i] = -1;
		for (i = 0; i < DIGITS.length; i++)
			t[DIGITS.charCodeAt(i)] = i;
		return t;
	}());

	/* The same list as nonterm[] in gen/ngram.c. */
	var NONTERM = [
		[0x0080, 0x00bf], [0x00d7, 0x00d7], [0x00f7, 0x00f7],
		[0x2000, 0x2bff], [0x2e00, 0x2e7f], [0x2ff0, 0x2fff],
		[0x3000, 0x3004], [0x3008, 0x303f], [0x30fb, 0x30fb],
		[0x3200, 0x33ff], [0xd800, 0xf8ff], [0xfe00, 0xfe1f],
		[0xfe30, 0xfe6f], [0xfeff, 0xfeff], [0xff00, 0xff65],
		[0xffe0, 0xffff], [0x1f000, 0x1faff], [0xe0000, 0x10ffff]
	];

	var KIND_LABELS = {
		feature: '通讯', news: '消息', photo: '图片新闻', toc: '要目',
		continuation: '转版', other: '其他'
	};

	/* ---------------------------------------------------------------- */
	/* Folding: mirrors ngram_fold(); the table comes from meta.js.      */

	var foldMap = new Map();
	var foldTable = null;
	var foldRe = /[A-Z\uff01-\uff5e\u3000]/g;

	function hex4(c) {
		return '\\u' + ('000' + c.toString(16)).slice(-4);
	}

	/*
	 * s: meta.js "fold": per pair, from less the previous from less one,
	 * and to less from zigzagged, as numbers (ngram_fold_table()).
	 */
	function setFoldTable(s) {
		var nums, cls = '', alt = [], i, from = -1, to, z, ch;

		if (s === foldTable)
			return;
		nums = decodeNums(s || '');
		foldTable = s;
		foldMap = new Map();
		for (i = 0; i + 1 < nums.length; i += 2) {
			from += nums[i] + 1;
			z = nums[i + 1];
			to = z % 2 ? from - (z + 1) / 2 : from + z / 2;
			foldMap.set(from, to);
			ch = String.fromCodePoint(from);
			if (from > 0xffff)
				alt.push(hex4(ch.charCodeAt(0)) + hex4(ch.charCodeAt(1)));
			else
				cls += hex4(from);
		}
		foldRe = new RegExp('[A-Z\\uff01-\\uff5e\\u3000' + cls + ']' +
		    (alt.length ? '|' + alt.join('|') : ''), 'g');
	}

	/* The table in meta.js's form, from [from, to] code point pairs. */
	function encodeFold(pairs) {
		var out = '', prev = -1;

		pairs.slice().sort(function (x, y) {
			return x[0] - y[0];
		}).forEach(function (p) {
			out += encodeNum(p[0] - prev - 1) + encodeNum(p[1] >= p[0] ?
			    (p[1] - p[0]) * 2 : (p[0] - p[1]) * 2 - 1);
			prev = p[0];
		});
		return out;
	}

	/* A number in the index's digits (ngram_put_num()). */
	function encodeNum(v) {
		var s = DIGITS.charAt(v % 32);

		v = Math.floor(v / 32);
		while (v > 0) {
			s = DIGITS.charAt(32 + v % 32) + s;
			v = Math.floor(v / 32);
		}
		return s;
	}

	function foldCode(c) {
		var t;

		if (c < 0x80)
			return c >= 0x41 && c <= 0x5a ? c + 32 : c;
		if (c >= 0xff01 && c <= 0xff5e) {
			c -= 0xfee0;
			return c >= 0x41 && c <= 0x5a ? c + 32 : c;
		}
		if (c === 0x3000)
			return 0x20;
		t = foldMap.get(c);
		return t === undefined ? c : t;
	}

	function foldMatch(m) {
		return String.fromCodePoint(foldCode(m.codePointAt(0)));
	}

	/* Same length in UTF-16 as s: positions carry over. */
	function fold(s) {
		return s.replace(foldRe, foldMatch);
	}

	function isTerm(c) {
		var i;

		if (c < 0x80)
			return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) ||
			    (c >= 0x41 && c <= 0x5a);
		if (c >= 0x4e00 && c <= 0x9fff)
			return true;
		for (i = 0; i < NONTERM.length && NONTERM[i][0] <= c; i++)
			if (c <= NONTERM[i][1])
				return false;
		return true;
	}

	/* ---------------------------------------------------------------- */
	/* Queries.                                                         */

	/* The bigrams of folded text s, in order, repeats included. */
	function bigrams(s) {
		var out = [], prev = null, cps = Array.from(s), i, c;

		for (i = 0; i < cps.length; i++) {
			c = cps[i].codePointAt(0);
			if (!isTerm(c)) {
				prev = null;
				continue;
			}
			if (prev !== null)
				out.push(prev + cps[i]);
			prev = cps[i];
		}
		return out;
	}

	/*
	 * The keys that cover a run of term characters: itself when it has
	 * one or two, else the bigrams at 0, 2, 4, ... and one ending at its
	 * end; each as { key, off } with off in code points.
	 */
	function cover(cps) {
		var out = [], o;

		if (cps.length <= 2)
			return [{ key: cps.join(''), off: 0 }];
		for (o = 0; o + 2 <= cps.length; o += 2)
			out.push({ key: cps[o] + cps[o + 1], off: o });
		if (cps.length % 2)
			out.push({ key: cps[cps.length - 2] + cps[cps.length - 1],
			    off: cps.length - 2 });
		return out;
	}

	/*
	 * The terms of a query: folded, split at white space, with the
	 * punctuation at either end dropped ("“APP”" is the term app).  Each
	 * has its covering keys and how it is decided: "list" (one key, its
	 * list is the answer), "pos" (verified with positions), "text"
	 * (punctuation inside: verified against the text).
	 */
	function parseQuery(q) {
		var parts = fold(q || '').split(/[\s\u200b-\u200d\ufeff]+/);
		var terms = [], seen = {}, i, j, cps, run, keys, how, text;

		for (i = 0; i < parts.length && terms.length < MAX_TERMS; i++) {
			cps = Array.from(parts[i]);
			while (cps.length && !isTerm(cps[0].codePointAt(0)))
				cps.shift();
			while (cps.length &&
			    !isTerm(cps[cps.length - 1].codePointAt(0)))
				cps.pop();
			text = cps.join('');
			if (!cps.length || seen[text])
				continue;
			seen[text] = true;
			keys = [];
			run = [];
			how = 'list';
			for (j = 0; j <= cps.length; j++) {
				if (j < cps.length && isTerm(cps[j].codePointAt(0))) {
					run.push(cps[j]);
					continue;
				}
				if (j < cps.length)
					how = 'text';
				if (run.length)
					keys = keys.concat(cover(run));
				run = [];
			}
			if (how === 'list' && cps.length > 2)
				how = 'pos';
			terms.push({ text: text, keys: keys, how: how });
		}
		return terms;
	}

	/* Mirrors mix() in gen/ngram.c. */
	function mix(h) {
		h ^= h >>> 16;
		h = Math.imul(h, 0x85ebca6b);
		h ^= h >>> 13;
		h = Math.imul(h, 0xc2b2ae35);
		h ^= h >>> 16;
		return h >>> 0;
	}

	/* Mirrors ngram_hash(): a key of one to three code points. */
	function keyHash(key) {
		var cps = Array.from(key);
		var a = cps[0].codePointAt(0);
		var b = cps.length > 1 ? cps[1].codePointAt(0) : 0;
		var h = (Math.imul(a, 65599) + b) >>> 0;

		if (cps.length > 2)
			h = (Math.imul(h, 65599) + cps[2].codePointAt(0)) >>> 0;
		return mix(h);
	}

	/* Mirrors ngram_str_hash(). */
	function strHash(s) {
		var h = 0, cps = Array.from(s), i;

		for (i = 0; i < cps.length; i++)
			h = (Math.imul(h, 65599) + cps[i].codePointAt(0)) >>> 0;
		return mix(h);
	}

	/* Mirrors ngram_shard(): the top bits of the hash. */
	function shardOf(hash, n) {
		var bits = 0;

		while ((1 << bits) < n)
			bits++;
		return bits ? hash >>> (32 - bits) : 0;
	}

	/* The name of number n of family f: "g/0/17" (idx_name()). */
	function fileName(meta, f, n) {
		var per = meta.folder || 1000;

		return f + '/' + Math.floor(n / per) + '/' + n % per;
	}

	/* ---------------------------------------------------------------- */
	/* The text code of the docs chunks (struct code in gen/idx_int.h). */

	var SYMBOLS = ' !#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNO' +
	    'PQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~';
	var NSYM = SYMBOLS.length;
	var SYMBOL_VALUE = (function () {
		var t = new Int8Array(128), i;

		for (i = 0; i < 128; i++)
			t[i] = -1;
		for (i = 0; i < NSYM; i++)
			t[SYMBOLS.charCodeAt(i)] = i;
		return t;
	}());

	/*
	 * meta.js "code" as { single, chars: code points by rank, rank }, or
	 * null when a small archive's text is as it is.
	 */
	function textCode(meta) {
		var c = meta.code;

		if (!c)
			return null;
		if (!meta.textCode)
			meta.textCode = { single: c[0], chars: Array.from(c[1]) };
		return meta.textCode;
	}

	/* Text coded by code_put(): one or two symbols a ranked character. */
	function decodeText(s, code) {
		var out = [], i, c, v;

		if (!code)
			return s;

		for (i = 0; i < s.length; i++) {
			c = s.charCodeAt(i);
			if (c >= 128) {
				out.push(s.charAt(i));
				continue;
			}
			v = SYMBOL_VALUE[c];
			if (v < 0)
				throw new Error('bad text code ' + s.charAt(i));
			if (v >= code.single)
				v = code.single + (v - code.single) * NSYM +
				    SYMBOL_VALUE[s.charCodeAt(++i) & 127];
			out.push(code.chars[v]);
		}
		return out.join('');
	}

	/* The inverse, as code_put() writes it (tests build indexes with it). */
	function encodeText(s, code) {
		var rank, out = '', cps = Array.from(s || ''), i, r;

		if (!code)
			return s || '';
		rank = code.rank;

		if (!rank) {
			rank = code.rank = new Map();
			code.chars.forEach(function (ch, k) {
				rank.set(ch, k);
			});
		}
		for (i = 0; i < cps.length; i++) {
			r = rank.get(cps[i]);
			if (r === undefined)
				out += cps[i];
			else if (r < code.single)
				out += SYMBOLS.charAt(r);
			else
				out += SYMBOLS.charAt(code.single +
				    Math.floor((r - code.single) / NSYM)) +
				    SYMBOLS.charAt((r - code.single) % NSYM);
		}
		return out;
	}

	/* The numbers of a digit string, in order. */
	function decodeNums(s) {
		var out = [], v = 0, i, d;

		for (i = 0; i < s.length; i++) {
			d = DIGIT_VALUE[s.charCodeAt(i) & 127];
			if (d < 0 || s.charCodeAt(i) > 127)
				throw new Error('bad index digit ' + s.charAt(i));
			if (d >= 32) {
				v = v * 32 + d - 32;
				continue;
			}
			out.push(v * 32 + d);
			v = 0;
		}
		return out;
	}

	/*
	 * A key's document list: { docs, title } from gap * 2 + title numbers,
	 * or from the bitmaps "~" MEMBERS "~" TITLES, six bits a digit.
	 */
	function decodeList(s) {
		var nums, docs = [], title = [], prev = -1, i, j, v, cut;

		if (s.charAt(0) === '~') {
			cut = s.indexOf('~', 1);
			for (i = 1; i < cut; i++) {
				v = DIGIT_VALUE[s.charCodeAt(i) & 127];
				for (j = 0; j < 6; j++)
					if (v & (1 << j))
						docs.push((i - 1) * 6 + j);
			}
			for (i = 0; i < docs.length; i++) {
				v = DIGIT_VALUE[s.charCodeAt(cut + 1 + Math.floor(i / 6)) &
				    127];
				title.push(v >> (i % 6) & 1);
			}
			return { docs: docs, title: title };
		}
		nums = decodeNums(s);

		for (i = 0; i < nums.length; i++) {
			prev += Math.floor(nums[i] / 2) + 1;
			docs.push(prev);
			title.push(nums[i] % 2);
		}
		return { docs: docs, title: title };
	}

	/* A facet's document list: gap numbers. */
	function decodeGaps(s) {
		var nums = decodeNums(s), out = [], prev = -1, i;

		for (i = 0; i < nums.length; i++) {
			prev += nums[i] + 1;
			out.push(prev);
		}
		return out;
	}

	/*
	 * The positions of the documents at list indexes want (ascending),
	 * from a positions string whose first document is list index first:
	 * an object from list index to an ascending array.
	 */
	function decodePositions(s, first, want) {
		var out = {}, nums = decodeNums(s), i = 0, k = 0, at = first;
		var p, cur;

		while (k < want.length && want[k] < first)
			k++;
		while (i < nums.length && k < want.length) {
			cur = at === want[k] ? [] : null;
			p = -1;
			do {
				p += Math.floor(nums[i] / 2) + 1;
				if (cur)
					cur.push(p);
			} while (nums[i++] % 2 && i < nums.length);
			if (cur) {
				out[at] = cur;
				k++;
			}
			at++;
		}
		return out;
	}

	/* The index of x in ascending a at or after lo, or -1; galloping. */
	function seek(a, x, lo) {
		var step = 1, hi = lo, t;

		while (hi < a.length && a[hi] < x) {
			lo = hi + 1;
			hi += step;
			step *= 2;
		}
		if (hi > a.length)
			hi = a.length;
		while (lo < hi) {
			t = (lo + hi) >>> 1;
			if (a[t] < x)
				lo = t + 1;
			else
				hi = t;
		}
		return lo;
	}

	/*
	 * Ascending lists intersected: { docs, at } where at[j][i] is the
	 * index of docs[i] in lists[j].
	 */
	function intersectAll(lists) {
		var out = { docs: [], at: [] }, short = 0, from = [], i, j, x, k;

		if (!lists.length)
			return out;
		for (j = 0; j < lists.length; j++) {
			out.at.push([]);
			from.push(0);
			if (lists[j].length < lists[short].length)
				short = j;
		}
		for (i = 0; i < lists[short].length; i++) {
			x = lists[short][i];
			for (j = 0; j < lists.length; j++) {
				k = j === short ? i : seek(lists[j], x, from[j]);
				from[j] = k;
				if (k >= lists[j].length || lists[j][k] !== x)
					break;
			}
			if (j < lists.length)
				continue;
			out.docs.push(x);
			for (j = 0; j < lists.length; j++)
				out.at[j].push(from[j]);
		}
		return out;
	}

	/* Two ascending lists. */
	function intersect(a, b) {
		return intersectAll([a, b]).docs;
	}

	/*
	 * Where a term covered by keys at offsets occurs, given each key's
	 * positions in one document: the start positions, ascending.
	 */
	function phraseAt(offs, pos) {
		var out = [], i, j, p;

		for (i = 0; i < pos[0].length; i++) {
			p = pos[0][i] - offs[0];
			for (j = 1; j < offs.length; j++)
				if (pos[j].indexOf(p + offs[j]) < 0)
					break;
			if (j === offs.length)
				out.push(p);
		}
		return out;
	}

	/*
	 * The occurrences of the terms in folded that overlap start..end,
	 * sorted; overlapping ones (总工会 and 工会) merged, touching ones
	 * kept apart so each mark is one whole match.
	 */
	function ranges(folded, terms, start, end) {
		var r = [], out = [], i, k, at, last;

		for (i = 0; i < terms.length; i++) {
			k = terms[i].text;
			at = folded.indexOf(k, Math.max(0, start - k.length + 1));
			while (at >= 0 && at < end) {
				r.push([at, at + k.length]);
				at = folded.indexOf(k, at + 1);
			}
		}
		r.sort(function (x, y) {
			return x[0] - y[0] || x[1] - y[1];
		});
		for (i = 0; i < r.length; i++) {
			last = out[out.length - 1];
			if (last && r[i][0] < last[1])
				last[1] = Math.max(last[1], r[i][1]);
			else
				out.push(r[i]);
		}
		return out;
	}

	/* Slices of s from start to end, the ranges marked. */
	function parts(s, rs, start, end) {
		var out = [], at = start, i;

		for (i = 0; i < rs.length; i++) {
			if (rs[i][0] > at)
				out.push({ text: s.slice(at, rs[i][0]), mark: false });
			out.push({ text: s.slice(rs[i][0], rs[i][1]), mark: true });
			at = rs[i][1];
		}
		if (at < end)
			out.push({ text: s.slice(at, end), mark: false });
		return out;
	}

	function isLow(s, i) {
		var c = s.charCodeAt(i);

		return c >= 0xdc00 && c <= 0xdfff;
	}

	/* All of s with every occurrence of the terms marked. */
	function highlight(s, terms) {
		return parts(s, ranges(fold(s), terms, 0, s.length), 0, s.length);
	}

	/*
	 * About size characters of text around the first match (from the
	 * start when the match is in a headline only), widened so that no
	 * match is cut, every occurrence of the terms inside marked.
	 */
	function snippet(text, terms, size) {
		var f = fold(text), pos = -1, start, end, i, at, rs, s0, e0;

		size = size || SNIPPET_CHARS;
		for (i = 0; i < terms.length; i++) {
			at = f.indexOf(terms[i].text);
			if (at >= 0 && (pos < 0 || at < pos))
				pos = at;
		}
		start = pos < 0 ? 0 : Math.max(0, pos - SNIPPET_BEFORE);
		end = Math.min(text.length, start + size);
		if (end - start < size)
			start = Math.max(0, end - size);
		if (start > 0 && isLow(text, start))
			start--;
		if (end < text.length && isLow(text, end))
			end++;
		/* Until no match straddles an edge (matches may overlap). */
		do {
			s0 = start;
			e0 = end;
			rs = ranges(f, terms, start, end);
			if (rs.length) {
				start = Math.min(start, rs[0][0]);
				end = Math.max(end, rs[rs.length - 1][1]);
			}
		} while (start !== s0 || end !== e0);
		return {
			start: start,
			end: end,
			before: start > 0,
			after: end < text.length,
			parts: parts(text, rs, start, end)
		};
	}

	/*
	 * Orders document numbers: by relevance, those with more terms in
	 * their title first (miss: document to terms missing from its
	 * title), then newest; by date, newest first.  Equal dates keep
	 * document order (page 1 before page 2).
	 */
	function rank(ids, dateOf, miss, sort) {
		var date = {};

		ids.forEach(function (d) {
			date[d] = dateOf(d);
		});
		return ids.slice().sort(function (x, y) {
			if (sort !== 'date' && miss && miss[x] !== miss[y])
				return miss[x] - miss[y];
			return date[y] - date[x] || x - y;
		});
	}

	function dateNum(s) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');

		return m ? Number(m[1] + m[2] + m[3]) : 0;
	}

	function dateText(n) {
		var s = String(n);

		return n ? s.slice(0, 4) + '-' + s.slice(4, 6) + '-' + s.slice(6, 8) :
		    '';
	}

	/* Document number to YYYYMMDD, from meta.js's date runs. */
	function dater(meta) {
		var start = [], date = [], at = 0, i;

		if (meta.dateOf)
			return meta.dateOf;
		for (i = 0; i + 1 < meta.dates.length; i += 2) {
			start.push(at);
			date.push(meta.dates[i]);
			at += meta.dates[i + 1];
		}
		meta.dateOf = function (d) {
			var lo = 0, hi = start.length, m;

			while (hi - lo > 1) {
				m = (lo + hi) >>> 1;
				if (start[m] <= d)
					lo = m;
				else
					hi = m;
			}
			return start.length ? date[lo] : 0;
		};
		return meta.dateOf;
	}

	var PARAMS = ['q', 'region', 'city', 'topic', 'kind', 'reporter',
	    'from', 'to', 'sort', 'page'];
	/* Filter parameters and the letter of their facet lists (idx.c). */
	var FACETS = [['region', 'p'], ['city', 'c'], ['topic', 't'],
	    ['kind', 'k'], ['reporter', 'r']];

	function readParams(search) {
		var u = new URLSearchParams(search || ''), p = {};

		PARAMS.forEach(function (k) {
			p[k] = (u.get(k) || '').trim();
		});
		p.page = Math.max(1, parseInt(p.page, 10) || 1);
		p.sort = p.sort === 'date' ? 'date' : 'relevance';
		return p;
	}

	/* The query string for p, leaving out what is empty or default. */
	function buildQuery(p) {
		var u = new URLSearchParams();

		PARAMS.forEach(function (k) {
			var v = p[k];

			if (k === 'page' && Number(v) <= 1)
				return;
			if (k === 'sort' && v !== 'date')
				return;
			if (v !== undefined && v !== null && String(v) !== '')
				u.append(k, String(v));
		});
		return u.toString();
	}

	function hasFilters(p) {
		return ['region', 'city', 'topic', 'kind', 'reporter', 'from',
		    'to'].some(function (k) {
			return !!p[k];
		});
	}

	function own(o, k) {
		return Object.prototype.hasOwnProperty.call(o, k);
	}

	/* ---------------------------------------------------------------- */
	/* Loading: a store of registered scripts.                          */

	/*
	 * load(name, store) starts loading NAME; the script calls
	 * store.add(name, value), and the loader calls store.fail(name,
	 * error) when it cannot.
	 */
	function Store(load) {
		this.load = load;
		this.data = Object.create(null);
		this.pending = Object.create(null);
		this.docs = Object.create(null);
		this.lists = Object.create(null);
	}

	Store.prototype.add = function (name, value) {
		var w = this.pending[name];

		this.data[name] = value;
		if (w && w.resolve) {
			w.resolve(value);
			w.resolve = null;
		}
	};

	Store.prototype.fail = function (name, err) {
		var w = this.pending[name];

		if (w && w.resolve) {
			delete this.pending[name];
			w.reject(err);
		}
	};

	Store.prototype.get = function (name) {
		var w;

		if (name in this.data)
			return Promise.resolve(this.data[name]);
		if (this.pending[name])
			return this.pending[name].promise;
		w = this.pending[name] = {};
		w.promise = new Promise(function (resolve, reject) {
			w.resolve = resolve;
			w.reject = reject;
		});
		this.load(name, this);
		return w.promise;
	};

	Store.prototype.getAll = function (names) {
		var self = this;

		return Promise.all(names.map(function (n) {
			return self.get(n);
		}));
	};

	/* Document d as a record, from its loaded chunk. */
	Store.prototype.doc = function (meta, d) {
		var c, v, k, rec;

		if (this.docs[d])
			return this.docs[d];
		c = this.data[chunkName(meta, d)];
		v = c.docs[d - c.first];
		k = textCode(meta);
		rec = {
			n: d, id: v[0], url: v[1], title: decodeText(v[2], k),
			kicker: decodeText(v[3], k), subtitle: decodeText(v[4], k),
			issue: decodeText(v[5], k), page: v[6],
			region: decodeText(v[7], k), text: decodeText(v[8], k),
			date: dater(meta)(d), folded: null
		};
		this.docs[d] = rec;
		return rec;
	};

	function chunkName(meta, d) {
		return fileName(meta, 'd', Math.floor(d / meta.chunk));
	}

	function chunkNames(meta, ids) {
		var seen = {}, out = [];

		ids.forEach(function (d) {
			var n = chunkName(meta, d);

			if (!seen[n]) {
				seen[n] = true;
				out.push(n);
			}
		});
		return out;
	}

	/*
	 * A key's list: { docs, title, p, q, blocks }: p a trigram's
	 * positions string, q the first q file of its positions when they are
	 * in blocks, blocks the list index each block starts at (p and q
	 * undefined when a bigram's positions are in its p shard).  The key
	 * is in family u, g or t by its length.  An unknown key has an empty
	 * list.  Decoded once a page.
	 */
	function keyList(store, meta, key) {
		var f = 'ugt'.charAt(Array.from(key).length - 1);
		var name = fileName(meta, f, shardOf(keyHash(key), meta.shards[f]));

		if (store.lists[key])
			return Promise.resolve(store.lists[key]);
		return store.get(name).then(function (shard) {
			var v = own(shard, key) ? shard[key] : '';
			var e = typeof v === 'object' ? v : { d: v };

			return (typeof e.d === 'number' ? store.get(fileName(meta,
			    'h', e.d)) : Promise.resolve(e.d)).then(function (s) {
				var l = decodeList(s);

				l.p = e.p;
				l.q = e.q;
				l.blocks = [0].concat(e.b || []);
				store.lists[key] = l;
				return l;
			});
		});
	}

	/* meta.js "frequent" as a set of bigrams. */
	function frequentSet(meta) {
		var cps, i;

		if (!meta.frequentSet) {
			meta.frequentSet = Object.create(null);
			cps = Array.from(meta.frequent || '');
			for (i = 0; i + 1 < cps.length; i += 2)
				meta.frequentSet[cps[i] + cps[i + 1]] = true;
		}
		return meta.frequentSet;
	}

	/* The positions of a bigram or trigram at list indexes want (ascending). */
	function keyPositions(store, meta, key, list, want) {
		var names = [], firsts = [], b = 0, i;

		if (!want.length)
			return Promise.resolve({});
		if (list.p !== undefined)
			return Promise.resolve(decodePositions(list.p, 0, want));
		if (list.q === undefined)
			return store.get(fileName(meta, 'p', shardOf(keyHash(key),
			    meta.shards.p))).then(function (shard) {
				return decodePositions(own(shard, key) ? shard[key] :
				    '', 0, want);
			});
		/* Only the blocks that hold a wanted document. */
		for (i = 0; i < want.length; i++) {
			while (b + 1 < list.blocks.length &&
			    list.blocks[b + 1] <= want[i])
				b++;
			if (!names.length || firsts[firsts.length - 1] !==
			    list.blocks[b]) {
				names.push(fileName(meta, 'q', list.q + b));
				firsts.push(list.blocks[b]);
			}
		}
		return store.getAll(names).then(function (blocks) {
			var out = {};

			blocks.forEach(function (s, k) {
				var p = decodePositions(s, firsts[k], want);

				Object.keys(p).forEach(function (x) {
					out[x] = p[x];
				});
			});
			return out;
		});
	}

	/*
	 * The keys that verify a term of one run (how "pos") by positions:
	 * its covering bigrams, each frequent one (in the set frequent)
	 * replaced by the trigram of it and the next character, or at the
	 * term's end the one before.  A trigram that is the whole term is
	 * the only key.
	 */
	function positionalKeys(t, frequent) {
		var cps = Array.from(t.text), out = [], seen = {}, i, k, o, nk;

		for (i = 0; i < t.keys.length; i++) {
			k = t.keys[i];
			nk = k;
			if (frequent[k.key]) {
				o = k.off + 3 <= cps.length ? k.off : k.off - 1;
				nk = { key: cps.slice(o, o + 3).join(''), off: o };
				if (cps.length === 3)
					return [nk];
			}
			if (!seen[nk.off + ' ' + nk.key]) {
				seen[nk.off + ' ' + nk.key] = true;
				out.push(nk);
			}
		}
		return out;
	}

	/*
	 * The documents holding term t among those keep() passes: { docs,
	 * title } (title: document to 1 when the term is in its title), or
	 * for a term verified by text the candidates and title null.
	 */
	function evalTerm(store, meta, t, keep) {
		var keys = t.how === 'pos' ? positionalKeys(t, frequentSet(meta)) :
		    t.keys;
		var how = t.how === 'pos' && keys.length === 1 &&
		    keys[0].key === t.text ? 'list' : t.how;

		return evalKeys(store, meta, keys, how, keep);
	}

	function evalKeys(store, meta, keys, how, keep) {
		return Promise.all(keys.map(function (k) {
			return keyList(store, meta, k.key);
		})).then(function (lists) {
			var x = intersectAll(lists.map(function (l) {
				return l.docs;
			}));
			var idx = [], i;

			for (i = 0; i < x.docs.length; i++)
				if (keep(x.docs[i]))
					idx.push(i);
			if (how === 'text')
				return { docs: idx.map(function (j) {
					return x.docs[j];
				}), title: null };
			if (how === 'list')
				return { docs: idx.map(function (j) {
					return x.docs[j];
				}), title: idx.reduce(function (o, j) {
					o[x.docs[j]] = lists[0].title[x.at[0][j]];
					return o;
				}, {}) };
			return Promise.all(keys.map(function (k, j) {
				return keyPositions(store, meta, k.key, lists[j],
				    idx.map(function (i2) {
					return x.at[j][i2];
				}));
			})).then(function (pos) {
				var out = { docs: [], title: {} };
				var offs = keys.map(function (k) {
					return k.off;
				});

				idx.forEach(function (i2) {
					var at = phraseAt(offs, keys.map(function (k, j) {
						return pos[j][x.at[j][i2]] || [];
					}));

					if (at.length) {
						out.docs.push(x.docs[i2]);
						out.title[x.docs[i2]] = at[0] < TITLE_SPAN ?
						    1 : 0;
					}
				});
				return out;
			});
		});
	}

	/*
	 * The filter of params: { docs, keep }: docs the documents every
	 * facet filter allows (ascending), or null with no facet filter;
	 * keep(d) also checks the dates.  A value the index does not know
	 * allows nothing.
	 */
	function loadFilter(store, meta, p) {
		var keys = [], from = dateNum(p.from), to = dateNum(p.to);
		var dateOf = dater(meta);

		FACETS.forEach(function (f) {
			if (p[f[0]])
				keys.push(f[1] + p[f[0]]);
		});
		return Promise.all(keys.map(function (k) {
			return store.get(fileName(meta, 'f', shardOf(strHash(k),
			    meta.shards.f))).then(function (s) {
				return own(s, k) ? decodeGaps(s[k]) : [];
			});
		})).then(function (lists) {
			var docs = lists.length ? intersectAll(lists).docs : null;
			var mark = null;

			if (docs) {
				mark = new Uint8Array(meta.docs);
				docs.forEach(function (d) {
					mark[d] = 1;
				});
			}
			return {
				docs: docs,
				keep: function (d) {
					var v;

					if (mark && !mark[d])
						return false;
					if (!from && !to)
						return true;
					v = dateOf(d);
					return (!from || v >= from) && (!to || v <= to);
				}
			};
		});
	}

	/* Whether document d's headlines and text hold term t. */
	function verifyText(store, meta, d, t) {
		var r = store.doc(meta, d);

		if (r.folded === null)
			r.folded = fold([r.title, r.kicker, r.subtitle, r.text]
			    .join('\n'));
		return r.folded.indexOf(t.text) >= 0;
	}

	/*
	 * Answers params (as readParams() gives them) from the store.
	 * Resolves to { mode, terms, total, ids, page, pages, items }; mode
	 * is "none" (nothing asked), "browse" (filters only) or "text".
	 */
	function search(store, params) {
		return store.get('meta').then(function (meta) {
			var terms;

			setFoldTable(meta.fold);
			terms = parseQuery(params.q);
			if (!params.q && !hasFilters(params))
				return finish(store, meta, params, 'none', terms, []);
			return loadFilter(store, meta, params).then(function (f) {
				var ids = [], d;

				if (!params.q) {
					if (f.docs)
						ids = f.docs.filter(f.keep);
					else
						for (d = 0; d < meta.docs; d++)
							if (f.keep(d))
								ids.push(d);
					return finish(store, meta, params, 'browse',
					    terms, rank(ids, dater(meta), null, 'date'));
				}
				if (!terms.length)
					return finish(store, meta, params, 'text', terms,
					    []);
				return answer(store, meta, params, terms, f);
			});
		});
	}

	/* The terms' answers intersected, verified where needed, ranked. */
	function answer(store, meta, params, terms, f) {
		return Promise.all(terms.map(function (t) {
			return evalTerm(store, meta, t, f.keep);
		})).then(function (rs) {
			var ids = rs[0].docs;
			var byText = terms.some(function (t) {
				return t.how === 'text';
			});

			rs.slice(1).forEach(function (r) {
				ids = intersect(ids, r.docs);
			});
			return (byText ? store.getAll(chunkNames(meta, ids)) :
			    Promise.resolve()).then(function () {
				var miss = {};

				if (byText)
					ids = ids.filter(function (d) {
						return terms.every(function (t) {
							return t.how !== 'text' ||
							    verifyText(store, meta, d, t);
						});
					});
				ids.forEach(function (d) {
					miss[d] = 0;
					terms.forEach(function (t, i) {
						if (rs[i].title ? !rs[i].title[d] :
						    fold(store.doc(meta, d).title)
						    .indexOf(t.text) < 0)
							miss[d]++;
					});
				});
				return finish(store, meta, params, 'text', terms,
				    rank(ids, dater(meta), miss, params.sort));
			});
		});
	}

	/* Loads the chunks of the requested page and builds its items. */
	function finish(store, meta, params, mode, terms, ids) {
		var pages = Math.ceil(ids.length / PAGE_SIZE);
		var first = (params.page - 1) * PAGE_SIZE;
		var shown = ids.slice(first, first + PAGE_SIZE);

		return store.getAll(chunkNames(meta, shown)).then(function () {
			return {
				mode: mode,
				terms: terms,
				total: ids.length,
				ids: ids,
				page: params.page,
				pages: pages,
				items: shown.map(function (d) {
					var r = store.doc(meta, d);

					return {
						doc: d, id: r.id, url: r.url,
						date: dateText(r.date), issue: r.issue,
						page: r.page, region: r.region,
						title: highlight(r.title, terms),
						snippet: snippet(r.text, terms)
					};
				})
			};
		});
	}

	/* ---------------------------------------------------------------- */
	/* The page.                                                        */

	function statusText(res, p) {
		switch (res.mode) {
		case 'none':
			return '请输入要搜索的词语。';
		case 'browse':
			return res.total ? '找到 ' + res.total + ' 篇文章' :
			    '没有符合条件的文章';
		default:
			return res.total ? '找到 ' + res.total + ' 篇文章' :
			    '没有找到包含“' + p.q + '”的文章' +
			    (hasFilters(p) ? '（在所选范围内）' : '');
		}
	}

	function el(doc, tag, cls, text) {
		var e = doc.createElement(tag);

		if (cls)
			e.className = cls;
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	/* Appends parts, white space runs in the plain ones shown as one. */
	function appendParts(doc, node, ps) {
		ps.forEach(function (x) {
			if (x.mark)
				node.appendChild(el(doc, 'mark', null, x.text));
			else
				node.appendChild(doc.createTextNode(
				    x.text.replace(/\s+/g, ' ')));
		});
	}

	function resultItem(doc, it, root) {
		var li = el(doc, 'li', 'result');
		var h = el(doc, 'h2', 'result-title');
		var a = el(doc, 'a');
		var m = el(doc, 'p', 'result-meta');
		var s = el(doc, 'p', 'result-snippet');
		var bits = [];
		var t;

		a.href = root + it.url;
		if (it.title.length)
			appendParts(doc, a, it.title);
		else
			a.textContent = '（无标题）';
		h.appendChild(a);
		li.appendChild(h);
		if (it.date) {
			t = el(doc, 'time', null, it.date);
			t.setAttribute('datetime', it.date);
			m.appendChild(t);
		}
		if (it.issue)
			bits.push(it.issue);
		if (it.page && (it.issue || '').indexOf('第' + it.page + '版') < 0)
			bits.push('第' + it.page + '版');
		if (it.region)
			bits.push(it.region);
		if (bits.length)
			m.appendChild(doc.createTextNode((it.date ? ' · ' : '') +
			    bits.join(' · ')));
		li.appendChild(m);
		if (it.snippet.before)
			s.appendChild(doc.createTextNode('…'));
		appendParts(doc, s, it.snippet.parts);
		if (it.snippet.after)
			s.appendChild(doc.createTextNode('…'));
		li.appendChild(s);
		return li;
	}

	function pageLink(doc, p, page, text, rel) {
		var a = el(doc, 'a', 'pager-' + rel, text), q = {};

		Object.keys(p).forEach(function (k) {
			q[k] = p[k];
		});
		q.page = page;
		a.href = '?' + buildQuery(q);
		a.rel = rel;
		return a;
	}

	function render(doc, out, status, res, p, root) {
		var ol, nav;

		status.textContent = statusText(res, p);
		while (out.firstChild)
			out.removeChild(out.firstChild);
		if (res.items.length) {
			ol = el(doc, 'ol', 'search-results');
			ol.start = (res.page - 1) * PAGE_SIZE + 1;
			res.items.forEach(function (it) {
				ol.appendChild(resultItem(doc, it, root));
			});
			out.appendChild(ol);
		}
		if (res.pages > 1 || res.page > 1) {
			nav = el(doc, 'nav', 'pager');
			nav.setAttribute('aria-label', '翻页');
			if (res.page > 1)
				nav.appendChild(pageLink(doc, p,
				    Math.min(res.page - 1, Math.max(res.pages, 1)),
				    '上一页', 'prev'));
			nav.appendChild(el(doc, 'span', 'pager-at', '第 ' +
			    res.page + ' / ' + Math.max(res.pages, 1) + ' 页'));
			if (res.page < res.pages)
				nav.appendChild(pageLink(doc, p, res.page + 1,
				    '下一页', 'next'));
			out.appendChild(nav);
		}
	}

	/*
	 * Fills a select that came empty (or that it filled before) with
	 * options, unless options is null; sets any field to value.
	 */
	function fillField(doc, f, options, value) {
		var o, i, found = false;

		if (!f)
			return;
		if (f.tagName !== 'SELECT') {
			f.value = value || '';
			return;
		}
		if (options && (f.options.length <= 1 ||
		    f.getAttribute('data-filled'))) {
			while (f.options.length > 1)
				f.remove(1);
			if (f.options.length === 0)
				f.appendChild(el(doc, 'option', null, '全部'));
			f.options[0].value = '';
			options.forEach(function (x) {
				o = el(doc, 'option', null, x[1]);
				o.value = x[0];
				f.appendChild(o);
			});
			f.setAttribute('data-filled', '1');
		}
		for (i = 0; i < f.options.length; i++)
			found = found || f.options[i].value === (value || '');
		if (!found) {
			o = el(doc, 'option', null, value);
			o.value = value;
			f.appendChild(o);
		}
		f.value = value || '';
	}

	/* Fills the filter selects that came empty from facets.js. */
	function fillForm(doc, form, fc, p) {
		var E = form.elements;

		function counted(list) {
			return list.map(function (x) {
				return [x[0], x[0] + '（' + x[x.length - 1] + '）'];
			});
		}
		fillField(doc, E.namedItem('region'), counted(fc.provinces),
		    p.region);
		fillField(doc, E.namedItem('city'), counted(fc.cities.filter(
		    function (c) {
			return !p.region || c[1] === p.region;
		})), p.city);
		fillField(doc, E.namedItem('topic'), counted(fc.topics), p.topic);
		fillField(doc, E.namedItem('kind'), fc.kinds.map(function (k) {
			return [k[0], (KIND_LABELS[k[0]] || k[0]) + '（' + k[1] + '）'];
		}), p.kind);
		fillField(doc, E.namedItem('reporter'), counted(fc.reporters),
		    p.reporter);
	}

	/* The form's fields over the current parameters it has no field for. */
	function formParams(form, current) {
		var p = {};

		PARAMS.forEach(function (k) {
			var f = form.elements.namedItem(k);

			p[k] = f && f.value !== undefined ? String(f.value).trim() :
			    current[k];
		});
		p.page = 1;
		return p;
	}

	function scriptLoader(doc, base) {
		return function (name, store) {
			var s = doc.createElement('script');

			s.src = base + name + '.js';
			s.async = true;
			s.onload = function () {
				s.parentNode.removeChild(s);
				if (!(name in store.data))
					store.fail(name, new Error(s.src +
					    ' did not register ' + name));
			};
			s.onerror = function () {
				s.parentNode.removeChild(s);
				store.fail(name, new Error('cannot load ' + s.src));
			};
			(doc.head || doc.documentElement).appendChild(s);
		};
	}

	var active = null;

	/* What the index files call. */
	global.baokanSearch = {
		add: function (name, value) {
			if (active)
				active.add(name, value);
		}
	};

	function start(doc, win) {
		var out = doc.getElementById('results');
		var status = doc.getElementById('status');
		var q = doc.getElementById('q');
		var form = q ? q.form : null;
		var root, run, serial = 0, facets = null;

		if (!out)
			return;
		if (!status) {
			status = el(doc, 'p');
			status.id = 'status';
			out.parentNode.insertBefore(status, out);
		}
		status.setAttribute('role', 'status');
		status.setAttribute('aria-live', 'polite');
		root = out.getAttribute('data-root') || '';
		active = new Store(scriptLoader(doc, root + 'search/'));

		/* The filter choices load when the filters are first used. */
		function wantFacets() {
			if (facets || !form)
				return;
			facets = active.get('facets').then(function (fc) {
				fillForm(doc, form, fc, formParams(form,
				    readParams(win.location.search)));
				return fc;
			}, function () {
				facets = null;
			});
		}

		run = function () {
			var p = readParams(win.location.search), me = ++serial;

			if (form)
				PARAMS.forEach(function (k) {
					var f = form.elements.namedItem(k);

					/* A radio group (RadioNodeList) takes .value too. */
					if (f && k !== 'page')
						fillField(doc, f, null, p[k]);
				});
			if (p.q || hasFilters(p))
				status.textContent = '正在搜索…';
			search(active, p).then(function (res) {
				if (me === serial)
					render(doc, out, status, res, p, root);
			}, function (err) {
				if (me === serial)
					status.textContent = '搜索索引加载失败：' +
					    err.message;
			});
		};

		function go(p) {
			var qs = buildQuery(p);

			try {
				win.history.pushState(null, '', qs ? '?' + qs :
				    win.location.pathname);
			} catch (e) {
				/* file:// may refuse pushState: load the page. */
				win.location.search = qs;
				return;
			}
			run();
		}

		if (form) {
			form.addEventListener('submit', function (e) {
				e.preventDefault();
				go(formParams(form, readParams(win.location.search)));
			});
			['focusin', 'pointerdown', 'mouseover'].forEach(function (ev) {
				form.addEventListener(ev, function (e) {
					if (e.target && e.target.tagName === 'SELECT')
						wantFacets();
				});
			});
			if (form.elements.namedItem('region'))
				form.elements.namedItem('region').addEventListener(
				    'change', function () {
					var fc = active.data.facets, p;

					if (!fc)
						return;
					p = formParams(form, readParams(win.location.search));
					p.city = '';
					fillForm(doc, form, fc, p);
				});
		}
		out.addEventListener('click', function (e) {
			var a = e.target.closest ? e.target.closest('a') : null;

			if (!a || !a.parentNode || a.parentNode.className !==
			    'pager' || e.button !== 0 || e.ctrlKey ||
			    e.metaKey || e.shiftKey)
				return;
			e.preventDefault();
			go(readParams(a.search));
			win.scrollTo(0, 0);
		});
		win.addEventListener('popstate', run);
		run();
	}

	if (typeof document !== 'undefined' && typeof window !== 'undefined') {
		if (document.readyState === 'loading')
			document.addEventListener('DOMContentLoaded', function () {
				start(document, window);
			});
		else
			start(document, window);
	}

	if (typeof module !== 'undefined' && module.exports)
		module.exports = {
			PAGE_SIZE: PAGE_SIZE,
			SNIPPET_CHARS: SNIPPET_CHARS,
			TITLE_SPAN: TITLE_SPAN,
			DIGITS: DIGITS,
			setFoldTable: setFoldTable,
			encodeFold: encodeFold,
			encodeNum: encodeNum,
			foldCode: foldCode,
			fold: fold,
			isTerm: isTerm,
			bigrams: bigrams,
			cover: cover,
			parseQuery: parseQuery,
			keyHash: keyHash,
			fileName: fileName,
			textCode: textCode,
			decodeText: decodeText,
			encodeText: encodeText,
			positionalKeys: positionalKeys,
			keyList: keyList,
			keyPositions: keyPositions,
			strHash: strHash,
			shardOf: shardOf,
			decodeNums: decodeNums,
			decodeList: decodeList,
			decodeGaps: decodeGaps,
			decodePositions: decodePositions,
			intersect: intersect,
			intersectAll: intersectAll,
			phraseAt: phraseAt,
			highlight: highlight,
			snippet: snippet,
			rank: rank,
			dater: dater,
			readParams: readParams,
			buildQuery: buildQuery,
			statusText: statusText,
			Store: Store,
			search: search,
			render: render
		};
}(typeof window !== 'undefined' ? window : this));
