// tests/browser/search.mjs: the built site in headless chromium and
// firefox, opened from file:// and over HTTP under a sub-path: a longer
// term in simplified and in traditional characters finds exactly the
// articles holding it (the truth from the parsed text, lib.mjs), marked
// exactly, and a click on a result opens that article; the home page's
// search box leads to the search page; the stylesheet applies under the
// pages' CSP.  Prints "ok - BROWSER WHERE ..." lines, and leaves a
// screenshot of each browser's result page in the temporary folder
// (baokan-search-BROWSER.png) for a person to compare.
import os from 'node:os';
import path from 'node:path';
import {
	buildSite, check, eachBrowser, finish, markedExactly, navigate, openPage, readArticles, results,
	same, serve, truth,
} from './lib.mjs';

const { tmp, site } = buildSite();
const articles = readArticles();
const byId = new Map(articles.map((a) => [a.id, a]));
const base = await serve(tmp);
const bases = [['file://', 'file://' + site + '/'], ['http sub-path', base]];

const term = '工会驿站';
const trad = '工會驛站';
const want = truth(articles, term);
check(want.size >= 2 && want.size <= 10, `the sample pages hold "${term}" in ${want.size} articles (one page)`);
const wantHome = truth(articles, '劳模');

await eachBrowser(async (browser, name) => {
	const errors = [];
	for (const [where, root] of bases) {
		const how = `${name} ${where}`;
		const page = await openPage(browser, how, errors);
		// The traditional form first, so the page left is the simplified one.
		for (const q of [trad, term]) {
			await page.goto(root + 'search.html?q=' + encodeURIComponent(q));
			const r = await results(page);
			check(r.status === `找到 ${want.size} 篇文章` && same(new Set(r.ids), want),
				`${how} ${q} finds exactly the ${want.size} articles that hold ${term}`);
			check(await markedExactly(page, [term]), `${how} ${q} is highlighted exactly on ${term}`);
		}
		// The stylesheet's body rule, not the browser's default (16px,
		// a bare serif), is what the page shows.
		const css = await page.evaluate(() => {
			const s = getComputedStyle(document.body);
			return s.fontSize + ' ' + s.fontFamily;
		});
		check(/^18px .*Noto Serif CJK SC/.test(css), `${how} the stylesheet applies under the CSP`);
		const r = await results(page);
		if (r.ids.length) {
			const id = r.ids[0];
			const h1 = await navigate(page, () => page.click(`#results a[href="${r.hrefs[0]}"]`));
			check(page.url().endsWith('/' + id + '.html') && h1 === byId.get(id).title,
				`${how} a click on a result opens its article ("${h1}")`);
		} else {
			check(false, `${how} a click on a result opens its article (no result)`);
		}
		await page.close();
	}

	// From the home page's search box, over HTTP under the sub-path.
	const how = `${name} http sub-path`;
	const page = await openPage(browser, how, errors);
	await page.goto(base + 'index.html');
	check((await page.title()).length > 0, `${how} the home page opens under /archive/`);
	await page.type('input[name="q"]', '劳模');
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
	const u = new URL(page.url());
	check(u.href.startsWith(base + 'search.html?') && u.searchParams.get('q') === '劳模',
		`${how} the home search box leads to search.html?q=劳模`);
	const r = await results(page);
	check(r.status === `找到 ${wantHome.size} 篇文章` && same(new Set(r.ids), wantHome),
		`${how} the home search box finds the ${wantHome.size} articles ("${r.status}")`);
	await page.setViewport({ width: 1200, height: 1400 });
	await page.goto('file://' + site + '/search.html?q=' + encodeURIComponent(term));
	await results(page);
	await page.screenshot({ path: path.join(os.tmpdir(), `baokan-search-${name}.png`) });
	await page.close();
	check(errors.length === 0, `${name} no script errors` + (errors.length ? ': ' + errors.slice(0, 3).join('; ') : ''));
});
await finish();
