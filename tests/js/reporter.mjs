// tests/js/reporter.mjs: a node:test reporter that prints the house
// format tests/run.sh counts ("ok - what", "FAIL - what", "skip - what"):
//   node --test --test-reporter=./tests/js/reporter.mjs tests/js/
export default async function* reporter(source) {
	for await (const ev of source) {
		const d = ev.data || {};
		if (ev.type === 'test:pass') {
			if (d.details && d.details.type === 'suite')
				continue;
			if (d.skip)
				yield `skip - ${d.name}${typeof d.skip === 'string' ? ': ' + d.skip : ''}\n`;
			else
				yield `ok - ${d.name}\n`;
		} else if (ev.type === 'test:fail') {
			const err = d.details && d.details.error;
			const why = err ? String((err.cause && (err.cause.stack || err.cause)) || err.stack || err) : '';
			yield `FAIL - ${d.name}\n` + why.split('\n').slice(0, 20).map((l) => '#   ' + l + '\n').join('');
		}
	}
}
