// tests/browser/search-queries.mjs: the search page of the built site in
// headless chromium and firefox, from file:// and over HTTP under a
// sub-path: simplified and traditional queries, several terms, a filter
// with no query, sorting by date, paging, the highlight, the no-result
// message, the keyboard, and that each result opens its article.  Every
// count is checked against the truth from scanning the parsed text of the
// sample pages (lib.mjs).  Prints "ok - BROWSER WHERE ..." lines.
import {
	buildSite, check, eachBrowser, finish, markedExactly, navigate, openPage, readArticles, results,
	same, serve, truth,
} from './lib.mjs';

const { tmp, site } = buildSite();
const articles = readArticles();
const byId = new Map(articles.map((a) => [a.id, a]));
const bases = [['file://', 'file://' + site + '/'], ['http sub-path', await serve(tmp)]];

const multi = '工会 职工';
const want = { simp: truth(articles, '劳模'), multi: truth(articles, multi) };
check(want.simp.size >= 2 && want.simp.size <= 10,
	`the sample pages hold 劳模 in ${want.simp.size} articles (one page)`);
check(want.multi.size > 20, `"${multi}" matches ${want.multi.size} articles, more than a page or two`);
const byProv = new Map();
for (const a of articles)
	if (a.province)
		byProv.set(a.province, (byProv.get(a.province) || 0) + 1);
const [prov, provN] = [...byProv].sort((x, y) => y[1] - x[1])[0];
const wantBoth = [...want.multi].filter((id) => byId.get(id).province === prov);
const none = '段简';
check(truth(articles, none).size === 0, `no sample page holds ${none}`);

await eachBrowser(async (browser, name) => {
	const errors = [];
	for (const [where, base] of bases) {
		const how = `${name} ${where}`;
		const page = await openPage(browser, how, errors);
		const go = async (qs) => {
			await page.goto(base + 'search.html?' + qs);
			return results(page);
		};

		// Simplified, then traditional characters: the same articles.
		let r = await go('q=' + encodeURIComponent('劳模'));
		check(r.status === `找到 ${want.simp.size} 篇文章` && same(new Set(r.ids), want.simp),
			`${how} 劳模 finds exactly the ${want.simp.size} articles that hold it`);
		check(await markedExactly(page, ['劳模']), `${how} 劳模 highlighted on exactly those characters`);
		const simpIds = r.ids;
		r = await go('q=' + encodeURIComponent('勞模'));
		check(r.status === `找到 ${want.simp.size} 篇文章` && r.ids.join() === simpIds.join(),
			`${how} traditional 勞模 finds the same articles in the same order`);
		check(await markedExactly(page, ['劳模']), `${how} 勞模 highlights the text's 劳模 and only it`);
		check(new URL(page.url()).searchParams.get('q') === '勞模', `${how} the query lives in the URL`);

		// Several terms narrow; the first page, then the next.
		r = await go('q=' + encodeURIComponent(multi));
		check(r.status === `找到 ${want.multi.size} 篇文章` && r.ids.length > 0 &&
			r.ids.length < want.multi.size && r.ids.every((id) => want.multi.has(id)),
			`${how} "${multi}" counts ${want.multi.size} and shows a page of them`);
		check(await markedExactly(page, ['工会', '职工']), `${how} each mark is one of the terms, none missed`);
		check(r.next, `${how} a next-page link`);
		const firstPage = r.ids;
		await page.click('#results a[rel=next]');
		await page.waitForFunction((t) => {
			const a = document.querySelector('#results h2 a');
			return a && !a.getAttribute('href').endsWith(t + '.html');
		}, {}, firstPage[0]);
		r = await results(page);
		check(new URL(page.url()).searchParams.get('page') === '2' && r.ids.length > 0 &&
			r.ids.every((id) => want.multi.has(id) && !firstPage.includes(id)),
			`${how} page 2 holds the next articles`);

		// Sorted by date: newest first.
		r = await go('q=' + encodeURIComponent(multi) + '&sort=date');
		check(r.dates.length === firstPage.length &&
			r.dates.every((d, i) => i === 0 || r.dates[i - 1] >= d),
			`${how} sort=date lists newest first`);
		check(await page.$eval('#sort', (s) => s.value) === 'date', `${how} the sort select shows date`);

		// A filter with no query browses.
		r = await go('region=' + encodeURIComponent(prov));
		check(r.status === `找到 ${provN} 篇文章` && r.ids.length === Math.min(provN, firstPage.length) &&
			r.ids.every((id) => byId.get(id).province === prov),
			`${how} region=${prov} alone lists its ${provN} articles`);
		// A filter narrows a query.
		r = await go('q=' + encodeURIComponent(multi) + '&region=' + encodeURIComponent(prov));
		check(r.status === `找到 ${wantBoth.length} 篇文章` && r.ids.every((i) => wantBoth.includes(i)) &&
			r.ids.length === Math.min(wantBoth.length, firstPage.length),
			`${how} "${multi}" in ${prov}: ${wantBoth.length} articles`);

		// Nothing found says so plainly.
		r = await go('q=' + encodeURIComponent(none));
		check(r.status === `没有找到包含“${none}”的文章` && r.ids.length === 0,
			`${how} no match says so: "${r.status}"`);

		// The keyboard: type, Enter, Tab to the first result, Enter opens it.
		await page.goto(base + 'search.html');
		await results(page);
		await page.focus('#q');
		await page.keyboard.type('勞模');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => !/请输入/.test(document.getElementById('status').textContent));
		r = await results(page);
		check(r.status === `找到 ${want.simp.size} 篇文章` && r.ids.join() === simpIds.join(),
			`${how} typed 勞模 and Enter search`);
		// Tab order: past the form, the first thing in #results is the
		// first result's link.
		await page.focus('#sort');
		let tabs = 0;
		while (tabs < 20 && !(await page.evaluate(() =>
			document.activeElement && document.activeElement.closest('#results') !== null))) {
			await page.keyboard.press('Tab');
			tabs++;
		}
		const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
		if (check(r.ids.length > 0 && focused === r.hrefs[0],
			`${how} Tab from the form reaches the first result (${tabs} presses)`)) {
			const id = r.ids[0];
			const h1 = await navigate(page, () => page.keyboard.press('Enter'));
			check(page.url().endsWith(id + '.html') && h1 === byId.get(id).title,
				`${how} Enter on the first result opens its article ("${h1}")`);
		} else {
			check(false, `${how} Enter on the first result opens its article (no first result)`);
		}
		await page.close();
	}
	check(errors.length === 0, `${name} no script errors` + (errors.length ? ': ' + errors.slice(0, 3).join('; ') : ''));
});
await finish();
