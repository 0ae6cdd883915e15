/*
 * search.js: the search page of a baokan archive.
 *
 * The index (written by gen/idx.c, whose comment documents the format) is
 * a set of classic scripts under search/ that each call
 * baokanSearch.add(NAME, VALUE).  This file defines that function, loads
 * the scripts it needs by inserting <script> elements (fetch() is refused
 * on file://; no modules, no eval, no inline script), and answers a query
 * with substring semantics: a term of two or more characters finds every
 * article whose text holds it and only those.
 *
 *   1. Fold the query as the writer folded the text (full-width to ASCII,
 *      lower case, the fold table from meta.js) and split it at white
 *      space into terms that must all match (AND).
 *   2. Each term's bigrams pick grams shards; the postings of its bigrams
 *      are intersected, and so are the terms' lists: the candidates.
 *   3. Every candidate is verified against its text, loaded from the
 *      docs chunks (a term of exactly two characters is its own bigram
 *      and needs no verification).  A query whose terms are all single
 *      characters has no bigrams: it searches titles only, from meta.js.
 *   4. Rank (all terms in the title first, then newest), page by 20,
 *      and render with textContent and createElement only.
 *
 * The page (search.html) provides: a GET form holding input#q (name q)
 * and optionally selects or inputs named region, city, topic, kind,
 * reporter, sort and date inputs named from and to; #status; and #results
 * whose data-root attribute is the relative path to the site root ("" at
 * the root).  Empty selects are filled from the index's facets; selects
 * that come with options (topic names, say) keep them.
 *
 * Under Node (tests/js) the file exports its pure functions and the
 * search pipeline; nothing touches the DOM unless a document exists.
 */
(function (global) {
	'use strict';

	/* PAGE_SIZE 20: one screenful of titles and snippets. */
	var PAGE_SIZE = 20;
	/* SNIPPET_CHARS 80: two lines of Chinese on a phone. */
	var SNIPPET_CHARS = 80;
	/* SNIPPET_BEFORE 20: context shown before the first match. */
	var SNIPPET_BEFORE = 20;
	/* MAX_TERMS 10: a pasted paragraph must not load every shard. */
	var MAX_TERMS = 10;
	/*
	 * MAX_GRAMS_PER_TERM 6: a long term's candidates come from six of its
	 * bigrams spread over it; verification makes the answer exact anyway.
	 */
	var MAX_GRAMS_PER_TERM = 6;

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

	/* s: code point pairs, from then to, as meta.js "fold" holds them. */
	function setFoldTable(s) {
		var cps = Array.from(s || ''), cls = '', alt = [], i, from;

		if (s === foldTable)
			return;
		foldTable = s;
		foldMap = new Map();
		for (i = 0; i + 1 < cps.length; i += 2) {
			from = cps[i].codePointAt(0);
			foldMap.set(from, cps[i + 1].codePointAt(0));
			if (from > 0xffff)
				alt.push(hex4(cps[i].charCodeAt(0)) +
				    hex4(cps[i].charCodeAt(1)));
			else
				cls += hex4(from);
		}
		foldRe = new RegExp('[A-Z\\uff01-\\uff5e\\u3000' + cls + ']' +
		    (alt.length ? '|' + alt.join('|') : ''), 'g');
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
	/* Queries and bigrams.                                             */

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

	/* n of the items of v, spread from first to last. */
	function spread(v, n) {
		var out = [], i;

		if (v.length <= n)
			return v;
		for (i = 0; i < n; i++)
			out.push(v[Math.round(i * (v.length - 1) / (n - 1))]);
		return out;
	}

	/*
	 * The terms of a query: folded, split at white space, with the
	 * punctuation at either end dropped ("“APP”" is the term app), each
	 * with the bigrams that select its candidates and whether those
	 * postings are already the answer (a term of two term characters).
	 */
	function parseQuery(q) {
		var parts = fold(q || '').split(/[\s\u200b-\u200d\ufeff]+/);
		var terms = [], seen = {}, i, cps, g, uniq;

		for (i = 0; i < parts.length && terms.length < MAX_TERMS; i++) {
			cps = Array.from(parts[i]);
			while (cps.length && !isTerm(cps[0].codePointAt(0)))
				cps.shift();
			while (cps.length &&
			    !isTerm(cps[cps.length - 1].codePointAt(0)))
				cps.pop();
			if (!cps.length || seen[cps.join('')])
				continue;
			seen[cps.join('')] = true;
			g = bigrams(cps.join(''));
			uniq = g.filter(function (x, k) {
				return g.indexOf(x) === k;
			});
			terms.push({
				text: cps.join(''),
				grams: spread(uniq, MAX_GRAMS_PER_TERM),
				exact: cps.length === 2 && g.length === 1
			});
		}
		return terms;
	}

	/* Mirrors ngram_shard(). */
	function shardOf(gram, nshards) {
		var a = gram.codePointAt(0);
		var b = gram.codePointAt(a > 0xffff ? 2 : 1);
		var h = (Math.imul(a, 65599) + b) >>> 0;

		h ^= h >>> 16;
		h = Math.imul(h, 0x85ebca6b);
		h ^= h >>> 13;
		h = Math.imul(h, 0xc2b2ae35);
		h ^= h >>> 16;
		return (h >>> 0) & (nshards - 1);
	}

	function decodePostings(s) {
		var out = [], v = 0, prev = -1, i, d;

		for (i = 0; i < s.length; i++) {
			d = DIGIT_VALUE[s.charCodeAt(i) & 127];
			if (d < 0)
				throw new Error('bad postings digit ' + s.charAt(i));
			if (d >= 32) {
				v = v * 32 + d - 32;
				continue;
			}
			prev += v * 32 + d + 1;
			out.push(prev);
			v = 0;
		}
		return out;
	}

	/* Two ascending lists; walks the shorter, gallops in the longer. */
	function intersect(a, b) {
		var out = [], lo = 0, i, hi, step, x, t;

		if (a.length > b.length) {
			t = a;
			a = b;
			b = t;
		}
		for (i = 0; i < a.length && lo < b.length; i++) {
			x = a[i];
			step = 1;
			hi = lo;
			while (hi < b.length && b[hi] < x) {
				lo = hi + 1;
				hi += step;
				step *= 2;
			}
			if (hi > b.length)
				hi = b.length;
			while (lo < hi) {
				t = (lo + hi) >>> 1;
				if (b[t] < x)
					lo = t + 1;
				else
					hi = t;
			}
			if (lo < b.length && b[lo] === x)
				out.push(x);
		}
		return out;
	}

	function pad3(n) {
		var s = String(n);

		while (s.length < 3)
			s = '0' + s;
		return s;
	}

	/* ---------------------------------------------------------------- */
	/* Verification, snippets, ranking.                                 */

	/* Whether folded text holds every term. */
	function matchesAll(folded, terms) {
		return terms.every(function (t) {
			return folded.indexOf(t.text) >= 0;
		});
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

	/* How many terms a title lacks: 0 ranks first. */
	function titleMisses(foldedTitle, terms) {
		return terms.filter(function (t) {
			return foldedTitle.indexOf(t.text) < 0;
		}).length;
	}

	/*
	 * Orders document numbers: by relevance, the documents with more
	 * terms in their title first, then newest; by date, newest first.
	 * Equal dates keep document order (page 1 before page 2).
	 */
	function rank(ids, meta, terms, sort, foldedTitle) {
		var miss = {};

		if (sort !== 'date' && terms.length)
			ids.forEach(function (d) {
				miss[d] = titleMisses(foldedTitle(d), terms);
			});
		return ids.slice().sort(function (x, y) {
			if (sort !== 'date' && terms.length && miss[x] !== miss[y])
				return miss[x] - miss[y];
			return meta.date[y] - meta.date[x] || x - y;
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

	function facetRefs(list, name) {
		var out = [];

		list.forEach(function (f, i) {
			if (f[0] === name)
				out.push(i + 1);
		});
		return out;
	}

	/*
	 * A test for document numbers from the filter parameters; a value
	 * the index does not know matches nothing.
	 */
	function makeFilter(meta, p) {
		var prov = p.region ? facetRefs(meta.provinces, p.region) : null;
		var city = p.city ? facetRefs(meta.cities, p.city) : null;
		var topic = p.topic ? facetRefs(meta.topics, p.topic) : null;
		var kind = p.kind ? facetRefs(meta.kinds, p.kind) : null;
		var rep = p.reporter ? facetRefs(meta.reporters, p.reporter) : null;
		var from = dateNum(p.from), to = dateNum(p.to);

		function any(refs, v) {
			return refs.indexOf(v) >= 0;
		}
		function some(refs, vs) {
			return vs.some(function (v) {
				return refs.indexOf(v) >= 0;
			});
		}
		return function (d) {
			return (!prov || any(prov, meta.province[d])) &&
			    (!city || any(city, meta.city[d])) &&
			    (!topic || some(topic, meta.topic[d])) &&
			    (!kind || any(kind, meta.kind[d])) &&
			    (!rep || some(rep, meta.reporter[d])) &&
			    (!from || meta.date[d] >= from) &&
			    (!to || meta.date[d] <= to);
		};
	}

	var PARAMS = ['q', 'region', 'city', 'topic', 'kind', 'reporter',
	    'from', 'to', 'sort', 'page'];

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
		this.titles = [];
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

	/* Document d as a record, from meta and its loaded chunk. */
	Store.prototype.doc = function (meta, d) {
		var c, v, rec;

		if (this.docs[d])
			return this.docs[d];
		c = this.data['docs-' + pad3(Math.floor(d / meta.chunk))];
		v = c.docs[d - c.first];
		rec = {
			n: d, id: v[0], url: v[1], kicker: v[2], subtitle: v[3],
			issue: v[4], page: v[5], region: v[6], text: v[7],
			title: meta.title[d], date: meta.date[d], folded: null
		};
		this.docs[d] = rec;
		return rec;
	};

	Store.prototype.foldedTitle = function (meta, d) {
		if (this.titles[d] === undefined)
			this.titles[d] = fold(meta.title[d]);
		return this.titles[d];
	};

	function chunkNames(meta, ids) {
		var seen = {}, out = [];

		ids.forEach(function (d) {
			var n = 'docs-' + pad3(Math.floor(d / meta.chunk));

			if (!seen[n]) {
				seen[n] = true;
				out.push(n);
			}
		});
		return out;
	}

	/* Whether document d holds every term: headlines and text. */
	function verify(store, meta, d, terms) {
		var r = store.doc(meta, d);

		if (r.folded === null)
			r.folded = fold([r.kicker, r.title, r.subtitle, r.text]
			    .join('\n'));
		return matchesAll(r.folded, terms);
	}

	/* The candidates of a query with bigrams, from the grams shards. */
	function candidates(store, meta, terms) {
		var names = [], seen = {};

		terms.forEach(function (t) {
			t.grams.forEach(function (g) {
				var n = 'grams-' + pad3(shardOf(g, meta.shards));

				if (!seen[n]) {
					seen[n] = true;
					names.push(n);
				}
			});
		});
		return store.getAll(names).then(function () {
			var out = null;

			terms.forEach(function (t) {
				t.grams.forEach(function (g) {
					var s = store.data['grams-' +
					    pad3(shardOf(g, meta.shards))];
					var p = Object.prototype.hasOwnProperty
					    .call(s, g) ? decodePostings(s[g]) : [];

					out = out === null ? p : intersect(out, p);
				});
			});
			return out || [];
		});
	}

	/*
	 * Answers params (as readParams() gives them) from the store.
	 * Resolves to { mode, terms, total, page, pages, items }; mode is
	 * "none" (nothing asked), "browse" (filters only), "text" or
	 * "title" (single characters: titles only).
	 */
	function search(store, params) {
		return store.get('meta').then(function (meta) {
			var terms, keep, ids = [], d, mode;
			var ft = function (x) {
				return store.foldedTitle(meta, x);
			};

			setFoldTable(meta.fold);
			terms = parseQuery(params.q);
			keep = makeFilter(meta, params);
			if (!params.q && !hasFilters(params))
				return finish(store, meta, params, 'none', terms, []);
			if (!params.q) {
				for (d = 0; d < meta.docs; d++)
					if (keep(d))
						ids.push(d);
				return finish(store, meta, params, 'browse', terms,
				    rank(ids, meta, terms, 'date', ft));
			}
			if (!terms.length)
				return finish(store, meta, params, 'text', terms, []);
			if (!terms.some(function (t) {
				return t.grams.length;
			})) {
				for (d = 0; d < meta.docs; d++)
					if (keep(d) && matchesAll(ft(d), terms))
						ids.push(d);
				return finish(store, meta, params, 'title', terms,
				    rank(ids, meta, terms, params.sort, ft));
			}
			mode = 'text';
			return candidates(store, meta, terms.filter(function (t) {
				return t.grams.length;
			})).then(function (cand) {
				var need;

				cand = rank(cand.filter(keep), meta, terms,
				    params.sort, ft);
				if (terms.every(function (t) {
					return t.exact;
				}))
					return finish(store, meta, params, mode,
					    terms, cand);
				/* A title with every term proves the match. */
				need = cand.filter(function (x) {
					return !matchesAll(ft(x), terms);
				});
				return store.getAll(chunkNames(meta, need))
				    .then(function () {
					return finish(store, meta, params, mode,
					    terms, cand.filter(function (x) {
						return matchesAll(ft(x), terms) ||
						    verify(store, meta, x, terms);
					}));
				});
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
		var q = p.q;

		switch (res.mode) {
		case 'none':
			return '请输入要搜索的词语。';
		case 'browse':
			return res.total ? '找到 ' + res.total + ' 篇文章' :
			    '没有符合条件的文章';
		case 'title':
			return res.total ? '找到 ' + res.total +
			    ' 篇文章（单字只搜索标题）' :
			    '没有找到标题包含“' + q + '”的文章（单字只搜索标题）';
		default:
			return res.total ? '找到 ' + res.total + ' 篇文章' :
			    '没有找到包含“' + q + '”的文章';
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

	/* Fills a select that came empty; sets any field to value. */
	function fillField(doc, f, options, value) {
		var o, i, found = false;

		if (!f)
			return;
		if (f.tagName !== 'SELECT') {
			f.value = value || '';
			return;
		}
		if (f.options.length <= 1 || f.getAttribute('data-filled')) {
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

	function fillForm(doc, form, meta, p) {
		var E = form.elements;
		var prov = p.region ? facetRefs(meta.provinces, p.region) : [];

		function counted(list) {
			return list.map(function (x) {
				return [x[0], x[0] + '（' + x[x.length - 1] + '）'];
			});
		}
		fillField(doc, E.namedItem('region'), counted(meta.provinces),
		    p.region);
		fillField(doc, E.namedItem('city'), counted(meta.cities.filter(
		    function (c) {
			return !prov.length || prov.indexOf(c[1]) >= 0;
		})), p.city);
		fillField(doc, E.namedItem('topic'), counted(meta.topics), p.topic);
		fillField(doc, E.namedItem('kind'), meta.kinds.map(function (k) {
			return [k[0], (KIND_LABELS[k[0]] || k[0]) + '（' + k[1] + '）'];
		}), p.kind);
		fillField(doc, E.namedItem('reporter'), counted(meta.reporters),
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
		var root, run, serial = 0;

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

		run = function () {
			var p = readParams(win.location.search), me = ++serial;

			if (form)
				['q', 'from', 'to', 'sort'].forEach(function (k) {
					var f = form.elements.namedItem(k);

					/* A radio group (RadioNodeList) takes .value too. */
					if (f)
						f.value = p[k];
				});
			if (p.q || hasFilters(p))
				status.textContent = '正在搜索…';
			active.get('meta').then(function (meta) {
				if (form)
					fillForm(doc, form, meta, p);
			}, function () {});
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
			if (form.elements.namedItem('region'))
				form.elements.namedItem('region').addEventListener(
				    'change', function () {
					var meta = active.data.meta, p;

					if (!meta)
						return;
					p = formParams(form, readParams(win.location.search));
					p.city = '';
					fillForm(doc, form, meta, p);
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
			DIGITS: DIGITS,
			setFoldTable: setFoldTable,
			foldCode: foldCode,
			fold: fold,
			isTerm: isTerm,
			bigrams: bigrams,
			parseQuery: parseQuery,
			shardOf: shardOf,
			decodePostings: decodePostings,
			intersect: intersect,
			matchesAll: matchesAll,
			highlight: highlight,
			snippet: snippet,
			rank: rank,
			makeFilter: makeFilter,
			readParams: readParams,
			buildQuery: buildQuery,
			statusText: statusText,
			Store: Store,
			search: search,
			render: render
		};
}(typeof window !== 'undefined' ? window : this));
